"""HubSpot's answers to call messages (§5): calls, engagements and caller-ID matching."""

from __future__ import annotations

import pytest

from simulator.hubspot.host import Effect, Faults, HostContext, Reply
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

# Outbound calls


def test_outgoing_call_creates_engagement_and_replies() -> None:
    crm = fresh_crm()
    host = ready(crm=crm)
    send(host, "DIAL_NUMBER", host.dial_payload(crm.contacts[51], "phone", T0 + 900))
    outcome = start_call(host)
    reply = only_reply(outcome)
    assert reply.type == "CREATE_ENGAGEMENT_SUCCEEDED"
    engagement_id = reply.data["engagementId"]
    engagement = crm.engagement(engagement_id)
    assert engagement is not None
    assert engagement.external_call_id == "c1"
    assert ("0-1", 51) in engagement.associations
    assert effects(outcome, "engagement")[0].params["id"] == engagement_id
    assert host.state()["activeCall"]["status"] == "STARTED"
    assert host.state()["activeCall"]["engagementId"] == engagement_id
    assert host.state()["pendingDial"] is None


def test_outgoing_call_without_create_engagement_has_no_reply() -> None:
    host = ready()
    outcome = start_call(host, createEngagement=False)
    assert outcome.replies == []
    assert host.state()["callStatus"] == "STARTED"


def test_context_record_is_associated() -> None:
    crm = fresh_crm()
    host = ready(context=HostContext(record_object_type_id="0-2", record_object_id=77), crm=crm)
    reply = only_reply(start_call(host))
    engagement = crm.engagement(reply.data["engagementId"])
    assert engagement is not None and engagement.associations == (("0-2", 77),)
    assert crm.engagements_for("0-2", 77) == [engagement]


@pytest.mark.parametrize("version", ["0.0.1", "0.1.4", "0.1.7"])
def test_old_sdk_gets_engagement_created(version: str) -> None:
    host = ready(version)
    reply = only_reply(start_call(host))
    assert reply.type == "ENGAGEMENT_CREATED"
    assert reply.injected is None
    assert set(reply.data) == {"engagementId"}


@pytest.mark.parametrize("version", ["0.1.8", "0.2.1-beta.0", "0.9.6"])
def test_modern_sdk_gets_create_engagement_succeeded(version: str) -> None:
    assert only_reply(start_call(ready(version))).type == "CREATE_ENGAGEMENT_SUCCEEDED"


def test_legacy_engagement_created_fault_forces_the_old_reply() -> None:
    host = ready("0.9.6", faults=Faults(legacy_engagement_created=True))
    reply = only_reply(start_call(host))
    assert (reply.type, reply.injected) == ("ENGAGEMENT_CREATED", "legacy_engagement_created")
    sent = host.sent(host_message(reply.type, reply.data), T0 + 2_100)
    assert [v.rule for v in sent.violations] == ["deprecated.engagement-created"]


def test_full_outbound_call_updates_and_hides() -> None:
    crm = fresh_crm()
    host = ready(crm=crm)
    engagement_id = only_reply(start_call(host)).data["engagementId"]
    host.receive(widget("CALL_ANSWERED", {"externalCallId": "c1"}), ORIGIN, T0 + 4_000)
    assert host.state()["activeCall"]["answeredAt"] == T0 + 4_000
    host.receive(widget("CALL_ENDED", {"externalCallId": "c1", "callEndStatus": "COMPLETED"}), ORIGIN, T0 + 9_000)
    properties = {"hs_call_body": "Great call", "hs_call_duration": "5000", "hs_call_status": "COMPLETED"}
    data = {"externalCallId": "c1", "engagementId": engagement_id, "engagementProperties": properties}
    outcome = host.receive(widget("CALL_COMPLETED", data), ORIGIN, T0 + 10_000)
    assert only_reply(outcome) == Reply("UPDATE_ENGAGEMENT_SUCCEEDED", {"engagementId": engagement_id})
    assert effects(outcome, "hide_widget") == [Effect("hide_widget")]
    engagement = crm.engagement(engagement_id)
    assert engagement is not None and engagement.completed
    assert engagement.properties["hs_call_body"] == "Great call"
    assert host.state()["callStatus"] == "IDLE"
    assert host.state()["calls"][0]["status"] == "COMPLETED"
    assert outcome.violations == []


def test_hide_widget_false_keeps_the_widget() -> None:
    host = ready()
    start_call(host, createEngagement=False)
    host.receive(widget("CALL_ENDED", {"externalCallId": "c1"}), ORIGIN, T0 + 3_000)
    outcome = host.receive(widget("CALL_COMPLETED", {"externalCallId": "c1", "hideWidget": False}), ORIGIN, T0 + 4_000)
    assert effects(outcome, "hide_widget") == []
    assert outcome.replies == []
    assert outcome.notes


