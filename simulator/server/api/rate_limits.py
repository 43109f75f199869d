"""The control API for the REST API's rate limits: read the counters, turn enforcing off or on, set or clear the
429 fault, empty the counters. The server-wide twin of `callsim serve --rest-rate-limit` / `--rest-fault-429`.
"""

from __future__ import annotations

from typing import Any

from aiohttp import web

from simulator.hubspot.rest.rate_limits import POLICIES, Fault
from simulator.server.api.control import json_error, json_object
from simulator.server.rest.rate_limit import RATE_LIMITS

routes = web.RouteTableDef()
PATH = "/api/rest/rate-limits"
_KEYS = ("enforce", "fault", "reset")
_FAULT_KEYS = ("count", "path", "policyName", "retryAfter")


@routes.get(PATH)
async def read(request: web.Request) -> web.Response:
    return web.json_response(request.app[RATE_LIMITS].to_json())


@routes.post(PATH)
async def configure(request: web.Request) -> web.Response:
    """`{"enforce"?: bool, "fault"?: {count?, path?, policyName?, retryAfter?} | null, "reset"?: true}`."""
    body = await json_object(request)
    unknown = sorted(set(body) - set(_KEYS))
    if unknown:
        raise json_error(400, f"unknown key(s) {', '.join(unknown)}; expected {', '.join(_KEYS)}")
    limits = request.app[RATE_LIMITS]
    enforce = body.get("enforce", limits.enforce)
    if not isinstance(enforce, bool):
        raise json_error(400, f"enforce must be true or false, got {enforce!r}")
    fault = _fault(body["fault"]) if body.get("fault") is not None else None
    limits.enforce = enforce
    if "fault" in body:
        limits.fault = fault
    if body.get("reset") is True:
        limits.reset()
    return web.json_response(limits.to_json())


@routes.delete(PATH)
async def clear(request: web.Request) -> web.Response:
    """Clear the fault and empty the counters (enforcing stays as it is)."""
    limits = request.app[RATE_LIMITS]
    limits.fault = None
    limits.reset()
    return web.json_response(limits.to_json())


def _fault(raw: Any) -> Fault:
    if not isinstance(raw, dict):
        raise json_error(400, f"fault must be an object {{count, path, policyName, retryAfter}} or null, got {raw!r}")
    unknown = sorted(set(raw) - set(_FAULT_KEYS))
    if unknown:
        raise json_error(400, f"unknown fault key(s) {', '.join(unknown)}; expected {', '.join(_FAULT_KEYS)}")
    count = raw.get("count", 1)
    if count is not None and (not isinstance(count, int) or isinstance(count, bool) or count < 1):
        raise json_error(400, f"fault.count must be a whole number above 0, or null for every request; got {count!r}")
    path = raw.get("path", "*")
    if not isinstance(path, str) or not (path == "*" or path.startswith("/")):
        raise json_error(400, f"fault.path must be * or a glob starting with / (/crm/v3/objects/calls*), got {path!r}")
    name = raw.get("policyName")
    if name is not None and name not in POLICIES:
        raise json_error(400, f"fault.policyName must be one of {', '.join(POLICIES)} (or absent), got {name!r}")
    retry_after = raw.get("retryAfter", 1)
    if not isinstance(retry_after, int) or isinstance(retry_after, bool) or not 0 <= retry_after <= 86_400:
        raise json_error(400, f"fault.retryAfter must be whole seconds from 0 to 86400, got {retry_after!r}")
    return Fault(count=count, path=path, policy=POLICIES[name] if name else None, retry_after=retry_after)
