"""What playing a scenario gives: each step's result and the scenario's, as reports and the control API show them."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

StepStatus = Literal["passed", "failed", "skipped"]
ScenarioStatus = Literal["passed", "failed", "error"]


@dataclass(frozen=True)
class StepResult:
    index: int
    line: int
    description: str
    status: StepStatus
    duration_s: float
    detail: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "index": self.index,
            "line": self.line,
            "description": self.description,
            "status": self.status,
            "duration_s": round(self.duration_s, 4),
            "detail": self.detail,
        }


@dataclass(frozen=True)
class ScenarioResult:
    name: str
    path: str
    status: ScenarioStatus
    steps: tuple[StepResult, ...]
    duration_s: float
    error: str | None = None
    variables: Mapping[str, Any] = field(default_factory=dict)

    @property
    def failed_step(self) -> StepResult | None:
        return next((step for step in self.steps if step.status == "failed"), None)

    def count(self, status: StepStatus) -> int:
        return sum(1 for step in self.steps if step.status == status)

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "path": self.path,
            "status": self.status,
            "duration_s": round(self.duration_s, 4),
            "error": self.error,
            "variables": dict(self.variables),
            "steps": [step.to_json() for step in self.steps],
        }
