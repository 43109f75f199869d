"""What the calling REST surface needs beside its routes (version_routes.py): the recording checks' state, and
`GET /openapi.json`, the document of everything under /crm (no auth).
"""

from __future__ import annotations

from aiohttp import web

from simulator.server.rest import openapi, recordings


def setup(app: web.Application) -> None:
    """The recording checks' state and /openapi.json."""
    recordings.setup(app)
    app.router.add_get(openapi.PATH, openapi.serve)
