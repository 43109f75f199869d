"""HubSpot's answers to call messages (docs/protocol.md §5): calls, their engagements, caller-ID matching."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from simulator.hubspot.crm.records import OBJECT_TYPE_IDS
from simulator.hubspot.outcome import Scope, error_body, text_field
from simulator.hubspot.sdk.payloads import ALLOWED, CALL_STATUSES, as_engagement_id, is_number
from simulator.hubspot.state import DONE, Call, PendingDial
from simulator.log_vocabulary import EffectName


def _move(s: Scope, call: Call, message_type: str, status: str, **changes: Any) -> Call:
    """The call in its next status, if §5 allows `message_type` now (the rules reported it otherwise)."""
    if message_type in ALLOWED[call.status]:
        return s.state.update_call(call, status=status, **changes)
    return call


def _engagement_status(s: Scope, call: Call, status: str) -> None:
    if call.engagement_id is not None and s.crm.engagement(call.engagement_id) is not None:
        properties = {"hs_call_status": status}
        engagement = s.crm.update_engagement(call.engagement_id, s.now_ms, properties, status=status)
        s.effect(EffectName.ENGAGEMENT, **engagement.to_json())


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


def _shared_engagement(s: Scope, call: Call) -> int | None:
    """The open engagement another record tab of the user made for this same inbound call, if any.

    With usesCallingWindow false every tab's widget raises the call's INCOMING_CALL (§5.4): one call, one engagement.
    """
    if call.direction != "INBOUND" or call.legacy_key:
        return None
    owner = str(s.context.owner_id)
    for engagement in s.crm.engagements.values():
        same = engagement.external_call_id == call.external_call_id and engagement.direction == "INBOUND"
        # Still ringing, for this owner: not an old call whose id a widget happened to reuse.
        ringing = engagement.status == "RINGING" and engagement.properties.get("hubspot_owner_id") == owner
        if same and ringing and not engagement.completed:
            return int(engagement.id)
    return None


def _create_engagement(s: Scope, call: Call, share: bool = False) -> None:
    """The call's engagement; `share`: a new inbound call here may be one another tab raised already."""
    if share and (shared := _shared_engagement(s, call)) is not None:
        s.state.update_call(call, engagement_id=shared)
        s.note(f"{call.describe()} already has engagement {shared} (another tab raised it): no second engagement")
        reply_type = "ENGAGEMENT_CREATED" if s.legacy_engagements() else "CREATE_ENGAGEMENT_SUCCEEDED"
        s.reply(reply_type, {"engagementId": shared}, s.legacy_mark())
        return
    if s.faults.fail_create_engagement:
        s.reply(
            "CREATE_ENGAGEMENT_FAILED", error_body("Could not create the call engagement"), "fail_create_engagement"
        )
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
    s.effect(EffectName.ENGAGEMENT, **engagement.to_json())
    reply_type = "ENGAGEMENT_CREATED" if s.legacy_engagements() else "CREATE_ENGAGEMENT_SUCCEEDED"
    s.reply(reply_type, {"engagementId": engagement.id}, s.legacy_mark())


def on_outgoing_call_started(s: Scope, data: dict[str, Any], message: dict[str, Any]) -> None:
    state = s.state
    dial, state.pending_dial = state.pending_dial, None
    key, legacy = state.new_call_key(data.get("externalCallId"))
    start = data.get("callStartTime")
    to_number = text_field(data, "toNumber") or text_field(data, "phoneNumber") or (dial.phone_number if dial else None)
    call = state.put_call(Call(
        external_call_id=key,
        direction="OUTBOUND",
        status="STARTED",
        started_at_ms=int(start) if is_number(start) else s.now_ms,
        from_number=text_field(data, "fromNumber"),
        to_number=to_number,
        legacy_key=legacy,
        associations=tuple(_dial_associations(s, dial)),
        create_engagement=data.get("createEngagement") is True,
    ))  # fmt: skip
    if data.get("createEngagement") is True:
        _create_engagement(s, call)


