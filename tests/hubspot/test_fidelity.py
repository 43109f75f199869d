"""Issue 8, HubSpot side: call order, id-less call events, ghosts, the handshake's SYNC ids, sizes, SYNC fields."""

from __future__ import annotations

from typing import Any

import pytest

from simulator.hubspot.host import Effect, Host, HostContext
from tests.helpers.hubspot_host import HOST, ORIGIN, T0, effects, fresh_crm, host_message, ready, start_call, widget


def rules_of(host: Host, message_type: str, data: Any = None, at: int = T0 + 3_000) -> list[str]:
    return [v.rule for v in host.receive(widget(message_type, data), ORIGIN, at).violations]


def ended_call(host: Host, call_id: str = "c1", end_status: str = "COMPLETED") -> int:
    start_call(host, call_id)
    rules_of(host, "CALL_ANSWERED", {"externalCallId": call_id})
    rules_of(host, "CALL_ENDED", {"externalCallId": call_id, "callEndStatus": end_status})
    engagement_id = host.state()["calls"][-1]["engagementId"]
    assert isinstance(engagement_id, int)
    return engagement_id


def reload(host: Host, at: int) -> None:
    """The iframe loads again and handshakes (INITIALIZED is the test's)."""
    host.page_loaded(f"{ORIGIN}/", at)
    sync = host_message("SYNC")
    host.sent(sync, at)
    ack = {"type": "SYNC_ACK", "messageId": sync["messageId"], "version": "0.9.6", "iFrameUrl": ORIGIN}
    assert host.receive(ack, ORIGIN, at + 200).violations == []


# FINALIZE_ENGAGEMENT / PUBLISH_TO_CHANNEL before CALL_COMPLETED (§5.2)


@pytest.mark.parametrize(
    ("finalize", "version"), [("FINALIZE_ENGAGEMENT", "0.9.7-beta.0"), ("PUBLISH_TO_CHANNEL", "0.9.3")]
)
def test_finalize_before_completed_is_valid_and_the_call_still_completes(finalize: str, version: str) -> None:
    host = ready(version)
    engagement_id = ended_call(host)
    payload = {"externalCallId": "c1", "engagementId": engagement_id}
    outcome = host.receive(widget(finalize, payload), ORIGIN, T0 + 4_000)
    assert outcome.violations == [] and [r.type for r in outcome.replies] == [f"{finalize}_SUCCEEDED"]
    assert host.state()["activeCall"]["finalized"] is True
    completed = host.receive(widget("CALL_COMPLETED", payload), ORIGIN, T0 + 5_000)
    assert completed.violations == [] and [r.type for r in completed.replies] == ["UPDATE_ENGAGEMENT_SUCCEEDED"]
    assert host.state()["activeCall"] is None and host.state()["calls"][-1]["status"] == "FINALIZED"
    again = host.receive(widget("CALL_COMPLETED", payload), ORIGIN, T0 + 6_000)
    assert [v.rule for v in again.violations] == ["call.order"]


def test_finalize_before_call_ended_is_still_out_of_order() -> None:
    host = ready()
    start_call(host)
    outcome = host.receive(widget("FINALIZE_ENGAGEMENT", {"externalCallId": "c1", "engagementId": 1}), ORIGIN, T0)
    assert [(v.rule, v.explanation) for v in outcome.violations if v.rule == "call.order"] == [
        ("call.order", "FINALIZE_ENGAGEMENT before CALL_ENDED for call 'c1'")
    ]


# Call events without externalCallId


@pytest.mark.parametrize("message_type", ["CALL_ANSWERED", "CALL_ENDED", "CALL_COMPLETED", "CALL_TRANSFERRED"])
def test_an_id_less_call_event_is_an_error_for_a_modern_sdk(message_type: str) -> None:
    host = ready("0.9.7-beta.0")
    start_call(host)
    data = None
    if message_type == "CALL_COMPLETED":
        rules_of(host, "CALL_ENDED", {"externalCallId": "c1"})
        data = {"engagementId": host.state()["activeCall"]["engagementId"]}
    outcome = host.receive(widget(message_type, data), ORIGIN, T0 + 4_000)
    found = [(v.rule, v.severity) for v in outcome.violations]
    assert found == [("call.missing-id", "error")]
    assert "call 'c1'" in outcome.violations[0].explanation  # applied to the call in progress, said so


