"""The browser's commands: `callsim run`, `callsim audit`, and `callsim merge` of their sharded reports."""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import importlib
from pathlib import Path
from typing import TYPE_CHECKING

from simulator.commands import Command
from simulator.server.commands import SERVE as SERVER_SERVE
from simulator.settings import SCENARIO_TIMEOUT_S, SIGN_IN_SELECTOR

if TYPE_CHECKING:
    from simulator.headless.run_options import RunOptions


def _browser_options(parser: argparse.ArgumentParser) -> None:
    """What `run` and `audit` share: the browser, the offline CDN, certificates, timeouts, the data dir."""
    parser.add_argument(
        "--timeout",
        metavar="S",
        type=float,
        default=SCENARIO_TIMEOUT_S,
        help="longest a single scenario may run, in seconds (default %(default)g)",
    )
    parser.add_argument("--headed", action="store_true", help="show the browser window")
    parser.add_argument(
        "--browser",
        metavar="PATH",
        help="Chrome/Chromium to use (default: $CALLSIM_BROWSER, Playwright's own Chromium, then the system's)",
    )
    parser.add_argument(
        "--map-url",
        metavar="PREFIX=DIR_OR_PACKAGE",
        action="append",
        default=[],
        help="answer URLs under PREFIX from a local folder or an installed npm package (repeatable), e.g. "
        "https://unpkg.com/react@18/umd/=react/umd/; the SDK's jsDelivr and unpkg URLs are always answered locally",
    )
    parser.add_argument(
        "--offline",
        action="store_true",
        help="answer every unpkg, jsDelivr and cdnjs URL whose package is installed in a node_modules folder (the "
        "scenarios' or the working folder's, or a parent's) from disk, the version resolved as npm would; "
        "a pinned version that is not installed is served by the same major's newest, said in the output; "
        "packages not installed still go to the network",
    )
    parser.add_argument(
        "--refuse-self-signed",
        action="store_true",
        help="refuse widget pages on localhost whose certificate is self-signed (default: accept them, as a "
        "developer clicking through the warning would)",
    )


def configure_run(run: argparse.ArgumentParser) -> None:
    run.add_argument("paths", nargs="+", metavar="SCENARIO_OR_DIR", help="scenario files or folders of *.yaml")
    run.add_argument(
        "--widget",
        metavar="URL",
        help="run against this widget page (default: the scenario's `widget:`, else the built-in sample widget)",
    )
    run.add_argument("--junit", metavar="FILE", type=Path, help="write JUnit XML (for CI servers)")
    run.add_argument("--json", metavar="FILE", type=Path, help="write a JSON report")
    run.add_argument("--report", metavar="FILE.html", type=Path, help="write an HTML report")
    run.add_argument(
        "--workers",
        metavar="N",
        type=int,
        help="play N scenarios at once, each on its own page (default: the cores, at most 4)",
    )
    run.add_argument(
        "--server",
        metavar="URL",
        help="play on a running `callsim serve` at URL (e.g. http://127.0.0.1:8000) with its warm browser instead "
        "of starting a server and a browser for this run: the same output, reports and exit status, in a "
        "fraction of the time; its engagements land in that server's CRM",
    )
    run.add_argument(
        "--fresh-contexts",
        action="store_true",
        help="a new browser context for every scenario (default: each worker reuses one page, its storage, "
        "cookies and popups wiped between scenarios, and a new context after any scenario that did not pass)",
    )
    run.add_argument(
        "--shard", metavar="K/N", help="run only shard K of N (the scenarios sorted by path, dealt round-robin)"
    )
    run.add_argument(
        "--strict",
        action="store_true",
        help="fail a scenario on any protocol error the validator finds, even when its steps pass",
    )
    run.add_argument("--log", metavar="FILE", type=Path, help="append every message as JSON lines")
    run.add_argument(
        "--data-dir",
        metavar="DIR",
        type=Path,
        help="keep what the run stores in DIR and start from what is there (default: fresh, in memory)",
    )
    _browser_options(run)


def run_run(args: argparse.Namespace) -> int:
    if args.server:
        from simulator.headless.remote_client import run_remote_command

        return run_remote_command(args.server, _run_options(args))
    return asyncio.run(_run_here(args))


def _run_options(args: argparse.Namespace) -> RunOptions:
    from simulator.headless.run_options import RunOptions
    from simulator.reports.shard import Shard

    return RunOptions(
        args.paths,
        args.widget,
        args.junit,
        args.json,
        args.timeout,
        args.headed,
        args.strict,
        args.browser,
        args.log,
        data_dir=args.data_dir,
        map_urls=tuple(args.map_url),
        offline=args.offline,
        refuse_self_signed=args.refuse_self_signed,
        report=args.report,
        workers=args.workers,
        fresh_contexts=args.fresh_contexts,
        shard=Shard.parse(args.shard) if args.shard else None,
        screenshots=args.report is not None,  # only the HTML report shows them; they cost CPU
    )


