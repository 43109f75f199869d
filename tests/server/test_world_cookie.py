"""A calling window the widget opens itself (window.open: no claim in its URL) joins the world of the played
scenario whose page opened it: the claimed page marks its browser context with a cookie. A real in-process server
and aiohttp's client, whose cookie jar plays the browser context's."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from simulator.server.app import create_app
from simulator.server.appkeys import SESSIONS
from simulator.server.page.session import Session
from simulator.server.page.sessions import WORLD_COOKIE, new_group
from simulator.settings import Settings
from tests.helpers.page_socket import WIDGET, Client, own_origin, receive_kind


@pytest.fixture
async def client(aiohttp_client: Any) -> Client:
    app = create_app(Settings(port=0), sample_widget_url=WIDGET)
    return await aiohttp_client(app)  # type: ignore[no-any-return]


def _session(client: Client, session_id: str) -> Session:
    session = client.app[SESSIONS].get(session_id)
    assert session is not None
    return session


async def _page(client: Client, page: str, claim: str | None = None) -> tuple[Any, str]:
    ws = await client.ws_connect("/ws", headers={"Origin": own_origin(client)})
    await ws.send_json({"kind": "hello", "widgetUrl": WIDGET, "page": page, **({"claim": claim} if claim else {})})
    return ws, (await receive_kind(ws, "hello"))["session"]


async def test_a_window_opened_from_a_played_scenarios_page_joins_its_world(client: Client) -> None:
    sessions = client.app[SESSIONS]
    group = new_group()
    claim = sessions.claim({"uses_calling_window": False}, None, None, group)
    page = await client.get(f"/contacts/51?claim={claim.token}")
    assert page.status == 200 and page.cookies[WORLD_COOKIE].value == group
    assert page.cookies[WORLD_COOKIE]["httponly"] and page.cookies[WORLD_COOKIE]["samesite"] == "Lax"
    record, record_id = await _page(client, "record", claim.token)
    window, window_id = await _page(client, "window")  # the popup's socket carries the context's cookie
    await asyncio.sleep(0)
    assert _session(client, record_id).group == _session(client, window_id).group == group
    assert _session(client, window_id) in sessions.linked(_session(client, record_id))
    for ws in (record, window):
        await ws.close()


async def test_pages_by_hand_and_unclaimed_record_pages_keep_no_world(client: Client) -> None:
    plain = await client.get("/contacts/51")
    assert WORLD_COOKIE not in plain.cookies  # only a played scenario's page marks its context
    window, window_id = await _page(client, "window")
    assert _session(client, window_id).group is None
    client.session.cookie_jar.update_cookies({WORLD_COOKIE: new_group()})
    record, record_id = await _page(client, "record")  # a record page has its own claim or none: never the cookie's
    assert _session(client, record_id).group is None
    for ws in (window, record):
        await ws.close()
