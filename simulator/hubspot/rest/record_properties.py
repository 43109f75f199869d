"""Contact and company properties as REST writes take them: which exist, HubSpot's checks, and the record they make.

HubSpot's property names map onto the record model's fields (records.py) where the record page and caller-ID
matching use them (names, email, phones, company link); the other default properties a backend commonly writes
are kept as they were sent (`extra`). A name outside both is refused as HubSpot refuses it: PROPERTY_DOESNT_EXIST.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from simulator.hubspot.crm.phones import NOT_DIGITS
from simulator.hubspot.crm.records import COMPANY, CONTACT, Company, Contact, Phone, WritableRecord
from simulator.hubspot.rest.fields import FieldError, parse_whole, shown
from simulator.hubspot.rest.objects import property_name_error

# The record model's fields, by HubSpot property name.
CONTACT_FIELDS = {"firstname": "first_name", "lastname": "last_name", "email": "email", "jobtitle": "job_title",
                  "lifecyclestage": "lifecycle_stage", "associatedcompanyid": "company_id"}  # fmt: skip
COMPANY_FIELDS = {"name": "name", "domain": "domain", "industry": "industry", "city": "city"}
PHONES = ("phone", "mobilephone")  # the phone properties caller-ID matching and click-to-dial read
# HubSpot default properties kept as sent (a subset of HubSpot's; enough for a calling app's backend).
CONTACT_EXTRA = frozenset({
    "company", "website", "address", "city", "state", "zip", "country", "fax", "industry", "hs_lead_status",
    "hubspot_owner_id", "salutation", "date_of_birth", "message", "hs_language", "twitterhandle", "annualrevenue",
    "numemployees", "hs_timezone", "hs_whatsapp_phone_number",
})  # fmt: skip
COMPANY_EXTRA = frozenset({
    "website", "address", "address2", "state", "zip", "country", "description", "numberofemployees", "annualrevenue",
    "hubspot_owner_id", "lifecyclestage", "type", "timezone", "linkedin_company_page", "founded_year", "phone_ext",
})  # fmt: skip
# Enumeration properties: HubSpot refuses a value that is not one of the options (changelog, May 2023).
LIFECYCLE_STAGES = ("subscriber", "lead", "marketingqualifiedlead", "salesqualifiedlead", "opportunity", "customer",
                    "evangelist", "other")  # fmt: skip
ENUMERATIONS: dict[str, tuple[str, ...]] = {"lifecyclestage": LIFECYCLE_STAGES}
NUMBERS = frozenset({"annualrevenue", "numemployees", "numberofemployees", "founded_year"})
_EMAIL = re.compile(r"[^@\s]+@[^@\s.]+(\.[^@\s.]+)+")
_NUMBER = re.compile(r"-?[0-9]+(\.[0-9]+)?")  # no thousands separators, one period at most
_PHONE = re.compile(r"(?P<number>\+?[0-9 ().\-/]+?)\s*((ext\.?|x|#)\s*[0-9]{1,6})?", re.IGNORECASE)
PHONE_DIGITS = (3, 15)  # E.164 has at most 15 digits; fewer than 3 dials nothing


@dataclass(frozen=True)
class RecordKind:
    """Contacts or companies: the property names each takes."""

    name: str  # "contacts" | "companies"
    singular: str  # "contact" | "company", for messages
    type_id: str  # "0-1" | "0-2"
    fields: Mapping[str, str]
    extra: frozenset[str]

    def writable(self) -> frozenset[str]:
        return frozenset(self.fields) | frozenset(PHONES) | self.extra


CONTACT_KIND = RecordKind("contacts", "contact", CONTACT, CONTACT_FIELDS, CONTACT_EXTRA)
COMPANY_KIND = RecordKind("companies", "company", COMPANY, COMPANY_FIELDS, COMPANY_EXTRA)
RECORD_KINDS = {kind.name: kind for kind in (CONTACT_KIND, COMPANY_KIND)}


def phone_error(value: str) -> str | None:
    """Why `value` is no phone number (letters, too few or too many digits), or None when it is one."""
    match = _PHONE.fullmatch(value.strip())
    if match is None:
        return f"{shown(value)} is not a phone number: digits, spaces, + ( ) - . / and an extension (ext 12) only"
    digits = len(NOT_DIGITS.sub("", match["number"]))  # the extension's digits do not count
    if not PHONE_DIGITS[0] <= digits <= PHONE_DIGITS[1]:
        return f"{shown(value)} has {digits} digits; a phone number has {PHONE_DIGITS[0]} to {PHONE_DIGITS[1]}"
    return None


def check_record_properties(
    kind: RecordKind, properties: Mapping[str, str], company_exists: set[int] | None = None
) -> list[FieldError]:
    """What HubSpot would refuse in a contact's or company's properties (unknown names, formats, options)."""
    errors: list[FieldError] = []
    writable = kind.writable()
    for name, value in properties.items():
        if named := property_name_error(name, writable, kind.name):
            errors.append(named)
        elif value == "":
            continue  # clearing is always allowed
        elif name == "email" and not _EMAIL.fullmatch(value.strip()):
            errors.append(FieldError(name, f"Email address {shown(value)} is invalid", "INVALID_EMAIL"))
        elif name in PHONES and (problem := phone_error(value)):
            errors.append(FieldError(name, problem, "INVALID_PHONE_NUMBER"))
        elif name in ENUMERATIONS and value not in ENUMERATIONS[name]:
            options = ", ".join(ENUMERATIONS[name])
            errors.append(FieldError(name, f"{shown(value)} was not one of the allowed options: {options}",
                                     "INVALID_OPTION"))  # fmt: skip
        elif name in NUMBERS and not _NUMBER.fullmatch(value):
            errors.append(FieldError(name, f"{shown(value)} is not a number (no commas, one period at most)",
                                     "INVALID_INTEGER" if name != "annualrevenue" else "INVALID_DECIMAL"))  # fmt: skip
        elif name == "associatedcompanyid":
            company = parse_whole(value)
            if company is None or (company_exists is not None and company not in company_exists):
                errors.append(FieldError(name, f"associatedcompanyid {shown(value)} is no company's id"))
    return errors


def _phones(current: tuple[Phone, ...], changes: Mapping[str, str]) -> tuple[Phone, ...]:
    """The record's phones with each written phone property set (first of its kind) or removed ("")."""
    phones = list(current)
    for prop in PHONES:
        if prop not in changes:
            continue
        index = next((i for i, phone in enumerate(phones) if phone.property == prop), None)
        value = changes[prop].strip()
        if index is None and value:
            phones.append(Phone(prop, prop, value))
        elif index is not None and value:
            phones[index] = replace(phones[index], number=value)
        elif index is not None:
            del phones[index]
    return tuple(phones)


