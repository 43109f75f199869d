"""Realistic `data` for every host -> widget type (docs/protocol.md §4), to pre-fill the page's inject panel. No I/O."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from simulator.hubspot.context import Faults
from simulator.hubspot.crm.portal import FIRST_ENGAGEMENT_ID
from simulator.hubspot.crm.records import CONTACT
from simulator.hubspot.host import Host
from simulator.hubspot.sdk.protocol import HOST_TO_WIDGET, HOST_TO_WIDGET_UNUSUAL
from simulator.hubspot.state import SessionState

INJECTABLE: tuple[str, ...] = tuple(sorted(HOST_TO_WIDGET - {"SYNC"}))
UNUSUAL: tuple[str, ...] = tuple(sorted(HOST_TO_WIDGET_UNUSUAL))
PLACEHOLDER_CALL_ID = "4f1c2a9e-callsim-demo"
FALLBACK_NUMBER = "+16175550100"


@dataclass(frozen=True)
class TemplateInputs:
    """What the templates are made of: the record on the page, its dial payload, a caller match, the last call."""

    coordinates: dict[str, Any]  # {portalId, objectTypeId, objectId}
    dial: dict[str, Any]
    matches: list[dict[str, Any]]
    engagement_id: int
    external_call_id: str
    widget_url: str


def _error(text: str) -> dict[str, Any]:
    return {"error": {"message": text}}


def build(inputs: TemplateInputs) -> dict[str, Any]:
    """`{TYPE: data}` for every injectable type, unusual ones included (None: send without `data`)."""
    engagement = {"engagementId": inputs.engagement_id}
    call = {"engagementId": inputs.engagement_id, "externalCallId": inputs.external_call_id}
    return {
        "DIAL_NUMBER": inputs.dial,
        "END_CALL": None,
        "VISIBILITY_CHANGED": {"isMinimized": True, "isHidden": False},
        "SET_CALL_STATE": {"externalCallId": inputs.external_call_id, "callState": "IN_PROGRESS"},  # undocumented
        "ENGAGEMENT_CREATED": engagement,
        "CREATE_ENGAGEMENT_SUCCEEDED": engagement,
        "CREATE_ENGAGEMENT_FAILED": _error("Could not create the call engagement"),
        "UPDATE_ENGAGEMENT_SUCCEEDED": engagement,
        "UPDATE_ENGAGEMENT_FAILED": _error("Could not update the call engagement"),
        "CALLER_ID_MATCH_SUCCEEDED": {"callerIdMatches": inputs.matches},
        "CALLER_ID_MATCH_FAILED": _error("Caller ID lookup failed"),
        "NAVIGATE_TO_RECORD_FAILED": {"engagementId": inputs.engagement_id, "objectCoordinates": inputs.coordinates},
        "PUBLISH_TO_CHANNEL_SUCCEEDED": call,
        "PUBLISH_TO_CHANNEL_FAILED": {**call, **_error("Could not publish the call to the channel")},
        "INITIATE_CALL_ID_SUCCEEDED": {"callId": inputs.engagement_id},  # undocumented (§9.1)
        "INITIATE_CALL_ID_FAILED": _error("Could not initiate a call id"),
        "SET_WIDGET_URL_FAILED": _error("Cannot load that URL in the widget iframe"),
        "UPDATE_ASSOCIATIONS_FAILED": {**engagement, **_error("Could not associate the call")},
        "FINALIZE_ENGAGEMENT_SUCCEEDED": call,
        "FINALIZE_ENGAGEMENT_FAILED": {**call, **_error("Could not finalize the call")},
        "FAILED": _error("Something went wrong in HubSpot"),
        "READY": None,
        "SET_WIDGET_URL": {"iFrameUrl": inputs.widget_url},
        "UNLOADING": None,
    }


def inputs_for(
    host: Host,
    record: Mapping[str, Any] | None,
    now_ms: int,
    state: SessionState | None = None,
    widget_url: str | None = None,
) -> TemplateInputs:
    """Gather the inputs from a host (its CRM and context) and, when known, a live session's state."""
    crm = host.crm
    found = crm.resolve(record) or next(iter(crm.records()), None)
    try:
        dial = host.dial_payload(found, None, None, now_ms)
    except ValueError:
        dial = host.dial_payload(None, None, FALLBACK_NUMBER, now_ms, subject=found)
    matches = crm.match_caller(dial["phoneNumber"], host.context.portal_id)
    if not matches:
        matches = crm.match_caller(FALLBACK_NUMBER, host.context.portal_id)
    type_id, object_id = (found.object_type_id, found.id) if found is not None else (CONTACT, 0)
    coordinates = {"portalId": host.context.portal_id, "objectTypeId": type_id, "objectId": object_id}
    return TemplateInputs(
        coordinates=coordinates,
        dial=dial,
        matches=matches,
        engagement_id=_last_engagement(host, state, (type_id, object_id)),
        external_call_id=_last_call_id(state),
        widget_url=widget_url or "https://widget.example.com/",
    )


def _last_engagement(host: Host, state: SessionState | None, record: tuple[str, int]) -> int:
    """The session's last issued engagement, else the record's latest, else the CRM's, else a plausible id."""
    if state is not None:
        issued = [call.engagement_id for call in state.calls.values() if call.engagement_id is not None]
        if issued:
            return issued[-1]
    on_record = host.crm.engagements_for(*record)
    if on_record:
        return on_record[-1].id
    return max(host.crm.engagements, default=FIRST_ENGAGEMENT_ID)


def _last_call_id(state: SessionState | None) -> str:
    call = state.latest_call() if state is not None else None
    return call.external_call_id if call is not None and not call.legacy_key else PLACEHOLDER_CALL_ID


def fault_values(faults: Faults | None = None) -> dict[str, Any]:
    """Every `Faults` setting with its current value (defaults when none given), for the faults form."""
    return dataclasses.asdict(faults or Faults())
