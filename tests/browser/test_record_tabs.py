"""Issue 18, items 3 and 4, end to end: several record tabs of one user (opened from the page's New tab button and
from the control API) where an INCOMING_CALL with usesCallingWindow false rings in both and answering in one stops
the other; and "receive calls through", chosen in the page and by the control API, ignoring other providers' calls.

Real headless Chromium and the real sample widget (SDK 0.9.7) against a server of this module's own: the inbound
provider is a per-user setting of the server, which other tests must not inherit. Its --scenarios folder holds the
two scenarios the record page's Scenario panel plays here: `open_tab` in a record tab and, issue 18 item 7,
`open_window` in the calling window (and `navigate`, which the page cannot do to the person's tabs, fails saying
where to play it).
"""

from __future__ import annotations

import json
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from typing import Any

import pytest

from tests.helpers.live_server import (
    LiveServer,
    api,
    session_of,
    sign_in,
    start_live_server,
    stop_live_server,
    wait_until,
)
from tests.helpers.scenario_panel import panel_run_on

pytestmark = pytest.mark.browser
FRAME = "#hubspot-calling-extension-iframe"
INITIALIZED = '#event-log [data-direction="in"][data-type="INITIALIZED"]'


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    scenarios = tmp_path_factory.mktemp("panel-scenarios")
    (scenarios / "two-tabs.yaml").write_text(PAGE_TABS_SCENARIO)
    (scenarios / "window.yaml").write_text(WINDOW_SCENARIO)
    live = start_live_server("--scenarios", str(scenarios))
    yield live
    stop_live_server(live)


def request(server: LiveServer, method: str, path: str, body: Any = None) -> tuple[int, Any]:
    data = None if body is None else json.dumps(body).encode()
    made = urllib.request.Request(
        server.url + path, data=data, method=method, headers={"Content-Type": "application/json"}
    )
    try:
        with urllib.request.urlopen(made, timeout=30) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def entries(server: LiveServer, session: str) -> list[dict[str, Any]]:
    return list(api(server, f"/api/sessions/{session}/log")["entries"])


def notes(server: LiveServer, session: str, type_: str) -> list[str]:
    return [e.get("text") or "" for e in entries(server, session) if e["direction"] == "note" and e["type"] == type_]


def open_claimed(page: Any, server: LiveServer, context: dict[str, Any], widget: str | None = None) -> str:
    """A record page whose session has `context` (a claim, as `callsim run` opens them); its session id."""
    body: dict[str, Any] = {"context": context, **({"widgetUrl": widget} if widget else {})}
    status, claim = request(server, "POST", "/api/claims", body)
    assert status == 201, claim
    page.goto(claim["url"])
    page.wait_for_selector(INITIALIZED, timeout=15_000)
    return session_of(page)


def widget(page: Any) -> Any:
    return page.frame_locator(FRAME)


def call_chip(page: Any) -> str:
    return str(page.text_content("#call-state"))


INBOUND_OFF_WINDOW = {"usesCallingWindow": False, "supportsInboundCalling": True}


