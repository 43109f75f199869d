"""The control API for scripts and tests: sessions, events, the log, a live stream, violations.

Handlers only translate HTTP to Session calls. Every bad request is a 4xx with a JSON `error`.
"""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

from aiohttp import web
from aiohttp.typedefs import Handler

from simulator import __version__
from simulator.eventlog import LogEntry
from simulator.paths import SCENARIOS_DIR
from simulator.scenarios.files import load_scenarios
from simulator.server.appkeys import PROVIDERS, SESSIONS, SETTINGS
from simulator.server.json_input import UnreadableJson, read_json
from simulator.server.page.library import LIBRARY
from simulator.server.page.session import Session

routes = web.RouteTableDef()


def json_error(status: int, message: str, **extra: Any) -> web.HTTPException:
    """An HTTP error whose body is `{"error": message}`; raise it."""
    body = json.dumps({"error": message, **extra})
    error_class = {400: web.HTTPBadRequest, 404: web.HTTPNotFound, 408: web.HTTPRequestTimeout, 409: web.HTTPConflict}[
        status
    ]
    return error_class(text=body, content_type="application/json")


def _session(request: web.Request) -> Session:
    session = request.app[SESSIONS].get(request.match_info["session_id"])
    if session is None:
        raise json_error(404, f"no session {request.match_info['session_id']!r}; GET /api/sessions lists them")
    return session


def live_session(request: web.Request, ended_ok: bool = False) -> Session:
    """The URL's session (404 when there is none); 409 when its page has closed, unless `ended_ok` (reading)."""
    session = _session(request)
    if not ended_ok and not session.live:
        raise json_error(409, f"session {session.id} has ended (its page closed)")
    return session


def _since(request: web.Request) -> int:
    raw = request.query.get("since", "0")
    try:
        since = int(raw)
    except ValueError:
        raise json_error(400, f"since must be a whole number (a log seq), got {raw!r}") from None
    if since < 0:
        raise json_error(400, "since must be 0 or more")
    return since


def seconds(raw: Any, name: str, default: float, maximum: float) -> float:
    """A wait in seconds from a query string or a JSON body: a number above 0 and at most `maximum`."""
    if raw is None:
        return default
    try:
        value = float(raw) if not isinstance(raw, bool) else float("nan")
    except (TypeError, ValueError):
        value = float("nan")
    if not 0 < value <= maximum:  # NaN fails this too
        raise json_error(400, f"{name} must be a number of seconds above 0 and at most {maximum:g}, got {raw!r}")
    return value


async def json_object(request: web.Request) -> dict[str, Any]:
    try:
        body = read_json(await request.read())
    except UnreadableJson as error:
        raise json_error(
            400, f'the body must be JSON, e.g. {{"type": "DIAL_NUMBER", "data": {{...}}}}: {error}'
        ) from None
    if not isinstance(body, dict):
        raise json_error(400, f"the body must be a JSON object, got {type(body).__name__}")
    return body


@routes.get("/api/scenarios")
async def list_scenarios(request: web.Request) -> web.Response:
    """The scenarios the page's player offers, with what each proves; broken files are listed with their error."""
    if (library := request.app.get(LIBRARY)) is not None:
        return web.json_response(library.listing())  # the dev server's watched files, last valid versions kept
    folder = request.app[SETTINGS].scenarios_dir or SCENARIOS_DIR
    scenarios, errors = load_scenarios([folder]) if folder.is_dir() else ([], [])
    listed = [
        {"file": Path(s.path).name, "name": s.name, "description": s.description, "steps": len(s.steps)}
        for s in scenarios
    ]
    return web.json_response({"scenarios": listed, "errors": [str(e) for e in errors]})


@routes.get("/api/server")
async def server_info(request: web.Request) -> web.Response:
    """What a client checks before it drives this server: which callsim, and where the sample widget is."""
    sample = next((p["url"] for p in request.app[PROVIDERS] if p.get("key") == "sample"), None)
    return web.json_response({"name": "callsim", "version": __version__, "sampleWidgetUrl": sample})


@routes.get("/api/sessions")
async def list_sessions(request: web.Request) -> web.Response:
    show_all = request.query.get("all") in ("1", "true")
    sessions = request.app[SESSIONS]
    listed = sessions.all() if show_all else sessions.live()
    return web.json_response({"sessions": [s.summary() for s in listed]})


