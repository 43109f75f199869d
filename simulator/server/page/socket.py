"""The record page's WebSocket: one session per page, JSON messages with a `kind` discriminator."""

from __future__ import annotations

import asyncio
import json
import logging
from typing import Any

from aiohttp import WSMsgType, web

from simulator.errors import CallsimError
from simulator.paths import SCENARIOS_DIR
from simulator.server.appkeys import SESSIONS, SETTINGS
from simulator.server.gc_policy import GC_POLICY
from simulator.server.json_input import UnreadableJson, read_json
from simulator.server.origins import origin_allowed
from simulator.server.page import calling_window, inbound, page_protocol, surfaces, tabs
from simulator.server.page.doctor import Finding, diagnose
from simulator.server.page.library import LIBRARY
from simulator.server.page.page_protocol import ToServer
from simulator.server.page.player import ScenarioPlayer
from simulator.server.page.session import Session
from simulator.server.page.sessions import WORLD_COOKIE, Claim
from simulator.server.page.switcher import provider_identity, session_context

logger = logging.getLogger(__name__)
ENTRY_HEAD = '{"kind":"' + page_protocol.ToPage.ENTRY + '","entry":'  # page_protocol.entry(), pre-encoded
routes = web.RouteTableDef()


@routes.get("/ws")
async def page_socket(request: web.Request) -> web.StreamResponse:
    if not origin_allowed(request):
        origin = request.headers.get("Origin", "(none)")
        return web.json_response({"error": f"WebSocket from origin {origin} refused"}, status=403)
    ws = web.WebSocketResponse(heartbeat=20, compress=False)  # loopback: deflate only adds latency
    await ws.prepare(request)
    hello = await _first_json(ws)
    if hello is None or hello.get("kind") != ToServer.HELLO or not isinstance(hello.get("widgetUrl"), str):
        await ws.close(code=4000, message=b"expected hello with widgetUrl")
        return ws
    page_kind = str(hello["page"]) if hello.get("page") in ("window", "remote") else "record"
    sessions = request.app[SESSIONS]
    host_origin = request.headers["Origin"]

    settings = request.app[SETTINGS]
    near = [*([settings.widget_dir] if settings.widget_dir else []), *settings.node_modules_from]

    async def diagnoser(url: str, handshake_seen: bool) -> list[Finding]:
        return await diagnose(url, host_origin, handshake_seen, near)

    # The page's head start may have sent SYNCs with the instance id rendered into it: the session mints the same.
    instance = hello.get("instanceId")
    session = sessions.create(hello["widgetUrl"], page_kind=page_kind, diagnoser=diagnoser, instance_id=instance)
    claim = sessions.take_claim(hello.get("claim"))
    if claim is None and page_kind == "window":  # a window the widget opened itself: its opener's world, if any
        session.group = request.cookies.get(WORLD_COOKIE) or None
    if not _shape_host(request.app, session, hello, claim):
        await ws.close(code=4001, message=b"the claim's host faults were refused")
        sessions.close(session)
        return ws

    folder = request.app[SETTINGS].scenarios_dir or SCENARIOS_DIR

    async def open_tab(opener: Session, record: tuple[str, int] | None, timeout: float) -> Session:
        return (await surfaces.open_tab_in_page(request.app, opener, host_origin, record, timeout))[0]

    async def open_window(opener: Session, timeout: float) -> Session:
        return (await surfaces.open_window_in_page(request.app, opener, host_origin, timeout))[0]

    ScenarioPlayer(session, folder, request.app.get(LIBRARY), open_tab, open_window).register()
    surfaces.register(request.app, session, host_origin)
    outbox: asyncio.Queue[page_protocol.ToPageMessage | str] = asyncio.Queue()
    session.attach(outbox.put_nowait)
    # The entry's JSON is encoded once (LogEntry.json_text) and shared with the store; wrapped as page_protocol.entry.
    unsubscribe = session.log.subscribe(lambda entry: outbox.put_nowait(ENTRY_HEAD + entry.json_text + "}"))
    writer = asyncio.get_running_loop().create_task(_write(ws, outbox))
    outbox.put_nowait(session.hello())
    calling_window.greet(request.app[SESSIONS], session)  # after the hello: the window's call, if it holds one
    try:
        async for msg in ws:
            if msg.type != WSMsgType.TEXT:
                continue
            payload = _parse(msg.data)
            if not isinstance(payload, dict):
                session.log.append("note", "PAGE_PROTOCOL", severity="warning", text=f"unreadable: {msg.data[:200]}")
                continue
            try:
                await session.from_page(payload)
            except Exception:  # a bug in one message must not end the session
                logger.exception("handling %s", payload.get("kind"))
                session.log.append("note", "INTERNAL", severity="error", text="callsim failed on a page message")
    finally:
        unsubscribe()
        try:
            await session.end()
        except Exception:  # the session is over either way; what it found so far is logged
            logger.exception("ending session %s", session.id)
        sessions.close(session)
        request.app[GC_POLICY].session_closed(len(sessions.live()))
        writer.cancel()
    return ws


