"""The README's pytest example, copied as a new user would, drives the sample widget in a pytest run of its own."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.helpers.pytest_runs import QUIET

pytest_plugins = ["pytester"]
pytestmark = pytest.mark.browser

README = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")


def readme_example() -> str:
    """The ```python block of the README's "Testing a widget from pytest" section."""
    section = README.split("## Testing a widget from pytest", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```python\n(.*?)```", section, re.DOTALL)
    assert len(blocks) == 1, "the section has exactly one python example"
    return str(blocks[0])


def test_the_example_does_what_the_issue_asks() -> None:
    example = readme_example()
    for step in ('expect("INITIALIZED"', "click(", 'expect("LOGGED_IN")', "dial(", 'expect("OUTGOING_CALL_STARTED"'):
        assert step in example


def test_the_readme_example_passes_as_a_test_file_of_its_own(pytester: pytest.Pytester) -> None:
    pytester.path.joinpath("test_widget.py").write_text(readme_example(), encoding="utf-8")
    # Its own process and folder, as a widget team would run it; any warning fails the run.
    result = pytester.runpytest_subprocess("-W", "error", *QUIET, "-v")
    result.assert_outcomes(passed=1)
    result.stdout.fnmatch_lines(["*test_the_widget_places_an_outbound_call PASSED*"])


def test_a_failed_expect_reads_as_an_assertion_with_the_diff(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        test_fails="""
        def test_no_login(widget_session):
            widget_session.expect("INITIALIZED")
            widget_session.expect("LOGGED_IN", within=0.3)
        """
    )
    result = pytester.runpytest_subprocess(*QUIET)
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*ExpectationFailed: expected LOGGED_IN from the widget within 300ms*"])
