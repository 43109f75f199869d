"""Scenario results as a summary table, JUnit XML (for CI) and JSON."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast, get_args

from simulator.eventlog import LogEntry
from simulator.scenarios.results import ScenarioResult, ScenarioStatus, StepResult, StepStatus

SUITE_NAME = "callsim scenarios"


@dataclass(frozen=True)
class Violation:
    """A protocol rule broken during a run, and the step that was running when it was logged."""

    rule: str
    severity: str
    text: str
    seq: int
    step: int | None  # None: before the first step's end was recorded, or after the steps

    def to_json(self) -> dict[str, Any]:
        return {"rule": self.rule, "severity": self.severity, "text": self.text, "seq": self.seq, "step": self.step}

    def line(self) -> str:
        """`warning NO_CALL_ENDED (step 3, seq 12): ...`, one line for text reports."""
        where = f"step {self.step}, seq {self.seq}" if self.step is not None else f"after the steps, seq {self.seq}"
        return f"{self.severity} {self.rule} ({where}): {self.text}"

    __str__ = line


def run_violations(entries: Iterable[LogEntry], step_ends: Sequence[tuple[int, int]]) -> list[Violation]:
    """Every violation in a session's log, each on the first step that ended at or after it.

    `step_ends` is (step index, the log's last seq when that step ended) for the steps that ran, in order."""
    found = []
    for entry in entries:
        if entry.direction != "violation":
            continue
        step = next((index for index, end in step_ends if entry.seq <= end), None)
        found.append(
            Violation(str(entry.rule or entry.type), entry.severity or "error", entry.text or "", entry.seq, step)
        )
    return found


Violations = Sequence[Sequence[Violation]] | None  # one list per result, in the same order


def _per_result(results: Sequence[ScenarioResult], violations: Violations) -> list[Sequence[Violation]]:
    if violations is None:
        return [() for _ in results]
    if len(violations) != len(results):
        raise ValueError(f"{len(violations)} violation lists for {len(results)} results")
    return list(violations)


def _seconds(value: float) -> str:
    return f"{value:.2f}s"


def summary_table(results: Sequence[ScenarioResult], *, details: bool = True) -> str:
    """Plain aligned text: one row per scenario, the counts, then each failure's step and diff."""
    header = ("result", "scenario", "steps", "time", "file")
    rows = [
        (
            result.status.upper(),
            result.name,
            f"{result.count('passed')}/{len(result.steps)}",
            _seconds(result.duration_s),
            result.path,
        )
        for result in results
    ]
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    lines = [
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        for row in [header, *rows]
    ]
    lines.insert(1, "  ".join("-" * width for width in widths))
    counts = {status: sum(1 for r in results if r.status == status) for status in ("passed", "failed", "error")}
    total = sum(result.duration_s for result in results)
    parts = [f"{counts['passed']} passed", f"{counts['failed']} failed"]
    if counts["error"]:
        parts.append(f"{counts['error']} errors")
    noun = "scenario" if len(results) == 1 else "scenarios"
    lines.append("")
    lines.append(f"{len(results)} {noun}: {', '.join(parts)} in {_seconds(total)}")
    if details:
        for result in results:
            lines += _failure_lines(result)
    return "\n".join(lines)


def _failure_lines(result: ScenarioResult) -> list[str]:
    if result.status == "passed":
        return []
    step = result.failed_step
    if step is None:
        lines = ["", f"{result.status.upper()} {result.name} ({result.path})"]
    else:
        lines = ["", f"FAILED {result.name} ({result.path}:{step.line})", f"  step {step.index}: {step.description}"]
        lines += ["    " + line for line in (step.detail or "").splitlines()]
    # Why the run as a whole went wrong (--strict, --timeout, a widget that never answered the handshake).
    if result.error and (step is None or result.error not in (step.detail or "")):
        lines += ["  " + line for line in result.error.splitlines()]
    return lines


def failure_message(result: ScenarioResult) -> str:
    """One line naming the failed step: `step 3 (line 14): expect CALL_ENDED`."""
    step = result.failed_step
    if step is None:
        return result.error or result.status
    return f"step {step.index} (line {step.line}): {step.description}"


def junit_xml(results: Sequence[ScenarioResult], violations: Violations = None) -> str:
    """One testsuite, one testcase per scenario; a failure carries the failed step's diff.

    Each case's violations, warnings too, are `<property name="violation">`s and lines in its `<system-out>`."""
    per_result = _per_result(results, violations)
    suites = ET.Element("testsuites", name=SUITE_NAME)
    suite = ET.SubElement(
        suites,
        "testsuite",
        name=SUITE_NAME,
        tests=str(len(results)),
        failures=str(sum(1 for r in results if r.status == "failed")),
        errors=str(sum(1 for r in results if r.status == "error")),
        skipped="0",
        time=f"{sum(r.duration_s for r in results):.3f}",
    )
    for result, found in zip(results, per_result, strict=True):
        case = ET.SubElement(
            suite,
            "testcase",
            classname=Path(result.path).stem or "scenario",
            name=result.name,
            file=result.path,
            time=f"{result.duration_s:.3f}",
        )
        if found:
            properties = ET.SubElement(case, "properties")
            for violation in found:
                ET.SubElement(properties, "property", name="violation", value=violation.line())
        step = result.failed_step
        if result.status != "passed":
            tag = "error" if result.status == "error" else "failure"
            element = ET.SubElement(case, tag, message=failure_message(result), type=tag)
            detail = (step.detail if step else None) or ""
            # A runner error already is the step's detail; a failed run's own reason (--strict, no handshake) is not.
            extra = result.error if result.status == "failed" and result.error and result.error not in detail else ""
            detail = detail or (result.error or "" if not extra else "")
            element.text = "\n".join(part for part in (detail, extra) if part)
        out = ET.SubElement(case, "system-out")
        lines = [
            f"{s.status:<7} step {s.index} (line {s.line}) {s.description} [{s.duration_s:.2f}s]" for s in result.steps
        ]
        if found:
            lines += ["", f"protocol violations ({len(found)}):", *(f"  {v.line()}" for v in found)]
        out.text = "\n".join(lines)
    ET.indent(suites)
    return ET.tostring(suites, encoding="unicode", xml_declaration=True) + "\n"


def write_junit(results: Sequence[ScenarioResult], path: str | Path, violations: Violations = None) -> None:
    """Write JUnit XML that CI servers (GitHub, GitLab, Jenkins) render."""
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    Path(path).write_text(junit_xml(results, violations), encoding="utf-8")


def json_report(
    results: Sequence[ScenarioResult], violations: Violations = None, shard: Mapping[str, Any] | None = None
) -> dict[str, Any]:
    """The summary counts and every scenario's result, with the violations of its run (and the shard it was)."""
    scenarios = [
        {**result.to_json(), "violations": [v.to_json() for v in found]}
        for result, found in zip(results, _per_result(results, violations), strict=True)
    ]
    return {
        "summary": {
            "scenarios": len(results),
            "passed": sum(1 for r in results if r.status == "passed"),
            "failed": sum(1 for r in results if r.status == "failed"),
            "errors": sum(1 for r in results if r.status == "error"),
            "duration_s": round(sum(r.duration_s for r in results), 4),
        },
        "scenarios": scenarios,
        **({"shard": dict(shard)} if shard is not None else {}),
    }


def write_json(
    results: Sequence[ScenarioResult],
    path: str | Path,
    violations: Violations = None,
    shard: Mapping[str, Any] | None = None,
) -> None:
    """Write the JSON report."""
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(json_report(results, violations, shard), indent=2, ensure_ascii=False, default=repr)
    Path(path).write_text(text + "\n", encoding="utf-8")


def _field(item: Mapping[str, Any], key: str, kind: type | tuple[type, ...], where: str) -> Any:
    value = item.get(key)
    if not isinstance(value, kind) or isinstance(value, bool) and kind is not bool:
        raise ValueError(f"{where}: {key!r} is missing or not {getattr(kind, '__name__', kind)}")
    return value


def _step_from_json(item: Any, where: str) -> StepResult:
    if not isinstance(item, dict):
        raise ValueError(f"{where}: expected an object")
    status = _field(item, "status", str, where)
    if status not in get_args(StepStatus):
        raise ValueError(f"{where}: unknown status {status!r}")
    detail = item.get("detail")
    return StepResult(
        _field(item, "index", int, where),
        _field(item, "line", int, where),
        _field(item, "description", str, where),
        cast(StepStatus, status),
        float(_field(item, "duration_s", (int, float), where)),
        detail if isinstance(detail, str) else None,
    )


def _violation_from_json(item: Any, where: str) -> Violation:
    if not isinstance(item, dict):
        raise ValueError(f"{where}: expected an object")
    step = item.get("step")
    return Violation(
        _field(item, "rule", str, where),
        _field(item, "severity", str, where),
        _field(item, "text", str, where),
        _field(item, "seq", int, where),
        step if isinstance(step, int) else None,
    )


def scenario_from_json(item: Any, where: str = "scenario") -> tuple[ScenarioResult, list[Violation]]:
    """One entry of a JSON report's `scenarios` back into its result and violations (ValueError when malformed)."""
    if not isinstance(item, dict):
        raise ValueError(f"{where}: expected an object")
    status = _field(item, "status", str, where)
    if status not in get_args(ScenarioStatus):
        raise ValueError(f"{where}: unknown status {status!r}")
    steps = _field(item, "steps", list, where)
    error, variables = item.get("error"), item.get("variables")
    result = ScenarioResult(
        _field(item, "name", str, where),
        _field(item, "path", str, where),
        cast(ScenarioStatus, status),
        tuple(_step_from_json(step, f"{where} step {n}") for n, step in enumerate(steps, 1)),
        float(_field(item, "duration_s", (int, float), where)),
        error if isinstance(error, str) else None,
        variables if isinstance(variables, dict) else {},
    )
    found = item.get("violations", [])
    if not isinstance(found, list):
        raise ValueError(f"{where}: 'violations' is not a list")
    return result, [_violation_from_json(v, f"{where} violation {n}") for n, v in enumerate(found, 1)]
