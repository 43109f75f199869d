"""Which call an `id` + `idProperty` pair names, for upsert and GDPR delete.

HubSpot looks records up by `hs_object_id` or by a property whose values are unique. Calls have no such property
by default; callsim treats `hs_call_external_id` (the calling app's own id for the call) as the calls' unique
property, the one a calling app upserts by (docs/rest-api.md says so).
"""

from __future__ import annotations

from typing import Any

from simulator.hubspot.crm.portal import Crm
from simulator.hubspot.rest.objects import FieldError
from simulator.server.rest import params

OBJECT_ID, EXTERNAL_ID = "hs_object_id", "hs_call_external_id"
ID_PROPERTIES = (OBJECT_ID, EXTERNAL_ID)


def id_property(value: Any, where: str) -> tuple[str, FieldError | None]:
    """An `idProperty` (absent or "": hs_object_id), or the error naming `where`."""
    if value in (None, ""):
        return OBJECT_ID, None
    if value not in ID_PROPERTIES:
        shown = value if isinstance(value, str) else repr(value)
        message = f"{where} {shown!r} is not a unique property of calls; use one of {', '.join(ID_PROPERTIES)}"
        return OBJECT_ID, FieldError(where, message, "INVALID_ID_PROPERTY")
    return str(value), None


def id_value(prop: str, value: Any, where: str) -> tuple[str | None, FieldError | None]:
    """The `id` as text: digits for hs_object_id (params.object_id's rules), any non-empty string otherwise."""
    if prop == OBJECT_ID:
        number, error = params.object_id(value, where)
        return (None, error) if error is not None or number is None else (str(number), None)
    if not isinstance(value, str) or not value.strip():
        return None, FieldError(where, f"{where} is required: the call's {prop}, a non-empty string", "REQUIRED")
    return value, None


def find_call(crm: Crm, prop: str, value: str, archived: bool = False) -> int | None:
    """The id of the live (or, with `archived`, also archived) call whose `prop` is `value`."""
    pools = [crm.engagements, crm.archived] if archived else [crm.engagements]
    for pool in pools:
        if prop == OBJECT_ID:
            if int(value) in pool:
                return int(value)
            continue
        for engagement in pool.values():
            if str(engagement.properties.get(prop) or "") == value:
                return engagement.id
    return None
