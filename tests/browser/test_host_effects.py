"""What the record page does when the widget asks HubSpot to: navigate, resize, move the iframe."""

from __future__ import annotations

from typing import Any

import pytest

from tests.helpers.live_server import LiveServer, api, log_types, open_record_page, sign_in, wait_until

pytestmark = pytest.mark.browser


def post_from_widget(page: Any, message: dict[str, Any]) -> None:
    """Post as the widget does: from inside its frame, so the message carries the widget's origin."""
    frame = page.frame_locator("#hubspot-calling-extension-iframe")
    frame.locator("body").evaluate("(body, message) => window.parent.postMessage(message, '*')", message)


def test_navigate_to_record_moves_the_page_but_keeps_the_widget(page: Any, live_server: LiveServer) -> None:
    session = open_record_page(page, live_server)
    coordinates = {"portalId": 81431, "objectTypeId": "0-2", "objectId": 77}
    post_from_widget(
        page, {"type": "NAVIGATE_TO_RECORD", "messageId": "1_1", "data": {"objectCoordinates": coordinates}}
    )
    page.wait_for_url("**/companies/77")
    page.wait_for_selector("#record .record-name:has-text('Analytical Engines')")
    assert page.evaluate("document.body.dataset.session") == session
    assert log_types(live_server, session, "note").count("IFRAME_LOAD") == 1  # the widget was not reloaded


def test_after_navigate_to_record_the_call_button_dials_the_new_record(page: Any, live_server: LiveServer) -> None:
    session = open_record_page(page, live_server)  # Ada Lovelace, contact 51
    sign_in(page)
    coordinates = {"portalId": 81431, "objectTypeId": "0-2", "objectId": 77}
    post_from_widget(
        page, {"type": "NAVIGATE_TO_RECORD", "messageId": "1_1", "data": {"objectCoordinates": coordinates}}
    )
    page.wait_for_url("**/companies/77")
    page.wait_for_selector("#record .record-name:has-text('Analytical Engines')")
    page.click('#record .record-actions [data-action="call"]')
    wait_until(lambda: "DIAL_NUMBER" in log_types(live_server, session, "out"))
    entries = api(live_server, f"/api/sessions/{session}/log")["entries"]
    dial = next(e for e in entries if e["type"] == "DIAL_NUMBER")["message"]["data"]
    assert dial["objectId"] == 77 and dial["objectType"] == "COMPANY"
    assert dial["phoneNumber"] == "+16175550199"  # the company's main line, not Ada's
    assert dial["calleeInfo"] == {"calleeId": 77, "calleeObjectTypeId": "0-2"}


def test_navigating_to_a_missing_record_is_answered_with_failed(page: Any, live_server: LiveServer) -> None:
    session = open_record_page(page, live_server)
    coordinates = {"portalId": 81431, "objectTypeId": "0-1", "objectId": 999999}
    post_from_widget(
        page, {"type": "NAVIGATE_TO_RECORD", "messageId": "1_1", "data": {"objectCoordinates": coordinates}}
    )
    wait_until(lambda: "NAVIGATE_TO_RECORD_FAILED" in log_types(live_server, session, "out"))
    assert page.url.endswith("/")


def test_resize_widget_resizes_the_iframe(page: Any, live_server: LiveServer) -> None:
    open_record_page(page, live_server)
    page.frame_locator("#hubspot-calling-extension-iframe").locator('[data-action="resize"]').click()
    wait_until(
        lambda: page.evaluate("document.getElementById('hubspot-calling-extension-iframe').style.width") == "420px"
    )
    assert page.evaluate("document.getElementById('hubspot-calling-extension-iframe').style.height") == "620px"


def test_set_widget_url_moves_the_iframe_and_the_widget_handshakes_again(page: Any, live_server: LiveServer) -> None:
    session = open_record_page(page, live_server)
    target = live_server.widget_url + "/?moved=1"
    post_from_widget(page, {"type": "SET_WIDGET_URL", "messageId": "1_1", "data": {"iFrameUrl": target}})
    wait_until(lambda: log_types(live_server, session, "in").count("SYNC_ACK") == 2)
    summary = api(live_server, f"/api/sessions/{session}")
    assert summary["widgetUrl"] == target and summary["handshake"] == "READY"
