"""The store: one database and the repositories over it; `Store.open(data_dir)` or in memory."""

from __future__ import annotations

from pathlib import Path

from simulator.hubspot.crm.portal import Crm
from simulator.settings import Settings
from simulator.store.app_settings import CALLING, CHANNEL_CONNECTION, RECORDING, AppSettings
from simulator.store.crm_store import CrmStore
from simulator.store.database import Database
from simulator.store.migrations import LATEST_VERSION
from simulator.store.session_logs import SessionLogs
from simulator.store.transcripts import Transcripts


class Store:
    """Everything callsim keeps: the CRM, calling apps' settings, transcripts and session logs."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self.crm = CrmStore(db)
        self.apps = AppSettings(db, CALLING)
        self.channel_connections = AppSettings(db, CHANNEL_CONNECTION)
        self.recordings = AppSettings(db, RECORDING)
        self.transcripts = Transcripts(db)
        self.session_logs = SessionLogs(db)
        self.notes: list[str] = []  # what opening did that a user should hear (seeding)

    @classmethod
    def open(cls, data_dir: Path | None, target_version: int = LATEST_VERSION) -> Store:
        """The store in `data_dir` (None: in memory, gone at exit); raises StoreError."""
        return cls(Database.open(data_dir, target_version))

    @classmethod
    def for_settings(cls, settings: Settings) -> Store:
        """The store a server's settings ask for: in memory when ephemeral or without a data dir."""
        return cls.open(None if settings.ephemeral else settings.data_dir)

    @property
    def data_dir(self) -> Path | None:
        return self.db.path.parent if self.db.path else None

    def load_crm(self, fixtures: Path | None = None) -> Crm:
        """The stored CRM (seeded from `fixtures` when new or when the file changed), persisting every change."""
        crm, note = self.crm.load(fixtures)
        if note:
            self.notes.append(note)
        return crm

    def attach(self, crm: Crm) -> Crm:
        """Persist the changes of a CRM built elsewhere (tests); nothing is loaded into it."""
        return self.crm.attach(crm)

    def close(self) -> None:
        self.db.close()
