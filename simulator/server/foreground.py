"""`callsim serve` in the foreground: start the server, print where everything is, wait for Ctrl-C."""

from __future__ import annotations

import asyncio
import sys
import webbrowser
from collections.abc import Callable
from dataclasses import dataclass

from simulator.errors import CallsimError
from simulator.eventlog import LogEntry
from simulator.paths import find_sdk_bundle
from simulator.server.appkeys import STORE
from simulator.server.serve import RunningServer, ServerExtension, close_store_on_sigterm, start_server
from simulator.server.sinks import JsonLinesSink, TerminalSink
from simulator.server.widget_app import SDK_MISSING
from simulator.settings import Settings


@dataclass(frozen=True)
class Foreground:
    """What `callsim serve` (and `callsim demo`, which is serve plus a page to open) was asked for."""

    settings: Settings
    quiet: bool = False  # no line per message in the terminal
    open_page: bool = False  # open the record page in the user's browser
    page_query: str = ""  # appended to the record page's URL (`?demo=1&scenario=…`)
    extensions: tuple[ServerExtension, ...] = ()  # `callsim serve`'s warm scenario runs (headless/remote.py)


def _say(label: str, text: object) -> None:
    print(f"callsim: {label:<13} {text}", flush=True)


def _banner(server: RunningServer, settings: Settings, page: str) -> None:
    _say("record page", page)
    _say("sample widget", f"{server.sample_widget_url} (its own origin)")
    _say("data", settings.data_dir or "in memory (--ephemeral): gone when callsim stops")
    for note in server.app[STORE].notes:
        _say("data", note)
    _say("REST API", f"{server.host_url}/crm/v3/ (token {settings.access_token}, developer key {settings.api_key})")
    if server.widget_dir_url:
        _say("widget dir", f"{server.widget_dir_url} serves {settings.widget_dir} (reloads on change)")
        if settings.offline:
            _say("offline", "its pages' CDN scripts of packages installed in node_modules are served from disk")
    elif settings.offline:
        _say("offline", "--offline applies to --widget-dir pages; for a --widget URL use `callsim run --offline`")
    if settings.widget_url:
        _say("your widget", settings.widget_url)
    for folder in settings.watch:
        _say("live reload", folder)
    _say("watching", f"scenarios in {settings.scenarios_dir or 'the built-in library'}")
    if settings.fixtures:
        _say("watching", f"fixtures {settings.fixtures}")
    if server.tls:
        from simulator.server.tls import trust_instructions

        for note in server.notes:
            _say("https", note)
        _say("https", f"CA certificate {server.tls.ca_cert}; to trust it:")
        for line in trust_instructions(server.tls.ca_cert):
            _say("", f"  {line}")
    if settings.log_file:
        _say("logging to", settings.log_file)
    if find_sdk_bundle() is None:
        print(f"callsim: warning: {SDK_MISSING}", file=sys.stderr, flush=True)


def check_folders(settings: Settings) -> None:
    """Bad --watch / --widget-dir before anything starts."""
    for folder in settings.watch:
        if not folder.is_dir():
            raise CallsimError(f"--watch {folder}: not a folder")
    if settings.widget_dir is not None and not settings.widget_dir.is_dir():
        raise CallsimError(f"--widget-dir {settings.widget_dir}: not a folder")


async def serve_forever(job: Foreground) -> int:
    """Serve until cancelled (Ctrl-C); the store is closed on the way out, also on SIGTERM."""
    settings = job.settings
    check_folders(settings)
    sinks: list[Callable[[LogEntry], None]] = [] if job.quiet else [TerminalSink()]
    if settings.log_file:
        sinks.append(JsonLinesSink(settings.log_file))
    server = await start_server(settings, sinks=sinks, extensions=job.extensions)
    close_store_on_sigterm(server)
    page = server.host_url + "/"
    _banner(server, settings, page)
    print("callsim: press Ctrl-C to stop", flush=True)
    if job.page_query:
        page += job.page_query
        _say("demo", f"{page} (→ or Space: next step, ←: back)")
    if job.open_page:
        webbrowser.open(page)
    try:
        await asyncio.Event().wait()
    finally:
        await server.stop()
    return 0
