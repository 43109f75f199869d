"""Time-based rules, run about once a second; each is reported once per occasion."""

from __future__ import annotations

from simulator.hubspot.state import SessionState
from simulator.hubspot.validator.rules import (
    END_CALL_UNANSWERED,
    HANDSHAKE_NO_INITIALIZED,
    HANDSHAKE_TIMEOUT,
    Violation,
)
from simulator.settings import END_CALL_ANSWER_WITHIN_MS, HANDSHAKE_TIMEOUT_MS, INITIALIZED_WITHIN_MS


def check_timers(now_ms: int, state: SessionState, handshake_timeout_ms: int = HANDSHAKE_TIMEOUT_MS) -> list[Violation]:
    """Time-based rules, recorded in `state.reported_timers`; the handshake timeout is the host context's."""
    found = []
    loaded, acked, end_call = state.loaded_at_ms, state.sync_ack_at_ms, state.end_call_sent_at_ms
    if state.handshake == "SYNCING" and loaded is not None and now_ms - loaded > handshake_timeout_ms:
        text = f"no SYNC_ACK {(now_ms - loaded) / 1000:.0f} s after the page load"
        found += _once(state, f"handshake.timeout@{loaded}", HANDSHAKE_TIMEOUT(text))
    waiting = state.handshake == "READY" and not state.initialized
    if waiting and acked is not None and now_ms - acked > INITIALIZED_WITHIN_MS:
        text = f"no INITIALIZED {(now_ms - acked) / 1000:.1f} s after SYNC_ACK"
        found += _once(state, f"handshake.no-initialized@{acked}", HANDSHAKE_NO_INITIALIZED(text))
    if end_call is not None and now_ms - end_call > END_CALL_ANSWER_WITHIN_MS:
        text = f"no CALL_ENDED {(now_ms - end_call) / 1000:.1f} s after END_CALL"
        found += _once(state, f"end-call.unanswered@{end_call}", END_CALL_UNANSWERED(text))
    return found


def _once(state: SessionState, key: str, violation: Violation) -> list[Violation]:
    if key in state.reported_timers:
        return []
    state.reported_timers.add(key)
    return [violation]
