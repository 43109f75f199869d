"""The browser tests' `page`: one page a module, wiped between tests as `callsim run` wipes a worker's page.

A new context and page per test cost Chromium a renderer process and an empty cache each time (about 60 % of a
record page's load, docs/performance.md "CPU per scenario"). Each test still loads its pages anew; between tests
the page leaves for about:blank, other pages close, every origin shown loses its storage and the context its
cookies (simulator/headless/page_slot.py does the same for the async API), and a page a test resized gets the
standard viewport back. A failed test's context is dropped.
"""

from __future__ import annotations

from typing import Any

from simulator.headless.page_slot import VIEWPORT, origin_of


class ReusedPage:
    def __init__(self, browser: Any) -> None:
        self.browser = browser
        self.context: Any = None
        self.page: Any = None
        self.origins: set[str] = set()

    def take(self) -> Any:
        if self.context is None:
            self.context = self.browser.new_context(viewport=VIEWPORT)
        if self.page is None or self.page.is_closed():
            self.page = self.context.new_page()
            self.page.on("framenavigated", self._saw)
        return self.page

    def _saw(self, frame: Any) -> None:
        if origin := origin_of(frame.url):
            self.origins.add(origin)

    def give_back(self, trusted: bool) -> None:
        if self.context is None:
            return
        if not trusted or self.page is None or self.page.is_closed():
            self.close()
            return
        self.page.goto("about:blank")
        if self.page.viewport_size != VIEWPORT:
            self.page.set_viewport_size(VIEWPORT)
        for other in self.context.pages:
            if other is not self.page:
                other.close()
        cdp = self.context.new_cdp_session(self.page)
        for origin in sorted(self.origins):
            cdp.send("Storage.clearDataForOrigin", {"origin": origin, "storageTypes": "all"})
        cdp.detach()
        self.context.clear_cookies()
        self.origins.clear()

    def close(self) -> None:
        context, self.context, self.page = self.context, None, None
        self.origins.clear()
        if context is not None:
            context.close()


def set_local_storage_before_load(page: Any, origin: str, items: dict[str, str]) -> None:
    """Put `items` in `origin`'s localStorage before its first page loads, as an init script would on a fresh page
    (an init script would stay on the reused one): a small JSON document of the origin is opened to write them."""
    page.goto(origin + "/api/sessions")
    page.evaluate("items => { for (const [k, v] of Object.entries(items)) localStorage.setItem(k, v); }", items)
