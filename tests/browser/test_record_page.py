"""End to end: real headless Chromium, the real server in a subprocess, the sample widget on the real SDK.

Host and widget are on different origins (two ports), as HubSpot and a widget are in production.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.helpers.live_server import (
    LiveServer,
    api,
    log_types,
    open_record_page,
    session_of,
    sign_in,
    start_live_server,
    stop_live_server,
    wait_until,
)

pytestmark = pytest.mark.browser


def test_handshake_completes_and_reports_the_sdk_version(page: Any, live_server: LiveServer) -> None:
    session = open_record_page(page, live_server)
    summary = api(live_server, f"/api/sessions/{session}")
    assert summary["sdkVersion"] == "0.9.7-beta.0" and summary["handshake"] == "READY"
    entries = api(live_server, f"/api/sessions/{session}/log")["entries"]
    ack = next(e for e in entries if e["type"] == "SYNC_ACK")
    sync = next(e for e in entries if e["type"] == "SYNC" and e["message"]["messageId"] == ack["message"]["messageId"])
    assert sync["message"]["hostUrl"] == live_server.url
    assert ack["origin"] == live_server.widget_url != live_server.url  # two origins, as in production
    page.wait_for_selector("#sdk-version:has-text('0.9.7')")


def test_dial_number_from_the_control_api_starts_an_outgoing_call(page: Any, live_server: LiveServer) -> None:
    session = open_record_page(page, live_server)
    sign_in(page)
    api(
        live_server, f"/api/sessions/{session}/events", {"type": "DIAL_NUMBER", "data": {"phoneNumber": "+16175550100"}}
    )
    wait_until(lambda: "OUTGOING_CALL_STARTED" in log_types(live_server, session, "in"))
    entries = api(live_server, f"/api/sessions/{session}/log")["entries"]
    started = next(e for e in entries if e["type"] == "OUTGOING_CALL_STARTED")
    assert started["message"]["data"]["toNumber"] == "+16175550100"
    assert started["message"]["data"]["createEngagement"] is True


def test_clicking_call_sends_hubspots_dial_payload(page: Any, live_server: LiveServer) -> None:
    session = open_record_page(page, live_server)
    sign_in(page)
    page.click('#record .props [data-action="call"] >> nth=0')
    wait_until(lambda: "OUTGOING_CALL_STARTED" in log_types(live_server, session, "in"))
    entries = api(live_server, f"/api/sessions/{session}/log")["entries"]
    dial = next(e for e in entries if e["type"] == "DIAL_NUMBER")["message"]["data"]
    assert dial["phoneNumber"] == "+16175550100" and dial["calleeInfo"]["calleeObjectTypeId"] == "0-1"
    assert dial["objectType"] == "CONTACT" and dial["portalId"] == 81431
    for row in ("SYNC", "SYNC_ACK", "INITIALIZED", "DIAL_NUMBER", "OUTGOING_CALL_STARTED"):
        page.wait_for_selector(f'#event-log [data-type="{row}"]')


def test_calling_while_signed_out_shows_hubspots_alert_instead(page: Any, live_server: LiveServer) -> None:
    session = open_record_page(page, live_server)
    page.click('#record .record-actions [data-action="call"]')
    page.wait_for_selector(".hs-alert:has-text('signed out')")
    assert "DIAL_NUMBER" not in log_types(live_server, session, "out")


def test_messages_from_other_origins_are_ignored(page: Any, live_server: LiveServer) -> None:
    session = open_record_page(page, live_server)
    # The host page itself is not the widget's origin: an SDK-shaped message from it must be ignored.
    page.evaluate("window.postMessage({type: 'CALL_ENDED', messageId: '1_1', data: {}}, '*')")
    page.wait_for_selector('#event-log [data-type="IGNORED_ORIGIN"]')
    assert "CALL_ENDED" not in log_types(live_server, session, "in")


def test_widget_text_is_escaped_in_alerts_and_the_log(page: Any, live_server: LiveServer) -> None:
    session = open_record_page(page, live_server)
    frame = page.frame_locator("#hubspot-calling-extension-iframe")
    hostile = {"type": "ERROR", "messageId": "1_2", "data": {"message": "<img src=x onerror=alert(1)>"}}
    frame.locator("body").evaluate("(body, message) => window.parent.postMessage(message, '*')", hostile)
    page.wait_for_selector('#event-log [data-type="ERROR"]')
    assert page.locator("#event-log img").count() == 0 and page.locator("#alerts img").count() == 0
    assert "ERROR" in log_types(live_server, session, "in")


def test_the_doctor_explains_an_unreachable_widget(page: Any) -> None:
    server = start_live_server("--widget", "http://127.0.0.1:9/")
    try:
        page.goto(server.url + "/")
        page.wait_for_selector('#doctor [data-finding="unreachable"]', timeout=15_000)
        assert "did not load" in page.inner_text("#doctor")
        # SYNC keeps going out every 100 ms: a run of them is one row with a count, not one row each.
        page.wait_for_selector('#event-log [data-type="SYNC"][data-repeat]')
        sent = log_types(server, session_of(page), "out").count("SYNC")
        rows = page.locator('#event-log [data-type="SYNC"]').count()
        assert sent >= 20 and rows <= 3
    finally:
        stop_live_server(server)


def test_the_doctor_names_a_widget_that_redirected_to_another_origin(page: Any) -> None:
    from tests.helpers.widget_origin import widget_origin

    with widget_origin() as origin:
        port = origin.rsplit(":", 1)[1]
        elsewhere = f"http://localhost:{port}/plain"  # same server, another origin
        server = start_live_server("--widget", f"{origin}/redirect?to={elsewhere}")
        try:
            page.goto(server.url + "/")
            page.wait_for_selector('#doctor [data-finding="script-redirect"]', timeout=15_000)
            assert "navigates away on its own" in page.inner_text("#doctor")
        finally:
            stop_live_server(server)
