"""Time-based rules: each fires once per occasion, after the configured wait."""

from __future__ import annotations

from simulator.hubspot.state import SessionState
from simulator.hubspot.validator.timers import check_timers
from simulator.settings import END_CALL_ANSWER_WITHIN_MS, HANDSHAKE_TIMEOUT_MS, INITIALIZED_WITHIN_MS

T0 = 1_723_291_227_000


def test_timers_fire_once() -> None:
    state = SessionState(handshake="SYNCING", loaded_at_ms=T0)
    assert [v.rule for v in check_timers(T0 + 31_000, state)] == ["handshake.timeout"]
    assert check_timers(T0 + 32_000, state) == []


def test_end_call_timer_is_per_end_call() -> None:
    state = SessionState(handshake="READY", initialized=True, end_call_sent_at_ms=T0)
    assert [v.rule for v in check_timers(T0 + 6_000, state)] == ["end-call.unanswered"]
    state.end_call_sent_at_ms = T0 + 10_000
    assert [v.rule for v in check_timers(T0 + 16_000, state)] == ["end-call.unanswered"]


def test_the_waits_are_the_documented_defaults() -> None:
    assert (HANDSHAKE_TIMEOUT_MS, INITIALIZED_WITHIN_MS, END_CALL_ANSWER_WITHIN_MS) == (30_000, 3_000, 5_000)


def test_handshake_timeout_is_the_one_given() -> None:
    state = SessionState(handshake="SYNCING", loaded_at_ms=T0)
    assert check_timers(T0 + 9_000, state, handshake_timeout_ms=10_000) == []
    assert [v.rule for v in check_timers(T0 + 11_000, state, handshake_timeout_ms=10_000)] == ["handshake.timeout"]


def test_handshake_timeout_is_not_before_the_default() -> None:
    state = SessionState(handshake="SYNCING", loaded_at_ms=T0)
    assert check_timers(T0 + HANDSHAKE_TIMEOUT_MS, state) == []
    assert [v.rule for v in check_timers(T0 + HANDSHAKE_TIMEOUT_MS + 1, state)] == ["handshake.timeout"]


def test_no_initialized_after_its_wait() -> None:
    state = SessionState(handshake="READY", sync_ack_at_ms=T0)
    assert check_timers(T0 + INITIALIZED_WITHIN_MS, state) == []
    assert [v.rule for v in check_timers(T0 + INITIALIZED_WITHIN_MS + 1, state)] == ["handshake.no-initialized"]
