"""Ghost calls (SDK issue #46): engagements left unfinished when the widget reloads or the session ends.

A reload alone does not make a ghost: HubSpot sends the call's engagementId on the next SYNC (§2.2) and
the widget may re-attach it in INITIALIZED. The calls a reload leaves unfinished are held as orphans and
become ghosts when the next INITIALIZED does not re-attach them, or when the session ends.
"""

from __future__ import annotations

from simulator.hubspot.crm.portal import Crm
from simulator.hubspot.outcome import Effect, Outcome
from simulator.hubspot.state import Call, SessionState
from simulator.hubspot.validator.rules import CALL_GHOST
from simulator.log_vocabulary import EffectName


def orphan_unfinished(state: SessionState) -> None:
    """The iframe loaded a new page: remember the calls it left unfinished."""
    state.orphaned = [call.external_call_id for call in state.unfinished_calls()]


def settle_orphans(state: SessionState, crm: Crm, reattached: int | None, now_ms: int, outcome: Outcome) -> None:
    """INITIALIZED after a reload: orphans it did not re-attach (by engagementId) are ghosts."""
    keys, state.orphaned = state.orphaned, []
    for key in keys:
        call = state.calls.get(key)
        if call is None or call not in state.unfinished_calls():
            continue
        if reattached is not None and call.engagement_id == reattached:
            outcome.notes.append(f"the reloaded widget re-attached {call.describe()} (engagement {reattached})")
            continue
        _ghost(state, crm, call, "the widget reloaded and did not re-attach it", now_ms, outcome)


def ghost_all(state: SessionState, crm: Crm, now_ms: int, outcome: Outcome) -> None:
    """The session ended: every unfinished call is a ghost."""
    state.orphaned = []
    for call in state.unfinished_calls():
        _ghost(state, crm, call, "the session ended", now_ms, outcome)


def _ghost(state: SessionState, crm: Crm, call: Call, why: str, now_ms: int, outcome: Outcome) -> None:
    state.update_call(call, ghost=True)
    engagement = crm.engagement(call.engagement_id) if call.engagement_id is not None else None
    shown = f"engagement {engagement.id}" if engagement is not None else "its engagement"
    text = f"{call.describe()} ({call.status}) never reached CALL_COMPLETED and {why}: {shown} stays unfinished"
    outcome.violations.append(CALL_GHOST(text))
    if engagement is not None:
        updated = crm.update_engagement(engagement.id, now_ms, unfinished=True)
        outcome.effects.append(Effect(EffectName.ENGAGEMENT, updated.to_json()))
