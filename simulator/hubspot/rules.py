"""Protocol rules (PROTOCOL.md §5.5), each with a name, a severity and a one-line summary.

`check_incoming` runs on widget -> host messages *before* the host applies them, `check_outgoing`
on host -> widget messages, `check_timers` about once a second. All read the session state; only
`check_timers` writes to it (to report each timer once).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal, TypeGuard

from simulator.hubspot import versions
from simulator.hubspot.crm import normalize_e164
from simulator.hubspot.protocol import SDK_MESSAGE_ID, WIDGET_TO_HOST, is_unknown_type_nack
from simulator.hubspot.state import Call, SessionState

Severity = Literal["error", "warning"]

HANDSHAKE_TIMEOUT_MS = 30_000
INITIALIZED_WITHIN_MS = 3_000
END_CALL_ANSWER_WITHIN_MS = 5_000


@dataclass(frozen=True)
class Violation:
    """A protocol rule broken (PROTOCOL.md §5.5)."""

    rule: str
    severity: Severity
    explanation: str


@dataclass(frozen=True)
class Rule:
    """A named protocol rule; calling it makes a Violation with a specific explanation."""

    name: str
    severity: Severity
    summary: str

    def __call__(self, detail: str | None = None) -> Violation:
        return Violation(self.name, self.severity, detail or self.summary)

    def to_json(self) -> dict[str, str]:
        return {"name": self.name, "severity": self.severity, "summary": self.summary}


RULES: dict[str, Rule] = {}


def _rule(name: str, severity: Severity, summary: str) -> Rule:
    rule = Rule(name, severity, summary)
    RULES[name] = rule
    return rule


E: Severity = "error"
W: Severity = "warning"

ENVELOPE_TYPE = _rule("envelope.type", E, "A message must be an object with a string `type`.")
ENVELOPE_MESSAGE_ID = _rule("envelope.message-id", E, "A message must carry a `messageId` (receivers drop it without).")
ENVELOPE_ID_FORMAT = _rule(
    "envelope.message-id-format", W, "Widget `messageId` is not `<digits>_<digits>`: not made by the SDK."
)
ENVELOPE_REPLY_ID = _rule(
    "envelope.reply-id", E, "Host message reuses a widget-prefixed id: the widget drops it as a reply (§1.2)."
)
ENVELOPE_UNKNOWN_TYPE = _rule("envelope.unknown-type", E, "Widget sent a type HubSpot does not know (§3).")
ENVELOPE_DATA = _rule("envelope.data", E, "`data` must be an object.")
PAYLOAD_FIELD = _rule("payload.field", E, "A required field is missing or a field has the wrong type (§3).")
HANDSHAKE_TIMEOUT = _rule(
    "handshake.timeout", E, "No SYNC_ACK within 30 s of the page load: HubSpot gives up (SYNC_ACK_FAILED)."
)
HANDSHAKE_ACK_ORIGIN = _rule("handshake.ack-origin", E, "SYNC_ACK `iFrameUrl` is not the origin the message came from.")
HANDSHAKE_NO_INITIALIZED = _rule("handshake.no-initialized", W, "No INITIALIZED within 3 s after SYNC_ACK.")
HANDSHAKE_DUPLICATE_INITIALIZED = _rule(
    "handshake.duplicate-initialized", W, "Second INITIALIZED without a reload or SET_WIDGET_URL in between."
)
HANDSHAKE_NOT_READY = _rule(
    "handshake.not-ready", E, "Host message other than SYNC before SYNC_ACK: HubSpot never posts one (§2.4)."
)
AUTH_DIAL_LOGGED_OUT = _rule(
    "auth.dial-while-logged-out", E, "DIAL_NUMBER while the widget is logged out: HubSpot shows an alert instead."
)
AUTH_CALL_LOGGED_OUT = _rule("auth.call-while-logged-out", E, "OUTGOING_CALL_STARTED / INCOMING_CALL while logged out.")
INBOUND_DISABLED = _rule(
    "inbound.disabled", E, "INCOMING_CALL while supportsInboundCalling is false: HubSpot ignores it."
)
INBOUND_UNAVAILABLE = _rule("inbound.unavailable", W, "INCOMING_CALL while the user is unavailable.")
CALL_CONCURRENT = _rule("call.concurrent", W, "A new call started while another is not COMPLETED/TRANSFERRED.")
CALL_UNKNOWN_ID = _rule("call.unknown-id", E, "Call event for an `externalCallId` that was never started.")
CALL_MISSING_EXTERNAL_ID = _rule(
    "call.missing-external-id",
    W,
    "OUTGOING_CALL_STARTED / INCOMING_CALL without `externalCallId` (required since 0.7).",
)
CALL_ORDER = _rule("call.order", E, "Call events out of order (§5.2/§5.3).")
CALL_OUTGOING_WITHOUT_DIAL = _rule(
    "call.outgoing-without-dial", W, "OUTGOING_CALL_STARTED with no pending DIAL_NUMBER and no `toNumber`."
)
CALL_NUMBER_MISMATCH = _rule("call.number-mismatch", W, "OUTGOING_CALL_STARTED number differs from the DIAL_NUMBER's.")
CALL_END_STATUS = _rule("call.end-status", E, "`callEndStatus` is not one of the 7 EndStatus values.")
ENGAGEMENT_ID_MISMATCH = _rule(
    "engagement.id-mismatch", E, "`engagementId` differs from the one HubSpot issued for this call."
)
ENGAGEMENT_MISSING_ID = _rule(
    "engagement.missing-id", W, "CALL_COMPLETED without `engagementId` although HubSpot issued one."
)
ENGAGEMENT_PROPERTY_TYPE = _rule(
    "engagement.property-type", E, "An `engagementProperties` value is not a string, or an `hs_*` key is unknown (§8)."
)
ENGAGEMENT_NULL_PROPERTY = _rule(
    "engagement.null-property", W, "An `engagementProperties` value is null (send a string or leave the key out)."
)
ENGAGEMENT_RECORDING_URL = _rule("engagement.recording-url", E, "`hs_call_recording_url` must be an https: URL.")
ENGAGEMENT_ENUM = _rule(
    "engagement.enum", E, "Bad `hs_call_status`, `hs_call_direction` or `hs_call_source` value (§8)."
)
END_CALL_UNANSWERED = _rule("end-call.unanswered", W, "No CALL_ENDED within 5 s after the host's END_CALL.")
NAVIGATE_COORDINATES = _rule(
    "navigate.coordinates", E, "NAVIGATE_TO_RECORD needs `objectCoordinates{portalId, objectTypeId, objectId}`."
)
RESIZE_SHAPE = _rule("resize.shape", W, "RESIZE_WIDGET / sizeInfo width or height is not a positive number.")
ERROR_MESSAGE = _rule("error.message", W, "ERROR without `data.message`: HubSpot has nothing to show.")
DEPRECATED_PUBLISH = _rule(
    "deprecated.publish-to-channel", W, "PUBLISH_TO_CHANNEL is deprecated since 0.9.4: use FINALIZE_ENGAGEMENT."
)
DEPRECATED_CALL_ID = _rule("deprecated.call-id", W, "`callId` is deprecated: use `externalCallId`.")
DEPRECATED_PHONE_NUMBER = _rule(
    "deprecated.phone-number", W, "`phoneNumber` is deprecated here: use `toNumber`/`fromNumber`."
)
DEPRECATED_ENGAGEMENT_CREATED = _rule(
    "deprecated.engagement-created", W, "ENGAGEMENT_CREATED sent to SDK ≥ 0.1.8: use CREATE_ENGAGEMENT_SUCCEEDED."
)
VERSION_UNSUPPORTED_TYPE = _rule(
    "version.unsupported-type", W, "Host type the widget's SDK version does not dispatch: expect an ERROR reply (§2.5)."
)
VERSION_FAILED_BUG = _rule(
    "version.failed-handler-bug", W, "*_FAILED sent to SDK 0.8.1–0.8.3: the widget throws before its handler runs (§6)."
)

END_STATUSES = frozenset({"COMPLETED", "FAILED", "CANCELED", "BUSY", "NO_ANSWER", "REJECTED", "MISSED"})
CALL_STATUSES = frozenset(
    {"BUSY", "CALLING_CRM_USER", "CANCELED", "COMPLETED", "CONNECTING", "FAILED", "IN_PROGRESS", "NO_ANSWER", "QUEUED",
     "RINGING", "HOLD", "MISSED", "UNKNOWN"}
)  # fmt: skip
CALL_DIRECTIONS = frozenset({"INBOUND", "OUTBOUND"})
CALL_SOURCES = frozenset({"INTEGRATIONS_PLATFORM"})
KNOWN_PROPERTIES = frozenset(
    {"hs_timestamp", "hs_call_title", "hs_call_body", "hs_call_callee_object_id", "hs_call_callee_object_type",
     "hs_call_callee_object_type_id", "hs_call_direction", "hs_call_disposition", "hs_call_duration",
     "hs_call_from_number", "hs_call_to_number", "hs_call_recording_url", "hs_call_status", "hs_call_source",
     "hubspot_owner_id", "hs_activity_type", "hs_attachment_ids"}
)  # fmt: skip

# Field kinds: "str", "bool", "number", "id" (number or numeric string), "object".
Kind = Literal["str", "bool", "number", "id", "object"]
CALL_FIELDS: dict[str, Kind] = {"externalCallId": "str", "callId": "id"}
FIELDS: dict[str, dict[str, Kind]] = {
    "SYNC_ACK": {"version": "str", "iFrameUrl": "str", "debugMode": "bool"},
    "INITIALIZED": {"isLoggedIn": "bool", "isAvailable": "bool", "engagementId": "id", "sizeInfo": "object"},
    "OUTGOING_CALL_STARTED": {
        **CALL_FIELDS, "toNumber": "str", "fromNumber": "str", "phoneNumber": "str", "callStartTime": "number",
        "createEngagement": "bool",
    },
    "INCOMING_CALL": {
        **CALL_FIELDS, "toNumber": "str", "fromNumber": "str", "phoneNumber": "str", "callStartTime": "number",
        "createEngagement": "bool",
    },
    "CALL_ANSWERED": CALL_FIELDS,
    "CALL_ENDED": {**CALL_FIELDS, "engagementId": "id", "callEndStatus": "str"},
    "CALL_COMPLETED": {**CALL_FIELDS, "engagementId": "id", "hideWidget": "bool", "engagementProperties": "object"},
    "CALL_TRANSFERRED": CALL_FIELDS,
    "NAVIGATE_TO_RECORD": {"engagementId": "id"},
    "PUBLISH_TO_CHANNEL": {"externalCallId": "str", "engagementId": "id"},
    "FINALIZE_ENGAGEMENT": {"externalCallId": "str", "engagementId": "id"},
    "SET_WIDGET_URL": {"iFrameUrl": "str"},
}  # fmt: skip
REQUIRED: dict[str, tuple[str, ...]] = {
    "SYNC_ACK": ("version",),
    "PUBLISH_TO_CHANNEL": ("externalCallId", "engagementId"),
    "FINALIZE_ENGAGEMENT": ("externalCallId", "engagementId"),
}
CALL_EVENTS = frozenset(
    {"CALL_ANSWERED", "CALL_ENDED", "CALL_COMPLETED", "CALL_TRANSFERRED", "FINALIZE_ENGAGEMENT", "PUBLISH_TO_CHANNEL"}
)


def is_number(value: Any) -> TypeGuard[int | float]:
    """A finite JSON number (booleans are not numbers)."""
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def as_engagement_id(value: Any) -> int | None:
    """An engagement id as an int: numbers and numeric strings (CALL_COMPLETED allows both)."""
    if is_number(value) and int(value) == value:
        return int(value)
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return None


def _has_kind(value: Any, kind: Kind) -> bool:
    if kind == "str":
        return isinstance(value, str)
    if kind == "bool":
        return isinstance(value, bool)
    if kind == "number":
        return is_number(value)
    if kind == "id":
        return as_engagement_id(value) is not None
    return isinstance(value, dict)


_KIND_TEXT: dict[Kind, str] = {
    "str": "a string", "bool": "a boolean", "number": "a number", "id": "a numeric id", "object": "an object",
}  # fmt: skip


def _fields(message_type: str, data: dict[str, Any]) -> list[Violation]:
    found = []
    for key in REQUIRED.get(message_type, ()):
        if data.get(key) is None:
            found.append(PAYLOAD_FIELD(f"{message_type} needs `{key}`"))
    for key, kind in FIELDS.get(message_type, {}).items():
        value = data.get(key)
        if value is not None and not _has_kind(value, kind):
            found.append(PAYLOAD_FIELD(f"{message_type} `{key}` should be {_KIND_TEXT[kind]}, got {value!r}"))
    return found


# ---------------------------------------------------------------------------------------------
# Widget -> host

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
    found += _fields(message_type, data)
    check = CHECKS.get(message_type)
    if check is not None:
        found += check(data, message, origin, state)
    return found


def _sync_ack(
    data: dict[str, Any], message: dict[str, Any], origin: str | None, state: SessionState
) -> list[Violation]:
    url = data.get("iFrameUrl")
    if isinstance(url, str) and origin and url.rstrip("/") != origin.rstrip("/"):
        return [HANDSHAKE_ACK_ORIGIN(f"SYNC_ACK iFrameUrl {url!r} but the message came from {origin!r}")]
    return []


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
        found.append(CALL_CONCURRENT(f"{message_type} while call {active.external_call_id!r} is {active.status}"))
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
    return found


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


# (state the call is in) -> (events allowed), §5.2/§5.3
ALLOWED: dict[str, frozenset[str]] = {
    "STARTED": frozenset({"CALL_ANSWERED", "CALL_ENDED", "CALL_TRANSFERRED"}),
    "RINGING": frozenset({"CALL_ANSWERED", "CALL_ENDED", "CALL_TRANSFERRED"}),
    "IN_PROGRESS": frozenset({"CALL_ENDED", "CALL_TRANSFERRED"}),
    "ENDED": frozenset({"CALL_COMPLETED"}),
    "COMPLETED": frozenset({"FINALIZE_ENGAGEMENT", "PUBLISH_TO_CHANNEL"}),
    "FINALIZED": frozenset({"FINALIZE_ENGAGEMENT", "PUBLISH_TO_CHANNEL"}),
    "TRANSFERRED": frozenset(),
}


def _call_event(
    data: dict[str, Any], message: dict[str, Any], origin: str | None, state: SessionState
) -> list[Violation]:
    message_type = message["type"]
    found = []
    if "callId" in data:
        found.append(DEPRECATED_CALL_ID(f"{message_type} carries `callId`"))
    if message_type == "PUBLISH_TO_CHANNEL" and versions.at_least(
        state.sdk_version, versions.FINALIZE_ENGAGEMENT_SINCE
    ):
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
    if call is None:
        return found
    if message_type not in ALLOWED[call.status]:
        found.append(CALL_ORDER(_order_text(message_type, call)))
    if message_type != "CALL_ANSWERED" and message_type != "CALL_TRANSFERRED":
        found += _engagement_id(message_type, data, call, state)
    return found


def _order_text(message_type: str, call: Call) -> str:
    if message_type == "CALL_COMPLETED" and call.status in ("STARTED", "RINGING", "IN_PROGRESS"):
        return f"CALL_COMPLETED before CALL_ENDED for call {call.external_call_id!r}"
    if message_type in ("FINALIZE_ENGAGEMENT", "PUBLISH_TO_CHANNEL"):
        return f"{message_type} before CALL_COMPLETED for call {call.external_call_id!r} ({call.status})"
    return f"{message_type} for call {call.external_call_id!r}, which is already {call.status}"


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
        return [
            ENGAGEMENT_ID_MISMATCH(f"{message_type} engagementId {value} belongs to call {owner.external_call_id!r}")
        ]
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
    if bad:
        return [NAVIGATE_COORDINATES(f"NAVIGATE_TO_RECORD objectCoordinates lacks a valid {', '.join(bad)}")]
    return []


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


# ---------------------------------------------------------------------------------------------
# Host -> widget


def check_outgoing(message: Any, state: SessionState) -> list[Violation]:
    """Rules a host -> widget message breaks (a scenario or the control API asked for it)."""
    if not isinstance(message, dict) or not isinstance(message.get("type"), str) or not message["type"]:
        return [ENVELOPE_TYPE(f"host message has no string `type`: {message!r}")]
    message_type: str = message["type"]
    found: list[Violation] = []
    message_id = message.get("messageId")
    if not isinstance(message_id, str) or not message_id:
        found.append(ENVELOPE_MESSAGE_ID(f"host {message_type} has no `messageId`: the widget ignores it"))
    elif (state.widget_instance and message_id.startswith(state.widget_instance)) or message_id in state.widget_ids:
        found.append(ENVELOPE_REPLY_ID(f"host {message_type} id {message_id!r} starts with the widget's instance id"))
    if message_type != "SYNC" and state.handshake != "READY":
        found.append(HANDSHAKE_NOT_READY(f"host {message_type} while the handshake is {state.handshake}"))
    if message_type == "DIAL_NUMBER" and not state.logged_in:
        found.append(AUTH_DIAL_LOGGED_OUT("DIAL_NUMBER while the widget is logged out"))
    version = state.sdk_version
    if not versions.dispatches(version, message_type):
        shown = f"SDK {version}" if version else "any SDK version"
        found.append(VERSION_UNSUPPORTED_TYPE(f"{shown} does not dispatch {message_type}: expect an ERROR reply"))
    if message_type.endswith("_FAILED") and versions.has_failed_bug(version):
        found.append(VERSION_FAILED_BUG(f"{message_type} to SDK {version}: its handler will not run"))
    if message_type == "ENGAGEMENT_CREATED" and versions.at_least(version, versions.FIRST_MODERN_ENGAGEMENT):
        found.append(DEPRECATED_ENGAGEMENT_CREATED(f"ENGAGEMENT_CREATED to SDK {version}"))
    return found


# ---------------------------------------------------------------------------------------------
# Time


def check_timers(now_ms: int, state: SessionState) -> list[Violation]:
    """Time-based rules; each is reported once per occasion (recorded in `state.reported_timers`)."""
    found = []
    loaded, acked, end_call = state.loaded_at_ms, state.sync_ack_at_ms, state.end_call_sent_at_ms
    if state.handshake == "SYNCING" and loaded is not None and now_ms - loaded > HANDSHAKE_TIMEOUT_MS:
        text = f"no SYNC_ACK {(now_ms - loaded) / 1000:.0f} s after the page load"
        found += _once(state, f"handshake.timeout@{loaded}", HANDSHAKE_TIMEOUT(text))
    waiting = state.handshake == "READY" and not state.initialized
    if waiting and acked is not None and now_ms - acked > INITIALIZED_WITHIN_MS:
        text = f"no INITIALIZED {(now_ms - acked) / 1000:.1f} s after SYNC_ACK"
        found += _once(state, f"handshake.no-initialized@{acked}", HANDSHAKE_NO_INITIALIZED(text))
    if end_call is not None and now_ms - end_call > END_CALL_ANSWER_WITHIN_MS:
        text = f"no CALL_ENDED {(now_ms - end_call) / 1000:.1f} s after END_CALL"
        found += _once(state, f"end-call.unanswered@{end_call}", END_CALL_UNANSWERED(text))
    return found


def _once(state: SessionState, key: str, violation: Violation) -> list[Violation]:
    if key in state.reported_timers:
        return []
    state.reported_timers.add(key)
    return [violation]


__all__ = ["RULES", "Rule", "Violation", "check_incoming", "check_outgoing", "check_timers"]
