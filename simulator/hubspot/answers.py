"""HubSpot's answers to widget -> host messages (PROTOCOL.md §3), one small handler per type.

A handler updates the session state and the CRM and adds replies, effects and notes to the outcome.
It never raises on a malformed payload: the validator has already reported what is wrong with it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from simulator.hubspot import versions
from simulator.hubspot.crm import OBJECT_TYPE_IDS, Crm
from simulator.hubspot.protocol import is_unknown_type_nack, nacked_message_id
from simulator.hubspot.rules import ALLOWED, CALL_STATUSES, Violation, as_engagement_id, is_number
from simulator.hubspot.state import DONE, Call, CallStatus, Direction, PendingDial, SessionState

if TYPE_CHECKING:
    from simulator.hubspot.host import Faults, HostContext


@dataclass(frozen=True)
class Reply:
    """A message HubSpot posts to the widget in answer (a fresh host messageId is minted on send)."""

    type: str
    data: Any = None
    delay_ms: int = 0
    injected: str | None = None  # set when a fault made this reply (shown in the log)


@dataclass(frozen=True)
class Effect:
    """Something the record page must show or do: resize, alert, navigate, hide/show the widget, ..."""

    name: str
    params: dict[str, Any] = field(default_factory=dict)


@dataclass
class Outcome:
    violations: list[Violation] = field(default_factory=list)
    replies: list[Reply] = field(default_factory=list)
    effects: list[Effect] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


@dataclass
class Scope:
    """What one handler works with."""

    state: SessionState
    crm: Crm
    context: HostContext
    faults: Faults
    now_ms: int
    outcome: Outcome

    def reply(self, message_type: str, data: Any, injected: str | None = None) -> None:
        self.outcome.replies.append(Reply(message_type, data, self.faults.reply_delay_ms, injected))

    def effect(self, name: str, **params: Any) -> None:
        self.outcome.effects.append(Effect(name, params))

    def note(self, text: str) -> None:
        self.outcome.notes.append(text)

    def legacy_engagements(self) -> bool:
        """ENGAGEMENT_CREATED flow (no CREATE_/UPDATE_ENGAGEMENT_*): widgets < 0.1.8, unless forced."""
        if self.faults.legacy_engagement_created is not None:
            return self.faults.legacy_engagement_created
        return versions.needs_engagement_created(self.state.sdk_version)

    def legacy_mark(self) -> str | None:
        return "legacy_engagement_created" if self.faults.legacy_engagement_created is not None else None


Handler = Callable[[Scope, dict[str, Any], dict[str, Any]], None]


def _error(text: str) -> dict[str, Any]:
    return {"error": {"message": text}}


def _size(value: Any) -> tuple[float, float] | None:
    if isinstance(value, dict):
        width, height = value.get("width"), value.get("height")
        if is_number(width) and is_number(height) and width > 0 and height > 0:
            return width, height
    return None


def _resize(s: Scope, value: Any) -> None:
    size = _size(value)
    if size is not None:
        s.state.size = size
        s.effect("resize", width=size[0], height=size[1])


def _text(data: dict[str, Any], key: str) -> str | None:
    value = data.get(key)
    return value if isinstance(value, str) and value else None


def _move(s: Scope, call: Call, message_type: str, status: str, **changes: Any) -> Call:
    """The call in its next status, if §5 allows `message_type` now (the validator reported it otherwise)."""
    if message_type in ALLOWED[call.status]:
        return s.state.update_call(call, status=status, **changes)
    return call


def _engagement_status(s: Scope, call: Call, status: str) -> None:
    if call.engagement_id is not None and s.crm.engagement(call.engagement_id) is not None:
        properties = {"hs_call_status": status}
        engagement = s.crm.update_engagement(call.engagement_id, s.now_ms, properties, status=status)
        s.effect("engagement", **engagement.to_json())


# ---------------------------------------------------------------------------------------------
# Handshake and user


def on_sync_ack(s: Scope, data: dict[str, Any], message: dict[str, Any]) -> None:
    state = s.state
    state.handshake = "READY"
    state.sync_ack_at_ms = s.now_ms
    state.sdk_version = _text(data, "version")
    state.widget_origin = _text(data, "iFrameUrl")
    state.debug_mode = data.get("debugMode") if isinstance(data.get("debugMode"), bool) else None
    if state.sdk_version == versions.LEGACY_REPORTED:
        s.note("widget reports SDK 0.0.1, i.e. any version up to 0.1.5: it only understands ENGAGEMENT_CREATED")


def on_initialized(s: Scope, data: dict[str, Any], message: dict[str, Any]) -> None:
    state = s.state
    state.initialized = True
    state.initialized_count += 1
    if isinstance(data.get("isLoggedIn"), bool):
        state.logged_in = data["isLoggedIn"]
    if isinstance(data.get("isAvailable"), bool):
        state.available = data["isAvailable"]
    _resize(s, data.get("sizeInfo") if data.get("sizeInfo") is not None else data.get("widgetSize"))
    engagement_id = as_engagement_id(data.get("engagementId"))
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
# Calls


def _dial_associations(s: Scope, dial: PendingDial | None) -> list[tuple[str, int]]:
    """The callee and the record the call was placed from (DIAL_NUMBER, then the host context)."""
    found: list[tuple[str, int]] = []
    if dial is not None:
        callee = dial.data.get("calleeInfo")
        type_id = callee.get("calleeObjectTypeId") if isinstance(callee, dict) else None
        callee_id = callee.get("calleeId") if isinstance(callee, dict) else None
        if isinstance(type_id, str) and isinstance(callee_id, int) and callee_id:
            found.append((type_id, callee_id))
        object_id, object_type = dial.data.get("objectId"), dial.data.get("objectType")
        if isinstance(object_id, int) and object_id and isinstance(object_type, str) and object_type in OBJECT_TYPE_IDS:
            found.append((OBJECT_TYPE_IDS[object_type], object_id))
    if s.context.record_object_type_id and s.context.record_object_id:
        found.append((s.context.record_object_type_id, s.context.record_object_id))
    return list(dict.fromkeys(found))


def _create_engagement(s: Scope, call: Call) -> None:
    if s.faults.fail_create_engagement:
        s.reply("CREATE_ENGAGEMENT_FAILED", _error("Could not create the call engagement"), "fail_create_engagement")
        return
    properties: dict[str, Any] = {
        "hs_timestamp": str(call.started_at_ms),
        "hs_call_direction": call.direction,
        "hs_call_status": "RINGING" if call.direction == "INBOUND" else "CONNECTING",
        "hubspot_owner_id": str(s.context.owner_id),
    }
    if call.from_number:
        properties["hs_call_from_number"] = call.from_number
    if call.to_number:
        properties["hs_call_to_number"] = call.to_number
    if call.associations:
        properties["hs_call_callee_object_type_id"] = call.associations[0][0]
        properties["hs_call_callee_object_id"] = str(call.associations[0][1])
    engagement = s.crm.create_engagement(
        None if call.legacy_key else call.external_call_id,
        call.direction,
        call.associations,
        properties,
        s.now_ms,
        status=properties["hs_call_status"],
    )
    s.state.update_call(call, engagement_id=engagement.id)
    s.effect("engagement", **engagement.to_json())
    reply_type = "ENGAGEMENT_CREATED" if s.legacy_engagements() else "CREATE_ENGAGEMENT_SUCCEEDED"
    s.reply(reply_type, {"engagementId": engagement.id}, s.legacy_mark())


def on_outgoing_call_started(s: Scope, data: dict[str, Any], message: dict[str, Any]) -> None:
    state = s.state
    dial, state.pending_dial = state.pending_dial, None
    key, legacy = state.new_call_key(data.get("externalCallId"))
    start = data.get("callStartTime")
    call = state.put_call(Call(
        external_call_id=key,
        direction="OUTBOUND",
        status="STARTED",
        started_at_ms=int(start) if is_number(start) else s.now_ms,
        from_number=_text(data, "fromNumber"),
        to_number=_text(data, "toNumber") or _text(data, "phoneNumber") or (dial.phone_number if dial else None),
        legacy_key=legacy,
        associations=tuple(_dial_associations(s, dial)),
    ))  # fmt: skip
    if data.get("createEngagement") is True:
        _create_engagement(s, call)


def on_incoming_call(s: Scope, data: dict[str, Any], message: dict[str, Any]) -> None:
    state = s.state
    if not state.supports_inbound_calling:
        s.note("HubSpot ignores INCOMING_CALL: the app's supportsInboundCalling is false")
        return
    s.state.hidden = False
    s.effect("show_widget")
    from_number = _text(data, "fromNumber") or _text(data, "phoneNumber")
    key, legacy = state.new_call_key(data.get("externalCallId"))
    start = data.get("callStartTime")
    call = Call(
        external_call_id=key,
        direction="INBOUND",
        status="RINGING",
        started_at_ms=int(start) if is_number(start) else s.now_ms,
        from_number=from_number,
        to_number=_text(data, "toNumber"),
        legacy_key=legacy,
    )
    if _text(data, "fromNumber") is None:
        state.put_call(call)
        s.note("INCOMING_CALL in the 0.0.x shape: HubSpot only shows the widget")
        return
    matches: list[dict[str, Any]] = []
    if s.faults.fail_caller_id_match:
        s.reply("CALLER_ID_MATCH_FAILED", _error("Caller ID lookup failed"), "fail_caller_id_match")
    else:
        matches = s.crm.match_caller(from_number or "", s.context.portal_id)
        s.reply("CALLER_ID_MATCH_SUCCEEDED", {"callerIdMatches": matches})
    if matches:
        coordinates = matches[0]["objectCoordinates"]
        call = replace(call, associations=((coordinates["objectTypeId"], coordinates["objectId"]),))
    state.put_call(call)
    if data.get("createEngagement") is True:
        _create_engagement(s, call)


def on_call_answered(s: Scope, data: dict[str, Any], message: dict[str, Any]) -> None:
    call = s.state.resolve_call(data.get("externalCallId"))
    if call is None:
        return
    moved = _move(s, call, "CALL_ANSWERED", "IN_PROGRESS", answered_at_ms=s.now_ms)
    if moved is not call:
        _engagement_status(s, moved, "IN_PROGRESS")


def on_call_ended(s: Scope, data: dict[str, Any], message: dict[str, Any]) -> None:
    s.state.end_call_sent_at_ms = None
    call = s.state.resolve_call(data.get("externalCallId"))
    if call is None:
        return
    end_status = _text(data, "callEndStatus")
    moved = _move(s, call, "CALL_ENDED", "ENDED", ended_at_ms=s.now_ms, end_status=end_status)
    if moved is not call and end_status in CALL_STATUSES:
        _engagement_status(s, moved, end_status)


def on_call_completed(s: Scope, data: dict[str, Any], message: dict[str, Any]) -> None:
    state = s.state
    call = state.resolve_call(data.get("externalCallId"))
    if call is not None and call.status not in DONE:
        # Completed even when out of order (the validator says so): the next call must not look concurrent.
        call = state.update_call(call, status="COMPLETED", completed_at_ms=s.now_ms)
    if data.get("hideWidget") is not False:
        state.hidden = True
        s.effect("hide_widget")
    engagement_id = as_engagement_id(data.get("engagementId")) or (call.engagement_id if call else None)
    raw = data.get("engagementProperties")
    properties = {k: v for k, v in raw.items() if v is not None} if isinstance(raw, dict) else {}
    if s.faults.fail_update_engagement:
        s.reply("UPDATE_ENGAGEMENT_FAILED", _error("Could not update the call engagement"), "fail_update_engagement")
        return
    if engagement_id is None:
        s.note("CALL_COMPLETED: no engagement to update (no createEngagement, no engagementId)")
        return
    if s.crm.engagement(engagement_id) is None:
        s.reply("UPDATE_ENGAGEMENT_FAILED", _error(f"No call engagement {engagement_id}"))
        return
    status = properties.get("hs_call_status")
    engagement = s.crm.update_engagement(
        engagement_id, s.now_ms, properties, status=status if isinstance(status, str) else "COMPLETED", completed=True
    )
    s.effect("engagement", **engagement.to_json())
    if s.legacy_engagements():
        s.note(f"SDK {state.sdk_version} predates UPDATE_ENGAGEMENT_SUCCEEDED: {engagement_id} updated quietly")
        return
    s.reply("UPDATE_ENGAGEMENT_SUCCEEDED", {"engagementId": engagement_id})


def on_call_transferred(s: Scope, data: dict[str, Any], message: dict[str, Any]) -> None:
    call = s.state.resolve_call(data.get("externalCallId"))
    if call is not None:
        _move(s, call, "CALL_TRANSFERRED", "TRANSFERRED", ended_at_ms=s.now_ms)


def on_call_data(s: Scope, data: dict[str, Any], message: dict[str, Any]) -> None:
    """Legacy; HubSpot's use of it is undocumented (§9.5), so it changes nothing."""