@routes.get("/api/sessions/{session_id}")
async def get_session(request: web.Request) -> web.Response:
    return web.json_response(_session(request).summary())


@routes.post("/api/sessions/{session_id}/events")
async def post_event(request: web.Request) -> web.Response:
    session = _session(request)
    body = await json_object(request)
    message_type = body.get("type")
    if not isinstance(message_type, str) or not message_type:
        raise json_error(400, 'missing "type": the host event to send, e.g. "DIAL_NUMBER"')
    data = body.get("data")
    if data is not None and not isinstance(data, dict):
        raise json_error(400, f'"data" must be a JSON object when given, got {type(data).__name__}')
    live_session(request)
    entry = await session.send(message_type, data)
    # The entry encoded as LogEntry.json_text, not deep-copied first (the control API's hot path); the text is not
    # kept on the entry, as after the fan-out (RAM holds each entry once).
    text = entry.json_text
    entry.__dict__.pop("json_text", None)
    return web.Response(text='{"entry":' + text + "}", status=202, content_type="application/json")


@routes.post("/api/sessions/{session_id}/host")
async def configure_host(request: web.Request) -> web.Response:
    session = _session(request)
    body = await json_object(request)
    try:
        session.configure_host(body)
    except ValueError as error:
        raise json_error(400, str(error)) from None
    return web.json_response(session.summary())


@routes.get("/api/sessions/{session_id}/log")
async def get_log(request: web.Request) -> web.Response:
    sessions, session_id = request.app[SESSIONS], request.match_info["session_id"]
    stored = sessions.stored_log(session_id, _since(request)) if sessions.get(session_id) is None else None
    if stored is not None:  # a session from before a restart (or long closed): its log as the store kept it
        return web.json_response({"entries": stored[0], "last": stored[1]})
    session = _session(request)
    entries = sessions.log_since(session, _since(request))
    return web.json_response({"entries": entries, "last": session.log.last_seq})


@routes.get("/api/sessions/{session_id}/violations")
async def get_violations(request: web.Request) -> web.Response:
    session = _session(request)
    violations = [e for e in request.app[SESSIONS].log_since(session) if e["direction"] == "violation"]
    counts: dict[str, int] = {}
    for violation in violations:
        counts[violation["rule"]] = counts.get(violation["rule"], 0) + 1
    return web.json_response({"violations": violations, "counts": counts})


@routes.get("/api/sessions/{session_id}/stream")
async def stream(request: web.Request) -> web.StreamResponse:
    """Server-sent events: each entry after `since` as it is recorded (`id:` is its seq)."""
    session = _session(request)
    since = _since(request)
    queue: asyncio.Queue[tuple[LogEntry, str]] = asyncio.Queue()
    # The text the fan-out encoded once (LogEntry.json_text; the entry drops it right after), not a fresh encoding.
    unsubscribe = session.log.subscribe(lambda entry: queue.put_nowait((entry, entry.json_text)))
    response = web.StreamResponse(headers={"Content-Type": "text/event-stream", "Cache-Control": "no-cache"})
    await response.prepare(request)
    try:
        for entry in session.log.since(since):
            await response.write(_event(entry, json.dumps(entry.to_json(), separators=(",", ":"), default=str)))
        while True:
            try:
                entry, text = await asyncio.wait_for(queue.get(), timeout=15)
            except TimeoutError:
                await response.write(b": keep-alive\n\n")
                continue
            if entry.seq > since:
                await response.write(_event(entry, text))
    except (ConnectionResetError, asyncio.CancelledError):
        pass
    finally:
        unsubscribe()
    return response


def _event(entry: LogEntry, text: str) -> bytes:
    return f"id: {entry.seq}\nevent: {entry.direction}\ndata: {text}\n\n".encode()


@web.middleware
async def json_errors(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Unknown /api routes and wrong methods answer JSON too, not aiohttp's HTML."""
    try:
        return await handler(request)
    except web.HTTPException as error:
        if not request.path.startswith("/api/") or error.content_type == "application/json":
            raise
        if error.status >= 400:
            return web.json_response({"error": f"{error.reason}: {request.method} {request.path}"}, status=error.status)
        raise
