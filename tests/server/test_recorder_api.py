"""GET /api/sessions/{id}/scenario.yaml against a real in-process server (no browser)."""

from __future__ import annotations

from typing import Any

import pytest

from simulator.scenarios.parser import parse_scenario
from simulator.server.app import create_app
from simulator.settings import Settings
from tests.helpers.page_socket import WIDGET, Client, open_page


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
