"""Reads of the objects APIs for calls, contacts and companies: get, list, search, batch read."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from aiohttp import web

from simulator.hubspot.rest.objects import CONTACTS, FieldError, ObjectType, PublicObject, shown_properties
from simulator.hubspot.rest.search import parse_search, search
from simulator.server.appkeys import CRM
from simulator.server.rest import params
from simulator.server.rest.auth import RestHandler
from simulator.server.rest.errors import not_found, validation_error
from simulator.server.rest.lookup import association_names, associations, public_object, public_objects

SEARCH_EXAMPLE = (
    '{"filterGroups": [{"filters": [{"propertyName": "phone", "operator": "EQ", "value": "+16175550100"}]}]}'
)
BATCH_READ_EXAMPLE = '{"inputs": [{"id": "123"}], "properties": ["hs_call_title"]}'


def stamp() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _with_associations(
    request: web.Request, kind: ObjectType, obj: PublicObject, shown: list[str], wanted: list[str]
) -> dict[str, Any]:
    body = obj.to_json(shown)
    found = associations(request.app[CRM], kind, int(obj.id), wanted) if wanted else {}
    if found:
        body["associations"] = found
    return body


def get_handler(kind: ObjectType) -> RestHandler:
    """GET /crm/v3/objects/{kind}/{id}?properties&associations&archived."""

    async def get_object(request: web.Request) -> web.Response:
        id_property = request.query.get("idProperty")
        archived = params.flag(request, "archived")
        if kind is CONTACTS and id_property == "email":  # email is the contacts' unique property
            raw = request.match_info["object_id"]
            contact = request.app[CRM].contact_by_email(raw) if not archived else None
            obj = public_object(request.app[CRM], kind, contact.id) if contact else None
            if obj is None:
                raise not_found(kind.name, raw)
        elif id_property not in (None, "", "hs_object_id"):
            also = " or email" if kind is CONTACTS else ""
            raise validation_error([FieldError("idProperty", f"callsim looks {kind.name} up by hs_object_id{also}")])
        else:
            object_id = params.path_object_id(request, kind.name)
            obj = public_object(request.app[CRM], kind, object_id, archived)
            if obj is None:
                raise not_found(kind.name, str(object_id))
        shown = shown_properties(kind, params.names(request, "properties"))
        wanted = association_names(params.names(request, "associations"))
        return web.json_response(_with_associations(request, kind, obj, shown, wanted))

    return get_object


def list_handler(kind: ObjectType) -> RestHandler:
    """GET /crm/v3/objects/{kind}?limit&after&properties&associations&archived: pages in id order."""

    async def list_objects(request: web.Request) -> web.Response:
        limit, after = params.limit(request), params.after(request)
        objects = [o for o in public_objects(request.app[CRM], kind, params.flag(request, "archived"))
                   if after is None or int(o.id) > after]  # fmt: skip
        page = objects[:limit]
        shown = shown_properties(kind, params.names(request, "properties"))
        wanted = association_names(params.names(request, "associations"))
        body: dict[str, Any] = {"results": [_with_associations(request, kind, o, shown, wanted) for o in page]}
        if len(objects) > limit:
            cursor = page[-1].id
            body["paging"] = {"next": {"after": cursor, "link": str(request.url.update_query(after=cursor))}}
        return web.json_response(body)

    return list_objects


def search_handler(kind: ObjectType) -> RestHandler:
    """POST /crm/v3/objects/{kind}/search: filterGroups, query, sorts, properties, limit, after."""

    async def search_objects(request: web.Request) -> web.Response:
        body = await params.json_body(request, SEARCH_EXAMPLE)
        search_request, errors = parse_search(body)
        if search_request is None:
            raise validation_error(errors, "Invalid search request")
        objects = public_objects(request.app[CRM], kind)
        by_id = {o.id: o for o in objects}
        page = search([(o.id, o.properties) for o in objects], search_request, kind.searchable)
        shown = shown_properties(kind, search_request.properties)
        answer: dict[str, Any] = {"total": page.total, "results": [by_id[i].to_json(shown) for i in page.ids]}
        if page.next_after is not None:
            answer["paging"] = {"next": {"after": page.next_after, "link": f"?after={page.next_after}"}}
        return web.json_response(answer)

    return search_objects


def batch_read_handler(kind: ObjectType) -> RestHandler:
    """POST /crm/v3/objects/{kind}/batch/read: found ones in `results`; 207 with `errors` for the rest."""

    async def batch_read(request: web.Request) -> web.Response:
        started = stamp()
        body = await params.json_body(request, BATCH_READ_EXAMPLE)
        entries = params.inputs(body, BATCH_READ_EXAMPLE)
        requested = body.get("properties")
        if requested is not None and not (isinstance(requested, list) and all(isinstance(p, str) for p in requested)):
            raise validation_error([FieldError("properties", "properties must be a list of property names")])
        id_property = body.get("idProperty")
        if id_property not in (None, "", "hs_object_id"):
            raise validation_error([FieldError("idProperty", f"callsim looks {kind.name} up by hs_object_id only")])
        shown = shown_properties(kind, requested)
        archived = params.flag(request, "archived")
        results, missing, bad = [], [], []
        for i, entry in enumerate(entries):
            object_id, error = params.object_id(entry.get("id") if isinstance(entry, dict) else None, f"inputs[{i}].id")
            if error is not None:
                bad.append(error)
                continue
            assert object_id is not None
            obj = public_object(request.app[CRM], kind, object_id, archived)
            if obj is None:
                missing.append(str(object_id))
            else:
                results.append(obj.to_json(shown))
        if bad:
            raise validation_error(bad, "Invalid batch input")
        errors = []
        if missing:
            message = (
                f"Could not get some {kind.name} objects, they may be deleted or not exist. Check that ids are valid."
            )
            errors.append(batch_error("OBJECT_NOT_FOUND", message, {"ids": missing}))
        return batch_response(results, errors, started)

    return batch_read


def batch_error(category: str, message: str, context: dict[str, list[str]]) -> dict[str, Any]:
    """One StandardError of a batch answer (HubSpot's client requires every one of these fields)."""
    return {"status": "error", "category": category, "message": message, "context": context, "errors": [],
            "links": {}}  # fmt: skip


def batch_response(
    results: list[dict[str, Any]],
    errors: list[dict[str, Any]],
    started: str,
    status: int = 200,
    headers: dict[str, str] | None = None,
) -> web.Response:
    """BatchResponseSimplePublicObject; with errors: `numErrors`, `errors` and status 207."""
    body: dict[str, Any] = {"status": "COMPLETE", "results": results, "startedAt": started, "completedAt": stamp()}
    if errors:
        body.update(numErrors=len(errors), errors=errors)
        status = 207
    return web.json_response(body, status=status, headers=headers)
