"""One worker's browser context and page, reused from scenario to scenario of a `callsim run`.

A new page costs Chromium a renderer process, and a new context an empty cache: about 60 % of a scenario's page
load on a 2-core machine (docs/performance.md "CPU per scenario"). Reusing them keeps what a scenario must not see
of the one before it away: each scenario still loads the record page and the widget anew, and between scenarios
the page leaves for about:blank, every origin it showed loses its storage (local and session storage, IndexedDB,
service workers, cache storage) and the context its cookies, and pages the widget opened are closed. A scenario
that did not pass, or a page that crashed, is not trusted: its context is thrown away and the next one is new.
"""

from __future__ import annotations

import contextlib
from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import urlsplit

Prepare = Callable[[Any], Awaitable[None]]  # installs a new context's routes (offline CDN, self-signed loopback)
VIEWPORT = {"width": 1400, "height": 1000}


def origin_of(url: str) -> str | None:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme in ("http", "https") and parts.netloc else None


class PageSlot:
    """A context and a page for one scenario at a time; `fresh=True` makes a new context for every scenario."""

    def __init__(
        self, browser: Any, prepare: Prepare | None = None, fresh: bool = False, made: tuple[Any, Any] | None = None
    ) -> None:
        self.browser = browser
        self.prepare = prepare
        self.fresh = fresh
        self.context: Any = None
        self.page: Any = None
        self.prepared = False
        self.used: bool | None = None  # after a scenario: whether it passed (the page is wiped when next taken)
        self.origins: set[str] = set()
        if made is not None:  # a context and page made while the server started (early_browser.py)
            self.context, self.page = made
            self.page.on("framenavigated", self._saw)
        self.note: Callable[[str], None] | None = None  # who hears the notes of this page's routes now

    def tell(self, text: str) -> None:
        if self.note is not None:
            self.note(text)

    async def take(self) -> tuple[Any, Any]:
        """The context and page the next scenario plays on, wiped of the last scenario's (or new, see give_back)."""
        if self.used is not None:
            await self._wipe(self.used)
            self.used = None
        if self.context is None:
            self.context = await self.browser.new_context(viewport=VIEWPORT)
            self.prepared = False
        if not self.prepared and self.prepare is not None:
            await self.prepare(self.context)
        self.prepared = True
        if self.page is None or self.page.is_closed():
            self.page = await self.context.new_page()
            self.page.on("framenavigated", self._saw)
        return self.context, self.page

    def _saw(self, frame: Any) -> None:
        if origin := origin_of(frame.url):
            self.origins.add(origin)

    async def give_back(self, trusted: bool) -> None:
        """After a scenario: the page is wiped when it is next taken (never after the last), or its context dropped
        then if the scenario did not pass."""
        self.used = trusted

    async def park(self) -> None:
        """Wipe now (a page kept between runs must not hold a scenario's session open)."""
        if self.used is not None:
            await self._wipe(self.used)
            self.used = None

    async def _wipe(self, trusted: bool) -> None:
        if self.context is None:
            return
        if self.fresh or not trusted or self.page is None or self.page.is_closed():
            await self.close()
            return
        try:
            await self.page.goto("about:blank")
            for other in self.context.pages:
                if other is not self.page:
                    await other.close()
            cdp = await self.context.new_cdp_session(self.page)
            try:
                for origin in sorted(self.origins):
                    await cdp.send("Storage.clearDataForOrigin", {"origin": origin, "storageTypes": "all"})
            finally:
                await cdp.detach()
            await self.context.clear_cookies()
            self.origins.clear()
        except Exception:  # a page that cannot be wiped is not reused: the next scenario gets a new context
            await self.close()

    async def close(self) -> None:
        context, self.context, self.page = self.context, None, None
        self.origins.clear()
        self.used = None
        if context is not None:
            with contextlib.suppress(Exception):  # the browser may already be gone (a crash): nothing left to close
                await context.close()
