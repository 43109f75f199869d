"""Issue 8, the page's side: reload mid-call (SYNC engagementId), openIn NEW_TAB, per-dimension resize, the
iframe's `allow`, and VISIBILITY_CHANGED when the widget is minimized, closed, reopened or hidden by HubSpot.

Real headless Chromium against the real server in a subprocess.
"""

from __future__ import annotations

import itertools
import time
from typing import Any

import pytest

from tests.helpers.live_server import LiveServer, api, log_types, open_record_page, sign_in, wait_until

pytestmark = pytest.mark.browser
FRAME = "#hubspot-calling-extension-iframe"
_ids = itertools.count(1)


def entries(server: LiveServer, session: str) -> list[dict[str, Any]]:
    return list(api(server, f"/api/sessions/{session}/log")["entries"])


def sent(server: LiveServer, session: str, type_: str) -> list[dict[str, Any]]:
    return [e for e in entries(server, session) if e["direction"] == "out" and e["type"] == type_]


def post_from_widget(page: Any, type_: str, data: dict[str, Any]) -> None:
    """A message posted from inside the widget's frame, so it carries the widget's origin."""
    message = {"type": type_, "messageId": f"{int(time.time() * 1000)}_{next(_ids)}", "data": data}
    page.frame_locator(FRAME).locator("body").evaluate("(b, m) => window.parent.postMessage(m, '*')", message)


def iframe_style(page: Any, prop: str) -> str:
    return str(page.evaluate(f"document.querySelector('{FRAME}').style.{prop}"))


def visibility_sent(server: LiveServer, session: str) -> list[dict[str, Any]]:
    return [e["message"]["data"] for e in sent(server, session, "VISIBILITY_CHANGED")]


# -- reload mid-call -------------------------------------------------------------------------------


def test_reload_mid_call_syncs_the_calls_engagement_id(page: Any, live_server: LiveServer) -> None:
    session = open_record_page(page, live_server)
    sign_in(page)
    api(live_server, f"/api/sessions/{session}/host", {"reload_widget_mid_call": True})
    page.click('#record .record-actions [data-action="call"]')
    wait_until(lambda: log_types(live_server, session, "note").count("IFRAME_LOAD") == 2)
    wait_until(lambda: log_types(live_server, session, "in").count("SYNC_ACK") == 2)

    log = entries(live_server, session)
    created = next(e for e in log if e["type"] == "CREATE_ENGAGEMENT_SUCCEEDED")
    engagement_id = created["message"]["data"]["engagementId"]
    answered = next(e for e in log if e["type"] == "CALL_ANSWERED")
    loads = [e["seq"] for e in log if e["type"] == "IFRAME_LOAD"]
    assert loads[1] > answered["seq"]  # the fault reloaded the widget after the call was answered
    before = [e["message"] for e in log if e["type"] == "SYNC" and e["seq"] < loads[1]]
    after = [e["message"] for e in log if e["type"] == "SYNC" and e["seq"] > loads[1]]
    assert before and all("engagementId" not in sync for sync in before)  # no call at the first load
    assert after and after[0]["engagementId"] == engagement_id  # the very first SYNC after the reload
    ack = [e["message"] for e in log if e["direction"] == "in" and e["type"] == "SYNC_ACK"][-1]
    assert ack["engagementId"] == engagement_id  # the widget saw it: SYNC_ACK echoes the SYNC
    reload_note = next(e for e in log if e["type"] == "RELOAD")
    assert "reload_widget_mid_call" in reload_note["text"]
    assert log_types(live_server, session, "note").count("IFRAME_LOAD") == 2  # once per call, not per answer


# -- NAVIGATE_TO_RECORD openIn ---------------------------------------------------------------------


def test_navigate_to_record_new_tab_opens_the_record_in_a_new_page(page: Any, live_server: LiveServer) -> None:
    session = open_record_page(page, live_server)
    coordinates = {"portalId": 81431, "objectTypeId": "0-2", "objectId": 77}
    with page.context.expect_page() as opened:
        post_from_widget(page, "NAVIGATE_TO_RECORD", {"objectCoordinates": coordinates, "openIn": "NEW_TAB"})
    popup = opened.value
    popup.wait_for_url("**/companies/77")
    popup.wait_for_selector("#record .record-name:has-text('Analytical Engines')")
    # The widget's page stays where it was, with its widget.
    assert page.url == live_server.url + "/"
    assert page.evaluate("document.body.dataset.session") == session
    assert log_types(live_server, session, "note").count("IFRAME_LOAD") == 1
    popup.close()


