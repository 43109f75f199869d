"""A page that goes away mid-call: the session's last word is HubSpot's (a ghost engagement, SDK issue #46)."""

from __future__ import annotations

import asyncio
from typing import Any

from simulator.server.app import create_app
from simulator.settings import Settings
from tests.helpers.page_socket import WIDGET, Client, open_page

ORIGIN = WIDGET.rstrip("/")


async def widget_says(ws: Any, message: dict[str, Any]) -> None:
    await ws.send_json({"kind": "received", "message": message, "origin": ORIGIN})


async def test_closing_the_page_mid_call_leaves_a_ghost_warning_in_the_log(aiohttp_client: Any) -> None:
    client: Client = await aiohttp_client(create_app(Settings(port=0), sample_widget_url=WIDGET))
    ws, hello = await open_page(client)
    sync_id = f"{hello['instanceId']}_1"
    await ws.send_json({"kind": "sync_sent", "message": {"type": "SYNC", "messageId": sync_id}})
    await widget_says(ws, {"type": "SYNC_ACK", "messageId": sync_id, "version": "0.9.7-beta.0", "iFrameUrl": ORIGIN})
    await widget_says(ws, {"type": "INITIALIZED", "messageId": "1700000000000_1", "data": {"isLoggedIn": True}})
    started = {"externalCallId": "call-1", "createEngagement": True, "toNumber": "+16175550100", "fromNumber": "+1"}
    await widget_says(ws, {"type": "OUTGOING_CALL_STARTED", "messageId": "1700000000000_2", "data": started})
    await ws.close()

    async def ghost_logged() -> list[dict[str, Any]]:
        while True:
            log = await (await client.get(f"/api/sessions/{hello['session']}/log")).json()
            ghosts = [e for e in log["entries"] if e.get("rule") == "call.ghost"]
            if ghosts:
                return ghosts
            await asyncio.sleep(0.02)

    ghosts = await asyncio.wait_for(ghost_logged(), 5)
    assert ghosts[0]["severity"] == "warning" and "call-1" in ghosts[0]["text"]
