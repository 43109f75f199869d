"""What REST writes do beyond the store: show on live record pages, and flag a widget's duplicate engagements."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field

from aiohttp import web

from simulator.hubspot.crm.portal import ARCHIVED, CREATED, PURGED, Engagement, Record
from simulator.hubspot.rest.objects import duplicates_of
from simulator.hubspot.validator.rules import ENGAGEMENT_DUPLICATE
from simulator.log_vocabulary import EffectName
from simulator.server.appkeys import CRM, SESSIONS
from simulator.server.page import page_protocol

DUPLICATE_WINDOW_MS = 60_000  # "same time": HubSpot's timeline shows two calls this close as the same call twice


@dataclass
class RestWrites:
    """Which engagements came in over REST (the rest came from widgets through the SDK)."""

    ids: set[int] = field(default_factory=set)
    creating: bool = False  # set while a REST handler creates: the change listener runs inside that call


REST_WRITES = web.AppKey("rest_writes", RestWrites)


def watch(app: web.Application) -> None:
    """Push every engagement and record change to the live pages and check new engagements for duplicates."""
    writes = app[REST_WRITES] = RestWrites()
    crm = app[CRM]

    def changed(kind: str, engagement: Engagement) -> None:
        if kind not in (ARCHIVED, PURGED):  # gone from the timeline: its card leaves at the page's next load
            for session in app[SESSIONS].live():
                session.notify_page(page_protocol.effect(EffectName.ENGAGEMENT, engagement.to_json()))
        if kind == CREATED:
            from_rest = writes.creating
            if from_rest:
                writes.ids.add(engagement.id)
            try:
                loop = asyncio.get_running_loop()
            except RuntimeError:
                return
            # Later: the SDK flow records which call owns a new engagement only after creating it.
            loop.call_soon(check_duplicates, app, engagement.id, from_rest)

    crm.on_change(changed)

    def record_changed(kind: str, record: Record) -> None:
        coordinates = {"objectTypeId": record.object_type_id, "objectId": record.id}
        for session in app[SESSIONS].live():
            session.notify_page(page_protocol.effect(EffectName.RECORD, coordinates))

    crm.on_record_change(record_changed)


def check_duplicates(app: web.Application, engagement_id: int, from_rest: bool) -> None:
    """A REST call and a widget's createEngagement call for one record and time: warn the widget's session."""
    crm, writes = app[CRM], app[REST_WRITES]
    new = crm.engagement(engagement_id)
    if new is None:
        return
    others = [e for e in crm.engagements.values() if (e.id not in writes.ids) == from_rest]
    for other in duplicates_of(new, others, DUPLICATE_WINDOW_MS):
        sdk_id, rest_id = (other.id, new.id) if from_rest else (new.id, other.id)
        for session in app[SESSIONS].live():
            if session.host.session.engagement_owner(sdk_id) is None:
                continue
            text = (
                f"engagement {rest_id} (POSTed over REST) and {sdk_id} (createEngagement: true) are calls for the "
                "same record within 60 s: HubSpot shows the call twice. Let HubSpot create it (createEngagement) "
                "and PATCH that engagement from the backend, or create it over REST only."
            )
            session.log.append(
                "violation",
                ENGAGEMENT_DUPLICATE.name,
                rule=ENGAGEMENT_DUPLICATE.name,
                severity=ENGAGEMENT_DUPLICATE.severity,
                text=text,
            )
