"""`callsim demo`: which `callsim serve` to start and which demo page to open for a scenario name or path."""

from __future__ import annotations

import argparse
from pathlib import Path
from urllib.parse import urlencode

from simulator.errors import CallsimError
from simulator.paths import SCENARIOS_DIR
from simulator.settings import DEFAULT_PORT


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
    scenario: str | None, widget: str | None, port: int | None, open_page: bool
) -> tuple[list[str], str]:
    """The `callsim serve` arguments and the page query (`?demo=1&scenario=FILE`) for `callsim demo`."""
    argv = ["serve", "--quiet"]
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


def add_demo_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    demo = commands.add_parser(
        "demo",
        help="present a scenario step by step with plain-words captions",
        description="Serve the record page and open it in demo mode (/?demo=1): no developer panels, the scenario "
        "one step per Next (→ or Space), Back (←) to show a step again, captions for what HubSpot and the widget did.",
    )
    demo.add_argument("scenario", nargs="?", help="a scenario file (path, or a name from the built-in library)")
    demo.add_argument("--widget", metavar="URL", help="your widget's page; default: the built-in sample softphone")
    demo.add_argument("--port", type=int, help=f"record page port (default {DEFAULT_PORT})")
    demo.add_argument("--no-open", action="store_true", help="print the demo page's URL instead of opening it")


def demo_serve_namespace(args: argparse.Namespace, parser: argparse.ArgumentParser) -> argparse.Namespace:
    """`callsim demo ...` as the `callsim serve ...` it stands for, with the page to open in `demo_query`."""
    argv, query = demo_serve_args(args.scenario, args.widget, args.port, not args.no_open)
    serve = parser.parse_args(argv)
    serve.demo_query = query
    return serve
