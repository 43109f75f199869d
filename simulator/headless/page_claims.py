"""A page's claimed session: load the page's URL and wait for the session its hello names (server/page/sessions.py)."""

from __future__ import annotations

import asyncio
from typing import Any

from simulator.errors import CallsimError
from simulator.server.page.session import Session
from simulator.server.page.sessions import Claim, Sessions


class SessionNotOpened(CallsimError):
    """The record page loaded (or not) but never said hello; `page` is kept for a screenshot."""

    def __init__(self, message: str, page: Any) -> None:
        super().__init__(message)
        self.page = page


async def claimed(sessions: Sessions, claim: Claim, page: Any, url: str, timeout: float) -> Session:
    """Load `url` in `page` and wait for the claimed session (released either way)."""
    try:
        loading = asyncio.ensure_future(page.goto(url))
        await asyncio.wait({loading, claim.session}, timeout=timeout, return_when="FIRST_COMPLETED")
        if not claim.session.done() and loading.done() and not loading.exception():  # loaded; the hello may follow
            await asyncio.wait({claim.session}, timeout=timeout)
        await loading  # the scenario starts on a loaded page (a failed load is the caller's error)
        if not claim.session.done():
            message = f"the record page did not open a session within {timeout:g} s (is the server reachable?)"
            raise SessionNotOpened(message, page)
        return claim.session.result()
    finally:
        sessions.release(claim)
