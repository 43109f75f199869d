"""When Python's cyclic garbage collector may pause the server.

A full (generation 2) collection walks every tracked object; with 1,000 page sessions that took 40-115 ms and
was the whole p99 of the relay at 1,000 events/s (bench/load.py). Long-lived objects (sessions, their hosts and
logs) are moved out of the collector's reach once a second with `gc.freeze()`, so a collection only walks what is
new. Cyclic garbage among frozen objects is then kept until `collect_frozen` runs, which the server does when the
last live session closes or after every CLOSES_PER_FULL_COLLECTION closed sessions: a pause at a quiet moment
instead of in the middle of a call.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
from collections.abc import AsyncIterator

from aiohttp import web

FREEZE_EVERY_SECONDS = 1.0
CLOSES_PER_FULL_COLLECTION = 100


class GcPolicy:
    """Counts closed sessions and decides when the frozen heap is collected after all."""

    def __init__(self, active: bool = True) -> None:
        self.active = active  # False: this process's GC is not ours to freeze or collect (an embedded app)
        self.closed_since_collection = 0

    def session_closed(self, live_sessions: int) -> None:
        if not self.active:
            return
        self.closed_since_collection += 1
        if live_sessions == 0 or self.closed_since_collection >= CLOSES_PER_FULL_COLLECTION:
            self.collect_frozen()

    def collect_frozen(self) -> None:
        """One full collection over everything, frozen objects included."""
        self.closed_since_collection = 0
        if gc.get_freeze_count() == 0:
            return  # nothing frozen: the collector sees everything already
        gc.unfreeze()
        gc.collect()


GC_POLICY = web.AppKey("gc_policy", GcPolicy)


async def freeze_long_lived(app: web.Application) -> AsyncIterator[None]:
    """cleanup_ctx: freeze what survived the last second, for as long as the app runs."""

    async def freeze_forever() -> None:
        while True:
            await asyncio.sleep(FREEZE_EVERY_SECONDS)
            gc.freeze()

    task = asyncio.get_running_loop().create_task(freeze_forever())
    yield
    task.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await task
    gc.unfreeze()
