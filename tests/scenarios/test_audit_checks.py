"""`callsim audit`'s checklist from made-up session logs: each check's ✓, and its ✗ with what to fix."""

from __future__ import annotations

from typing import Any

from simulator.hubspot.sdk.versions import Profile
from simulator.hubspot.validator.coverage import Observation, classify
from simulator.scenarios.audit_checks import AuditRun, RecordingFinding, checklist

MODERN = Profile("0.9.7")


def _in(kind: str, data: Any = None, ts: float = 1.0) -> dict[str, Any]:
    return {"direction": "in", "type": kind, "ts": ts, "message": {"type": kind, "data": data, "messageId": "1_2"}}


def _good_log() -> list[dict[str, Any]]:
    return [
        {"direction": "note", "type": "IFRAME_LOAD", "ts": 1.0},
        _in("SYNC_ACK", {"version": "0.9.7"}, ts=1.2),
        _in("INITIALIZED", {"isLoggedIn": False, "sizeInfo": {"width": 400, "height": 600}}),
        _in("RESIZE_WIDGET", {"width": 420, "height": 620}),
        _in("CALL_COMPLETED", {"engagementId": 7, "externalCallId": "c1"}),
        _in("ERROR", {"message": "Microphone permission denied"}),
    ]


def _rows(missing_for: frozenset[str] = frozenset()) -> list[Any]:
    types = ("DIAL_NUMBER", "END_CALL", "CREATE_ENGAGEMENT_SUCCEEDED", "CREATE_ENGAGEMENT_FAILED", "FAILED")
    return [classify(Observation(t, dispatched=True, missing=missing_for), MODERN) for t in types]


def _titles(checks: list[Any]) -> dict[str, bool]:
    return {check.title: check.ok for check in checks}


def test_a_good_run_passes_every_check() -> None:
    checks = checklist([AuditRun("happy", True, _good_log())], _rows())
    assert all(_titles(checks).values()), [c.line() for c in checks]
    assert "slowest 0.20 s of 1 runs" in checks[1].detail
    assert not any("recording" in c.title for c in checks)  # no recording settings: no such item


def test_each_defect_fails_its_own_check_with_a_fix() -> None:
    log = [e for e in _good_log() if e["type"] not in ("INITIALIZED", "CALL_COMPLETED", "ERROR")]
    log.append(_in("RESIZE_WIDGET", {"width": 5000, "height": 600}))
    log.append({"direction": "violation", "type": "call.ghost", "rule": "call.ghost", "text": "never completed"})
    missing = frozenset({"onEndCall", "onFailed", "defaultEventHandler"})
    checks = checklist([AuditRun("bad", False, log, "step 3 failed")], _rows(missing))
    failed = {c.title: c for c in checks if not c.ok}
    assert set(failed) == {
        "built-in scenarios pass (strict)",
        "INITIALIZED sent",
        "every HubSpot event answered or knowingly ignored",
        "engagements completed (no ghost calls)",
        "errors surfaced with sendError",
        "sizes sane",
    }
    events = failed["every HubSpot event answered or knowingly ignored"]
    assert "no own handler for END_CALL" in events.detail and "onEndCall" in events.fix
    assert "defaultEventHandler" in events.fix
    assert "call.ghost" in failed["engagements completed (no ghost calls)"].detail
    assert "RESIZE_WIDGET width 5000" in failed["sizes sane"].detail
    assert all(c.line().splitlines()[1].startswith("    fix: ") for c in failed.values())


def test_a_widget_that_never_handshakes_is_not_ready() -> None:
    checks = checklist([AuditRun("x", False, [{"direction": "note", "type": "IFRAME_LOAD", "ts": 1.0}])], [])
    handshake = next(c for c in checks if c.title == "handshake time")
    assert not handshake.ok and "callsim doctor" in handshake.fix


def test_a_slow_handshake_fails() -> None:
    log = _good_log()
    log[1] = _in("SYNC_ACK", {"version": "0.9.7"}, ts=4.5)
    assert not _titles(checklist([AuditRun("slow", True, log)], _rows()))["handshake time"]


def test_recording_findings_become_an_item() -> None:
    bad = [RecordingFinding(12, False, "GET … answered 404")]
    checks = checklist([AuditRun("happy", True, _good_log())], _rows(), bad)
    assert checks[-1].title == "recording URL serves what HubSpot needs" and not checks[-1].ok
    assert "app 12: GET … answered 404" in checks[-1].detail
    good = checklist([AuditRun("happy", True, _good_log())], _rows(), [RecordingFinding(12, True, "audio/mpeg")])
    assert good[-1].ok
