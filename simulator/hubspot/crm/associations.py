"""Associations between calls, contacts and companies, as HubSpot's associations API sees them.

The mock CRM keeps them where the record pages and the SDK flow already look: a call's `associations` (its
timeline cards follow) and a contact's `company_id` (one company per contact, its primary: HubSpot allows more,
callsim's record model does not, so a second one is refused rather than silently replacing the first).
Type ids are HubSpot's HUBSPOT_DEFINED defaults (docs: "Associations v4", association type ids).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from simulator.hubspot.crm.portal import Crm
from simulator.hubspot.crm.records import COMPANY, CONTACT, Contact

CALL = "0-48"
ALIASES = {
    **dict.fromkeys(("calls", "call", CALL), CALL),
    **dict.fromkeys(("contacts", "contact", CONTACT), CONTACT),
    **dict.fromkeys(("companies", "company", COMPANY), COMPANY),
}
HUBSPOT_DEFINED = "HUBSPOT_DEFINED"


@dataclass(frozen=True)
class AssociationKind:
    """One direction of one pair of object types: its default type id and its labelled ones."""

    from_type: str
    to_type: str
    default_type_id: int
    primary_type_id: int | None = None  # contact ⇄ company: the "Primary" label

    def labels(self, type_ids: set[int]) -> list[str]:
        return ["Primary"] if self.primary_type_id in type_ids else []

    def type_ids(self) -> tuple[int, ...]:
        return (self.default_type_id,) + ((self.primary_type_id,) if self.primary_type_id else ())

    def spec(self, type_id: int) -> dict[str, object]:
        """AssociationSpecWithLabel, as a read shows it."""
        label = "Primary" if type_id == self.primary_type_id else None
        return {"category": HUBSPOT_DEFINED, "typeId": type_id, "label": label}


KINDS = {
    (CALL, CONTACT): AssociationKind(CALL, CONTACT, 194),
    (CONTACT, CALL): AssociationKind(CONTACT, CALL, 193),
    (CALL, COMPANY): AssociationKind(CALL, COMPANY, 182),
    (COMPANY, CALL): AssociationKind(COMPANY, CALL, 181),
    (CONTACT, COMPANY): AssociationKind(CONTACT, COMPANY, 279, primary_type_id=1),
    (COMPANY, CONTACT): AssociationKind(COMPANY, CONTACT, 280, primary_type_id=2),
}


class AssociationError(ValueError):
    """Why an association cannot be made or read; the message names what was wrong."""


class NoSuchObject(AssociationError):
    """One end of the association does not exist."""


def kind_of(from_type: str, to_type: str) -> AssociationKind:
    kind = KINDS.get((from_type, to_type))
    if kind is None:
        raise AssociationError(f"callsim associates calls, contacts and companies with each other; not {from_type} "
                               f"with {to_type}")  # fmt: skip
    return kind


def exists(crm: Crm, object_type: str, object_id: int) -> bool:
    if object_type == CALL:
        return object_id in crm.engagements
    return crm.record(object_type, object_id) is not None


def _call_and_record(kind: AssociationKind, from_id: int, to_id: int) -> tuple[int, tuple[str, int]]:
    if kind.from_type == CALL:
        return from_id, (kind.to_type, to_id)
    return to_id, (kind.from_type, from_id)


def _contact_and_company(kind: AssociationKind, from_id: int, to_id: int) -> tuple[int, int]:
    return (from_id, to_id) if kind.from_type == CONTACT else (to_id, from_id)


def associate(crm: Crm, kind: AssociationKind, from_id: int, to_id: int, now_ms: int) -> None:
    """Make the association (both directions: HubSpot's are paired); raises AssociationError."""
    for object_type, object_id in ((kind.from_type, from_id), (kind.to_type, to_id)):
        if not exists(crm, object_type, object_id):
            raise NoSuchObject(f"no {_name(object_type)} with id {object_id}")
    if CALL in (kind.from_type, kind.to_type):
        call_id, record = _call_and_record(kind, from_id, to_id)
        engagement = crm.engagements[call_id]
        if record not in engagement.associations:
            crm.set_engagement_associations(call_id, (*engagement.associations, record), now_ms)
        return
    contact_id, company_id = _contact_and_company(kind, from_id, to_id)
    contact = crm.contacts[contact_id]
    if contact.company_id not in (None, company_id):
        raise AssociationError(f"contact {contact_id} is associated with company {contact.company_id}: callsim keeps "
                               "one company per contact; remove that association first")  # fmt: skip
    if contact.company_id != company_id:
        crm.put_record(replace(contact, company_id=company_id, updated_ms=now_ms))


def dissociate(crm: Crm, kind: AssociationKind, from_id: int, to_id: int, now_ms: int) -> None:
    """Remove the association if there is one (HubSpot answers 204 either way)."""
    if CALL in (kind.from_type, kind.to_type):
        call_id, record = _call_and_record(kind, from_id, to_id)
        engagement = crm.engagements.get(call_id)
        if engagement is not None and record in engagement.associations:
            kept = tuple(a for a in engagement.associations if a != record)
            crm.set_engagement_associations(call_id, kept, now_ms)
        return
    contact_id, company_id = _contact_and_company(kind, from_id, to_id)
    contact = crm.contacts.get(contact_id)
    if contact is not None and contact.company_id == company_id:
        crm.put_record(replace(contact, company_id=None, updated_ms=now_ms))


def associated(crm: Crm, kind: AssociationKind, from_id: int) -> list[tuple[int, tuple[int, ...]]]:
    """(to id, type ids) of every object `from_id` is associated with, in id order."""
    if not exists(crm, kind.from_type, from_id):
        raise NoSuchObject(f"no {_name(kind.from_type)} with id {from_id}")
    if kind.from_type == CALL:
        ids = [i for t, i in crm.engagements[from_id].associations if t == kind.to_type]
    elif kind.to_type == CALL:
        ids = [e.id for e in crm.engagements_for(kind.from_type, from_id)]
    elif kind.from_type == CONTACT:
        company = crm.contacts[from_id].company_id
        ids = [company] if company is not None and company in crm.companies else []
    else:
        ids = [c.id for c in crm.contacts.values() if isinstance(c, Contact) and c.company_id == from_id]
    return [(i, kind.type_ids()) for i in sorted(set(ids))]


def _name(object_type: str) -> str:
    return {CALL: "call", CONTACT: "contact", COMPANY: "company"}[object_type]
