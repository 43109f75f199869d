"""`callsim run` and `callsim validate` as a user runs them: a subprocess, real Chromium, exit codes, reports."""

from __future__ import annotations

import json
import subprocess
import sys
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pytest

from tests.helpers.live_server import ROOT
from tests.helpers.scenario_text import with_shorter_wait
from tests.helpers.widget_origin import widget_origin


def callsim(*args: str, timeout: float = 240) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "simulator", *args], cwd=ROOT, capture_output=True, text=True, timeout=timeout
    )


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
def test_a_passed_runs_warnings_reach_junit_and_json(tmp_path: Path) -> None:
    junit, report = tmp_path / "junit.xml", tmp_path / "report.json"
    result = callsim("run", "scenarios/unknown-event-type.yaml", "--junit", str(junit), "--json", str(report))
    assert result.returncode == 0, result.stdout + result.stderr
    case = ElementTree.parse(junit).getroot().find(".//testcase")
    assert case is not None and case.find("failure") is None
    values = [p.get("value", "") for p in case.findall("properties/property[@name='violation']")]
    # The widget is sent a type its SDK has no handler for (step 2): a warning, not a failure.
    assert any(v.startswith("warning version.unsupported-type (step 2, seq ") for v in values), values
    out = case.find("system-out")
    assert out is not None and "protocol violations (" in (out.text or "")
    violations = json.loads(report.read_text())["scenarios"][0]["violations"]
    assert len(violations) == len(values)
    probe = next(v for v in violations if v["rule"] == "version.unsupported-type")
    assert (
        probe["severity"] == "warning" and probe["step"] == 2 and probe["seq"] > 0 and "CALLSIM_PROBE" in probe["text"]
    )


@pytest.mark.browser
def test_the_readme_scenario_passes_headless(tmp_path: Path) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    example = tmp_path / "readme-example.yaml"
    example.write_text(readme.split("```yaml\n", 1)[1].split("```", 1)[0])
    result = callsim("run", str(example))
    assert result.returncode == 0, result.stdout + result.stderr


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
def test_the_scenario_callsim_init_writes_passes_against_the_sample_widget(tmp_path: Path) -> None:
    assert callsim("init", str(tmp_path)).returncode == 0
    result = callsim("run", str(tmp_path / "scenarios"))  # no --widget: the built-in sample softphone
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 passed, 0 failed" in result.stdout
