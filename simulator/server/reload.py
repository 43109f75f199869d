"""Live reload: when the widget's source files change, every open record page reloads its widget (watchfiles)."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Callable, Sequence
from pathlib import Path

from aiohttp import web
from watchfiles import Change, awatch

from simulator.server import page_protocol
from simulator.server.appkeys import SESSIONS
from simulator.server.sessions import Sessions

ChangeSets = AsyncIterator[set[tuple[Change, str]]]
Watcher = Callable[[Sequence[Path]], ChangeSets]
IGNORED_PARTS = {"node_modules", ".git", "__pycache__"}


def watch_files(paths: Sequence[Path]) -> ChangeSets:
    """The real watcher; tests pass a tiny iterator of prepared change sets instead."""
    return awatch(*paths, debounce=150, step=50)


def _relevant(changes: set[tuple[Change, str]]) -> list[str]:
    names = {Path(path).name for _, path in changes if not IGNORED_PARTS & set(Path(path).parts)}
    return sorted(names)


async def reload_on_changes(changes: ChangeSets, sessions: Sessions) -> None:
    """For each batch of changes, reload the widget in every live page (a fresh page means a fresh handshake)."""
    async for batch in changes:
        names = _relevant(batch)
        if not names:
            continue
        shown = ", ".join(names[:5]) + (f" and {len(names) - 5} more" if len(names) > 5 else "")
        for session in sessions.live():
            session.log.append("note", "RELOAD", text=f"changed: {shown}; reloading the widget")
            session.notify_page(page_protocol.reload_widget())


def live_reload(
    paths: Sequence[Path], watcher: Watcher = watch_files
) -> Callable[[web.Application], AsyncIterator[None]]:
    """A cleanup_ctx that runs the watcher for the app's lifetime."""

    async def context(app: web.Application) -> AsyncIterator[None]:
        task = asyncio.get_running_loop().create_task(reload_on_changes(watcher(paths), app[SESSIONS]))
        yield
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task

    return context
