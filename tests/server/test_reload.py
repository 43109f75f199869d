"""Live reload: change sets from the watcher reload the widget, re-validate scenarios and fixtures (no watchfiles)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Sequence
from pathlib import Path
from typing import Any

from watchfiles import Change

from simulator.server.app import create_app
from simulator.server.appkeys import CRM
from simulator.server.reload import merged
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


async def test_batches_that_follow_each_other_closely_are_one_reload() -> None:
    async def build_writes_50_files() -> AsyncIterator[set[tuple[Change, str]]]:
        for chunk in range(10):  # watchfiles hands over a long build in several batches
            yield {(Change.added, f"/w/dist/chunk-{chunk}-{n}.js") for n in range(5)}
            await asyncio.sleep(0.02)
        await asyncio.sleep(0.5)
        yield {(Change.modified, "/w/index.html")}

    batches = [batch async for batch in merged(build_writes_50_files(), quiet=0.12)]
    assert [len(batch) for batch in batches] == [50, 1]


def _scenario(name: str) -> str:
    return f"name: {name}\nsteps:\n  - expect: INITIALIZED\n"


async def _dev_app(aiohttp_client: Any, tmp_path: Path, **settings: Any) -> tuple[Any, PreparedChanges]:
    changes = PreparedChanges()
    app = create_app(Settings(port=0, watch_sources=True, **settings), sample_widget_url=WIDGET, watcher=changes)
    return await aiohttp_client(app), changes


async def test_a_broken_scenario_edit_shows_its_error_and_keeps_the_last_valid_version(
    aiohttp_client: Any, tmp_path: Path
) -> None:
    folder = tmp_path / "scenarios"
    folder.mkdir()
    edited = folder / "edited.yaml"
    edited.write_text(_scenario("Before the edit"))
    client, changes = await _dev_app(aiohttp_client, tmp_path, scenarios_dir=folder)
    assert changes.watched == (folder.resolve(),)
    ws, _ = await open_page(client)
    edited.write_text("name: After the edit\nsteps:\n  - expct: INITIALIZED\n")
    await changes.queue.put({(Change.modified, str(edited))})
    pushed = await receive_kind(ws, "scenarios")
    assert pushed["errors"] and pushed["errors"][0].startswith(f"{edited}:3:")
    assert [(s["name"], s["stale"]) for s in pushed["scenarios"]] == [("Before the edit", True)]
    listed = await (await client.get("/api/scenarios")).json()
    assert listed == {"scenarios": pushed["scenarios"], "errors": pushed["errors"]}
    # The player still runs the version that was valid.
    await ws.send_json({"kind": "scenario_start", "file": "edited.yaml", "stepwise": False})
    assert (await receive_kind(ws, "scenario_status"))["name"] == "Before the edit"
    await ws.send_json({"kind": "scenario_stop"})

    edited.write_text(_scenario("Fixed"))
    (folder / "new.yml").write_text(_scenario("Brand new"))
    await changes.queue.put({(Change.modified, str(edited)), (Change.added, str(folder / "new.yml"))})
    pushed = await receive_kind(ws, "scenarios")
    assert pushed["errors"] == []
    assert [(s["file"], s["name"], s["stale"]) for s in pushed["scenarios"]] == [
        ("edited.yaml", "Fixed", False),
        ("new.yml", "Brand new", False),
    ]
    (folder / "new.yml").unlink()
    await changes.queue.put({(Change.deleted, str(folder / "new.yml"))})
    pushed = await receive_kind(ws, "scenarios")
    assert [s["file"] for s in pushed["scenarios"]] == ["edited.yaml"]
    await ws.close()


async def test_a_scenario_change_does_not_reload_the_widget(aiohttp_client: Any, tmp_path: Path) -> None:
    folder = tmp_path / "scenarios"
    folder.mkdir()
    (folder / "a.yaml").write_text(_scenario("A"))
    widget = tmp_path / "widget"
    widget.mkdir()
    client, changes = await _dev_app(aiohttp_client, tmp_path, scenarios_dir=folder, watch=(widget,))
    ws, hello = await open_page(client)
    (folder / "a.yaml").write_text(_scenario("A, renamed"))
    await changes.queue.put({(Change.modified, str(folder / "a.yaml"))})
    await receive_kind(ws, "scenarios")
    await changes.queue.put({(Change.modified, str(widget / "app.js"))})
    await receive_kind(ws, "reload_widget")
    log = await (await client.get(f"/api/sessions/{hello['session']}/log")).json()
    assert [e["text"] for e in log["entries"] if e["type"] == "RELOAD"] == ["changed: app.js; reloading the widget"]
    await ws.close()


CONTACT = "contacts:\n  - {{id: {id}, first_name: {name}, last_name: Test, phones: [{{number: '617-555-01{id}'}}]}}\n"


async def test_fixtures_are_swapped_in_when_valid_and_kept_when_broken(aiohttp_client: Any, tmp_path: Path) -> None:
    fixtures = tmp_path / "crm.yaml"
    fixtures.write_text(CONTACT.format(id=11, name="Old"))
    client, changes = await _dev_app(aiohttp_client, tmp_path, fixtures=fixtures, scenarios_dir=tmp_path)
    ws, hello = await open_page(client)
    crm = client.app[CRM]
    fixtures.write_text("contacts:\n  - {id: 12, first_name: Broken}\n")
    await changes.queue.put({(Change.modified, str(fixtures))})
    entry = await _note(ws, "FIXTURES")
    assert entry["severity"] == "error" and entry["text"].startswith(f"{fixtures}:2:")
    assert sorted(crm.contacts) == [11]
    fixtures.write_text(CONTACT.format(id=12, name="New"))
    await changes.queue.put({(Change.modified, str(fixtures))})
    entry = await _note(ws, "FIXTURES")
    assert entry.get("severity") is None and "1 contacts" in entry["text"]
    assert sorted(crm.contacts) == [12] and crm.contacts[12].first_name == "New"
    await ws.close()


async def _note(ws: Any, note_type: str) -> dict[str, Any]:
    while True:
        entry = (await receive_kind(ws, "entry"))["entry"]
        if entry["type"] == note_type:
            return entry  # type: ignore[no-any-return]
