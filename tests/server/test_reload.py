"""Live reload: a change set from the watcher reloads the widget in every open page (no real file watching)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Sequence
from pathlib import Path
from typing import Any

from watchfiles import Change

from simulator.server.app import create_app
from simulator.settings import Settings
from tests.helpers.page_socket import WIDGET, open_page, receive_kind


class PreparedChanges:
    """A watcher that yields the change sets a test puts in, then waits forever."""

    def __init__(self) -> None:
        self.queue: asyncio.Queue[set[tuple[Change, str]]] = asyncio.Queue()
        self.watched: Sequence[Path] = ()

    def __call__(self, paths: Sequence[Path]) -> AsyncIterator[set[tuple[Change, str]]]:
        self.watched = paths
        return self.changes()

    async def changes(self) -> AsyncIterator[set[tuple[Change, str]]]:
        while True:
            yield await self.queue.get()


async def test_a_change_reloads_the_widget_in_every_open_page(aiohttp_client: Any, tmp_path: Path) -> None:
    changes = PreparedChanges()
    app = create_app(Settings(port=0, watch=(tmp_path,)), sample_widget_url=WIDGET, watcher=changes)
    client = await aiohttp_client(app)
    first, hello = await open_page(client)
    second, _ = await open_page(client)
    assert changes.watched == (tmp_path,)
    await changes.queue.put({(Change.modified, str(tmp_path / "widget.js"))})
    for ws in (first, second):
        assert (await receive_kind(ws, "reload_widget"))["kind"] == "reload_widget"
    log = await (await client.get(f"/api/sessions/{hello['session']}/log")).json()
    assert any(e["type"] == "RELOAD" and "widget.js" in e["text"] for e in log["entries"])
    await first.close()
    await second.close()


async def test_changes_inside_node_modules_are_ignored(aiohttp_client: Any, tmp_path: Path) -> None:
    changes = PreparedChanges()
    app = create_app(Settings(port=0, watch=(tmp_path,)), sample_widget_url=WIDGET, watcher=changes)
    client = await aiohttp_client(app)
    ws, hello = await open_page(client)
    await changes.queue.put({(Change.added, str(tmp_path / "node_modules" / "x" / "index.js"))})
    await changes.queue.put({(Change.modified, str(tmp_path / "app.css"))})
    await receive_kind(ws, "reload_widget")
    log = await (await client.get(f"/api/sessions/{hello['session']}/log")).json()
    reloads = [e["text"] for e in log["entries"] if e["type"] == "RELOAD"]
    assert reloads == ["changed: app.css; reloading the widget"]
    await ws.close()
