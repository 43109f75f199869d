"""HubSpot's error shape (docs/protocol.md §7.4) for every REST answer that is not a success.

`{status: "error", message, correlationId, category, subCategory?, errors?: [{message, in?, code?}], context?}`:
HubSpot's client libraries parse this body, so /crm/... never answers in callsim's own `{"error": ...}` shape.
"""

from __future__ import annotations

import json
import logging
import uuid
from collections.abc import Sequence
from typing import Any

from aiohttp import web
from aiohttp.typedefs import Handler

from simulator.hubspot.rest.objects import FieldError
from simulator.server.rest import versions

REST_PREFIXES = ("/crm/",)
log = logging.getLogger(__name__)

_CLASSES: dict[int, type[web.HTTPException]] = {
    400: web.HTTPBadRequest,
    401: web.HTTPUnauthorized,
    403: web.HTTPForbidden,
    404: web.HTTPNotFound,
    409: web.HTTPConflict,
    415: web.HTTPUnsupportedMediaType,
    500: web.HTTPInternalServerError,
}
_CATEGORIES = {
    400: "VALIDATION_ERROR",
    401: "INVALID_AUTHENTICATION",
    403: "MISSING_SCOPES",
    404: "OBJECT_NOT_FOUND",
    405: "VALIDATION_ERROR",
    409: "CONFLICT",
    415: "VALIDATION_ERROR",
    500: "INTERNAL_ERROR",
}


def is_rest(request: web.Request) -> bool:
    return request.path.startswith(REST_PREFIXES)


def error_body(
    status: int,
    message: str,
    category: str | None = None,
    sub_category: str | None = None,
    errors: Sequence[FieldError] = (),
    context: dict[str, list[str]] | None = None,
) -> dict[str, Any]:
    """The JSON of one HubSpot error; `category` defaults from the status."""
    body: dict[str, Any] = {
        "status": "error",
        "message": message,
        "correlationId": str(uuid.uuid4()),
        "category": category or _CATEGORIES.get(status, "VALIDATION_ERROR"),
    }
    if sub_category:
        body["subCategory"] = sub_category
    if errors:
        body["errors"] = [error.to_json() for error in errors]
    if context:
        body["context"] = context
    return body


def hubspot_error(
    status: int,
    message: str,
    category: str | None = None,
    sub_category: str | None = None,
    errors: Sequence[FieldError] = (),
    context: dict[str, list[str]] | None = None,
) -> web.HTTPException:
    """An HTTP error with HubSpot's body; raise it."""
    body = error_body(status, message, category, sub_category, errors, context)
    return _CLASSES.get(status, web.HTTPBadRequest)(text=json.dumps(body), content_type="application/json")


def validation_error(errors: Sequence[FieldError], what: str = "Property values were not valid") -> web.HTTPException:
    """400 VALIDATION_ERROR whose message and `errors[].in` name every bad field."""
    named = "; ".join(f"{e.field}: {e.message}" for e in errors)
    return hubspot_error(400, f"{what}: {named}", errors=errors, context={"properties": [e.field for e in errors]})


def not_found(kind: str, object_id: str) -> web.HTTPException:
    return hubspot_error(
        404,
        f"Object not found. No {kind} with id {object_id!r}; list them with GET /crm/v3/objects/{kind}",
        context={"id": [object_id]},
    )


@web.middleware
async def hubspot_errors(request: web.Request, handler: Handler) -> web.StreamResponse:
    """REST paths: unknown routes, wrong methods and bugs answer in HubSpot's shape, never HTML or a traceback."""
    if not is_rest(request):
        return await handler(request)
    try:
        return await handler(request)
    except web.HTTPException as error:
        if error.content_type == "application/json" or error.status < 400:
            raise
        headers = {}
        if error.status == 404:
            message = f"No REST endpoint {request.method} {request.path}; see docs/rest-api.md in callsim's repository."
            message += versions.hint(request.path)  # what the version this path names does serve
        elif error.status == 405:
            # aiohttp's allowed methods: those of the one route the path names (path_params keeps ids off literal
            # segments such as `search`). OPTIONS is never among them: aiohttp answers it only where a route takes
            # it, and HubSpot's APIs take no cross-origin requests (developers.hubspot.com/docs/faq/
            # do-hubspot-apis-support-ajax-request), so callsim answers no CORS preflight either (see origins.py).
            allowed = ", ".join(sorted(getattr(error, "allowed_methods", ()) or ()))
            message = f"{request.method} is not allowed on {request.path}; allowed: {allowed or 'none'}"
            headers["Allow"] = allowed
        else:
            message = error.text or error.reason
        return web.json_response(error_body(error.status, message), status=error.status, headers=headers)
    except Exception:  # noqa: BLE001 - a bug must still answer in HubSpot's shape
        log.exception("REST handler failed: %s %s", request.method, request.path)
        message = "callsim failed on this request (a bug); the server log has the details"
        return web.json_response(error_body(500, message), status=500)
