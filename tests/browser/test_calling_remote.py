"""The calling remote (issue 18, item 2): the nav bar's phone icon opens the widget's remote instance
(`iframeLocation: "remote"`, no record, no DIAL_NUMBER) and follows USER_AVAILABLE / USER_UNAVAILABLE."""

from __future__ import annotations

from typing import Any

import pytest

from tests.helpers.live_server import LiveServer, api, open_record_page, sign_in, wait_until
from tests.helpers.reused_page import set_local_storage_before_load

pytestmark = pytest.mark.browser
ICON = "[data-action='toggle-remote']"


def test_the_remote_is_a_surface_of_the_same_user_opened_from_the_nav_bar(page: Any, live_server: LiveServer) -> None:
    before = {s["id"] for s in api(live_server, "/api/sessions")["sessions"]}  # the server is shared
    session = open_record_page(page, live_server)
    assert page.locator("#calling-remote iframe").count() == 0  # made on first open: the page's start pays nothing
    page.click(ICON)
    remote = page.frame_locator(".calling-remote-frame")
    remote.locator('#event-log [data-direction="in"][data-type="SYNC_ACK"]').wait_for(state="attached")
    sessions = api(live_server, "/api/sessions")["sessions"]
    mine = next(s for s in sessions if s["id"] == session)
    other = next(s for s in sessions if s["page"] == "remote" and s["live"] and s["id"] not in before)
    assert other["user"] == mine["user"]
    syncs = [
        e["message"] for e in api(live_server, f"/api/sessions/{other['id']}/log")["entries"] if e["type"] == "SYNC"
    ]
    assert syncs and all(sync["iframeLocation"] == "remote" for sync in syncs)
    hello_record = api(live_server, f"/api/sessions/{other['id']}")["state"]
    assert hello_record.get("pendingDial") is None  # no record on screen: nothing dials from the remote
    page.click(ICON)
    assert page.locator("#calling-remote").is_hidden()


def test_the_icon_follows_the_widgets_availability(page: Any, live_server: LiveServer) -> None:
    open_record_page(page, live_server)
    assert page.get_attribute(ICON, "data-state") == "unavailable"
    sign_in(page)
    page.frame_locator("#hubspot-calling-extension-iframe").locator('[data-action="toggle-availability"]').click()
    page.wait_for_selector('#event-log [data-type="USER_AVAILABLE"]', state="attached")
    wait_until(lambda: page.get_attribute(ICON, "data-state") == "available")
    page.frame_locator("#hubspot-calling-extension-iframe").locator('[data-action="toggle-availability"]').click()
    page.wait_for_selector('#event-log [data-type="USER_UNAVAILABLE"]', state="attached")
    wait_until(lambda: page.get_attribute(ICON, "data-state") == "unavailable")


def test_an_app_without_use_remote_gets_no_icon(page: Any, live_server: LiveServer) -> None:
    # HubSpot's console override (docs/protocol.md §7.2) on the sample's switcher entry: usesRemote false.
    override = '{"name": "Sample softphone (callsim)", "usesRemote": false}'
    set_local_storage_before_load(page, live_server.url, {"LocalSettings:Calling:CallingExtensions": override})
    open_record_page(page, live_server)
    assert page.locator(ICON).is_hidden()
