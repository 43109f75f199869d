"""The Host facade: faults, quirks in prepare(), DIAL_NUMBER payloads and robustness (§4, issue 4)."""

from __future__ import annotations

from typing import Any

import pytest

from simulator.hubspot.host import Faults, Host, HostContext, Reply
from simulator.hubspot.sdk.protocol import WIDGET_TO_HOST
from tests.helpers.hubspot_host import (
    ORIGIN,
    T0,
    effects,
    fresh_crm,
    host_message,
    only_reply,
    ready,
    send,
    start_call,
    widget,
)

# Faults


@pytest.mark.parametrize(
    ("fault", "setup", "message_type", "data", "reply_type"),
    [
        ("fail_create_engagement", None, "OUTGOING_CALL_STARTED",
         {"externalCallId": "c1", "toNumber": "+16175550100", "createEngagement": True}, "CREATE_ENGAGEMENT_FAILED"),
        ("fail_caller_id_match", None, "INCOMING_CALL",
         {"externalCallId": "i1", "fromNumber": "+16175550100", "toNumber": "+18885550000"}, "CALLER_ID_MATCH_FAILED"),
        ("fail_update_engagement", "ended", "CALL_COMPLETED", {"externalCallId": "c1"}, "UPDATE_ENGAGEMENT_FAILED"),
        ("fail_finalize_engagement", "completed", "FINALIZE_ENGAGEMENT",
         {"externalCallId": "c1", "engagementId": 1}, "FINALIZE_ENGAGEMENT_FAILED"),
        ("fail_finalize_engagement", "completed", "PUBLISH_TO_CHANNEL",
         {"externalCallId": "c1", "engagementId": 1}, "PUBLISH_TO_CHANNEL_FAILED"),
        ("fail_navigate", None, "NAVIGATE_TO_RECORD",
         {"objectCoordinates": {"portalId": 81431, "objectTypeId": "0-1", "objectId": 51}},
         "NAVIGATE_TO_RECORD_FAILED"),
    ],
)  # fmt: skip
def test_failure_faults_are_injected_and_marked(
    fault: str, setup: str | None, message_type: str, data: dict[str, Any], reply_type: str
) -> None:
    host = ready(faults=Faults.from_mapping({fault: True, "reply_delay_ms": 250}))
    if setup:
        start_call(host, createEngagement=False)
        host.receive(widget("CALL_ENDED", {"externalCallId": "c1"}), ORIGIN, T0 + 3_000)
    if setup == "completed":
        host.receive(widget("CALL_COMPLETED", {"externalCallId": "c1"}), ORIGIN, T0 + 4_000)
    outcome = host.receive(widget(message_type, data), ORIGIN, T0 + 5_000)
    failed = [reply for reply in outcome.replies if reply.type == reply_type]
    assert len(failed) == 1
    assert failed[0].injected == fault
    assert failed[0].delay_ms == 250
    assert isinstance(failed[0].data["error"]["message"] if "error" in failed[0].data else failed[0].data, (str, dict))
    assert effects(outcome, "navigate") == []


def test_reply_delay_applies_to_every_reply() -> None:
    host = ready(faults=Faults(reply_delay_ms=1_500))
    reply = only_reply(start_call(host))
    assert reply.delay_ms == 1_500 and reply.injected is None


def test_configure_changes_faults_mid_session() -> None:
    host = ready()
    host.configure(Faults(fail_create_engagement=True))
    assert only_reply(start_call(host)).injected == "fail_create_engagement"


# Quirks in prepare()


def dial(host: Host) -> dict[str, Any]:
    return host.dial_payload(host.crm.contacts[51], "phone", T0 + 900)


def test_prepare_passes_plain_messages_through() -> None:
    host = ready()
    assert host.prepare("END_CALL", None) == [Reply("END_CALL", None)]
    assert host.prepare("DIAL_NUMBER", dial(host)) == [Reply("DIAL_NUMBER", dial(host))]


def test_duplicate_dial() -> None:
    host = ready(faults=Faults(duplicate_dial=True))
    first, second = host.prepare("DIAL_NUMBER", dial(host))
    assert first == Reply("DIAL_NUMBER", dial(host))
    assert (second.type, second.data, second.injected) == ("DIAL_NUMBER", dial(host), "duplicate_dial")


def test_dial_object_id_zero_and_omit_object_type() -> None:
    host = ready(faults=Faults(dial_object_id_zero=True, dial_omit_object_type=True))
    (reply,) = host.prepare("DIAL_NUMBER", dial(host))
    assert reply.data["objectId"] == 0 and reply.data["subjectId"] == 0
    assert "objectType" not in reply.data
    assert reply.data["calleeInfo"] == {"calleeId": 51, "calleeObjectTypeId": "0-1"}
    assert reply.injected == "dial_object_id_zero+dial_omit_object_type"


def test_object_id_zero_still_associates_the_callee() -> None:
    crm = fresh_crm()
    host = ready(faults=Faults(dial_object_id_zero=True), crm=crm)
    send(host, "DIAL_NUMBER", dial(host))
    engagement = crm.engagement(only_reply(start_call(host)).data["engagementId"])
    assert engagement is not None and engagement.associations == (("0-1", 51),)


