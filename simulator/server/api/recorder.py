"""`GET /api/sessions/{id}/scenario.yaml`: the session so far as a scenario that replays it (the recorder), with
the user's tabs, calling window and remote that opened meanwhile as surfaces of the scenario."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

from aiohttp import web

from simulator.hubspot.crm.records import OBJECT_TYPE_NAMES
from simulator.hubspot.host import HostContext
from simulator.scenarios.recorder import RecordedSurface, record_scenario
from simulator.server.api.control import json_error
from simulator.server.appkeys import PROVIDERS, SESSIONS
from simulator.server.page.session import Session
from simulator.server.page.sessions import Sessions

routes = web.RouteTableDef()
SAFE_NAME = re.compile(r"[^A-Za-z0-9_-]+")


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower()


def _is_sample(app: web.Application, widget_url: str) -> bool:
    """The sample widget is on its own origin: a widget page there is the sample's (its buttons are known)."""
    return any(p.get("key") == "sample" and _origin(p["url"]) == _origin(widget_url) for p in app[PROVIDERS])


def _record_of(context: HostContext) -> dict[str, Any] | None:
    kind = OBJECT_TYPE_NAMES.get(context.record_object_type_id or "", "").lower()
    return {"type": kind, "id": context.record_object_id} if kind and context.record_object_id else None


def _other_surfaces(sessions: Sessions, session: Session, start: float) -> list[RecordedSurface]:
    """The user's tabs, calling window and remote that opened after `start` (the recorded session's first entry;
    its linked sessions), each named as a scenario names it: record tabs 2, 3... in the order they opened."""
    later = []
    for other in sessions.linked(session):
        log = sessions.log_since(other)
        if other is not session and log and log[0]["ts"] >= start:
            later.append((log[0]["ts"], other, tuple(log)))
    surfaces, tabs = [], 1
    mine = _record_of(session.host.context)
    for _, other, entries in sorted(later, key=lambda found: found[0]):
        if other.page_kind in ("window", "remote"):
            surfaces.append(RecordedSurface(other.page_kind, entries))
            continue
        tabs += 1
        record = _record_of(other.host.context)
        surfaces.append(RecordedSurface(str(tabs), entries, record if record != mine else None))
    return surfaces


def _context(context: HostContext) -> dict[str, Any]:
    """The user, and the app settings a scenario's `context:` can carry where they are not the defaults (a claimed
    page's, say): replayed without them, the host would behave otherwise (one tab rings instead of all)."""
    recorded: dict[str, Any] = {"portalId": context.portal_id, "userId": context.user_id, "ownerId": context.owner_id}
    defaults = HostContext()
    if context.uses_calling_window != defaults.uses_calling_window:
        recorded["usesCallingWindow"] = context.uses_calling_window
    if context.supports_inbound_calling != defaults.supports_inbound_calling:
        recorded["supportsInboundCalling"] = context.supports_inbound_calling
    return recorded


@routes.get("/api/sessions/{session_id}/scenario.yaml")
async def scenario_yaml(request: web.Request) -> web.Response:
    """The YAML as a download; `?name=` names the scenario."""
    sessions, session_id = request.app[SESSIONS], request.match_info["session_id"]
    session = sessions.get(session_id)
    surfaces: list[RecordedSurface] = []
    if session is not None:
        entries = sessions.log_since(session)
        widget_url, context = session.widget_url, _context(session.host.context)
        surfaces = _other_surfaces(sessions, session, entries[0]["ts"] if entries else 0.0)
    else:
        stored = sessions.stored_log(session_id, 0)
        info = sessions.logs.session(session_id) if sessions.logs is not None else None
        if stored is None or info is None:
            raise json_error(404, f"no session {session_id!r}; GET /api/sessions lists them")
        entries, widget_url, context = stored[0], info.widget_url or "", _context(sessions.context)
    sample = _is_sample(request.app, widget_url)
    name = request.query.get("name") or f"Recorded session {session_id}"
    text = record_scenario(
        entries,
        name=name,
        context=context,
        widget=None if sample else widget_url,
        sample_widget=sample,
        surfaces=surfaces,
    )
    filename = SAFE_NAME.sub("-", request.query.get("name") or f"recorded-{session_id}").strip("-") or "recorded"
    return web.Response(
        text=text,
        content_type="application/yaml",
        charset="utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}.yaml"'},
    )
