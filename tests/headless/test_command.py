"""`callsim run` and `callsim validate` as a user runs them: a subprocess, real Chromium, exit codes, reports."""

from __future__ import annotations

import json
import subprocess
import sys
import xml.etree.ElementTree as ElementTree
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.helpers.live_server import ROOT
from tests.helpers.scenario_text import with_shorter_wait
from tests.helpers.widget_origin import widget_origin


def callsim(*args: str, timeout: float = 240) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "simulator", *args], cwd=ROOT, capture_output=True, text=True, timeout=timeout
    )


@dataclass(frozen=True)
class PassingRun:
    """One `callsim run` of three scenarios that must pass (one server and browser start, not three)."""

    result: subprocess.CompletedProcess[str]
    junit: Path
    report: dict[str, Any]

    def scenario(self, path_ends: str) -> dict[str, Any]:
        found: list[dict[str, Any]] = [s for s in self.report["scenarios"] if s["path"].endswith(path_ends)]
        assert len(found) == 1, [s["path"] for s in self.report["scenarios"]]
        return found[0]


@pytest.fixture(scope="module")
def passing_run(tmp_path_factory: pytest.TempPathFactory) -> PassingRun:
    """The README's scenario, the one `callsim init` writes (no --widget: the built-in sample softphone), and
    scenarios/unknown-event-type.yaml (a passed run with warnings), played by one command with both reports."""
    folder = tmp_path_factory.mktemp("passing")
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    example = folder / "readme-example.yaml"
    example.write_text(readme.split("```yaml\n", 1)[1].split("```", 1)[0])
    project = folder / "project"
    assert callsim("init", str(project)).returncode == 0
    junit, report = folder / "junit.xml", folder / "report.json"
    files = [str(example), str(project / "scenarios"), "scenarios/unknown-event-type.yaml"]
    result = callsim("run", *files, "--junit", str(junit), "--json", str(report))
    return PassingRun(result, junit, json.loads(report.read_text()) if report.exists() else {"scenarios": []})


@pytest.mark.browser
def test_a_widget_that_forgets_outgoing_call_fails_with_a_diff_and_exit_1(tmp_path: Path) -> None:
    junit = tmp_path / "junit.xml"
    scenario = with_shorter_wait("outbound-happy-path.yaml", "OUTGOING_CALL_STARTED", tmp_path)  # never comes
    with widget_origin() as origin:
        result = callsim(
            "run",
            str(scenario),
            "--widget",
            f"{origin}/broken/forget-outgoing-call",
            "--junit",
            str(junit),
        )
    assert result.returncode == 1, result.stdout + result.stderr
    assert "OUTGOING_CALL_STARTED" in result.stdout and "0 passed, 1 failed" in result.stdout
    failure = ElementTree.parse(junit).getroot().find(".//failure")
    assert failure is not None and "OUTGOING_CALL_STARTED" in (failure.get("message", "") + (failure.text or ""))


def test_a_scenario_with_a_typo_is_a_file_line_error_and_exit_2(tmp_path: Path) -> None:
    broken = tmp_path / "typo.yaml"
    broken.write_text("name: Typo\nsteps:\n  - expct: INITIALIZED\n")
    for command in ("validate", "run"):
        result = callsim(command, str(broken))
        assert result.returncode == 2, (command, result.stdout, result.stderr)
        output = result.stdout + result.stderr
        assert f"{broken}:3:5: step 1: unknown key 'expct' (did you mean 'expect'?)" in output
        assert "Traceback" not in output


@pytest.mark.browser
def test_a_passed_runs_warnings_reach_junit_and_json(passing_run: PassingRun) -> None:
    result = passing_run.result
    assert result.returncode == 0, result.stdout + result.stderr
    cases = ElementTree.parse(passing_run.junit).getroot().findall(".//testcase")
    case = next((c for c in cases if c.get("classname") == "unknown-event-type"), None)
    assert case is not None and case.find("failure") is None
    values = [p.get("value", "") for p in case.findall("properties/property[@name='violation']")]
    # The widget is sent a type its SDK has no handler for (step 2): a warning, not a failure.
    assert any(v.startswith("warning version.unsupported-type (step 2, seq ") for v in values), values
    out = case.find("system-out")
    assert out is not None and "protocol violations (" in (out.text or "")
    violations = passing_run.scenario("scenarios/unknown-event-type.yaml")["violations"]
    assert len(violations) == len(values)
    probe = next(v for v in violations if v["rule"] == "version.unsupported-type")
    assert (
        probe["severity"] == "warning" and probe["step"] == 2 and probe["seq"] > 0 and "CALLSIM_PROBE" in probe["text"]
    )


@pytest.mark.browser
def test_the_readme_scenario_passes_headless(passing_run: PassingRun) -> None:
    result = passing_run.result
    assert passing_run.scenario("readme-example.yaml")["status"] == "passed", result.stdout + result.stderr


def test_validate_accepts_the_built_in_library() -> None:
    result = callsim("validate", "scenarios/")
    assert result.returncode == 0, result.stdout + result.stderr


def test_help_explains_every_command() -> None:
    result = callsim("--help")
    assert result.returncode == 0
    for command in ("serve", "run", "validate"):
        assert command in result.stdout
    run_help = callsim("run", "--help").stdout
    assert "--junit" in run_help and "--strict" in run_help and "Exit status" in run_help


@pytest.mark.browser
def test_the_scenario_callsim_init_writes_passes_against_the_sample_widget(passing_run: PassingRun) -> None:
    result = passing_run.result
    (starter,) = [s for s in passing_run.report["scenarios"] if "/project/scenarios/" in s["path"]]
    assert starter["status"] == "passed", result.stdout + result.stderr
    assert "3 passed, 0 failed" in result.stdout
