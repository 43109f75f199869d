"""Runs the host app, the sample widget and a --widget-dir folder on their own ports (HTTPS with --https)."""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import errno
import os
import signal
import ssl
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from aiohttp import web

from simulator.errors import CallsimError
from simulator.eventlog import LogEntry
from simulator.hubspot.crm.portal import Crm
from simulator.server.app import create_app
from simulator.server.appkeys import STORE
from simulator.server.npm_packages import node_modules_near
from simulator.server.tls import TlsFiles, ensure_certificates, server_context
from simulator.server.widget_app import create_folder_app, create_widget_app
from simulator.settings import Settings
from simulator.store import default_data_dir


@dataclass
class RunningServer:
    runner: web.AppRunner
    widget_runner: web.AppRunner
    app: web.Application
    host_url: str
    sample_widget_url: str
    widget_dir_url: str | None = None  # `--widget-dir`'s origin
    tls: TlsFiles | None = None  # `--https`: the CA to trust
    notes: list[str] = field(default_factory=list)  # what was made at start (certificates)
    extra_runners: list[web.AppRunner] = field(default_factory=list)

    async def stop(self) -> None:
        await self.runner.cleanup()
        await self.widget_runner.cleanup()
        for runner in self.extra_runners:
            await runner.cleanup()


def close_store_on_sigterm(server: RunningServer) -> None:
    """SIGTERM ends `callsim serve` as it always did, once the store has written its batched session log."""

    def terminated() -> None:
        server.app[STORE].close()
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        os.kill(os.getpid(), signal.SIGTERM)

    with contextlib.suppress(NotImplementedError):  # no loop signal handlers on Windows
        asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, terminated)


def tls_folder(settings: Settings) -> Path:
    """Where `--https` keeps its CA: --tls-dir, else <data dir>/tls, else the user's data folder's."""
    return settings.tls_dir or (settings.data_dir or default_data_dir()) / "tls"


def _browser_host(host: str) -> str:
    """The name a browser should use for a bound address (0.0.0.0 is not something to open)."""
    return "127.0.0.1" if host in ("0.0.0.0", "::", "") else host


async def _start_site(
    runner: web.AppRunner, host: str, port: int, what: str, ssl_context: ssl.SSLContext | None = None
) -> int:
    site = web.TCPSite(runner, host, port, ssl_context=ssl_context)
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


async def _serve_app(
    app: web.Application, host: str, port: int, what: str, ssl_context: ssl.SSLContext | None
) -> tuple[web.AppRunner, int]:
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    return runner, await _start_site(runner, host, port, what, ssl_context)


def _offline_roots(settings: Settings) -> list[Path] | None:
    """`--offline`: node_modules in and above the widget folder and the working folder, then callsim's own."""
    if not settings.offline or settings.widget_dir is None:
        return None
    return node_modules_near([settings.widget_dir, Path.cwd()])


def _with_widget_dir(settings: Settings, url: str) -> Settings:
    """The folder's widget first (selected) in the call switcher, --widget after it; its files watched."""
    extra = tuple(u for u in (settings.widget_url, *settings.extra_widget_urls) if u and u != url)
    assert settings.widget_dir is not None
    watch = settings.watch if settings.widget_dir in settings.watch else (*settings.watch, settings.widget_dir)
    return dataclasses.replace(settings, widget_url=url, extra_widget_urls=extra, watch=watch)


class ServerExtension(Protocol):
    """What a higher layer adds to the record page's app (the warm scenario runs of `callsim serve`,
    simulator/headless/remote.py): routes before it starts, and the started server."""

    def install(self, app: web.Application) -> None: ...

    def started(self, server: RunningServer) -> None: ...


async def start_server(
    settings: Settings,
    crm: Crm | None = None,
    sinks: list[Callable[[LogEntry], None]] | None = None,
    extensions: Sequence[ServerExtension] = (),
) -> RunningServer:
    """Start the apps; ports given as 0 are chosen by the system (tests, `callsim run`)."""
    name = _browser_host(settings.host)
    tls: TlsFiles | None = None
    notes: list[str] = []
    context: ssl.SSLContext | None = None
    if settings.https:
        tls, notes = ensure_certificates(tls_folder(settings))
        context = server_context(tls)
    scheme = "https" if context else "http"
    started: list[web.AppRunner] = []
    try:
        widget_runner, widget_port = await _serve_app(
            create_widget_app(), settings.host, settings.sample_widget_port, "sample widget", context
        )
        started.append(widget_runner)
        sample_url = f"{scheme}://{name}:{widget_port}/"
        folder_url = None
        if settings.widget_dir is not None:
            folder_runner, folder_port = await _serve_app(
                create_folder_app(settings.widget_dir, _offline_roots(settings)),
                settings.host,
                settings.widget_dir_port,
                "--widget-dir",
                context,
            )
            started.append(folder_runner)
            folder_url = f"{scheme}://{name}:{folder_port}/"
            settings = _with_widget_dir(settings, folder_url)
        app = create_app(settings, crm=crm, sample_widget_url=sample_url, sinks=sinks)
        for extension in extensions:
            extension.install(app)
        runner, port = await _serve_app(app, settings.host, settings.port, "record page", context)
    except BaseException:  # the store or the fixtures refused, or a port: do not leave the others bound
        for started_runner in started:
            await started_runner.cleanup()
        raise
    server = RunningServer(
        runner, widget_runner, app, f"{scheme}://{name}:{port}", sample_url, folder_url, tls, notes, started[1:]
    )
    for extension in extensions:
        extension.started(server)
    return server
