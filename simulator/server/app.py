"""Builds the aiohttp apps: the record page with its API and socket, and the sample widget's origin."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Callable

import aiohttp_jinja2
import jinja2
from aiohttp import web

from simulator.eventlog import LogEntry
from simulator.hubspot.crm.fixture_parser import load_records
from simulator.hubspot.crm.portal import Crm
from simulator.hubspot.host import HostContext
from simulator.paths import STATIC_DIR, TEMPLATES_DIR
from simulator.server.api import claims, control, expect, rate_limits, recorder, sequence, surfaces, templates
from simulator.server.appkeys import CRM, PROVIDERS, SESSIONS, SETTINGS, STORE
from simulator.server.gc_policy import GC_POLICY, GcPolicy, freeze_long_lived
from simulator.server.origins import reject_foreign_writes, reject_rebound_hosts
from simulator.server.page import inbound, socket, views
from simulator.server.page.sessions import Sessions
from simulator.server.reload import Watcher, install_live_reload, watch_files
from simulator.server.rest import errors as rest_errors
from simulator.server.rest import rate_limit as rest_rate_limit
from simulator.server.rest import routes as rest_routes
from simulator.settings import Settings
from simulator.store import Store

TICK_SECONDS = 1.0
SAMPLE_WIDGET_NAME = "Sample softphone (callsim)"


def providers_for(settings: Settings, sample_widget_url: str | None) -> list[dict[str, str]]:
    """The command line's switcher choices: the user's widget first (if given), then the built-in sample.

    Apps registered through the calling settings endpoints join them per page load (switcher.switcher_providers).
    """
    providers = []
    if settings.widget_url:
        providers.append({"key": "cli:widget", "name": "Your widget", "url": settings.widget_url})
    for i, url in enumerate(settings.extra_widget_urls):
        if url != settings.widget_url:
            providers.append({"key": f"cli:{i + 1}", "name": f"Widget at {url}", "url": url})
    if sample_widget_url:
        providers.append({"key": "sample", "name": SAMPLE_WIDGET_NAME, "url": sample_widget_url})
    return providers


def create_app(
    settings: Settings | None = None,
    *,
    crm: Crm | None = None,
    sample_widget_url: str | None = None,
    sinks: list[Callable[[LogEntry], None]] | None = None,
    watcher: Watcher | None = None,
    store: Store | None = None,
) -> web.Application:
    """The host app: record pages, calling window, `/ws`, `/api/...` and `/static/...`."""
    settings = settings or Settings()
    if crm is None and store is None and settings.fixtures is not None:
        load_records(settings.fixtures)  # a bad fixtures file fails before a data dir is created
    store = store or Store.for_settings(settings)  # closed at cleanup
    try:
        crm = store.attach(crm) if crm is not None else store.load_crm(settings.fixtures)
    except BaseException:
        store.close()
        raise
    middlewares = [reject_rebound_hosts, control.json_errors, rest_errors.hubspot_errors, reject_foreign_writes]
    app = web.Application(middlewares=middlewares)
    app[SETTINGS] = settings
    app[CRM] = crm
    app[STORE] = store
    app[PROVIDERS] = providers_for(settings, sample_widget_url) or [
        {"key": "cli:none", "name": "Widget", "url": "about:blank"}
    ]
    sessions = Sessions(HostContext.from_settings(settings), crm, list(sinks or []), logs=store.session_logs)
    app[SESSIONS] = sessions
    app[inbound.INBOUND] = {}  # each user's "receive calls through" provider (none chosen: every provider rings)
    aiohttp_jinja2.setup(
        app,
        loader=jinja2.FileSystemLoader(TEMPLATES_DIR),
        autoescape=jinja2.select_autoescape(default=True),
        undefined=jinja2.StrictUndefined,
    )
    app.add_routes(views.routes)
    app.add_routes(control.routes)
    app.add_routes(claims.routes)  # a page URL for a claim, and its session: any language opens its own pages
    app.add_routes(expect.routes)  # the runner's expectation engine over HTTP
    app[claims.HTTP_CLAIMS] = {}
    app.add_routes(recorder.routes)  # the session as scenario YAML
    app.add_routes(socket.routes)
    app.add_routes(templates.routes)  # the Inject panel's host events
    app.add_routes(sequence.routes)  # the live sequence diagram
    app.add_routes(surfaces.routes)  # a user's record tabs and the provider that receives their calls
    rest_rate_limit.setup(app)  # counted in the credential checks; X-HubSpot-RateLimit-* on every answer
    rest_routes.setup(app)  # /crm/v3/objects/... (bearer token), HubSpot's error shape
    app.add_routes(rate_limits.routes)  # the REST API's rate limits and its 429 fault
    app.router.add_static("/static", STATIC_DIR, append_version=True)
    app.cleanup_ctx.append(_close_store)  # first in, last out: closed after everything that may still log
    app.cleanup_ctx.append(_ticker)
    app[GC_POLICY] = GcPolicy(active=settings.freeze_gc)
    if settings.freeze_gc:
        app.cleanup_ctx.append(freeze_long_lived)
    if settings.watch or settings.watch_sources:
        install_live_reload(app, watcher or watch_files)  # widget files; scenario files and fixtures in `serve`
    return app


async def _close_store(app: web.Application) -> AsyncIterator[None]:
    yield
    app[STORE].close()


async def _ticker(app: web.Application) -> AsyncIterator[None]:
    """Time-based protocol rules (handshake timeout, END_CALL unanswered) run once a second."""

    async def tick_forever() -> None:
        while True:
            await asyncio.sleep(TICK_SECONDS)
            for session in app[SESSIONS].live():
                await session.tick()

    task = asyncio.get_running_loop().create_task(tick_forever())
    yield
    task.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await task
