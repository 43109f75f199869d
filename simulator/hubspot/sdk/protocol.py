"""The SDK's wire format: message types, envelopes and message ids (docs/protocol.md §1-§4). No I/O."""

from __future__ import annotations

import re
import time
from typing import Any

# Widget -> host types, docs/protocol.md §3 (SYNC_ACK is the handshake reply).
WIDGET_TO_HOST: frozenset[str] = frozenset(
    {
        "SYNC_ACK",
        "INITIALIZED",
        "LOGGED_IN",
        "LOGGED_OUT",
        "USER_AVAILABLE",
        "USER_UNAVAILABLE",
        "OUTGOING_CALL_STARTED",
        "INCOMING_CALL",
        "CALL_ANSWERED",
        "CALL_ENDED",
        "CALL_COMPLETED",
        "CALL_TRANSFERRED",
        "NAVIGATE_TO_RECORD",
        "PUBLISH_TO_CHANNEL",
        "FINALIZE_ENGAGEMENT",
        "RESIZE_WIDGET",
        "ERROR",
        "CALL_DATA",
        "SET_WIDGET_URL",
        "RINGTONE_ENDED",
    }
)

# Host -> widget types, docs/protocol.md §4 (SYNC is sent by the page's handshake loop).
HOST_TO_WIDGET: frozenset[str] = frozenset(
    {
        "SYNC",
        "DIAL_NUMBER",
        "END_CALL",
        "VISIBILITY_CHANGED",
        "SET_CALL_STATE",
        "ENGAGEMENT_CREATED",
        "CREATE_ENGAGEMENT_SUCCEEDED",
        "CREATE_ENGAGEMENT_FAILED",
        "UPDATE_ENGAGEMENT_SUCCEEDED",
        "UPDATE_ENGAGEMENT_FAILED",
        "CALLER_ID_MATCH_SUCCEEDED",
        "CALLER_ID_MATCH_FAILED",
        "NAVIGATE_TO_RECORD_FAILED",
        "PUBLISH_TO_CHANNEL_SUCCEEDED",
        "PUBLISH_TO_CHANNEL_FAILED",
        "INITIATE_CALL_ID_SUCCEEDED",
        "INITIATE_CALL_ID_FAILED",
        "SET_WIDGET_URL_FAILED",
        "UPDATE_ASSOCIATIONS_FAILED",
        "FINALIZE_ENGAGEMENT_SUCCEEDED",
        "FINALIZE_ENGAGEMENT_FAILED",
        "FAILED",
    }
)

# Host types a scenario may send on purpose although HubSpot never does (§4, last row).
HOST_TO_WIDGET_UNUSUAL: frozenset[str] = frozenset({"READY", "SET_WIDGET_URL", "UNLOADING"})

SDK_MESSAGE_ID = re.compile(r"^\d+_\d+$")
UNKNOWN_MESSAGE_TYPE = "UNKNOWN_MESSAGE_TYPE"


def now_ms() -> int:
    return int(time.time() * 1000)


class MessageIds:
    """Mints host message ids in the SDK's own format, `<instanceId>_<Date.now()>` (§1.2).

    The instance id is fixed per host page. It is taken a few seconds in the past so that it can
    never equal the widget's instance id, which the SDK takes when the widget page constructs it.
    """

    def __init__(self, instance_id: int | None = None) -> None:
        self.instance_id = instance_id if instance_id is not None else now_ms() - 7_000
        # The SDK's ids repeat within a millisecond; ours add nothing to the format but stay
        # distinct by never going backwards (a host keys its pending replies on them).
        self._last = 0

    def next(self) -> str:
        stamp = max(now_ms(), self._last + 1)
        self._last = stamp
        return f"{self.instance_id}_{stamp}"

    def is_own(self, message_id: object) -> bool:
        """True when an id starts with this host's instance id (the SDK's reply test)."""
        return isinstance(message_id, str) and message_id.startswith(str(self.instance_id))


def envelope(message_type: str, data: Any, message_id: str) -> dict[str, Any]:
    """A host -> widget message as the SDK builds it: `{type, data, messageId}`."""
    message: dict[str, Any] = {"type": message_type, "messageId": message_id}
    if data is not None:
        message["data"] = data
    return message


def is_unknown_type_nack(message: dict[str, Any]) -> bool:
    """The SDK's automatic ERROR reply to a type it has no handler name for (§6)."""
    data = message.get("data")
    return message.get("type") == "ERROR" and isinstance(data, dict) and data.get("type") == UNKNOWN_MESSAGE_TYPE


def nacked_message_id(message: dict[str, Any]) -> str | None:
    """The host messageId an UNKNOWN_MESSAGE_TYPE ERROR refers to, if it names one."""
    if not is_unknown_type_nack(message):
        return None
    inner = message["data"].get("data")
    original = inner.get("originalMessage") if isinstance(inner, dict) else None
    message_id = original.get("messageId") if isinstance(original, dict) else None
    return message_id if isinstance(message_id, str) else None


def version_core(version: str | None) -> tuple[int, int, int] | None:
    """The numeric core of a reported SDK version: "0.9.7-beta.0" -> (0, 9, 7) (§10)."""
    if not isinstance(version, str):
        return None
    match = re.match(r"^\s*(\d+)\.(\d+)\.(\d+)", version)
    if not match:
        return None
    return int(match.group(1)), int(match.group(2)), int(match.group(3))
