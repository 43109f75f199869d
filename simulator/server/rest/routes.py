"""Registers the REST API's routes: the CRM objects APIs for calls, contacts and companies."""

from __future__ import annotations

from aiohttp import web

from simulator.hubspot.rest.objects import CALLS, OBJECT_TYPES
from simulator.server.rest import calling_routes, calls, live, objects
from simulator.server.rest import settings as calling_settings
from simulator.server.rest.path_params import OBJECT_ID

# /crm/v3/objects/... and its date-versioned twin: the same handlers (docs/protocol.md §7.3).
OBJECT_PREFIXES = ("/crm/v3/objects", "/crm/objects/2026-03")


def setup(app: web.Application) -> None:
    """Register the objects routes and the live timeline/duplicate watcher (needs app[CRM] and app[SESSIONS])."""
    router = app.router
    for prefix in OBJECT_PREFIXES:
        for kind in OBJECT_TYPES.values():
            base = f"{prefix}/{kind.name}"
            router.add_get(base, objects.list_handler(kind))
            router.add_get(f"{base}/{OBJECT_ID}", objects.get_handler(kind))
            router.add_post(base + "/search", objects.search_handler(kind))
            router.add_post(base + "/batch/read", objects.batch_read_handler(kind))
        base = f"{prefix}/{CALLS.name}"
        router.add_post(base, calls.create_call)
        router.add_patch(f"{base}/{OBJECT_ID}", calls.update_call)
        router.add_delete(f"{base}/{OBJECT_ID}", calls.archive_call)
        router.add_post(base + "/batch/create", calls.batch_create)
        router.add_post(base + "/batch/update", calls.batch_update)
        router.add_post(base + "/batch/archive", calls.batch_archive)
    calling_routes.setup(app)  # transcripts, recordings/ready, connection statuses, /openapi.json
    live.watch(app)
    calling_settings.setup(app)  # /crm/v3/extensions/calling/{appId}/settings..., inbound-call (?hapikey=)
