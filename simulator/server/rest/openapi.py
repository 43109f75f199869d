"""`GET /openapi.json`: an OpenAPI 3 document of the REST API callsim serves, built from its router.

Every route registered under /crm appears, described from OPERATIONS (the date-versioned twins share their v3
twin's description); a route with no description is listed as `x-callsim-undocumented` and a test fails on it.
"""

from __future__ import annotations

import re
from typing import Any

from aiohttp import web

from simulator.hubspot.rest.objects import OBJECT_TYPES
from simulator.hubspot.rest.record_properties import RECORD_KINDS
from simulator.server.rest import versions
from simulator.server.rest.openapi_links import add_links
from simulator.server.rest.openapi_schemas import SCHEMAS, ref
from simulator.server.rest.path_params import CALL_TYPE_NAMES, OBJECT_TYPE_NAMES
from simulator.server.rest.rate_limit_openapi import with_rate_limits
from simulator.server.rest.version_routes import ROUTE_RULES
from simulator.server.rest.versions import Family as F

PATH = "/openapi.json"
REST_PREFIX = "/crm/"
# A dated version's path and the v3 path whose description it shares (versions.py).
TWINS = tuple(versions.twins())
BEARER: list[dict[str, list[str]]] = [{"bearer": []}]
DEVELOPER_KEY: list[dict[str, list[str]]] = [{"hapikey": []}]
KEY_OR_BEARER: list[dict[str, list[str]]] = [{"hapikey": []}, {"bearer": []}]
_PARAM = re.compile(r"\{[^}]*\}")

Operation = dict[str, Any]


def _json(schema: dict[str, Any]) -> dict[str, Any]:
    return {"content": {"application/json": {"schema": schema}}}


def op(
    summary: str,
    ok: int,
    response: str | None,
    body: str | None = None,
    security: list[dict[str, list[str]]] = BEARER,
    query: tuple[dict[str, Any], ...] = (),
    more: dict[int, str] | None = None,
) -> Operation:
    """One operation: its success answer (`response` None: no body) and HubSpot's Error for everything else."""
    responses: dict[str, Any] = {str(ok): {"description": "success", **(_json(ref(response)) if response else {})}}
    for status, schema in (more or {}).items():
        responses[str(status)] = {"description": "partial success", **_json(ref(schema))}
    responses["default"] = {"description": "HubSpot's error shape", **_json(ref("Error"))}
    operation: Operation = {"summary": summary, "security": security, "responses": with_rate_limits(responses)}
    if query:
        operation["parameters"] = list(query)
    if body:
        operation["requestBody"] = {"required": True, **_json(ref(body))}
    return operation


def q(name: str, schema: dict[str, Any], explode: bool = False) -> dict[str, Any]:
    return {"name": name, "in": "query", "required": False, "schema": schema, "explode": explode}


LIST_QUERY = (
    q("limit", {"type": "integer", "minimum": 1, "maximum": 100}),
    q("after", {"type": "string", "pattern": "^[0-9]{1,18}$"}),
    q("properties", {"type": "array", "items": {"type": "string"}}),
    q("associations", {"type": "array", "items": {"type": "string"}}),
    q("archived", {"type": "boolean"}),
)
GET_QUERY = (*LIST_QUERY[2:], q("idProperty", {"type": "string", "enum": ["hs_object_id"]}))
# Contacts are also found by email (HubSpot's unique property of contacts); companies by id only.
RECORD_ID_PROPERTY = {
    "contacts": q("idProperty", {"type": "string", "enum": ["hs_object_id", "email"]}),
    "companies": q("idProperty", {"type": "string", "enum": ["hs_object_id"]}),
}
ID_PROPERTY = q("idProperty", {"type": "string", "enum": ["hs_object_id", "hs_call_external_id"]})
PAGE_QUERY = (q("limit", {"type": "integer", "minimum": 1, "maximum": 500}), LIST_QUERY[1])
USER_IDS = {"name": "userId", "in": "query", "required": True, "explode": True,
            "schema": {"type": "array", "minItems": 1, "items": {"type": "integer", "minimum": 0}}}  # fmt: skip


