"""The user's surfaces a headless scenario opens, moves and closes (issue 18, item 7): the calling window, the
calling remote in a record tab's navigation bar, a record tab navigating to another record, a closed tab. Each is a
page of the scenario's browser context (the remote: a frame of its tab's page), so the widget's instances share the
browser profile (BroadcastChannel) as in HubSpot; each new page is a session of its own."""

from __future__ import annotations

import asyncio
from typing import Any

from simulator.errors import WidgetActionError
from simulator.headless.driver import WIDGET_IFRAME, PlaywrightWidgetDriver
from simulator.headless.page_claims import SessionNotOpened, claimed
from simulator.hubspot.crm.records import OBJECT_TYPE_NAMES
from simulator.scenarios.model import TabName, tab_label
from simulator.server.appkeys import CRM, SESSIONS
from simulator.server.page import tabs
from simulator.server.page.session import Session
from simulator.server.serve import RunningServer
from simulator.settings import SESSION_START_TIMEOUT_S


async def open_window(
    server: RunningServer, opener: Session, browser_context: Any, timeout: float = SESSION_START_TIMEOUT_S
) -> tuple[Any, Session]:
    """The calling window of `opener`'s user as a new page of `browser_context`, once its session said hello."""
    sessions = server.app[SESSIONS]
    claim, url = tabs.open_window_claim(sessions, opener, server.host_url)
    page = await browser_context.new_page()
    try:
        return page, await claimed(sessions, claim, page, url, timeout)
    except SessionNotOpened as error:  # the step fails; the scenario goes on to report it
        raise WidgetActionError(f"open_window: {error}") from None


async def navigate(
    server: RunningServer,
    session: Session,
    page: Any,
    record: tuple[str, int],
    timeout: float = SESSION_START_TIMEOUT_S,
) -> Session:
    """Move `page` (showing `session`) to `record`, as a click on a record link does: the new page's session, of
    the same user and settings. A WidgetActionError names a record the CRM lacks."""
    if server.app[CRM].record(*record) is None:
        raise WidgetActionError(f"navigate: no {OBJECT_TYPE_NAMES[record[0]].lower()} {record[1]}")
    sessions = server.app[SESSIONS]
    claim, url = tabs.open_tab_claim(sessions, session, server.host_url, record)
    try:
        return await claimed(sessions, claim, page, url, timeout)
    except SessionNotOpened as error:
        raise WidgetActionError(f"navigate: {error}") from None


# What the navigation bar's phone icon does (static/js/remote.js), with the claim's URL: the remote's frame in its
# panel, the panel shown.
SHOW_REMOTE = """url => {
  const panel = document.querySelector("#calling-remote");
  if (!panel) return false;
  let frame = panel.querySelector("iframe");
  if (!frame) {
    frame = document.createElement("iframe");
    frame.className = "calling-remote-frame";
    frame.title = "Calling remote";
    panel.append(frame);
  }
  frame.src = url;
  panel.hidden = false;
  document.querySelector("[data-action='toggle-remote']")?.setAttribute("aria-expanded", "true");
  return true;
}"""
HIDE_REMOTE = """() => {
  const panel = document.querySelector("#calling-remote");
  panel?.querySelector("iframe")?.remove();
  if (panel) panel.hidden = true;
  document.querySelector("[data-action='toggle-remote']")?.setAttribute("aria-expanded", "false");
}"""
REMOTE_FRAME = ".calling-remote-frame"


async def open_remote(
    server: RunningServer, session: Session, page: Any, timeout: float = SESSION_START_TIMEOUT_S
) -> Session:
    """The calling remote in `page`'s navigation bar (`session`'s record page), as its phone icon opens it: a page of
    its own (`/calling-remote`) of the same user, settings and widget, once its session said hello."""
    sessions = server.app[SESSIONS]
    claim, url = tabs.surface_claim(sessions, session, f"{server.host_url}/calling-remote")
    try:
        if not await page.evaluate(SHOW_REMOTE, url):
            raise WidgetActionError("open_remote: this page has no calling remote (only a record tab has one)")
        try:
            return await asyncio.wait_for(asyncio.shield(claim.session), timeout)
        except TimeoutError:
            raise WidgetActionError(f"open_remote: the remote did not open a session within {timeout:g} s") from None
    finally:
        sessions.release(claim)


def remote_driver(page: Any) -> PlaywrightWidgetDriver:
    """Acts in the widget of the remote, a frame in its record page's panel."""
    return PlaywrightWidgetDriver(page, page.frame_locator(REMOTE_FRAME).frame_locator(WIDGET_IFRAME))


class BrowserSurfaces:
    """The runner's Surfaces in one browser context; `opened` gets (lane, session) for every page it makes, the
    lane being the scenario's name for the surface (`window`, `tab 1` for the page tab 1 navigated to)."""

    def __init__(self, server: RunningServer, browser_context: Any, pages: dict[str, Any]) -> None:
        self.server = server
        self.context = browser_context
        self.pages = pages  # session id -> its page: the first tab's, the tabs open_tab opened, and this one's
        self.opened: list[tuple[str, Session]] = []
        self.lanes: dict[str, str] = {}  # session id -> lane, for a page that navigates again

    def _page(self, session: Any) -> Any:
        page = self.pages.get(session.id)
        if page is None or page.is_closed():
            raise WidgetActionError("this tab's page is not open in the scenario's browser")
        return page

    async def open_window(self, opener: Any, timeout: float) -> tuple[Any, Any]:
        page, session = await open_window(self.server, opener, self.context, timeout)
        self._keep("window", session, page)
        return session, PlaywrightWidgetDriver(page)

    async def navigate(self, tab: TabName, session: Any, record: tuple[str, int], timeout: float) -> tuple[Any, Any]:
        page = self._page(session)
        new = await navigate(self.server, session, page, record, timeout)
        self._keep(self.lanes.get(session.id, tab_label(tab)), new, page)
        return new, PlaywrightWidgetDriver(page)

    async def open_remote(self, session: Any, timeout: float) -> tuple[Any, Any]:
        page = self._page(session)
        remote = await open_remote(self.server, session, page, timeout)
        self._keep("remote", remote, page)  # the remote's page is a frame of its tab's
        return remote, remote_driver(page)

    async def close(self, session: Any) -> None:
        page = self._page(session)
        if session.page_kind == "remote":  # closing the remote closes its panel, not its tab
            await page.evaluate(HIDE_REMOTE)
        else:
            await page.close()

    def _keep(self, lane: str, session: Session, page: Any) -> None:
        self.pages[session.id] = page
        self.lanes[session.id] = lane
        self.opened.append((lane, session))
