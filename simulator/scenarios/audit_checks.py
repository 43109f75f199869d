"""`callsim audit`'s readiness checklist, from the built-in scenarios' session logs and the coverage probe. Pure.

Each check reads the runs' logs (LogEntry.to_json() dicts) and says ✓ or ✗ with one line on what to fix.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from simulator.hubspot.sdk.protocol import is_unknown_type_nack
from simulator.hubspot.validator.coverage import ESSENTIAL_TYPES, CoverageRow, handler_name
from simulator.log_vocabulary import NoteType

HANDSHAKE_LIMIT_S = 3.0  # the record page calls the handshake doctor after 3 s
MIN_SIDE, MAX_SIDE = 200, 1200  # px: what fits HubSpot's calling window and the record page
MAX_MESSAGE_BYTES = 64 * 1024
# The validator's rules for a call HubSpot cannot finish: abandoned, or its ids lost on the way.
ID_RULES = frozenset(
    {"call.ghost", "engagement.missing-id", "engagement.id-mismatch", "call.unknown-id", "call.missing-id"}
)


@dataclass(frozen=True)
class AuditRun:
    name: str
    passed: bool
    log: Sequence[Mapping[str, Any]]
    error: str | None = None


@dataclass(frozen=True)
class RecordingFinding:
    """One app's recording settings, fetched as HubSpot would: playable or not, and why."""

    app_id: int
    ok: bool
    detail: str


@dataclass(frozen=True)
class Check:
    title: str
    ok: bool
    detail: str  # what was found
    fix: str = ""  # what to do when not ok

    def line(self) -> str:
        mark = "✓" if self.ok else "✗"
        text = f"{mark} {self.title}: {self.detail}"
        return text if self.ok or not self.fix else f"{text}\n    fix: {self.fix}"


def _data(entry: Mapping[str, Any]) -> Any:
    message = entry.get("message")
    return message.get("data") if isinstance(message, Mapping) else None


def _incoming(run: AuditRun, kind: str | None = None) -> list[Mapping[str, Any]]:
    return [e for e in run.log if e.get("direction") == "in" and (kind is None or e.get("type") == kind)]


def _rules(runs: Sequence[AuditRun], names: frozenset[str]) -> list[tuple[str, Mapping[str, Any]]]:
    return [(r.name, e) for r in runs for e in r.log if e.get("direction") == "violation" and e.get("rule") in names]


def handshake_check(runs: Sequence[AuditRun]) -> Check:
    title = "handshake time"
    times: list[float] = []
    for run in runs:
        loaded = next(
            (e["ts"] for e in run.log if e.get("direction") == "note" and e.get("type") == NoteType.IFRAME_LOAD), None
        )
        ack = next((e["ts"] for e in _incoming(run, "SYNC_ACK")), None)
        if loaded is not None and ack is not None:
            times.append(max(0.0, float(ack) - float(loaded)))
    never = [r.name for r in runs if not _incoming(r, "SYNC_ACK")]
    if never:
        fix = "run `callsim doctor URL`: the page must load the SDK and construct CallingExtensions at once"
        return Check(title, False, f"no SYNC_ACK in {len(never)} of {len(runs)} runs ({never[0]}…)", fix)
    if not times:
        return Check(title, False, "no run recorded the widget page's load", "re-run the audit")
    slowest = max(times)
    detail = f"slowest {slowest:.2f} s of {len(times)} runs (limit {HANDSHAKE_LIMIT_S:g} s)"
    fix = "construct CallingExtensions as the page loads, before fetching anything else; trim the bundle"
    return Check(title, slowest <= HANDSHAKE_LIMIT_S, detail, fix)


def initialized_check(runs: Sequence[AuditRun]) -> Check:
    missing = [r.name for r in runs if _incoming(r, "SYNC_ACK") and not _incoming(r, "INITIALIZED")]
    fix = "call cti.initialized({isLoggedIn, isAvailable, sizeInfo}) from eventHandlers.onReady"
    if missing:
        return Check("INITIALIZED sent", False, f"missing in {len(missing)} runs ({missing[0]}…)", fix)
    return Check("INITIALIZED sent", True, "after every handshake")


def events_check(rows: Sequence[CoverageRow], runs: Sequence[AuditRun]) -> Check:
    title = "every HubSpot event answered or knowingly ignored"
    probed = [r for r in rows if r.verdict != "not probed"]
    if not probed:
        return Check(title, False, "the coverage probe sent nothing (no handshake)", "fix the handshake first")
    silent = [r.host_type for r in probed if r.verdict == "unhandled"]
    essential = [r.host_type for r in probed if r.host_type in ESSENTIAL_TYPES and r.verdict != "handled"]
    unanswered = _rules(runs, frozenset({"end-call.unanswered"}))
    problems = []
    if essential:
        problems.append(f"no own handler for {', '.join(essential)}")
    if silent:
        problems.append(f"no handler at all for {len(silent)} types ({', '.join(silent[:3])}…)")
    if unanswered:
        problems.append(f"END_CALL unanswered in {unanswered[0][0]}")
    if not problems:
        handled = sum(r.verdict == "handled" for r in probed)
        return Check(title, True, f"{handled} handled, the rest reach defaultEventHandler or the SDK rejects them")
    names = [handler_name(t) for t in essential] + (["defaultEventHandler"] if silent else [])
    fix = f"add eventHandlers {', '.join(names)}" if names else "answer END_CALL with cti.callEnded(...) within 5 s"
    return Check(title, False, "; ".join(problems), fix)