def test_an_id_less_call_event_is_a_warning_before_0_6_3_and_still_applies() -> None:
    host = ready("0.5.1-beta.0")
    start_call(host)
    assert rules_of(host, "CALL_ANSWERED") == ["call.missing-id-legacy"]
    assert host.state()["activeCall"]["status"] == "IN_PROGRESS"


def test_with_no_call_in_progress_the_message_names_no_call() -> None:
    host = ready("0.9.7-beta.0")
    start_call(host)
    rules_of(host, "CALL_ENDED", {"externalCallId": "c1"})
    rules_of(host, "CALL_COMPLETED", {"externalCallId": "c1"})
    outcome = host.receive(widget("CALL_ENDED"), ORIGIN, T0 + 4_000)
    assert [v.rule for v in outcome.violations] == ["call.missing-id"]
    assert (
        "no call is in progress" in outcome.violations[0].explanation and "c1" not in outcome.violations[0].explanation
    )
    assert host.state()["calls"][-1]["status"] == "COMPLETED"  # not silently re-ended


def test_texts_never_name_a_made_up_call_key() -> None:
    host = ready("0.0.1")
    host.receive(widget("OUTGOING_CALL_STARTED", {"phoneNumber": "+16175550100"}), ORIGIN, T0 + 1_000)
    outcome = host.receive(widget("OUTGOING_CALL_STARTED", {"phoneNumber": "+16175550101"}), ORIGIN, T0 + 2_000)
    texts = " ".join(v.explanation for v in outcome.violations)
    assert "call.concurrent" in [v.rule for v in outcome.violations] and "legacy-" not in texts
    assert "the call started without an externalCallId" in texts


# CALL_COMPLETED hs_call_status against CALL_ENDED callEndStatus


@pytest.mark.parametrize(
    ("end_status", "call_status", "warned"),
    [("COMPLETED", "COMPLETED", False), ("COMPLETED", "NO_ANSWER", True), ("NO_ANSWER", "MISSED", False),
     ("REJECTED", "CANCELED", False), ("BUSY", "IN_PROGRESS", True), ("COMPLETED", "UNKNOWN", False),
     ("COMPLETED", "DONE", False)],
)  # fmt: skip
def test_completed_status_must_agree_with_the_end_status(end_status: str, call_status: str, warned: bool) -> None:
    host = ready()
    engagement_id = ended_call(host, end_status=end_status)
    properties = {"hs_call_status": call_status}
    data = {"externalCallId": "c1", "engagementId": engagement_id, "engagementProperties": properties}
    assert ("call.status-mismatch" in rules_of(host, "CALL_COMPLETED", data)) is warned


# Ghost calls (SDK issue #46)


def test_a_reload_that_does_not_reattach_leaves_a_ghost_engagement() -> None:
    crm = fresh_crm()
    host = ready(crm=crm)
    engagement_id = ended_call(host)
    reload(host, T0 + 10_000)
    outcome = host.receive(widget("INITIALIZED", {"isLoggedIn": True}), ORIGIN, T0 + 10_300)
    assert [(v.rule, v.severity) for v in outcome.violations] == [("call.ghost", "warning")]
    (effect,) = effects(outcome, "engagement")
    assert effect.params["id"] == engagement_id and effect.params["unfinished"] is True
    assert effect.params["completed"] is False and effect.params["status"] == "COMPLETED"  # where it stopped
    assert host.state()["activeCall"] is None and host.state()["calls"][-1]["ghost"] is True
    assert host.closed(T0 + 20_000).violations == []  # reported once


def test_a_reload_that_reattaches_the_engagement_is_no_ghost() -> None:
    host = ready()
    start_call(host)
    engagement_id = host.state()["activeCall"]["engagementId"]
    assert host.sync_fields()["engagementId"] == engagement_id  # what the next SYNC carries (§2.2)
    reload(host, T0 + 10_000)
    outcome = host.receive(widget("INITIALIZED", {"engagementId": engagement_id}), ORIGIN, T0 + 10_300)
    assert "call.ghost" not in [v.rule for v in outcome.violations]
    assert host.state()["activeCall"]["engagementId"] == engagement_id


def test_the_session_ending_mid_call_leaves_a_ghost() -> None:
    host = ready()
    start_call(host)
    outcome = host.closed(T0 + 9_000)
    assert [v.rule for v in outcome.violations] == ["call.ghost"]
    assert effects(outcome, "engagement")[0].params["unfinished"] is True
    assert effects(outcome, "state")


