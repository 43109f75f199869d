"""The protocol rules (docs/protocol.md §5.5): each has a name, a severity and a one-line summary.

The checks live in `incoming` (widget -> host), `outgoing` (host -> widget) and `timers` (time-based);
`payloads` holds the shapes and vocabularies they check against.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from simulator.settings import END_CALL_ANSWER_WITHIN_MS, HANDSHAKE_TIMEOUT_MS, INITIALIZED_WITHIN_MS

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Violation:
    """A protocol rule broken (docs/protocol.md §5.5)."""

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
ENVELOPE_HOST_ID = _rule(
    "envelope.host-prefixed-id",
    E,
    "Widget message (not SYNC_ACK) whose `messageId` starts with the host's instance id: HubSpot takes it for a "
    "reply and drops it (§1.2).",
)
ENVELOPE_UNKNOWN_TYPE = _rule("envelope.unknown-type", E, "Widget sent a type HubSpot does not know (§3).")
ENVELOPE_DATA = _rule("envelope.data", E, "`data` must be an object.")
PAYLOAD_FIELD = _rule("payload.field", E, "A required field is missing or a field has the wrong type (§3).")
HANDSHAKE_TIMEOUT = _rule(
    "handshake.timeout",
    E,
    f"No SYNC_ACK within {HANDSHAKE_TIMEOUT_MS // 1000} s of the page load: HubSpot gives up (SYNC_ACK_FAILED).",
)
HANDSHAKE_ACK_ORIGIN = _rule("handshake.ack-origin", E, "SYNC_ACK `iFrameUrl` is not the origin the message came from.")
HANDSHAKE_ACK_UNKNOWN_ID = _rule(
    "handshake.ack-unknown-id",
    E,
    "SYNC_ACK whose `messageId` answers no SYNC the host sent since the page load: HubSpot drops it (§2.1).",
)
HANDSHAKE_NO_INITIALIZED = _rule(
    "handshake.no-initialized", W, f"No INITIALIZED within {INITIALIZED_WITHIN_MS // 1000} s after SYNC_ACK."
)
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
CALL_MISSING_ID = _rule(
    "call.missing-id",
    E,
    "CALL_ANSWERED / CALL_ENDED / CALL_COMPLETED / CALL_TRANSFERRED without `externalCallId` (required since 0.7): "
    "HubSpot has to guess the call.",
)
CALL_MISSING_ID_LEGACY = _rule(
    "call.missing-id-legacy",
    W,
    "Call event without `externalCallId` from an SDK before 0.6.3, whose payloads had none: applied to the call "
    "in progress.",
)
CALL_MISSING_ID_END_CALL = _rule(
    "call.missing-id-end-call",
    W,
    "CALL_ENDED without `externalCallId` answering HubSpot's END_CALL: HubSpot applies it to the call it asked to "
    "end (HubSpot's demo-minimal-js does this), but the SDK's typings require the id since 0.7.",
)
CALL_GHOST = _rule(
    "call.ghost",
    W,
    "A call started with createEngagement never reached CALL_COMPLETED before the widget reloaded or the session "
    "ended: its engagement stays unfinished (SDK issue #46).",
)
CALL_STATUS_MISMATCH = _rule(
    "call.status-mismatch", W, "CALL_COMPLETED `hs_call_status` contradicts the CALL_ENDED `callEndStatus`."
)
CALL_ORDER = _rule("call.order", E, "Call events out of order (§5.2/§5.3).")
CALL_OUTGOING_WITHOUT_DIAL = _rule(
    "call.outgoing-without-dial", W, "OUTGOING_CALL_STARTED with no pending DIAL_NUMBER and no `toNumber`."
)
CALL_NUMBER_MISMATCH = _rule("call.number-mismatch", W, "OUTGOING_CALL_STARTED number differs from the DIAL_NUMBER's.")
CALL_CUSTOM_OBJECT_ENGAGEMENT = _rule(
    "call.custom-object-without-engagement",
    E,
    "OUTGOING_CALL_STARTED after a DIAL_NUMBER from a custom-object record without `createEngagement: true`: HubSpot "
    "logs calls on custom objects only when the widget creates the engagement through the SDK (seed FAQ).",
)
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
CALL_TWO_INSTANCES = _rule(
    "call.two-instances",
    E,
    "With usesCallingWindow, a call-lifecycle message from one instance of the app while another instance of the "
    "same user (the calling window, or a record tab) has a call: HubSpot acts on the calling window's (§5.4).",
)
ENGAGEMENT_DUPLICATE = _rule(
    "engagement.duplicate",
    W,
    "The widget set createEngagement: true and its backend POSTed a call for the same record and time: "
    "HubSpot shows the call twice on the timeline.",
)
RECORDING_UNAVAILABLE = _rule(
    "recording.unavailable",
    W,
    "After recordings/ready HubSpot could not fetch a playable recording from urlToRetrieveAuthedRecording.",
)
RECORDING_NO_RANGE = _rule(
    "recording.no-range", W, "The recording answered `Range: bytes=0-` without 206: users cannot seek in it."
)
RECORDING_PROPERTIES = _rule(
    "recording.properties",
    W,
    "The call lacks hs_call_external_id / hs_call_external_account_id / hs_call_app_id / hs_call_source, "
    "which HubSpot needs to fetch its recording.",
)
END_CALL_UNANSWERED = _rule(
    "end-call.unanswered", W, f"No CALL_ENDED within {END_CALL_ANSWER_WITHIN_MS // 1000} s after the host's END_CALL."
)
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


__all__ = ["HANDSHAKE_TIMEOUT_MS", "RULES", "Rule", "Severity", "Violation"]
