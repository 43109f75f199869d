"""The session registry: claims hand one page's session to its holder; one user's surfaces are found together."""

from __future__ import annotations

import asyncio

from simulator.hubspot.context import HostContext, Surface
from simulator.hubspot.crm.portal import Crm
from simulator.server.page import tabs
from simulator.server.page.sessions import Sessions, new_group


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
    assert sessions.of_user(ada.user, None) == [first_tab, second_tab, window]
    assert [s.sync_fields()["iframeLocation"] for s in sessions.linked(first_tab)] == ["widget", "widget", "window"]
    assert window.surface is Surface.CALLING_WINDOW
    sessions.close(second_tab)
    assert sessions.of_user(ada.user, None) == [first_tab, window]


async def test_a_group_links_one_played_scenarios_surfaces_and_nothing_else() -> None:
    # Two scenarios played side by side as the same user, and a page opened by hand: three worlds.
    sessions = registry()
    ada = HostContext(portal_id=1, user_id=2, owner_id=3)
    first, second = new_group(), new_group()
    assert first != second
    kinds = ("record", "window", "record", "remote", "record")
    a_tab, a_window, b_tab, b_remote, by_hand = (sessions.create("https://w.test/", page_kind=kind) for kind in kinds)
    for session, group in ((a_tab, first), (a_window, first), (b_tab, second), (b_remote, second), (by_hand, None)):
        session.use_context(ada)
        session.group = group
    assert sessions.linked(a_tab) == sessions.linked(a_window) == [a_tab, a_window]
    assert sessions.linked(b_remote) == [b_tab, b_remote]
    assert sessions.linked(by_hand) == [by_hand] == sessions.of_user(ada.user, None)
    assert sessions.every_of_user(ada.user) == [a_tab, a_window, b_tab, b_remote, by_hand]  # a user-wide setting


async def test_a_claim_carries_its_group_to_the_surfaces_it_opens() -> None:
    sessions = registry()
    group = new_group()
    claim = sessions.claim({"user_id": 2}, None, "https://w.test/", group)
    assert sessions.take_claim(claim.token) is claim and claim.group == group
    opener = sessions.create("https://w.test/")
    opener.use_context(HostContext(user_id=2))
    opener.group = group
    window_claim, url = tabs.open_window_claim(sessions, opener, "http://host.test")
    tab_claim, _ = tabs.open_tab_claim(sessions, opener, "http://host.test", ("0-1", 51))
    assert window_claim.group == tab_claim.group == group
    assert url.startswith("http://host.test/calling-integration-popup-ui/")
    assert sessions.claim().group is None  # the HTTP claims and pages by hand: no group
