"""The page socket's writer: what one tick queued goes out with the log entries last, each kind in its order."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import pytest

from simulator.server.app import create_app
from simulator.settings import Settings
from tests.helpers.page_socket import WIDGET, Client, open_page


@pytest.fixture
async def client(aiohttp_client: Any) -> Client:
    app = create_app(Settings(port=0), sample_widget_url=WIDGET)
    return await aiohttp_client(app)  # type: ignore[no-any-return]


async def messages_until_quiet(ws: Any) -> list[dict[str, Any]]:
    got = []
    while True:
        try:
            got.append(json.loads((await asyncio.wait_for(ws.receive(), 0.3)).data))
        except TimeoutError:
            return got


async def test_an_injected_events_post_reaches_the_page_before_its_log_entry(client: Client) -> None:
    ws, _ = await open_page(client)
    await messages_until_quiet(ws)
    await ws.send_json({"kind": "inject", "type": "CALLSIM_BENCH_PING", "data": {}})
    await ws.send_json({"kind": "inject", "type": "CALLSIM_BENCH_PONG", "data": {}})
    got = await messages_until_quiet(ws)
    posts = [m["message"] for m in got if m["kind"] == "post"]
    entries = [m["entry"] for m in got if m["kind"] == "entry"]
    assert [p["type"] for p in posts] == ["CALLSIM_BENCH_PING", "CALLSIM_BENCH_PONG"]
    assert [e["seq"] for e in entries] == sorted(e["seq"] for e in entries)  # every entry, in log order
    for post in posts:
        out = next(i for i, m in enumerate(got) if m["kind"] == "entry" and m["entry"].get("message") == post)
        assert got.index({"kind": "post", "message": post}) < out
    await ws.close()


async def test_hello_still_comes_first(client: Client) -> None:
    ws = await client.ws_connect("/ws", headers={"Origin": f"http://127.0.0.1:{client.port}"})
    await ws.send_json({"kind": "hello", "widgetUrl": WIDGET, "page": "record"})
    got = await messages_until_quiet(ws)
    assert [m["kind"] for m in got][:1] == ["hello"]
    await ws.close()
