"""Live reload (watchfiles): widget files reload the widget in every open page; scenario files and fixtures are
re-validated and swapped in only when valid."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from aiohttp import web
from watchfiles import Change, awatch

from simulator.errors import FixturesError
from simulator.hubspot.crm.fixture_parser import load_fixtures, load_records
from simulator.hubspot.crm.portal import Crm
from simulator.paths import SCENARIOS_DIR
from simulator.server.appkeys import CRM, SESSIONS, SETTINGS
from simulator.server.page import page_protocol
from simulator.server.page.library import LIBRARY, ScenarioLibrary
from simulator.server.page.sessions import Sessions

ChangeSet = set[tuple[Change, str]]
ChangeSets = AsyncIterator[ChangeSet]
Watcher = Callable[[Sequence[Path]], ChangeSets]
Say = Callable[[str], None]
IGNORED_PARTS = {"node_modules", ".git", "__pycache__"}
# watchfiles groups what arrives within 150 ms; a build writing files for longer still reloads once, because
# batches that follow each other within this quiet time are merged.
QUIET_S = 0.3  # a build paused by a busy machine (CI, a 2-core laptop) for a moment still reloads once
SHOWN_NAMES = 5


def watch_files(paths: Sequence[Path]) -> ChangeSets:
    """The real watcher; tests pass a tiny iterator of prepared change sets instead."""
    return awatch(*paths, debounce=150, step=50)


def _ignored(path: str) -> bool:
    return bool(IGNORED_PARTS & set(Path(path).parts))


def _relevant(changes: ChangeSet) -> list[str]:
    return sorted({Path(path).name for _, path in changes if not _ignored(path)})


def shown(names: Sequence[str]) -> str:
    """A short list of file names for a log line."""
    more = len(names) - SHOWN_NAMES
    return ", ".join(names[:SHOWN_NAMES]) + (f" and {more} more" if more > 0 else "")


async def merged(changes: ChangeSets, quiet: float = QUIET_S) -> ChangeSets:
    """Batches that arrive within `quiet` seconds of each other, as one."""
    queue: asyncio.Queue[ChangeSet | None] = asyncio.Queue()

    async def pump() -> None:
        try:
            async for batch in changes:
                queue.put_nowait(batch)
        finally:
            queue.put_nowait(None)

    task = asyncio.get_running_loop().create_task(pump())
    try:
        while (batch := await queue.get()) is not None:
            done = False
            while not done:
                try:
                    more = await asyncio.wait_for(queue.get(), quiet)
                except TimeoutError:
                    break
                done = more is None
                batch = batch | (more or set())
            yield batch
            if done:
                return
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task


def reload_widgets(sessions: Sessions, names: Sequence[str], say: Say | None = None) -> None:
    """Reload the widget in every live page (a fresh page means a fresh handshake); the log stays."""
    live = sessions.live()
    for session in live:
        session.log.append("note", "RELOAD", text=f"changed: {shown(names)}; reloading the widget")
        session.notify_page(page_protocol.reload_widget())
    if say:
        say(f"callsim: changed       {shown(names)} → reloading the widget in {len(live)} open page(s)")


async def reload_on_changes(changes: ChangeSets, sessions: Sessions) -> None:
    """For each batch of changes, reload the widget in every live page."""
    async for batch in merged(changes):
        if names := _relevant(batch):
            reload_widgets(sessions, names)


class FixtureReloader:
    """Swaps a changed fixtures file's records into the CRM when it parses; records made at run time stay."""

    def __init__(self, crm: Crm, path: Path) -> None:
        self.crm, self.path = crm, path
        contacts, companies = load_records(path)
        self._ids = ({c.id for c in contacts}, {c.id for c in companies})

    def reload(self) -> str:
        """Apply the file; raises FixturesError (file:line) and keeps the records as they were."""
        fixtures = load_fixtures(self.path)
        contacts, companies = fixtures.contacts, fixtures.companies
        old_contacts, old_companies = self._ids
        for gone in old_contacts - {c.id for c in contacts}:
            self.crm.contacts.pop(gone, None)
        for gone in old_companies - {c.id for c in companies}:
            self.crm.companies.pop(gone, None)
        self.crm.contacts.update({c.id: c for c in contacts})
        self.crm.companies.update({c.id: c for c in companies})
        self._ids = ({c.id for c in contacts}, {c.id for c in companies})
        self.crm.set_custom_objects(fixtures.custom_types, fixtures.custom_records)
        custom = f" (and {len(fixtures.custom_records)} custom-object records)" if fixtures.custom_records else ""
        return f"fixtures {self.path.name}: {len(contacts)} contacts and {len(companies)} companies{custom} reloaded"


