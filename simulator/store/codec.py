"""Records and engagements <-> JSON bodies; field by field, so fields added to the model later are kept."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Mapping
from typing import Any, TypeVar

from simulator.hubspot.crm.records import Company, Contact, Engagement, Phone

T = TypeVar("T")


def _init_fields(cls: type[Any]) -> list[str]:
    return [f.name for f in dataclasses.fields(cls) if f.init]


def _plain(value: Any) -> Any:
    """Tuples and mappings as JSON lists and objects, dataclasses (phones) as objects."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {name: _plain(getattr(value, name)) for name in _init_fields(type(value))}
    if isinstance(value, Mapping):
        return {str(key): _plain(item) for key, item in value.items()}
    if isinstance(value, (tuple, list)):
        return [_plain(item) for item in value]
    return value


def encode(obj: Contact | Company | Engagement) -> str:
    """The JSON body stored for a record or engagement."""
    return json.dumps(_plain(obj), separators=(",", ":"), default=str)


def _build(cls: type[T], body: Mapping[str, Any], **converted: Any) -> T:
    known = {name: body[name] for name in _init_fields(cls) if name in body}
    return cls(**{**known, **converted})


def _phones(body: Mapping[str, Any]) -> tuple[Phone, ...]:
    return tuple(_build(Phone, phone) for phone in body.get("phones") or ())


def _extra(body: Mapping[str, Any]) -> tuple[tuple[str, str], ...]:
    return tuple((str(name), str(value)) for name, value in body.get("extra") or ())


def decode_contact(text: str) -> Contact:
    body = json.loads(text)
    return _build(Contact, body, phones=_phones(body), extra=_extra(body))


def decode_company(text: str) -> Company:
    body = json.loads(text)
    return _build(Company, body, phones=_phones(body), extra=_extra(body))


def decode_engagement(text: str) -> Engagement:
    body = json.loads(text)
    associations = tuple((str(type_id), int(object_id)) for type_id, object_id in body.get("associations") or ())
    return _build(Engagement, body, properties=dict(body.get("properties") or {}), associations=associations)
