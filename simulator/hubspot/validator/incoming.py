"""Rules a widget -> host message breaks, judged against the session state *before* the host applies it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from simulator.hubspot.crm.phones import normalize_e164
from simulator.hubspot.crm.records import is_custom_type
from simulator.hubspot.sdk import versions
from simulator.hubspot.sdk.payloads import (
    ALLOWED,
    CALL_DIRECTIONS,
    CALL_EVENTS,
    CALL_SOURCES,
    CALL_STATUSES,
    END_STATUS_AGREES,
    END_STATUSES,
    KNOWN_PROPERTIES,
    OPEN_IN,
    as_engagement_id,
    field_violations,
    is_number,
)
from simulator.hubspot.sdk.protocol import SDK_MESSAGE_ID, WIDGET_TO_HOST, is_unknown_type_nack
from simulator.hubspot.state import Call, SessionState
from simulator.hubspot.validator.rules import (
    AUTH_CALL_LOGGED_OUT,
    CALL_CONCURRENT,
    CALL_CUSTOM_OBJECT_ENGAGEMENT,
    CALL_END_STATUS,
    CALL_MISSING_EXTERNAL_ID,
    CALL_MISSING_ID,
    CALL_MISSING_ID_END_CALL,
    CALL_MISSING_ID_LEGACY,
    CALL_NUMBER_MISMATCH,
    CALL_ORDER,
    CALL_OUTGOING_WITHOUT_DIAL,
    CALL_STATUS_MISMATCH,
    CALL_UNKNOWN_ID,
    DEPRECATED_CALL_ID,
    DEPRECATED_PHONE_NUMBER,
    DEPRECATED_PUBLISH,
    ENGAGEMENT_ENUM,
    ENGAGEMENT_ID_MISMATCH,
    ENGAGEMENT_MISSING_ID,
    ENGAGEMENT_NULL_PROPERTY,
    ENGAGEMENT_PROPERTY_TYPE,
    ENGAGEMENT_RECORDING_URL,
    ENVELOPE_DATA,
    ENVELOPE_HOST_ID,
    ENVELOPE_ID_FORMAT,
    ENVELOPE_MESSAGE_ID,
    ENVELOPE_TYPE,
    ENVELOPE_UNKNOWN_TYPE,
    ERROR_MESSAGE,
    HANDSHAKE_ACK_ORIGIN,
    HANDSHAKE_ACK_UNKNOWN_ID,
    HANDSHAKE_DUPLICATE_INITIALIZED,
    INBOUND_DISABLED,
    INBOUND_UNAVAILABLE,
    NAVIGATE_COORDINATES,
    PAYLOAD_FIELD,
    RESIZE_SHAPE,
    Violation,
)

Check = Callable[[dict[str, Any], dict[str, Any], "str | None", SessionState], list[Violation]]


def check_incoming(message: Any, origin: str | None, state: SessionState) -> list[Violation]:
    """Rules a widget -> host message breaks, judged against the state before it is applied."""
    if not isinstance(message, dict):
        return [ENVELOPE_TYPE(f"message is {type(message).__name__}, not an object")]
    message_type = message.get("type")
    if not isinstance(message_type, str) or not message_type:
        return [ENVELOPE_TYPE(f"message has no string `type`: {message_type!r}")]
    found: list[Violation] = []
    message_id = message.get("messageId")
    if not isinstance(message_id, str) or not message_id:
        found.append(ENVELOPE_MESSAGE_ID(f"{message_type} has no `messageId`"))
    elif not SDK_MESSAGE_ID.match(message_id):
        found.append(ENVELOPE_ID_FORMAT(f"{message_type} `messageId` {message_id!r} is not `<digits>_<digits>`"))
    if message_type != "SYNC_ACK" and state.is_host_prefixed(message_id):
        text = f"{message_type} `messageId` {message_id!r} starts with the host's instance id {state.host_instance}"
        found.append(ENVELOPE_HOST_ID(f"{text}: HubSpot takes it for a reply and drops it"))
    if message_type not in WIDGET_TO_HOST:
        found.append(ENVELOPE_UNKNOWN_TYPE(f"{message_type!r} is not a widget -> host message type"))
        return found
    if message_type == "SYNC_ACK":
        data = message  # handshake fields are top-level (§2.3)
    else:
        raw = message.get("data")
        if raw is not None and not isinstance(raw, dict):
            found.append(ENVELOPE_DATA(f"{message_type} `data` is {type(raw).__name__}, not an object"))
        data = raw if isinstance(raw, dict) else {}
    found += field_violations(message_type, data)
    check = CHECKS.get(message_type)
    if check is not None:
        found += check(data, message, origin, state)
    return found


def _sync_ack(
    data: dict[str, Any], message: dict[str, Any], origin: str | None, state: SessionState
) -> list[Violation]:
    found = []
    if not state.answers_pending_sync(message.get("messageId")):
        shown = message.get("messageId")
        text = f"SYNC_ACK id {shown!r} answers no SYNC sent since the page load (handshake {state.handshake})"
        found.append(HANDSHAKE_ACK_UNKNOWN_ID(f"{text}: HubSpot drops it"))
    url = data.get("iFrameUrl")
    if isinstance(url, str) and origin and url.rstrip("/") != origin.rstrip("/"):
        found.append(HANDSHAKE_ACK_ORIGIN(f"SYNC_ACK iFrameUrl {url!r} but the message came from {origin!r}"))
    return found


def _size(value: Any, where: str) -> list[Violation]:
    if not isinstance(value, dict):
        return [RESIZE_SHAPE(f"{where} should be {{width, height}}, got {value!r}")]
    bad = [key for key in ("width", "height") if not (is_number(value.get(key)) and value[key] > 0)]
    if bad:
        shown = ", ".join(f"{key}={value.get(key)!r}" for key in bad)
        return [RESIZE_SHAPE(f"{where}: {shown} is not a positive number")]
    return []


def _initialized(
    data: dict[str, Any], message: dict[str, Any], origin: str | None, state: SessionState
) -> list[Violation]:
    found = []
    if state.initialized_count > 0:
        found.append(HANDSHAKE_DUPLICATE_INITIALIZED("INITIALIZED again without a reload or SET_WIDGET_URL"))
    for key in ("sizeInfo", "widgetSize"):
        if data.get(key) is not None:
            found += _size(data[key], f"INITIALIZED {key}")
    return found


def _call_start(
    data: dict[str, Any], message: dict[str, Any], origin: str | None, state: SessionState
) -> list[Violation]:
    message_type = message["type"]
    found = []
    if not state.logged_in:
        found.append(AUTH_CALL_LOGGED_OUT(f"{message_type} while the widget is logged out"))
    external_id = data.get("externalCallId")
    if not isinstance(external_id, str) or not external_id:
        found.append(CALL_MISSING_EXTERNAL_ID(f"{message_type} without `externalCallId`"))
    elif external_id in state.calls:
        found.append(CALL_ORDER(f"{message_type}: call {external_id!r} was already started"))
    active = state.active_call()
    if active is not None and active.external_call_id != external_id:
        found.append(CALL_CONCURRENT(f"{message_type} while {active.describe()} is {active.status}"))
    if "callId" in data:
        found.append(DEPRECATED_CALL_ID(f"{message_type} carries `callId`"))
    if message_type == "OUTGOING_CALL_STARTED":
        found += _outgoing(data, state)
    else:
        found += _incoming(data, state)
    return found


def _outgoing(data: dict[str, Any], state: SessionState) -> list[Violation]:
    found = []
    if "phoneNumber" in data:
        found.append(DEPRECATED_PHONE_NUMBER("OUTGOING_CALL_STARTED carries `phoneNumber`"))
    number = data.get("toNumber") if data.get("toNumber") is not None else data.get("phoneNumber")
    dial = state.pending_dial
    if dial is None and not number:
        found.append(
            CALL_OUTGOING_WITHOUT_DIAL("OUTGOING_CALL_STARTED without a DIAL_NUMBER before it and no `toNumber`")
        )
    dialled = dial.phone_number if dial is not None else None
    if (
        isinstance(number, str)
        and dialled
        and (normalize_e164(number) or number) != (normalize_e164(dialled) or dialled)
    ):
        found.append(CALL_NUMBER_MISMATCH(f"OUTGOING_CALL_STARTED to {number!r}, DIAL_NUMBER was {dialled!r}"))
    custom = _custom_object_of(dial.data) if dial is not None else None
    if custom and data.get("createEngagement") is not True:
        found.append(CALL_CUSTOM_OBJECT_ENGAGEMENT(
            f"OUTGOING_CALL_STARTED for a {custom} record without createEngagement: true; HubSpot logs no call on "
            "custom objects unless the widget creates the engagement"))  # fmt: skip
    return found


def _custom_object_of(dial: Any) -> str | None:
    """The custom object type ("2-…") the DIAL_NUMBER was for: the record dialled, or the page it came from."""
    if not isinstance(dial, dict):
        return None
    callee = dial.get("calleeInfo")
    callee_type = callee.get("calleeObjectTypeId") if isinstance(callee, dict) else None
    for type_id in (callee_type, dial.get("objectTypeId")):
        if isinstance(type_id, str) and is_custom_type(type_id):
            return type_id
    return None


def _incoming(data: dict[str, Any], state: SessionState) -> list[Violation]:
    found = []
    if not state.supports_inbound_calling:
        found.append(INBOUND_DISABLED("INCOMING_CALL but the app's supportsInboundCalling is false"))
    elif not state.available:
        found.append(INBOUND_UNAVAILABLE("INCOMING_CALL while the user is unavailable"))
    if data.get("fromNumber") is None:
        if data.get("phoneNumber") is not None:
            found.append(DEPRECATED_PHONE_NUMBER("INCOMING_CALL in the 0.0.x shape `{phoneNumber}`"))
        else:
            found.append(PAYLOAD_FIELD("INCOMING_CALL needs `fromNumber`"))
    elif data.get("toNumber") is None:
        found.append(PAYLOAD_FIELD("INCOMING_CALL needs `toNumber`"))
    return found


def _call_event(
    data: dict[str, Any], message: dict[str, Any], origin: str | None, state: SessionState
) -> list[Violation]:
    message_type = message["type"]
    found = []
    if "callId" in data:
        found.append(DEPRECATED_CALL_ID(f"{message_type} carries `callId`"))
    if message_type == "PUBLISH_TO_CHANNEL" and state.profile().at_least(versions.FINALIZE_ENGAGEMENT_SINCE):
        found.append(DEPRECATED_PUBLISH(f"PUBLISH_TO_CHANNEL from SDK {state.sdk_version}"))
    end_status = data.get("callEndStatus") if message_type == "CALL_ENDED" else None
    if end_status is not None and not (isinstance(end_status, str) and end_status in END_STATUSES):
        found.append(CALL_END_STATUS(f"callEndStatus {end_status!r} is not one of {', '.join(sorted(END_STATUSES))}"))
    if message_type == "CALL_COMPLETED" and isinstance(data.get("engagementProperties"), dict):
        found += _properties(data["engagementProperties"])
    external_id = data.get("externalCallId")
    if isinstance(external_id, str) and external_id and external_id not in state.calls:
        return [*found, CALL_UNKNOWN_ID(f"{message_type} for call {external_id!r}, which was never started")]
    call = state.resolve_call(external_id)
    if not (isinstance(external_id, str) and external_id) and message_type in MISSING_ID_EVENTS:
        found.append(_missing_id(message_type, call, state))
    if call is None:
        return found
    if message_type not in ALLOWED[call.status]:
        found.append(CALL_ORDER(_order_text(message_type, call)))
    if message_type != "CALL_ANSWERED" and message_type != "CALL_TRANSFERRED":
        found += _engagement_id(message_type, data, call, state)
    if message_type == "CALL_COMPLETED" and isinstance(data.get("engagementProperties"), dict):
        found += _status_agrees(data["engagementProperties"].get("hs_call_status"), call)
    return found


# The lifecycle events that name their call; FINALIZE/PUBLISH require the id outright (payload.field).
MISSING_ID_EVENTS = frozenset({"CALL_ANSWERED", "CALL_ENDED", "CALL_COMPLETED", "CALL_TRANSFERRED"})


def _missing_id(message_type: str, call: Call | None, state: SessionState) -> Violation:
    core = state.profile().core
    applied = f"applied to {call.describe()} ({call.status})" if call is not None else "no call is in progress"
    if core is not None and core < versions.CALL_IDS_SINCE:
        sdk = state.sdk_version
        return CALL_MISSING_ID_LEGACY(f"{message_type} without `externalCallId` from SDK {sdk}: {applied}")
    if message_type == "CALL_ENDED" and call is not None and state.end_call_sent_at_ms is not None:
        # The answer to HubSpot's own END_CALL: there is only one call it can mean.
        return CALL_MISSING_ID_END_CALL(f"CALL_ENDED without `externalCallId` after END_CALL: {applied}")
    return CALL_MISSING_ID(f"{message_type} without `externalCallId`: {applied}")


def _status_agrees(status: Any, call: Call) -> list[Violation]:
    agrees = END_STATUS_AGREES.get(call.end_status or "")
    if agrees is None or not isinstance(status, str) or status == "UNKNOWN" or status not in CALL_STATUSES:
        return []  # nothing to compare, or a bad value engagement.enum reports
    if status in agrees:
        return []
    ended = call.end_status
    return [CALL_STATUS_MISMATCH(f"CALL_COMPLETED hs_call_status {status!r} but CALL_ENDED said {ended!r}")]


def _order_text(message_type: str, call: Call) -> str:
    before_end = call.status in ("STARTED", "RINGING", "IN_PROGRESS")
    if message_type in ("CALL_COMPLETED", "FINALIZE_ENGAGEMENT", "PUBLISH_TO_CHANNEL") and before_end:
        return f"{message_type} before CALL_ENDED for {call.describe()}"
    if call.elsewhere:
        return f"{message_type} for {call.describe()}, which was {call.elsewhere}"
    return f"{message_type} for {call.describe()}, which is already {call.status}"


def _engagement_id(message_type: str, data: dict[str, Any], call: Call, state: SessionState) -> list[Violation]:
    value = as_engagement_id(data.get("engagementId"))
    issued = call.engagement_id
    if not value:
        if message_type == "CALL_COMPLETED" and issued is not None:
            sent = data.get("engagementId")
            return [ENGAGEMENT_MISSING_ID(f"CALL_COMPLETED engagementId is {sent!r}; HubSpot issued {issued}")]
        return []
    if issued is not None and value != issued:
        return [ENGAGEMENT_ID_MISMATCH(f"{message_type} engagementId {value}, HubSpot issued {issued} for this call")]
    owner = state.engagement_owner(value)
    if issued is None and owner is not None and owner.external_call_id != call.external_call_id:
        return [ENGAGEMENT_ID_MISMATCH(f"{message_type} engagementId {value} belongs to {owner.describe()}")]
    return []


def _properties(properties: dict[str, Any]) -> list[Violation]:
    found = []
    for key, value in properties.items():
        if str(key).startswith("hs_") and key not in KNOWN_PROPERTIES:
            found.append(ENGAGEMENT_PROPERTY_TYPE(f"unknown engagement property {key!r}"))
        if value is None:
            found.append(ENGAGEMENT_NULL_PROPERTY(f"engagementProperties.{key} is null"))
            continue
        if not isinstance(value, str) and not (key == "hs_timestamp" and is_number(value)):
            found.append(ENGAGEMENT_PROPERTY_TYPE(f"engagementProperties.{key} should be a string, got {value!r}"))
            continue
        allowed = {
            "hs_call_status": CALL_STATUSES,
            "hs_call_direction": CALL_DIRECTIONS,
            "hs_call_source": CALL_SOURCES,
        }
        if key in allowed and value not in allowed[key]:
            found.append(ENGAGEMENT_ENUM(f"{key} {value!r} is not one of {sorted(allowed[key])}"))
        if key == "hs_call_recording_url" and value and not str(value).startswith("https:"):
            found.append(ENGAGEMENT_RECORDING_URL(f"hs_call_recording_url {value!r} is not https:"))
    return found


def _navigate(
    data: dict[str, Any], message: dict[str, Any], origin: str | None, state: SessionState
) -> list[Violation]:
    coordinates = data.get("objectCoordinates")
    if not isinstance(coordinates, dict):
        return [NAVIGATE_COORDINATES(f"NAVIGATE_TO_RECORD objectCoordinates is {coordinates!r}")]
    bad = []
    if not is_number(coordinates.get("portalId")):
        bad.append("portalId")
    if not isinstance(coordinates.get("objectTypeId"), str):
        bad.append("objectTypeId")
    if not is_number(coordinates.get("objectId")):
        bad.append("objectId")
    found = []
    if bad:
        found.append(NAVIGATE_COORDINATES(f"NAVIGATE_TO_RECORD objectCoordinates lacks a valid {', '.join(bad)}"))
    open_in = data.get("openIn")
    if isinstance(open_in, str) and open_in not in OPEN_IN:
        found.append(PAYLOAD_FIELD(f"NAVIGATE_TO_RECORD openIn {open_in!r} is not one of {', '.join(sorted(OPEN_IN))}"))
    return found


def _resize(data: dict[str, Any], message: dict[str, Any], origin: str | None, state: SessionState) -> list[Violation]:
    return _size(data, "RESIZE_WIDGET")


def _error(data: dict[str, Any], message: dict[str, Any], origin: str | None, state: SessionState) -> list[Violation]:
    if is_unknown_type_nack(message):
        return []  # the SDK's NACK of a host message (§6), noted by the host
    text = data.get("message")
    if not isinstance(text, str) or not text.strip():
        return [ERROR_MESSAGE(f"ERROR without a `data.message` string: {data!r}")]
    return []


def _set_widget_url(
    data: dict[str, Any], message: dict[str, Any], origin: str | None, state: SessionState
) -> list[Violation]:
    if not isinstance(data.get("iFrameUrl"), str) and not isinstance(message.get("iFrameUrl"), str):
        return [PAYLOAD_FIELD("SET_WIDGET_URL needs `iFrameUrl` (in `data`, or top-level before 0.8.0)")]
    return []


CHECKS: dict[str, Check] = {
    "SYNC_ACK": _sync_ack,
    "INITIALIZED": _initialized,
    "OUTGOING_CALL_STARTED": _call_start,
    "INCOMING_CALL": _call_start,
    **{message_type: _call_event for message_type in CALL_EVENTS},
    "NAVIGATE_TO_RECORD": _navigate,
    "RESIZE_WIDGET": _resize,
    "ERROR": _error,
    "SET_WIDGET_URL": _set_widget_url,
}