def _finalize(s: Scope, data: dict[str, Any], prefix: str) -> None:
    """FINALIZE_ENGAGEMENT and its deprecated predecessor PUBLISH_TO_CHANNEL."""
    payload = {"engagementId": data.get("engagementId"), "externalCallId": data.get("externalCallId")}
    if s.faults.fail_finalize_engagement:
        s.reply(f"{prefix}_FAILED", {**payload, **_error("Could not finalize the call")}, "fail_finalize_engagement")
        return
    engagement_id = as_engagement_id(data.get("engagementId"))
    if engagement_id is None or s.crm.engagement(engagement_id) is None:
        s.reply(f"{prefix}_FAILED", {**payload, **_error(f"No call engagement {data.get('engagementId')!r}")})
        return
    call = s.state.resolve_call(data.get("externalCallId"))
    if call is not None and call.status in ("COMPLETED", "FINALIZED"):
        s.state.update_call(call, status="FINALIZED")
    s.reply(f"{prefix}_SUCCEEDED", payload)


def on_finalize_engagement(s: Scope, data: dict[str, Any], message: dict[str, Any]) -> None:
    _finalize(s, data, "FINALIZE_ENGAGEMENT")


def on_publish_to_channel(s: Scope, data: dict[str, Any], message: dict[str, Any]) -> None:
    _finalize(s, data, "PUBLISH_TO_CHANNEL")


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
            s.effect("navigate", objectTypeId=type_id, objectId=object_id)
            return
    s.reply("NAVIGATE_TO_RECORD_FAILED", failed)


