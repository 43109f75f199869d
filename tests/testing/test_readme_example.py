"""The README's pytest example (and any in docs/), copied as a new user would, drives the sample widget in a pytest run
of its own; scenario files in the same run are pytest items."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.helpers.pytest_runs import QUIET, run_pytest

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
FAILING_SCENARIO = """\
name: Signs in by itself
steps:
  - expect: INITIALIZED
  - expect: LOGGED_IN
    within: 300ms
"""


@pytest.fixture(scope="module")
def widget_project(tmp_path_factory: pytest.TempPathFactory) -> pytest.RunResult:
    """One widget project's pytest run, in its own process and folder as a widget team would run it (any warning
    fails the run): the README's example beside a test that fails (test_fails.py, collected first), and scenario
    files collected as items, one shipped that passes and one that fails. One run, one server and one Chromium,
    read by the README's test and the scenario items' test below."""
    folder = tmp_path_factory.mktemp("widget_project")
    folder.joinpath("test_widget.py").write_text(readme_example(), encoding="utf-8")
    folder.joinpath("test_fails.py").write_text(FAILING, encoding="utf-8")
    # a short shipped scenario (0.2 s of widget time): the whole library passes in tests/headless/test_parallel.py
    shipped = (ROOT / "scenarios" / "widget-error-alert.yaml").read_text(encoding="utf-8")
    folder.joinpath("widget-error-alert.yaml").write_text(shipped, encoding="utf-8")
    folder.joinpath("signs-in-alone.yaml").write_text(FAILING_SCENARIO, encoding="utf-8")
    for source, example in docs_examples().items():  # docs/ pages' test files, each a file of its own
        folder.joinpath(_docs_file(source)).write_text(example, encoding="utf-8")
    result = run_pytest(folder, "--callsim-scenarios", "-W", "error", *QUIET, "-v")
    outcomes = result.parseoutcomes()
    # the README's example and the shipped scenario pass (and every docs example's tests); nothing else fails
    assert outcomes.get("failed") == 2 and outcomes.get("passed", 0) >= 2 + len(docs_examples()), result.stdout.str()
    assert set(outcomes) == {"passed", "failed"}, result.stdout.str()
    return result


def _docs_file(source: str) -> str:
    """The test file a docs example is written to: "docs/page.md#2" -> test_docs_page_2.py."""
    page, n = source.removeprefix("docs/").split("#")
    return f"test_docs_{Path(page).stem.replace('-', '_')}_{n}.py"


def test_the_readme_example_passes_as_a_test_file_of_its_own(widget_project: pytest.RunResult) -> None:
    """A failed expect reads as an assertion with callsim's diff, and the example after it still passes."""
    widget_project.stdout.fnmatch_lines(
        ["*test_fails.py::test_no_login FAILED*", "*test_widget.py::test_the_widget_places_an_outbound_call PASSED*"]
    )
    # a failed expect reads as an assertion with the diff
    widget_project.stdout.fnmatch_lines(["*ExpectationFailed: expected LOGGED_IN from the widget within 300ms*"])
    for source in docs_examples():  # each docs example passes as a test file of its own too
        ran = [line for line in widget_project.outlines if line.startswith(f"{_docs_file(source)}::")]
        assert ran and all(line.split()[1] == "PASSED" for line in ran), (source, widget_project.stdout.str())


def test_scenario_files_pass_and_fail_as_tests(widget_project: pytest.RunResult) -> None:
    """Scenario files as pytest items: a shipped scenario passes; a failing one reports its steps, not a
    traceback."""
    widget_project.stdout.fnmatch_lines(
        [
            "*widget-error-alert.yaml::Widget reports an error PASSED*",
            "*scenario 'Signs in by itself' failed*",
            "*✓  1 expect INITIALIZED*",
            "*✗  2 expect LOGGED_IN*",
            "*expected LOGGED_IN from the widget within 300ms*",
        ]
    )
    assert "Traceback" not in widget_project.stdout.str()
