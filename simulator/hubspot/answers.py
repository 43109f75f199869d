"""HubSpot's answers to widget -> host messages (docs/protocol.md §3): the handler per type.

A handler updates the session state and the CRM and adds replies, effects and notes to the outcome.
It never raises on a malformed payload: the rules have already reported what is wrong with it.
Call handlers live in `calls`; the handshake, user and page ones here.
"""

from __future__ import annotations

from typing import Any

from simulator.hubspot import calls
from simulator.hubspot.outcome import Effect, Handler, Outcome, Reply, Scope, error_body, resize, text_field
from simulator.hubspot.sdk import versions
from simulator.hubspot.sdk.payloads import OPEN_IN, as_engagement_id
from simulator.hubspot.sdk.protocol import is_unknown_type_nack, nacked_message_id
from simulator.hubspot.state import Call, CallStatus, Direction, SessionState
from simulator.hubspot.validator import ghosts
from simulator.log_vocabulary import EffectName

# Re-exported: these used to live here.
__all__ = ["HANDLERS", "Effect", "Handler", "Outcome", "Reply", "Scope", "nack_note"]


# ---------------------------------------------------------------------------------------------
# Handshake and user


def on_sync_ack(s: Scope, data: dict[str, Any], message: dict[str, Any]) -> None:
    state = s.state
    if not state.answers_pending_sync(message.get("messageId")):
        return  # no callback waits for this id: HubSpot's host drops it (the rules said so)
    state.pending_syncs.clear()
    state.handshake = "READY"
    state.sync_ack_at_ms = s.now_ms
    state.sdk_version = text_field(data, "version")
    state.ack_iframe_url = "iFrameUrl" in data
    state.widget_origin = text_field(data, "iFrameUrl")
    state.debug_mode = data.get("debugMode") if isinstance(data.get("debugMode"), bool) else None
    if state.sdk_version == versions.LEGACY_REPORTED and not state.ack_iframe_url:
        s.note("widget reports SDK 0.0.1 without iFrameUrl: SDK 0.0.6, which does not even know ENGAGEMENT_CREATED")
    elif state.sdk_version == versions.LEGACY_REPORTED:
        s.note("widget reports SDK 0.0.1, i.e. any version up to 0.1.5: it only understands ENGAGEMENT_CREATED")


def on_initialized(s: Scope, data: dict[str, Any], message: dict[str, Any]) -> None:
    state = s.state
    state.initialized = True
    state.initialized_count += 1
    if isinstance(data.get("isLoggedIn"), bool):
        state.logged_in = data["isLoggedIn"]
    if isinstance(data.get("isAvailable"), bool):
        state.available = data["isAvailable"]
    resize(s, data.get("sizeInfo") if data.get("sizeInfo") is not None else data.get("widgetSize"))
    engagement_id = as_engagement_id(data.get("engagementId"))
    ghosts.settle_orphans(state, s.crm, engagement_id or None, s.now_ms, s.outcome)
    engagement = s.crm.engagement(engagement_id) if engagement_id else None
    if engagement is not None and not engagement.completed and engagement.external_call_id:
        if engagement.external_call_id not in state.calls:
            status: CallStatus = "IN_PROGRESS" if engagement.status == "IN_PROGRESS" else "RINGING"
            direction: Direction = "INBOUND" if engagement.direction == "INBOUND" else "OUTBOUND"
            state.put_call(Call(engagement.external_call_id, direction, status, engagement.created_at_ms,
                                engagement_id=engagement.id, associations=engagement.associations))  # fmt: skip
        s.note(f"INITIALIZED re-attaches the call of engagement {engagement.id}")


def on_logged_in(s: Scope, data: dict[str, Any], message: dict[str, Any]) -> None:
    s.state.logged_in = True


def on_logged_out(s: Scope, data: dict[str, Any], message: dict[str, Any]) -> None:
    s.state.logged_in = False


def on_user_available(s: Scope, data: dict[str, Any], message: dict[str, Any]) -> None:
    s.state.available = True


