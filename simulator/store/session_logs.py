"""Session logs: every event log entry (LogEntry.to_json()) of every session, the newest N kept per session."""

from __future__ import annotations

import json
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from simulator.store.database import Database, dumps

KEEP_PER_SESSION = 5_000
KEEP_SESSIONS = 200


@dataclass(frozen=True)
class StoredSession:
    id: str
    created_at_ms: int
    widget_url: str | None
    page_kind: str | None


class SessionLogs:
    """Log entries by session id and `seq`; older entries and older sessions are dropped past the bounds."""

    def __init__(self, db: Database, keep_per_session: int = KEEP_PER_SESSION, keep_sessions: int = KEEP_SESSIONS):
        self.db = db
        self.keep_per_session = keep_per_session
        self.keep_sessions = keep_sessions

    def start(self, session_id: str, widget_url: str | None = None, page_kind: str | None = None) -> None:
        """Register a session (a reused id starts empty) and drop the oldest sessions past `keep_sessions`."""
        with self.db.transaction() as connection:
            connection.execute("DELETE FROM session_log WHERE session_id = ?", (session_id,))
            connection.execute(
                "INSERT OR REPLACE INTO sessions (id, created_ms, widget_url, page_kind) VALUES (?, ?, ?, ?)",
                (session_id, int(time.time() * 1000), widget_url, page_kind),
            )
            old = connection.execute(
                "SELECT id FROM sessions ORDER BY rowid DESC LIMIT -1 OFFSET ?", (self.keep_sessions,)
            ).fetchall()
            for (old_id,) in old:
                connection.execute("DELETE FROM session_log WHERE session_id = ?", (old_id,))
                connection.execute("DELETE FROM sessions WHERE id = ?", (old_id,))

    def append(self, session_id: str, entry: Mapping[str, Any]) -> None:
        """Store one entry (it must carry an int `seq`); entries `keep_per_session` or more seqs older go."""
        if self.db.closed:
            return  # the server is stopping: its last notes (pages closing) have nowhere to go
        seq = int(entry["seq"])
        with self.db.transaction() as connection:
            connection.execute(
                "INSERT OR IGNORE INTO sessions (id, created_ms) VALUES (?, ?)", (session_id, int(time.time() * 1000))
            )
            connection.execute(
                "INSERT OR REPLACE INTO session_log (session_id, seq, body) VALUES (?, ?, ?)",
                (session_id, seq, dumps(dict(entry))),
            )
            connection.execute(
                "DELETE FROM session_log WHERE session_id = ? AND seq <= ?", (session_id, seq - self.keep_per_session)
            )

    def entries(self, session_id: str, since: int = 0) -> list[dict[str, Any]]:
        """The session's stored entries with seq above `since`, in order."""
        rows = self.db.rows(
            "SELECT body FROM session_log WHERE session_id = ? AND seq > ? ORDER BY seq", (session_id, since)
        )
        return [json.loads(row[0]) for row in rows]

    def last_seq(self, session_id: str) -> int:
        rows = self.db.rows("SELECT max(seq) FROM session_log WHERE session_id = ?", (session_id,))
        return int(rows[0][0] or 0)

    def session(self, session_id: str) -> StoredSession | None:
        rows = self.db.rows("SELECT id, created_ms, widget_url, page_kind FROM sessions WHERE id = ?", (session_id,))
        return StoredSession(rows[0][0], int(rows[0][1]), rows[0][2], rows[0][3]) if rows else None

    def sessions(self) -> list[StoredSession]:
        """Stored sessions, newest first."""
        rows = self.db.rows("SELECT id, created_ms, widget_url, page_kind FROM sessions ORDER BY rowid DESC")
        return [StoredSession(r[0], int(r[1]), r[2], r[3]) for r in rows]
