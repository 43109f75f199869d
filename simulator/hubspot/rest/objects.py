"""CRM objects as HubSpot's REST API shows them (docs/protocol.md §7.3): SimplePublicObject, call properties, types.

The mock CRM keeps Engagement/Contact/Company values; this module is the one mapping between those and the
`{id, properties: {str: str}, createdAt, updatedAt, archived}` objects, and the checks on incoming properties.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from simulator.hubspot.crm.records import COMPANY, CONTACT, Company, Contact, CustomRecord, Engagement
from simulator.hubspot.rest.fields import FieldError as FieldError  # re-exported: every REST module imports it here
from simulator.hubspot.rest.fields import is_digits, parse_whole
from simulator.hubspot.sdk.payloads import CALL_DIRECTIONS, CALL_SOURCES, CALL_STATUSES, KNOWN_PROPERTIES

# Fixture records carry no dates; one fixed date keeps REST answers (and tests) stable.
FIXTURE_CREATED_MS = 1_704_067_200_000  # 2024-01-01T00:00:00Z
# ms timestamps ISO-8601 can show (years 1 to 9999); beyond them a time is refused rather than failing on display
MIN_MS, MAX_MS = -62_135_596_800_000, 253_402_300_799_999
CALL_TYPE_ID = "0-48"
PHONE_PROPERTIES = frozenset({"phone", "mobilephone", "hs_call_from_number", "hs_call_to_number"})
DATETIME_PROPERTIES = frozenset(
    {"hs_timestamp", "hs_createdate", "createdate", "hs_lastmodifieddate", "lastmodifieddate"}
)


@dataclass(frozen=True)
class AssociationType:
    """A HUBSPOT_DEFINED association type: from calls to `to` (and back)."""

    to: str  # "contacts" | "companies"
    type_id: int
    label: str  # what HubSpot shows as `type` in association results
    reverse_type_id: int
    reverse_label: str


# HubSpot's default association types for calls (docs: crm/associations, "Call to contact" 194, "Call to company" 182).
CALL_ASSOCIATIONS: dict[str, AssociationType] = {
    "contacts": AssociationType("contacts", 194, "call_to_contact", 193, "contact_to_call"),
    "companies": AssociationType("companies", 182, "call_to_company", 181, "company_to_call"),
}
ASSOCIATION_BY_TYPE_ID = {a.type_id: a for a in CALL_ASSOCIATIONS.values()}
RECORD_TYPE_OF = {"contacts": CONTACT, "companies": COMPANY}
PLURAL_OF = {CONTACT: "contacts", COMPANY: "companies"}


@dataclass(frozen=True)
class ObjectType:
    """One object API (`/crm/v3/objects/{name}`): what it returns by default and what `query` searches."""

    name: str
    type_id: str
    default_properties: tuple[str, ...]
    searchable: tuple[str, ...]


CALLS = ObjectType("calls", CALL_TYPE_ID, ("hs_createdate", "hs_lastmodifieddate", "hs_object_id"),
                   ("hs_call_title", "hs_call_body"))  # fmt: skip
CONTACTS = ObjectType("contacts", CONTACT, ("createdate", "email", "firstname", "hs_object_id", "lastmodifieddate",
                      "lastname"), ("firstname", "lastname", "email", "phone", "mobilephone", "company"))  # fmt: skip
COMPANIES = ObjectType("companies", COMPANY, ("createdate", "domain", "hs_lastmodifieddate", "hs_object_id", "name"),
                       ("name", "domain", "phone"))  # fmt: skip
OBJECT_TYPES = {t.name: t for t in (CALLS, CONTACTS, COMPANIES)}


def custom_type(type_id: str) -> ObjectType:
    """The objects API of one custom object (`/crm/v3/objects/2-…`): read-only, its records' name and phones."""
    return ObjectType(type_id, type_id, ("hs_createdate", "hs_lastmodifieddate", "hs_object_id", "name"),
                      ("name", "phone"))  # fmt: skip


# Properties a call may be written with; the rest HubSpot rejects as PROPERTY_DOESNT_EXIST.
CALL_WRITABLE = KNOWN_PROPERTIES | frozenset(
    {"hs_call_external_id", "hs_call_external_account_id", "hs_call_app_id", "hs_call_has_transcript",
     "hs_call_transcription_id", "hs_call_authed_url_provider", "hs_call_video_recording_url", "hs_call_has_voicemail",
     "hs_call_primary_deal", "hs_call_from_number_name", "hs_call_to_number_name", "hubspot_team_id"}
)  # fmt: skip
READ_ONLY = frozenset({"hs_object_id", "hs_createdate", "createdate", "hs_lastmodifieddate", "lastmodifieddate"})


