"""The server's commands: `callsim serve`, `callsim demo` (serve plus the demo page) and `callsim doctor`."""

from __future__ import annotations

import argparse
import asyncio
from pathlib import Path
from typing import TYPE_CHECKING

from simulator.commands import EXIT_FAILED, EXIT_OK, Command
from simulator.settings import DEFAULT_HOST, DEFAULT_PORT, Settings, rest_credentials

if TYPE_CHECKING:  # aiohttp is imported only by the command that serves
    from simulator.server.serve import ServerExtension


def configure_serve(serve: argparse.ArgumentParser) -> None:
    serve.add_argument("--host", help=f"address to bind (default {DEFAULT_HOST}; only this machine can connect)")
    serve.add_argument(
        "--port",
        type=int,
        help=f"record page port (default {DEFAULT_PORT}); the sample widget is served on the next port, its own origin",
    )
    serve.add_argument(
        "--widget", metavar="URL", help="your widget's page (it must load the SDK); default: the built-in sample"
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
        "--offline",
        action="store_true",
        help="in --widget-dir pages, point every unpkg, jsDelivr and cdnjs URL whose package is installed (the "
        "folder's node_modules or a parent's, the working folder's) at a copy served from disk; for a --widget URL "
        "page, `callsim run --offline` does this (your browser's requests to a CDN are not callsim's to answer)",
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
    serve.add_argument(
        "--rest-rate-limit",
        choices=("hubspot", "off"),
        help="hubspot (default): the REST API answers 429 past HubSpot's limits (100 requests per rolling 10 s a "
        "credential, search 5 a second, the developer key 250000 a day); off: it counts and sends the "
        "X-HubSpot-RateLimit-* headers but never refuses (load tests). POST /api/rest/rate-limits changes it live",
    )
    serve.add_argument(
        "--rest-fault-429",
        metavar="N[@PATH]",
        type=_fault_spec,
        help="answer 429 (HubSpot's RATE_LIMIT body, Retry-After: 1) to the next N REST requests, or to those whose "
        "path matches the glob PATH (e.g. 2@/crm/v3/objects/calls/search); * for every one until cleared "
        "(DELETE /api/rest/rate-limits): tests a backend's retry logic",
    )
    serve.add_argument("--open", action="store_true", help="open the record page in your browser")
    serve.add_argument("--quiet", action="store_true", help="do not print each message in the terminal")


def _fault_spec(spec: str) -> str:
    from simulator.hubspot.rest.rate_limits import Fault

    try:
        Fault.parse(spec)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None
    return spec


def serve_settings(args: argparse.Namespace) -> Settings:
    """The Settings a `callsim serve` command line asks for (unset options keep the defaults)."""
    from simulator.store import default_data_dir

    settings = Settings(freeze_gc=True, watch_sources=True).with_(
        host=args.host,
        port=args.port,
        widget_url=args.widget,
        log_file=args.log,
        fixtures=args.fixtures,
        scenarios_dir=args.scenarios,
        watch=tuple(args.watch) if args.watch else None,
        widget_dir=args.widget_dir,
        offline=args.offline or None,
        https=args.https or None,
        data_dir=None if args.ephemeral else (args.data_dir or default_data_dir()),
        ephemeral=args.ephemeral or None,
        rest_rate_limit=None if args.rest_rate_limit is None else args.rest_rate_limit == "hubspot",
        rest_fault_429=args.rest_fault_429,
    )
    token, key = rest_credentials(settings.host, args.access_token, args.api_key)
    return settings.with_(access_token=token, api_key=key)


def run_serve(args: argparse.Namespace, page_query: str = "", extensions: tuple[ServerExtension, ...] = ()) -> int:
    from simulator.server.foreground import Foreground, serve_forever

    settings = serve_settings(args)
    job = Foreground(settings, quiet=args.quiet, open_page=args.open, page_query=page_query, extensions=extensions)
    return asyncio.run(serve_forever(job))


SERVE = Command(
    "serve",
    "run the mock HubSpot record page",
    "Run the mock HubSpot record page with a calling widget in its call switcher. Every message between host and "
    "widget is shown in the page, printed here, and (with --log) appended to a JSON-lines file.",
    configure_serve,
    run_serve,
    (
        ("callsim serve", "the mock record page with the built-in sample widget"),
        ("callsim serve --widget URL", "... with your widget in the call switcher"),
    ),
)


def configure_demo(demo: argparse.ArgumentParser) -> None:
    demo.add_argument("scenario", nargs="?", help="a scenario file (path, or a name from the built-in library)")
    demo.add_argument("--widget", metavar="URL", help="your widget's page; default: the built-in sample softphone")
    demo.add_argument("--port", type=int, help=f"record page port (default {DEFAULT_PORT})")
    demo.add_argument("--no-open", action="store_true", help="print the demo page's URL instead of opening it")
    demo.add_argument(
        "--ephemeral", action="store_true", help="keep the demo's calls in memory, not in your data directory"
    )


def run_demo(args: argparse.Namespace) -> int:
    """`callsim demo …` is the `callsim serve …` it stands for, opening the demo page."""
    from simulator.server.demo import demo_serve_args

    argv, query = demo_serve_args(args.scenario, args.widget, args.port, not args.no_open, args.ephemeral)
    serve = argparse.ArgumentParser(prog="callsim serve")
    configure_serve(serve)
    return run_serve(serve.parse_args(argv[1:]), query)


DEMO = Command(
    "demo",
    "present a scenario step by step with plain-words captions",
    "Serve the record page and open it in demo mode (/?demo=1): no developer panels, the scenario one step per "
    "Next (→ or Space), Back (←) to show a step again, captions for what HubSpot and the widget did.",
    configure_demo,
    run_demo,
    (("callsim demo [SCENARIO]", "present a scenario step by step with captions (serve + the demo page)"),),
)


def configure_doctor(doctor: argparse.ArgumentParser) -> None:
    doctor.add_argument("url", metavar="URL")
    doctor.add_argument(
        "--host-origin",
        default=f"http://{DEFAULT_HOST}:{DEFAULT_PORT}",
        help="the record page's origin to check framing against (default %(default)s)",
    )
    doctor.add_argument(
        "--widget-dir",
        metavar="DIR",
        type=Path,
        action="append",
        default=[],
        help="the widget's folder: for a CDN script that fails, the doctor looks for its package in DIR's "
        "node_modules (and its parents', the working folder's) and prints the --map-url that serves it (repeatable)",
    )


def run_doctor(args: argparse.Namespace) -> int:
    from simulator.server.page.doctor import diagnose

    findings = asyncio.run(diagnose(args.url, args.host_origin, near=args.widget_dir))
    if not findings:
        print(
            f"{args.url}: loads, may be framed, and its scripts load. If it still does not handshake, "
            "check the widget frame's console."
        )
        return EXIT_OK
    for finding in findings:
        print(f"{finding.severity}: {finding.title}\n  {finding.detail}")
        if finding.fix:
            print(f"  Fix: {finding.fix}")
    return EXIT_FAILED if any(f.severity == "error" for f in findings) else EXIT_OK


DOCTOR = Command(
    "doctor",
    "explain why a widget page would not handshake",
    "Fetch a widget page as the record page's iframe would and report what would stop the SDK handshake: "
    "unreachable, HTTP errors, framing forbidden, cross-origin redirects, scripts that fail.",
    configure_doctor,
    run_doctor,
    (("callsim doctor URL", "why a widget page would not handshake"),),
)
