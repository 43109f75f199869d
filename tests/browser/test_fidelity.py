"""End to end, issue 4: full calls on the sample widget, the record page's state, each host fault, rule names.

Real headless Chromium, the real server in a subprocess, host and widget on two origins.
"""

from __future__ import annotations

import itertools
import time
from typing import Any

import pytest

from tests.helpers.live_server import LiveServer, api, open_record_page, sign_in, wait_until

pytestmark = pytest.mark.browser
FRAME = "#hubspot-calling-extension-iframe"
_ids = itertools.count(1)


def entries(server: LiveServer, session: str) -> list[dict[str, Any]]:
    return list(api(server, f"/api/sessions/{session}/log")["entries"])


def find(server: LiveServer, session: str, direction: str, type_: str) -> list[dict[str, Any]]:
    return [e for e in entries(server, session) if e["direction"] == direction and e["type"] == type_]


def wait_for_entry(server: LiveServer, session: str, direction: str, type_: str, count: int = 1) -> dict[str, Any]:
    found = wait_until(lambda: (lambda hits: hits[count - 1] if len(hits) >= count else None)(
        find(server, session, direction, type_)))  # fmt: skip
    assert isinstance(found, dict)
    return found


def violations(server: LiveServer, session: str) -> dict[str, int]:
    return dict(api(server, f"/api/sessions/{session}/violations")["counts"])


def configure(server: LiveServer, session: str, **settings: Any) -> None:
    api(server, f"/api/sessions/{session}/host", settings)


def widget(page: Any) -> Any:
    return page.frame_locator(FRAME)


def post_from_widget(page: Any, type_: str, data: dict[str, Any] | None = None) -> None:
    """A message posted from inside the widget's frame: it comes from the widget's origin, as SDK messages do."""
    message: dict[str, Any] = {"type": type_, "messageId": f"{int(time.time() * 1000)}_{next(_ids)}"}
    if data is not None:
        message["data"] = data
    widget(page).locator("body").evaluate("(b, m) => window.parent.postMessage(m, '*')", message)


def open_tools(page: Any) -> None:
    widget(page).locator("details.tools").evaluate("details => { details.open = true; }")


def engagement_of(server: LiveServer, session: str) -> int:
    issued = wait_for_entry(server, session, "out", "CREATE_ENGAGEMENT_SUCCEEDED")
    return int(issued["message"]["data"]["engagementId"])


def hang_up_and_save(page: Any, notes: str) -> None:
    frame = widget(page)
    frame.locator('[data-action="hang-up"]').click()
    frame.locator("#notes").fill(notes)
    frame.locator('[data-action="save-call"]').click()


def hang_up_tops_as_the_call_fills_in(page: Any) -> list[dict[str, float]]:
    """How far "Hang up" moves as the widget's caller and timer lines fill in (each offset from the empty lines).

    The timer's first tick lands 0-500 ms after the answer; a button that moves then loses a scripted click."""
    script = """button => {
        const lines = ["#caller", "#timer"].map((s) => document.querySelector(s));
        const saved = lines.map((line) => line.textContent);
        const top = () => button.getBoundingClientRect().top;
        lines.forEach((line) => { line.textContent = ""; });
        const empty = top();
        const offsets = [];
        for (const texts of [["", "0:00"], ["Jane Doe", ""], ["Jane Doe", "12:34"]]) {
            lines.forEach((line, i) => { line.textContent = texts[i]; });
            offsets.push({ top: top() - empty });
        }
        lines.forEach((line, i) => { line.textContent = saved[i]; });
        return offsets;
    }"""
    return list(widget(page).locator('[data-action="hang-up"]').evaluate(script))


# -- happy paths ---------------------------------------------------------------------------------


