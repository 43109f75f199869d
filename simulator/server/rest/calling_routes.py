"""Routes of the calling REST surface beyond objects and settings: transcripts, recordings/ready, connection status.

Also `GET /openapi.json`, the document of everything under /crm (no auth).
"""

from __future__ import annotations

from aiohttp import web

from simulator.server.rest import connection, openapi, recordings, transcripts
from simulator.server.rest.path_params import TRANSCRIPT_ID

# The v3 path and its date-versioned twin take the same handlers (docs/protocol.md §7.3).
CALLING_PREFIXES = ("/crm/v3/extensions/calling", "/crm/extensions/calling/2026-03")
CONNECTION_STATUSES = "/crm/extensions/calling/v3/connection-statuses"


def setup(app: web.Application) -> None:
    """Register transcripts, recordings/ready, connection statuses and /openapi.json."""
    recordings.setup(app)
    router = app.router
    for prefix in CALLING_PREFIXES:
        router.add_post(f"{prefix}/transcripts", transcripts.create_transcript)
        router.add_get(f"{prefix}/transcripts/{TRANSCRIPT_ID}", transcripts.get_transcript)
        router.add_delete(f"{prefix}/transcripts/{TRANSCRIPT_ID}", transcripts.delete_transcript)
        router.add_post(f"{prefix}/recordings/ready", recordings.recording_ready)
    router.add_get(CONNECTION_STATUSES, connection.statuses)
    router.add_get(f"{CONNECTION_STATUSES}/me", connection.me)
    router.add_post(f"{CONNECTION_STATUSES}/batch/read", connection.batch_read)
    router.add_get(openapi.PATH, openapi.serve)
