"""`--shard K/N`: a deterministic share of the scenarios, so N CI runners together run each one exactly once."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from simulator.errors import CallsimError
from simulator.scenarios.model import Scenario

SHARD = re.compile(r"\s*(\d+)\s*/\s*(\d+)\s*")


@dataclass(frozen=True)
class Shard:
    index: int  # K, 1-based
    count: int  # N

    @classmethod
    def parse(cls, text: str) -> Shard:
        """`2/3` → Shard(2, 3); anything else (0/3, 4/3, 1/0, x) is a clear error."""
        match = SHARD.fullmatch(text)
        if match is None:
            raise CallsimError(f"--shard {text!r}: expected K/N, e.g. 1/2 (shard K of N, counting from 1)")
        index, count = int(match[1]), int(match[2])
        if count < 1 or not 1 <= index <= count:
            raise CallsimError(f"--shard {text}: K must be between 1 and N, and N at least 1")
        return cls(index, count)

    def positions(self, scenarios: Sequence[Scenario]) -> list[int]:
        """Where this shard's scenarios stand in the whole list: round-robin over them sorted by path and name."""
        ranked = sorted(range(len(scenarios)), key=lambda i: (str(scenarios[i].path), scenarios[i].name, i))
        return sorted(i for rank, i in enumerate(ranked) if rank % self.count == self.index - 1)

    def select(self, scenarios: Sequence[Scenario]) -> list[Scenario]:
        """This shard's scenarios, in their input order."""
        return [scenarios[i] for i in self.positions(scenarios)]

    def to_json(self, scenarios: Sequence[Scenario]) -> dict[str, Any]:
        """What a shard's JSON report says of it, so `callsim merge` can put the whole run back in order."""
        positions = self.positions(scenarios)
        return {"index": self.index, "count": self.count, "total": len(scenarios), "positions": positions}

    def __str__(self) -> str:
        return f"{self.index}/{self.count}"
