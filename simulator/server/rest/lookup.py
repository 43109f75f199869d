"""The REST API's view of the mock CRM: objects by type and id, and their associations."""

from __future__ import annotations

from typing import Any

from simulator.hubspot.crm.portal import Crm
from simulator.hubspot.crm.records import COMPANY, CONTACT
from simulator.hubspot.rest.objects import (
    CALL_ASSOCIATIONS,
    CALLS,
    COMPANIES,
    CONTACTS,
    PLURAL_OF,
    ObjectType,
    PublicObject,
    call_object,
    company_object,
    contact_object,
)

# Names HubSpot accepts for an association's object type, singular or plural or type id.
_ALIASES = {
    **dict.fromkeys(("contact", "contacts", CONTACT), "contacts"),
    **dict.fromkeys(("company", "companies", COMPANY), "companies"),
    **dict.fromkeys(("call", "calls", "0-48"), "calls"),
}


def public_objects(crm: Crm, kind: ObjectType, archived: bool = False) -> list[PublicObject]:
    """Every object of a type, in id order (fixture records are never archived)."""
    if kind is CALLS:
        source = crm.archived if archived else crm.engagements
        return [call_object(source[i], archived) for i in sorted(source)]
    if archived:
        return []
    if kind is CONTACTS:
        return [_contact(crm, crm.contacts[i]) for i in sorted(crm.contacts)]
    return [company_object(crm.companies[i]) for i in sorted(crm.companies)]


def public_object(crm: Crm, kind: ObjectType, object_id: int, archived: bool = False) -> PublicObject | None:
    if kind is CALLS:
        engagement = (crm.archived if archived else crm.engagements).get(object_id)
        return call_object(engagement, archived) if engagement else None
    if archived:
        return None
    if kind is CONTACTS:
        contact = crm.contacts.get(object_id)
        return _contact(crm, contact) if contact else None
    company = crm.companies.get(object_id)
    return company_object(company) if company else None


def _contact(crm: Crm, contact: Any) -> PublicObject:
    company = crm.companies.get(contact.company_id) if contact.company_id else None
    return contact_object(contact, company.name if company else None)


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
