"""The mock CRM, persisted: records seeded from fixtures, engagements written through before they are answered."""

from __future__ import annotations

import hashlib
from pathlib import Path

from simulator.errors import FixturesError
from simulator.hubspot.crm.fixture_parser import DEFAULT_FIXTURES, load_fixtures, load_records
from simulator.hubspot.crm.portal import ARCHIVED, PURGED, Crm
from simulator.hubspot.crm.records import Company, Contact, Engagement
from simulator.store.codec import decode_company, decode_contact, decode_engagement, encode
from simulator.store.database import Database

FIXTURES = "fixtures"  # records as the fixtures file has them (replaced by a re-seed)
CHANGED = "api"  # records changed after seeding (kept by a re-seed unless the new file has their id)
SEED_DIGEST, SEED_SOURCE = "fixtures.sha256", "fixtures.source"


class CrmStore:
    """Contacts, companies and engagements in the database, loaded into a `Crm` that writes every change back."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def load(self, fixtures: Path | None = None) -> tuple[Crm, str | None]:
        """The stored CRM, seeded first if needed, and a note saying what seeding did (None: nothing)."""
        note = self._seed(fixtures)
        crm = Crm(self.contacts(), self.companies())
        crm.restore(self.engagements(), self.engagements(archived=True))
        crm.restore_archived_records([*self.contacts(archived=True), *self.companies(archived=True)])
        note = self._custom_objects(crm, fixtures, note)
        self.attach(crm)
        return crm, note

    def _custom_objects(self, crm: Crm, fixtures: Path | None, note: str | None) -> str | None:
        """Custom objects are read-only fixtures: read from the file the records were seeded from, each start."""
        source = fixtures or Path(self._meta(SEED_SOURCE) or DEFAULT_FIXTURES)
        try:
            found = load_fixtures(source)
        except FixturesError as error:  # the seeding file moved or broke since: its records are in the store
            return "; ".join(filter(None, [note, f"no custom objects: {error}"]))
        crm.set_custom_objects(found.custom_types, found.custom_records)
        return note

    def attach(self, crm: Crm) -> Crm:
        """Persist every change `crm` reports, in its own transaction, before the change is acknowledged."""
        crm.on_change(self._changed)
        crm.on_record_change(lambda kind, record: self.save_record(record, archived=kind == ARCHIVED))
        return crm

    def _changed(self, kind: str, engagement: Engagement) -> None:
        if kind == PURGED:
            self.purge_engagement(engagement.id)
        else:
            self.save_engagement(engagement, archived=kind == ARCHIVED)

    def _seed(self, fixtures: Path | None) -> str | None:
        seeded_from = self._meta(SEED_SOURCE)
        if seeded_from is not None and fixtures is None:
            return None  # no --fixtures: the data directory's records are the truth
        source = fixtures or DEFAULT_FIXTURES
        contacts, companies = load_records(fixtures)  # a bad file fails here, before anything is written
        bodies = [encode(c) for c in contacts] + [encode(c) for c in companies]
        digest = hashlib.sha256("\n".join(bodies).encode()).hexdigest()
        if self._meta(SEED_DIGEST) == digest:
            return None
        with self.db.transaction() as connection:
            connection.execute("DELETE FROM contacts WHERE source = ?", (FIXTURES,))
            connection.execute("DELETE FROM companies WHERE source = ?", (FIXTURES,))
            connection.executemany(
                "INSERT OR REPLACE INTO contacts (id, source, body) VALUES (?, ?, ?)",
                [(c.id, FIXTURES, encode(c)) for c in contacts],
            )
            connection.executemany(
                "INSERT OR REPLACE INTO companies (id, source, body) VALUES (?, ?, ?)",
                [(c.id, FIXTURES, encode(c)) for c in companies],
            )
            connection.executemany(
                "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)",
                [(SEED_DIGEST, digest), (SEED_SOURCE, str(source))],
            )
        counts = f"{len(contacts)} contacts and {len(companies)} companies from {source}"
        if seeded_from is None:
            return f"seeded {counts}"
        return f"re-seeded {counts} (the data directory was seeded from {seeded_from}); engagements kept"

    def _meta(self, key: str) -> str | None:
        rows = self.db.rows("SELECT value FROM meta WHERE key = ?", (key,))
        return str(rows[0][0]) if rows else None

    def save_record(self, record: Contact | Company, archived: bool = False) -> None:
        """Insert or replace one contact or company, live or archived; committed (fsynced) when this returns.

        A re-seed keeps it unless the new fixtures file has its id."""
        table = "contacts" if isinstance(record, Contact) else "companies"
        with self.db.transaction() as connection:
            connection.execute(
                f"INSERT OR REPLACE INTO {table} (id, source, body, archived) VALUES (?, ?, ?, ?)",
                (record.id, CHANGED, encode(record), int(archived)),
            )

    def save_engagement(self, engagement: Engagement, archived: bool = False) -> None:
        """Insert or replace one engagement; committed (fsynced) when this returns."""
        with self.db.transaction() as connection:
            connection.execute(
                "INSERT INTO engagements (id, archived, updated_ms, body) VALUES (?, ?, ?, ?) ON CONFLICT (id) "
                "DO UPDATE SET archived = excluded.archived, updated_ms = excluded.updated_ms, body = excluded.body",
                (engagement.id, int(archived), engagement.updated_at_ms, encode(engagement)),
            )

    def purge_engagement(self, engagement_id: int) -> None:
        """Delete one engagement and its transcripts for good (GDPR delete); committed when this returns."""
        with self.db.transaction() as connection:
            connection.execute("DELETE FROM engagements WHERE id = ?", (engagement_id,))
            connection.execute("DELETE FROM transcripts WHERE engagement_id = ?", (engagement_id,))

    def engagements(self, archived: bool = False) -> list[Engagement]:
        """Stored live (or archived) engagements, oldest id first."""
        rows = self.db.rows("SELECT body FROM engagements WHERE archived = ? ORDER BY id", (int(archived),))
        return [decode_engagement(row[0]) for row in rows]

    def contacts(self, archived: bool = False) -> list[Contact]:
        rows = self.db.rows("SELECT body FROM contacts WHERE archived = ? ORDER BY rowid", (int(archived),))
        return [decode_contact(row[0]) for row in rows]

    def companies(self, archived: bool = False) -> list[Company]:
        rows = self.db.rows("SELECT body FROM companies WHERE archived = ? ORDER BY rowid", (int(archived),))
        return [decode_company(row[0]) for row in rows]
