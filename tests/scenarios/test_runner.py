"""The runner against fake sessions (the real EventLog; the real Host for the shipped library) and fake drivers."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import pytest

from simulator.errors import WidgetActionError
from simulator.eventlog import LogEntry
from simulator.hubspot.conversation import Conversation
from simulator.hubspot.host import Effect, Host
from simulator.hubspot.sdk.protocol import HOST_TO_WIDGET, UNKNOWN_MESSAGE_TYPE, MessageIds
from simulator.scenarios.files import load_scenario
from simulator.scenarios.results import StepResult
from simulator.scenarios.runner import run_scenario
from tests.helpers.runner_fakes import FakeDriver, FakeSession, scenario, statuses

# The contract widget is one page: scenarios that open record tabs or the calling window, move a tab or run a task
# queue need the real host's, and tests/headless/test_tab_scenarios.py plays them with `callsim run --strict`.
SHIPPED = sorted(
    path
    for path in (Path(__file__).resolve().parents[2] / "scenarios").glob("*.yaml")
    if not any(
        word in path.read_text(encoding="utf-8") for word in ("open_tab:", "open_window:", "navigate:", "task_queue:")
    )
)


async def test_a_happy_path_with_captures_and_variables() -> None:
    session = FakeSession()

    def on_send(message_type: str, data: Any) -> None:
        if message_type == "DIAL_NUMBER":
            session.widget_sends("OUTGOING_CALL_STARTED", {"externalCallId": "c-1", "toNumber": data["phoneNumber"]})
            session.host_sends("CREATE_ENGAGEMENT_SUCCEEDED", {"engagementId": 42})
        if message_type == "END_CALL":
            session.widget_sends(
                "CALL_ENDED", {"externalCallId": "c-1", "engagementId": 42, "callEndStatus": "COMPLETED"}
            )

    session.on_send = on_send
    driver = FakeDriver({'[data-action="sign-in"]': lambda: session.widget_sends("LOGGED_IN")})
    seen: list[StepResult] = []
    steps = """
- click: '[data-action="sign-in"]'
  prompt: Sign in
- expect: LOGGED_IN
- send: DIAL_NUMBER
  data: {phoneNumber: "+16175550100"}
- expect: OUTGOING_CALL_STARTED
  match: {toNumber: "+16175550100", externalCallId: {$any: string}}
  capture: {call_id: externalCallId}
- expect: CREATE_ENGAGEMENT_SUCCEEDED
  from: host
  capture: {engagement_id: engagementId}
- expect_none: CALL_ENDED
  within: 50ms
- host: {fail_update_engagement: true}
- fill: {selector: '#notes', value: "call ${call_id}"}
- wait_for: {selector: '#status', text: "${engagement_id}"}
- send: END_CALL
- expect: CALL_ENDED
  match: {externalCallId: "${call_id}", engagementId: "${engagement_id}", callEndStatus: {$regex: "^COMPLETED$"}}
"""
    result = await run_scenario(scenario(steps), session, driver, on_step=seen.append)
    assert result.status == "passed", result.steps
    assert statuses(result) == ["passed"] * 11
    assert seen == list(result.steps)
    assert result.variables == {"call_id": "c-1", "engagement_id": 42}
    assert session.faults == {"fail_update_engagement": True}
    assert driver.actions == [
        ("click", '[data-action="sign-in"]', 10.0, "Sign in"),
        ("fill", "#notes", "call c-1", 10.0, None),
        ("wait_for", "#status", "42", 10.0, None),
    ]
    assert result.steps[3].detail == 'matched seq 3; captured call_id="c-1"'
    assert result.steps[2].detail == "sent seq 2"
    assert [step.index for step in result.steps] == list(range(1, 12))
    assert result.steps[1].description == "expect LOGGED_IN"


async def test_messages_that_arrived_before_the_step_count_but_not_before_start_seq() -> None:
    session = FakeSession()
    session.widget_sends("LOGGED_IN", None)
    start = session.log.last_seq
    session.widget_sends("INITIALIZED", {"isLoggedIn": False})
    result = await run_scenario(scenario("- expect: INITIALIZED"), session, FakeDriver(), start_seq=start)
    assert result.status == "passed"
    failed = await run_scenario(scenario("- expect: LOGGED_IN\n  within: 10ms"), session, FakeDriver(), start_seq=start)
    assert failed.status == "failed"
    assert failed.steps[0].detail == (
        "expected LOGGED_IN from the widget within 10ms\nno LOGGED_IN received; received instead: INITIALIZED"
    )


async def test_a_failed_expect_shows_each_candidate_and_skips_the_rest() -> None:
    session = FakeSession()
    session.widget_sends("CALL_ENDED", {"externalCallId": "x", "callEndStatus": "FAILED"})
    steps = """
