"""A custom-object record page (issue 18, item 6): the sample widget dials from it on the real SDK, and the call
it logs with createEngagement lands on that record's timeline."""

from __future__ import annotations

from typing import Any

import pytest

from tests.helpers.live_server import LiveServer, api, log_types, session_of, sign_in, wait_until

pytestmark = pytest.mark.browser
PROJECTS = "2-3508482"


def test_a_call_from_a_custom_object_record_dials_with_its_type_and_lands_on_its_timeline(
    page: Any, live_server: LiveServer
) -> None:
    page.goto(f"{live_server.url}/objects/{PROJECTS}/101")
    page.wait_for_selector('#event-log [data-direction="in"][data-type="INITIALIZED"]', timeout=15_000)
    session = session_of(page)
    assert page.locator("#record .record-name").inner_text() == "Boston office fit-out"
    assert page.locator(".hs-nav [data-nav='custom-object']").inner_text() == "Projects"
    sign_in(page)
    page.click('#record .record-actions [data-action="call"]')
    wait_until(lambda: "OUTGOING_CALL_STARTED" in log_types(live_server, session, "in"))
    entries = api(live_server, f"/api/sessions/{session}/log")["entries"]
    dial = next(e for e in entries if e["type"] == "DIAL_NUMBER")["message"]["data"]
    assert dial["calleeInfo"] == {"calleeId": 101, "calleeObjectTypeId": PROJECTS}
    assert (dial["objectId"], dial["objectType"], dial["phoneNumber"]) == (101, PROJECTS, "+16175550130")
    page.locator("#timeline [data-engagement-id]").first.wait_for()  # createEngagement: the call is on the record
    rules = [e.get("rule") for e in api(live_server, f"/api/sessions/{session}/log")["entries"]]
    assert "call.custom-object-without-engagement" not in rules