def _extra(
    current: tuple[tuple[str, str], ...], changes: Mapping[str, str], names: frozenset[str]
) -> tuple[tuple[str, str], ...]:
    kept = dict(current)
    for name, value in changes.items():
        if name in names:
            if value == "":
                kept.pop(name, None)
            else:
                kept[name] = value
    return tuple(sorted(kept.items()))


def written(record: WritableRecord, kind: RecordKind, changes: Mapping[str, str], now_ms: int) -> WritableRecord:
    """`record` with checked property `changes` applied ("" clears), stamped as updated at `now_ms`."""
    values: dict[str, Any] = {}
    for name, field_name in kind.fields.items():
        if name in changes:
            value = changes[name].strip() if name == "email" else changes[name]
            if field_name == "company_id":
                values[field_name] = parse_whole(value) if value else None
            elif field_name in ("first_name", "last_name", "name"):
                values[field_name] = value  # never None: the page shows them
            else:
                values[field_name] = value or None
    return replace(
        record,
        **values,
        phones=_phones(record.phones, changes),
        extra=_extra(record.extra, changes, kind.extra),
        created_ms=record.created_ms if record.created_ms is not None else now_ms,
        updated_ms=now_ms,
    )


def new_record(kind: RecordKind, record_id: int, changes: Mapping[str, str], now_ms: int) -> WritableRecord:
    """A new contact or company from checked properties."""
    blank: WritableRecord = (
        Contact(record_id, "", "", created_ms=now_ms)
        if kind is CONTACT_KIND
        else Company(record_id, "", created_ms=now_ms)
    )
    return written(blank, kind, changes, now_ms)