def on_set_widget_url(s: Scope, data: dict[str, Any], message: dict[str, Any]) -> None:
    url = data.get("iFrameUrl") if isinstance(data.get("iFrameUrl"), str) else message.get("iFrameUrl")
    if isinstance(url, str) and url.startswith(("http://", "https://")):
        s.state.initialized_count = 0
        s.effect("set_widget_url", url=url)
        return
    s.reply("SET_WIDGET_URL_FAILED", _error(f"Cannot load {url!r} in the widget iframe"))


def on_resize_widget(s: Scope, data: dict[str, Any], message: dict[str, Any]) -> None:
    _resize(s, data)


def on_error(s: Scope, data: dict[str, Any], message: dict[str, Any]) -> None:
    if is_unknown_type_nack(message):
        s.note(nack_note(message, s.state))
        return
    text = data.get("message")
    if isinstance(text, str) and text.strip():
        s.effect("alert", message=text)


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
    "OUTGOING_CALL_STARTED": on_outgoing_call_started,
    "INCOMING_CALL": on_incoming_call,
    "CALL_ANSWERED": on_call_answered,
    "CALL_ENDED": on_call_ended,
    "CALL_COMPLETED": on_call_completed,
    "CALL_TRANSFERRED": on_call_transferred,
    "CALL_DATA": on_call_data,
    "FINALIZE_ENGAGEMENT": on_finalize_engagement,
    "PUBLISH_TO_CHANNEL": on_publish_to_channel,
    "NAVIGATE_TO_RECORD": on_navigate_to_record,
    "SET_WIDGET_URL": on_set_widget_url,
    "RESIZE_WIDGET": on_resize_widget,
    "ERROR": on_error,
}
