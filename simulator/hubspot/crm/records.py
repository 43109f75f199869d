"""The CRM's record model: contacts, companies, their phones and call engagements (immutable values)."""

from __future__ import annotations

import builtins
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from simulator.hubspot.crm.phones import normalize_e164

CONTACT = "0-1"
COMPANY = "0-2"
OBJECT_TYPE_NAMES: dict[str, str] = {CONTACT: "CONTACT", COMPANY: "COMPANY"}
OBJECT_TYPE_IDS: dict[str, str] = {name: type_id for type_id, name in OBJECT_TYPE_NAMES.items()}
PHONE_PROPERTIES: frozenset[str] = frozenset({"phone", "mobilephone"})
COMPANY_NAMES: frozenset[str] = frozenset({"company", "companies", COMPANY})


def record_type_id(name: str | None) -> str:
    """The object type a scenario's record type names: "company", "companies" or "0-2" is a company, a custom
    object's type id ("2-…") is that type, anything else a contact."""
    text = str(name or "contact").strip()
    if is_custom_type(text):
        return text
    return COMPANY if text.lower() in COMPANY_NAMES else CONTACT


def is_custom_type(object_type_id: str) -> bool:
    """A custom object's type id: "2-" and digits (HubSpot's portal-defined objects)."""
    head, _, digits = object_type_id.partition("-")
    return head == "2" and digits.isascii() and digits.isdigit()


@dataclass(frozen=True)
class Phone:
    label: str
    property: str  # the HubSpot phone property: "phone" or "mobilephone"
    number: str  # as written in the fixtures

    @builtins.property
    def e164(self) -> str | None:
        return normalize_e164(self.number)

    def to_json(self) -> dict[str, Any]:
        return {"label": self.label, "property": self.property, "number": self.number, "e164": self.e164}


@dataclass(frozen=True)
class Contact:
    id: int
    first_name: str
    last_name: str
    email: str | None = None
    job_title: str | None = None
    company_id: int | None = None
    lifecycle_stage: str | None = None
    owner_name: str | None = None
    phones: tuple[Phone, ...] = ()
    extra: tuple[tuple[str, str], ...] = ()  # other HubSpot properties a REST write set (name, value)
    created_ms: int | None = None  # None: a fixture record (no date of its own)
    updated_ms: int | None = None
    object_type_id: str = field(default=CONTACT, init=False)

    @property
    def name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    def to_json(self) -> dict[str, Any]:
        return {
            "objectTypeId": CONTACT,
            "id": self.id,
            "name": self.name,
            "firstName": self.first_name,
            "lastName": self.last_name,
            "email": self.email,
            "jobTitle": self.job_title,
            "companyId": self.company_id,
            "lifecycleStage": self.lifecycle_stage,
            "ownerName": self.owner_name,
            "phones": [phone.to_json() for phone in self.phones],
        }


@dataclass(frozen=True)
class Company:
    id: int
    name: str
    domain: str | None = None
    industry: str | None = None
    city: str | None = None
    phones: tuple[Phone, ...] = ()
    extra: tuple[tuple[str, str], ...] = ()
    created_ms: int | None = None
    updated_ms: int | None = None
    object_type_id: str = field(default=COMPANY, init=False)

    def to_json(self) -> dict[str, Any]:
        return {
            "objectTypeId": COMPANY,
            "id": self.id,
            "name": self.name,
            "domain": self.domain,
            "industry": self.industry,
            "city": self.city,
            "phones": [phone.to_json() for phone in self.phones],
        }


@dataclass(frozen=True)
class CustomObjectType:
    """A custom object the portal defines (fixtures' `custom_objects`): its type id, API name and labels."""

    type_id: str  # "2-3508482"
    name: str  # the API name, e.g. "projects" (HubSpot's `name`; its fullyQualifiedName is p{portal}_{name})
    singular: str  # "Project"
    plural: str  # "Projects"


@dataclass(frozen=True)
class CustomRecord:
    """A record of a custom object: a name and phone numbers are what the record page and click-to-dial need."""

    id: int
    object_type_id: str
    name: str
    phones: tuple[Phone, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {"objectTypeId": self.object_type_id, "id": self.id, "name": self.name,
                "phones": [phone.to_json() for phone in self.phones]}  # fmt: skip


Record = Contact | Company | CustomRecord
WritableRecord = Contact | Company  # what REST writes and the store keep (custom records come from fixtures)
Association = tuple[str, int]  # (objectTypeId, objectId)


@dataclass(frozen=True)
class Engagement:
    """A call engagement HubSpot created for a widget (§8 properties are strings)."""

    id: int
    external_call_id: str | None
    direction: str  # "OUTBOUND" | "INBOUND"
    status: str  # hs_call_status-like: CONNECTING, RINGING, IN_PROGRESS, COMPLETED, ...
    properties: Mapping[str, Any]
    associations: tuple[Association, ...]
    created_at_ms: int
    updated_at_ms: int
    completed: bool = False
    unfinished: bool = False  # a ghost: its call was abandoned before CALL_COMPLETED (SDK issue #46)

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "externalCallId": self.external_call_id,
            "direction": self.direction,
            "status": self.status,
            "properties": dict(self.properties),
            "associations": [
                {"objectTypeId": type_id, "objectId": object_id} for type_id, object_id in self.associations
            ],
            "createdAt": self.created_at_ms,
            "updatedAt": self.updated_at_ms,
            "completed": self.completed,
            "unfinished": self.unfinished,
        }