async def _run_here(args: argparse.Namespace) -> int:
    """A run with a server and browser of its own. Chromium starts first; meanwhile a thread imports the
    scenario parser, reads the files and imports the server's modules, so the two overlap (early_browser.py)."""
    from simulator.headless.browser import launch_options
    from simulator.headless.early_browser import discard, start_browser_soon

    starting = start_browser_soon(launch_options(args.browser, headless=not args.headed))
    try:
        options = await asyncio.to_thread(_read_scenarios, args)  # a mistake in a file cuts the browser's start short
        run = await asyncio.to_thread(importlib.import_module, "simulator.headless.run")
        return int(await run.run_command(options, starting=starting))
    finally:
        await discard(starting)


def _read_scenarios(args: argparse.Namespace) -> RunOptions:
    from simulator.headless.run_options import load_all

    options = _run_options(args)
    load_all(options)
    return options


RUN = Command(
    "run",
    "play scenarios headless and report",
    "Start callsim and a headless Chromium, play each scenario against the widget on a fresh record page, print "
    "progress and a summary. Exit status: 0 all passed, 1 any failed, 2 bad input.",
    configure_run,
    run_run,
    (("callsim run scenarios/", "play YAML scenarios headless; exit 0 when all pass"),),
)


def configure_audit(audit: argparse.ArgumentParser) -> None:
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
        default=SIGN_IN_SELECTOR,
        help="the widget's sign-in button the coverage probe clicks (default %(default)s; '' to not sign in)",
    )
    audit.add_argument(
        "--data-dir", metavar="DIR", type=Path, help="use the app (recording) settings kept here; default: in memory"
    )
    _browser_options(audit)


def run_audit(args: argparse.Namespace) -> int:
    from simulator.headless.audit import AuditOptions, audit_command

    options = AuditOptions(
        None if args.widget == "sample" else args.widget,
        tuple(map(str, args.scenarios)) if args.scenarios else AuditOptions.scenarios,
        report=args.report,
        json=args.json,
        timeout=args.timeout,
        headed=args.headed,
        browser=args.browser,
        data_dir=args.data_dir,
        map_urls=tuple(args.map_url),
        offline=args.offline,
        refuse_self_signed=args.refuse_self_signed,
        sign_in=args.sign_in or None,
    )
    return asyncio.run(audit_command(options))


AUDIT = Command(
    "audit",
    "readiness checklist and event coverage of a widget",
    "Run the built-in scenarios against the widget in strict mode, send it every host event, and print a readiness "
    "checklist (each item with what to fix) and an event-coverage table. Exit status: 0 ready, 1 not ready, "
    "2 bad input.",
    configure_audit,
    run_audit,
    (("callsim audit --widget URL", "readiness checklist and event coverage before a marketplace listing"),),
)


def configure_merge(merge: argparse.ArgumentParser) -> None:
    merge.add_argument("reports", nargs="+", metavar="REPORT.json", type=Path, help="JSON reports of callsim run")
    merge.add_argument("--json", metavar="FILE", type=Path, help="write the merged JSON report")
    merge.add_argument("--junit", metavar="FILE", type=Path, help="write JUnit XML")
    merge.add_argument("--report", metavar="FILE.html", type=Path, help="write an HTML report")


def run_merge(args: argparse.Namespace) -> int:
    from simulator.reports.merge import merge_command

    return merge_command(args.reports, args.junit, args.json, args.report)


MERGE = Command(
    "merge",
    "join the JSON reports of sharded runs",
    "Join the JSON reports of `callsim run --shard K/N --json FILE` runs into one report, in the unsharded run's "
    "order. Exit status: 0 all passed, 1 any failed, 2 bad input.",
    configure_merge,
    run_merge,
    (("callsim merge A.json B.json", "join the JSON reports of --shard runs into one report"),),
)


def run_serve_with_runs(args: argparse.Namespace) -> int:
    """`callsim serve`, which also plays `callsim run --server` requests on a warm browser (remote.py)."""
    from simulator.headless.remote import WarmRuns
    from simulator.server.commands import run_serve

    return run_serve(args, extensions=(WarmRuns(),))


# The server layer's `serve`, with the headless layer's warm runs added (the server cannot import a browser).
SERVE = dataclasses.replace(
    SERVER_SERVE,
    run=run_serve_with_runs,
    description=SERVER_SERVE.description + " `callsim run --server URL` plays scenarios on it, with a headless browser "
    "it keeps warm (started on the first such run).",
)