def test_navigate_to_record_current_tab_moves_this_page(page: Any, live_server: LiveServer) -> None:
    session = open_record_page(page, live_server)
    coordinates = {"portalId": 81431, "objectTypeId": "0-2", "objectId": 77}
    post_from_widget(page, "NAVIGATE_TO_RECORD", {"objectCoordinates": coordinates, "openIn": "CURRENT_TAB"})
    page.wait_for_url("**/companies/77")
    assert len(page.context.pages) == 1 and page.evaluate("document.body.dataset.session") == session


# -- RESIZE_WIDGET / sizeInfo, the iframe ----------------------------------------------------------


def test_resize_with_only_a_width_keeps_the_height(page: Any, live_server: LiveServer) -> None:
    open_record_page(page, live_server)
    height = iframe_style(page, "height")
    post_from_widget(page, "RESIZE_WIDGET", {"width": 333})
    wait_until(lambda: iframe_style(page, "width") == "333px")
    assert iframe_style(page, "height") == height


def test_resize_strings_apply_verbatim_and_falsy_dimensions_are_ignored(page: Any, live_server: LiveServer) -> None:
    open_record_page(page, live_server)
    post_from_widget(page, "RESIZE_WIDGET", {"width": "50%", "height": 0})
    wait_until(lambda: iframe_style(page, "width") == "50%")
    height = iframe_style(page, "height")
    assert height.endswith("px") and height != "0px"


def test_the_iframe_allows_microphone_autoplay_and_speaker_selection(page: Any, live_server: LiveServer) -> None:
    open_record_page(page, live_server)
    assert page.get_attribute(FRAME, "allow") == "microphone; autoplay; speaker-selection"


# -- VISIBILITY_CHANGED ----------------------------------------------------------------------------


def test_minimize_close_and_reopen_tell_the_widget(page: Any, live_server: LiveServer) -> None:
    session = open_record_page(page, live_server)
    frame = page.frame_locator(FRAME)
    page.click('[data-action="minimize-widget"]')
    wait_until(lambda: visibility_sent(live_server, session) == [{"isMinimized": True, "isHidden": False}])
    assert page.is_hidden("#widget-frame") and page.is_visible('[data-action="close-widget"]')
    page.click('[data-action="minimize-widget"]')  # restore
    page.click('[data-action="close-widget"]')
    page.wait_for_selector("#reopen-widget", state="visible")
    page.click("#reopen-widget")
    expected = [
        {"isMinimized": True, "isHidden": False},
        {"isMinimized": False, "isHidden": False},
        {"isMinimized": False, "isHidden": True},
        {"isMinimized": False, "isHidden": False},
    ]
    wait_until(lambda: visibility_sent(live_server, session) == expected)
    frame.locator("#visibility:has-text('visible')").wait_for()  # the widget heard the last one
    assert log_types(live_server, session, "note").count("IFRAME_LOAD") == 1  # hiding never reloads the widget


def test_hubspot_hiding_the_widget_after_call_completed_tells_the_widget(page: Any, live_server: LiveServer) -> None:
    session = open_record_page(page, live_server)
    sign_in(page)
    call = {"externalCallId": "hide-1"}
    post_from_widget(page, "OUTGOING_CALL_STARTED", {**call, "toNumber": "+16175550100", "fromNumber": "+16175550199"})
    post_from_widget(page, "CALL_ANSWERED", call)
    post_from_widget(page, "CALL_ENDED", {**call, "callEndStatus": "COMPLETED"})
    post_from_widget(page, "CALL_COMPLETED", call)  # hideWidget defaults to true
    page.wait_for_selector("#call-panel.is-hidden", state="attached")
    wait_until(lambda: visibility_sent(live_server, session) == [{"isMinimized": False, "isHidden": True}])
    completed = next(e for e in entries(live_server, session) if e["type"] == "CALL_COMPLETED")
    assert sent(live_server, session, "VISIBILITY_CHANGED")[0]["seq"] > completed["seq"]
