"""Bounded memory per session: RAM holds the newest entries, the control API reads older ones from the store."""

from __future__ import annotations

from typing import Any

from simulator import eventlog
from simulator.server.app import create_app
from simulator.server.appkeys import SESSIONS
from simulator.settings import Settings
from tests.helpers.page_socket import WIDGET, Client, open_page


async def test_entries_older_than_the_ram_window_come_back_from_the_store(aiohttp_client: Any) -> None:
    client: Client = await aiohttp_client(create_app(Settings(port=0), sample_widget_url=WIDGET))
    ws, hello = await open_page(client)
    session = client.app[SESSIONS].get(hello["session"])
    assert session is not None
    total = eventlog.MAX_ENTRIES + 500
    for index in range(total):
        direction: eventlog.Direction = "violation" if index % 100 == 0 else "note"
        session.log.append(direction, f"N{index}", rule="r" if direction == "violation" else None, severity="warning")
    assert len(session.log.entries) == eventlog.MAX_ENTRIES  # RAM is bounded
    log = await (await client.get(f"/api/sessions/{hello['session']}/log")).json()
    types = [e["type"] for e in log["entries"]]
    assert "N0" in types and f"N{total - 1}" in types  # the oldest, from the store, and the newest
    assert [e["seq"] for e in log["entries"]] == sorted(e["seq"] for e in log["entries"])
    recent = await (await client.get(f"/api/sessions/{hello['session']}/log?since={log['last'] - 3}")).json()
    assert [e["seq"] for e in recent["entries"]] == [log["last"] - 2, log["last"] - 1, log["last"]]
    violations = await (await client.get(f"/api/sessions/{hello['session']}/violations")).json()
    assert len([v for v in violations["violations"] if v["type"].startswith("N")]) == total // 100
    summary = await (await client.get(f"/api/sessions/{hello['session']}")).json()
    assert summary["violations"] >= total // 100
    await ws.close()
