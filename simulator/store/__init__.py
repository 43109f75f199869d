"""callsim's persistence: SQLite (WAL, fsync per commit), migrated on open; see store.Store."""

from __future__ import annotations

from simulator.store.app_settings import AppSettings, StoredSettings
from simulator.store.errors import AlreadyExists, NotFound, StoreError
from simulator.store.location import default_data_dir
from simulator.store.session_logs import SessionLogs, StoredSession
from simulator.store.store import Store
from simulator.store.transcripts import Transcript, Transcripts

__all__ = [
    "AlreadyExists", "AppSettings", "NotFound", "SessionLogs", "Store", "StoreError", "StoredSession",
    "StoredSettings", "Transcript", "Transcripts", "default_data_dir",
]  # fmt: skip