@dataclass(frozen=True)
class PublicObject:
    """A CRM object as the REST API sees it: string id, string properties, times in ms."""

    id: str
    properties: Mapping[str, str]
    created_ms: int
    updated_ms: int
    archived: bool = False

    def to_json(self, names: Iterable[str] | None = None) -> dict[str, Any]:
        """SimplePublicObject; `names` limits the properties (a requested one that is unset shows as null)."""
        shown: dict[str, str | None] = dict(self.properties)
        if names is not None:
            shown = {name: self.properties.get(name) for name in dict.fromkeys(names)}
        body: dict[str, Any] = {
            "id": self.id,
            "properties": shown,
            "createdAt": iso(self.created_ms),
            "updatedAt": iso(self.updated_ms),
            "archived": self.archived,
        }
        if self.archived:
            body["archivedAt"] = iso(self.updated_ms)
        return body


def iso(ms: int) -> str:
    """HubSpot's date-time: ISO-8601 UTC with milliseconds and a Z."""
    return datetime.fromtimestamp(ms / 1000, UTC).strftime("%Y-%m-%dT%H:%M:%S.") + f"{ms % 1000:03d}Z"


def parse_timestamp(value: str | None) -> int | None:
    """ms since the epoch from a ms string or an ISO-8601 date-time (what hs_timestamp accepts)."""
    if value is None or not value.strip():
        return None
    text = value.strip()
    if text.startswith("-"):  # before 1970 (down to year 1)
        before = parse_whole(text[1:], most=-MIN_MS)
        return None if before is None else -before
    if is_digits(text):
        return parse_whole(text, most=MAX_MS)
    try:
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    ms = int(parsed.timestamp() * 1000)
    return ms if MIN_MS <= ms <= MAX_MS else None  # "0001-01-01T00:00+01:00" is before year 1 in UTC


def property_text(value: Any) -> str | None:
    """A property value as HubSpot stores it (a string), or None when it cannot be one (objects, lists)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else (repr(value) if math.isfinite(value) else None)
    if isinstance(value, str):
        return value
    return "" if value is None else None


def coerce_properties(raw: Any, field: str = "properties") -> tuple[dict[str, str], list[FieldError]]:
    """A `properties` object as strings; null clears (""), objects and lists are errors naming the property."""
    if not isinstance(raw, Mapping):
        return {}, [FieldError(field, f"{field} must be an object of property name to string value", "REQUIRED")]
    values: dict[str, str] = {}
    errors: list[FieldError] = []
    for name, value in raw.items():
        text = property_text(value)
        if text is None:
            errors.append(FieldError(str(name), f"Property {name!r}: a value must be a string, not an object or list"))
        else:
            values[str(name)] = text
    return values, errors


def property_name_error(name: str, writable: Iterable[str], object_name: str) -> FieldError | None:
    """HubSpot's refusal of a property no write may set: one it sets itself, or one the object type lacks."""
    if name in READ_ONLY:
        return FieldError(name, f"{name} is a read-only value HubSpot sets", "READ_ONLY_VALUE")
    if name not in writable:
        return FieldError(name, f"Property {name!r} does not exist on {object_name}", "PROPERTY_DOESNT_EXIST")
    return None


def check_call_properties(properties: Mapping[str, str], creating: bool) -> list[FieldError]:
    """What HubSpot would reject in call properties (`creating`: hs_timestamp is required)."""
    errors: list[FieldError] = []
    if creating and not properties.get("hs_timestamp"):
        errors.append(
            FieldError("hs_timestamp", "hs_timestamp is required: the call's time, ms or ISO-8601", "REQUIRED")
        )
    for name, value in properties.items():
        if named := property_name_error(name, CALL_WRITABLE, "calls"):
            errors.append(named)
        elif value == "":
            continue  # clearing a property is always allowed
        elif name == "hs_timestamp" and parse_timestamp(value) is None:
            errors.append(FieldError(name, f"hs_timestamp {value!r} is neither ms since the epoch nor ISO-8601"))
        elif name == "hs_call_direction" and value not in CALL_DIRECTIONS:
            errors.append(FieldError(name, _one_of(name, value, CALL_DIRECTIONS)))
        elif name == "hs_call_status" and value not in CALL_STATUSES:
            errors.append(FieldError(name, _one_of(name, value, CALL_STATUSES)))
        elif name == "hs_call_source" and value not in CALL_SOURCES:
            errors.append(FieldError(name, _one_of(name, value, CALL_SOURCES)))
        elif name == "hs_call_duration" and parse_whole(value) is None:  # ms, an int64 as HubSpot's number
            errors.append(FieldError(name, f'hs_call_duration {value!r} must be whole milliseconds, e.g. "65000"'))
        elif name == "hs_call_recording_url" and not value.startswith("https://"):
            errors.append(FieldError(name, "hs_call_recording_url must be an https:// URL of an .mp3 or .wav"))
    return errors


