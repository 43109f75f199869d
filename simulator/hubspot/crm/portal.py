"""The mock CRM: the records of one portal, caller-ID matching and the call engagements HubSpot creates."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any

from simulator.hubspot.crm.fixture_parser import DEFAULT_FIXTURES, load_fixtures, parse_records
from simulator.hubspot.crm.phones import country_of, normalize_e164
from simulator.hubspot.crm.records import (
    COMPANY,
    CONTACT,
    OBJECT_TYPE_IDS,
    OBJECT_TYPE_NAMES,
    Association,
    Company,
    Contact,
    CustomObjectType,
    CustomRecord,
    Engagement,
    Record,
    WritableRecord,
)
from simulator.hubspot.rest.fields import parse_whole

FIRST_ENGAGEMENT_ID = 30_000_000_001

# What changed, for listeners: (kind, engagement). The store persists on these; the server pushes them to pages.
# PURGED (GDPR delete, or the loser of a merge): gone for good, unlike ARCHIVED, so the store drops its row.
CREATED, UPDATED, ARCHIVED, PURGED = "created", "updated", "archived", "purged"
ChangeListener = Callable[[str, Engagement], None]
RecordListener = Callable[[str, WritableRecord], None]  # (CREATED | UPDATED | ARCHIVED, the contact or company)

# Re-exported: the server and older imports take the record model from here.
__all__ = [
    "COMPANY", "CONTACT", "DEFAULT_FIXTURES", "FIRST_ENGAGEMENT_ID", "OBJECT_TYPE_IDS", "OBJECT_TYPE_NAMES",
    "ARCHIVED", "CREATED", "PURGED", "UPDATED", "Association", "ChangeListener", "RecordListener",
    "Company", "Contact", "Crm", "Engagement", "Record", "country_of", "normalize_e164",
]  # fmt: skip


class Crm:
    """Records and engagements of one simulated portal; shared by every session of a server."""

    def __init__(self, contacts: Iterable[Contact] = (), companies: Iterable[Company] = ()) -> None:
        self.contacts: dict[int, Contact] = {contact.id: contact for contact in contacts}
        self.companies: dict[int, Company] = {company.id: company for company in companies}
        self.engagements: dict[int, Engagement] = {}
        self.archived: dict[int, Engagement] = {}  # archived (DELETE): readable with ?archived=true only
        self._next_engagement_id = FIRST_ENGAGEMENT_ID
        self._listeners: list[ChangeListener] = []
        # Contacts and companies archived over REST: readable with ?archived=true, matched and shown nowhere.
        self.archived_records: dict[tuple[str, int], WritableRecord] = {}
        # Custom objects (fixtures' `custom_objects`): their types and records, read-only.
        self.custom_types: dict[str, CustomObjectType] = {}
        self.custom_records: dict[tuple[str, int], CustomRecord] = {}
        self._record_listeners: list[RecordListener] = []

    def on_change(self, listener: ChangeListener) -> Callable[[], None]:
        """Call `listener(kind, engagement)` after every create/update/archive; returns the unsubscribe."""
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener) if listener in self._listeners else None

    def _changed(self, kind: str, engagement: Engagement) -> None:
        for listener in list(self._listeners):
            listener(kind, engagement)

    def on_record_change(self, listener: RecordListener) -> Callable[[], None]:
        """Call `listener(kind, record)` after a contact or company is created, updated or archived."""
        self._record_listeners.append(listener)
        return lambda: self._record_listeners.remove(listener) if listener in self._record_listeners else None

    def _table(self, object_type_id: str) -> dict[int, Any]:
        return self.contacts if object_type_id == CONTACT else self.companies

    def next_record_id(self, object_type_id: str) -> int:
        """A fresh id for a new contact or company: after every live and archived one of its type."""
        archived = [i for t, i in self.archived_records if t == object_type_id]
        return max([0, *self._table(object_type_id), *archived]) + 1

    def put_record(self, record: WritableRecord) -> WritableRecord:
        """Create or replace a contact or company (a REST write); listeners persist it before it is answered."""
        table = self._table(record.object_type_id)
        kind = UPDATED if record.id in table else CREATED
        table[record.id] = record
        self.archived_records.pop((record.object_type_id, record.id), None)
        for listener in list(self._record_listeners):
            listener(kind, record)
        return record

    def archive_record(self, object_type_id: str, object_id: int, now_ms: int) -> WritableRecord:
        """Archive a contact or company (HubSpot's DELETE); raises KeyError for an unknown id."""
        record: WritableRecord = replace(self._table(object_type_id).pop(object_id), updated_ms=now_ms)
        self.archived_records[(object_type_id, object_id)] = record
        for listener in list(self._record_listeners):
            listener(ARCHIVED, record)
        return record

    def restore_archived_records(self, records: Iterable[WritableRecord]) -> None:
        """Put back contacts and companies a store kept as archived (no listeners called)."""
        for record in records:
            self.archived_records[(record.object_type_id, record.id)] = record

    def contact_by_email(self, email: str) -> Contact | None:
        """The live contact with this email, compared as HubSpot does (case and surrounding space ignored)."""
        wanted = email.strip().lower()
        return next((c for c in self.contacts.values() if (c.email or "").strip().lower() == wanted), None)

    def restore(self, engagements: Iterable[Engagement], archived: Iterable[Engagement] = ()) -> None:
        """Put back engagements a store kept (no listeners called); new ids continue after the highest."""
        for engagement in engagements:
            self.engagements[engagement.id] = engagement
        for engagement in archived:
            self.archived[engagement.id] = engagement
        known = [*self.engagements, *self.archived]
        self._next_engagement_id = max([self._next_engagement_id - 1, *known]) + 1

    def restore_engagements(self, engagements: Iterable[Engagement]) -> None:
        """`restore` for live engagements only (the store's name for it)."""
        self.restore(engagements)

    @classmethod
    def load(cls, path: Path | None = None) -> Crm:
        """The CRM from a fixtures file (default: the built-in one); raises FixturesError."""
        fixtures = load_fixtures(path)
        crm = cls(fixtures.contacts, fixtures.companies)
        crm.set_custom_objects(fixtures.custom_types, fixtures.custom_records)
        return crm

    @classmethod
    def parse(cls, text: str, source: str = "<fixtures>") -> Crm:
        """The CRM from fixtures YAML text; `source` names it in errors."""
        contacts, companies = parse_records(text, source)
        return cls(contacts, companies)

    def record(self, object_type_id: str, object_id: int) -> Record | None:
        """The contact ("0-1"), company ("0-2") or custom-object record ("2-…") with that id, if any."""
        if object_type_id == CONTACT:
            return self.contacts.get(object_id)
        if object_type_id == COMPANY:
            return self.companies.get(object_id)
        return self.custom_records.get((object_type_id, object_id))

    def records(self) -> list[Record]:
        return [*self.contacts.values(), *self.companies.values(), *self.custom_records.values()]

    def set_custom_objects(self, types: Iterable[CustomObjectType], records: Iterable[CustomRecord]) -> None:
        """The portal's custom objects and their records, replacing any before (a fixtures reload)."""
        self.custom_types = {t.type_id: t for t in types}
        self.custom_records = {(r.object_type_id, r.id): r for r in records}

    def match_caller(self, number: str, portal_id: int) -> list[dict[str, Any]]:
        """Caller-ID matches (§4 `Match`) for a phone number: contacts first, then companies."""
        e164 = normalize_e164(number) if isinstance(number, str) else None
        if e164 is None:
            return []
        matches: list[dict[str, Any]] = []
        for contact in self.contacts.values():
            if any(phone.e164 == e164 for phone in contact.phones):
                coordinates = {"portalId": portal_id, "objectTypeId": CONTACT, "objectId": contact.id}
                match: dict[str, Any] = {
                    "callerIdType": "CONTACT",
                    "objectCoordinates": coordinates,
                    "firstName": contact.first_name,
                    "lastName": contact.last_name,
                }
                if contact.email:
                    match["email"] = contact.email
                matches.append(match)
        for company in self.companies.values():
            if any(phone.e164 == e164 for phone in company.phones):
                coordinates = {"portalId": portal_id, "objectTypeId": COMPANY, "objectId": company.id}
                matches.append({"callerIdType": "COMPANY", "objectCoordinates": coordinates, "name": company.name})
        return matches

    def engagement(self, engagement_id: int) -> Engagement | None:
        return self.engagements.get(engagement_id)

    def create_engagement(
        self,
        external_call_id: str | None,
        direction: str,
        associations: Iterable[Association],
        properties: Mapping[str, Any],
        now_ms: int,
        status: str = "CONNECTING",
    ) -> Engagement:
        """A new call engagement with a fresh id."""
        engagement = Engagement(
            id=self._next_engagement_id,
            external_call_id=external_call_id,
            direction=direction,
            status=status,
            properties=dict(properties),
            associations=tuple(dict.fromkeys(associations)),
            created_at_ms=now_ms,
            updated_at_ms=now_ms,
        )
        self._next_engagement_id += 1
        self.engagements[engagement.id] = engagement
        self._changed(CREATED, engagement)
        return engagement

    def update_engagement(
        self,
        engagement_id: int,
        now_ms: int,
        properties: Mapping[str, Any] | None = None,
        status: str | None = None,
        completed: bool | None = None,
        unfinished: bool | None = None,
        direction: str | None = None,
        cleared: Iterable[str] = (),
    ) -> Engagement:
        """The engagement with `properties` merged in and `cleared` ones removed; KeyError for an unknown id."""
        current = self.engagements[engagement_id]
        merged = {**current.properties, **(properties or {})}
        for name in cleared:
            merged.pop(name, None)
        updated = replace(
            current,
            properties=merged,
            status=status or current.status,
            direction=direction or current.direction,
            completed=current.completed if completed is None else completed,
            unfinished=(current.unfinished and not completed) if unfinished is None else unfinished,
            updated_at_ms=now_ms,
        )
        self.engagements[engagement_id] = updated
        self._changed(UPDATED, updated)
        return updated

    def set_engagement_associations(
        self, engagement_id: int, associations: Iterable[Association], now_ms: int
    ) -> Engagement:
        """The engagement with these associations (the associations API); KeyError for an unknown id."""
        updated = replace(
            self.engagements[engagement_id], associations=tuple(dict.fromkeys(associations)), updated_at_ms=now_ms
        )
        self.engagements[engagement_id] = updated
        self._changed(UPDATED, updated)
        return updated

    def archive_engagement(self, engagement_id: int, now_ms: int) -> Engagement:
        """Archive (HubSpot's DELETE): gone from reads and lists; raises KeyError for an unknown id."""
        archived = replace(self.engagements.pop(engagement_id), updated_at_ms=now_ms)
        self.archived[engagement_id] = archived
        self._changed(ARCHIVED, archived)
        return archived

    def purge_engagement(self, engagement_id: int) -> Engagement:
        """Delete for good (GDPR delete): live or archived, nothing keeps it; raises KeyError for an unknown id."""
        gone = self.engagements.pop(engagement_id, None) or self.archived.pop(engagement_id)
        self._changed(PURGED, gone)
        return gone

    def merge_engagements(self, primary_id: int, merged_id: int, now_ms: int) -> Engagement:
        """`merged_id` into `primary_id` (both live): the primary's values win, the other's fill its gaps,
        associations are joined and the merged id is listed in hs_merged_object_ids; the merged call is purged."""
        primary, merged = self.engagements[primary_id], self.engagements[merged_id]
        earlier = str(primary.properties.get("hs_merged_object_ids") or "")
        ids = [i for i in earlier.split(";") if i] + [str(merged_id)]
        properties = {**merged.properties, **primary.properties, "hs_merged_object_ids": ";".join(ids)}
        self.purge_engagement(merged_id)
        combined = replace(
            primary,
            properties=properties,
            associations=tuple(dict.fromkeys([*primary.associations, *merged.associations])),
            external_call_id=primary.external_call_id or merged.external_call_id,
            updated_at_ms=now_ms,
        )
        self.engagements[primary_id] = combined
        self._changed(UPDATED, combined)
        return combined

    def list_engagements(self, after: int | None = None, limit: int = 10, archived: bool = False) -> list[Engagement]:
        """A page of engagements in id order, those with ids above `after` (HubSpot's `after` cursor)."""
        source = self.archived if archived else self.engagements
        ids = sorted(i for i in source if after is None or i > after)
        return [source[i] for i in ids[:limit]]

    def engagements_for(self, object_type_id: str, object_id: int) -> list[Engagement]:
        """Engagements associated with a record, oldest first (creation order)."""
        return [e for e in self.engagements.values() if (object_type_id, object_id) in e.associations]

    def resolve(self, reference: Any) -> Record | None:
        """A record from a Contact/Company or from page JSON `{objectTypeId, objectId}` (id as number or text)."""
        if isinstance(reference, (Contact, Company)):
            return reference
        if not isinstance(reference, Mapping):
            return None
        type_id, object_id = reference.get("objectTypeId"), reference.get("objectId")
        if isinstance(object_id, str):
            object_id = parse_whole(object_id.strip())
        if isinstance(type_id, str) and isinstance(object_id, int) and not isinstance(object_id, bool):
            return self.record(type_id, object_id)
        return None
