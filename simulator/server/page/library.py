"""The page player's scenarios as last seen valid: a broken edit keeps the old version until the file is fixed."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from aiohttp import web

from simulator.errors import ScenarioError
from simulator.scenarios.files import read_text
from simulator.scenarios.model import Scenario
from simulator.scenarios.parser import parse_scenario

SUFFIXES = (".yaml", ".yml")


@dataclass
class _Entry:
    digest: str = ""
    scenario: Scenario | None = None  # the last valid version
    errors: list[str] = field(default_factory=list)  # the file as it is now, when it is broken


class ScenarioLibrary:
    """Scenario files of one folder, re-read by `refresh()`; only files whose text changed are parsed again."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._entries: dict[str, _Entry] = {}
        self.refresh()

    def refresh(self) -> list[str]:
        """Re-read the folder; one line per file that was added, changed, fixed, broken or removed."""
        found = sorted(p for p in self.folder.glob("*") if p.suffix in SUFFIXES and p.is_file())
        report: list[str] = []
        for name in sorted(set(self._entries) - {p.name for p in found}):
            del self._entries[name]
            report.append(f"scenario {name}: removed")
        for path in found:
            text, error = read_text(path)
            digest = hashlib.sha256((text or str(error)).encode()).hexdigest()
            entry = self._entries.get(path.name)
            if entry is not None and entry.digest == digest:
                continue
            is_new = entry is None
            entry = entry or _Entry()
            entry.digest = digest
            self._entries[path.name] = entry
            errors: list[ScenarioError] = [error] if error is not None else []
            scenario = None
            if text is not None:
                scenario, errors = parse_scenario(text, str(path))
            if errors:
                entry.errors = [str(e) for e in errors]
                kept = "; the last valid version stays in use" if entry.scenario is not None else ""
                report.append(f"scenario {path.name}: {len(errors)} error(s){kept}")
                report += [f"  {line}" for line in entry.errors]
            else:
                was_broken = bool(entry.errors)
                entry.scenario, entry.errors = scenario, []
                what = "added" if is_new else "valid again" if was_broken else "updated"
                report.append(f"scenario {path.name}: {what}")
        return report

    def names(self) -> list[str]:
        """Files the player can run (a valid version exists)."""
        return sorted(name for name, entry in self._entries.items() if entry.scenario is not None)

    def get(self, name: str) -> Scenario | None:
        """The last valid version of a file, if it ever was valid."""
        entry = self._entries.get(name)
        return entry.scenario if entry else None

    def listing(self) -> dict[str, Any]:
        """What /api/scenarios and the page's list show: runnable scenarios, and every file's current errors."""
        listed = []
        for name in self.names():
            entry = self._entries[name]
            scenario = entry.scenario
            assert scenario is not None
            listed.append(
                {
                    "file": name,
                    "name": scenario.name,
                    "description": scenario.description,
                    "steps": len(scenario.steps),
                    "stale": bool(entry.errors),  # the file is broken now; this is its last valid version
                }
            )
        errors = [line for name in sorted(self._entries) for line in self._entries[name].errors]
        return {"scenarios": listed, "errors": errors}


LIBRARY = web.AppKey("scenario_library", ScenarioLibrary)
