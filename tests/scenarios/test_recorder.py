"""The recorder: session log entries -> scenario YAML that parses, captures ids and infers the widget's clicks."""

from __future__ import annotations

from typing import Any

from simulator.scenarios.model import (
    ClickStep,
    ExpectStep,
    FillStep,
    OpenRemoteStep,
    OpenTabStep,
    OpenWindowStep,
    Scenario,
    SendStep,
    WaitForStep,
)
from simulator.scenarios.parser import parse_scenario
from simulator.scenarios.recorder import RecordedSurface, record_scenario


class Log:
    """Builds a session's entries as `LogEntry.to_json()` gives them, a tenth of a second apart by default."""

    def __init__(self) -> None:
        self.entries: list[dict[str, Any]] = []
        self.ts = 1000.0
        self.note("IFRAME_LOAD")
        self.out("SYNC", top_level=True)
        self.into("SYNC_ACK", top_level=True)

    def add(self, direction: str, type_: str, after: float = 0.1, **fields: Any) -> None:
        self.ts += after
        seq = len(self.entries) + 1
        self.entries.append(
            {"seq": seq, "ts": self.ts, "session_id": "s", "direction": direction, "type": type_, **fields}
        )

    def out(self, type_: str, data: Any = None, top_level: bool = False, after: float = 0.1, **fields: Any) -> None:
        message = {"type": type_, "messageId": "1_1"} if top_level else {"type": type_, "data": data}
        self.add("out", type_, after, message=message, **fields)

    def into(self, type_: str, data: Any = None, top_level: bool = False, after: float = 0.1) -> None:
        message = {"type": type_, "messageId": "2_2"} if top_level else {"type": type_, "data": data}
        self.add("in", type_, after, message=message)

    def note(self, type_: str, **fields: Any) -> None:
        self.add("note", type_, **fields)


def parsed(text: str) -> Scenario:
    scenario, errors = parse_scenario(text, "recorded.yaml")
    assert errors == [] and scenario is not None, (errors, text)
    return scenario


def outbound() -> Log:
    log = Log()
    log.into("INITIALIZED", {"isLoggedIn": False, "isAvailable": False})
    log.into("LOGGED_IN", {}, after=2.0)
    dial = {"phoneNumber": "+16175550100", "subjectId": 51, "objectId": 51, "objectType": "CONTACT"}
    log.out("DIAL_NUMBER", {**dial, "startTimestamp": 1_700_000_000_000}, after=3.0)
    log.out("DIAL_NUMBER", dial, injected="duplicate_dial", after=0.0)  # a fault's copy: the host repeats it
    started = {"externalCallId": "abc-1", "toNumber": "+16175550100", "callStartTime": 1_700_000_000_100}
    log.into("OUTGOING_CALL_STARTED", {**started, "createEngagement": True})
    log.out("CREATE_ENGAGEMENT_SUCCEEDED", {"engagementId": 301})
    log.into("CALL_ANSWERED", {"externalCallId": "abc-1"}, after=0.8)
    log.into("CALL_ENDED", {"externalCallId": "abc-1", "engagementId": 301, "callEndStatus": "COMPLETED"}, after=9)
    props = {"hs_call_body": "Notes: a\nb: 'c' # not a comment", "hs_call_duration": "9000"}
    log.into("CALL_COMPLETED", {"externalCallId": "abc-1", "engagementId": 301, "engagementProperties": props})
    log.out("UPDATE_ENGAGEMENT_SUCCEEDED", {"engagementId": 301})
    return log


