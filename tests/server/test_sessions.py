"""The session registry: claims hand one page's session to its holder; one user's surfaces are found together."""

from __future__ import annotations

import asyncio

from simulator.hubspot.context import HostContext, Surface
from simulator.hubspot.crm.portal import Crm
from simulator.server.page.sessions import Sessions


def registry() -> Sessions:
    return Sessions(HostContext(), Crm.load(), sinks=[])


async def test_a_claim_is_taken_once_and_a_released_one_is_gone() -> None:
    sessions = registry()
    claim = sessions.claim({"portal_id": 5}, {"reply_delay_ms": 10})
    assert sessions.take_claim(claim.token) is claim
    assert sessions.take_claim(claim.token) is None  # a second page with the same URL gets the defaults
    other = sessions.claim()
    sessions.release(other)
    assert sessions.take_claim(other.token) is None
    assert other.session.cancelled()
    assert sessions.take_claim(None) is None and sessions.take_claim(123) is None
    await asyncio.sleep(0)


async def test_one_users_tabs_and_calling_window_are_its_sessions() -> None:
    sessions = registry()
    ada = HostContext(portal_id=1, user_id=2, owner_id=3)
    first_tab, second_tab = sessions.create("https://w.test/"), sessions.create("https://w.test/")
    window = sessions.create("https://w.test/", page_kind="window")
    someone_else = sessions.create("https://w.test/")
    for session in (first_tab, second_tab, window):
        session.use_context(ada)
    someone_else.use_context(ada.with_overrides(user_id=99))
    assert sessions.of_user(ada.user) == [first_tab, second_tab, window]
    assert [s.sync_fields()["iframeLocation"] for s in sessions.of_user(ada.user)] == ["widget", "widget", "window"]
    assert window.surface is Surface.CALLING_WINDOW
    sessions.close(second_tab)
    assert sessions.of_user(ada.user) == [first_tab, window]
