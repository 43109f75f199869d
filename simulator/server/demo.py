"""`callsim demo`: which `callsim serve` to start and which demo page to open for a scenario name or path."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlencode

from simulator.errors import CallsimError
from simulator.paths import SCENARIOS_DIR


def _scenario(name: str) -> tuple[Path | None, str]:
    """(the folder to serve scenarios from, or None for the built-in library; the file name in it)."""
    path = Path(name)
    if path.is_file():
        return path.resolve().parent, path.name
    for candidate in (name, f"{name}.yaml", f"{name}.yml"):
        if (SCENARIOS_DIR / candidate).is_file():
            return None, candidate
    known = ", ".join(sorted(p.stem for p in SCENARIOS_DIR.glob("*.y*ml")))
    raise CallsimError(f"no scenario {name!r}: give a file path or one of the built-in library: {known}")


def demo_serve_args(
    scenario: str | None, widget: str | None, port: int | None, open_page: bool, ephemeral: bool = False
) -> tuple[list[str], str]:
    """The `callsim serve` arguments and the page query (`?demo=1&scenario=FILE`) for `callsim demo`."""
    argv = ["serve", "--quiet", *(["--ephemeral"] if ephemeral else [])]
    query: dict[str, str] = {"demo": "1"}
    if scenario:
        folder, file_name = _scenario(scenario)
        if folder is not None:
            argv += ["--scenarios", str(folder)]
        query["scenario"] = file_name
    if widget:
        argv += ["--widget", widget]
    if port is not None:
        argv += ["--port", str(port)]
    if open_page:
        argv.append("--open")
    return argv, "?" + urlencode(query)
