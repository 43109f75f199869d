"""The REST API's view of the mock CRM: objects by type and id, and their associations."""

from __future__ import annotations

from typing import Any

from simulator.hubspot.crm.portal import Crm
from simulator.hubspot.crm.records import COMPANY, CONTACT, Company, CustomRecord, Record, is_custom_type
from simulator.hubspot.rest.objects import (
    CALL_ASSOCIATIONS,
    CALLS,
    COMPANIES,
    CONTACTS,
    PLURAL_OF,
    RECORD_TYPE_OF,
    ObjectType,
    PublicObject,
    call_object,
    company_object,
    contact_object,
    custom_object,
)

# Names HubSpot accepts for an association's object type, singular or plural or type id.
_ALIASES = {
    **dict.fromkeys(("contact", "contacts", CONTACT), "contacts"),
    **dict.fromkeys(("company", "companies", COMPANY), "companies"),
    **dict.fromkeys(("call", "calls", "0-48"), "calls"),
}


def public_objects(crm: Crm, kind: ObjectType, archived: bool = False) -> list[PublicObject]:
    """Every object of a type, live or archived, in id order."""
    if kind is CALLS:
        source = crm.archived if archived else crm.engagements
        return [call_object(source[i], archived) for i in sorted(source)]
    if is_custom_type(kind.type_id):  # fixtures' custom objects: never archived
        ids = [] if archived else sorted(i for t, i in crm.custom_records if t == kind.type_id)
        return [custom_object(crm.custom_records[(kind.type_id, i)]) for i in ids]
    record_type = RECORD_TYPE_OF[kind.name]
    if archived:
        gone = sorted(i for t, i in crm.archived_records if t == record_type)
        return [_public_record(crm, crm.archived_records[(record_type, i)], True) for i in gone]
    table = crm.contacts if kind is CONTACTS else crm.companies
    return [_public_record(crm, table[i]) for i in sorted(table)]


def public_object(crm: Crm, kind: ObjectType, object_id: int, archived: bool = False) -> PublicObject | None:
    if kind is CALLS:
        engagement = (crm.archived if archived else crm.engagements).get(object_id)
        return call_object(engagement, archived) if engagement else None
    record_type = kind.type_id if is_custom_type(kind.type_id) else RECORD_TYPE_OF[kind.name]
    record = crm.archived_records.get((record_type, object_id)) if archived else crm.record(record_type, object_id)
    return _public_record(crm, record, archived) if record else None


def _public_record(crm: Crm, record: Record, archived: bool = False) -> PublicObject:
    if isinstance(record, Company):
        return company_object(record, archived)
    if isinstance(record, CustomRecord):
        return custom_object(record)
    company = crm.companies.get(record.company_id) if record.company_id else None
    return contact_object(record, company.name if company else None, archived)


def association_names(wanted: list[str] | None) -> list[str]:
    """`?associations=` values as plural type names; unknown ones are ignored, as HubSpot ignores them."""
    return list(dict.fromkeys(_ALIASES[w.lower()] for w in wanted or () if w.lower() in _ALIASES))


def associations(crm: Crm, kind: ObjectType, object_id: int, wanted: list[str]) -> dict[str, Any]:
    """`associations: {type: {results: [{id, type}]}}` for the wanted types that have any."""
    found: dict[str, list[dict[str, str]]] = {}
    if kind is CALLS:
        engagement = crm.engagements.get(object_id) or crm.archived.get(object_id)
        for type_id, other in engagement.associations if engagement else ():
            plural = PLURAL_OF.get(type_id)
            if plural in wanted:
                found.setdefault(plural, []).append({"id": str(other), "type": CALL_ASSOCIATIONS[plural].label})
    else:
        record_type = CONTACT if kind is CONTACTS else COMPANY
        if "calls" in wanted:
            label = CALL_ASSOCIATIONS[kind.name].reverse_label
            calls = [{"id": str(e.id), "type": label} for e in crm.engagements_for(record_type, object_id)]
            if calls:
                found["calls"] = calls
        if kind is CONTACTS and "companies" in wanted:
            contact = crm.contacts.get(object_id)
            if contact and contact.company_id:
                found["companies"] = [{"id": str(contact.company_id), "type": "contact_to_company"}]
        if kind is COMPANIES and "contacts" in wanted:
            people = [c for c in crm.contacts.values() if c.company_id == object_id]
            if people:
                found["contacts"] = [{"id": str(c.id), "type": "company_to_contact"} for c in people]
    return {name: {"results": results} for name, results in found.items()}