@pytest.mark.parametrize("create_engagement", [True, False])
def test_completed_or_engagementless_calls_are_no_ghosts(create_engagement: bool) -> None:
    host = ready()
    start_call(host, createEngagement=create_engagement)
    if create_engagement:
        rules_of(host, "CALL_ENDED", {"externalCallId": "c1"})
        rules_of(host, "CALL_COMPLETED", {"externalCallId": "c1"})
    assert host.closed(T0 + 9_000).violations == []


# The handshake completes only on a SYNC_ACK answering a pending SYNC (§2.1); host-prefixed widget ids (§1.2)


def test_sync_ack_for_an_unknown_sync_is_dropped() -> None:
    host = Host(crm=fresh_crm())
    host.page_loaded(f"{ORIGIN}/", T0)
    sync = host_message("SYNC")
    host.sent(sync, T0)
    stale = {"type": "SYNC_ACK", "messageId": f"{HOST}_1", "version": "0.9.6", "iFrameUrl": ORIGIN}
    assert [v.rule for v in host.receive(stale, ORIGIN, T0 + 100).violations] == ["handshake.ack-unknown-id"]
    assert host.state()["handshake"] == "SYNCING" and host.state()["sdkVersion"] is None
    host.page_loaded(f"{ORIGIN}/", T0 + 200)  # a reload forgets the SYNCs sent before it
    answer = {**stale, "messageId": sync["messageId"]}
    assert [v.rule for v in host.receive(answer, ORIGIN, T0 + 300).violations] == ["handshake.ack-unknown-id"]
    fresh = host_message("SYNC")
    host.sent(fresh, T0 + 400)
    assert host.receive({**stale, "messageId": fresh["messageId"]}, ORIGIN, T0 + 500).violations == []
    assert host.state()["handshake"] == "READY" and host.host_instance == HOST


def test_a_widget_message_with_the_hosts_prefix_is_dropped() -> None:
    host = ready()
    message = {"type": "LOGGED_OUT", "messageId": f"{HOST}_{T0 + 77}"}
    outcome = host.receive(message, ORIGIN, T0 + 1_000)
    assert [v.rule for v in outcome.violations] == ["envelope.host-prefixed-id"]
    assert host.state()["loggedIn"] is True  # HubSpot took it for a reply and dropped it


def test_the_host_instance_can_be_told() -> None:
    host = Host(crm=fresh_crm())
    host.host_instance = "1700000000000"
    assert host.receive({"type": "LOGGED_IN", "messageId": "1700000000000_5"}, ORIGIN, T0).violations[0].rule == (
        "envelope.host-prefixed-id"
    )


# Sizes (§1.5) and SYNC fields (§2.2)


@pytest.mark.parametrize(
    ("size", "params", "state"),
    [({"width": 500}, {"width": 500}, {"width": 500, "height": 650}),
     ({"height": "80%"}, {"height": "80%"}, {"width": 400, "height": "80%"}),
     ({"width": 0, "height": 700}, {"height": 700}, {"width": 400, "height": 700}),
     ({"width": None, "height": ""}, None, {"width": 400, "height": 650})],
)  # fmt: skip
def test_each_dimension_applies_on_its_own(size: dict[str, Any], params: dict[str, Any] | None, state: Any) -> None:
    host = ready(sizeInfo={"width": 400, "height": 650})
    outcome = host.receive(widget("RESIZE_WIDGET", size), ORIGIN, T0 + 1_000)
    assert effects(outcome, "resize") == ([] if params is None else [Effect("resize", params)])
    assert host.state()["size"] == state


def test_sizeinfo_with_one_dimension_sets_only_that_one() -> None:
    host = ready(sizeInfo={"height": 600})
    assert host.state()["size"] == {"width": None, "height": 600}


def test_sync_fields_follow_the_context_and_the_active_call() -> None:
    context = HostContext(portal_id=7, user_id=8, owner_id="9", iframe_location="remote", uses_calling_window=False)
    host = ready(context=context)
    expected = {"portalId": 7, "userId": 8, "ownerId": "9", "iframeLocation": "remote", "usesCallingWindow": False}
    assert host.sync_fields() == expected
    assert host.sync_fields("window")["iframeLocation"] == "window"
    start_call(host)
    assert host.sync_fields()["engagementId"] == host.state()["activeCall"]["engagementId"]
    bare = Host(HostContext(iframe_location=None, uses_calling_window=None), crm=fresh_crm()).sync_fields("window")
    assert set(bare) == {"portalId", "userId", "ownerId"}