def on_incoming_call(s: Scope, data: dict[str, Any], message: dict[str, Any]) -> None:
    state = s.state
    if not state.supports_inbound_calling:
        s.note("HubSpot ignores INCOMING_CALL: the app's supportsInboundCalling is false")
        return
    if state.inbound_elsewhere is not None:  # the user's "receive calls through" names another provider
        s.note(f"HubSpot ignores INCOMING_CALL: {state.inbound_elsewhere}")
        return
    s.state.hidden = False
    s.effect(EffectName.SHOW_WIDGET)
    from_number = text_field(data, "fromNumber") or text_field(data, "phoneNumber")
    key, legacy = state.new_call_key(data.get("externalCallId"))
    known_here = key in state.calls  # raised twice in this tab (call.order): not another tab's call
    start = data.get("callStartTime")
    call = Call(
        external_call_id=key,
        direction="INBOUND",
        status="RINGING",
        started_at_ms=int(start) if is_number(start) else s.now_ms,
        from_number=from_number,
        to_number=text_field(data, "toNumber"),
        legacy_key=legacy,
        create_engagement=data.get("createEngagement") is True,
    )
    if text_field(data, "fromNumber") is None:
        state.put_call(call)
        s.note("INCOMING_CALL in the 0.0.x shape: HubSpot only shows the widget")
        return
    matches: list[dict[str, Any]] = []
    if s.faults.fail_caller_id_match:
        s.reply("CALLER_ID_MATCH_FAILED", error_body("Caller ID lookup failed"), "fail_caller_id_match")
    else:
        matches = s.crm.match_caller(from_number or "", s.context.portal_id)
        s.reply("CALLER_ID_MATCH_SUCCEEDED", {"callerIdMatches": matches})
    if matches:
        coordinates = matches[0]["objectCoordinates"]
        call = replace(call, associations=((coordinates["objectTypeId"], coordinates["objectId"]),))
    state.put_call(call)
    if data.get("createEngagement") is True:
        _create_engagement(s, call, share=not known_here)


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
    end_status = text_field(data, "callEndStatus")
    moved = _move(s, call, "CALL_ENDED", "ENDED", ended_at_ms=s.now_ms, end_status=end_status)
    if moved is not call and end_status in CALL_STATUSES:
        _engagement_status(s, moved, end_status)


def on_call_completed(s: Scope, data: dict[str, Any], message: dict[str, Any]) -> None:
    state = s.state
    call = state.resolve_call(data.get("externalCallId"))
    if call is not None and call.status not in DONE:
        # Completed even when out of order (the rules say so): the next call must not look concurrent.
        done = "FINALIZED" if call.finalized else "COMPLETED"
        call = state.update_call(call, status=done, completed_at_ms=s.now_ms)
    if data.get("hideWidget") is not False and state.in_task_queue:
        s.note("HubSpot ignores hideWidget in a task queue: the widget stays open for the next task")
    elif data.get("hideWidget") is not False:
        state.hidden = True
        s.effect(EffectName.HIDE_WIDGET)
    engagement_id = as_engagement_id(data.get("engagementId")) or (call.engagement_id if call else None)
    raw = data.get("engagementProperties")
    properties = {k: v for k, v in raw.items() if v is not None} if isinstance(raw, dict) else {}
    if s.faults.fail_update_engagement:
        s.reply(
            "UPDATE_ENGAGEMENT_FAILED", error_body("Could not update the call engagement"), "fail_update_engagement"
        )
        return
    if engagement_id is None:
        s.note("CALL_COMPLETED: no engagement to update (no createEngagement, no engagementId)")
        return
    if s.crm.engagement(engagement_id) is None:
        s.reply("UPDATE_ENGAGEMENT_FAILED", error_body(f"No call engagement {engagement_id}"))
        return
    status = properties.get("hs_call_status")
    engagement = s.crm.update_engagement(
        engagement_id, s.now_ms, properties, status=status if isinstance(status, str) else "COMPLETED", completed=True
    )
    s.effect(EffectName.ENGAGEMENT, **engagement.to_json())
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
        s.reply(
            f"{prefix}_FAILED", {**payload, **error_body("Could not finalize the call")}, "fail_finalize_engagement"
        )
        return
    engagement_id = as_engagement_id(data.get("engagementId"))
    if engagement_id is None or s.crm.engagement(engagement_id) is None:
        s.reply(f"{prefix}_FAILED", {**payload, **error_body(f"No call engagement {data.get('engagementId')!r}")})
        return
    call = s.state.resolve_call(data.get("externalCallId"))
    if call is not None and call.status in ("COMPLETED", "FINALIZED"):
        s.state.update_call(call, status="FINALIZED", finalized=True)
    elif call is not None and call.status == "ENDED":
        s.state.update_call(call, finalized=True)  # before CALL_COMPLETED (§5.2): it still completes as usual
    s.reply(f"{prefix}_SUCCEEDED", payload)


def on_finalize_engagement(s: Scope, data: dict[str, Any], message: dict[str, Any]) -> None:
    _finalize(s, data, "FINALIZE_ENGAGEMENT")


def on_publish_to_channel(s: Scope, data: dict[str, Any], message: dict[str, Any]) -> None:
    _finalize(s, data, "PUBLISH_TO_CHANNEL")
