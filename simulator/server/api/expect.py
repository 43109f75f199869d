"""Expectations over HTTP: wait for a session's next matching entry with the runner's own engine.

`POST /api/sessions/{id}/expect` and `…/expect_none` are what `expect` and `expect_none` steps do, for clients in
any language (callsim's TypeScript client among them): the same matchers (`$any`, `$regex`, `$absent`), the same
search after the previous match (`after`, the seq the client's last expect matched) and, on a miss, the same
diff `callsim run` prints. `…/dial` is the record page's Call button.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from aiohttp import web

from simulator.scenarios.expectations import ExpectationMissed, Expectations, check_matcher, matched_data
from simulator.scenarios.model import Source
from simulator.server.api.control import json_error, json_object, live_session, seconds
from simulator.settings import EXPECT_NONE_WITHIN_S, EXPECT_WITHIN_S

MAX_WITHIN_S = 300.0

routes = web.RouteTableDef()


def _expectation(body: dict[str, Any]) -> tuple[str, Any, Source, int]:
    """(type, match, source, after) from a request body; a 400 naming the field that is wrong."""
    message_type = body.get("type")
    if not isinstance(message_type, str) or not message_type:
        raise json_error(400, '"type" is required: the message type to wait for, e.g. "OUTGOING_CALL_STARTED"')
    source = body.get("from", "widget")
    if source not in ("widget", "host"):
        raise json_error(400, f'"from" must be "widget" or "host", got {source!r}')
    after = body.get("after", 0)
    if isinstance(after, bool) or not isinstance(after, int) or after < 0:
        raise json_error(400, f'"after" must be a log seq (a whole number, 0 or more), got {after!r}')
    match = body.get("match")
    try:
        check_matcher(match)
    except ExpectationMissed as error:
        raise json_error(400, str(error)) from None
    return message_type, match, source, after


def entry_body(entry: Any) -> dict[str, Any]:
    """A log entry as the control API answers it, with `data`: what `match` and captures see."""
    return {**entry.to_json(), "data": matched_data(entry)}


@dataclass(frozen=True)
class _Question:
    engine: Expectations  # over the session's log, searching after the body's `after`
    message_type: str
    match: Any
    source: Source
    within: float


async def _question(request: web.Request, default_within: float) -> _Question:
    session = live_session(request, ended_ok=True)  # a closed session's log can still be asked
    body = await json_object(request)
    message_type, match, source, after = _expectation(body)
    within = seconds(body.get("within"), "within", default_within, MAX_WITHIN_S)
    return _Question(Expectations(session.log, after), message_type, match, source, within)


@routes.post("/api/sessions/{session_id}/expect")
async def expect(request: web.Request) -> web.Response:
    q = await _question(request, EXPECT_WITHIN_S)
    try:
        entry = await q.engine.expect(q.message_type, q.match, source=q.source, within=q.within)
    except ExpectationMissed as missed:
        return web.json_response({"ok": False, "error": str(missed)})
    return web.json_response({"ok": True, "entry": entry_body(entry)})


@routes.post("/api/sessions/{session_id}/expect_none")
async def expect_none(request: web.Request) -> web.Response:
    q = await _question(request, EXPECT_NONE_WITHIN_S)
    try:
        await q.engine.expect_none(q.message_type, q.match, source=q.source, within=q.within)
    except ExpectationMissed as missed:
        return web.json_response({"ok": False, "error": str(missed)})
    return web.json_response({"ok": True})


@routes.post("/api/sessions/{session_id}/dial")
async def dial(request: web.Request) -> web.Response:
    """The user clicks Call on the record page: DIAL_NUMBER as HubSpot builds it (the record's number, or one)."""
    session = live_session(request)
    body = await json_object(request)
    number, record, phone_property = body.get("phoneNumber"), body.get("record"), body.get("phoneProperty")
    if number is not None and not isinstance(number, str):
        raise json_error(400, f'"phoneNumber" must be a string such as "+16175550100", got {number!r}')
    if record is not None and not isinstance(record, dict):
        raise json_error(400, f'"record" must be an object such as {{"type": "contact", "id": 51}}, got {record!r}')
    if phone_property is not None and not isinstance(phone_property, str):
        raise json_error(400, f'"phoneProperty" must be a property name such as "mobilephone", got {phone_property!r}')
    try:
        entry = await session.dial(record, phone_property, number)
    except ValueError as error:  # nothing to dial
        raise json_error(400, f"cannot dial: {error}") from None
    return web.json_response({"entry": entry_body(entry)}, status=202)
