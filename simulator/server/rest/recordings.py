"""`POST /crm/v3/extensions/calling/recordings/ready`: 204, then callsim fetches the recording as HubSpot would.

Which app's `urlToRetrieveAuthedRecording`: the call's `hs_call_app_id` when that app has recording settings, else
the first app (lowest appId) that has any. The result goes to the call's card, and every problem is a named
warning in the open sessions' logs.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import Any

import aiohttp
from aiohttp import web

from simulator.hubspot.crm.portal import Engagement
from simulator.hubspot.rest.fields import INT32_MAX, FieldError, parse_whole, shown
from simulator.log_vocabulary import NoteType
from simulator.server.appkeys import CRM, SESSIONS, SETTINGS, STORE
from simulator.server.rest import params
from simulator.server.rest.cards import RECORDING_CHECKS, RecordingChecks, push_card
from simulator.server.rest.errors import hubspot_error, validation_error
from simulator.server.rest.recording_check import CHECKING, PLAYABLE, RecordingCheck, check_recording
from simulator.store import StoredSettings

READY_EXAMPLE = '{"engagementId": 30000000001}'


@dataclass
class _Tasks:
    """The background fetches under way (cancelled at shutdown)."""

    running: set[asyncio.Task[None]] = field(default_factory=set)


RECORDING_TASKS = web.AppKey("recording_tasks", _Tasks)


def engagement_id_of(body: dict[str, Any], example: str) -> int:
    """`engagementId` as an int64 (a number or a numeric string), or 400 naming it."""
    raw = body.get("engagementId")
    engagement_id = parse_whole(raw, json_numbers=True)  # int64 in the spec; a digit string as Jackson coerces it
    if engagement_id is None:
        raise validation_error(
            [FieldError("engagementId", f"engagementId is required: the call's id (an int64), e.g. {example}; "
                                        f"got {shown(raw)}", "REQUIRED")], "Invalid input")  # fmt: skip
    return engagement_id


def known_engagement(request: web.Request, engagement_id: int) -> Engagement:
    """The live engagement, or 404 in HubSpot's shape."""
    engagement = request.app[CRM].engagement(engagement_id)
    if engagement is None:
        raise hubspot_error(
            404,
            f"No call engagement {engagement_id}: create it with POST /crm/v3/objects/calls (or let the widget "
            "create it with createEngagement: true) and use its id",
            context={"engagementId": [str(engagement_id)]},
        )
    return engagement


def recording_app(request: web.Request, engagement: Engagement) -> StoredSettings | None:
    """The recording settings to use: the call's hs_call_app_id's, else the first app's that has them."""
    recordings = request.app[STORE].recordings
    app_id = parse_whole(str(engagement.properties.get("hs_call_app_id") or ""), 1, INT32_MAX)
    if app_id is not None and (found := recordings.get(app_id)) is not None:
        return found
    listed = recordings.list()
    return listed[0] if listed else None


async def recording_ready(request: web.Request) -> web.Response:
    """POST …/recordings/ready {engagementId}: 204; the fetch and its checks run in the background."""
    body = await params.json_body(request, READY_EXAMPLE)
    engagement = known_engagement(request, engagement_id_of(body, READY_EXAMPLE))
    app = request.app
    settings = recording_app(request, engagement)
    if settings is None:
        check = RecordingCheck(engagement.id, CHECKING).failed(
            "no app has recording settings: POST /crm/v3/extensions/calling/{appId}/settings/recording "
            '{"urlToRetrieveAuthedRecording": "https://…/recordings/%s"} first'
        )
        _finish(app, check)
        return web.Response(status=204)
    template = str(settings.body.get("urlToRetrieveAuthedRecording") or "")
    app[RECORDING_CHECKS].by_engagement[engagement.id] = RecordingCheck(engagement.id, CHECKING, settings.app_id)
    push_card(app, engagement.id)
    task = asyncio.get_running_loop().create_task(_fetch(app, template, engagement, settings.app_id))
    tasks = app[RECORDING_TASKS].running
    tasks.add(task)
    task.add_done_callback(tasks.discard)
    return web.Response(status=204)


async def _fetch(app: web.Application, template: str, engagement: Engagement, app_id: int) -> None:
    # Widget backends in development often serve self-signed HTTPS: callsim does not verify certificates.
    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(ssl=False)) as http:
        check = await check_recording(http, template, engagement, app_id, app[SETTINGS].portal_id)
    _finish(app, check)


def _finish(app: web.Application, check: RecordingCheck) -> None:
    """Keep the result, log it in every open session (warnings by rule name) and refresh the card."""
    app[RECORDING_CHECKS].by_engagement[check.engagement_id] = check
    for session in app[SESSIONS].live():
        for violation in check.violations:
            session.log.violation(violation)
        if check.state == PLAYABLE:
            text = (
                f"recording of engagement {check.engagement_id} is playable ({check.content_type}, {check.audio_url})"
            )
            session.log.append("note", NoteType.RECORDING, text=text)
    push_card(app, check.engagement_id)


async def _stop_fetches(app: web.Application) -> None:
    tasks = list(app[RECORDING_TASKS].running)
    for task in tasks:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)


def setup(app: web.Application) -> None:
    """The recording checks' state and the background fetches' shutdown."""
    app[RECORDING_CHECKS] = RecordingChecks()
    app[RECORDING_TASKS] = _Tasks()
    app.on_shutdown.append(_stop_fetches)