@dataclass(frozen=True)
class Sources:
    """Scenario files and fixtures the dev server re-validates on change."""

    library: ScenarioLibrary
    fixtures: Path | None
    reloader: FixtureReloader | None = None

    def paths(self) -> tuple[Path, ...]:
        # A file's folder, not the file: editors save by renaming, which a watch on the file itself loses.
        folders = [self.library.folder] + ([self.fixtures.parent] if self.fixtures else [])
        return tuple(dict.fromkeys(p.resolve() for p in folders if p.is_dir()))

    def owns(self, path: str) -> bool:
        resolved = Path(path).resolve()
        return resolved.parent == self.library.folder.resolve() or self.is_fixtures(path)

    def is_fixtures(self, path: str) -> bool:
        return self.fixtures is not None and Path(path).resolve() == self.fixtures.resolve()


def _print(line: str) -> None:
    print(line, flush=True)


def _below(path: str, roots: Sequence[Path]) -> bool:
    resolved = Path(path).resolve()
    return any(resolved.is_relative_to(root) for root in roots)


async def dev_watch(
    changes: ChangeSets,
    sessions: Sessions,
    widget_roots: Sequence[Path],
    sources: Sources | None = None,
    say: Say | None = None,
) -> None:
    """Route each merged batch: widget files reload the widget; scenario files and fixtures are re-validated."""
    fixtures = sources.reloader if sources else None
    roots = [root.resolve() for root in widget_roots]
    async for batch in merged(changes):
        source_paths = {path for _, path in batch if sources and sources.owns(path)}
        widget = _relevant({(c, path) for c, path in batch if path not in source_paths and _below(path, roots)})
        if sources and any(not sources.is_fixtures(path) for path in source_paths):
            report = sources.library.refresh()
            if report:
                for line in report:
                    (say or _print)(f"callsim: {line}")
                listing = sources.library.listing()
                for session in sessions.live():
                    session.notify_page(page_protocol.scenarios(listing["scenarios"], listing["errors"]))
        if fixtures and any(sources.is_fixtures(path) for path in source_paths if sources):
            _reload_fixtures(fixtures, sessions, say or _print)
        if widget:
            reload_widgets(sessions, widget, say)


def _reload_fixtures(fixtures: FixtureReloader, sessions: Sessions, say: Say) -> None:
    try:
        text, severity = fixtures.reload(), None
    except FixturesError as error:
        text, severity = f"{error} (the records as they were stay in use)", "error"
    say(f"callsim: {text}")
    for session in sessions.live():
        session.log.append("note", "FIXTURES", severity=severity, text=text)


def install_live_reload(app: web.Application, watcher: Watcher = watch_files) -> None:
    """Watch what the settings name for the app's lifetime (call before the app starts)."""
    settings = app[SETTINGS]
    sources = None
    if settings.watch_sources:
        library = ScenarioLibrary(settings.scenarios_dir or SCENARIOS_DIR)
        app[LIBRARY] = library
        reloader = FixtureReloader(app[CRM], settings.fixtures) if settings.fixtures else None
        sources = Sources(library, settings.fixtures, reloader)
    paths = tuple(settings.watch) + (sources.paths() if sources else ())
    say = _print if settings.watch_sources else None  # `serve` prints what reloaded; tests' apps stay quiet

    async def context(app: web.Application) -> AsyncIterator[None]:
        work = dev_watch(watcher(paths), app[SESSIONS], settings.watch, sources, say)
        task = asyncio.get_running_loop().create_task(work)
        yield
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task

    app.cleanup_ctx.append(context)


def live_reload(
    paths: Sequence[Path], watcher: Watcher = watch_files
) -> Callable[[web.Application], AsyncIterator[None]]:
    """A cleanup_ctx that runs the widget watcher for the app's lifetime."""

    async def context(app: web.Application) -> AsyncIterator[None]:
        task = asyncio.get_running_loop().create_task(reload_on_changes(watcher(paths), app[SESSIONS]))
        yield
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task

    return context
