"""The associations API (v4, and the dated versions' object-scoped paths): associate, label, remove, list, batches.

Shapes as HubSpot's client libraries read them (ids are strings). An association made here is the one the record
page and the SDK flow see: a call associated with a contact gets a card on that contact's timeline at once.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from aiohttp import web

from simulator.hubspot.crm.associations import (
    ALIASES,
    HUBSPOT_DEFINED,
    AssociationError,
    AssociationKind,
    NoSuchObject,
    associate,
    associated,
    dissociate,
    kind_of,
)
from simulator.hubspot.rest.fields import parse_whole
from simulator.hubspot.rest.objects import FieldError
from simulator.hubspot.sdk.protocol import now_ms
from simulator.server.appkeys import CRM
from simulator.server.rest import params
from simulator.server.rest.errors import hubspot_error, validation_error
from simulator.server.rest.objects import batch_error, batch_response, stamp

TYPES_EXAMPLE = '[{"associationCategory": "HUBSPOT_DEFINED", "associationTypeId": 194}]'
MAX_PAGE = 500  # HubSpot's largest page of associations


def _kind(request: web.Request) -> AssociationKind:
    from_type = ALIASES[request.match_info.get("from_object_type", "calls")]  # the beta's routes name calls
    to_type = ALIASES[request.match_info["to_object_type"]]
    try:
        return kind_of(from_type, to_type)
    except AssociationError as error:
        raise validation_error([FieldError("toObjectType", str(error))], "Unsupported association") from None


def _path_id(request: web.Request, key: str, name: str) -> int:
    """An id in the path; one that cannot be an id answers 404 as the objects paths do (params.path_object_id)."""
    raw = request.match_info[key]
    number = parse_whole(raw)
    if number is None:
        raise hubspot_error(404, f"Object not found: {name} {raw!r} is no object id (digits 0-9)",
                            context={"id": [raw]})  # fmt: skip
    return number


def _refused(error: AssociationError) -> web.HTTPException:
    if isinstance(error, NoSuchObject):
        return hubspot_error(404, f"Object not found: {error}", context={"reason": [str(error)]})
    return validation_error([FieldError("association", str(error))], "Association refused")


def _spec(kind: AssociationKind, type_id: int) -> dict[str, Any]:
    return {"associationCategory": HUBSPOT_DEFINED, "associationTypeId": type_id}


def _pair(kind: AssociationKind, from_id: int, to_id: int, type_ids: set[int]) -> dict[str, Any]:
    """LabelsBetweenObjectPair."""
    return {"fromObjectTypeId": kind.from_type, "fromObjectId": str(from_id), "toObjectTypeId": kind.to_type,
            "toObjectId": str(to_id), "labels": kind.labels(type_ids)}  # fmt: skip


def parse_types(kind: AssociationKind, raw: Any, where: str) -> tuple[set[int], list[FieldError]]:
    """A list of {associationCategory, associationTypeId}: the type ids, each one this pair has."""
    if not isinstance(raw, list) or not raw:
        return set(), [FieldError(where, f"{where} must list association types, e.g. {TYPES_EXAMPLE}", "REQUIRED")]
    found, errors = set(), []
    for i, spec in enumerate(raw):
        category = spec.get("associationCategory") if isinstance(spec, Mapping) else None
        type_id = spec.get("associationTypeId") if isinstance(spec, Mapping) else None
        if category != HUBSPOT_DEFINED or type_id not in kind.type_ids():
            known = " or ".join(str(t) for t in kind.type_ids())
            errors.append(FieldError(f"{where}[{i}]", f"{category}/{type_id!r} is not an association type from "
                                     f"{kind.from_type} to {kind.to_type}: use HUBSPOT_DEFINED {known} (callsim "
                                     "has no custom labels)"))  # fmt: skip
        else:
            found.add(type_id)
    return found, errors


def _location(request: web.Request) -> dict[str, str]:
    return {"Location": str(request.url.with_query(None))}


async def put_default(request: web.Request) -> web.Response:
    """PUT …/{fromObjectType}/{fromObjectId}/associations/default/{toObjectType}/{toObjectId}: 200."""
    started, kind = stamp(), _kind(request)
    from_id, to_id = _path_id(request, "object_id", "fromObjectId"), _path_id(request, "to_object_id", "toObjectId")
    try:
        associate(request.app[CRM], kind, from_id, to_id, now_ms())
    except AssociationError as error:
        raise _refused(error) from None
    result = {
        "from": {"id": str(from_id)},
        "to": {"id": str(to_id)},
        "associationSpec": _spec(kind, kind.default_type_id),
    }
    return batch_response([result], [], started, headers=_location(request))


async def put_labelled(request: web.Request) -> web.Response:
    """PUT …/{objectType}/{objectId}/associations/{toObjectType}/{toObjectId} with association types: 201."""
    kind = _kind(request)
    from_id, to_id = _path_id(request, "object_id", "objectId"), _path_id(request, "to_object_id", "toObjectId")
    body = await params.json_value(request, TYPES_EXAMPLE)
    type_ids, errors = parse_types(kind, body, "body")
    if errors:
        raise validation_error(errors, "Invalid association types")
    try:
        associate(request.app[CRM], kind, from_id, to_id, now_ms())
    except AssociationError as error:
        raise _refused(error) from None
    return web.json_response(_pair(kind, from_id, to_id, type_ids), status=201, headers=_location(request))


async def delete(request: web.Request) -> web.Response:
    """DELETE …/{objectType}/{objectId}/associations/{toObjectType}/{toObjectId}: 204, also when there was none."""
    kind = _kind(request)
    from_id, to_id = _path_id(request, "object_id", "objectId"), _path_id(request, "to_object_id", "toObjectId")
    dissociate(request.app[CRM], kind, from_id, to_id, now_ms())
    return web.Response(status=204)


def _listed(kind: AssociationKind, found: list[tuple[int, tuple[int, ...]]]) -> list[dict[str, Any]]:
    return [{"toObjectId": str(i), "associationTypes": [kind.spec(t) for t in types]} for i, types in found]


async def list_calls(request: web.Request) -> web.Response:
    """GET /crm/objects/2026-09-beta/calls/{callId}/associations/{toObjectType} (the beta calls API)."""
    return await list_associations(request)


async def list_associations(request: web.Request) -> web.Response:
    """GET …/{objectType}/{objectId}/associations/{toObjectType}?limit&after: pages in id order."""
    kind = _kind(request)
    from_id = _path_id(request, "object_id", "objectId")
    limit, after = params.limit(request, default=MAX_PAGE, most=MAX_PAGE), params.after(request)
    try:
        found = [(i, t) for i, t in associated(request.app[CRM], kind, from_id) if after is None or i > after]
    except AssociationError as error:
        raise _refused(error) from None
    body: dict[str, Any] = {"results": _listed(kind, found[:limit])}
    if len(found) > limit:
        cursor = str(found[limit - 1][0])
        body["paging"] = {"next": {"after": cursor, "link": str(request.url.update_query(after=cursor))}}
    return web.json_response(body)


def _ids(entry: Any, where: str) -> tuple[int | None, int | None, list[FieldError]]:
    """An input's `from.id` and `to.id` (to: an object, not a list)."""
    errors: list[FieldError] = []
    ends = []
    for end in ("from", "to"):
        node = entry.get(end) if isinstance(entry, Mapping) else None
        number, error = params.object_id(node.get("id") if isinstance(node, Mapping) else None, f"{where}.{end}.id")
        ends.append(number)
        if error is not None:
            errors.append(error)
    return ends[0], ends[1], errors