def test_full_outbound_call_leaves_an_engagement_on_the_contacts_timeline(page: Any, live_server: LiveServer) -> None:
    session = open_record_page(page, live_server)
    sign_in(page)
    page.wait_for_selector("#login-state:has-text('Logged in')")
    page.click('#record .record-actions [data-action="call"]')
    engagement_id = engagement_of(live_server, session)
    page.wait_for_selector("#call-state:has-text('Outbound · IN_PROGRESS')")
    page.wait_for_selector("#call-timer:has-text('0:0')")
    assert hang_up_tops_as_the_call_fills_in(page) == [{"top": 0}] * 3, "the Hang up button moved under the click"
    hang_up_and_save(page, "Talked about the Q3 renewal")
    page.wait_for_selector("#call-state:has-text('Outbound · COMPLETED')")

    card = page.locator(f'#timeline [data-engagement-id="{engagement_id}"]')
    card.locator(".timeline-body:has-text('Talked about the Q3 renewal')").wait_for()  # CALL_COMPLETED applied
    text = card.inner_text()
    assert "Call to +16175550100" in text and card.locator(".status-completed").count() == 1
    assert "OUTBOUND" in text and str(engagement_id) in text
    completed = find(live_server, session, "in", "CALL_COMPLETED")[0]["message"]["data"]
    assert completed["engagementId"] == engagement_id
    assert find(live_server, session, "out", "UPDATE_ENGAGEMENT_SUCCEEDED")[0]["message"]["data"] == {
        "engagementId": engagement_id
    }
    assert violations(live_server, session) == {}
    assert page.locator("#call-panel.is-hidden").count() == 0  # the sample widget sends hideWidget:false


def test_full_inbound_call_shows_the_caller_and_lands_on_her_timeline(page: Any, live_server: LiveServer) -> None:
    session = open_record_page(page, live_server)  # Ada Lovelace, contact 51
    sign_in(page)
    frame = widget(page)
    frame.locator('[data-action="toggle-availability"]').click()
    page.wait_for_selector("#availability-state:has-text('Available')")
    open_tools(page)
    frame.locator("#incoming-number").fill("+16175550100")
    frame.locator('[data-action="simulate-incoming"]').click()
    frame.locator("#caller:has-text('Ada Lovelace')").wait_for()
    page.wait_for_selector("#call-state:has-text('Inbound · RINGING')")
    engagement_id = engagement_of(live_server, session)
    frame.locator('[data-action="answer"]').click()
    page.wait_for_selector("#call-state:has-text('Inbound · IN_PROGRESS')")
    hang_up_and_save(page, "Ada called about the engine")

    card = page.locator(f'#timeline [data-engagement-id="{engagement_id}"]')
    card.locator(".timeline-body:has-text('Ada called about the engine')").wait_for()
    assert "Call from +16175550100" in card.inner_text() and "INBOUND" in card.inner_text()
    assert card.locator(".status-completed").count() == 1
    match = find(live_server, session, "out", "CALLER_ID_MATCH_SUCCEEDED")[0]["message"]["data"]
    assert match["callerIdMatches"][0]["objectCoordinates"]["objectId"] == 51
    assert violations(live_server, session) == {}


# -- the record page follows the widget ----------------------------------------------------------


def test_chips_follow_the_call_and_the_widget_hides_on_completion(page: Any, live_server: LiveServer) -> None:
    open_record_page(page, live_server)
    page.wait_for_selector("#handshake-state:has-text('READY')")
    page.wait_for_selector("#sdk-version:has-text('SDK 0.9.7-beta.0')")
    sign_in(page)
    call = {"externalCallId": "chips-1"}
    post_from_widget(page, "OUTGOING_CALL_STARTED", {**call, "toNumber": "+16175550100", "fromNumber": "+16175550199"})
    page.wait_for_selector("#call-state:has-text('Outbound · STARTED')")
    post_from_widget(page, "CALL_ANSWERED", call)
    page.wait_for_selector("#call-state:has-text('Outbound · IN_PROGRESS')")
    page.wait_for_selector("#call-timer:has-text('0:0')")
    post_from_widget(page, "CALL_ENDED", {**call, "callEndStatus": "COMPLETED"})
    page.wait_for_selector("#call-state:has-text('Outbound · ENDED')")
    frozen = page.inner_text("#call-timer")
    post_from_widget(page, "CALL_COMPLETED", call)  # hideWidget defaults to true
    page.wait_for_selector("#call-state:has-text('Outbound · COMPLETED')", state="attached")
    page.wait_for_selector("#call-panel.is-hidden", state="attached")
    assert page.is_visible("#reopen-widget") and page.inner_text("#call-timer") == frozen
    page.click("#reopen-widget")
    page.wait_for_selector("#call-panel:not(.is-hidden)")


# -- injected faults (POST /api/sessions/{id}/host) ---------------------------------------------