def _object_operations() -> dict[tuple[str, str], Operation]:
    found: dict[tuple[str, str], Operation] = {}
    for kind in OBJECT_TYPES.values():
        base, one = f"/crm/v3/objects/{kind.name}", f"/crm/v3/objects/{kind.name}/{{objectId}}"
        found[("GET", base)] = op(f"List {kind.name}", 200, "CollectionResponse", query=LIST_QUERY)
        by = RECORD_ID_PROPERTY.get(kind.name, GET_QUERY[-1])
        found[("GET", one)] = op(f"Read one of the {kind.name}", 200, "SimplePublicObjectWithAssociations",
                                 query=(*GET_QUERY[:-1], by))  # fmt: skip
        found[("POST", base + "/search")] = op(f"Search {kind.name}", 200, "SearchResponse", "SearchRequest")
        found[("POST", base + "/batch/read")] = op(f"Read a batch of {kind.name}", 200, "BatchResponse", "BatchRead",
                                                   query=(LIST_QUERY[4],), more={207: "BatchResponse"})  # fmt: skip
    calls, call = "/crm/v3/objects/calls", "/crm/v3/objects/calls/{objectId}"
    found[("POST", calls)] = op("Create a call", 201, "SimplePublicObject", "CallCreate")
    found[("POST", calls)]["responses"]["201"]["headers"]["Location"] = {
        "description": "the new call's URL", "schema": {"type": "string"}}  # fmt: skip
    found[("PATCH", call)] = op("Update a call's properties", 200, "SimplePublicObject", "CallUpdate")
    found[("DELETE", call)] = op("Archive a call", 204, None)
    found[("POST", calls + "/batch/create")] = op("Create calls", 201, "BatchResponse", "BatchCallCreate",
                                                  more={207: "BatchResponse"})  # fmt: skip
    found[("POST", calls + "/batch/update")] = op("Update calls", 200, "BatchResponse", "BatchCallUpdate",
                                                  more={207: "BatchResponse"})  # fmt: skip
    found[("POST", calls + "/batch/archive")] = op("Archive calls", 204, None, "BatchObjectId")
    found[("POST", calls + "/batch/upsert")] = op("Create or update calls by hs_object_id or hs_call_external_id",
                                                  200, "BatchUpsertResponse", "BatchCallUpsert",
                                                  query=(ID_PROPERTY,), more={207: "BatchUpsertResponse"})  # fmt: skip
    found[("POST", calls + "/merge")] = op("Merge two calls", 200, "SimplePublicObject", "PublicMergeInput")
    found[("POST", calls + "/gdpr-delete")] = op("Delete a call for good (GDPR)", 204, None,
                                                 "PublicGdprDeleteInput")  # fmt: skip
    return found


def _custom_object_operations() -> dict[tuple[str, str], Operation]:
    """Reads of the fixtures' custom objects (custom_objects.py), on v3's paths (the dated twins share them)."""
    base, one = "/crm/v3/objects/{customObjectType}", "/crm/v3/objects/{customObjectType}/{objectId}"
    return {
        ("GET", base): op("List a custom object's records", 200, "CollectionResponse", query=LIST_QUERY),
        ("GET", one): op("Read a custom object's record", 200, "SimplePublicObjectWithAssociations",
                         query=GET_QUERY),
        ("POST", base + "/search"): op("Search a custom object's records", 200, "SearchResponse", "SearchRequest"),
        ("POST", base + "/batch/read"): op("Read a batch of a custom object's records", 200, "BatchResponse",
                                           "BatchRead", more={207: "BatchResponse"}),
    }  # fmt: skip