def on_user_unavailable(s: Scope, data: dict[str, Any], message: dict[str, Any]) -> None:
    s.state.available = False


# ---------------------------------------------------------------------------------------------
# Page


def on_navigate_to_record(s: Scope, data: dict[str, Any], message: dict[str, Any]) -> None:
    coordinates = data.get("objectCoordinates")
    failed: dict[str, Any] = {"objectCoordinates": coordinates}
    if data.get("engagementId") is not None:
        failed = {"engagementId": data["engagementId"], **failed}
    if s.faults.fail_navigate:
        s.reply("NAVIGATE_TO_RECORD_FAILED", failed, "fail_navigate")
        return
    if isinstance(coordinates, dict):
        type_id, object_id = coordinates.get("objectTypeId"), coordinates.get("objectId")
        same_portal = coordinates.get("portalId") == s.context.portal_id
        known = isinstance(type_id, str) and isinstance(object_id, int) and s.crm.record(type_id, object_id)
        if same_portal and known:
            open_in = data.get("openIn") if data.get("openIn") in OPEN_IN else "CURRENT_TAB"
            s.effect(EffectName.NAVIGATE, objectTypeId=type_id, objectId=object_id, openIn=open_in)
            return
    s.reply("NAVIGATE_TO_RECORD_FAILED", failed)


def on_set_widget_url(s: Scope, data: dict[str, Any], message: dict[str, Any]) -> None:
    url = data.get("iFrameUrl") if isinstance(data.get("iFrameUrl"), str) else message.get("iFrameUrl")
    if isinstance(url, str) and url.startswith(("http://", "https://")):
        s.state.initialized_count = 0
        s.effect(EffectName.SET_WIDGET_URL, url=url)
        return
    s.reply("SET_WIDGET_URL_FAILED", error_body(f"Cannot load {url!r} in the widget iframe"))


def on_resize_widget(s: Scope, data: dict[str, Any], message: dict[str, Any]) -> None:
    resize(s, data)


def on_error(s: Scope, data: dict[str, Any], message: dict[str, Any]) -> None:
    if is_unknown_type_nack(message):
        s.note(nack_note(message, s.state))
        return
    text = data.get("message")
    if isinstance(text, str) and text.strip():
        s.effect(EffectName.ALERT, message=text)


def nack_note(message: dict[str, Any], state: SessionState) -> str:
    """The SDK's ERROR UNKNOWN_MESSAGE_TYPE, said in words: which host message it refused."""
    message_id = nacked_message_id(message)
    inner = message["data"].get("data")
    original = inner.get("originalMessage") if isinstance(inner, dict) else None
    host_type = original.get("type") if isinstance(original, dict) else None
    if not isinstance(host_type, str):
        host_type = state.sent_ids.get(message_id or "", "an unnamed type")
    return f"widget (SDK {state.sdk_version or 'unknown'}) does not know {host_type} (message {message_id or '?'})"


HANDLERS: dict[str, Handler] = {
    "SYNC_ACK": on_sync_ack,
    "INITIALIZED": on_initialized,
    "LOGGED_IN": on_logged_in,
    "LOGGED_OUT": on_logged_out,
    "USER_AVAILABLE": on_user_available,
    "USER_UNAVAILABLE": on_user_unavailable,
    "OUTGOING_CALL_STARTED": calls.on_outgoing_call_started,
    "INCOMING_CALL": calls.on_incoming_call,
    "CALL_ANSWERED": calls.on_call_answered,
    "CALL_ENDED": calls.on_call_ended,
    "CALL_COMPLETED": calls.on_call_completed,
    "CALL_TRANSFERRED": calls.on_call_transferred,
    "CALL_DATA": calls.on_call_data,
    "FINALIZE_ENGAGEMENT": calls.on_finalize_engagement,
    "PUBLISH_TO_CHANNEL": calls.on_publish_to_channel,
    "NAVIGATE_TO_RECORD": on_navigate_to_record,
    "SET_WIDGET_URL": on_set_widget_url,
    "RESIZE_WIDGET": on_resize_widget,
    "ERROR": on_error,
}
