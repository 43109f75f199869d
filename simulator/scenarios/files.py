"""Finding and reading scenario files: directories expanded, unreadable files reported as ScenarioErrors."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from simulator.errors import ScenarioError
from simulator.scenarios.model import Scenario
from simulator.scenarios.parser import parse_scenario

SCHEMA_PATH = Path(__file__).resolve().parent / "schema" / "scenario.schema.json"


def read_text(path: Path) -> tuple[str | None, ScenarioError | None]:
    """A file's text, or the ScenarioError saying why it cannot be read."""
    try:
        return path.read_text(encoding="utf-8"), None
    except FileNotFoundError:
        return None, ScenarioError(str(path), 0, 0, None, "no such file or directory")
    except UnicodeDecodeError as exc:
        return None, ScenarioError(str(path), 0, 0, None, f"not UTF-8 text ({exc.reason} at byte {exc.start})")
    except OSError as exc:
        return None, ScenarioError(str(path), 0, 0, None, f"cannot read: {exc.strerror or exc}")


def load_scenario(path: str | Path) -> Scenario:
    """Read one scenario file; raises its first ScenarioError (all of them in `.errors`)."""
    text, error = read_text(Path(path))
    if error is not None:
        raise error
    assert text is not None
    scenario, errors = parse_scenario(text, str(path))
    if errors:
        errors[0].errors = errors
        raise errors[0]
    assert scenario is not None
    return scenario


def scenario_files(paths: Iterable[str | Path]) -> tuple[list[Path], list[ScenarioError]]:
    """Files as given, directories expanded to their `*.yaml` / `*.yml` (sorted, not recursive)."""
    files: list[Path] = []
    errors: list[ScenarioError] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = sorted(p for p in path.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file())
            if not found:
                errors.append(ScenarioError(str(path), 0, 0, None, "no *.yaml or *.yml files in this directory"))
            files += found
        elif path.exists():
            files.append(path)
        else:
            errors.append(ScenarioError(str(path), 0, 0, None, "no such file or directory"))
    return files, errors


def load_scenarios(paths: Iterable[str | Path]) -> tuple[list[Scenario], list[ScenarioError]]:
    """Every scenario in the given files and directories, and every error in all of them."""
    files, errors = scenario_files(paths)
    scenarios: list[Scenario] = []
    for file in files:
        text, error = read_text(file)
        if error is not None:
            errors.append(error)
            continue
        assert text is not None
        scenario, file_errors = parse_scenario(text, str(file))
        errors += file_errors
        if scenario is not None:
            scenarios.append(scenario)
    return scenarios, errors
