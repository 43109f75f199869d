"""`callsim init [DIR]`: a `scenarios/` folder in a widget's own repository, ready to run and to edit."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from simulator.errors import CallsimError
from simulator.scenarios.files import SCHEMA_PATH

STARTER_DIR = Path(__file__).with_name("starter")
STARTER_SCENARIO = "outbound-call.yaml"


@dataclass(frozen=True)
class Scaffold:
    folder: Path  # the scenarios/ folder written
    files: tuple[Path, ...]  # what was written in it, in order


def _starter_scenario(widget: str | None) -> str:
    text = (STARTER_DIR / STARTER_SCENARIO).read_text(encoding="utf-8")
    line = f"widget: {widget}" if widget else "# widget: http://localhost:3000/   # your widget's page; or --widget URL"
    return text.replace("WIDGET_LINE", line)


def _ci_readme(widget: str | None) -> str:
    text = (STARTER_DIR / "README.md").read_text(encoding="utf-8")
    return text.replace("WIDGET_URL", widget or "http://localhost:3000/")


def scaffold(repository: Path, widget: str | None = None, force: bool = False) -> Scaffold:
    """Write `repository/scenarios/` with a starter scenario, the JSON Schema beside it and a README with a CI
    snippet; refuse to overwrite any of them unless `force`."""
    if repository.exists() and not repository.is_dir():
        raise CallsimError(f"{repository}: not a folder")
    folder = repository / "scenarios"
    contents = {
        folder / STARTER_SCENARIO: _starter_scenario(widget),
        folder / SCHEMA_PATH.name: SCHEMA_PATH.read_text(encoding="utf-8"),
        folder / "README.md": _ci_readme(widget),
    }
    existing = [path for path in contents if path.exists()]
    if existing and not force:
        names = ", ".join(str(path) for path in existing)
        raise CallsimError(f"{names}: already there; nothing was written (--force overwrites)")
    folder.mkdir(parents=True, exist_ok=True)
    for path, text in contents.items():
        path.write_text(text, encoding="utf-8")
    return Scaffold(folder, tuple(contents))