def _record_operations() -> dict[tuple[str, str], Operation]:
    """Contacts' and companies' writes (record_writes.py)."""
    found: dict[tuple[str, str], Operation] = {}
    for records in RECORD_KINDS.values():
        base, one, name = (
            f"/crm/v3/objects/{records.name}",
            f"/crm/v3/objects/{records.name}/{{objectId}}",
            records.name,
        )
        found[("POST", base)] = op(f"Create a {records.singular}", 201, "SimplePublicObject", "RecordCreate",
                                   more={409: "Error"})  # fmt: skip
        found[("POST", base)]["responses"]["201"]["headers"]["Location"] = {
            "description": f"the new {records.singular}'s URL", "schema": {"type": "string"}}  # fmt: skip
        found[("PATCH", one)] = op(f"Update a {records.singular}'s properties", 200, "SimplePublicObject", "CallUpdate",
                                   query=(RECORD_ID_PROPERTY[records.name],), more={409: "Error"})  # fmt: skip
        found[("DELETE", one)] = op(f"Archive a {records.singular}", 204, None)
        found[("POST", base + "/batch/create")] = op(f"Create {name}", 201, "BatchResponse", "BatchRecordCreate",
                                                     more={207: "BatchResponse"})  # fmt: skip
        found[("POST", base + "/batch/update")] = op(f"Update {name}", 200, "BatchResponse", "BatchCallUpdate",
                                                     more={207: "BatchResponse"})  # fmt: skip
        found[("POST", base + "/batch/archive")] = op(f"Archive {name}", 204, None, "BatchObjectId")
        found[("POST", base + "/batch/upsert")] = op(f"Create or update {name}", 200, "BatchUpsertResponse",
                                                     "BatchRecordUpsert",
                                                     more={207: "BatchUpsertResponse"})  # fmt: skip
    return found


def _association_operations() -> dict[tuple[str, str], Operation]:
    """The associations API (associations.py), at each version's own prefix (v3 has no twin to share)."""
    found: dict[tuple[str, str], Operation] = {}
    for version in versions.VERSIONS:
        reads, writes = version.prefix(F.ASSOCIATION_READS), version.prefix(F.ASSOCIATION_WRITES)
        calls_only = version.object_types == ("calls",)  # the beta: a call's associations, on literal paths
        for from_type in CALL_TYPE_NAMES if calls_only else ("{fromObjectType}",) if reads else ():
            found[("GET", f"{reads}/{from_type}/{{objectId}}/associations/{{toObjectType}}")] = op(
                "List an object's associations of a type", 200, "AssociationsPage", query=PAGE_QUERY)  # fmt: skip
        if writes:
            base = f"{writes}/{{fromObjectType}}/{{objectId}}/associations"
            pair = f"{base}/{{toObjectType}}/{{toObjectId}}"
            found[("PUT", f"{base}/default/{{toObjectType}}/{{toObjectId}}")] = _located(
                op("Associate two objects with the default type", 200, "DefaultAssociationsResponse")
            )
            found[("PUT", pair)] = _located(
                op("Associate two objects with these types", 201, "LabelsBetweenObjectPair", "AssociationSpecs")
            )
            found[("DELETE", pair)] = op("Remove every association between two objects", 204, None)
        if batches := version.prefix(F.ASSOCIATION_BATCHES):
            base = f"{batches}/{{fromObjectType}}/{{toObjectType}}/batch"
            found[("POST", f"{base}/create")] = op(
                "Associate pairs with types",
                201,
                "LabelsBatchResponse",
                "AssociationBatchCreate",
                more={207: "LabelsBatchResponse"},
            )
            found[("POST", f"{base}/associate/default")] = op(
                "Associate pairs with the default type",
                200,
                "DefaultAssociationsResponse",
                "AssociationBatchDefault",
                more={207: "DefaultAssociationsResponse"},
            )
            found[("POST", f"{base}/read")] = op(
                "Read the associations of a batch of objects",
                200,
                "AssociationsBatchRead",
                "BatchObjectId",
                more={207: "AssociationsBatchRead"},
            )
            found[("POST", f"{base}/archive")] = op(
                "Remove associations in a batch", 204, None, "AssociationBatchArchive"
            )
            found[("POST", f"{base}/labels/archive")] = op(
                "Remove association types in a batch", 204, None, "AssociationBatchCreate"
            )
    return found  # fmt: skip


