"""The Host facade: HubSpot's replies and effects per widget message, faults and quirks (§3, §4, issue 4)."""

from __future__ import annotations

import itertools
from typing import Any

import pytest

from simulator.hubspot.crm import Crm
from simulator.hubspot.host import Effect, Faults, Host, HostContext, Outcome, Reply
from simulator.hubspot.protocol import WIDGET_TO_HOST

T0 = 1_723_291_227_000
WIDGET = "1723291227334"
HOST = "1723291220000"
ORIGIN = "http://127.0.0.1:9025"
_ids = itertools.count(1)


def fresh_crm() -> Crm:
    return Crm.load()


def widget(message_type: str, data: Any = None, **top: Any) -> dict[str, Any]:
    message: dict[str, Any] = {"type": message_type, "messageId": f"{WIDGET}_{T0 + next(_ids)}", **top}
    if data is not None:
        message["data"] = data
    return message


def host_message(message_type: str, data: Any = None) -> dict[str, Any]:
    message: dict[str, Any] = {"type": message_type, "messageId": f"{HOST}_{T0 + next(_ids)}"}
    if data is not None:
        message["data"] = data
    return message


def ready(
    version: str = "0.9.6",
    faults: Faults | None = None,
    context: HostContext | None = None,
    crm: Crm | None = None,
    **initialized: Any,
) -> Host:
    """A host whose widget has handshaken and sent INITIALIZED (logged in and available by default)."""
    host = Host(context, faults, crm=crm or fresh_crm())
    host.page_loaded(f"{ORIGIN}/", T0)
    sync = host_message("SYNC")
    host.sent(sync, T0)
    ack = {"type": "SYNC_ACK", "messageId": sync["messageId"], "version": version, "iFrameUrl": ORIGIN}
    host.receive(ack, ORIGIN, T0 + 200)
    host.receive(widget("INITIALIZED", {"isLoggedIn": True, "isAvailable": True, **initialized}), ORIGIN, T0 + 220)
    return host


def send(host: Host, message_type: str, data: Any = None, now_ms: int = T0 + 1_000) -> list[Outcome]:
    """A host event through prepare() and sent(), as the session does it."""
    return [host.sent(host_message(r.type, r.data), now_ms) for r in host.prepare(message_type, data)]


def effects(outcome: Outcome, name: str) -> list[Effect]:
    return [effect for effect in outcome.effects if effect.name == name]


def only_reply(outcome: Outcome) -> Reply:
    assert len(outcome.replies) == 1, outcome.replies
    return outcome.replies[0]


def start_call(host: Host, call_id: str = "c1", **extra: Any) -> Outcome:
    data = {"externalCallId": call_id, "toNumber": "+16175550100", "createEngagement": True, **extra}
    return host.receive(widget("OUTGOING_CALL_STARTED", data), ORIGIN, T0 + 2_000)


# Handshake and user state


def test_sync_ack_makes_ready_and_records_version() -> None:
    host = ready("0.9.7-beta.0")
    state = host.state()
    assert state["handshake"] == "READY"
    assert state["sdkVersion"] == "0.9.7-beta.0"
    assert state["widgetOrigin"] == ORIGIN


def test_initialized_sets_state_and_resizes() -> None:
    host = ready(isLoggedIn=False, isAvailable=False)
    outcome = host.receive(
        widget("INITIALIZED", {"isLoggedIn": True, "sizeInfo": {"width": 400, "height": 650}}), ORIGIN, T0
    )
    assert effects(outcome, "resize") == [Effect("resize", {"width": 400, "height": 650})]
    assert outcome.replies == []
    assert host.state()["loggedIn"] is True
    assert host.state()["available"] is False
    assert host.state()["size"] == {"width": 400, "height": 650}


@pytest.mark.parametrize(
    ("message_type", "key", "value"),
    [
        ("LOGGED_OUT", "loggedIn", False),
        ("LOGGED_IN", "loggedIn", True),
        ("USER_UNAVAILABLE", "available", False),
        ("USER_AVAILABLE", "available", True),
    ],
)
def test_user_state_messages(message_type: str, key: str, value: bool) -> None:
    host = ready(isLoggedIn=not value if key == "loggedIn" else True, isAvailable=not value)
    outcome = host.receive(widget(message_type), ORIGIN, T0 + 500)
    assert outcome.replies == []
    assert host.state()[key] is value


def test_every_message_ends_with_a_state_effect() -> None:
    host = ready()
    for message in [widget("LOGGED_IN"), widget("NOT_A_TYPE"), "garbage"]:
        outcome = host.receive(message, ORIGIN, T0 + 500)
        assert outcome.effects[-1] == Effect("state", host.state())


def test_page_reload_resets_the_handshake() -> None:
    host = ready()
    outcome = host.page_loaded(f"{ORIGIN}/other", T0 + 5_000)
    assert host.state()["handshake"] == "SYNCING"
    assert host.state()["initialized"] is False
    assert outcome.effects[-1].name == "state"


def test_tick_marks_handshake_failed_after_30_s() -> None:
    host = Host(crm=fresh_crm())
    host.page_loaded(f"{ORIGIN}/", T0)
    assert host.tick(T0 + 10_000).violations == []
    outcome = host.tick(T0 + 31_000)
    assert [v.rule for v in outcome.violations] == ["handshake.timeout"]
    assert host.state()["handshake"] == "FAILED"
    assert host.tick(T0 + 32_000).violations == []


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


