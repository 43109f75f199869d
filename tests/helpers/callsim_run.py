"""`callsim run` as a user runs it: a subprocess of this interpreter in the project's root, its output kept."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]


def callsim_run(*args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "simulator", "run", *args]
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=timeout)


def replay_passes(path: Path, report: Path, context: str = "") -> dict[str, Any]:
    """Play the scenario file headless; assert it passed (`context`, e.g. the file's text, goes with a failure)."""
    result = callsim_run(str(path), "--json", str(report))
    assert result.returncode == 0, context + result.stdout + result.stderr
    played: dict[str, Any] = json.loads(report.read_text())
    return played
