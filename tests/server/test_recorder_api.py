"""GET /api/sessions/{id}/scenario.yaml against a real in-process server (no browser)."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from simulator.scenarios.model import ExpectStep
from simulator.scenarios.parser import parse_scenario
from simulator.server.app import create_app
from simulator.settings import Settings
from tests.helpers.page_socket import WIDGET, Client, open_page, own_origin, receive_kind


@pytest.fixture
async def client(aiohttp_client: Any) -> Client:
    app = create_app(Settings(port=0), sample_widget_url=WIDGET)
    return await aiohttp_client(app)  # type: ignore[no-any-return]


async def test_a_session_downloads_as_a_valid_scenario(client: Client) -> None:
    ws, hello = await open_page(client)
    response = await client.get(f"/api/sessions/{hello['session']}/scenario.yaml?name=My call")
    text = await response.text()
    assert response.status == 200 and response.content_type == "application/yaml"
    assert 'filename="My-call.yaml"' in response.headers["Content-Disposition"]
    scenario, errors = parse_scenario(text, "download.yaml")
    assert errors == [] and scenario is not None and scenario.name == "My call"
    assert scenario.widget is None and scenario.context.portal_id == 81431  # the sample widget: run's default
    await ws.close()


async def test_an_unknown_session_is_a_json_404(client: Client) -> None:
    response = await client.get("/api/sessions/nope/scenario.yaml")
    assert response.status == 404 and "no session 'nope'" in (await response.json())["error"]


async def _page_of_kind(client: Client, page: str) -> tuple[Any, dict[str, Any]]:
    ws = await client.ws_connect("/ws", headers={"Origin": own_origin(client)})
    await ws.send_json({"kind": "hello", "widgetUrl": WIDGET, "page": page})
    return ws, await receive_kind(ws, "hello")


async def _widget_says(ws: Any, message_type: str, data: dict[str, Any], number: int) -> None:
    message = {"type": message_type, "messageId": f"1_{number}", "data": data}
    await ws.send_json({"kind": "received", "message": message, "origin": "http://127.0.0.1:9999"})


async def test_the_users_tabs_and_window_opened_meanwhile_are_the_scenarios_surfaces(client: Client) -> None:
    first, hello = await open_page(client)
    await _widget_says(first, "INITIALIZED", {"isLoggedIn": False}, 1)
    second, _ = await _page_of_kind(client, "record")  # the same user's second record tab
    await _widget_says(second, "INITIALIZED", {"isLoggedIn": False}, 1)
    window, _ = await _page_of_kind(client, "window")
    await _widget_says(window, "INITIALIZED", {"isLoggedIn": True}, 1)
    await _widget_says(window, "LOGGED_IN", {}, 2)
    await asyncio.sleep(0.1)  # the server logs what the sockets carried
    text = await (await client.get(f"/api/sessions/{hello['session']}/scenario.yaml")).text()
    scenario, errors = parse_scenario(text, "download.yaml")
    assert errors == [] and scenario is not None, (errors, text)
    kinds = [step.kind for step in scenario.steps]
    assert kinds.index("open_tab") < kinds.index("open_window")
    expects = [(s.message_type, s.tab) for s in scenario.steps if isinstance(s, ExpectStep)]
    assert expects == [("INITIALIZED", 1), ("INITIALIZED", 2), ("INITIALIZED", "window"), ("LOGGED_IN", "window")]
    for ws in (first, second, window):
        await ws.close()