def test_an_incoming_call_rings_in_both_tabs_and_answering_in_the_second_stops_the_first(
    page: Any, server: LiveServer
) -> None:
    first = open_claimed(page, server, INBOUND_OFF_WINDOW)
    with page.context.expect_page() as opened:
        page.click('[data-action="open-tab"]')  # the page's New tab button
    tab2 = opened.value
    tab2.wait_for_selector(INITIALIZED, timeout=15_000)
    second = session_of(tab2)
    assert second != first
    assert page.text_content("#tab-number") == "Tab 1" and tab2.text_content("#tab-number") == "Tab 2"
    sync = next(e for e in entries(server, second) if e["type"] == "SYNC")["message"]
    assert sync["usesCallingWindow"] is False and "iframeLocation" not in sync  # the opener's user and settings
    for tab in (page, tab2):
        sign_in(tab)
        widget(tab).locator('[data-action="toggle-availability"]').click()  # inbound calls ring for available users
        tab.wait_for_selector('#event-log [data-type="USER_AVAILABLE"]')

    widget(page).locator('[data-action="simulate-incoming"]').click()
    for tab in (page, tab2):  # the sample widget's instances share the call (BroadcastChannel): both raise it
        tab.wait_for_selector('#event-log [data-direction="in"][data-type="INCOMING_CALL"]')
        wait_until(lambda tab=tab: call_chip(tab) == "Inbound · RINGING")
    ids = {
        e["message"]["data"]["externalCallId"]
        for s in (first, second)
        for e in entries(server, s)
        if e["type"] == "INCOMING_CALL"
    }
    assert len(ids) == 1  # one call, ringing in two tabs
    engagements = {
        e["message"]["data"]["engagementId"]
        for s in (first, second)
        for e in entries(server, s)
        if e["type"] == "CREATE_ENGAGEMENT_SUCCEEDED"
    }
    assert len(engagements) == 1  # and one engagement for it

    widget(tab2).locator('[data-action="answer"]').click()
    wait_until(lambda: call_chip(page) == "Inbound · answered in tab 2")
    assert call_chip(tab2) == "Inbound · IN_PROGRESS"
    widget(page).locator("#status", has_text="Answered in another tab").wait_for()
    assert any("answered in tab 2: it stops ringing here" in text for text in notes(server, first, "HOST"))
    said = notes(server, second, "TAB")
    assert any("tab 2 answered call" in text and "stops ringing in tab 1" in text for text in said)

    widget(tab2).locator('[data-action="hang-up"]').click()
    widget(tab2).locator('[data-action="save-call"]').click()
    tab2.wait_for_selector('#event-log [data-type="UPDATE_ENGAGEMENT_SUCCEEDED"]')
    tab2.close()
    page.goto("about:blank")  # the first tab's session ends: the call it did not answer is no ghost there
    wait_until(lambda: not api(server, f"/api/sessions/{first}")["live"])
    rules = [e["rule"] for s in (first, second) for e in entries(server, s) if e["direction"] == "violation"]
    assert rules == []


def test_the_control_api_opens_a_tab_of_the_same_user_and_lists_the_tabs(page: Any, server: LiveServer) -> None:
    first = open_claimed(page, server, {"userId": 4242, "record": {"type": "contact", "id": 51}})
    answer: list[tuple[int, Any]] = []
    path, record = f"/api/sessions/{first}/tabs", {"record": {"type": "company", "id": 77}}
    # In a thread: Playwright's sync API must keep running while the server waits for the new tab's hello.
    asking = threading.Thread(target=lambda: answer.append(request(server, "POST", path, record)))
    with page.context.expect_page() as opened:
        asking.start()
    tab2 = opened.value
    wait_until(lambda: answer, timeout=20)
    status, body = answer[0]
    assert status == 201, body
    assert body["tab"] == 2 and body["user"]["userId"] == 4242 and "/companies/77?" in body["url"]
    tab2.wait_for_selector(INITIALIZED, timeout=15_000)
    listed = api(server, f"/api/sessions/{first}/tabs")
    assert [(t["tab"], t["sessionId"]) for t in listed["tabs"]] == [(1, first), (2, body["id"])]
    assert any("record tab 2 of user 4242" in text for text in notes(server, body["id"], "TAB"))

    status, error = request(server, "POST", f"/api/sessions/{first}/tabs", {"record": {"type": "deal", "id": 1}})
    assert status == 400 and "record.type" in error["error"]
    status, error = request(server, "POST", f"/api/sessions/{first}/tabs", {"record": {"id": 999999}})
    assert status == 404 and "no contact with id 999999" in error["error"]
    tab2.close()


