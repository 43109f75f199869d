"""Soak: a widget that posts 3,000 malformed messages and a page socket fed 3,000 garbage frames leave the
session working, the server answering, and nothing in the server's log but warnings (no traceback)."""

from __future__ import annotations

import asyncio
import logging
import random
from typing import Any

import pytest

from simulator.server.app import create_app
from simulator.settings import Settings
from tests.helpers.page_socket import WIDGET, Client, open_page

ORIGIN = WIDGET.rstrip("/")
COUNT = 3_000  # each of the 13 message shapes and 14 frame shapes a few hundred times


@pytest.fixture
async def client(aiohttp_client: Any) -> Client:
    app = create_app(Settings(port=0), sample_widget_url=WIDGET)
    return await aiohttp_client(app)  # type: ignore[no-any-return]


def malformed_messages(rng: random.Random) -> list[Any]:
    """What a broken widget might post: not objects, objects without a type, wrong field types, huge ids."""
    shapes: list[Any] = [
        None,
        "just a string",
        42,
        [1, 2, 3],
        {},
        {"type": None},
        {"type": 7, "messageId": []},
        {"type": "CALL_ENDED", "data": "not an object"},
        {"type": "OUTGOING_CALL_STARTED", "messageId": "x", "data": {"toNumber": {"nested": True}}},
        {"type": "SYNC_ACK", "messageId": 12, "version": ["0"]},
        {"type": "ERROR", "data": {"message": None}},
        {"type": "x" * 5000, "messageId": "1_1"},
        {"type": "CALL_ANSWERED", "data": {"externalCallId": 3.5}},
    ]
    return [rng.choice(shapes) for _ in range(COUNT)]


def garbage_frames(rng: random.Random) -> list[str | bytes]:
    """Frames that are not page messages: not JSON, JSON that is not an object, unknown kinds, deep nesting."""
    frames: list[str | bytes] = [
        "not json {",
        "",
        "[1, 2]",
        '"a string"',
        "null",
        '{"kind": 5}',
        '{"kind": "no-such-kind"}',
        '{"kind": "received"}',
        '{"kind": "sync_sent", "message": 3}',
        '{"kind": "iframe_load", "url": {"x": 1}}',
        '{"kind": "configure_host", "settings": [1]}',
        '{"kind": "dial", "record": "nope"}',
        "[" * 2000 + "]" * 2000,
        b"\x00\xff binary",
    ]
    return [rng.choice(frames) for _ in range(COUNT)]


async def drain(ws: Any, seen: list[dict[str, Any]]) -> None:
    """Read what the server pushes, so its writer never waits on this test."""
    async for msg in ws:
        if msg.type.name == "TEXT":
            seen.append(msg.json())


async def test_malformed_messages_and_garbage_frames_leave_the_session_working(
    client: Client, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING)
    rng = random.Random(12)
    ws, hello = await open_page(client)
    pushed: list[dict[str, Any]] = []
    reader = asyncio.get_running_loop().create_task(drain(ws, pushed))
    for message in malformed_messages(rng):
        await ws.send_json({"kind": "received", "message": message, "origin": ORIGIN})
    for frame in garbage_frames(rng):
        await (ws.send_bytes(frame) if isinstance(frame, bytes) else ws.send_str(frame))
    # A valid handshake afterwards is handled: the server logs it and the host is READY.
    sync = {"type": "SYNC", "messageId": f"{hello['instanceId']}_1", "hostUrl": "http://127.0.0.1"}
    await ws.send_json({"kind": "sync_sent", "message": sync, "dropped": False})
    ack = {"type": "SYNC_ACK", "messageId": sync["messageId"], "version": "0.9.7", "iFrameUrl": ORIGIN}
    await ws.send_json({"kind": "received", "message": ack, "origin": ORIGIN})

    async def ready() -> dict[str, Any]:
        while True:
            summary: dict[str, Any] = await (await client.get(f"/api/sessions/{hello['session']}")).json()
            if summary["handshake"] == "READY":
                return summary
            await asyncio.sleep(0.05)

    summary = await asyncio.wait_for(ready(), 20)
    assert summary["live"] and summary["messages"] > COUNT
    assert (await client.get("/api/sessions")).status == 200  # the server answers others too
    log = await (await client.get(f"/api/sessions/{hello['session']}/log")).json()
    types = [e["type"] for e in log["entries"]]
    assert "INTERNAL" not in types  # no page message made callsim fail
    assert types.count("PAGE_PROTOCOL") > 0 and types[-1] != "INTERNAL"
    await ws.close()
    reader.cancel()
    assert any(p.get("kind") == "entry" and p["entry"]["type"] == "SYNC_ACK" for p in pushed)
    assert not [r for r in caplog.records if r.exc_info or r.levelno >= logging.ERROR], caplog.text