def test_fail_create_engagement_is_injected_and_the_widget_is_told(page: Any, live_server: LiveServer) -> None:
    session = open_record_page(page, live_server)
    sign_in(page)
    configure(live_server, session, fail_create_engagement=True)
    page.click('#record .record-actions [data-action="call"]')
    failed = wait_for_entry(live_server, session, "out", "CREATE_ENGAGEMENT_FAILED")
    assert failed["injected"] == "fail_create_engagement"
    page.wait_for_selector('#event-log [data-type="CREATE_ENGAGEMENT_FAILED"] .badge-injected')
    widget(page).locator("#alert:has-text('could not create')").wait_for()
    assert find(live_server, session, "out", "CREATE_ENGAGEMENT_SUCCEEDED") == []


def test_fail_caller_id_match_is_injected(page: Any, live_server: LiveServer) -> None:
    session = open_record_page(page, live_server)
    sign_in(page)
    configure(live_server, session, fail_caller_id_match=True)
    widget(page).locator('[data-action="toggle-availability"]').click()
    open_tools(page)
    widget(page).locator('[data-action="simulate-incoming"]').click()
    failed = wait_for_entry(live_server, session, "out", "CALLER_ID_MATCH_FAILED")
    assert failed["injected"] == "fail_caller_id_match"
    widget(page).locator("#caller:has-text('Unknown caller')").wait_for()


def test_reply_delay_holds_back_the_hosts_answer(page: Any, live_server: LiveServer) -> None:
    session = open_record_page(page, live_server)
    sign_in(page)
    configure(live_server, session, reply_delay_ms=600)
    page.click('#record .record-actions [data-action="call"]')
    started = wait_for_entry(live_server, session, "in", "OUTGOING_CALL_STARTED")
    created = wait_for_entry(live_server, session, "out", "CREATE_ENGAGEMENT_SUCCEEDED")
    assert created["ts"] - started["ts"] >= 0.55


def test_dropped_syncs_are_logged_and_the_handshake_still_completes(page: Any, live_server: LiveServer) -> None:
    session = open_record_page(page, live_server)
    configure(live_server, session, drop_first_syncs=3)
    page.evaluate(f"(() => {{ const f = document.querySelector('{FRAME}'); f.src = f.src; }})()")
    wait_for_entry(live_server, session, "in", "SYNC_ACK", count=2)
    log = entries(live_server, session)
    reload = max(e["seq"] for e in log if e["type"] == "IFRAME_LOAD")
    syncs = [e for e in log if e["type"] == "SYNC" and e["seq"] > reload]
    assert [e["injected"] for e in syncs[:3]] == ["drop_first_syncs"] * 3
    acked = find(live_server, session, "in", "SYNC_ACK")[-1]["message"]["messageId"]
    assert acked not in {e["message"]["messageId"] for e in syncs[:3]}  # the widget never saw those
    assert api(live_server, f"/api/sessions/{session}")["handshake"] == "READY"


def test_dial_quirks_object_id_zero_and_duplicate_dial(page: Any, live_server: LiveServer) -> None:
    session = open_record_page(page, live_server)
    sign_in(page)
    configure(live_server, session, duplicate_dial=True, dial_object_id_zero=True)
    page.click('#record .record-actions [data-action="call"]')
    second = wait_for_entry(live_server, session, "out", "DIAL_NUMBER", count=2)
    first = find(live_server, session, "out", "DIAL_NUMBER")[0]
    assert first["injected"] == "dial_object_id_zero" and second["injected"] == "duplicate_dial"
    assert first["message"]["data"]["objectId"] == 0 and first["message"]["data"]["subjectId"] == 0
    assert first["message"]["data"]["calleeInfo"] == {"calleeId": 51, "calleeObjectTypeId": "0-1"}
    wait_for_entry(live_server, session, "in", "OUTGOING_CALL_STARTED")
    assert len(find(live_server, session, "in", "OUTGOING_CALL_STARTED")) == 1  # the widget ignored the duplicate


# -- widget mistakes are flagged by name ---------------------------------------------------------


