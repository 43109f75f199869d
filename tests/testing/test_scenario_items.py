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
    happy = (ROOT / "scenarios" / "outbound-happy-path.yaml").read_text(encoding="utf-8")
    pytester.path.joinpath("outbound-happy-path.yaml").write_text(happy, encoding="utf-8")
    pytester.path.joinpath("signs-in-alone.yaml").write_text(FAILING, encoding="utf-8")
    result = pytester.runpytest_subprocess("--callsim-scenarios", "-W", "error", *QUIET, "-v")
    result.assert_outcomes(passed=1, failed=1)
    result.stdout.fnmatch_lines(
        [
            "*outbound-happy-path.yaml::Outbound call, happy path PASSED*",
            "*scenario 'Signs in by itself' failed*",
            "*✓  1 expect INITIALIZED*",
            "*✗  2 expect LOGGED_IN*",
            "*expected LOGGED_IN from the widget within 300ms*",
        ]
    )
    assert "Traceback" not in result.stdout.str()
