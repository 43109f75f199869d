"""What one scenario's headless run leaves behind, for the reports (JUnit, JSON, HTML) and `callsim audit`."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from simulator.reports.formats import Violation
from simulator.scenarios.results import ScenarioResult


@dataclass(frozen=True)
class ScenarioRun:
    """One scenario's result, its run's violations, its session log (JSON entries) and the record page's screenshots."""

    name: str
    path: str
    result: ScenarioResult
    violations: list[Violation] = field(default_factory=list)
    log: list[dict[str, Any]] = field(default_factory=list)  # session.log entries' to_json(), in seq order
    screenshot_end: bytes | None = None  # PNG of the whole record page when the scenario ended
    screenshot_failure: bytes | None = None  # PNG when it failed (today the same picture as the end's)
    # (lane, log) of every other page the scenario opened (`tab 2`, `window`, `tab 1` for the page tab 1 navigated
    # to), in the order they opened: the reports draw one lane per surface.
    surfaces: list[tuple[str, list[dict[str, Any]]]] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return self.result.status == "passed"
