"""What protocol payloads look like (docs/protocol.md §3, §5, §8): field kinds, vocabularies, the call lifecycle."""

from __future__ import annotations

import math
from typing import Any, Literal, TypeGuard

from simulator.hubspot.rest.fields import parse_whole
from simulator.hubspot.validator.rules import PAYLOAD_FIELD, Violation

END_STATUSES = frozenset({"COMPLETED", "FAILED", "CANCELED", "BUSY", "NO_ANSWER", "REJECTED", "MISSED"})
CALL_STATUSES = frozenset(
    {"BUSY", "CALLING_CRM_USER", "CANCELED", "COMPLETED", "CONNECTING", "FAILED", "IN_PROGRESS", "NO_ANSWER", "QUEUED",
     "RINGING", "HOLD", "MISSED", "UNKNOWN"}
)  # fmt: skip
CALL_DIRECTIONS = frozenset({"INBOUND", "OUTBOUND"})
CALL_SOURCES = frozenset({"INTEGRATIONS_PLATFORM"})
OPEN_IN = frozenset({"CURRENT_TAB", "NEW_TAB"})  # NAVIGATE_TO_RECORD `openIn` (0.9.7 typings)
# hs_call_status values that agree with each CALL_ENDED callEndStatus (REJECTED has no status of its own).
END_STATUS_AGREES: dict[str, frozenset[str]] = {
    "COMPLETED": frozenset({"COMPLETED"}),
    "FAILED": frozenset({"FAILED"}),
    "CANCELED": frozenset({"CANCELED"}),
    "BUSY": frozenset({"BUSY"}),
    "NO_ANSWER": frozenset({"NO_ANSWER", "MISSED"}),
    "MISSED": frozenset({"MISSED", "NO_ANSWER"}),
    "REJECTED": frozenset({"CANCELED", "BUSY", "NO_ANSWER", "MISSED"}),
}
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
    "NAVIGATE_TO_RECORD": {"engagementId": "id", "openIn": "str"},
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
    if isinstance(value, str):
        return parse_whole(value.strip())
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


def field_violations(message_type: str, data: dict[str, Any]) -> list[Violation]:
    """Required fields missing and fields of the wrong kind (§3)."""
    found = []
    for key in REQUIRED.get(message_type, ()):
        if data.get(key) is None:
            found.append(PAYLOAD_FIELD(f"{message_type} needs `{key}`"))
    for key, kind in FIELDS.get(message_type, {}).items():
        value = data.get(key)
        if value is not None and not _has_kind(value, kind):
            found.append(PAYLOAD_FIELD(f"{message_type} `{key}` should be {_KIND_TEXT[kind]}, got {value!r}"))
    return found


# (state the call is in) -> (events allowed), §5.2/§5.3
ALLOWED: dict[str, frozenset[str]] = {
    "STARTED": frozenset({"CALL_ANSWERED", "CALL_ENDED", "CALL_TRANSFERRED"}),
    "RINGING": frozenset({"CALL_ANSWERED", "CALL_ENDED", "CALL_TRANSFERRED"}),
    "IN_PROGRESS": frozenset({"CALL_ENDED", "CALL_TRANSFERRED"}),
    # HubSpot's react demo finalizes from the call-ended screen, before CALL_COMPLETED: both orders are valid.
    "ENDED": frozenset({"CALL_COMPLETED", "FINALIZE_ENGAGEMENT", "PUBLISH_TO_CHANNEL"}),
    "COMPLETED": frozenset({"FINALIZE_ENGAGEMENT", "PUBLISH_TO_CHANNEL"}),
    "FINALIZED": frozenset({"FINALIZE_ENGAGEMENT", "PUBLISH_TO_CHANNEL"}),
    "TRANSFERRED": frozenset(),
    "ELSEWHERE": frozenset(),  # another tab of the user took the call: this tab's widget has nothing more to say
}