def test_visibility_flaps() -> None:
    host = ready(faults=Faults(visibility_flaps=2))
    data = {"isMinimized": False, "isHidden": False}
    replies = host.prepare("VISIBILITY_CHANGED", data)
    assert [r.data["isMinimized"] for r in replies] == [False, True, False, True, False]
    assert [r.injected for r in replies] == [None] + ["visibility_flaps"] * 4
    for reply in replies:
        host.sent(host_message(reply.type, reply.data), T0 + 1_000)
    assert host.state()["minimized"] is False


def test_sent_tracks_dial_end_call_and_visibility() -> None:
    host = ready()
    send(host, "DIAL_NUMBER", dial(host))
    assert host.state()["callStatus"] == "DIALING"
    assert host.state()["pendingDial"]["phoneNumber"] == "+16175550100"
    outcomes = send(host, "VISIBILITY_CHANGED", {"isMinimized": True, "isHidden": False})
    assert host.state()["minimized"] is True
    assert outcomes[0].effects[-1].name == "state"
    start_call(host)
    send(host, "END_CALL", now_ms=T0 + 3_000)
    assert [v.rule for v in host.tick(T0 + 9_000).violations] == ["end-call.unanswered"]


def test_end_call_without_a_call_starts_no_timer() -> None:
    host = ready()
    send(host, "END_CALL", now_ms=T0 + 3_000)
    assert host.tick(T0 + 9_000).violations == []


def test_dial_payload_shape() -> None:
    host = ready()
    crm = host.crm
    payload = host.dial_payload(crm.contacts[51], "mobilephone", T0, subject=crm.companies[77])
    assert payload == {
        "phoneNumber": "+16175550101",
        "phone_number": "+16175550101",
        "countryCode": "US",
        "calleeInfo": {"calleeId": 51, "calleeObjectTypeId": "0-1"},
        "ownerId": 295128649,
        "subjectId": 77,
        "objectId": 77,
        "objectType": "COMPANY",
        "startTimestamp": T0,
        "portalId": 81431,
        "toPhoneNumberSrc": "mobilephone",
        "threadId": 0,
    }


def test_dial_payload_from_page_json_and_number() -> None:
    host = ready(context=HostContext(record_object_type_id="0-2", record_object_id=77))
    payload = host.dial_payload({"objectTypeId": "0-1", "objectId": "51"}, None, "617 555 0101", T0)
    assert payload["phoneNumber"] == "+16175550101"
    assert payload["toPhoneNumberSrc"] == "mobilephone"
    assert payload["calleeInfo"] == {"calleeId": 51, "calleeObjectTypeId": "0-1"}
    assert (payload["subjectId"], payload["objectId"], payload["objectType"]) == (77, 77, "COMPANY")


def test_dial_payload_for_a_number_only() -> None:
    host = ready()
    known = host.dial_payload(None, "phone", "+16175550199", T0)
    assert known["calleeInfo"] == {"calleeId": 77, "calleeObjectTypeId": "0-2"}
    unknown = host.dial_payload(None, None, "+15550000000", T0)
    assert unknown["calleeInfo"]["calleeId"] == 0
    assert (unknown["subjectId"], unknown["objectId"]) == (0, 0) and "objectType" not in unknown


@pytest.mark.parametrize("record", [None, {"objectTypeId": "0-1", "objectId": 4242}, "51"])
def test_dial_payload_with_nothing_to_dial(record: Any) -> None:
    with pytest.raises(ValueError, match="nothing to dial"):
        ready().dial_payload(record, "phone", None, T0)


# Robustness

ODD_VALUES: list[Any] = [None, 0, -1, 1.5, float("nan"), float("inf"), "", "x", True, [], [1, "a"], {}, {"a": None}]


@pytest.mark.parametrize("message_type", sorted(WIDGET_TO_HOST))
def test_receive_never_raises_on_odd_payloads(message_type: str) -> None:
    host = ready()
    start_call(host)
    keys = ["externalCallId", "engagementId", "toNumber", "fromNumber", "phoneNumber", "sizeInfo", "width", "height",
            "objectCoordinates", "engagementProperties", "iFrameUrl", "message", "type", "data", "hideWidget",
            "callStartTime", "createEngagement", "isLoggedIn", "callEndStatus", "version"]  # fmt: skip
    for value in ODD_VALUES:
        outcome = host.receive(widget(message_type, {key: value for key in keys}), ORIGIN, T0 + 5_000)
        assert outcome.effects[-1].name == "state"
        host.receive(widget(message_type, value), ORIGIN, T0 + 5_000)
        host.receive({"type": message_type, "messageId": value, "data": value, "version": value}, None, T0 + 5_000)


@pytest.mark.parametrize("message", [None, "SYNC_ACK", 3, [], {}, {"type": None}, {"type": "ERROR", "data": "boom"}])
def test_malformed_messages_yield_violations(message: Any) -> None:
    outcome = ready().receive(message, ORIGIN, T0 + 500)
    assert outcome.violations
    assert outcome.replies == []


def test_host_without_crm_uses_builtin_fixtures() -> None:
    assert Host().crm.record("0-1", 51) is not None