def _one_of(name: str, value: str, allowed: Iterable[str]) -> str:
    return f"{name} {value!r} is not one of {', '.join(sorted(allowed))}"


def merged_properties(current: Mapping[str, Any], changes: Mapping[str, str]) -> dict[str, Any]:
    """Properties after a write: "" removes a property, as HubSpot clears it."""
    merged = {**current, **changes}
    return {name: value for name, value in merged.items() if value != ""}


def call_object(engagement: Engagement, archived: bool = False) -> PublicObject:
    """The call engagement as a calls-API object (the SDK's engagements and REST's are the same)."""
    properties: dict[str, str] = {}
    for name, value in engagement.properties.items():
        text = property_text(value)
        if text:
            properties[name] = text
    stamp = parse_timestamp(properties.get("hs_timestamp"))
    if stamp is not None:
        properties["hs_timestamp"] = iso(stamp)
    if engagement.direction:
        properties.setdefault("hs_call_direction", engagement.direction)
    if engagement.status:  # the SDK flow moves the status field; it is the call's current status
        properties["hs_call_status"] = engagement.status
    properties.update({
        "hs_object_id": str(engagement.id),
        "hs_createdate": iso(engagement.created_at_ms),
        "createdate": iso(engagement.created_at_ms),
        "hs_lastmodifieddate": iso(engagement.updated_at_ms),
    })  # fmt: skip
    return PublicObject(str(engagement.id), properties, engagement.created_at_ms, engagement.updated_at_ms, archived)


def contact_object(contact: Contact, company_name: str | None = None, archived: bool = False) -> PublicObject:
    """A contact with HubSpot's property names (a `company` written over REST wins over its company's name)."""
    properties = _present({
        "firstname": contact.first_name,
        "lastname": contact.last_name,
        "email": contact.email,
        "jobtitle": contact.job_title,
        "lifecyclestage": contact.lifecycle_stage,
        "associatedcompanyid": str(contact.company_id) if contact.company_id else None,
        "company": company_name,
        **{phone.property: phone.number for phone in reversed(contact.phones)},  # the first of a kind wins
        **dict(contact.extra),
    })  # fmt: skip
    return _record(contact, properties, "lastmodifieddate", archived)


def company_object(company: Company, archived: bool = False) -> PublicObject:
    """A company with HubSpot's property names."""
    properties = _present({
        "name": company.name,
        "domain": company.domain,
        "industry": company.industry,
        "city": company.city,
        **{phone.property: phone.number for phone in reversed(company.phones)},
        **dict(company.extra),
    })  # fmt: skip
    return _record(company, properties, "hs_lastmodifieddate", archived)


def custom_object(record: CustomRecord) -> PublicObject:
    """A custom-object record: its name (HubSpot's primary display property is the schema's; callsim's is `name`)
    and phones."""
    properties = _present({"name": record.name, **{p.property: p.number for p in reversed(record.phones)}})
    stamp = iso(FIXTURE_CREATED_MS)
    properties.update({"hs_object_id": str(record.id), "hs_createdate": stamp, "hs_lastmodifieddate": stamp})
    return PublicObject(str(record.id), properties, FIXTURE_CREATED_MS, FIXTURE_CREATED_MS)


def _present(values: Mapping[str, str | None]) -> dict[str, str]:
    return {name: value for name, value in values.items() if value}


def _record(record: Contact | Company, properties: dict[str, str], lastmodified: str, archived: bool) -> PublicObject:
    # Fixture records carry no dates: one fixed date keeps their answers stable.
    created = FIXTURE_CREATED_MS if record.created_ms is None else record.created_ms
    updated = record.updated_ms or created
    properties.update({"hs_object_id": str(record.id), "createdate": iso(created), lastmodified: iso(updated)})
    return PublicObject(str(record.id), properties, created, updated, archived)


def shown_properties(kind: ObjectType, requested: Sequence[str] | None) -> list[str]:
    """Which properties a read returns: the type's defaults plus the requested ones."""
    return [*kind.default_properties, *(requested or ())]


def duplicates_of(new: Engagement, others: Iterable[Engagement], window_ms: int) -> list[Engagement]:
    """Engagements for one of `new`'s records whose hs_timestamp is within `window_ms` of its own."""
    stamp = parse_timestamp(property_text(new.properties.get("hs_timestamp")))
    if stamp is None or not new.associations:
        return []
    found = []
    for other in others:
        other_stamp = parse_timestamp(property_text(other.properties.get("hs_timestamp")))
        if other.id == new.id or other_stamp is None or abs(other_stamp - stamp) > window_ms:
            continue
        if set(other.associations) & set(new.associations):
            found.append(other)
    return found
