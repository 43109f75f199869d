"""Reading REST requests: JSON bodies and the query parameters the objects APIs share (limit, after, ...)."""

from __future__ import annotations

import json
from typing import Any

from aiohttp import web

from simulator.hubspot.rest.fields import INT64_MAX, FieldError, parse_whole, shown, whole_number
from simulator.server.rest.errors import hubspot_error, not_found, validation_error

MAX_LIST_LIMIT = 100


async def json_value(request: web.Request, example: str) -> Any:
    """The body as any JSON value (None when empty), or 400 saying what was wrong and what it should look like."""
    try:
        text = await request.text()
    except UnicodeDecodeError:
        raise hubspot_error(400, f"The body is not UTF-8 text; send JSON, e.g. {example}") from None
    try:
        return json.loads(text) if text.strip() else None
    except json.JSONDecodeError as error:
        raise hubspot_error(400, f"Invalid input JSON on line {error.lineno}, column {error.colno}: {error.msg}; "
                                 f"send e.g. {example}") from None  # fmt: skip
    except ValueError:  # Python's json refuses integers of more than 4300 digits with a plain ValueError
        raise hubspot_error(400, f"Invalid input JSON: a number is too long to read; send e.g. {example}") from None


async def json_body(request: web.Request, example: str) -> dict[str, Any]:
    """The body as a JSON object, or 400 saying what was wrong and what it should look like."""
    body = await json_value(request, example)
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
    return query_number(request, "limit", default, least=1, most=most)


def after(request: web.Request) -> int | None:
    """The `after` cursor of a list: the last id of the previous page."""
    if request.query.get("after", "") == "":
        return None
    return query_number(request, "after", 0, what="a cursor from paging.next.after")


def query_number(
    request: web.Request, key: str, default: int, least: int = 0, most: int = INT64_MAX, what: str = "a whole number"
) -> int:
    """A whole-number query parameter (`default` when absent), or 400 naming it."""
    if key not in request.query:
        return default
    number, error = whole_number(request.query[key], key, least, most, what=what)
    if error is not None:
        raise validation_error([error], "Bad query")
    assert number is not None
    return number


def path_object_id(request: web.Request, kind: str) -> int:
    """The `{objectId}` of an objects path; an id that is not one answers 404 as HubSpot does ("Object not found.
    objectId are usually numeric."), never 400 or 500."""
    raw = request.match_info["object_id"]
    number = parse_whole(raw)
    if number is None:
        raise not_found(kind, raw)
    return number


def inputs(body: dict[str, Any], example: str, most: int = 100) -> list[Any]:
    """A batch body's `inputs` list (HubSpot takes at most 100)."""
    found = body.get("inputs")
    if not isinstance(found, list):
        raise validation_error([FieldError("inputs", f"inputs is required: a list, e.g. {example}", "REQUIRED")])
    if len(found) > most:
        raise validation_error([FieldError("inputs", f"at most {most} inputs a batch, got {len(found)}")])
    return found


def object_id(value: Any, where: str) -> tuple[int | None, FieldError | None]:
    """An object id in a body (`inputs[0].id`, `associations[0].to.id`): a string of digits, as HubSpot's schemas
    type it. A JSON number is refused, not coerced (docs/rest-api.md says why)."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        example = str(value) if isinstance(value, int) and 0 <= value <= INT64_MAX else "123"
        message = f'{where} must be a string, e.g. "{example}": HubSpot\'s schema types object ids as strings'
        return None, FieldError(where, f"{message}; got the JSON number {shown(value)}")
    return whole_number(value, where, what="an object id (a string of digits)")


def input_ids(entries: list[Any]) -> list[int]:
    """The `inputs[i].id` of a batch archive, each checked (`object_id`); 400 naming every bad one."""
    ids, bad = [], []
    for i, entry in enumerate(entries):
        number, error = object_id(entry.get("id") if isinstance(entry, dict) else None, f"inputs[{i}].id")
        if error is not None:
            bad.append(error)
        elif number is not None:
            ids.append(number)
    if bad:
        raise validation_error(bad, "Invalid batch input")
    return ids
