"""The pytest plugin stays out of the way until asked: no heavy imports, no YAML collected unless enabled."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers.pytest_runs import QUIET

pytest_plugins = ["pytester"]

ROOT = Path(__file__).resolve().parents[2]
HAPPY_PATH = ROOT / "scenarios" / "outbound-happy-path.yaml"
NOT_A_SCENARIO = "name: build\non: [push]\njobs: {}\n"


def collected(pytester: pytest.Pytester, *args: str) -> list[str]:
    result = pytester.runpytest("--collect-only", "-q", *QUIET, *args)
    return [line for line in result.outlines if "::" in line]


def test_importing_the_plugin_loads_neither_aiohttp_nor_playwright() -> None:
    code = (
        "import sys, simulator.testing.plugin\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'aiohttp', 'playwright', 'simulator.server'}))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True)
    assert result.stdout.strip() == "[]"


def test_the_plugin_is_registered_through_the_pytest11_entry_point(pytester: pytest.Pytester) -> None:
    result = pytester.runpytest("--help", *QUIET)
    result.stdout.fnmatch_lines(["*--callsim-scenarios*", "*--callsim-widget*"])


def test_yaml_is_not_collected_unless_enabled(pytester: pytest.Pytester) -> None:
    pytester.path.joinpath("happy.yaml").write_text(HAPPY_PATH.read_text(encoding="utf-8"), encoding="utf-8")
    pytester.path.joinpath("ci.yml").write_text(NOT_A_SCENARIO, encoding="utf-8")
    assert collected(pytester) == []
    assert collected(pytester, "--callsim-scenarios") == ["happy.yaml::Outbound call, happy path"]


def test_the_ini_option_enables_collection_too(pytester: pytest.Pytester) -> None:
    pytester.makeini("[pytest]\ncallsim_scenarios = true\n")
    pytester.path.joinpath("happy.yml").write_text(HAPPY_PATH.read_text(encoding="utf-8"), encoding="utf-8")
    assert collected(pytester) == ["happy.yml::Outbound call, happy path"]


def test_a_broken_scenario_is_a_collection_error_naming_the_line(pytester: pytest.Pytester) -> None:
    pytester.path.joinpath("broken.yaml").write_text("name: broken\nsteps:\n  - expectt: LOGGED_IN\n", encoding="utf-8")
    result = pytester.runpytest("--collect-only", *QUIET, "--callsim-scenarios")
    assert result.ret == pytest.ExitCode.INTERRUPTED
    result.stdout.fnmatch_lines(["*broken.yaml:3:*"])
    assert "Traceback" not in result.stdout.str()


def test_the_projects_own_suite_collects_no_yaml() -> None:
    # tests/fixtures holds scenario files for the project's tests; the plugin must not turn them into tests.
    # -n 0: the project's addopts start three xdist workers, each collecting on its own (6 s for no tests)
    command = [sys.executable, "-m", "pytest", "--collect-only", "-q", "-n", "0", "tests/fixtures"]
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert list((ROOT / "tests" / "fixtures").rglob("*.yaml")), "the fixtures hold scenario files"
    assert result.returncode == pytest.ExitCode.NO_TESTS_COLLECTED, result.stdout + result.stderr