def test_a_hand_driven_outbound_call_becomes_sends_expects_and_clicks() -> None:
    text = record_scenario(outbound().entries, name="Recorded", context={"portalId": 81431})
    scenario = parsed(text)
    assert scenario.context.portal_id == 81431 and scenario.context.record_id == 51  # the page the dial came from
    kinds = [(s.kind, getattr(s, "message_type", None) or getattr(s, "selector", None)) for s in scenario.steps]
    assert kinds == [
        ("expect", "INITIALIZED"),
        ("click", '[data-action="sign-in"]'),
        ("expect", "LOGGED_IN"),
        ("send", "DIAL_NUMBER"),  # once: the duplicate was the fault's
        ("expect", "OUTGOING_CALL_STARTED"),  # no click: the widget dialled on DIAL_NUMBER by itself
        ("expect", "CREATE_ENGAGEMENT_SUCCEEDED"),
        ("expect", "CALL_ANSWERED"),  # outbound: the callee answered, nobody clicked
        ("click", '[data-action="hang-up"]'),
        ("expect", "CALL_ENDED"),
        ("fill", "#notes"),
        ("click", '[data-action="save-call"]'),
        ("expect", "CALL_COMPLETED"),
        ("expect", "UPDATE_ENGAGEMENT_SUCCEEDED"),
    ]
    steps = scenario.steps
    assert all(isinstance(s, ClickStep) and s.prompt for s in steps if s.kind == "click")
    assert "# the sample widget's selector" in text
    started, engagement, ended, completed = (steps[i] for i in (4, 5, 8, 11))
    assert isinstance(started, ExpectStep) and started.capture == {"call_id": "externalCallId"}
    assert started.match == {"externalCallId": {"$any": "string"}, "toNumber": "+16175550100", "createEngagement": True}
    assert isinstance(engagement, ExpectStep) and engagement.source == "host"
    assert engagement.capture == {"engagement_id": "engagementId"}
    assert isinstance(ended, ExpectStep) and ended.match == {
        "externalCallId": "${call_id}",
        "engagementId": "${engagement_id}",
        "callEndStatus": "COMPLETED",
    }
    assert isinstance(completed, ExpectStep)
    assert completed.match["engagementProperties"] == {"hs_call_body": "Notes: a\nb: 'c' # not a comment"}
    fill = steps[9]
    assert isinstance(fill, FillStep) and fill.value == "Notes: a\nb: 'c' # not a comment"
    send = steps[3]
    assert isinstance(send, SendStep) and send.data["phoneNumber"] == "+16175550100"
    assert "abc-1" not in text and "301" not in text  # ids are captured, never copied


def test_an_inbound_call_and_an_end_call_from_hubspot() -> None:
    log = Log()
    log.into("INITIALIZED", {"isLoggedIn": True})
    log.into("INCOMING_CALL", {"externalCallId": "in-1", "fromNumber": "+16175550100", "toNumber": "+1"})
    log.into("CALL_ANSWERED", {"externalCallId": "in-1"})
    log.out("END_CALL", {"externalCallId": "in-1"}, after=2)
    log.into("CALL_ENDED", {"externalCallId": "in-1", "callEndStatus": "COMPLETED"})
    log.into("INCOMING_CALL", {"externalCallId": "in-2", "fromNumber": "+16175550111"})
    log.into("CALL_ENDED", {"externalCallId": "in-2", "callEndStatus": "CANCELED"})
    scenario = parsed(record_scenario(log.entries, name="Inbound"))
    actions = [s.selector for s in scenario.steps if isinstance(s, ClickStep | FillStep)]
    assert actions == [
        "#incoming-number",
        '[data-action="simulate-incoming"]',
        '[data-action="answer"]',
        "#incoming-number",
        '[data-action="simulate-incoming"]',
        '[data-action="reject"]',  # unanswered and CANCELED: rejected; the first call HubSpot ended (no click)
    ]
    end_call = next(s for s in scenario.steps if isinstance(s, SendStep))
    assert end_call.data == {"externalCallId": "${call_id}"}
    second = [s for s in scenario.steps if isinstance(s, ExpectStep) and s.capture]
    assert [dict(s.capture) for s in second] == [{"call_id": "externalCallId"}, {"call_id_2": "externalCallId"}]


def test_another_widget_gets_prompts_and_its_url() -> None:
    text = record_scenario(outbound().entries, name="Theirs", widget="https://widget.example/app", sample_widget=False)
    scenario = parsed(text)
    assert scenario.widget == "https://widget.example/app"
    assert not any(isinstance(s, ClickStep | FillStep) for s in scenario.steps)
    prompts = [s.prompt for s in scenario.steps if isinstance(s, WaitForStep)]
    assert prompts == ["Sign in to the widget", "Hang up", "Save the call"]
    assert "replace with a click on your widget's control" in text


def test_slow_answers_unknown_types_reloads_and_hostile_text() -> None:
    log = Log()
    log.into("INITIALIZED", {"isLoggedIn": False, "label": "]}: &x *y !tag\n- item"})
    log.into("INITIALIZED", {"isLoggedIn": False}, after=12)  # came by itself, 12 s later
    log.out("MADE_UP_EVENT", {"a": 1})
    log.into("WIDGET_MADE_UP", {"b": 2})
    log.note("RELOAD", text="reloading")
    log.note("HOST_CONFIGURED", text="mock host now answers with fail_navigate=True # x\n- y")
    log.into("(malformed)")
    scenario = parsed(record_scenario(log.entries, name="Odd: [name] # yes"))
    assert scenario.name == "Odd: [name] # yes"
    first, slow, made_up, widget_made_up, reload = scenario.steps
    assert isinstance(first, ExpectStep) and first.match["label"] == "]}: &x *y !tag\n- item"
    assert isinstance(slow, ExpectStep) and slow.within == 18.0
    assert isinstance(made_up, SendStep) and made_up.allow_unknown
    assert isinstance(widget_made_up, ExpectStep) and widget_made_up.allow_unknown
    assert reload.kind == "reload"