async def batch_create(request: web.Request) -> web.Response:
    """POST /crm/v4/associations/{from}/{to}/batch/create: 201; 207 when some inputs failed."""
    return await _batch_associate(request, labelled=True)


async def batch_default(request: web.Request) -> web.Response:
    """POST /crm/v4/associations/{from}/{to}/batch/associate/default: 200; 207 when some inputs failed."""
    return await _batch_associate(request, labelled=False)


async def _batch_associate(request: web.Request, labelled: bool) -> web.Response:
    started, kind = stamp(), _kind(request)
    example = f'{{"inputs": [{{"from": {{"id": "30000000001"}}, "to": {{"id": "51"}}, "types": {TYPES_EXAMPLE}}}]}}'
    entries = params.inputs(await params.json_body(request, example), example)
    results, problems, bad = [], [], []
    for i, entry in enumerate(entries):
        from_id, to_id, errors = _ids(entry, f"inputs[{i}]")
        type_ids = {kind.default_type_id}
        if labelled and not errors:
            type_ids, errors = parse_types(kind, entry.get("types"), f"inputs[{i}].types")
        if errors or from_id is None or to_id is None:
            bad += errors
            continue
        try:
            associate(request.app[CRM], kind, from_id, to_id, now_ms())
        except AssociationError as error:
            problems.append(batch_error("VALIDATION_ERROR", str(error), {"index": [str(i)]}))
            continue
        if labelled:
            results.append(_pair(kind, from_id, to_id, type_ids))
        else:
            results.append({"from": {"id": str(from_id)}, "to": {"id": str(to_id)},
                            "associationSpec": _spec(kind, kind.default_type_id)})  # fmt: skip
    if bad:
        raise validation_error(bad, "Invalid batch input")
    return batch_response(results, problems, started, status=201 if labelled else 200)