def test_completed_with_unknown_engagement_fails_the_update() -> None:
    host = ready()
    start_call(host, createEngagement=False)
    host.receive(widget("CALL_ENDED", {"externalCallId": "c1"}), ORIGIN, T0 + 3_000)
    outcome = host.receive(widget("CALL_COMPLETED", {"externalCallId": "c1", "engagementId": 999}), ORIGIN, T0 + 4_000)
    reply = only_reply(outcome)
    assert reply.type == "UPDATE_ENGAGEMENT_FAILED" and reply.injected is None
    assert reply.data["error"]["message"]


def test_call_transferred() -> None:
    host = ready()
    host.receive(
        widget("INCOMING_CALL", {"externalCallId": "i1", "fromNumber": "+15550000000", "toNumber": "+1"}), ORIGIN, T0
    )
    outcome = host.receive(widget("CALL_TRANSFERRED", {"externalCallId": "i1"}), ORIGIN, T0 + 5_000)
    assert outcome.replies == []
    assert host.state()["calls"][0]["status"] == "TRANSFERRED"
    assert host.state()["callStatus"] == "IDLE"


def test_call_data_changes_nothing() -> None:
    host = ready()
    before = host.state()
    outcome = host.receive(widget("CALL_DATA", {"engagementId": 5}), ORIGIN, T0 + 500)
    assert outcome.replies == [] and outcome.violations == []
    assert host.state() == before


@pytest.mark.parametrize(
    ("message_type", "prefix"),
    [("FINALIZE_ENGAGEMENT", "FINALIZE_ENGAGEMENT"), ("PUBLISH_TO_CHANNEL", "PUBLISH_TO_CHANNEL")],
)
def test_finalize_and_publish(message_type: str, prefix: str) -> None:
    host = ready()
    engagement_id = only_reply(start_call(host)).data["engagementId"]
    host.receive(widget("CALL_ENDED", {"externalCallId": "c1"}), ORIGIN, T0 + 3_000)
    host.receive(widget("CALL_COMPLETED", {"externalCallId": "c1", "engagementId": engagement_id}), ORIGIN, T0 + 4_000)
    data = {"externalCallId": "c1", "engagementId": engagement_id}
    outcome = host.receive(widget(message_type, data), ORIGIN, T0 + 5_000)
    assert only_reply(outcome) == Reply(f"{prefix}_SUCCEEDED", data)
    assert host.state()["calls"][0]["status"] == "FINALIZED"


# Inbound calls


def test_incoming_call_matches_caller_and_creates_engagement() -> None:
    crm = fresh_crm()
    host = ready(crm=crm)
    data = {"externalCallId": "i1", "fromNumber": "617-555-0100", "toNumber": "+18885550000", "createEngagement": True}
    outcome = host.receive(widget("INCOMING_CALL", data), ORIGIN, T0 + 1_000)
    match, created = outcome.replies
    assert match.type == "CALLER_ID_MATCH_SUCCEEDED"
    assert match.data["callerIdMatches"][0]["objectCoordinates"] == {
        "portalId": 81431,
        "objectTypeId": "0-1",
        "objectId": 51,
    }
    assert match.data["callerIdMatches"][0]["firstName"] == "Ada"
    assert created.type == "CREATE_ENGAGEMENT_SUCCEEDED"
    engagement = crm.engagement(created.data["engagementId"])
    assert engagement is not None and engagement.direction == "INBOUND" and engagement.associations == (("0-1", 51),)
    assert effects(outcome, "show_widget")
    assert host.state()["activeCall"]["status"] == "RINGING"


def test_incoming_call_without_match() -> None:
    host = ready()
    data = {"externalCallId": "i1", "fromNumber": "+15550000000", "toNumber": "+18885550000"}
    outcome = host.receive(widget("INCOMING_CALL", data), ORIGIN, T0 + 1_000)
    assert only_reply(outcome) == Reply("CALLER_ID_MATCH_SUCCEEDED", {"callerIdMatches": []})


def test_incoming_call_ignored_without_inbound_support() -> None:
    host = ready(context=HostContext(supports_inbound_calling=False))
    data = {"externalCallId": "i1", "fromNumber": "+16175550100", "toNumber": "+18885550000"}
    outcome = host.receive(widget("INCOMING_CALL", data), ORIGIN, T0 + 1_000)
    assert outcome.replies == []
    assert [v.rule for v in outcome.violations] == ["inbound.disabled"]
    assert host.state()["calls"] == []
