"""Scenario files as pytest items: a shipped scenario passes; a failing one reports its steps, not a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers.pytest_runs import QUIET

pytest_plugins = ["pytester"]
pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
FAILING = """\
name: Signs in by itself
steps:
  - expect: INITIALIZED
  - expect: LOGGED_IN
    within: 300ms
"""


def test_scenario_files_pass_and_fail_as_tests(pytester: pytest.Pytester) -> None:
    # a short shipped scenario (0.2 s of widget time): the whole library passes in tests/headless/test_parallel.py
    shipped = (ROOT / "scenarios" / "widget-error-alert.yaml").read_text(encoding="utf-8")
    pytester.path.joinpath("widget-error-alert.yaml").write_text(shipped, encoding="utf-8")
    pytester.path.joinpath("signs-in-alone.yaml").write_text(FAILING, encoding="utf-8")
    result = pytester.runpytest_subprocess("--callsim-scenarios", "-W", "error", *QUIET, "-v")
    result.assert_outcomes(passed=1, failed=1)
    result.stdout.fnmatch_lines(
        [
            "*widget-error-alert.yaml::Widget reports an error PASSED*",
            "*scenario 'Signs in by itself' failed*",
            "*✓  1 expect INITIALIZED*",
            "*✗  2 expect LOGGED_IN*",
            "*expected LOGGED_IN from the widget within 300ms*",
        ]
    )
    assert "Traceback" not in result.stdout.str()