async def batch_read(request: web.Request) -> web.Response:
    """POST /crm/v4/associations/{from}/{to}/batch/read `{inputs: [{id}]}`: 200; 207 for unknown ids."""
    started, kind = stamp(), _kind(request)
    example = '{"inputs": [{"id": "51"}]}'
    entries = params.inputs(await params.json_body(request, example), example)
    results, missing, bad = [], [], []
    for i, entry in enumerate(entries):
        from_id, error = params.object_id(entry.get("id") if isinstance(entry, Mapping) else None, f"inputs[{i}].id")
        if error is not None or from_id is None:
            bad += [error] if error else []
            continue
        try:
            found = associated(request.app[CRM], kind, from_id)
        except AssociationError:
            missing.append(str(from_id))
            continue
        results.append({"from": {"id": str(from_id)}, "to": _listed(kind, found)})
    if bad:
        raise validation_error(bad, "Invalid batch input")
    problems = [batch_error("OBJECT_NOT_FOUND", "No such objects to read associations of", {"ids": missing})]
    return batch_response(results, problems if missing else [], started)


async def batch_archive(request: web.Request) -> web.Response:
    """POST /crm/v4/associations/{from}/{to}/batch/archive `{inputs: [{from: {id}, to: [{id}]}]}`: 204."""
    kind = _kind(request)
    example = '{"inputs": [{"from": {"id": "30000000001"}, "to": [{"id": "51"}]}]}'
    entries = params.inputs(await params.json_body(request, example), example)
    pairs, bad = [], []
    for i, entry in enumerate(entries):
        node = entry.get("from") if isinstance(entry, Mapping) else None
        from_id, error = params.object_id(node.get("id") if isinstance(node, Mapping) else None, f"inputs[{i}].from.id")
        targets = entry.get("to") if isinstance(entry, Mapping) else None
        if error is not None or from_id is None or not isinstance(targets, list):
            bad.append(error or FieldError(f"inputs[{i}].to", f"inputs[{i}].to must be a list of {{id}}"))
            continue
        for j, target in enumerate(targets):
            raw = target.get("id") if isinstance(target, Mapping) else None
            to_id, to_error = params.object_id(raw, f"inputs[{i}].to[{j}].id")
            if to_error is not None or to_id is None:
                bad += [to_error] if to_error else []
            else:
                pairs.append((from_id, to_id))
    return _dissociate_all(request, kind, pairs, bad)


async def batch_archive_labels(request: web.Request) -> web.Response:
    """POST /crm/v4/associations/{from}/{to}/batch/labels/archive: 204. callsim's associations carry no label but
    the defaults, so removing a pair's types removes the association."""
    kind = _kind(request)
    example = f'{{"inputs": [{{"from": {{"id": "30000000001"}}, "to": {{"id": "51"}}, "types": {TYPES_EXAMPLE}}}]}}'
    entries = params.inputs(await params.json_body(request, example), example)
    pairs, bad = [], []
    for i, entry in enumerate(entries):
        from_id, to_id, errors = _ids(entry, f"inputs[{i}]")
        if not errors:
            errors = parse_types(kind, entry.get("types"), f"inputs[{i}].types")[1]
        if errors or from_id is None or to_id is None:
            bad += errors
        else:
            pairs.append((from_id, to_id))
    return _dissociate_all(request, kind, pairs, bad)


def _dissociate_all(
    request: web.Request, kind: AssociationKind, pairs: list[tuple[int, int]], bad: list[FieldError]
) -> web.Response:
    """A batch's removals, none when any input was bad (400 naming them all); 204."""
    if bad:
        raise validation_error(bad, "Invalid batch input")
    for from_id, to_id in pairs:
        dissociate(request.app[CRM], kind, from_id, to_id, now_ms())
    return web.Response(status=204)
