"""A real `callsim serve --data-dir`: an engagement made through the page socket and a session log survive a restart."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import aiohttp

from simulator.store import Store
from tests.helpers.live_server import LiveServer, api, start_live_server, stop_live_server, wait_until

WIDGET = "http://127.0.0.1:9999/"
ORIGIN = WIDGET.rstrip("/")


async def call_through_the_page(server: LiveServer, call_id: str) -> tuple[str, int]:
    """A fake record page: handshake, sign in, start a call that asks for an engagement; returns the session id."""
    async with (
        aiohttp.ClientSession() as http,
        http.ws_connect(server.url + "/ws", headers={"Origin": server.url}) as ws,
    ):
        await ws.send_json({"kind": "hello", "widgetUrl": WIDGET, "page": "record"})
        hello: dict[str, Any] = {}
        while hello.get("kind") != "hello":
            hello = await asyncio.wait_for(ws.receive_json(), 5)
        sync = {"type": "SYNC", "messageId": f"{hello['instanceId']}_1", "hostUrl": server.url}
        widget_messages = [
            {**sync, "type": "SYNC_ACK", "version": "0.9.6", "iFrameUrl": ORIGIN},
            {"type": "INITIALIZED", "messageId": "1700000009999_1", "data": {"isLoggedIn": True}},
            {
                "type": "OUTGOING_CALL_STARTED",
                "messageId": "1700000009999_2",
                "data": {"externalCallId": call_id, "toNumber": "+16175550100", "createEngagement": True},
            },
        ]
        await ws.send_json({"kind": "iframe_load", "url": WIDGET})
        await ws.send_json({"kind": "sync_sent", "message": sync, "dropped": False})
        for message in widget_messages:
            await ws.send_json({"kind": "received", "message": message, "origin": ORIGIN})
        session_id = str(hello["session"])
        engagement = wait_until(lambda: engagement_of(server, session_id))
        # Read while the page is open: when it closes, the unfinished call becomes a ghost and is no longer active.
        return session_id, int(engagement)  # type: ignore[call-overload]


def engagement_of(server: LiveServer, session_id: str) -> int | None:
    active = api(server, f"/api/sessions/{session_id}")["state"].get("activeCall") or {}
    return active.get("engagementId")


def started(server: LiveServer) -> str:
    """All the start banner (the URL lines come first; the data lines may still be on their way)."""
    wait_until(lambda: "press Ctrl-C" in server.text())
    return server.text()


def test_engagements_and_session_logs_survive_a_restart(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    server = start_live_server("--data-dir", str(data_dir), "--quiet")
    try:
        assert f"callsim: data          {data_dir}" in started(server)
        session_id, first = asyncio.run(call_through_the_page(server, "before-restart"))
    finally:
        stop_live_server(server)

    server = start_live_server("--data-dir", str(data_dir), "--quiet")
    try:
        assert "seeded" not in started(server)  # the records came from the data dir this time
        log = api(server, f"/api/sessions/{session_id}/log")  # a session of the previous run
        assert "OUTGOING_CALL_STARTED" in [e["type"] for e in log["entries"]]
        assert log["last"] == log["entries"][-1]["seq"]
        _, second = asyncio.run(call_through_the_page(server, "after-restart"))
        assert second == first + 1  # ids continue from the highest stored
    finally:
        stop_live_server(server)

    store = Store.open(data_dir)
    try:
        calls = {e.external_call_id: e.id for e in store.load_crm().engagements.values()}
        assert calls == {"before-restart": first, "after-restart": second}
    finally:
        store.close()
