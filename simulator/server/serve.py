"""Runs the host app and the sample widget's app on their two ports, for the CLI and the test harness."""

from __future__ import annotations

import errno
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from aiohttp import web

from simulator.errors import CallsimError
from simulator.eventlog import LogEntry
from simulator.hubspot.crm import Crm
from simulator.server.app import create_app
from simulator.server.widget_app import create_widget_app
from simulator.settings import Settings


@dataclass
class RunningServer:
    runner: web.AppRunner
    widget_runner: web.AppRunner
    app: web.Application
    host_url: str
    sample_widget_url: str

    async def stop(self) -> None:
        await self.runner.cleanup()
        await self.widget_runner.cleanup()


def _browser_host(host: str) -> str:
    """The name a browser should use for a bound address (0.0.0.0 is not something to open)."""
    return "127.0.0.1" if host in ("0.0.0.0", "::", "") else host


async def _start_site(runner: web.AppRunner, host: str, port: int, what: str) -> int:
    site = web.TCPSite(runner, host, port)
    try:
        await site.start()
    except OSError as error:
        await runner.cleanup()
        if error.errno == errno.EADDRINUSE:
            raise CallsimError(f"port {port} ({what}) is already in use; pick another with --port") from None
        raise CallsimError(f"cannot listen on {host}:{port} ({what}): {error.strerror or error}") from None
    server = site._server  # aiohttp exposes the bound port only here
    sockets: Any = getattr(server, "sockets", None) or []
    return int(sockets[0].getsockname()[1]) if sockets else port


async def start_server(
    settings: Settings, crm: Crm | None = None, sinks: list[Callable[[LogEntry], None]] | None = None
) -> RunningServer:
    """Start both apps; ports given as 0 are chosen by the system (tests, `callsim run`)."""
    name = _browser_host(settings.host)
    widget_runner = web.AppRunner(create_widget_app(), access_log=None)
    await widget_runner.setup()
    widget_port = await _start_site(widget_runner, settings.host, settings.sample_widget_port, "sample widget")
    sample_url = f"http://{name}:{widget_port}/"
    try:
        app = create_app(settings, crm=crm, sample_widget_url=sample_url, sinks=sinks)
    except BaseException:  # the store or the fixtures refused: do not leave the widget port bound
        await widget_runner.cleanup()
        raise
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    try:
        port = await _start_site(runner, settings.host, settings.port, "record page")
    except CallsimError:
        await widget_runner.cleanup()
        raise
    return RunningServer(runner, widget_runner, app, f"http://{name}:{port}", sample_url)
