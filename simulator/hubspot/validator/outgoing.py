"""Rules a host -> widget message breaks (a scenario, the control API or the host itself sends it)."""

from __future__ import annotations

from typing import Any

from simulator.hubspot.sdk import versions
from simulator.hubspot.state import SessionState
from simulator.hubspot.validator.rules import (
    AUTH_DIAL_LOGGED_OUT,
    DEPRECATED_ENGAGEMENT_CREATED,
    ENVELOPE_MESSAGE_ID,
    ENVELOPE_REPLY_ID,
    ENVELOPE_TYPE,
    HANDSHAKE_NOT_READY,
    VERSION_FAILED_BUG,
    VERSION_UNSUPPORTED_TYPE,
    Violation,
)


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
    version, profile = state.sdk_version, state.profile()
    if not profile.dispatches(message_type):
        shown = f"SDK {version}" if version else "any SDK version"
        if version is not None and not profile.iframe_url:
            shown += " without iFrameUrl in SYNC_ACK (0.0.6)"
        found.append(VERSION_UNSUPPORTED_TYPE(f"{shown} does not dispatch {message_type}: expect an ERROR reply"))
    if message_type.endswith("_FAILED") and profile.has_failed_bug():
        found.append(VERSION_FAILED_BUG(f"{message_type} to SDK {version}: its handler will not run"))
    if message_type == "ENGAGEMENT_CREATED" and profile.at_least(versions.FIRST_MODERN_ENGAGEMENT):
        found.append(DEPRECATED_ENGAGEMENT_CREATED(f"ENGAGEMENT_CREATED to SDK {version}"))
    return found
