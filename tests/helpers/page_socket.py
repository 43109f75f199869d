"""A fake record page on the page WebSocket of an in-process server (aiohttp's test client)."""

from __future__ import annotations

import asyncio
from typing import Any

from aiohttp import web
from aiohttp.test_utils import TestClient

WIDGET = "http://127.0.0.1:9999/"
Client = TestClient[web.Request, web.Application]


def own_origin(client: Client) -> str:
    return f"http://127.0.0.1:{client.port}"


async def open_page(client: Client) -> tuple[Any, dict[str, Any]]:
    """A fake record page: connects, says hello, returns the socket and the server's hello."""
    ws = await client.ws_connect("/ws", headers={"Origin": own_origin(client)})
    await ws.send_json({"kind": "hello", "widgetUrl": WIDGET, "page": "record"})
    hello = await receive_kind(ws, "hello")
    return ws, hello


async def receive_kind(ws: Any, kind: str) -> dict[str, Any]:
    while True:
        message = await asyncio.wait_for(ws.receive_json(), 5)
        if message["kind"] == kind:
            return message  # type: ignore[no-any-return]