def engagements_check(runs: Sequence[AuditRun]) -> Check:
    title = "engagements completed (no ghost calls)"
    found = _rules(runs, ID_RULES)
    if found:
        name, entry = found[0]
        detail = f"{len(found)} problem(s), first {entry.get('rule')} in {name}: {entry.get('text', '')}"
        fix = "carry HubSpot's engagementId and your externalCallId into CALL_ENDED/CALL_COMPLETED; complete a call "
        fix += "before the widget reloads"
        return Check(title, False, detail, fix)
    completed = sum(len(_incoming(r, "CALL_COMPLETED")) for r in runs)
    if not completed:
        return Check(
            title, False, "no run completed a call", "call cti.callCompleted({engagementId, ...}) after wrap-up"
        )
    return Check(title, True, f"{completed} call(s) completed with HubSpot's engagementId")


def errors_check(runs: Sequence[AuditRun]) -> Check:
    title = "errors surfaced with sendError"
    errors = [e for r in runs for e in _incoming(r, "ERROR") if not is_unknown_type_nack(dict(e.get("message") or {}))]
    readable = [e for e in errors if isinstance(_data(e), Mapping) and isinstance(_data(e).get("message"), str)]
    fix = "on a failure call cti.sendError({message: 'what went wrong'}): HubSpot shows it as an alert"
    if not readable:
        return Check(title, False, "the widget never sent an ERROR with data.message", fix)
    if len(readable) < len(errors):
        return Check(title, False, f"{len(errors) - len(readable)} ERROR(s) without data.message", fix)
    return Check(title, True, f"{len(readable)} ERROR(s), each with a message")


def _side_problems(data: Any, what: str) -> list[str]:
    if not isinstance(data, Mapping):
        return []
    found = []
    for side in ("width", "height"):
        value = data.get(side)
        if value is None:
            continue
        if not isinstance(value, int | float) or isinstance(value, bool) or not MIN_SIDE <= value <= MAX_SIDE:
            found.append(f"{what} {side} {value!r}")
    return found


def sizes_check(runs: Sequence[AuditRun]) -> Check:
    title = "sizes sane"
    problems: list[str] = []
    for run in runs:
        for entry in _incoming(run):
            data = _data(entry)
            if entry.get("type") == "INITIALIZED" and isinstance(data, Mapping):
                problems += _side_problems(data.get("sizeInfo"), "INITIALIZED sizeInfo")
            elif entry.get("type") == "RESIZE_WIDGET":
                problems += _side_problems(data, "RESIZE_WIDGET")
            size = len(json.dumps(entry.get("message"), default=str).encode())
            if size > MAX_MESSAGE_BYTES:
                problems.append(f"{entry.get('type')} of {size} bytes")
    problems += [f"{e.get('rule')}: {e.get('text', '')}" for _, e in _rules(runs, frozenset({"resize.shape"}))]
    if problems:
        fix = f"keep width/height within {MIN_SIDE}–{MAX_SIDE} px and messages under {MAX_MESSAGE_BYTES // 1024} KiB"
        return Check(title, False, f"{len(problems)}: {'; '.join(sorted(set(problems))[:3])}", fix)
    return Check(title, True, f"widths/heights within {MIN_SIDE}–{MAX_SIDE} px, messages under 64 KiB")


def recording_check(findings: Sequence[RecordingFinding] | None) -> Check | None:
    """None when no app has recording settings: nothing to check."""
    if not findings:
        return None
    bad = [f for f in findings if not f.ok]
    title = "recording URL serves what HubSpot needs"
    if bad:
        fix = "answer urlToRetrieveAuthedRecording with JSON {authenticatedUrl}, serving audio with 206 for Range"
        return Check(title, False, f"app {bad[0].app_id}: {bad[0].detail}", fix)
    return Check(title, True, "; ".join(f"app {f.app_id}: {f.detail}" for f in findings))


def scenarios_check(runs: Sequence[AuditRun]) -> Check:
    failed = [r for r in runs if not r.passed]
    if failed:
        first = (failed[0].error or "failed").splitlines()[0]
        detail = f"{len(failed)} of {len(runs)} failed (strict); first {failed[0].name}: {first}"
        return Check(
            "built-in scenarios pass (strict)", False, detail, "run `callsim run scenarios/ --strict` to see each"
        )
    return Check("built-in scenarios pass (strict)", True, f"{len(runs)} of {len(runs)}")


def checklist(
    runs: Sequence[AuditRun], rows: Sequence[CoverageRow], recordings: Sequence[RecordingFinding] | None = None
) -> list[Check]:
    checks = [
        scenarios_check(runs),
        handshake_check(runs),
        initialized_check(runs),
        events_check(rows, runs),
        engagements_check(runs),
        errors_check(runs),
        sizes_check(runs),
    ]
    recording = recording_check(recordings)
    return [*checks, recording] if recording is not None else checks