def test_only_the_provider_the_user_receives_calls_through_rings(page: Any, server: LiveServer) -> None:
    own = open_claimed(page, server, {"userId": 5151})  # the sample widget: the switcher's "sample"
    status, error = request(server, "PUT", f"/api/sessions/{own}/receive-calls-through", {"provider": "nope"})
    assert status == 400 and "expected one of sample" in error["error"]
    page.select_option("#inbound-provider", "sample")  # chosen in the page
    wait_until(lambda: request(server, "GET", f"/api/sessions/{own}/receive-calls-through")[1]["provider"] == "sample")

    other = page.context.new_page()  # the same user on a widget the switcher does not list as "sample"
    foreign = open_claimed(other, server, {"userId": 5151}, widget=server.widget_url + "/?copy=1")
    assert other.eval_on_selector("#inbound-provider", "s => s.value") == "sample"
    sign_in(other)
    widget(other).locator('[data-action="simulate-incoming"]').click()
    wait_until(lambda: any("HubSpot ignores INCOMING_CALL" in t for t in notes(server, foreign, "HOST")))
    text = next(t for t in notes(server, foreign, "HOST") if "HubSpot ignores INCOMING_CALL" in t)
    assert "through 'Sample softphone (callsim)' (sample), not 'Widget from ?widget=' (cli:query)" in text
    assert call_chip(other) == "No call"
    assert not [e for e in entries(server, foreign) if e["type"] == "CALLER_ID_MATCH_SUCCEEDED"]

    status, body = request(server, "PUT", f"/api/sessions/{foreign}/receive-calls-through", {"provider": None})
    assert status == 200 and body["text"] == "user 5151 receives calls through any provider"
    wait_until(lambda: other.eval_on_selector("#inbound-provider", "s => s.value") == "")
    assert any("any provider" in t for t in notes(server, own, "RECEIVE_CALLS"))
    other.close()


PAGE_TABS_SCENARIO = """\
name: Two tabs from the Scenario panel
context: {usesCallingWindow: false}
steps:
  - expect: INITIALIZED
  - open_tab: 2
  - expect: INITIALIZED
    tab: 2
  - click: '[data-action="sign-in"]'
    tab: 2
    prompt: Sign in to the widget
  - expect: LOGGED_IN
    tab: 2
"""


def test_the_scenario_panel_opens_a_tab_and_prompts_for_it(page: Any, server: LiveServer) -> None:
    tab2 = panel_run_on(page, server, "two-tabs.yaml")
    page.wait_for_selector("#scenario-prompt-text:has-text('In tab 2: Sign in to the widget')")
    sign_in(tab2)  # the person does what the prompt says, in the tab it names
    page.wait_for_selector('#scenario-state[data-state="passed"]', timeout=15_000)
    tab2.close()


WINDOW_SCENARIO = """\
name: The calling window from the Scenario panel
context: {usesCallingWindow: true}
steps:
  - expect: INITIALIZED
  - open_window: true
  - expect: INITIALIZED
    tab: window
  - click: '[data-action="sign-in"]'
    tab: window
    prompt: Sign in to the widget
  - expect: LOGGED_IN
    tab: window
  - navigate: {type: company, id: 77}
"""


def test_the_scenario_panel_opens_the_window_and_cannot_navigate(page: Any, server: LiveServer) -> None:
    window = panel_run_on(page, server, "window.yaml")
    assert "/calling-integration-popup-ui/" in window.url
    page.wait_for_selector("#scenario-prompt-text:has-text('In the calling window: Sign in to the widget')")
    sign_in(window)  # the person does what the prompt says, in the window
    page.wait_for_selector('#scenario-state[data-state="failed"]', timeout=15_000)
    log = api(server, f"/api/sessions/{session_of(page)}/log")["entries"]
    failed = next(e["text"] for e in log if e["type"] == "SCENARIO_STEP" and e.get("severity") == "error")
    assert failed.startswith("✗ step 6: navigate to company 77")
    assert "navigate: the page's player cannot move your tabs; play the scenario with `callsim run`" in failed
    window.close()
