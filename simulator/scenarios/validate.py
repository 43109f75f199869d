"""`callsim validate FILE...`: check scenario files, one line per error, never a traceback."""

from __future__ import annotations

import sys
from typing import TextIO

from simulator.errors import ScenarioError
from simulator.scenarios.files import read_text, scenario_files
from simulator.scenarios.parser import parse_scenario


def validate_command(paths: list[str], out: TextIO = sys.stdout, err: TextIO = sys.stderr) -> int:
    """Print each error as `file:line:col: step N: message`, then a summary; 0 when all valid, else 2."""
    if not paths:
        print("callsim validate: give one or more scenario files or directories", file=err)
        return 2
    files, errors = scenario_files(paths)
    for file in files:
        text, error = read_text(file)
        file_errors: list[ScenarioError] = [error] if error else parse_scenario(text or "", str(file))[1]
        errors += file_errors
    for error in errors:
        print(error, file=out)
    if errors:
        bad = len({error.path for error in errors})
        print(f"{len(errors)} error{'s' * (len(errors) != 1)} in {bad} file{'s' * (bad != 1)}", file=out)
        return 2
    print(f"{len(files)} file{'s' * (len(files) != 1)} OK", file=out)
    return 0
