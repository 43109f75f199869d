"""HubSpot's rate limits on the REST API: each request a credential check admits is counted (or answered 429 in
HubSpot's shape, with `Retry-After`), and every answer to it carries the X-HubSpot-RateLimit-* headers.

Counting happens in the credential checks (auth.py), not in a middleware, so a request counts against the
credential its route takes, and one refused with 401 counts against nothing (HubSpot cannot tell whose it is).
"""

from __future__ import annotations

import json
import uuid

from aiohttp import web

from simulator.hubspot.rest.rate_limits import Credential, Fault, RateLimits, Verdict
from simulator.server.appkeys import SETTINGS

RATE_LIMITS = web.AppKey("rate_limits", RateLimits)
_VERDICT = web.RequestKey("rate_limit_verdict", Verdict)  # the verdict whose headers the answer carries


def setup(app: web.Application) -> None:
    """The counters, `callsim serve --rest-rate-limit` / `--rest-fault-429` applied; the headers on every answer."""
    settings = app[SETTINGS]
    fault = Fault.parse(settings.rest_fault_429) if settings.rest_fault_429 else None
    app[RATE_LIMITS] = RateLimits(enforce=settings.rest_rate_limit, fault=fault)
    app.on_response_prepare.append(_add_headers)


def is_search(request: web.Request) -> bool:
    return request.method == "POST" and request.path.rstrip("/").endswith("/search")


def count(request: web.Request, credential: Credential) -> None:
    """Count the request against `credential`'s limits; raise 429 when one is reached. Once per request."""
    if _VERDICT in request or RATE_LIMITS not in request.app:
        return
    verdict = request.app[RATE_LIMITS].check(credential, request.path, is_search(request))
    request[_VERDICT] = verdict
    if verdict.refused_by is not None:
        raise too_many_requests(verdict)


def rate_limit_body(verdict: Verdict) -> dict[str, str]:
    """HubSpot's 429 body (its usage guidelines' example): not the usual error shape, no `category`."""
    assert verdict.refused_by is not None
    return {
        "status": "error",
        "message": verdict.refused_by.message,
        "errorType": "RATE_LIMIT",
        "correlationId": str(uuid.uuid4()),
        "policyName": verdict.refused_by.name,
        "requestId": str(uuid.uuid4()),
    }


def too_many_requests(verdict: Verdict) -> web.HTTPException:
    # Headers come from _add_headers, so the 429 carries the same set as any other answer.
    return web.HTTPTooManyRequests(text=json.dumps(rate_limit_body(verdict)), content_type="application/json")


async def _add_headers(request: web.BaseRequest, response: web.StreamResponse) -> None:
    verdict = request.get(_VERDICT)
    if verdict is not None:
        response.headers.update(verdict.headers())
