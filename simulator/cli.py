"""callsim: a local stand-in for HubSpot's calling host, for Calling Extensions SDK widgets.

  callsim serve                     the mock record page with the built-in sample widget
  callsim serve --widget URL        ... with your widget in the call switcher
  callsim run scenarios/            play YAML scenarios headless; exit 0 when all pass
  callsim merge A.json B.json       join the JSON reports of --shard runs into one report
  callsim validate FILE...          check scenario files without running them
  callsim doctor URL                why a widget page would not handshake
  callsim demo [SCENARIO]           present a scenario step by step with captions (serve + the demo page)
  callsim audit --widget URL        readiness checklist and event coverage before a marketplace listing
  callsim rules                     the protocol rules the validator checks

Run `callsim COMMAND --help` for a command's options.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import sys
import traceback
import webbrowser
from collections.abc import Callable, Sequence
from pathlib import Path

from simulator.errors import CallsimError
from simulator.eventlog import LogEntry
from simulator.headless.audit_args import add_audit_parser, audit_options
from simulator.server.demo import add_demo_parser, demo_serve_namespace
from simulator.settings import DEFAULT_HOST, DEFAULT_PORT, Settings, rest_credentials

EXIT_USAGE = 2


def _serve_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    serve = commands.add_parser(
        "serve",
        help="run the mock HubSpot record page",
        description="Run the mock HubSpot record page with a calling widget in its call switcher. "
        "Every message between host and widget is shown in the page, printed here, and (with --log) "
        "appended to a JSON-lines file.",
    )
    serve.add_argument("--host", help=f"address to bind (default {DEFAULT_HOST}; only this machine can connect)")
    serve.add_argument(
        "--port",
        type=int,
        help=f"record page port (default {DEFAULT_PORT}); the sample widget is served on the next port, its own origin",
    )
    serve.add_argument(
        "--widget",
        metavar="URL",
        help="your widget's page (it must load the SDK); default: the built-in sample softphone",
    )
    serve.add_argument("--log", metavar="FILE", type=Path, help="append every message as one JSON object per line")
    serve.add_argument(
        "--fixtures", metavar="FILE", type=Path, help="contacts and companies YAML (default: the built-in set)"
    )
    serve.add_argument(
        "--scenarios",
        metavar="DIR",
        type=Path,
        help="scenarios the page's player offers (default: the built-in library)",
    )
    serve.add_argument(
        "--watch",
        metavar="DIR",
        type=Path,
        action="append",
        help="live reload: reload the widget when files below DIR change (repeatable)",
    )
    serve.add_argument(
        "--widget-dir",
        metavar="DIR",
        type=Path,
        help="serve this static widget folder on its own origin (two ports after the record page), first in the "
        "call switcher; the widget reloads when its files change",
    )
    serve.add_argument(
        "--https",
        action="store_true",
        help="serve over HTTPS with a local certificate authority made once (its path and how to trust it are printed)",
    )
    where = serve.add_mutually_exclusive_group()
    where.add_argument(
        "--data-dir",
        metavar="DIR",
        type=Path,
        help="keep engagements, app settings, transcripts and session logs here "
        "(default: $CALLSIM_DATA_DIR, else your user data folder + /callsim)",
    )
    where.add_argument("--ephemeral", action="store_true", help="keep everything in memory; gone when callsim stops")
    serve.add_argument(
        "--access-token",
        metavar="TOKEN",
        help="the REST API's bearer token (default: $CALLSIM_ACCESS_TOKEN, else a dev token; random off loopback)",
    )
    serve.add_argument(
        "--api-key",
        metavar="KEY",
        help="the developer API key (?hapikey=) for calling settings (default: $CALLSIM_API_KEY, else a dev key)",
    )
    serve.add_argument("--open", action="store_true", help="open the record page in your browser")
    serve.add_argument("--quiet", action="store_true", help="do not print each message in the terminal")


def _run_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    run = commands.add_parser(
        "run",
        help="play scenarios headless and report",
        description="Start callsim and a headless Chromium, play each scenario against the widget on a fresh "
        "record page, print progress and a summary. Exit status: 0 all passed, 1 any failed, 2 bad input.",
    )
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
        "--shard", metavar="K/N", help="run only shard K of N (the scenarios sorted by path, dealt round-robin)"
    )
    run.add_argument(
        "--timeout",
        metavar="S",
        type=float,
        default=120.0,
        help="longest a single scenario may run, in seconds (default 120)",
    )
    run.add_argument(
        "--strict",
        action="store_true",
        help="fail a scenario on any protocol error the validator finds, even when its steps pass",
    )
    run.add_argument("--headed", action="store_true", help="show the browser window")
    run.add_argument(
        "--browser",
        metavar="PATH",
        help="Chrome/Chromium to use (default: $CALLSIM_BROWSER, Playwright's own Chromium, then the system's)",
    )
    run.add_argument("--log", metavar="FILE", type=Path, help="append every message as JSON lines")
    run.add_argument(
        "--map-url",
        metavar="PREFIX=DIR_OR_PACKAGE",
        action="append",
        default=[],
        help="answer URLs under PREFIX from a local folder or an installed npm package (repeatable), e.g. "
        "https://unpkg.com/react@18/umd/=react/umd/; the SDK's jsDelivr and unpkg URLs are always answered locally",
    )
    run.add_argument(
        "--refuse-self-signed",
        action="store_true",
        help="refuse widget pages on localhost whose certificate is self-signed (default: accept them, as a "
        "developer clicking through the warning would)",
    )
    run.add_argument(
        "--data-dir",
        metavar="DIR",
        type=Path,
        help="keep what the run stores in DIR and start from what is there (default: fresh, in memory)",
    )


def _merge_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    merge = commands.add_parser(
        "merge",
        help="join the JSON reports of sharded runs",
        description="Join the JSON reports of `callsim run --shard K/N --json FILE` runs into one report, in the "
        "unsharded run's order. Exit status: 0 all passed, 1 any failed, 2 bad input.",
    )
    merge.add_argument("reports", nargs="+", metavar="REPORT.json", type=Path, help="JSON reports of callsim run")
    merge.add_argument("--json", metavar="FILE", type=Path, help="write the merged JSON report")
    merge.add_argument("--junit", metavar="FILE", type=Path, help="write JUnit XML")
    merge.add_argument("--report", metavar="FILE.html", type=Path, help="write an HTML report")


def _validate_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    validate = commands.add_parser(
        "validate",
        help="check scenario files",
        description="Check scenario files without running them. Each error names file:line:column, the step "
        "and what was expected. Exit status 0 when all are valid, 2 otherwise.",
    )
    validate.add_argument("paths", nargs="+", metavar="FILE_OR_DIR")


def _doctor_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    doctor = commands.add_parser(
        "doctor",
        help="explain why a widget page would not handshake",
        description="Fetch a widget page as the record page's iframe would and report what would stop the "
        "SDK handshake: unreachable, HTTP errors, framing forbidden, cross-origin redirects, scripts that fail.",
    )
    doctor.add_argument("url", metavar="URL")
    doctor.add_argument(
        "--host-origin",
        default=f"http://{DEFAULT_HOST}:{DEFAULT_PORT}",
        help="the record page's origin to check framing against (default %(default)s)",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="callsim", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="show tracebacks for unexpected errors")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    _serve_parser(commands)
    _run_parser(commands)
    _merge_parser(commands)
    _validate_parser(commands)
    _doctor_parser(commands)
    add_demo_parser(commands)
    add_audit_parser(commands)
    commands.add_parser(
        "rules",
        help="list the protocol rules the validator checks",
        description="List every protocol rule with its severity and a one-line explanation.",
    )
    return parser


async def _serve(args: argparse.Namespace) -> int:
    from simulator.paths import find_sdk_bundle
    from simulator.server.appkeys import STORE
    from simulator.server.serve import close_store_on_sigterm, start_server
    from simulator.server.sinks import JsonLinesSink, TerminalSink
    from simulator.server.widget_app import SDK_MISSING
    from simulator.store import default_data_dir

    settings = Settings().with_(
        host=args.host,
        port=args.port,
        widget_url=args.widget,
        log_file=args.log,
        fixtures=args.fixtures,
        scenarios_dir=args.scenarios,
        watch=tuple(args.watch) if args.watch else None,
        widget_dir=args.widget_dir,
        https=args.https or None,
        watch_sources=True,
        data_dir=None if args.ephemeral else (args.data_dir or default_data_dir()),
        ephemeral=args.ephemeral or None,
    )
    token, key = rest_credentials(settings.host, args.access_token, args.api_key)
    settings = settings.with_(access_token=token, api_key=key)
    for folder in settings.watch:
        if not folder.is_dir():
            raise CallsimError(f"--watch {folder}: not a folder")
    if settings.widget_dir is not None and not settings.widget_dir.is_dir():
        raise CallsimError(f"--widget-dir {settings.widget_dir}: not a folder")
    sinks: list[Callable[[LogEntry], None]] = [] if args.quiet else [TerminalSink()]
    if settings.log_file:
        sinks.append(JsonLinesSink(settings.log_file))
    server = await start_server(settings, sinks=sinks)
    close_store_on_sigterm(server)
    page = server.host_url + "/"
    print(f"callsim: record page   {page}", flush=True)
    print(f"callsim: sample widget {server.sample_widget_url} (its own origin)", flush=True)
    where = settings.data_dir or "in memory (--ephemeral): gone when callsim stops"
    print(f"callsim: data          {where}", flush=True)
    for note in server.app[STORE].notes:
        print(f"callsim: data          {note}", flush=True)
    print(f"callsim: REST API      {server.host_url}/crm/v3/ (token {token}, developer key {key})", flush=True)
    if server.widget_dir_url:
        served = f"{server.widget_dir_url} serves {settings.widget_dir} (reloads on change)"
        print(f"callsim: widget dir    {served}", flush=True)
    if settings.widget_url:
        print(f"callsim: your widget   {settings.widget_url}", flush=True)
    for folder in settings.watch:
        print(f"callsim: live reload   {folder}", flush=True)
    print(f"callsim: watching      scenarios in {settings.scenarios_dir or 'the built-in library'}", flush=True)
    if settings.fixtures:
        print(f"callsim: watching      fixtures {settings.fixtures}", flush=True)
    if server.tls:
        from simulator.server.tls import trust_instructions

        for note in server.notes:
            print(f"callsim: https         {note}", flush=True)
        print(f"callsim: https         CA certificate {server.tls.ca_cert}; to trust it:", flush=True)
        for line in trust_instructions(server.tls.ca_cert):
            print(f"callsim:                 {line}", flush=True)
    if settings.log_file:
        print(f"callsim: logging to    {settings.log_file}", flush=True)
    if find_sdk_bundle() is None:
        print(f"callsim: warning: {SDK_MISSING}", file=sys.stderr, flush=True)
    print("callsim: press Ctrl-C to stop", flush=True)
    if demo := getattr(args, "demo_query", None):
        page += demo
        print(f"callsim: demo          {page} (→ or Space: next step, ←: back)", flush=True)
    if args.open:
        webbrowser.open(page)
    try:
        await asyncio.Event().wait()
    finally:
        await server.stop()
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return EXIT_USAGE
    try:
        if args.command == "demo":  # `callsim serve` plus the demo page
            args = demo_serve_namespace(args, parser)
        if args.command == "serve":
            with contextlib.suppress(KeyboardInterrupt):
                return asyncio.run(_serve(args))
            return 0
        if args.command == "rules":
            from simulator.hubspot.rules import RULES

            width = max(len(name) for name in RULES)
            for rule in RULES.values():
                print(f"{rule.name:<{width}}  {rule.severity:<7}  {rule.summary}")
            return 0
        if args.command == "doctor":
            from simulator.server.doctor import diagnose

            findings = asyncio.run(diagnose(args.url, args.host_origin))
            if not findings:
                print(
                    f"{args.url}: loads, may be framed, and its scripts load. If it still does not handshake, "
                    "check the widget frame's console."
                )
                return 0
            for finding in findings:
                print(f"{finding.severity}: {finding.title}\n  {finding.detail}")
                if finding.fix:
                    print(f"  Fix: {finding.fix}")
            return 1 if any(f.severity == "error" for f in findings) else 0
        if args.command == "merge":
            from simulator.headless.merge import merge_command

            return merge_command(args.reports, args.junit, args.json, args.report)
        if args.command == "validate":
            from simulator.scenarios.validate import validate_command

            return validate_command(args.paths)
        if args.command == "audit":
            from simulator.headless.audit import audit_command

            try:
                return asyncio.run(audit_command(audit_options(args)))
            except KeyboardInterrupt:
                print("interrupted", file=sys.stderr)
                return 130
        if args.command == "run":
            from simulator.headless.command import RunOptions, run_command
            from simulator.headless.shard import Shard

            options = RunOptions(
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
                refuse_self_signed=args.refuse_self_signed,
                report=args.report,
                workers=args.workers,
                shard=Shard.parse(args.shard) if args.shard else None,
                screenshots=args.report is not None,  # only the HTML report shows them; they cost CPU
            )
            try:
                return asyncio.run(run_command(options))
            except KeyboardInterrupt:
                print("interrupted", file=sys.stderr)
                return 130
    except CallsimError as error:
        print(f"Error: {error}", file=sys.stderr)
        return EXIT_USAGE
    except Exception as error:  # noqa: BLE001 - the one place a bug meets the user
        if args.verbose:
            traceback.print_exc()
        print(f"Error: callsim failed unexpectedly: {error!r} (run with -v for details)", file=sys.stderr)
        return 1
    return EXIT_USAGE


if __name__ == "__main__":
    sys.exit(main())