- expect: CALL_ENDED
  match: {callEndStatus: COMPLETED}
  within: 20ms
- send: END_CALL
- wait: 1s
"""
    seen: list[StepResult] = []

    async def on_step(result: StepResult) -> None:
        seen.append(result)

    result = await run_scenario(scenario(steps), session, FakeDriver(), on_step=on_step)
    assert result.status == "failed"
    assert statuses(result) == ["failed", "skipped", "skipped"]
    assert len(seen) == 3
    assert result.steps[0].detail == "\n".join(
        [
            "expected CALL_ENDED from the widget within 20ms matching:",
            '    callEndStatus: "COMPLETED"',
            "received 1 CALL_ENDED message, none matched:",
            '  seq 1: {"externalCallId": "x", "callEndStatus": "FAILED"}',
            '    - callEndStatus: expected "COMPLETED", got "FAILED"',
        ]
    )
    assert session.sent == []
    assert result.failed_step is result.steps[0]
    assert result.steps[1].duration_s == 0.0


async def test_consecutive_expects_consume_distinct_messages_in_order() -> None:
    session = FakeSession()
    for width in (420, 440):
        session.widget_sends("RESIZE_WIDGET", {"width": width, "height": 600})
    steps = """
- expect: RESIZE_WIDGET
  capture: {first: width}
- expect: RESIZE_WIDGET
  capture: {second: width}
- expect: RESIZE_WIDGET
  within: 10ms
"""
    result = await run_scenario(scenario(steps), session, FakeDriver())
    assert result.variables == {"first": 420, "second": 440}
    assert statuses(result) == ["passed", "passed", "failed"]
    assert "no RESIZE_WIDGET received" in (result.steps[2].detail or "")


async def test_expects_are_ordered_unless_unordered() -> None:
    session = FakeSession()

    def on_send(message_type: str, data: Any) -> None:
        session.host_sends("CREATE_ENGAGEMENT_SUCCEEDED", {"engagementId": 1})
        session.host_sends("CALLER_ID_MATCH_SUCCEEDED", {"callerIdMatches": []})

    session.on_send = on_send
    ordered = """
- send: END_CALL
- expect: CALLER_ID_MATCH_SUCCEEDED
  from: host
- expect: CREATE_ENGAGEMENT_SUCCEEDED
  from: host
  within: 10ms
"""
    result = await run_scenario(scenario(ordered), session, FakeDriver())
    assert statuses(result) == ["passed", "passed", "failed"]
    assert "received instead: nothing" in (result.steps[2].detail or "")
    unordered = ordered.replace("  from: host\n", "  from: host\n  unordered: true\n")
    start = session.log.last_seq
    result = await run_scenario(scenario(unordered), session, FakeDriver(), start_seq=start)
    assert statuses(result) == ["passed", "passed", "passed"]


async def test_expect_waits_for_a_message_that_comes_later() -> None:
    session = FakeSession()
    loop = asyncio.get_running_loop()
    loop.call_later(0.02, session.widget_sends, "CALL_ANSWERED", {"externalCallId": "c"})
    result = await run_scenario(scenario("- expect: CALL_ANSWERED\n  within: 2s"), session, FakeDriver())
    assert result.status == "passed"
    assert result.steps[0].duration_s < 1


async def test_expect_none_fails_on_a_matching_message_only() -> None:
    session = FakeSession()
    session.widget_sends("ERROR", {"message": "boom"})
    steps = """
- expect_none: ERROR
  match: {message: other}
  within: 10ms
- expect_none: ERROR
  within: 10ms
