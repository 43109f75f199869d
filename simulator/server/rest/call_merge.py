"""Merge two calls and GDPR-delete one: POST …/calls/merge and POST …/calls/gdpr-delete.

Both end a call for good (Crm.PURGED: the store drops its row and its transcripts), unlike DELETE, which archives.
The record page's timeline shows the result at its next load, as it does an archive.
"""

from __future__ import annotations

from typing import Any

from aiohttp import web

from simulator.hubspot.rest.objects import FieldError, call_object
from simulator.hubspot.sdk.protocol import now_ms
from simulator.server.appkeys import CRM
from simulator.server.rest import params
from simulator.server.rest.call_ids import find_call, id_property, id_value
from simulator.server.rest.errors import not_found, validation_error

MERGE_EXAMPLE = '{"primaryObjectId": "30000000001", "objectIdToMerge": "30000000002"}'
GDPR_EXAMPLE = '{"objectId": "30000000001"}'


def _required_id(body: dict[str, Any], field: str) -> tuple[int | None, FieldError | None]:
    if body.get(field) is None:
        return None, FieldError(field, f"{field} is required: a call id, e.g. {MERGE_EXAMPLE}", "REQUIRED")
    return params.object_id(body[field], field)


async def merge_calls(request: web.Request) -> web.Response:
    """`{primaryObjectId, objectIdToMerge}`: 200 with the primary call, which keeps its id and takes in the other."""
    body = await params.json_body(request, MERGE_EXAMPLE)
    primary, primary_error = _required_id(body, "primaryObjectId")
    merged, merged_error = _required_id(body, "objectIdToMerge")
    errors = [e for e in (primary_error, merged_error) if e is not None]
    if not errors and primary == merged:
        errors = [FieldError("objectIdToMerge", "objectIdToMerge must differ from primaryObjectId: a call cannot "
                                                "be merged into itself")]  # fmt: skip
    if errors or primary is None or merged is None:
        raise validation_error(errors, "Invalid merge input")
    crm = request.app[CRM]
    for object_id in (primary, merged):
        if crm.engagement(object_id) is None:  # archived calls cannot be merged either
            raise not_found("calls", str(object_id))
    combined = crm.merge_engagements(primary, merged, now_ms())
    return web.json_response(call_object(combined).to_json())


async def gdpr_delete(request: web.Request) -> web.Response:
    """`{objectId, idProperty?}`: 204; the call (live or archived) is gone for good, `?archived=true` included."""
    body = await params.json_body(request, GDPR_EXAMPLE)
    prop, prop_error = id_property(body.get("idProperty"), "idProperty")
    value, value_error = id_value(prop, body.get("objectId"), "objectId") if prop_error is None else (None, None)
    errors = [e for e in (prop_error, value_error) if e is not None]
    if errors or value is None:
        raise validation_error(errors, "Invalid GDPR delete input")
    crm = request.app[CRM]
    found = find_call(crm, prop, value, archived=True)
    if found is None:
        raise not_found("calls", value)
    crm.purge_engagement(found)
    return web.Response(status=204)
