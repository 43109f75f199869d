"""The transcripts API (docs/protocol.md §7.3): create for an engagement, read, delete; credentials: versions.py.

A transcript shows on its call's timeline card, live on open pages.
"""

from __future__ import annotations

from aiohttp import web

from simulator.hubspot.rest.fields import parse_whole
from simulator.hubspot.rest.transcripts import CREATE_EXAMPLE, parse_create, transcript_json
from simulator.server.appkeys import STORE
from simulator.server.rest import params
from simulator.server.rest.cards import push_card
from simulator.server.rest.errors import hubspot_error, validation_error
from simulator.server.rest.recordings import known_engagement
from simulator.store import NotFound, Transcript


def _not_found(raw: str) -> web.HTTPException:
    return hubspot_error(
        404,
        f"No transcript with id {raw!r}: use the id POST /crm/v3/extensions/calling/transcripts returned",
        context={"transcriptId": [raw]},
    )


def _transcript(request: web.Request) -> Transcript:
    raw = request.match_info["transcript_id"]
    # Like an object id: one that cannot exist is not found (404), not a bad request.
    transcript_id = parse_whole(raw)
    found = request.app[STORE].transcripts.get(transcript_id) if transcript_id is not None else None
    if found is None:
        raise _not_found(raw)
    return found


async def create_transcript(request: web.Request) -> web.Response:
    """POST …/transcripts: 200 {id}; the engagement must exist."""
    body = await params.json_body(request, CREATE_EXAMPLE)
    engagement_id, utterances, errors = parse_create(body)
    if errors or engagement_id is None:
        raise validation_error(errors, "Invalid input")
    known_engagement(request, engagement_id)
    stored = {"utterances": [u.to_store() for u in utterances]}
    transcript = request.app[STORE].transcripts.create(engagement_id, stored)
    push_card(request.app, engagement_id)
    return web.json_response({"id": str(transcript.id)})


async def get_transcript(request: web.Request) -> web.Response:
    """GET …/transcripts/{transcriptId}: TranscriptResponse."""
    t = _transcript(request)
    return web.json_response(transcript_json(t.id, t.engagement_id, t.body, t.created_at_ms))


async def delete_transcript(request: web.Request) -> web.Response:
    """DELETE …/transcripts/{transcriptId}: 204; 404 when there is no such transcript."""
    t = _transcript(request)
    try:
        request.app[STORE].transcripts.delete(t.id)
    except NotFound:
        raise _not_found(str(t.id)) from None
    push_card(request.app, t.engagement_id)
    return web.Response(status=204)