"""
    result = await run_scenario(scenario(steps), session, FakeDriver())
    assert statuses(result) == ["passed", "failed"]
    assert result.steps[1].detail == (
        'expected no ERROR from the widget within 10ms, but received one (seq 1): {"message": "boom"}'
    )


async def test_expect_none_sees_a_message_arriving_during_the_window() -> None:
    session = FakeSession()
    asyncio.get_running_loop().call_later(0.01, session.widget_sends, "CALL_ENDED", {})
    result = await run_scenario(scenario("- expect_none: CALL_ENDED\n  within: 1s"), session, FakeDriver())
    assert result.status == "failed"
    assert result.steps[0].duration_s < 0.5


async def test_widget_action_errors_fail_the_step_with_their_message() -> None:
    driver = FakeDriver()
    driver.fail_with = WidgetActionError("no element matches #call within 10s")
    result = await run_scenario(scenario("- click: '#call'\n- wait: 0"), FakeSession(), driver)
    assert result.status == "failed"
    assert result.error is None
    assert result.steps[0].detail == "no element matches #call within 10s"


async def test_unexpected_exceptions_become_an_error_result_not_a_traceback() -> None:
    driver = FakeDriver()
    driver.fail_with = RuntimeError("browser closed")
    result = await run_scenario(scenario("- click: '#call'\n- wait: 0"), FakeSession(), driver)
    assert result.status == "error"
    assert result.error == "step 1 (click #call): RuntimeError: browser closed"
    assert statuses(result) == ["failed", "skipped"]


async def test_a_timeout_raised_by_the_driver_fails_only_the_step() -> None:
    driver = FakeDriver()
    driver.fail_with = TimeoutError()
    result = await run_scenario(scenario("- click: '#call'"), FakeSession(), driver)
    assert (result.status, result.steps[0].detail) == ("failed", "timed out")


async def test_the_scenario_timeout_stops_a_long_step() -> None:
    result = await run_scenario(scenario("- wait: 5s\n- wait: 0", timeout="50ms"), FakeSession(), FakeDriver())
    assert statuses(result) == ["failed", "skipped"]
    assert result.steps[0].detail == "scenario timeout of 50ms exceeded"
    assert result.duration_s < 2


async def test_timeout_scale_multiplies_within_and_action_timeouts() -> None:
    driver = FakeDriver()
    steps = "- click: '#a'\n  timeout: 4s\n- expect: LOGGED_IN\n  within: 10s"
    result = await run_scenario(scenario(steps), FakeSession(), driver, timeout_scale=0.002)
    assert driver.actions[0][2] == pytest.approx(0.008)
    assert result.steps[1].status == "failed"
    assert "within 20ms" in (result.steps[1].detail or "")


async def test_a_capture_path_missing_from_the_message_fails_the_step() -> None:
    session = FakeSession()
    session.widget_sends("OUTGOING_CALL_STARTED", {"toNumber": "+1"})
    result = await run_scenario(scenario("- expect: OUTGOING_CALL_STARTED\n  capture: {id: externalCallId}"), session,
                                FakeDriver())  # fmt: skip
    assert result.status == "failed"
    assert (result.steps[0].detail or "").startswith("matched seq 1, but cannot capture 'externalCallId'")


async def test_a_regex_made_invalid_by_substitution_fails_the_step() -> None:
    session = FakeSession()
    session.widget_sends("OUTGOING_CALL_STARTED", {"externalCallId": "(", "toNumber": "x"})
    steps = """
- expect: OUTGOING_CALL_STARTED
  capture: {bad: externalCallId}
- expect: OUTGOING_CALL_STARTED
  match: {toNumber: {$regex: "${bad}"}}
  within: 10ms
