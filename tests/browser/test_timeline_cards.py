"""What a person sees of calls: titled timeline cards, unfinished calls marked, the calls index, amber warnings."""

from __future__ import annotations

import itertools
import re
import time
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.helpers.live_server import LiveServer, api, open_record_page, sign_in, wait_until

pytestmark = pytest.mark.browser
FRAME = "#hubspot-calling-extension-iframe"
AMBER = "rgb(179, 98, 0)"
RED = "rgb(192, 57, 43)"
_ids = itertools.count(1)


def widget(page: Any) -> Any:
    return page.frame_locator(FRAME)


def post_from_widget(page: Any, type_: str, data: dict[str, Any] | None = None) -> None:
    message: dict[str, Any] = {"type": type_, "messageId": f"{int(time.time() * 1000)}_{next(_ids)}"}
    if data is not None:
        message["data"] = data
    widget(page).locator("body").evaluate("(b, m) => window.parent.postMessage(m, '*')", message)


def issued_engagement(server: LiveServer, session: str) -> int:
    def find() -> int | None:
        for entry in api(server, f"/api/sessions/{session}/log")["entries"]:
            if entry["direction"] == "out" and entry["type"] == "CREATE_ENGAGEMENT_SUCCEEDED":
                return int(entry["message"]["data"]["engagementId"])
        return None

    found = wait_until(find)
    assert isinstance(found, int)
    return found


def show_engagement(page: Any, engagement: dict[str, Any]) -> None:
    """The page's own timeline module, as the "engagement" effect calls it."""
    page.evaluate("(e) => import('/static/js/timeline.js').then((m) => m.showEngagement(e))", engagement)


def test_an_outbound_call_is_titled_with_the_records_name_live_and_after_a_reload(
    page: Any, live_server: LiveServer
) -> None:
    session = open_record_page(page, live_server)
    sign_in(page)
    page.click('#record .record-actions [data-action="call"]')
    engagement_id = issued_engagement(live_server, session)
    card = page.locator(f'#timeline [data-engagement-id="{engagement_id}"]')
    assert card.locator(".timeline-title").inner_text() == "Call to Ada Lovelace"
    page.reload()
    assert page.locator(f'#timeline [data-engagement-id="{engagement_id}"] .timeline-title').inner_text() == (
        "Call to Ada Lovelace"
    )


def test_an_inbound_call_from_an_unknown_number_is_listed_at_calls(page: Any, live_server: LiveServer) -> None:
    session = open_record_page(page, live_server)
    sign_in(page)
    frame = widget(page)
    frame.locator('[data-action="toggle-availability"]').click()
    page.wait_for_selector("#availability-state:has-text('Available')")
    frame.locator("details.tools").evaluate("details => { details.open = true; }")
    frame.locator("#incoming-number").fill("+15550001111")
    frame.locator('[data-action="simulate-incoming"]').click()
    engagement_id = issued_engagement(live_server, session)
    note = page.locator('#event-log [data-type="CALL_UNATTACHED"]')
    # the log renders its rows when idle; expect retries the read (a bare read after a wait came back empty once)
    expect(note.locator(".log-summary")).to_have_text("call from +15550001111 matched no record: listed at /calls")
    assert page.locator(f'#timeline [data-engagement-id="{engagement_id}"]').count() == 0  # not Ada's call

    page.click('.hs-nav [data-nav="calls"]')
    page.wait_for_url("**/calls")
    row = page.locator(f'.calls-table tr[data-engagement-id="{engagement_id}"]')
    assert row.get_attribute("data-unattached") == "true" and row.get_attribute("data-direction") == "INBOUND"
    assert row.locator('[data-col="from"]').inner_text() == "+15550001111"
    assert row.locator('[data-col="record"]').inner_text() == "No record"
    assert "Call from +15550001111" in row.inner_text()


def test_an_unfinished_call_is_marked_on_the_timeline_and_what_it_carries_is_escaped(
    page: Any, live_server: LiveServer
) -> None:
    open_record_page(page, live_server)
    hostile = '<img id="pwn" src=x onerror="window.pwned=1">'
    ghost = {
        "id": 424242, "direction": "INBOUND", "status": "IN_PROGRESS", "completed": False, "unfinished": True,
        "properties": {"hs_call_status": "IN_PROGRESS", "hs_call_from_number": "+15550002222", "hs_call_body": hostile},
        "associations": [{"objectTypeId": "0-1", "objectId": 51}],
    }  # fmt: skip
    show_engagement(page, ghost)
    card = page.locator('#timeline [data-engagement-id="424242"]')
    assert card.get_attribute("data-ghost") == "true"
    assert card.locator('[data-role="ghost-label"]').inner_text() == "Call in progress / not completed"
    assert card.locator(".timeline-title").inner_text() == "Call from Ada Lovelace"
    assert card.locator(".timeline-body").inner_text() == hostile and page.locator("#pwn").count() == 0
    assert card.evaluate("c => getComputedStyle(c).borderTopStyle") == "dashed"

    show_engagement(page, {**ghost, "unfinished": False, "completed": True, "status": "COMPLETED"})
    assert card.get_attribute("data-ghost") == "false" and card.locator('[data-role="ghost-label"]').count() == 0


def test_warnings_are_amber_and_errors_red_in_the_log_and_its_counters(page: Any, live_server: LiveServer) -> None:
    open_record_page(page, live_server)
    post_from_widget(page, "ERROR", {})  # error.message: a warning
    warning = page.locator('#event-log [data-rule="error.message"] .badge-warning')
    warning.wait_for()
    post_from_widget(page, "CALL_ENDED", {"externalCallId": "never-started", "callEndStatus": "COMPLETED"})
    error = page.locator('#event-log [data-direction="violation"] .badge-error').first
    error.wait_for()
    color = "e => getComputedStyle(e).color"
    assert warning.evaluate(color) == AMBER and error.evaluate(color) == RED
    assert page.locator('#event-log [data-rule="error.message"] .log-type').evaluate(color) == AMBER
    counter = page.locator('#event-log [data-log-count="warning"]')
    assert counter.inner_text() == "1 warning" and counter.evaluate(color) == AMBER
    errors = page.locator('#event-log [data-log-count="error"]')
    assert re.fullmatch(r"\d+ errors?", errors.inner_text())
    assert errors.evaluate(color) == RED
