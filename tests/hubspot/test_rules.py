"""Every rule of docs/protocol.md §5.5: one message sequence that passes it, one that trips it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest

from simulator.hubspot.crm.portal import Crm
from simulator.hubspot.host import Faults, Host, HostContext, Outcome
from simulator.hubspot.validator.rules import RULES

T0 = 1_723_291_227_000
WIDGET_INSTANCE = "1723291227334"
HOST_INSTANCE = "1723291220000"
ORIGIN = "http://127.0.0.1:9025"
CRM = Crm.load()


class Driver:
    """A session seen from the host: a fake widget on one side, scenario host events on the other."""

    def __init__(
        self,
        version: str = "0.9.6",
        *,
        ready: bool = True,
        initialized: bool = True,
        logged_in: bool = True,
        available: bool = True,
        context: HostContext | None = None,
        faults: Faults | None = None,
    ) -> None:
        self.host = Host(context, faults, crm=CRM)
        self.now = T0
        self.seen: list[str] = []
        self.last: list[str] = []
        self.outcome = Outcome()
        self.engagement_id: int | None = None
        self.host.page_loaded(f"{ORIGIN}/widget.html", self.now)
        self.sync_id = self.next_host_id()
        self.host.sent({"type": "SYNC", "messageId": self.sync_id, "hostUrl": "http://127.0.0.1:8500"}, self.now)
        if ready:
            self.ack(version)
            if initialized:
                self.w("INITIALIZED", {"isLoggedIn": logged_in, "isAvailable": available})

    def next_host_id(self) -> str:
        self.now += 1
        return f"{HOST_INSTANCE}_{self.now}"

    def record(self, outcome: Outcome) -> Driver:
        self.outcome = outcome
        self.last = [v.rule for v in outcome.violations]
        self.seen += self.last
        for reply in outcome.replies:
            if isinstance(reply.data, dict) and "engagementId" in reply.data:
                self.engagement_id = reply.data["engagementId"]
        return self

    def ack(self, version: str = "0.9.6", iframe_url: str = ORIGIN, message_id: str | None = None) -> Driver:
        message_id = message_id or self.sync_id
        message = {"type": "SYNC_ACK", "messageId": message_id, "version": version, "iFrameUrl": iframe_url}
        self.now += 100
        return self.record(self.host.receive(message, ORIGIN, self.now))

    def raw(self, message: Any) -> Driver:
        self.now += 10
        return self.record(self.host.receive(message, ORIGIN, self.now))

    def w(self, message_type: str, data: Any = None, **top: Any) -> Driver:
        """A widget message as the SDK builds it."""
        self.now += 10
        message: dict[str, Any] = {"type": message_type, "messageId": f"{WIDGET_INSTANCE}_{self.now}", **top}
        if data is not None:
            message["data"] = data
        return self.record(self.host.receive(message, ORIGIN, self.now))

    def h(self, message_type: str, data: Any = None, message_id: str | None = None) -> Driver:
        """A host event a scenario sends (through the host's quirks, like the session does)."""
        for reply in self.host.prepare(message_type, data):
            message: dict[str, Any] = {"type": reply.type, "messageId": message_id or self.next_host_id()}
            if reply.data is not None:
                message["data"] = reply.data
            self.record(self.host.sent(message, self.now))
        return self

    def reload(self, version: str = "0.9.6", **initialized: Any) -> Driver:
        """The iframe loads again: a new SYNC, its SYNC_ACK and INITIALIZED."""
        self.now += 50
        self.record(self.host.page_loaded(f"{ORIGIN}/widget.html", self.now))
        self.sync_id = self.next_host_id()
        self.host.sent({"type": "SYNC", "messageId": self.sync_id}, self.now)
        self.ack(version)
        return self.w("INITIALIZED", {"isLoggedIn": True, "isAvailable": True, **initialized})

    def close(self) -> Driver:
        self.now += 50
        return self.record(self.host.closed(self.now))

    def tick(self, after_ms: int) -> Driver:
        self.now += after_ms
        return self.record(self.host.tick(self.now))

    # A few call shapes
    def start(self, call_id: str = "c1", **extra: Any) -> Driver:
        return self.w("OUTGOING_CALL_STARTED", {"externalCallId": call_id, "toNumber": "+16175550100", **extra})

    def incoming(self, call_id: str = "in1", **extra: Any) -> Driver:
        data = {"externalCallId": call_id, "fromNumber": "+16175550100", "toNumber": "+18885550000", **extra}
        return self.w("INCOMING_CALL", data)

    def finish(self, call_id: str = "c1", **completed: Any) -> Driver:
        self.w("CALL_ENDED", {"externalCallId": call_id, "callEndStatus": "COMPLETED"})
        return self.w("CALL_COMPLETED", {"externalCallId": call_id, **completed})


def dial_data() -> dict[str, Any]:
    return {"phoneNumber": "+16175550100", "calleeInfo": {"calleeId": 51, "calleeObjectTypeId": "0-1"}, "objectId": 51}


def custom_dial() -> dict[str, Any]:
    """A DIAL_NUMBER from the built-in custom object's record (Projects, 2-3508482)."""
    return {"phoneNumber": "+16175550130", "calleeInfo": {"calleeId": 101, "calleeObjectTypeId": "2-3508482"},
            "objectId": 101, "objectTypeId": "2-3508482"}  # fmt: skip


def engaged_call(call_id: str = "c1") -> Driver:
    d = Driver().start(call_id, createEngagement=True)
    assert d.engagement_id is not None
    return d


def end_call_then(answer: bool) -> Driver:
    d = Driver().start().h("END_CALL")
    if answer:
        d.w("CALL_ENDED", {"externalCallId": "c1", "callEndStatus": "CANCELED"})
    return d.tick(6_000)


def with_properties(properties: dict[str, Any]) -> Driver:
    d = engaged_call()
    return d.finish(engagementId=d.engagement_id, engagementProperties=properties)


def navigate(coordinates: dict[str, Any]) -> Driver:
    return Driver().w("NAVIGATE_TO_RECORD", {"objectCoordinates": coordinates})


@dataclass(frozen=True)
class Case:
    rule: str
    passes: Callable[[], Driver]
    trips: Callable[[], Driver]


CASES = [
    Case("envelope.type", lambda: Driver().w("LOGGED_IN"), lambda: Driver().raw({"data": {}})),
    Case("envelope.message-id", lambda: Driver().w("LOGGED_IN"), lambda: Driver().raw({"type": "LOGGED_IN"})),
    Case(
        "envelope.message-id-format",
        lambda: Driver().w("LOGGED_IN"),
        lambda: Driver().raw({"type": "LOGGED_IN", "messageId": "msg-1"}),
    ),
    Case(
        "envelope.reply-id",
        lambda: Driver().w("LOGGED_IN").h("END_CALL"),
        lambda: Driver().w("LOGGED_IN").h("END_CALL", message_id=f"{WIDGET_INSTANCE}_{T0 + 5}"),
    ),
    Case(
        "envelope.host-prefixed-id",
        lambda: Driver().w("LOGGED_IN"),
        lambda: Driver().raw({"type": "LOGGED_IN", "messageId": f"{HOST_INSTANCE}_{T0 + 9}"}),
    ),
    Case("envelope.unknown-type", lambda: Driver().w("CALL_DATA", {}), lambda: Driver().w("HANG_UP", {})),
    Case(
        "envelope.data",
        lambda: Driver().w("CALL_DATA", {"engagementId": 1}),
        lambda: Driver().raw({"type": "CALL_DATA", "messageId": f"{WIDGET_INSTANCE}_1", "data": [1]}),
    ),
    Case(
        "payload.field",
        lambda: Driver().w("CALL_DATA", {}).start("c1", callStartTime=T0),
        lambda: Driver().start("c1", callStartTime="now"),
    ),
    Case("handshake.timeout", lambda: Driver(ready=False).tick(29_000), lambda: Driver(ready=False).tick(31_000)),
    Case(
        "handshake.ack-origin",
        lambda: Driver(ready=False).ack(iframe_url=ORIGIN),
        lambda: Driver(ready=False).ack(iframe_url="https://widget.example.com"),
    ),
    Case(
        "handshake.ack-unknown-id",
        lambda: Driver(ready=False).ack(),
        lambda: Driver(ready=False).ack(message_id=f"{HOST_INSTANCE}_{T0 - 1}"),
    ),
    Case(
        "handshake.no-initialized",
        lambda: Driver(initialized=False).tick(1_000).w("INITIALIZED", {}).tick(5_000),
        lambda: Driver(initialized=False).tick(3_500),
    ),
    Case(
        "handshake.duplicate-initialized",
        lambda: Driver().h("SET_WIDGET_URL", {"iFrameUrl": ORIGIN}).w("INITIALIZED", {}),
        lambda: Driver().w("INITIALIZED", {}),
    ),
    Case(
        "handshake.not-ready", lambda: Driver().h("VISIBILITY_CHANGED", {}), lambda: Driver(ready=False).h("END_CALL")
    ),
    Case(
        "auth.dial-while-logged-out",
        lambda: Driver().h("DIAL_NUMBER", dial_data()),
        lambda: Driver(logged_in=False).h("DIAL_NUMBER", dial_data()),
    ),
    Case("auth.call-while-logged-out", lambda: Driver().start(), lambda: Driver(logged_in=False).start()),
    Case(
        "inbound.disabled",
        lambda: Driver().incoming(),
        lambda: Driver(context=HostContext(supports_inbound_calling=False)).incoming(),
    ),
    Case("inbound.unavailable", lambda: Driver().incoming(), lambda: Driver(available=False).incoming()),
    Case(
        "call.concurrent",
        lambda: Driver().start("c1").finish("c1").start("c2"),
        lambda: Driver().start("c1").start("c2"),
    ),
    Case(
        "call.unknown-id",
        lambda: Driver().start("c1").w("CALL_ANSWERED", {"externalCallId": "c1"}),
        lambda: Driver().start("c1").w("CALL_ANSWERED", {"externalCallId": "c9"}),
    ),
    Case(
        "call.missing-external-id",
        lambda: Driver().start("c1"),
        lambda: Driver().w("OUTGOING_CALL_STARTED", {"toNumber": "+16175550100"}),
    ),
    Case(
        "call.missing-id",
        lambda: Driver().start().w("CALL_ENDED", {"externalCallId": "c1"}),
        lambda: Driver().start().w("CALL_ENDED"),
    ),
    Case(
        "call.missing-id-legacy",
        lambda: Driver("0.9.7-beta.0").start().w("CALL_ANSWERED"),
        lambda: Driver("0.5.1-beta.0").start().w("CALL_ANSWERED"),
    ),
    Case(
        "call.missing-id-end-call",
        lambda: Driver("0.9.7-beta.0").start().h("END_CALL").w("CALL_ENDED", {"externalCallId": "c1"}),
        lambda: Driver("0.9.7-beta.0").start().h("END_CALL").w("CALL_ENDED"),
    ),
    Case(
        "call.ghost",
        lambda: engaged_call().finish().close(),
        lambda: engaged_call().w("CALL_ANSWERED", {"externalCallId": "c1"}).reload(),
    ),
    Case(
        "call.status-mismatch",
        lambda: Driver().start().finish(engagementProperties={"hs_call_status": "COMPLETED"}),
        lambda: Driver().start().finish(engagementProperties={"hs_call_status": "NO_ANSWER"}),
    ),
    Case(
        "call.order",
        lambda: Driver().start().w("CALL_ANSWERED", {"externalCallId": "c1"}).finish(),
        lambda: Driver().start().w("CALL_COMPLETED", {"externalCallId": "c1"}),
    ),
    Case(
        "call.outgoing-without-dial",
        lambda: Driver().h("DIAL_NUMBER", dial_data()).w("OUTGOING_CALL_STARTED", {"externalCallId": "c1"}),
        lambda: Driver().w("OUTGOING_CALL_STARTED", {"externalCallId": "c1"}),
    ),
    Case(
        "call.custom-object-without-engagement",
        lambda: Driver().h("DIAL_NUMBER", custom_dial()).start(toNumber="+16175550130", createEngagement=True),
        lambda: Driver().h("DIAL_NUMBER", custom_dial()).start(toNumber="+16175550130"),
    ),
    Case(
        "call.number-mismatch",
        lambda: Driver().h("DIAL_NUMBER", dial_data()).start(toNumber="(617) 555-0100"),
        lambda: Driver().h("DIAL_NUMBER", dial_data()).start(toNumber="+16175550199"),
    ),
    Case(
        "call.end-status",
        lambda: Driver().start().w("CALL_ENDED", {"externalCallId": "c1", "callEndStatus": "NO_ANSWER"}),
        lambda: Driver().start().w("CALL_ENDED", {"externalCallId": "c1", "callEndStatus": "HUNG_UP"}),
    ),
    Case(
        "engagement.id-mismatch",
        lambda: (d := engaged_call()).w("CALL_ENDED", {"externalCallId": "c1", "engagementId": d.engagement_id}),
        lambda: (d := engaged_call()).w(
            "CALL_ENDED", {"externalCallId": "c1", "engagementId": (d.engagement_id or 0) + 1}
        ),
    ),
    Case(
        "engagement.missing-id",
        lambda: (d := engaged_call()).finish(engagementId=str(d.engagement_id)),
        lambda: engaged_call().finish(engagementId=0),
    ),
    Case(
        "engagement.property-type",
        lambda: with_properties({"hs_call_body": "Talked about the engine", "hs_timestamp": T0, "custom_score": "3"}),
        lambda: with_properties({"hs_call_duration": 61_000}),
    ),
    Case(
        "engagement.null-property",
        lambda: with_properties({"hs_call_body": "notes"}),
        lambda: with_properties({"hs_call_recording_url": None}),
    ),
    Case(
        "engagement.recording-url",
        lambda: with_properties({"hs_call_recording_url": "https://rec.example.com/1.mp3"}),
        lambda: with_properties({"hs_call_recording_url": "http://rec.example.com/1.mp3"}),
    ),
    Case(
        "engagement.enum",
        lambda: with_properties({"hs_call_status": "COMPLETED", "hs_call_direction": "OUTBOUND"}),
        lambda: with_properties({"hs_call_status": "DONE"}),
    ),
    Case("end-call.unanswered", lambda: end_call_then(answer=True), lambda: end_call_then(answer=False)),
    Case(
        "navigate.coordinates",
        lambda: navigate({"portalId": 81431, "objectTypeId": "0-1", "objectId": 51}),
        lambda: navigate({"portalId": 81431, "objectTypeId": "0-1"}),
    ),
    Case(
        "resize.shape",
        lambda: Driver().w("RESIZE_WIDGET", {"width": 420, "height": 670}),
        lambda: Driver().w("RESIZE_WIDGET", {"width": -1, "height": "670px"}),
    ),
    Case("error.message", lambda: Driver().w("ERROR", {"message": "Mic blocked"}), lambda: Driver().w("ERROR", {})),
    Case(
        "deprecated.publish-to-channel",
        lambda: (
            (d := engaged_call())
            .finish()
            .w("FINALIZE_ENGAGEMENT", {"externalCallId": "c1", "engagementId": d.engagement_id})
        ),
        lambda: (
            (d := engaged_call())
            .finish()
            .w("PUBLISH_TO_CHANNEL", {"externalCallId": "c1", "engagementId": d.engagement_id})
        ),
    ),
    Case("deprecated.call-id", lambda: Driver().start(), lambda: Driver().start(callId=12)),
    Case(
        "deprecated.phone-number",
        lambda: Driver().start(),
        lambda: Driver().w("OUTGOING_CALL_STARTED", {"externalCallId": "c1", "phoneNumber": "+16175550100"}),
    ),
    Case(
        "deprecated.engagement-created",
        lambda: Driver("0.0.1").h("ENGAGEMENT_CREATED", {"engagementId": 1}),
        lambda: Driver("0.9.6").h("ENGAGEMENT_CREATED", {"engagementId": 1}),
    ),
    Case(
        "version.unsupported-type",
        lambda: Driver("0.9.4-beta.0").h("FINALIZE_ENGAGEMENT_SUCCEEDED", {}),
        lambda: Driver("0.8.4-beta.0").h("FINALIZE_ENGAGEMENT_SUCCEEDED", {}),
    ),
    Case(
        "version.failed-handler-bug",
        lambda: Driver("0.8.4-beta.0").h("CREATE_ENGAGEMENT_FAILED", {"error": {"message": "x"}}),
        lambda: Driver("0.8.2").h("CREATE_ENGAGEMENT_FAILED", {"error": {"message": "x"}}),
    ),
]


# Rules the server checks (tests/server/rest: test_one_store.py, test_recordings.py; test_calling_window.py),
# not the Host.
SERVER_CHECKED = {
    "call.two-instances", "engagement.duplicate", "recording.unavailable", "recording.no-range", "recording.properties"
}  # fmt: skip


def test_every_rule_has_a_case() -> None:
    assert sorted(case.rule for case in CASES) == sorted(set(RULES) - SERVER_CHECKED)


@pytest.mark.parametrize("case", CASES, ids=[case.rule for case in CASES])
def test_sequence_passes(case: Case) -> None:
    driver = case.passes()
    assert case.rule not in driver.seen


@pytest.mark.parametrize("case", CASES, ids=[case.rule for case in CASES])
def test_sequence_trips(case: Case) -> None:
    driver = case.trips()
    assert case.rule in driver.last
    violation = next(v for v in driver.outcome.violations if v.rule == case.rule)
    assert violation.severity == RULES[case.rule].severity
    assert violation.explanation


def test_rules_have_severity_and_summary() -> None:
    for name, rule in RULES.items():
        assert rule.name == name
        assert rule.severity in ("error", "warning")
        assert rule.summary.endswith((".", ")"))
        assert rule.to_json() == {"name": name, "severity": rule.severity, "summary": rule.summary}


@pytest.mark.parametrize("name", ["envelope.type", "call.order", "engagement.enum", "navigate.coordinates"])
def test_protocol_errors_are_errors(name: str) -> None:
    assert RULES[name].severity == "error"


@pytest.mark.parametrize("name", ["handshake.no-initialized", "call.concurrent", "resize.shape", "error.message"])
def test_suspicions_are_warnings(name: str) -> None:
    assert RULES[name].severity == "warning"


def test_unknown_type_nack_is_not_an_error_message() -> None:
    nack = {"type": "UNKNOWN_MESSAGE_TYPE", "data": {"originalMessage": {"type": "FOO", "messageId": "1_2"}}}
    driver = Driver().w("ERROR", nack)
    assert driver.last == []


def test_legacy_payload_without_external_id_is_not_unknown() -> None:
    driver = Driver("0.0.1").w("OUTGOING_CALL_STARTED", {"phoneNumber": "+16175550100"}).w("CALL_ANSWERED")
    assert "call.unknown-id" not in driver.seen
    assert driver.host.state()["callStatus"] == "IN_PROGRESS"