def _shape_host(app: web.Application, session: Session, hello: dict[str, Any], claim: Claim | None) -> bool:
    """The one place a new session gets its host: the chosen provider's settings, then what a claim sets.

    Runs before the page hears its hello, so the SYNC fields and faults such as drop_first_syncs apply from the
    first SYNC. False when the claim's faults were refused (its waiter hears why).
    """
    # The provider the page's switcher chose: its calling settings (and localStorage overrides) shape the host.
    context, described = session_context(app, hello.get("provider"))
    if claim is not None:
        context = context.with_overrides(**claim.context)
        described += f"; claimed with context {dict(claim.context)}" if claim.context else "; claimed"
    if session.page_kind == "window" and isinstance(hello.get("usesCallingWindow"), bool):  # its URL's query
        context = context.with_overrides(uses_calling_window=hello["usesCallingWindow"])
        described += f"; usesCallingWindow={str(hello['usesCallingWindow']).lower()} from the window's URL"
    session.use_context(context)
    session.log.append("note", "PROVIDER", text=described)
    session.provider_key, session.provider_name = provider_identity(app, hello.get("provider"), session.widget_url)
    session.claimed = dict(claim.context) if claim is not None else {}
    if claim is not None:  # before the joins below: they link by group (an unclaimed window may have its cookie's)
        session.group = claim.group
    tabs.join(app[SESSIONS], session)  # its number among the user's tabs, linked to their calls
    calling_window.join(app[SESSIONS], session)  # with usesCallingWindow: the window's call shows in the tabs
    inbound.apply(app, session)  # whether its provider rings for the user's inbound calls
    if claim is None:
        return True
    try:
        if claim.faults:
            session.configure_host(claim.faults)
    except ValueError as error:
        claim.session.set_exception(CallsimError(f"host faults refused: {error}"))
        return False
    if not claim.session.done():  # a waiter that gave up cancelled it
        claim.session.set_result(session)
    return True


async def _first_json(ws: web.WebSocketResponse) -> dict[str, Any] | None:
    try:
        msg = await ws.receive(timeout=10)
    except TimeoutError:
        return None
    if msg.type != WSMsgType.TEXT:
        return None
    payload = _parse(msg.data)
    return payload if isinstance(payload, dict) else None


def _parse(text: str) -> Any:
    """A frame's JSON, or None when it is unreadable (not JSON, or nested too deeply to be a page's)."""
    try:
        return read_json(text)
    except UnreadableJson:
        return None


async def _write(ws: web.WebSocketResponse, outbox: asyncio.Queue[page_protocol.ToPageMessage | str]) -> None:
    """The only writer of this socket; a str is an `entry`, already JSON.

    What one loop tick queued goes out with the log entries last (each kind keeps its order): an entry only
    shows in the log panels, and the page's rendering of it ran before the `post` queued behind it reached
    the widget, which made an isolated relay wait a frame (bench/relay.py)."""
    while not ws.closed:
        queued = [await outbox.get()]
        while not outbox.empty():
            queued.append(outbox.get_nowait())
        entries = [payload for payload in queued if isinstance(payload, str)]
        try:
            for payload in queued:
                if not isinstance(payload, str):
                    await ws.send_str(json.dumps(payload, default=str))
            for text in entries:
                await ws.send_str(text)
        except ConnectionResetError:
            return
