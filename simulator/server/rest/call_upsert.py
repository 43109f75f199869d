"""POST /crm/v3/objects/calls/batch/upsert: create or update calls by `hs_object_id` or `hs_call_external_id`.

Each input is `{id, idProperty?, properties}` (`?idProperty=` on the URL is the default for inputs without one).
An existing call is updated; an unknown `hs_call_external_id` creates the call with that value (so it needs
`hs_timestamp`, as a create does); an unknown `hs_object_id` is an error, since nobody chooses a new call's id.
200 with `new` on each result; 207 when some inputs failed, 400 when all did, as the other batch endpoints answer.
"""

from __future__ import annotations

from typing import Any

from aiohttp import web

from simulator.hubspot.rest.objects import FieldError, call_object
from simulator.server.appkeys import CRM
from simulator.server.rest import params
from simulator.server.rest.call_ids import EXTERNAL_ID, OBJECT_ID, find_call, id_property, id_value
from simulator.server.rest.calls import create_input, refused_error, update_input
from simulator.server.rest.errors import validation_error
from simulator.server.rest.objects import batch_error, batch_response, stamp

UPSERT_EXAMPLE = (
    '{"inputs": [{"idProperty": "hs_call_external_id", "id": "my-call-1", "properties": '
    '{"hs_timestamp": "2026-01-01T10:00:00Z", "hs_call_status": "COMPLETED"}}]}'
)
Key = tuple[str, str]  # (idProperty, id)


def _keys(entries: list[Any], default: Any) -> tuple[list[Key | None], list[tuple[int, list[FieldError]]]]:
    """Each input's (idProperty, id), or why it has none; a key twice in a batch refuses it all, as HubSpot does."""
    keys: list[Key | None] = []
    refused: list[tuple[int, list[FieldError]]] = []
    seen: set[Key] = set()
    for i, entry in enumerate(entries):
        where = f"inputs[{i}]"
        if not isinstance(entry, dict):
            keys.append(None)
            refused.append((i, [FieldError(where, f"each input is an object like {UPSERT_EXAMPLE}")]))
            continue
        prop, error = id_property(entry.get("idProperty", default), f"{where}.idProperty")
        value, id_error = id_value(prop, entry.get("id"), f"{where}.id") if error is None else (None, None)
        errors = [e for e in (error, id_error) if e is not None]
        if not errors and (prop, value) in seen:  # refuses the whole batch, before anything is written
            raise validation_error([FieldError(f"{where}.id", f"{prop} {value!r} is in the batch twice")],
                                   "Duplicate IDs found in batch input")  # fmt: skip
        keys.append(None if errors or value is None else (prop, value))
        if errors:
            refused.append((i, errors))
        elif value is not None:
            seen.add((prop, value))
    return keys, refused


def _renamed(entry: dict[str, Any], value: str, i: int) -> list[FieldError]:
    """An upsert by hs_call_external_id may not set that property to another value (the key would move)."""
    properties = entry.get("properties")
    given = properties.get(EXTERNAL_ID) if isinstance(properties, dict) else None
    if given in (None, value):
        return []
    return [FieldError(f"inputs[{i}].properties.{EXTERNAL_ID}", f"{EXTERNAL_ID} {given!r} differs from the "
                       f"input's id {value!r}")]  # fmt: skip


def _create(app: web.Application, entry: dict[str, Any], value: str, i: int) -> tuple[Any, list[FieldError]]:
    properties = entry.get("properties")
    if isinstance(properties, dict):
        properties = {**properties, EXTERNAL_ID: value}
    return create_input(app, {"properties": properties}, f"inputs[{i}].")


async def batch_upsert(request: web.Request) -> web.Response:
    """Create or update each input; see the module's doc for the rules."""
    started = stamp()
    body = await params.json_body(request, UPSERT_EXAMPLE)
    entries = params.inputs(body, UPSERT_EXAMPLE)
    keys, refused = _keys(entries, request.query.get("idProperty"))
    crm = request.app[CRM]
    results: list[dict[str, Any]] = []
    missing: list[str] = []
    for i, key in enumerate(keys):
        if key is None:
            continue
        prop, value = key
        existing = find_call(crm, prop, value)
        if existing is None and prop == OBJECT_ID:
            missing.append(value)
            continue
        if prop == EXTERNAL_ID and (renamed := _renamed(entries[i], value, i)):
            engagement, errors = None, renamed
        elif existing is None:
            engagement, errors = _create(request.app, entries[i], value, i)
        else:
            engagement, errors = update_input(crm, existing, entries[i].get("properties"), f"inputs[{i}].")
        if errors or engagement is None:
            refused.append((i, errors))
        else:
            results.append({**call_object(engagement).to_json(), "new": existing is None})
    if refused and not results and not missing:
        raise validation_error([e for _, found in sorted(refused) for e in found], "No call was upserted")
    problems = [refused_error(i, found) for i, found in sorted(refused)]
    if missing:
        message = ("Could not upsert some calls by hs_object_id: they do not exist or are archived, and a new call's "
                   f"id is HubSpot's to choose (upsert by {EXTERNAL_ID} to create)")  # fmt: skip
        problems.append(batch_error("OBJECT_NOT_FOUND", message, {"ids": missing}))
    return batch_response(results, problems, started)
