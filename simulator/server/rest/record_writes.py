"""Writes of the contacts and companies APIs: create, update, archive and their batch forms, upsert included.

A write goes into the same `Crm` the record pages and caller-ID matching read, and the store persists it (its
record listener) before the answer leaves: a contact created here rings as a known caller at once. HubSpot's checks
(record_properties.py) run first; a contact's email is unique in the portal, so taking another contact's email
answers 409 as HubSpot does ("Contact already exists. Existing ID: …").
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from aiohttp import web

from simulator.hubspot.crm.portal import Crm
from simulator.hubspot.crm.records import Company, Contact, WritableRecord
from simulator.hubspot.rest.fields import parse_whole
from simulator.hubspot.rest.objects import OBJECT_TYPES, FieldError, PublicObject, coerce_properties
from simulator.hubspot.rest.record_properties import (
    CONTACT_KIND,
    RecordKind,
    check_record_properties,
    new_record,
    written,
)
from simulator.hubspot.sdk.protocol import now_ms
from simulator.server.appkeys import CRM
from simulator.server.rest import params
from simulator.server.rest.auth import RestHandler
from simulator.server.rest.calls import refused_error
from simulator.server.rest.errors import hubspot_error, not_found, validation_error
from simulator.server.rest.lookup import public_object
from simulator.server.rest.objects import batch_error, batch_response, stamp

EXISTS = "CONTACT_EXISTS"  # a FieldError code: the email belongs to another contact (409, not 400)
EXAMPLES = {
    "contacts": '{"properties": {"email": "ada@example.com", "firstname": "Ada", "phone": "+16175550100"}}',
    "companies": '{"properties": {"name": "Example Inc", "domain": "example.com", "phone": "+16175550199"}}',
}


@dataclass
class Batch:
    """Emails taken earlier in one batch: a second contact with one of them is refused, as HubSpot refuses it."""

    emails: dict[str, int | None]  # email (lower case) -> the id of the contact that took it (None: a new one)

    @classmethod
    def empty(cls) -> Batch:
        return cls({})


def _conflict(
    crm: Crm, kind: RecordKind, properties: Mapping[str, str], own_id: int | None, batch: Batch
) -> list[FieldError]:
    email = properties.get("email", "").strip()
    if kind is not CONTACT_KIND or not email:
        return []
    owner = crm.contact_by_email(email)
    taken = owner.id if owner is not None and owner.id != own_id else None
    key = email.lower()
    if taken is None and key in batch.emails and batch.emails[key] != own_id:
        return [FieldError("email", f"A contact with email {email} is in this batch twice", EXISTS)]
    batch.emails[key] = own_id
    if taken is None:
        return []
    return [FieldError("email", f"A contact with email {email} already exists. Existing ID: {taken}", EXISTS)]


def write_input(
    app: web.Application, kind: RecordKind, current: WritableRecord | None, raw: Any, batch: Batch, prefix: str = ""
) -> tuple[WritableRecord | None, list[FieldError]]:
    """Create (current None) or update one record from a `properties` object; nothing is written on an error."""
    crm = app[CRM]
    properties, errors = coerce_properties(raw, "properties")
    errors += check_record_properties(kind, properties, set(crm.companies))
    if not errors:
        errors += _conflict(crm, kind, properties, current.id if current else None, batch)
    if errors:
        return None, [FieldError(prefix + e.field, e.message, e.code) for e in errors] if prefix else errors
    now = now_ms()
    if current is None:
        record = new_record(kind, crm.next_record_id(kind.type_id), properties, now)
    else:
        record = written(current, kind, properties, now)
    return crm.put_record(record), []


def refuse(errors: list[FieldError]) -> web.HTTPException:
    """400 naming the bad fields, or 409 when the only trouble is a taken email (HubSpot's CONFLICT)."""
    if errors and all(e.code == EXISTS for e in errors):
        existing = errors[0].message.rsplit("Existing ID: ", 1)[-1]
        return hubspot_error(409, f"Contact already exists. Existing ID: {existing}", "CONFLICT", errors=errors)
    return validation_error(errors)


def _shown(app: web.Application, kind: RecordKind, record: WritableRecord) -> PublicObject:
    found = public_object(app[CRM], OBJECT_TYPES[kind.name], record.id)
    assert found is not None  # just written
    return found


def _find(crm: Crm, kind: RecordKind, id_property: str, value: str) -> WritableRecord | None:
    if id_property == "email":
        return crm.contact_by_email(value)
    number = parse_whole(value)
    found = crm.record(kind.type_id, number) if number is not None else None
    return found if isinstance(found, Contact | Company) else None


def _id_property(kind: RecordKind, value: Any, where: str) -> tuple[str, FieldError | None]:
    allowed = ("hs_object_id", "email") if kind is CONTACT_KIND else ("hs_object_id",)
    if value in (None, ""):
        return "hs_object_id", None
    if value not in allowed:
        message = f"{where} {value!r} is not a unique property of {kind.name}; use one of {', '.join(allowed)}"
        return "hs_object_id", FieldError(where, message, "INVALID_ID_PROPERTY")
    return str(value), None


def _path_record(request: web.Request, kind: RecordKind) -> tuple[WritableRecord | None, str]:
    """The record `{objectId}` names, by id or (contacts, `?idProperty=email`) by email; and the id as given."""
    raw = request.match_info["object_id"]
    prop, error = _id_property(kind, request.query.get("idProperty"), "idProperty")
    if error is not None:
        raise validation_error([error], "Bad query")
    if prop == "hs_object_id":
        return _find(request.app[CRM], kind, prop, str(params.path_object_id(request, kind.name))), raw
    return _find(request.app[CRM], kind, prop, raw), raw


def associations_refused(entry: Mapping[str, Any], prefix: str = "") -> list[FieldError]:
    """Associations on a contact or company create are not served: say how to link a contact to its company."""
    if entry.get("associations") in (None, []):
        return []
    message = ("associations on a contact or company create are not served: link a contact to its company with "
               "the associatedcompanyid property")  # fmt: skip
    return [FieldError(f"{prefix}associations", message)]


def create_handler(kind: RecordKind) -> RestHandler:
    """POST /crm/v3/objects/{contacts|companies}: 201 SimplePublicObject with a Location header."""

    async def create(request: web.Request) -> web.Response:
        body = await params.json_body(request, EXAMPLES[kind.name])
        if errors := associations_refused(body):
            raise validation_error(errors)
        record, errors = write_input(request.app, kind, None, body.get("properties"), Batch.empty())
        if record is None:
            raise refuse(errors)
        location = str(request.url.with_path(f"{request.path.rstrip('/')}/{record.id}"))
        return web.json_response(
            _shown(request.app, kind, record).to_json(), status=201, headers={"Location": location}
        )

    return create


def update_handler(kind: RecordKind) -> RestHandler:
    """PATCH /crm/v3/objects/{contacts|companies}/{id}[?idProperty=email]: only the given properties change."""

    async def update(request: web.Request) -> web.Response:
        current, raw_id = _path_record(request, kind)
        body = await params.json_body(request, EXAMPLES[kind.name])
        if current is None:
            raise not_found(kind.name, raw_id)
        record, errors = write_input(request.app, kind, current, body.get("properties"), Batch.empty())
        if record is None:
            raise refuse(errors)
        return web.json_response(_shown(request.app, kind, record).to_json())

    return update


def archive_handler(kind: RecordKind) -> RestHandler:
    """DELETE /crm/v3/objects/{contacts|companies}/{id}: archives; 204 (also when already archived, as HubSpot)."""

    async def archive(request: web.Request) -> web.Response:
        object_id = params.path_object_id(request, kind.name)
        crm = request.app[CRM]
        if crm.record(kind.type_id, object_id) is not None:
            crm.archive_record(kind.type_id, object_id, now_ms())
        elif (kind.type_id, object_id) not in crm.archived_records:
            raise not_found(kind.name, str(object_id))
        return web.Response(status=204)

    return archive


def _batch_answer(
    kind: RecordKind, results: list[dict[str, Any]], refused: list[tuple[int, list[FieldError]]],
    missing: list[str], started: str, status: int, verb: str,
) -> web.Response:  # fmt: skip
    """200/201; 207 with errors when some inputs failed; 400 (or 409) when every one did."""
    if refused and not results and not missing:
        errors = [e for _, found in sorted(refused) for e in found]
        if all(e.code == EXISTS for e in errors):
            raise refuse(errors)
        raise validation_error(errors, f"No {kind.singular} was {verb}")
    problems = []
    for i, found in sorted(refused):
        error = refused_error(i, found)
        if all(e.code == EXISTS for e in found):
            error["category"] = "CONFLICT"
        problems.append(error)
    if missing:
        message = f"Could not write some {kind.name}: they do not exist or are archived. Check that ids are valid."
        problems.append(batch_error("OBJECT_NOT_FOUND", message, {"ids": missing}))
    return batch_response(results, problems, started, status=status)


def batch_create_handler(kind: RecordKind) -> RestHandler:
    """POST …/{kind}/batch/create: 201; 207 when some inputs were refused (the rest are created)."""

    async def batch_create(request: web.Request) -> web.Response:
        started = stamp()
        example = f'{{"inputs": [{EXAMPLES[kind.name]}]}}'
        entries = params.inputs(await params.json_body(request, example), example)
        batch, results, refused = Batch.empty(), [], []
        for i, entry in enumerate(entries):
            where = f"inputs[{i}]."
            if not isinstance(entry, dict):
                refused.append((i, [FieldError(where[:-1], f"each input is an object like {EXAMPLES[kind.name]}")]))
                continue
            if links := associations_refused(entry, where):
                refused.append((i, links))
                continue
            record, errors = write_input(request.app, kind, None, entry.get("properties"), batch, where)
            if record is None:
                refused.append((i, errors))
            else:
                results.append(_shown(request.app, kind, record).to_json())
        return _batch_answer(kind, results, refused, [], started, 201, "created")

    return batch_create


def _each_keyed(
    request: web.Request, kind: RecordKind, entries: list[Any], default_property: Any,
    write: Callable[[int, dict[str, Any], str, str], tuple[dict[str, Any] | None, list[FieldError] | None]],
) -> tuple[list[dict[str, Any]], list[tuple[int, list[FieldError]]], list[str]]:  # fmt: skip
    """For batch update and upsert: each input's (idProperty, id) checked, then `write` run; refusals collected.
    `write` answers (result, None), (None, errors) or (None, None) for an unknown id."""
    results, refused, missing, seen = [], [], [], set()
    for i, entry in enumerate(entries):
        where = f"inputs[{i}]"
        if not isinstance(entry, dict):
            refused.append((i, [FieldError(where, f"each input is an object like {EXAMPLES[kind.name]}")]))
            continue
        prop, error = _id_property(kind, entry.get("idProperty", default_property), f"{where}.idProperty")
        value = entry.get("id")
        if error is None and prop == "hs_object_id":
            number, error = params.object_id(value, f"{where}.id")
            value = str(number)
        elif error is None and (not isinstance(value, str) or not value.strip()):
            error = FieldError(f"{where}.id", f"{where}.id is required: the {prop} of a {kind.singular}", "REQUIRED")
        if error is not None:
            refused.append((i, [error]))
            continue
        key = (prop, str(value).strip().lower())
        if key in seen:  # HubSpot refuses the whole batch, before anything is written
            raise validation_error([FieldError(f"{where}.id", f"{prop} {value!r} is in the batch twice")],
                                   "Duplicate IDs found in batch input")  # fmt: skip
        seen.add(key)
        result, errors = write(i, entry, prop, str(value))
        if result is not None:
            results.append(result)
        elif errors is not None:
            refused.append((i, errors))
        else:
            missing.append(str(value))
    return results, refused, missing


def batch_update_handler(kind: RecordKind) -> RestHandler:
    """POST …/{kind}/batch/update: 200; 207 with errors for unknown ids or refused inputs."""

    async def batch_update(request: web.Request) -> web.Response:
        started = stamp()
        example = f'{{"inputs": [{{"id": "51", {EXAMPLES[kind.name][1:]}]}}'
        entries = params.inputs(await params.json_body(request, example), example)
        batch, crm = Batch.empty(), request.app[CRM]

        def update(i: int, entry: dict[str, Any], prop: str, value: str) -> tuple[Any, Any]:
            current = _find(crm, kind, prop, value)
            if current is None:
                return None, None
            record, errors = write_input(request.app, kind, current, entry.get("properties"), batch, f"inputs[{i}].")
            return (_shown(request.app, kind, record).to_json(), None) if record else (None, errors)

        results, refused, missing = _each_keyed(request, kind, entries, request.query.get("idProperty"), update)
        return _batch_answer(kind, results, refused, missing, started, 200, "updated")

    return batch_update


def batch_upsert_handler(kind: RecordKind) -> RestHandler:
    """POST …/{kind}/batch/upsert: by hs_object_id (update only) or, for contacts, by email (create when new)."""

    async def batch_upsert(request: web.Request) -> web.Response:
        started = stamp()
        example = '{"inputs": [{"idProperty": "email", "id": "ada@example.com", "properties": {"firstname": "Ada"}}]}'
        entries = params.inputs(await params.json_body(request, example), example)
        batch, crm = Batch.empty(), request.app[CRM]

        def upsert(i: int, entry: dict[str, Any], prop: str, value: str) -> tuple[Any, Any]:
            current = _find(crm, kind, prop, value)
            if current is None and prop == "hs_object_id":
                return None, None  # a new record's id is HubSpot's to choose
            raw = entry.get("properties")
            if prop == "email" and isinstance(raw, dict):
                given = raw.get("email")
                if given not in (None, value) and current is None:
                    return None, [FieldError(f"inputs[{i}].properties.email", f"email {given!r} differs from the "
                                             f"input's id {value!r}")]  # fmt: skip
                raw = {"email": value, **raw} if current is None else raw
            record, errors = write_input(request.app, kind, current, raw, batch, f"inputs[{i}].")
            if record is None:
                return None, errors
            return {**_shown(request.app, kind, record).to_json(), "new": current is None}, None

        results, refused, missing = _each_keyed(request, kind, entries, request.query.get("idProperty"), upsert)
        return _batch_answer(kind, results, refused, missing, started, 200, "upserted")

    return batch_upsert


def batch_archive_handler(kind: RecordKind) -> RestHandler:
    """POST …/{kind}/batch/archive: 204; ids that do not exist are skipped, as HubSpot does."""

    async def batch_archive(request: web.Request) -> web.Response:
        example = '{"inputs": [{"id": "51"}]}'
        entries = params.inputs(await params.json_body(request, example), example)
        crm = request.app[CRM]
        for object_id in params.input_ids(entries):
            if crm.record(kind.type_id, object_id) is not None:
                crm.archive_record(kind.type_id, object_id, now_ms())
        return web.Response(status=204)

    return batch_archive
