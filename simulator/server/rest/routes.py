"""Registers the REST API's routes: every API version's endpoints (version_routes.py) and the live watchers."""

from __future__ import annotations

from aiohttp import web

from simulator.server.rest import calling_routes, live, version_routes


def setup(app: web.Application) -> None:
    """Register the /crm routes and the live timeline/duplicate watcher (needs app[CRM] and app[SESSIONS])."""
    version_routes.setup(app)  # objects, calling settings, inbound-call, transcripts, recordings, connection statuses
    calling_routes.setup(app)  # the recording checks' state and /openapi.json
    live.watch(app)
