"""Claims over HTTP: any language opens a record page in its own browser and gets exactly that page's session.

`POST /api/claims` answers a page URL carrying a claim token (with the context and faults applied before the
page's first SYNC, as for `callsim run`); `GET /api/claims/{claim}/session` waits for that page's hello.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass

from aiohttp import web

from simulator.hubspot.context import Faults
from simulator.scenarios.parser import parse_context
from simulator.scenarios.record_page import context_overrides, page_url
from simulator.server.api.control import json_error, json_object, seconds
from simulator.server.appkeys import SESSIONS
from simulator.server.page.sessions import Claim
from simulator.settings import SESSION_START_TIMEOUT_S

CLAIM_TTL_S = 600.0  # a claim whose page never came is forgotten after this
MAX_WAIT_S = 120.0

routes = web.RouteTableDef()


@dataclass
class _HttpClaim:
    claim: Claim
    made: float  # time.monotonic() when it was made


HTTP_CLAIMS = web.AppKey("http_claims", dict)  # token -> _HttpClaim, until its session is fetched or it expires


def _forget_expired(app: web.Application) -> None:
    claims: dict[str, _HttpClaim] = app[HTTP_CLAIMS]
    now = time.monotonic()
    for token, held in list(claims.items()):
        if now - held.made > CLAIM_TTL_S:
            app[SESSIONS].release(held.claim)
            del claims[token]


@routes.post("/api/claims")
async def make_claim(request: web.Request) -> web.Response:
    body = await json_object(request)
    context, errors = parse_context(body.get("context", {}))
    if errors:
        raise json_error(400, errors[0], errors=errors)
    faults = body.get("host", {})
    if not isinstance(faults, dict):
        raise json_error(400, f'"host" must be a JSON object of faults, got {type(faults).__name__}')
    try:
        Faults.from_mapping(faults)
    except ValueError as error:
        raise json_error(400, f"host: {error}") from None
    widget = body.get("widgetUrl")
    if widget is not None and (not isinstance(widget, str) or not widget.startswith(("http://", "https://"))):
        raise json_error(400, f'"widgetUrl" must be an http(s) URL, got {widget!r}')
    _forget_expired(request.app)
    claim = request.app[SESSIONS].claim(context_overrides(context), faults, widget)
    request.app[HTTP_CLAIMS][claim.token] = _HttpClaim(claim, time.monotonic())
    url = page_url(f"{request.scheme}://{request.host}", context, widget, claim.token)
    return web.json_response({"claim": claim.token, "url": url}, status=201)


@routes.get("/api/claims/{claim}/session")
async def claimed_session(request: web.Request) -> web.Response:
    token = request.match_info["claim"]
    held: _HttpClaim | None = request.app[HTTP_CLAIMS].get(token)
    if held is None:
        raise json_error(404, f"no claim {token!r}: POST /api/claims makes one (each serves one page, once)")
    within = seconds(request.query.get("within"), "within", SESSION_START_TIMEOUT_S, MAX_WAIT_S)
    try:
        session = await asyncio.wait_for(asyncio.shield(held.claim.session), within)
    except TimeoutError:
        message = f"no page opened {held.claim.token!r}'s URL within {within:g} s (open the URL the claim answered)"
        raise json_error(408, message) from None
    del request.app[HTTP_CLAIMS][token]
    return web.json_response({"sessionId": session.id})
