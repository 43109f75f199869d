"""The README's pytest example (and any in docs/), copied as a new user would, drives the sample widget in a pytest run
of its own."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.helpers.pytest_runs import QUIET

pytest_plugins = ["pytester"]
pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text(encoding="utf-8")
PYTHON_BLOCK = re.compile(r"```python\n(.*?)```", re.DOTALL)


def readme_example() -> str:
    """The ```python block of the README's "Testing a widget from pytest" section."""
    section = README.split("## Testing a widget from pytest", 1)[1].split("\n## ", 1)[0]
    blocks = PYTHON_BLOCK.findall(section)
    assert len(blocks) == 1, "the section has exactly one python example"
    return str(blocks[0])


def docs_examples() -> dict[str, str]:
    """The ```python blocks of docs/*.md that are test files of their own, as the README's is (a `def test_...`),
    by "docs/page.md#n" (the page's n-th python block)."""
    found = {}
    for path in sorted((ROOT / "docs").glob("*.md")):
        for n, block in enumerate(PYTHON_BLOCK.findall(path.read_text(encoding="utf-8")), 1):
            if re.search(r"^(async )?def test_", block, re.MULTILINE):
                found[f"docs/{path.name}#{n}"] = str(block)
    return found


def test_the_example_does_what_the_issue_asks() -> None:
    example = readme_example()
    for step in ('expect("INITIALIZED"', "click(", 'expect("LOGGED_IN")', "dial(", 'expect("OUTGOING_CALL_STARTED"'):
        assert step in example


FAILING = """\
def test_no_login(widget_session):
    widget_session.expect("INITIALIZED")
    widget_session.expect("LOGGED_IN", within=0.3)
"""


@pytest.mark.parametrize("source", ["README.md", *docs_examples()])
def test_the_example_passes_as_a_test_file_of_its_own(pytester: pytest.Pytester, source: str) -> None:
    """The README's run also holds a test that fails (test_fails.py, collected first): a failed expect reads as an
    assertion with callsim's diff, and the example after it still passes (one widget project's run, not two)."""
    example = readme_example() if source == "README.md" else docs_examples()[source]
    pytester.path.joinpath("test_widget.py").write_text(example, encoding="utf-8")
    if source == "README.md":
        pytester.path.joinpath("test_fails.py").write_text(FAILING, encoding="utf-8")
    # Its own process and folder, as a widget team would run it; any warning fails the run.
    result = pytester.runpytest_subprocess("-W", "error", *QUIET, "-v")
    if source == "README.md":
        result.assert_outcomes(passed=1, failed=1)
        result.stdout.fnmatch_lines(
            ["*test_fails.py::test_no_login FAILED*", "*test_the_widget_places_an_outbound_call PASSED*"]
        )
        # a failed expect reads as an assertion with the diff
        result.stdout.fnmatch_lines(["*ExpectationFailed: expected LOGGED_IN from the widget within 300ms*"])
    else:
        outcomes = result.parseoutcomes()
        assert outcomes.get("passed", 0) >= 1 and set(outcomes) == {"passed"}, result.stdout.str()
