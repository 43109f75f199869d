"""The calling window (issue 18, item 1) in Chromium with the sample widget on the real SDK: a call placed in the
window shows in the record tab's call chip, and the record tab's navigation leaves it alone."""

from __future__ import annotations

from typing import Any

import pytest

from tests.helpers.live_server import LiveServer, api, open_record_page, wait_until

pytestmark = pytest.mark.browser
WIDGET = "#hubspot-calling-extension-iframe"


def test_a_call_in_the_calling_window_shows_in_the_record_tab(page: Any, live_server: LiveServer) -> None:
    open_record_page(page, live_server)
    window = page.context.new_page()
    try:
        window.goto(f"{live_server.url}/calling-integration-popup-ui/81431")
        window.wait_for_selector('#event-log [data-direction="in"][data-type="INITIALIZED"]', state="attached")
        widget = window.frame_locator(WIDGET)
        widget.locator('[data-action="sign-in"]').click()
        widget.locator("#number").fill("+16175550100")
        widget.locator('[data-action="call"]').click()
        window.wait_for_selector('#event-log [data-type="OUTGOING_CALL_STARTED"]', state="attached")
        page.wait_for_selector("#call-state:has-text('Calling window · Outbound')")
        page.click("#record a[href='/companies/77']")  # the record tab moves to another record
        page.wait_for_url("**/companies/77")
        sessions = api(live_server, "/api/sessions")["sessions"]
        held = next(s for s in sessions if s["page"] == "window" and s["live"])
        syncs = [e["message"] for e in api(live_server, f"/api/sessions/{held['id']}/log")["entries"]
                 if e["type"] == "SYNC"]  # fmt: skip
        assert syncs[0]["iframeLocation"] == "window"
        wait_until(lambda: api(live_server, f"/api/sessions/{held['id']}")["state"]["activeCall"] is not None)
        assert api(live_server, f"/api/sessions/{held['id']}/violations")["counts"] == {}
    finally:
        window.close()