# Page effects


def test_navigate_to_known_record() -> None:
    host = ready()
    coordinates = {"portalId": 81431, "objectTypeId": "0-2", "objectId": 77}
    outcome = host.receive(widget("NAVIGATE_TO_RECORD", {"objectCoordinates": coordinates}), ORIGIN, T0 + 500)
    assert effects(outcome, "navigate") == [Effect("navigate", {"objectTypeId": "0-2", "objectId": 77})]
    assert outcome.replies == []


def test_navigate_to_missing_record_fails() -> None:
    host = ready()
    coordinates = {"portalId": 81431, "objectTypeId": "0-1", "objectId": 4242}
    outcome = host.receive(
        widget("NAVIGATE_TO_RECORD", {"objectCoordinates": coordinates, "engagementId": 7}), ORIGIN, T0
    )
    assert only_reply(outcome) == Reply(
        "NAVIGATE_TO_RECORD_FAILED", {"engagementId": 7, "objectCoordinates": coordinates}
    )
    assert effects(outcome, "navigate") == []


@pytest.mark.parametrize(
    "message",
    [widget("SET_WIDGET_URL", {"iFrameUrl": f"{ORIGIN}/v2"}), widget("SET_WIDGET_URL", iFrameUrl=f"{ORIGIN}/v2")],
    ids=["data", "legacy-top-level"],
)
def test_set_widget_url_both_shapes(message: dict[str, Any]) -> None:
    outcome = ready().receive(message, ORIGIN, T0 + 500)
    assert effects(outcome, "set_widget_url") == [Effect("set_widget_url", {"url": f"{ORIGIN}/v2"})]
    assert outcome.violations == []


def test_set_widget_url_to_non_http_fails() -> None:
    outcome = ready().receive(widget("SET_WIDGET_URL", {"iFrameUrl": "javascript:alert(1)"}), ORIGIN, T0 + 500)
    assert only_reply(outcome).type == "SET_WIDGET_URL_FAILED"
    assert effects(outcome, "set_widget_url") == []


def test_resize_widget() -> None:
    host = ready()
    outcome = host.receive(widget("RESIZE_WIDGET", {"width": 420, "height": 670}), ORIGIN, T0 + 500)
    assert effects(outcome, "resize") == [Effect("resize", {"width": 420, "height": 670})]


def test_error_shows_raw_alert() -> None:
    outcome = ready().receive(widget("ERROR", {"message": "<b>Mic</b> blocked"}), ORIGIN, T0 + 500)
    assert effects(outcome, "alert") == [Effect("alert", {"message": "<b>Mic</b> blocked"})]


def test_unknown_type_nack_is_a_note_not_an_alert() -> None:
    host = ready("0.8.4-beta.0")
    sent = host_message("FINALIZE_ENGAGEMENT_SUCCEEDED", {})
    host.sent(sent, T0 + 1_000)
    nack = {"type": "UNKNOWN_MESSAGE_TYPE", "data": {"originalMessage": {**sent}}}
    outcome = host.receive(widget("ERROR", nack), ORIGIN, T0 + 1_010)
    assert effects(outcome, "alert") == []
    assert outcome.violations == []
    expected = f"widget (SDK 0.8.4-beta.0) does not know FINALIZE_ENGAGEMENT_SUCCEEDED (message {sent['messageId']})"
    assert outcome.notes == [expected]


def test_own_reply_to_old_widget_is_a_note_not_a_violation() -> None:
    host = ready("0.2.1-beta.0")
    data = {"externalCallId": "i1", "fromNumber": "+16175550100", "toNumber": "+18885550000"}
    reply = only_reply(host.receive(widget("INCOMING_CALL", data), ORIGIN, T0 + 1_000))
    outcome = host.sent(host_message(reply.type, reply.data), T0 + 1_001)
    assert outcome.violations == []
    assert "does not dispatch CALLER_ID_MATCH_SUCCEEDED" in outcome.notes[0]
    again = host.sent(host_message(reply.type, reply.data), T0 + 1_002)
    assert [v.rule for v in again.violations] == ["version.unsupported-type"]


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


# Faults.from_mapping


def test_faults_from_mapping_merges_onto_a_base() -> None:
    base = Faults(duplicate_dial=True)
    faults = Faults.from_mapping({"reply_delay_ms": 100, "legacy_engagement_created": None}, base)
    assert faults.duplicate_dial and faults.reply_delay_ms == 100
    assert faults.active() == {"duplicate_dial": True, "reply_delay_ms": 100}


@pytest.mark.parametrize(
    ("mapping", "needle"),
    [
        ({"fail_everything": True}, "unknown host setting 'fail_everything'"),
        ({"duplicate_dial": "yes"}, "expected true or false"),
        ({"reply_delay_ms": -5}, "whole number"),
        ({"visibility_flaps": True}, "whole number"),
        ({"legacy_engagement_created": 1}, "true, false or null"),
    ],
)
def test_faults_from_mapping_rejects_bad_input(mapping: dict[str, Any], needle: str) -> None:
    with pytest.raises(ValueError, match=needle):
        Faults.from_mapping(mapping)


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
