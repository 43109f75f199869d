"""`callsim audit`'s options: AuditOptions and the parser lines (kept out of cli.py, which is full).

Imports nothing heavy: the shell builds its parser from this on every start.
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass
from pathlib import Path

from simulator.paths import SCENARIOS_DIR

DEFAULT_SIGN_IN = '[data-action="sign-in"]'


@dataclass(frozen=True)
class AuditOptions:
    widget: str | None  # None: the built-in sample softphone (`--widget sample`)
    scenarios: tuple[str, ...] = (str(SCENARIOS_DIR),)
    report: Path | None = None  # --report FILE.html: the scenario runs (simulator/headless/html_report.py)
    json: Path | None = None  # --json FILE: the checklist and the coverage table
    timeout: float = 120.0
    headed: bool = False
    browser: str | None = None
    data_dir: Path | None = None  # where recording settings (and the runs' engagements) are kept
    map_urls: tuple[str, ...] = ()
    refuse_self_signed: bool = False
    sign_in: str | None = DEFAULT_SIGN_IN  # the probe's sign-in button; None: send to the widget as it starts
    reaction_s: float = 1.0  # how long the probe waits for the widget's reaction to each event
    workers: int | None = None


def add_audit_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    audit = commands.add_parser(
        "audit",
        help="readiness checklist and event coverage of a widget",
        description="Run the built-in scenarios against the widget in strict mode, send it every host event, "
        "and print a readiness checklist (each item with what to fix) and an event-coverage table. "
        "Exit status: 0 ready, 1 not ready, 2 bad input.",
    )
    audit.add_argument(
        "--widget", metavar="URL", required=True, help="the widget page to audit; `sample` for the built-in softphone"
    )
    audit.add_argument(
        "--scenarios", metavar="DIR", action="append", help="scenarios to run instead of the built-in library"
    )
    audit.add_argument("--report", metavar="FILE.html", type=Path, help="write the scenario runs as an HTML report")
    audit.add_argument("--json", metavar="FILE", type=Path, help="write the checklist and coverage table as JSON")
    audit.add_argument(
        "--sign-in",
        metavar="SELECTOR",
        default=DEFAULT_SIGN_IN,
        help="the widget's sign-in button the coverage probe clicks (default %(default)s; '' to not sign in)",
    )
    audit.add_argument(
        "--data-dir", metavar="DIR", type=Path, help="use the app (recording) settings kept here; default: in memory"
    )
    audit.add_argument("--timeout", metavar="S", type=float, default=120.0, help="longest one scenario may run")
    audit.add_argument("--browser", metavar="PATH", help="Chrome/Chromium to use (as `callsim run --browser`)")
    audit.add_argument("--headed", action="store_true", help="show the browser window")
    audit.add_argument("--map-url", metavar="PREFIX=DIR_OR_PACKAGE", action="append", default=[], help="as in run")
    audit.add_argument("--refuse-self-signed", action="store_true", help="as in run")


def audit_options(args: argparse.Namespace) -> AuditOptions:
    return AuditOptions(
        None if args.widget == "sample" else args.widget,
        tuple(map(str, args.scenarios)) if args.scenarios else AuditOptions.scenarios,
        report=args.report,
        json=args.json,
        timeout=args.timeout,
        headed=args.headed,
        browser=args.browser,
        data_dir=args.data_dir,
        map_urls=tuple(args.map_url),
        refuse_self_signed=args.refuse_self_signed,
        sign_in=args.sign_in or None,
    )
