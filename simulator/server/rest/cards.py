"""What a call's timeline card shows beyond its properties: transcripts and the recording check.

Server-rendered cards (views.py) and the live "engagement" effect carry the same blocks; static/js/timeline.js keeps
the last blocks it got per engagement, so a later property-only push does not drop them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

from simulator.hubspot.rest.transcripts import stored_utterances
from simulator.log_vocabulary import EffectName
from simulator.server.appkeys import CRM, SESSIONS, STORE
from simulator.server.page import page_protocol
from simulator.server.rest.recording_check import RecordingCheck


@dataclass
class RecordingChecks:
    """The last recording check of each engagement (in memory: a restart forgets them; POST ready again)."""

    by_engagement: dict[int, RecordingCheck] = field(default_factory=dict)


RECORDING_CHECKS = web.AppKey("recording_checks", RecordingChecks)


def transcript_blocks(app: web.Application, engagement_id: int) -> list[dict[str, Any]]:
    """The engagement's transcripts as the card lists them: who said what, in order."""
    blocks = []
    for transcript in app[STORE].transcripts.for_engagement(engagement_id):
        utterances = [
            {"speaker": u.speaker.get("name") or u.speaker.get("id", ""), "text": u.text, "startTimeMillis": u.start_ms}
            for u in stored_utterances(transcript.body)
        ]
        blocks.append({"id": str(transcript.id), "utterances": utterances})
    return blocks


def card_extras(app: web.Application, engagement_id: int) -> dict[str, Any]:
    """`transcripts` and `recording` (None until recordings/ready) for one engagement's card."""
    checks = app.get(RECORDING_CHECKS)
    check = checks.by_engagement.get(engagement_id) if checks else None
    return {"transcripts": transcript_blocks(app, engagement_id), "recording": check.to_json() if check else None}


def push_card(app: web.Application, engagement_id: int) -> None:
    """Refresh the engagement's card on every open page (the "engagement" effect, with the extra blocks)."""
    engagement = app[CRM].engagement(engagement_id)
    if engagement is None:
        return
    payload = {**engagement.to_json(), **card_extras(app, engagement_id)}
    for session in app[SESSIONS].live():
        session.notify_page(page_protocol.effect(EffectName.ENGAGEMENT, payload))