"""
    session.widget_sends("OUTGOING_CALL_STARTED", {"externalCallId": "b", "toNumber": "x"})
    result = await run_scenario(scenario(steps), session, FakeDriver())
    assert statuses(result) == ["passed", "failed"]
    assert (result.steps[1].detail or "").startswith("invalid match:")


# A Python model of the sample widget's contract, talking to the real mock HubSpot (Host) to run the shipped library.

WIDGET_URL = "http://127.0.0.1:8501/"


class HostSession(FakeSession):
    """A session whose HubSpot side is the real conversation and Host: they answer the widget, apply the faults."""

    def __init__(self) -> None:
        super().__init__()
        self.widget: Callable[[dict[str, Any]], None] | None = None
        self.widget_ids = MessageIds(1_700_000_000_500)
        later = asyncio.get_running_loop().call_later
        self.conversation = Conversation(self.log, Host(), self.ids, wire=self, later=later)

    async def send(self, message_type: str, data: Any) -> LogEntry:
        self.sent.append((message_type, data))
        return self.conversation.send(message_type, data)[0].entry

    def configure_host(self, settings: Mapping[str, Any]) -> None:
        self.conversation.configure_faults(settings)

    # The conversation's wire: host messages go to the widget model; the page's effects are not modelled.
    def post(self, message: dict[str, Any]) -> None:
        if self.widget is not None:
            self.widget(message)

    def effect(self, effect: Effect) -> None:
        pass

    def outcome_applied(self) -> None:
        pass

    def widget_posts(self, message_type: str, data: Any = None, **top: Any) -> LogEntry:
        """A widget -> host message, as the page relays it to the conversation."""
        message = {"type": message_type, "data": data, "messageId": self.widget_ids.next(), **top}
        return self.conversation.received(message, WIDGET_URL.rstrip("/"))

    def load_widget(self) -> None:
        """The iframe loads: the handshake (SYNC, SYNC_ACK) as the record page runs it."""
        self.conversation.page_loaded(WIDGET_URL)
        # The page's SYNC loop builds the SYNC (static/js/handshake.js) and reports it; the conversation logs it.
        sync = {"type": "SYNC", "messageId": self.ids.next(), **self.conversation.host.sync_fields(None)}
        self.conversation.sync_sent(sync, dropped=False)
        self.post(sync)


class ContractWidget:
    """The sample softphone as the issue describes it, speeding its 800 ms answer up to 20 ms."""

    def __init__(self, session: HostSession) -> None:
        self.session = session
        self.text: dict[str, str] = {"#status": "Signed out", "#auto-dial": "on"}
        self.logged_in = False
        self.available = False
        self.call: dict[str, Any] = {}
        self.size = (400, 600)
        self.calls = 0
        session.widget = self.receive
        session.load_widget()
        self.emit("INITIALIZED", {"isLoggedIn": False, "isAvailable": False, "sizeInfo": {"width": 400, "height": 600}})

    def emit(self, message_type: str, data: Any = None) -> None:
        self.session.widget_posts(message_type, data)

    def receive(self, message: dict[str, Any]) -> None:
        message_type: str = message["type"]
        data: Any = message.get("data")
        if message_type not in HOST_TO_WIDGET:
            self.emit("ERROR", {"type": UNKNOWN_MESSAGE_TYPE, "data": {"originalMessage": message}})
        elif message_type == "SYNC":
            # SYNC_ACK carries its fields at the top and reuses the SYNC's messageId (docs/protocol.md §2.3).
            ack = {"version": "0.9.0", "iFrameUrl": WIDGET_URL, "debugMode": False, "messageId": message["messageId"]}
            self.session.widget_posts("SYNC_ACK", None, **ack)
        elif message_type == "DIAL_NUMBER":
            self.text["#number"] = data["phoneNumber"]
            self.start_call(outbound=True)
        elif message_type == "CREATE_ENGAGEMENT_SUCCEEDED":
            self.call["engagementId"] = data["engagementId"]
        elif message_type == "CREATE_ENGAGEMENT_FAILED":
            self.text["#alert"] = data["error"]["message"]
        elif message_type == "CALLER_ID_MATCH_SUCCEEDED":
            matches = data["callerIdMatches"]
            self.text["#caller"] = (
                f"{matches[0]['firstName']} {matches[0]['lastName']}" if matches else "Unknown caller"
            )
        elif message_type == "END_CALL":
            self.click('[data-action="hang-up"]')
        elif message_type == "VISIBILITY_CHANGED":
            state = "minimized" if data["isMinimized"] else "hidden" if data["isHidden"] else "visible"
            self.text["#visibility"] = state
        elif message_type == "SET_CALL_STATE":
            self.text["#call-state"] = json.dumps(data)

    def start_call(self, outbound: bool) -> None:
        self.calls += 1
        call_id = f"call-{self.calls}"
        self.call = {"externalCallId": call_id, "direction": "OUTBOUND" if outbound else "INBOUND"}
        if outbound:
            self.text["#status"] = "Dialing"
            data = {"externalCallId": call_id, "toNumber": self.text["#number"], "fromNumber": "+16175550199",
                    "callStartTime": 1_700_000_000_000, "createEngagement": True}  # fmt: skip
            self.emit("OUTGOING_CALL_STARTED", data)
            asyncio.get_running_loop().call_later(0.02, self.answered, call_id)
        else:
            self.text["#status"] = "Ringing"
            data = {"externalCallId": call_id, "fromNumber": self.text["#incoming-number"], "toNumber": "+16175550199",
                    "callStartTime": 1_700_000_000_000, "createEngagement": True}  # fmt: skip
            self.emit("INCOMING_CALL", data)

    def answered(self, call_id: str) -> None:
        if self.call.get("externalCallId") == call_id and "ended" not in self.call:
            self.text["#status"] = "Connected"
            self.emit("CALL_ANSWERED", {"externalCallId": call_id})

    def end(self, status: str) -> None:
        self.call["ended"] = True
        self.text["#status"] = "Call ended"
        self.emit("CALL_ENDED", {"externalCallId": self.call["externalCallId"],
                                 "engagementId": self.call.get("engagementId"), "callEndStatus": status})  # fmt: skip

    def click(self, selector: str) -> None:
        action = selector.removeprefix('[data-action="').removesuffix('"]')
        if action == "sign-in":
            self.logged_in = True
            self.text["#status"] = "Ready"
            self.emit("LOGGED_IN")
        elif action == "sign-out":
            self.logged_in = False
            self.text["#status"] = "Signed out"
            self.emit("LOGGED_OUT")
        elif action == "toggle-availability":
            self.available = not self.available
            self.emit("USER_AVAILABLE" if self.available else "USER_UNAVAILABLE")
        elif action == "simulate-incoming" and self.logged_in:
            self.start_call(outbound=False)
        elif action == "answer":
            self.answered(self.call["externalCallId"])
        elif action == "reject":
            self.end("CANCELED")
        elif action == "hang-up":
            self.end("COMPLETED")
        elif action == "save-call":
            properties = {"hs_call_body": self.text.get("#notes", ""), "hs_call_duration": "1000",
                          "hs_call_status": "COMPLETED", "hs_call_direction": self.call["direction"],
                          "hs_call_title": "Call"}  # fmt: skip
            self.text["#status"] = "Saved"
            self.emit("CALL_COMPLETED", {"externalCallId": self.call["externalCallId"],
                                         "engagementId": self.call.get("engagementId"), "hideWidget": False,
                                         "engagementProperties": properties})  # fmt: skip
        elif action == "report-error":
            self.emit("ERROR", {"message": "Microphone permission denied"})
        elif action == "resize":
            self.size = (self.size[0] + 20, self.size[1] + 20)
            self.emit("RESIZE_WIDGET", {"width": self.size[0], "height": self.size[1]})
        else:
            raise WidgetActionError(f"no element matches {selector}")


class ContractDriver:
    def __init__(self, widget: ContractWidget) -> None:
        self.widget = widget

    async def click(self, selector: str, timeout: float, prompt: str | None) -> None:
        self.widget.click(selector)

    async def fill(self, selector: str, value: str, timeout: float, prompt: str | None) -> None:
        self.widget.text[selector] = value

    async def wait_for(self, selector: str | None, text: str | None, timeout: float, prompt: str | None) -> None:
        deadline = asyncio.get_running_loop().time() + timeout
        while selector not in self.widget.text or (text is not None and text not in self.widget.text[selector]):
            if asyncio.get_running_loop().time() > deadline:
                shown = self.widget.text.get(selector or "")
                raise WidgetActionError(f"{selector} does not show {text!r} within {timeout}s (it shows {shown!r})")
            await asyncio.sleep(0.005)


@pytest.mark.parametrize("path", SHIPPED, ids=[p.name for p in SHIPPED])
async def test_shipped_scenarios_pass_against_the_widget_contract(path: Path) -> None:
    loaded = load_scenario(path)
    session = HostSession()
    session.configure_host(loaded.host)
    widget = ContractWidget(session)
    result = await run_scenario(loaded, session, ContractDriver(widget), timeout_scale=0.2)
    failures = [f"step {s.index} {s.description}: {s.detail}" for s in result.steps if s.status != "passed"]
    assert result.status == "passed", "\n".join(failures)
