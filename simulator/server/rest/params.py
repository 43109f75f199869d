"""Reading REST requests: JSON bodies and the query parameters the objects APIs share (limit, after, ...)."""

from __future__ import annotations

import json
from typing import Any

from aiohttp import web

from simulator.hubspot.rest.objects import FieldError
from simulator.server.rest.errors import hubspot_error, validation_error

MAX_LIST_LIMIT = 100


async def json_body(request: web.Request, example: str) -> dict[str, Any]:
    """The body as a JSON object, or 400 saying what was wrong and what it should look like."""
    try:
        text = await request.text()
    except UnicodeDecodeError:
        raise hubspot_error(400, f"The body is not UTF-8 text; send JSON, e.g. {example}") from None
    try:
        body = json.loads(text) if text.strip() else None
    except json.JSONDecodeError as error:
        raise hubspot_error(400, f"Invalid input JSON on line {error.lineno}, column {error.colno}: {error.msg}; "
                                 f"send e.g. {example}") from None  # fmt: skip
    if not isinstance(body, dict):
        got = "nothing" if body is None else type(body).__name__
        raise hubspot_error(400, f"The body must be a JSON object, got {got}; send e.g. {example}")
    return body


def names(request: web.Request, key: str) -> list[str] | None:
    """A list parameter, repeated (`?p=a&p=b`) or comma-separated (`?p=a,b`); None when absent."""
    if key not in request.query:
        return None
    return [part.strip() for value in request.query.getall(key) for part in value.split(",") if part.strip()]


def flag(request: web.Request, key: str) -> bool:
    value = request.query.get(key, "false").lower()
    if value not in ("true", "false"):
        raise validation_error([FieldError(key, f"{key} must be true or false, got {value!r}")], "Bad query")
    return value == "true"


def limit(request: web.Request, default: int = 10, most: int = MAX_LIST_LIMIT) -> int:
    raw = request.query.get("limit", str(default))
    if not raw.isdigit() or not 0 < int(raw) <= most:
        raise validation_error([FieldError("limit", f"limit must be a whole number from 1 to {most}, got {raw!r}")],
                               "Bad query")  # fmt: skip
    return int(raw)


def after(request: web.Request) -> int | None:
    """The `after` cursor of a list: the last id of the previous page."""
    raw = request.query.get("after")
    if raw is None or raw == "":
        return None
    if not raw.isdigit():
        raise validation_error([FieldError("after", f"after {raw!r} is not a cursor from paging.next.after")],
                               "Bad query")  # fmt: skip
    return int(raw)


def inputs(body: dict[str, Any], example: str, most: int = 100) -> list[Any]:
    """A batch body's `inputs` list (HubSpot takes at most 100)."""
    found = body.get("inputs")
    if not isinstance(found, list):
        raise validation_error([FieldError("inputs", f"inputs is required: a list, e.g. {example}", "REQUIRED")])
    if len(found) > most:
        raise validation_error([FieldError("inputs", f"at most {most} inputs a batch, got {len(found)}")])
    return found


def object_id(value: Any, where: str) -> tuple[int | None, FieldError | None]:
    """An object id as HubSpot sends it (a numeric string; a number is accepted too)."""
    text = str(value) if isinstance(value, int | str) and not isinstance(value, bool) else ""
    if not text.strip().isdigit():
        return None, FieldError(where, f"{where} must be an object id (a numeric string), got {value!r}")
    return int(text), None
