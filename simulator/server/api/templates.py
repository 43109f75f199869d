"""`GET /api/templates`: pre-filled `data` for every host -> widget type and the host fault settings."""

from __future__ import annotations

from aiohttp import web

from simulator.hubspot.host import Host
from simulator.hubspot.sdk import samples
from simulator.hubspot.sdk.protocol import now_ms
from simulator.server.api.control import json_error
from simulator.server.appkeys import SESSIONS

routes = web.RouteTableDef()


@routes.get("/api/templates")
async def get_templates(request: web.Request) -> web.Response:
    """`?objectTypeId=0-1&objectId=51` is the record on the page; `&session=ID` adds that session's last call."""
    sessions = request.app[SESSIONS]
    session_id = request.query.get("session")
    session = sessions.get(session_id) if session_id else None
    if session_id and session is None:
        raise json_error(404, f"no session {session_id!r}; GET /api/sessions lists them")
    host = session.host if session is not None else Host(context=sessions.context, crm=sessions.crm)
    record = {"objectTypeId": request.query.get("objectTypeId", ""), "objectId": request.query.get("objectId", "")}
    inputs = samples.inputs_for(
        host,
        record,
        now_ms(),
        state=session.host.session if session is not None else None,
        widget_url=session.widget_url if session is not None else None,
    )
    return web.json_response(
        {
            "types": samples.build(inputs),
            "injectable": list(samples.INJECTABLE),
            "unusual": list(samples.UNUSUAL),
            "faults": samples.fault_values(host.faults),
        }
    )