def _located(operation: Operation) -> Operation:
    """An association PUT's answer names the association's URL (the one DELETE takes)."""
    ok = next(code for code in operation["responses"] if code.startswith("2"))
    operation["responses"][ok].setdefault("headers", {})["Location"] = {
        "description": "the association's URL", "schema": {"type": "string"}}  # fmt: skip
    return operation


def _calling_operations() -> dict[tuple[str, str], Operation]:
    c, s = "/crm/v3/extensions/calling", "/crm/v3/extensions/calling/{appId}/settings"
    statuses = "/crm/extensions/calling/v3/connection-statuses"
    key = DEVELOPER_KEY
    found: dict[tuple[str, str], Operation] = {
        ("POST", f"{c}/transcripts"): op(
            "Create a transcript for a call", 200, "TranscriptCreateResponse", "TranscriptCreateRequest"
        ),  # fmt: skip
        ("GET", f"{c}/transcripts/{{transcriptId}}"): op("Read a transcript", 200, "TranscriptResponse"),
        ("DELETE", f"{c}/transcripts/{{transcriptId}}"): op("Delete a transcript", 204, None),
        ("POST", f"{c}/recordings/ready"): op(
            "Mark a call's recording ready: callsim fetches it", 204, None, "MarkRecordingAsReadyRequest", KEY_OR_BEARER
        ),  # fmt: skip
        ("POST", f"{c}/inbound-call"): op(
            "Report an inbound call",
            200,
            "CompletedThirdPartyCallResponse",
            "CompletedThirdPartyCallRequest",
            KEY_OR_BEARER,
        ),  # fmt: skip
        ("GET", statuses): op("Connection status of users", 200, "ConnectionStatuses", query=(USER_IDS,)),
        ("GET", f"{statuses}/me"): op("Connection status of the token's user", 200, "ConnectionStatus"),
        ("POST", f"{statuses}/batch/read"): op(
            "Connection status of a batch of users", 200, "ConnectionStatuses", "BatchUserIds"
        ),  # fmt: skip
        ("GET", s): op("Read an app's calling settings", 200, "SettingsResponse", security=key),
        ("POST", s): op("Create an app's calling settings", 200, "SettingsResponse", "SettingsRequest", key),
        ("PATCH", s): op("Update an app's calling settings", 200, "SettingsResponse", "SettingsPatchRequest", key),
        ("DELETE", s): op("Delete an app's calling settings", 204, None, security=key),
    }
    for part, name in (("channel-connection", "ChannelConnectionSettings"), ("recording", "RecordingSettings")):
        path = f"{s}/{part}"
        found[("GET", path)] = op(f"Read an app's {part} settings", 200, f"{name}Response", security=key)
        found[("POST", path)] = op(f"Create an app's {part} settings", 200, f"{name}Response", f"{name}Request", key)
        found[("PATCH", path)] = op(f"Update an app's {part} settings", 200, f"{name}Response",
                                    f"{name}PatchRequest", key)  # fmt: skip
        if part != "recording":  # the spec has no DELETE for recording settings
            found[("DELETE", path)] = op(f"Delete an app's {part} settings", 204, None, security=key)
    return found


OPERATIONS: dict[tuple[str, str], Operation] = {
    **_object_operations(),
    **_record_operations(),
    **_custom_object_operations(),
    **_association_operations(),
    **_calling_operations(),
}


def shape(path: str) -> str:
    """A path with its parameters blanked, so `{object_id}` and `{callId}` compare equal."""
    return _PARAM.sub("{}", path)