def test_an_empty_session_is_still_a_valid_scenario() -> None:
    scenario = parsed(record_scenario([], name="Nothing"))
    assert [s.kind for s in scenario.steps] == ["wait"]


def test_an_inbound_call_in_two_tabs_opens_the_second_and_names_it() -> None:
    # Tab 1 starts the call; the sample widget's instances share it, so tab 2 rings too, and is answered there.
    first, second = Log(), Log()
    second.ts = first.ts + 1.0  # opened a second after the first tab
    for log in (first, second):
        log.into("INITIALIZED", {"isLoggedIn": False, "isAvailable": False})
        log.into("LOGGED_IN", {}, after=1.0)
    first.ts = second.ts = max(first.ts, second.ts)
    ringing = {"externalCallId": "in-1", "fromNumber": "+16175550100", "createEngagement": True}
    first.into("INCOMING_CALL", ringing, after=2.0)
    second.into("INCOMING_CALL", ringing, after=2.05)
    second.into("CALL_ANSWERED", {"externalCallId": "in-1"}, after=1.0)
    tab2 = RecordedSurface("2", tuple(second.entries), {"type": "company", "id": 77})
    text = record_scenario(first.entries, name="Two tabs", surfaces=[tab2])
    steps = parsed(text).steps
    opened = [s for s in steps if isinstance(s, OpenTabStep)]
    assert [(s.number, s.record_type, s.record_id) for s in opened] == [(2, "company", 77)]
    assert steps.index(opened[0]) < min(i for i, s in enumerate(steps) if s.tab == 2)  # opened before it is used
    clicks = [(s.selector, s.tab) for s in steps if isinstance(s, ClickStep)]
    # one sign-in in each tab, one incoming call started (in tab 1: tab 2's rang by broadcast), answered in tab 2
    assert clicks == [
        ('[data-action="sign-in"]', 1),
        ('[data-action="sign-in"]', 2),
        ('[data-action="simulate-incoming"]', 1),
        ('[data-action="answer"]', 2),
    ]
    expects = [(s.message_type, s.tab) for s in steps if isinstance(s, ExpectStep)]
    assert ("INCOMING_CALL", 1) in expects and ("INCOMING_CALL", 2) in expects and ("CALL_ANSWERED", 2) in expects


def test_the_calling_window_and_the_remote_are_opened_by_name() -> None:
    first, window, remote = Log(), Log(), Log()
    window.ts, remote.ts = first.ts + 1.0, first.ts + 2.0
    window.into("INITIALIZED", {"isLoggedIn": True})
    remote.into("INITIALIZED", {"isLoggedIn": True})
    text = record_scenario(
        first.entries,
        name="Surfaces",
        surfaces=[RecordedSurface("window", tuple(window.entries)), RecordedSurface("remote", tuple(remote.entries))],
    )
    steps = parsed(text).steps
    kinds = [type(s) for s in steps]
    assert kinds.index(OpenWindowStep) < kinds.index(OpenRemoteStep)
    assert [s.tab for s in steps if isinstance(s, ExpectStep)] == ["window", "remote"]


def test_caller_id_matches_are_expected_by_the_records_identity_not_their_names() -> None:
    # A replay's CRM is fresh (or edited since): Ada may be renamed, she is still contact 51.
    log = Log()
    log.into("INITIALIZED", {"isLoggedIn": True})
    log.into("INCOMING_CALL", {"externalCallId": "in-1", "fromNumber": "+16175550100"}, after=1.0)
    ada = {"callerIdType": "CONTACT", "objectCoordinates": {"portalId": 81431, "objectTypeId": "0-1", "objectId": 51},
           "firstName": "Ada", "lastName": "King", "email": "ada@analytical-engines.example.com"}  # fmt: skip
    log.out("CALLER_ID_MATCH_SUCCEEDED", {"callerIdMatches": [ada]})
    steps = parsed(record_scenario(log.entries, name="Renamed")).steps
    (matched,) = [s for s in steps if isinstance(s, ExpectStep) and s.message_type == "CALLER_ID_MATCH_SUCCEEDED"]
    assert matched.match == {
        "callerIdMatches": [{"callerIdType": "CONTACT", "objectCoordinates": ada["objectCoordinates"]}]
    }
