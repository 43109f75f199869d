"""Summary table, JUnit XML and JSON reports (simulator/report.py)."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from simulator.eventlog import LogEntry
from simulator.reports.formats import (
    Violation,
    failure_message,
    json_report,
    junit_xml,
    run_violations,
    summary_table,
    write_json,
    write_junit,
)
from simulator.scenarios.results import ScenarioResult, StepResult

DIFF = "expected CALL_ENDED from the widget within 5s\nno CALL_ENDED received; received instead: LOGGED_IN"


def results() -> list[ScenarioResult]:
    passed = ScenarioResult(
        "Outbound call, happy path",
        "scenarios/outbound-happy-path.yaml",
        "passed",
        (StepResult(1, 8, "expect LOGGED_IN", "passed", 0.25, "matched seq 3"),),
        1.5,
        variables={"call_id": "c-1"},
    )
    failed = ScenarioResult(
        "HubSpot ends the call",
        "scenarios/hubspot-ends-call.yaml",
        "failed",
        (
            StepResult(1, 8, "send END_CALL", "passed", 0.01, "sent seq 4"),
            StepResult(2, 9, "expect CALL_ENDED", "failed", 5.0, DIFF),
            StepResult(3, 12, "wait 1s", "skipped", 0.0),
        ),
        5.01,
    )
    broken = ScenarioResult(
        "Browser died",
        "x/broken.yaml",
        "error",
        (StepResult(1, 3, "click #a", "failed", 0.1, "error: RuntimeError: gone"),),
        0.1,
        error="step 1 (click #a): RuntimeError: gone",
    )
    return [passed, failed, broken]


def test_summary_table_is_aligned_and_counts() -> None:
    text = summary_table(results())
    lines = text.splitlines()
    assert lines[0].split() == ["result", "scenario", "steps", "time", "file"]
    assert lines[1].startswith("------")
    assert lines[2].startswith("PASSED  Outbound call, happy path")
    assert "1/1" in lines[2] and "1.50s" in lines[2]
    assert lines[3].startswith("FAILED  HubSpot ends the call")
    assert "1/3" in lines[3]
    # Columns line up: every row puts its step count where the header's "steps" column starts.
    column = lines[0].index("steps")
    assert all(line[column:].split()[0] in ("steps", "1/1", "1/3", "0/1") for line in lines[2:5])
    assert "3 scenarios: 1 passed, 1 failed, 1 errors in 6.61s" in text
    assert "FAILED HubSpot ends the call (scenarios/hubspot-ends-call.yaml:9)" in text
    assert "  step 2: expect CALL_ENDED" in text
    assert "    no CALL_ENDED received; received instead: LOGGED_IN" in text


def test_summary_without_details_and_for_one_scenario() -> None:
    text = summary_table(results()[:1], details=False)
    assert text.splitlines()[-1] == "1 scenario: 1 passed, 0 failed in 1.50s"
    assert summary_table([]).splitlines()[-1] == "0 scenarios: 0 passed, 0 failed in 0.00s"


def test_failure_message() -> None:
    passed, failed, broken = results()
    assert failure_message(failed) == "step 2 (line 9): expect CALL_ENDED"
    assert failure_message(broken) == "step 1 (line 3): click #a"
    assert failure_message(passed) == "passed"


def test_junit_xml_parses_and_carries_the_diff(tmp_path: Path) -> None:
    path = tmp_path / "reports" / "junit.xml"
    write_junit(results(), path)
    root = ET.parse(path).getroot()
    assert root.tag == "testsuites"
    suite = root.find("testsuite")
    assert suite is not None
    assert (suite.get("tests"), suite.get("failures"), suite.get("errors")) == ("3", "1", "1")
    cases = suite.findall("testcase")
    assert [case.get("name") for case in cases] == [
        "Outbound call, happy path",
        "HubSpot ends the call",
        "Browser died",
    ]
    assert cases[0].get("classname") == "outbound-happy-path"
    assert cases[0].find("failure") is None
    failure = cases[1].find("failure")
    assert failure is not None
    assert failure.get("message") == "step 2 (line 9): expect CALL_ENDED"
    assert failure.text == DIFF
    error = cases[2].find("error")
    assert error is not None and error.text == "error: RuntimeError: gone"
    out = cases[1].find("system-out")
    assert out is not None and out.text is not None
    assert "skipped step 3 (line 12) wait 1s" in out.text


def test_junit_escapes_markup_in_details() -> None:
    result = ScenarioResult("a <b> & c", "a.yaml", "failed", (StepResult(1, 1, "x", "failed", 0.0, "<&>\"'"),), 0.0)
    root = ET.fromstring(junit_xml([result]).encode())
    case = root.find("testsuite/testcase")
    assert case is not None and case.get("name") == "a <b> & c"
    failure = case.find("failure")
    assert failure is not None and failure.text == "<&>\"'"


def test_json_report(tmp_path: Path) -> None:
    path = tmp_path / "report.json"
    write_json(results(), path)
    loaded = json.loads(path.read_text())
    assert loaded == json_report(results())
    assert loaded["summary"] == {"scenarios": 3, "passed": 1, "failed": 1, "errors": 1, "duration_s": 6.61}
    first = loaded["scenarios"][0]
    assert first["variables"] == {"call_id": "c-1"}
    assert first["steps"][0] == {
        "index": 1,
        "line": 8,
        "description": "expect LOGGED_IN",
        "status": "passed",
        "duration_s": 0.25,
        "detail": "matched seq 3",
    }
    assert loaded["scenarios"][2]["error"] == "step 1 (click #a): RuntimeError: gone"


def violation_entry(seq: int, rule: str, severity: str, text: str) -> LogEntry:
    return LogEntry(seq, 0.0, "s1", "violation", rule, rule=rule, severity=severity, text=text)


def test_each_violation_lands_on_the_step_that_was_running() -> None:
    entries = [
        LogEntry(1, 0.0, "s1", "in", "INITIALIZED"),
        violation_entry(2, "SYNC_ACK_LATE", "warning", "answered after 2.1 s"),
        violation_entry(5, "NO_CALL_ID", "error", "OUTGOING_CALL_STARTED without callId"),
        violation_entry(9, "UNKNOWN_TYPE", "info", "FOO is not a known type"),
    ]
    found = run_violations(entries, [(1, 3), (2, 7)])
    assert [(v.rule, v.step, v.seq) for v in found] == [
        ("SYNC_ACK_LATE", 1, 2),
        ("NO_CALL_ID", 2, 5),
        ("UNKNOWN_TYPE", None, 9),
    ]
    assert found[0].line() == "warning SYNC_ACK_LATE (step 1, seq 2): answered after 2.1 s"
    assert found[2].line() == "info UNKNOWN_TYPE (after the steps, seq 9): FOO is not a known type"


VIOLATIONS = [
    [Violation("SYNC_ACK_LATE", "warning", "answered after 2.1 s", 2, 1)],
    [
        Violation("NO_CALL_ID", "error", "OUTGOING_CALL_STARTED without callId", 5, 1),
        Violation("UNKNOWN_TYPE", "info", "FOO is not a known type", 9, None),
    ],
    [],
]


def test_junit_carries_every_violation_of_a_passed_run_too() -> None:
    root = ET.fromstring(junit_xml(results(), VIOLATIONS).encode())
    cases = root.findall("testsuite/testcase")
    values = [[p.get("value") for p in case.findall("properties/property[@name='violation']")] for case in cases]
    assert values == [
        ["warning SYNC_ACK_LATE (step 1, seq 2): answered after 2.1 s"],
        [
            "error NO_CALL_ID (step 1, seq 5): OUTGOING_CALL_STARTED without callId",
            "info UNKNOWN_TYPE (after the steps, seq 9): FOO is not a known type",
        ],
        [],
    ]
    out = cases[0].find("system-out")
    assert out is not None and out.text is not None
    assert "protocol violations (1):\n  warning SYNC_ACK_LATE (step 1, seq 2)" in out.text
    assert cases[0].find("failure") is None  # a warning does not fail the case
    assert cases[2].find("properties") is None


def test_json_carries_every_violation_with_rule_severity_text_and_step(tmp_path: Path) -> None:
    path = tmp_path / "report.json"
    write_json(results(), path, VIOLATIONS)
    scenarios = json.loads(path.read_text())["scenarios"]
    assert scenarios[0]["violations"] == [
        {"rule": "SYNC_ACK_LATE", "severity": "warning", "text": "answered after 2.1 s", "seq": 2, "step": 1}
    ]
    assert [v["step"] for v in scenarios[1]["violations"]] == [1, None]
    assert scenarios[2]["violations"] == []
    assert json_report(results())["scenarios"][0]["violations"] == []


def test_violations_must_match_the_results() -> None:
    with pytest.raises(ValueError, match="2 violation lists for 3 results"):
        junit_xml(results(), VIOLATIONS[:2])
