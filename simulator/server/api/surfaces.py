"""The control API for a user's surfaces: open another record tab of a session's user, list the user's tabs, the
provider the user receives calls through, and a tab's task queue (issue 18, items 3 to 5)."""

from __future__ import annotations

from typing import Any

from aiohttp import web

from simulator.server.api.control import json_error, json_object, live_session, seconds
from simulator.server.appkeys import CRM, SESSIONS
from simulator.server.page import inbound, record_refs, task_queues
from simulator.server.page import surfaces as page_surfaces
from simulator.server.page.session import Session
from simulator.settings import SESSION_START_TIMEOUT_S

MAX_WAIT_S = 120.0
routes = web.RouteTableDef()


def _tabs_json(request: web.Request, session: Session) -> dict[str, Any]:
    user = session.host.context.user
    listed = sorted((s for s in request.app[SESSIONS].linked(session) if s.tab is not None), key=lambda s: s.tab or 0)
    return {
        "user": {"portalId": user.portal_id, "userId": user.user_id},
        "tabs": [{"tab": s.tab, "sessionId": s.id, "provider": s.provider_key} for s in listed],
    }


@routes.get("/api/sessions/{session_id}/tabs")
async def list_tabs(request: web.Request) -> web.Response:
    """The open record tabs of the session's user, by number."""
    return web.json_response(_tabs_json(request, live_session(request)))


@routes.post("/api/sessions/{session_id}/tabs")
async def open_tab(request: web.Request) -> web.Response:
    """Open another record tab of the session's user, in the browser the session's page is in; answers its session
    once the new page said hello (`{"record": {"type": "contact", "id": 52}, "within": 15}`, both optional)."""
    session = live_session(request)
    body = await json_object(request)
    within = seconds(body.get("within"), "within", SESSION_START_TIMEOUT_S, MAX_WAIT_S)
    try:
        record = record_refs.record_coordinates(body.get("record"))
    except ValueError as error:
        raise json_error(400, str(error)) from None
    if session.tab is None:
        raise json_error(409, f"session {session.id} is not a record tab (page {session.page_kind!r})")
    host_origin = f"{request.scheme}://{request.host}"
    try:
        opened, url = await page_surfaces.open_tab_in_page(request.app, session, host_origin, record, within)
    except ValueError as error:  # no such record
        raise json_error(404, str(error)) from None
    except page_surfaces.TabNotOpened as error:
        raise json_error(408, f"the page of session {session.id}: {error}", url=error.url) from None
    return web.json_response({**opened.summary(), "url": url}, status=201)


@routes.get("/api/sessions/{session_id}/receive-calls-through")
async def get_inbound(request: web.Request) -> web.Response:
    session = live_session(request, ended_ok=True)
    user = session.host.context.user
    return web.json_response(
        {"provider": inbound.chosen(request.app, user), "text": inbound.describe(request.app, user)}
    )


@routes.put("/api/sessions/{session_id}/receive-calls-through")
async def put_inbound(request: web.Request) -> web.Response:
    """`{"provider": "sample"}` (a call switcher key) or `{"provider": null}` (any provider rings again)."""
    session = live_session(request, ended_ok=True)
    body = await json_object(request)
    if "provider" not in body:
        raise json_error(400, 'missing "provider": a call switcher key such as "sample", or null for any provider')
    try:
        text = inbound.choose(request.app, session.host.context.user, body["provider"])
    except ValueError as error:
        raise json_error(400, str(error)) from None
    return web.json_response({"provider": body["provider"], "text": text})


@routes.get("/api/sessions/{session_id}/task-queue")
async def get_task_queue(request: web.Request) -> web.Response:
    queue = live_session(request, ended_ok=True).task_queue
    if queue is None:
        raise json_error(404, "no task queue in this session: POST /api/sessions/{id}/task-queue starts one")
    return web.json_response(queue.to_json())


@routes.post("/api/sessions/{session_id}/task-queue")
async def start_task_queue(request: web.Request) -> web.Response:
    """`{"tasks": [{"type": "contact", "id": 51}, {"type": "company", "id": 77}]}`: open the first and dial it."""
    session = live_session(request)
    body = await json_object(request)
    return _queue_action(request, session, "start", body.get("tasks"), 201)


@routes.post("/api/sessions/{session_id}/task-queue/skip")
async def skip_task(request: web.Request) -> web.Response:
    return _queue_action(request, live_session(request), "skip")


@routes.delete("/api/sessions/{session_id}/task-queue")
async def stop_task_queue(request: web.Request) -> web.Response:
    return _queue_action(request, live_session(request), "stop")


def _queue_action(
    request: web.Request, session: Session, action: str, tasks: Any = None, ok: int = 200
) -> web.Response:
    try:
        queue = task_queues.act(session, request.app[CRM], action, tasks)
    except ValueError as error:
        raise json_error(409 if action != "start" else 400, str(error)) from None
    return web.json_response(queue.to_json(), status=ok)
