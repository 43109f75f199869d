"""HubSpot's own demo widgets, replayed through the real Host: they raise exactly the rules their fixtures list.

The flows (tests/fixtures/demo_flows/, see its README) follow the demos' source and docs/protocol.md §5 and §11.
No demo flow raises an error-severity rule. demo-minimal-js's bare `callEnded()` after END_CALL leaves out the
`externalCallId` the SDK's typings require since 0.7.0, but it answers HubSpot's own END_CALL, so HubSpot knows the
call: a warning (`call.missing-id-end-call`), not the error an id-less event out of the blue gets.
"""

from __future__ import annotations

import itertools
import json
from pathlib import Path
from typing import Any

import pytest

from simulator.hubspot.crm.portal import Crm
from simulator.hubspot.host import Host, Outcome, Violation

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "demo_flows"
DEMOS = {path.stem: json.loads(path.read_text(encoding="utf-8")) for path in sorted(FIXTURES.glob("*.json"))}
FLOWS = [(demo, name) for demo, spec in DEMOS.items() for name in spec["flows"]]
T0 = 1_723_291_227_000
WIDGET_INSTANCE = "1723291227334"
HOST_INSTANCE = "1723291220000"


class Replay:
    """Drives a Host as the session does: widget messages in, host events and the host's replies out."""

    def __init__(self, demo: dict[str, Any], deliver_replies: bool) -> None:
        self.host = Host(crm=Crm.load())
        self.sdk: dict[str, Any] = demo["sdk"]
        self.deliver = deliver_replies
        self.now = T0
        self.ids = itertools.count(1)
        self.last_sync: dict[str, Any] = {}
        self.engagement_id: Any = None
        self.matches: list[dict[str, Any]] = []
        self.violations: list[Violation] = []

    def run(self, steps: list[dict[str, Any]]) -> None:
        for step in steps:
            self.now += 10
            if "load" in step:
                self.record(self.host.page_loaded(step["load"], self.now))
            elif "wait_ms" in step:
                self.now += step["wait_ms"]
                self.record(self.host.tick(self.now))
            elif "host" in step:
                self.host_event(step["host"], step.get("data"), step.get("fields", {}))
            else:
                self.widget(step["widget"], self.resolve(step.get("data")))

    def host_event(self, message_type: str, data: Any, fields: dict[str, Any]) -> None:
        if isinstance(data, dict) and "$dial" in data:
            data = self.host.dial_payload(data["$dial"], None, self.now)
        for reply in self.host.prepare(message_type, data):
            self.post(reply.type, reply.data, fields)

    def post(self, message_type: str, data: Any, fields: dict[str, Any] | None = None) -> None:
        message: dict[str, Any] = {"type": message_type, "messageId": f"{HOST_INSTANCE}_{self.now + next(self.ids)}"}
        if message_type == "SYNC":
            message.update(fields or {})
            self.last_sync = message
        elif data is not None:
            message["data"] = data
        self.record(self.host.sent(message, self.now))

    def widget(self, message_type: str, data: Any) -> None:
        if message_type == "SYNC_ACK":
            message = {**self.last_sync, **self.sdk, "type": "SYNC_ACK", "version": self.sdk["version"]}
        else:
            message = {"type": message_type, "messageId": f"{WIDGET_INSTANCE}_{self.now}"}
            if data is not None:
                message["data"] = data
        outcome = self.host.receive(message, self.sdk["iFrameUrl"], self.now)
        self.record(outcome)
        for reply in outcome.replies:
            if isinstance(reply.data, dict) and "engagementId" in reply.data and reply.type.startswith("CREATE"):
                self.engagement_id = reply.data["engagementId"]
            if reply.type == "CALLER_ID_MATCH_SUCCEEDED":
                self.matches = reply.data["callerIdMatches"]
            if self.deliver:
                self.post(reply.type, reply.data)

    def resolve(self, value: Any) -> Any:
        if value == "$engagementId":
            return self.engagement_id
        if value == "$match0":
            return self.matches[0]["objectCoordinates"] if self.matches else None
        if isinstance(value, dict):
            return {key: self.resolve(item) for key, item in value.items()}
        return value

    def record(self, outcome: Outcome) -> None:
        self.violations += outcome.violations


def replay(demo: str, flow: str) -> Replay:
    spec = DEMOS[demo]
    run = Replay(spec, deliver_replies=spec["flows"][flow].get("replies", True))
    run.run(spec["prelude"])
    run.run(spec["flows"][flow]["steps"])
    run.record(run.host.closed(run.now + 1_000))  # the session ends: unfinished calls would be ghosts
    return run


def test_both_demos_have_the_flows_issue_8_names() -> None:
    assert set(DEMOS) == {"demo-minimal-js", "demo-react-ts"}
    steps = {demo: json.dumps(spec) for demo, spec in DEMOS.items()}
    for wanted in ("CALL_ANSWERED", "CALL_ENDED", "INCOMING_CALL", "USER_AVAILABLE", "DIAL_NUMBER", "LOGGED_IN"):
        assert all(wanted in text for text in steps.values())
    assert "NAVIGATE_TO_RECORD" in steps["demo-minimal-js"] and "CALL_TRANSFERRED" in steps["demo-react-ts"]
    assert "FINALIZE_ENGAGEMENT" in steps["demo-react-ts"] and '"CANCELED"' in steps["demo-react-ts"]


@pytest.mark.parametrize(("demo", "flow"), FLOWS, ids=[f"{demo}:{flow}" for demo, flow in FLOWS])
def test_demo_flow_raises_exactly_the_expected_rules(demo: str, flow: str) -> None:
    run = replay(demo, flow)
    expected = DEMOS[demo]["flows"][flow]["expect"]
    for severity in ("error", "warning"):
        found = sorted(v.rule for v in run.violations if v.severity == severity)
        assert found == sorted(expected[severity]), [v.explanation for v in run.violations]


def test_no_demo_flow_raises_an_error_severity_rule() -> None:
    errors = {
        (demo, flow): [v.rule for v in replay(demo, flow).violations if v.severity == "error"] for demo, flow in FLOWS
    }
    assert {key: rules for key, rules in errors.items() if rules} == {}


def test_the_replayed_calls_end_as_the_demos_leave_them() -> None:
    react = replay("demo-react-ts", "outbound-finalized-then-saved").host.state()["calls"][-1]
    assert react["status"] == "FINALIZED" and react["finalized"] is True and isinstance(react["engagementId"], int)
    transferred = replay("demo-react-ts", "inbound-transferred").host.state()["calls"][-1]
    assert transferred["status"] == "TRANSFERRED" and transferred["ghost"] is False
    minimal = replay("demo-minimal-js", "host-ends-the-call").host.state()["calls"][-1]
    assert minimal["status"] == "COMPLETED"  # the bare CALL_ENDED was applied to the call in progress
    navigated = replay("demo-minimal-js", "inbound-matched")
    assert navigated.matches and navigated.matches[0]["objectCoordinates"]["objectId"] == 51