def test_call_ended_before_outgoing_call_started_is_flagged(page: Any, live_server: LiveServer) -> None:
    session = open_record_page(page, live_server)
    sign_in(page)
    post_from_widget(page, "CALL_ENDED", {"externalCallId": "never-started", "callEndStatus": "COMPLETED"})
    counts = wait_until(lambda: violations(live_server, session))
    assert isinstance(counts, dict) and {"call.unknown-id", "call.order"} & set(counts)
    page.wait_for_selector('#event-log [data-direction="violation"][data-rule^="call."]')


def test_outgoing_call_started_without_external_call_id_is_flagged(page: Any, live_server: LiveServer) -> None:
    session = open_record_page(page, live_server)
    sign_in(page)
    post_from_widget(page, "OUTGOING_CALL_STARTED", {"toNumber": "+16175550100", "createEngagement": True})
    wait_until(lambda: "call.missing-external-id" in violations(live_server, session))
    page.wait_for_selector('#event-log [data-rule="call.missing-external-id"]')


def test_error_text_is_shown_escaped_in_the_alert(page: Any, live_server: LiveServer) -> None:
    open_record_page(page, live_server)
    hostile = '<b id="bold">Mic</b> & <img id="pwn" src=x onerror="window.pwned=1">'
    post_from_widget(page, "ERROR", {"message": hostile})
    page.wait_for_selector(".hs-alert .hs-alert-text")
    assert page.inner_text(".hs-alert .hs-alert-text") == hostile
    assert page.locator("#alerts #bold, #alerts #pwn").count() == 0 and not page.evaluate("window.pwned")


# -- the inject panel ----------------------------------------------------------------------------


def open_inject_panel(page: Any) -> None:
    page.click("#inject-panel summary")
    page.wait_for_selector("#inject-type option[value='VISIBILITY_CHANGED']", state="attached")


def test_inject_panel_sends_visibility_changed_to_the_widget(page: Any, live_server: LiveServer) -> None:
    session = open_record_page(page, live_server)
    open_inject_panel(page)
    page.select_option("#inject-type", "VISIBILITY_CHANGED")
    wait_until(lambda: "isMinimized" in page.input_value("#inject-data"))
    page.fill("#inject-data", "{oops")
    page.click('[data-action="inject-send"]')
    page.wait_for_selector("#inject-error:has-text('Not valid JSON')")
    page.fill("#inject-data", '{"isMinimized": false, "isHidden": true}')
    page.click('[data-action="inject-send"]')
    widget(page).locator("#visibility:has-text('hidden')").wait_for()
    sent = wait_for_entry(live_server, session, "out", "VISIBILITY_CHANGED")
    assert sent["message"]["data"] == {"isMinimized": False, "isHidden": True}
    assert page.is_hidden("#inject-error")


def test_inject_panel_templates_are_realistic_for_the_record(page: Any, live_server: LiveServer) -> None:
    open_record_page(page, live_server)
    open_inject_panel(page)
    wait_until(lambda: "+16175550100" in page.input_value("#inject-data"))  # DIAL_NUMBER for Ada's phone
    page.select_option("#inject-type", "CALLER_ID_MATCH_SUCCEEDED")
    wait_until(lambda: "Lovelace" in page.input_value("#inject-data"))
    unusual = page.eval_on_selector_all("#inject-type optgroup:last-child option", "os => os.map(o => o.value)")
    assert unusual == ["READY", "SET_WIDGET_URL", "UNLOADING"]
    assert page.locator("#inject-type option[value='SYNC']").count() == 0


def test_host_faults_form_configures_the_session(page: Any, live_server: LiveServer) -> None:
    session = open_record_page(page, live_server)
    open_inject_panel(page)
    page.check('[data-fault="fail_update_engagement"]')
    page.click('[data-action="faults-apply"]')
    note = wait_for_entry(live_server, session, "note", "HOST_CONFIGURED")
    assert "fail_update_engagement=True" in note["text"] and note.get("severity") in (None, "info")
    # The form's min=0 stops -5 in the browser; the socket message itself is checked by the server too.
    bad = {"kind": "configure_host", "settings": {"reply_delay_ms": -5}}
    page.evaluate("m => import('/static/js/page.js').then((page) => page.socket.send(m))", bad)
    refused = wait_for_entry(live_server, session, "note", "HOST_CONFIGURED", count=2)
    assert refused["severity"] == "error" and "reply_delay_ms" in refused["text"]
    assert violations(live_server, session) == {}
