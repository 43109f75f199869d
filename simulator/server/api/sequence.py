"""GET /api/sessions/{id}/sequence.svg: the live session drawn by the same renderer the HTML report uses."""

from __future__ import annotations

from aiohttp import web

from simulator.scenarios.sequence import sequence_svg
from simulator.server.appkeys import SESSIONS

routes = web.RouteTableDef()
MAX_DRAWN = 2_000  # a long session's diagram shows its most recent messages; the log keeps everything


@routes.get("/api/sessions/{session_id}/sequence.svg")
async def sequence(request: web.Request) -> web.Response:
    session = request.app[SESSIONS].get(request.match_info["session_id"])
    if session is None:
        raise web.HTTPNotFound(text=f"no session {request.match_info['session_id']!r}")
    entries = [entry.to_json() for entry in session.log.entries[-MAX_DRAWN:]]
    svg = sequence_svg(entries, title=f"session {session.id}")
    # The SVG is built only from escaped text, but served as an image of its own: no scripts run in it.
    headers = {"Cache-Control": "no-store", "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'"}
    return web.Response(text=svg, content_type="image/svg+xml", headers=headers)
