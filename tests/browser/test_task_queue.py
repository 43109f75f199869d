"""Task queues end to end (issue 18, item 5): started from the page's panel and from the control API, against the
sample widget (SDK 0.9.7) in real Chromium; each CALL_COMPLETED opens and dials the next task's record, hideWidget
is ignored, skip and stop work, and the queue_dial_needs_close quirk (SDK issue #237) holds a dial until the widget
is closed. The scenario form is tests/headless/test_tab_scenarios.py's."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from typing import Any

import pytest

from tests.helpers.live_server import LiveServer, api, open_record_page, sign_in, wait_until

pytestmark = pytest.mark.browser
FRAME = "#hubspot-calling-extension-iframe"


def request(server: LiveServer, method: str, path: str, body: Any = None) -> tuple[int, Any]:
    data = None if body is None else json.dumps(body).encode()
    made = urllib.request.Request(
        server.url + path, data=data, method=method, headers={"Content-Type": "application/json"}
    )
    try:
        with urllib.request.urlopen(made, timeout=10) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def dials(server: LiveServer, session: str) -> list[int]:
    entries = api(server, f"/api/sessions/{session}/log")["entries"]
    return [e["message"]["data"]["objectId"] for e in entries if e["direction"] == "out" and e["type"] == "DIAL_NUMBER"]


def count(server: LiveServer, session: str, type_: str) -> int:
    entries = api(server, f"/api/sessions/{session}/log")["entries"]
    return sum(1 for e in entries if e["direction"] == "in" and e["type"] == type_)


def finish_call(page: Any, server: LiveServer, session: str, calls: int) -> None:
    """The sample widget dialled and the callee answered: hang up and save (the `calls`-th CALL_COMPLETED)."""
    wait_until(lambda: count(server, session, "CALL_ANSWERED") == calls)
    widget = page.frame_locator(FRAME)
    widget.locator('[data-action="hang-up"]').click()
    widget.locator('[data-action="save-call"]').click()
    wait_until(lambda: count(server, session, "CALL_COMPLETED") == calls)


def test_a_queue_started_in_the_page_calls_each_record_in_turn_and_keeps_the_widget_open(
    page: Any, live_server: LiveServer
) -> None:
    session = open_record_page(page, live_server)
    sign_in(page)
    page.select_option("#task-queue-records", [
        '{"objectTypeId": "0-1", "objectId": 51}', '{"objectTypeId": "0-1", "objectId": 52}',
        '{"objectTypeId": "0-2", "objectId": 77}',
    ])  # fmt: skip
    page.click('[data-action="queue-start"]')
    wait_until(lambda: dials(live_server, session) == [51])
    wait_until(lambda: page.text_content("#task-queue-state") == "task 1 of 3")  # the panel hears it after the dial
    wait_until(lambda: count(live_server, session, "CALL_ANSWERED") == 1)
    widget = page.frame_locator(FRAME)
    widget.locator('[data-action="hang-up"]').click()
    widget.locator("#hide-after-save").check()  # the widget asks HubSpot to close it after the call
    widget.locator('[data-action="save-call"]').click()
    wait_until(lambda: dials(live_server, session) == [51, 52])  # after CALL_COMPLETED, the next task
    wait_until(lambda: "Charles Babbage" in (page.text_content("#record h1") or ""))  # its record is on screen
    assert page.eval_on_selector("#call-panel", "p => p.classList.contains('is-hidden')") is False
    finish_call(page, live_server, session, 2)
    wait_until(lambda: dials(live_server, session) == [51, 52, 77])
    finish_call(page, live_server, session, 3)
    wait_until(lambda: page.text_content("#task-queue-state") == "done")
    assert page.eval_on_selector("#call-panel", "p => p.classList.contains('is-hidden')") is False
    queue = api(live_server, f"/api/sessions/{session}/task-queue")
    assert [t["outcome"] for t in queue["tasks"]] == ["called", "called", "called"]
    notes = [e.get("text") for e in api(live_server, f"/api/sessions/{session}/log")["entries"] if e["type"] == "HOST"]
    assert notes.count("HubSpot ignores hideWidget in a task queue: the widget stays open for the next task") == 3
    engagements = api(live_server, f"/api/sessions/{session}/log")["entries"]
    ids = [e["message"]["data"]["engagementId"] for e in engagements if e["type"] == "CREATE_ENGAGEMENT_SUCCEEDED"]
    assert len(set(ids)) == 3


def test_the_control_api_starts_skips_and_stops_a_queue(page: Any, live_server: LiveServer) -> None:
    session = open_record_page(page, live_server)
    sign_in(page)
    page.frame_locator(FRAME).locator("#auto-dial").uncheck()  # DIAL_NUMBER only fills the number in
    path = f"/api/sessions/{session}/task-queue"
    assert request(live_server, "POST", path + "/skip")[0] == 409
    status, error = request(live_server, "POST", path, {"tasks": [{"type": "contact", "id": 999}]})
    assert status == 400 and error["error"] == "task 1: no such record in the CRM: {'type': 'contact', 'id': 999}"
    status, queue = request(
        live_server, "POST", path, {"tasks": [{"id": 51}, {"id": 61}, {"type": "company", "id": 78}]}
    )
    assert status == 201 and queue["status"] == "RUNNING" and queue["task"] == 1
    wait_until(lambda: dials(live_server, session) == [51])
    status, queue = request(live_server, "POST", path + "/skip")
    assert status == 200 and queue["task"] == 2
    wait_until(lambda: dials(live_server, session) == [51, 61])
    wait_until(lambda: page.frame_locator(FRAME).locator("#number").input_value() == "+15105550143")
    status, queue = request(live_server, "DELETE", path)
    assert status == 200 and queue["status"] == "STOPPED"
    assert [t["outcome"] for t in queue["tasks"]] == ["skipped", None, None]
    assert request(live_server, "DELETE", path) == (409, {"error": "the task queue is stopped already"})
    page.wait_for_timeout(300)
    assert dials(live_server, session) == [51, 61]


def test_the_237_quirk_dials_the_next_task_only_after_the_user_closed_the_widget(
    page: Any, live_server: LiveServer
) -> None:
    session = open_record_page(page, live_server)
    sign_in(page)
    api(live_server, f"/api/sessions/{session}/host", {"queue_dial_needs_close": True})
    tasks = {"tasks": [{"id": 51}, {"id": 52}, {"id": 61}]}
    request(live_server, "POST", f"/api/sessions/{session}/task-queue", tasks)
    finish_call(page, live_server, session, 1)
    wait_until(lambda: "Charles Babbage" in (page.text_content("#record h1") or ""))  # the record opens...
    wait_until(lambda: "SDK issue #237" in (page.text_content("#task-queue-tasks") or ""))
    assert dials(live_server, session) == [51]  # ...but no DIAL_NUMBER comes
    page.click('[data-action="close-widget"]')  # the user closes the widget (its x)...
    page.wait_for_timeout(300)
    assert dials(live_server, session) == [51]  # ...which does not dial Charles
    page.click('[data-action="queue-skip"]')  # the next move does
    wait_until(lambda: dials(live_server, session) == [51, 61])
    wait_until(lambda: page.eval_on_selector("#call-panel", "p => !p.classList.contains('is-hidden')"))
    assert "Maria Gonzalez" in (page.text_content("#record h1") or "")
