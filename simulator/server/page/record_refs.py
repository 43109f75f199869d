"""A record as a request names it: `{type, id}` (a scenario's, the control API's) or `{objectTypeId, objectId}` (the
page's)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from simulator.hubspot.crm.records import COMPANY, CONTACT, record_type_id

RECORD_TYPES = ("contact", "contacts", CONTACT, "company", "companies", COMPANY)


def record_coordinates(raw: Any) -> tuple[str, int] | None:
    """(objectTypeId, objectId) from `{type, id}` (a scenario's record) or `{objectTypeId, objectId}` (the page's).

    Raises ValueError naming what was expected; None for no record (the opener's)."""
    if raw is None:
        return None
    if not isinstance(raw, Mapping):
        raise ValueError(f'"record" must be an object like {{"type": "contact", "id": 51}}, got {raw!r}')
    type_ = raw.get("type", raw.get("objectTypeId", "contact"))
    object_id = raw.get("id", raw.get("objectId"))
    if isinstance(object_id, bool) or not isinstance(object_id, int | str) or not str(object_id).isdigit():
        raise ValueError(f'"record.id" must be a whole number, got {object_id!r}')
    if not isinstance(type_, str) or type_.lower() not in RECORD_TYPES:
        raise ValueError(f'"record.type" must be one of {", ".join(RECORD_TYPES)}, got {type_!r}')
    return record_type_id(type_), int(object_id)
