"""`callsim run`'s terminal output: a block per scenario, written live (one worker) or whole when it ends."""

from __future__ import annotations

from typing import IO

from simulator.eventlog import LogEntry
from simulator.scenarios.model import Scenario
from simulator.scenarios.results import StepResult

MARKS = {"passed": "✓", "failed": "✗", "skipped": "-"}


class Progress:
    """One scenario's lines; `live` prints each at once, else they wait for `done()` so parallel blocks never mix."""

    def __init__(self, out: IO[str], index: int, total: int, scenario: Scenario, *, live: bool = True) -> None:
        self.out = out
        self.live = live
        self._lines: list[str] = []
        self._line(f"[{index}/{total}] {scenario.name}  ({scenario.path})")

    def _line(self, text: str) -> None:
        if self.live:
            print(text, file=self.out, flush=True)
        else:
            self._lines.append(text)

    def step(self, result: StepResult) -> None:
        mark = MARKS.get(result.status, "?")
        self._line(f"    {mark} {result.index:>2} {result.description}  {result.duration_s:.2f} s")

    def note(self, text: str) -> None:
        self._line(f"    ↳ {text}")

    def violations(self, entries: list[LogEntry]) -> None:
        for entry in entries:
            if entry.direction == "violation":
                self._line(f"    ⚠ {entry.rule} ({entry.severity}): {entry.text}")

    def done(self) -> None:
        """Print the buffered block (nothing left to print when live)."""
        if self._lines:
            print("\n".join(self._lines), file=self.out, flush=True)
            self._lines = []