def _canonical(path: str) -> str:
    for twin, v3 in TWINS:
        if path.startswith(twin):
            return v3 + path[len(twin) :]
    return path


_BY_SHAPE = {(method, shape(path)): (path, operation) for (method, path), operation in OPERATIONS.items()}


def rest_routes(app: web.Application) -> list[tuple[str, str]]:
    """(method, path) of every route registered under /crm (HEAD left out: aiohttp adds it to each GET)."""
    found = []
    for route in app.router.routes():
        info = route.resource.get_info() if route.resource else {}
        path = str(info.get("path") or info.get("formatter") or "")
        if path.startswith(REST_PREFIX) and route.method not in ("HEAD", "*"):
            found.append((route.method, path))
    return sorted(set(found))


def described(method: str, path: str) -> tuple[str, Operation] | None:
    """(documented path, operation) for a registered route, or None when OPERATIONS lacks it."""
    hit = _BY_SHAPE.get((method, shape(path))) or _BY_SHAPE.get((method, shape(_canonical(path))))
    if hit is None:
        return None
    documented, operation = hit
    names = iter(_PARAM.findall(documented))
    return _PARAM.sub(lambda _: next(names), path), operation


def _path_parameters(path: str) -> list[dict[str, Any]]:
    """Ids are digit strings; object types one of the names the associations API takes."""
    found = []
    for part in _PARAM.findall(path):
        name = part[1:-1]
        schema: dict[str, Any] = {"type": "string", "pattern": "^[0-9]{1,18}$"}
        if name == "customObjectType":
            schema = {"type": "string", "pattern": "^2-[0-9]{1,12}$"}
        elif name.endswith("ObjectType"):
            schema = {"type": "string", "enum": list(OBJECT_TYPE_NAMES)}
        found.append({"name": name, "in": "path", "required": True, "schema": schema})
    return found


def _versioned(app: web.Application, method: str, path: str, operation: Operation) -> Operation:
    """The operation with its version's credentials as `security` (OAuth and private-app tokens are both bearer)."""
    rule = app[ROUTE_RULES].get((method, path))
    if rule is None:
        return operation
    version, family = rule
    accepted = version.accepted(family)
    security: list[dict[str, list[str]]] = [{"hapikey": []}] if versions.Credential.DEVELOPER_KEY in accepted else []
    if accepted - {versions.Credential.DEVELOPER_KEY}:
        security.append({"bearer": []})
    credentials = [credential.name for credential in versions.Credential if credential in accepted]
    return {**operation, "security": security, "x-callsim-version": version.name, "x-callsim-credentials": credentials}


def document(app: web.Application) -> dict[str, Any]:
    """The OpenAPI 3.0 document of the routes `app` serves under /crm."""
    paths: dict[str, dict[str, Any]] = {}
    for method, path in rest_routes(app):
        hit = described(method, path)
        documented, operation = hit or (path, {"x-callsim-undocumented": True, "responses": {"default": {
            "description": "not described", **_json(ref("Error"))}}})  # fmt: skip
        entry = paths.setdefault(documented, {})
        if _PARAM.search(documented):
            entry["parameters"] = _path_parameters(documented)
        entry[method.lower()] = _versioned(app, method, path, operation)
    add_links(paths)
    return {
        "openapi": "3.0.3",
        "info": {"title": "callsim: HubSpot's calling REST API, simulated", "version": "1"},
        "paths": paths,
        "components": {
            "schemas": SCHEMAS,
            "securitySchemes": {
                "bearer": {"type": "http", "scheme": "bearer", "description": "the access token callsim prints"},
                "hapikey": {
                    "type": "apiKey",
                    "in": "query",
                    "name": "hapikey",
                    "description": "the developer API key callsim prints",
                },
            },  # fmt: skip
        },
    }


async def serve(request: web.Request) -> web.Response:
    """GET /openapi.json (no auth)."""
    return web.json_response(document(request.app))
