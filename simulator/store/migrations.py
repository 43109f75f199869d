"""The schema, as ordered migration steps; PRAGMA user_version is the number of steps applied."""

from __future__ import annotations

from dataclasses import dataclass

FIRST_TRANSCRIPT_ID = 40_000_000_001


@dataclass(frozen=True)
class Migration:
    version: int  # user_version after this step
    summary: str
    statements: tuple[str, ...]


MIGRATIONS: tuple[Migration, ...] = (
    Migration(
        1,
        "the mock CRM: records seeded from fixtures, call engagements, store metadata",
        (
            "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
            "CREATE TABLE contacts (id INTEGER PRIMARY KEY, source TEXT NOT NULL, body TEXT NOT NULL)",
            "CREATE TABLE companies (id INTEGER PRIMARY KEY, source TEXT NOT NULL, body TEXT NOT NULL)",
            "CREATE TABLE engagements (id INTEGER PRIMARY KEY, archived INTEGER NOT NULL DEFAULT 0,"
            " updated_ms INTEGER NOT NULL, body TEXT NOT NULL)",
        ),
    ),
    Migration(
        2,
        "calling apps: settings, channel-connection and recording settings per app; transcripts",
        (
            "CREATE TABLE app_settings (app_id INTEGER NOT NULL, kind TEXT NOT NULL, body TEXT NOT NULL,"
            " created_ms INTEGER NOT NULL, updated_ms INTEGER NOT NULL, PRIMARY KEY (app_id, kind))",
            "CREATE TABLE transcripts (id INTEGER PRIMARY KEY AUTOINCREMENT, engagement_id INTEGER NOT NULL,"
            " body TEXT NOT NULL, created_ms INTEGER NOT NULL)",
            "CREATE INDEX transcripts_by_engagement ON transcripts (engagement_id)",
            # HubSpot-sized ids, as engagements have.
            f"INSERT INTO sqlite_sequence (name, seq) VALUES ('transcripts', {FIRST_TRANSCRIPT_ID - 1})",
        ),
    ),
    Migration(
        3,
        "session logs: every event log entry of every session, bounded per session",
        (
            "CREATE TABLE sessions (id TEXT PRIMARY KEY, created_ms INTEGER NOT NULL, widget_url TEXT, page_kind TEXT)",
            "CREATE TABLE session_log (session_id TEXT NOT NULL, seq INTEGER NOT NULL, body TEXT NOT NULL,"
            " PRIMARY KEY (session_id, seq)) WITHOUT ROWID",
        ),
    ),
    Migration(
        4,
        "contacts and companies archived over REST: kept, readable with ?archived=true",
        (
            "ALTER TABLE contacts ADD COLUMN archived INTEGER NOT NULL DEFAULT 0",
            "ALTER TABLE companies ADD COLUMN archived INTEGER NOT NULL DEFAULT 0",
        ),
    ),
)

LATEST_VERSION = MIGRATIONS[-1].version
