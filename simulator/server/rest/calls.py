"""Writes of the calls API (docs/protocol.md §7.3): create, update, archive and their batch forms.

REST goes through the same `Crm` as the SDK flow, so a call POSTed here and one a widget created with
`createEngagement: true` are the same kind of object in one id space.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from aiohttp import web

from simulator.hubspot.crm.portal import Association, Crm, Engagement
from simulator.hubspot.rest.objects import (
    ASSOCIATION_BY_TYPE_ID,
    RECORD_TYPE_OF,
    FieldError,
    call_object,
    check_call_properties,
    coerce_properties,
    merged_properties,
)
from simulator.hubspot.sdk.protocol import now_ms
from simulator.server.appkeys import CRM
from simulator.server.rest import params
from simulator.server.rest.errors import not_found, validation_error
from simulator.server.rest.live import REST_WRITES
from simulator.server.rest.objects import batch_error, batch_response, stamp

CREATE_EXAMPLE = (
    '{"properties": {"hs_timestamp": "2026-01-01T10:00:00Z", "hs_call_title": "Call"}, "associations": '
    '[{"to": {"id": "501"}, "types": [{"associationCategory": "HUBSPOT_DEFINED", "associationTypeId": 194}]}]}'
)
UPDATE_EXAMPLE = '{"properties": {"hs_call_status": "COMPLETED"}}'
BATCH_UPDATE_EXAMPLE = '{"inputs": [{"id": "30000000001", "properties": {"hs_call_body": "Notes"}}]}'
ARCHIVE_EXAMPLE = '{"inputs": [{"id": "30000000001"}]}'


def _prefixed(errors: list[FieldError], prefix: str) -> list[FieldError]:
    return [FieldError(prefix + e.field, e.message, e.code) for e in errors] if prefix else errors


def parse_associations(crm: Crm, raw: Any, prefix: str = "") -> tuple[list[Association], list[FieldError]]:
    """`associations: [{to: {id}, types: [{associationCategory, associationTypeId}]}]` to (objectTypeId, id)."""
    if raw is None:
        return [], []
    if not isinstance(raw, list):
        return [], [FieldError(f"{prefix}associations", "associations must be a list of {to: {id}, types: [...]}")]
    found: list[Association] = []
    errors: list[FieldError] = []
    for i, item in enumerate(raw):
        where = f"{prefix}associations[{i}]"
        to = item.get("to") if isinstance(item, Mapping) else None
        object_id, error = params.object_id(to.get("id") if isinstance(to, Mapping) else None, f"{where}.to.id")
        types = item.get("types") if isinstance(item, Mapping) else None
        if error is not None:
            errors.append(error)
            continue
        if not isinstance(types, list) or not types:
            errors.append(FieldError(f"{where}.types", "types must list at least one {associationCategory, "
                                                       "associationTypeId}"))  # fmt: skip
            continue
        for j, spec in enumerate(types):
            type_id = spec.get("associationTypeId") if isinstance(spec, Mapping) else None
            category = spec.get("associationCategory") if isinstance(spec, Mapping) else None
            kind = ASSOCIATION_BY_TYPE_ID.get(type_id) if isinstance(type_id, int) else None
            if category != "HUBSPOT_DEFINED" or kind is None:
                errors.append(FieldError(
                    f"{where}.types[{j}]",
                    f"association type {category}/{type_id!r} is not one callsim knows: use HUBSPOT_DEFINED 194 "
                    "(call to contact) or 182 (call to company)",
                ))  # fmt: skip
                continue
            record_type = RECORD_TYPE_OF[kind.to]
            if crm.record(record_type, object_id or 0) is None:
                errors.append(FieldError(f"{where}.to.id", f"no {kind.to[:-1]} {object_id} to associate with "
                                                           f"(type {type_id} is call to {kind.to[:-1]})"))  # fmt: skip
                continue
            found.append((record_type, object_id or 0))
    return list(dict.fromkeys(found)), errors


def create_input(app: web.Application, body: Any, prefix: str = "") -> tuple[Engagement | None, list[FieldError]]:
    """One call from a create input; nothing is created when any of it is wrong."""
    if not isinstance(body, Mapping):
        return None, [FieldError(prefix.rstrip(".") or "body", f"each input is an object like {CREATE_EXAMPLE}")]
    crm = app[CRM]
    properties, errors = coerce_properties(body.get("properties"), "properties")
    errors += check_call_properties(properties, creating=True)
    associations, association_errors = parse_associations(crm, body.get("associations"))
    errors = _prefixed(errors + association_errors, prefix)
    if errors:
        return None, errors
    kept = merged_properties({}, properties)
    writes = app[REST_WRITES]
    writes.creating = True
    try:
        engagement = crm.create_engagement(
            None,
            kept.get("hs_call_direction", ""),
            associations,
            kept,
            now_ms(),
            status=kept.get("hs_call_status", ""),
        )
    finally:
        writes.creating = False
    return engagement, []


def update_input(crm: Crm, object_id: int, raw: Any, prefix: str = "") -> tuple[Engagement | None, list[FieldError]]:
    current = crm.engagement(object_id)
    if current is None:
        return None, []
    properties, errors = coerce_properties(raw, "properties")
    errors = _prefixed(errors + check_call_properties(properties, creating=False), prefix)
    if errors:
        return None, errors
    changed = {name: value for name, value in properties.items() if value != ""}
    cleared = [name for name, value in properties.items() if value == ""]  # "" clears, as in HubSpot
    updated = crm.update_engagement(
        object_id,
        now_ms(),
        changed,
        status=changed.get("hs_call_status"),
        direction=changed.get("hs_call_direction"),
        cleared=cleared,
    )
    return updated, []


async def create_call(request: web.Request) -> web.Response:
    """POST /crm/v3/objects/calls: 201 SimplePublicObject."""
    body = await params.json_body(request, CREATE_EXAMPLE)
    engagement, errors = create_input(request.app, body)
    if engagement is None:
        raise validation_error(errors)
    # Where the new call is read (RFC 9110 §15.3.2), on the version's own path the request came in on.
    location = str(request.url.with_path(f"{request.path.rstrip('/')}/{engagement.id}"))
    return web.json_response(call_object(engagement).to_json(), status=201, headers={"Location": location})


async def update_call(request: web.Request) -> web.Response:
    """PATCH /crm/v3/objects/calls/{id}: only the given properties change; "" clears one."""
    object_id = params.path_object_id(request, "calls")
    body = await params.json_body(request, UPDATE_EXAMPLE)
    engagement, errors = update_input(request.app[CRM], object_id, body.get("properties"))
    if errors:
        raise validation_error(errors)
    if engagement is None:
        raise not_found("calls", str(object_id))
    return web.json_response(call_object(engagement).to_json())


async def archive_call(request: web.Request) -> web.Response:
    """DELETE /crm/v3/objects/calls/{id}: archives; 204 (also for an id already archived, as HubSpot)."""
    object_id = params.path_object_id(request, "calls")
    crm = request.app[CRM]
    if crm.engagement(object_id) is not None:
        crm.archive_engagement(object_id, now_ms())
    elif object_id not in crm.archived:
        raise not_found("calls", str(object_id))
    return web.Response(status=204)


async def batch_create(request: web.Request) -> web.Response:
    """POST /crm/v3/objects/calls/batch/create: 201; 207 when some inputs were refused (the rest are created)."""
    started = stamp()
    body = await params.json_body(request, f'{{"inputs": [{CREATE_EXAMPLE}]}}')
    entries = params.inputs(body, f"[{CREATE_EXAMPLE}]")
    results, errors = [], []
    for i, entry in enumerate(entries):
        engagement, refused = create_input(request.app, entry, f"inputs[{i}].")
        if engagement is not None:
            results.append(call_object(engagement).to_json())
        else:
            errors.append((i, refused))
    if errors and not results:
        raise validation_error([e for _, found in errors for e in found], "No call was created")
    return batch_response(results, [refused_error(i, found) for i, found in errors], started, status=201)


def refused_error(index: int, found: list[FieldError]) -> dict[str, Any]:
    error = batch_error("VALIDATION_ERROR", "; ".join(f"{e.field}: {e.message}" for e in found),
                        {"index": [str(index)], "properties": [e.field for e in found]})  # fmt: skip
    error["errors"] = [e.to_json() for e in found]
    return error


async def batch_update(request: web.Request) -> web.Response:
    """POST /crm/v3/objects/calls/batch/update: 200; 207 with errors for unknown ids or refused inputs."""
    started = stamp()
    body = await params.json_body(request, BATCH_UPDATE_EXAMPLE)
    entries = params.inputs(body, BATCH_UPDATE_EXAMPLE)
    crm = request.app[CRM]
    results, missing, refused = [], [], []
    for i, entry in enumerate(entries):
        raw_id = entry.get("id") if isinstance(entry, dict) else None
        object_id, error = params.object_id(raw_id, f"inputs[{i}].id")
        if error is not None or object_id is None:
            refused.append((i, [error] if error else []))
            continue
        engagement, errors = update_input(crm, object_id, entry.get("properties"), f"inputs[{i}].")
        if errors:
            refused.append((i, errors))
        elif engagement is None:
            missing.append(str(object_id))
        else:
            results.append(call_object(engagement).to_json())
    if refused and not results and not missing:
        raise validation_error([e for _, found in refused for e in found], "No call was updated")
    problems = [refused_error(i, found) for i, found in refused]
    if missing:
        problems.append(batch_error("OBJECT_NOT_FOUND", "Could not update some calls: they do not exist or are "
                                    "archived. Check that ids are valid.", {"ids": missing}))  # fmt: skip
    return batch_response(results, problems, started)


async def batch_archive(request: web.Request) -> web.Response:
    """POST /crm/v3/objects/calls/batch/archive: 204; ids that do not exist are skipped, as HubSpot does."""
    body = await params.json_body(request, ARCHIVE_EXAMPLE)
    entries = params.inputs(body, ARCHIVE_EXAMPLE)
    crm = request.app[CRM]
    for object_id in params.input_ids(entries):
        if crm.engagement(object_id) is not None:
            crm.archive_engagement(object_id, now_ms())
    return web.Response(status=204)
