"""The pytest plugin (entry point `pytest11: callsim`): the `callsim` and `widget_session` fixtures, and scenario
files collected as tests when asked for (--callsim-scenarios or `callsim_scenarios = true`).

Loaded in every pytest run once callsim is installed, so it imports only pytest here; callsim, aiohttp and
Playwright load when a fixture or a scenario item is first used.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from simulator.testing.api import Callsim, WidgetSession

SUFFIXES = (".yaml", ".yml")
# Only YAML with a top-level `steps:` is a scenario; other YAML (CI configs, CRM fixtures) is left alone.
STEPS_KEY = re.compile(r"^steps\s*:", re.MULTILINE)


class _Shared:
    """The one Callsim of a pytest run, started on first use and stopped when the run ends."""

    def __init__(self, config: pytest.Config) -> None:
        self.config = config
        self.instance: Callsim | None = None

    def get(self) -> Callsim:
        if self.instance is None:
            from simulator.testing.api import Callsim

            option = self.config.getoption
            widget = option("callsim_widget") or self.config.getini("callsim_widget") or None
            self.instance = Callsim(
                widget_url=widget, browser=option("callsim_browser"), headed=option("callsim_headed")
            )
            self.instance.start()
        return self.instance

    def stop(self) -> None:
        if self.instance is not None:
            self.instance.stop()
            self.instance = None


SHARED = pytest.StashKey[_Shared]()


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("callsim", "callsim (HubSpot calling host simulator)")
    group.addoption(
        "--callsim-scenarios",
        action="store_true",
        default=False,
        help="collect callsim scenario files (*.yaml / *.yml with a top-level `steps:`) as tests",
    )
    group.addoption("--callsim-widget", default=None, help="the widget URL sessions open (default: the sample widget)")
    group.addoption("--callsim-browser", default=None, help="the Chromium-family browser to launch")
    group.addoption("--callsim-headed", action="store_true", default=False, help="show the browser window")
    parser.addini("callsim_scenarios", "collect callsim scenario files as tests", type="bool", default=False)
    parser.addini("callsim_widget", "the widget URL sessions open (default: the sample widget)", default="")


def pytest_configure(config: pytest.Config) -> None:
    config.stash[SHARED] = _Shared(config)


def pytest_unconfigure(config: pytest.Config) -> None:
    shared = config.stash.get(SHARED, None)
    if shared is not None:
        shared.stop()


@pytest.fixture(scope="session")
def callsim(pytestconfig: pytest.Config) -> Callsim:
    """A callsim server and a headless Chromium, shared by the whole test run."""
    return pytestconfig.stash[SHARED].get()


@pytest.fixture
def widget_session(callsim: Callsim) -> Iterator[WidgetSession]:
    """A fresh record page with the widget in it (--callsim-widget, else the sample widget), closed after the test."""
    session = callsim.open_session()
    yield session
    session.close()


def _enabled(config: pytest.Config) -> bool:
    return bool(config.getoption("callsim_scenarios") or config.getini("callsim_scenarios"))


def pytest_collect_file(file_path: Path, parent: pytest.Collector) -> pytest.Collector | None:
    if file_path.suffix not in SUFFIXES or not _enabled(parent.config):
        return None
    try:
        text = file_path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    if not STEPS_KEY.search(text):
        return None
    return ScenarioFile.from_parent(parent, path=file_path)


class ScenarioFile(pytest.File):
    """One scenario file: one test, or a collection error naming file:line:col."""

    def collect(self) -> Iterator[pytest.Item]:
        from simulator.errors import ScenarioError
        from simulator.scenarios.files import load_scenario

        try:
            scenario = load_scenario(self.path)
        except ScenarioError as error:
            raise self.CollectError("\n".join(str(e) for e in error.errors)) from None
        yield ScenarioItem.from_parent(self, name=scenario.name, scenario=scenario)


class ScenarioFailed(Exception):
    """A scenario that did not pass; the message is its step report."""


class ScenarioItem(pytest.Item):
    """A scenario played headless on its own session of the run's Callsim."""

    def __init__(self, *, scenario: Any, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.scenario = scenario

    def runtest(self) -> None:
        run = self.config.stash[SHARED].get().run_scenario(self.scenario)
        for violation in run.violations:
            self.user_properties.append(("violation", violation.line()))
        if not run.passed:
            raise ScenarioFailed(_report(run))

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None) -> str:
        if isinstance(excinfo.value, ScenarioFailed):
            return str(excinfo.value)
        from simulator.errors import CallsimError

        if isinstance(excinfo.value, CallsimError):  # no browser, a port: the message says what to do
            return f"callsim: {excinfo.value}"
        return str(super().repr_failure(excinfo))

    def reportinfo(self) -> tuple[Path, int, str]:
        return self.path, 0, f"scenario: {self.name}"


def _report(run: Any) -> str:
    """The scenario's steps as `callsim run` prints them, the failed step's detail, and the violations."""
    result = run.result
    marks = {"passed": "✓", "failed": "✗", "skipped": "-"}
    lines = [f"scenario {result.name!r} {result.status} ({result.path})"]
    for step in result.steps:
        lines.append(f"  {marks.get(step.status, '?')} {step.index:>2} {step.description}  (line {step.line})")
        if step.status == "failed" and step.detail:
            lines += [f"       {line}" for line in step.detail.splitlines()]
    if result.error:
        lines += [f"  {line}" for line in result.error.splitlines()]
    lines += [f"  ⚠ {violation.line()}" for violation in run.violations]
    return "\n".join(lines)
