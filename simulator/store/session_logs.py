"""Session logs: every event log entry (LogEntry.to_json()) of every session, the newest N kept per session.

Entries are batched: `append` queues them and one transaction (not fsynced: see Database.transaction) writes
the batch at the end of the event loop's current tick, but no sooner than FLUSH_GAP_S after the previous batch (so
under load: at most 50 commits/s whatever the message rate), at once past FLUSH_AT entries, before any read, and
when the database closes (`callsim serve` closes it on SIGTERM too). With a database file, the batches of the loop's
timer are written by a thread of their own (store/log_writer.py), one at a time, so the loop does not wait on
SQLite; the others, and an in-memory database's, are written at once on the caller's thread, after any batch the
thread still writes. So a kill -9 may lose the last ~20 ms of session log; REST writes and engagements
(crm_store, transcripts, app_settings) stay one FULL-synchronous transaction each, committed before they are
acknowledged. Without a running event loop (scripts, sync tests) an append is written at once.
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from simulator.store.database import Database, dumps
from simulator.store.errors import StoreError
from simulator.store.log_writer import LogWriter, Row, write_batch

KEEP_PER_SESSION = 20_000  # RAM keeps the newest 2,000 (eventlog.MAX_ENTRIES); older ones are read from here
KEEP_SESSIONS = 200
FLUSH_GAP_S = 0.02  # between two batches: one commit per entry capped the relay at ~2,700 replies/s
FLUSH_AT = 2_000  # entries: a burst is written at once rather than held in memory

logger = logging.getLogger(__name__)


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
        self._pending: list[Row] = []  # (session id, seq, body) not yet written
        self._timer: asyncio.Handle | None = None
        self._flushed_at = 0.0  # time.monotonic() of the last batch
        self._writer: LogWriter | None = None  # started by the first timer batch, for a database file only
        db.before_close(self._close)

    def start(self, session_id: str, widget_url: str | None = None, page_kind: str | None = None) -> None:
        """Register a session (a reused id starts empty) and drop the oldest sessions past `keep_sessions`."""
        self.flush()
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

    def append(self, session_id: str, entry: Mapping[str, Any], body: str | None = None) -> None:
        """Queue one entry (it must carry an int `seq`; `body` is its JSON when already encoded); entries
        `keep_per_session` or more seqs older go when the batch is written."""
        if self.db.closed:
            return  # the server is stopping: its last notes (pages closing) have nowhere to go
        self._pending.append((session_id, int(entry["seq"]), dumps(dict(entry)) if body is None else body))
        if len(self._pending) >= FLUSH_AT:
            self.flush()
        elif self._timer is None:
            try:
                loop = asyncio.get_running_loop()
            except RuntimeError:
                self.flush()
                return
            # A timer even after a quiet spell (then due at once): call_soon would run the batch before the socket
            # writes this tick already queued, and the relay's post to the page would wait for it.
            wait = self._flushed_at + FLUSH_GAP_S - time.monotonic()
            self._timer = loop.call_later(max(wait, 0.0), self._flush_later)

    def _flush_later(self) -> None:
        self._timer = None
        if self.db.path is None or self.db.closed:
            try:
                self.flush()
            except StoreError as error:  # a timer has no caller to raise to: say it, keep serving
                logger.error("session log batch not written: %s", error)
            return
        if self._writer is None:
            self._writer = LogWriter(self.db.connect_again, str(self.db.path))
        if self._writer.busy:  # one batch at a time: this one grows until the last is written
            self._timer = asyncio.get_running_loop().call_later(FLUSH_GAP_S, self._flush_later)
            return
        pending, self._pending = self._pending, []
        if pending:
            self._flushed_at = time.monotonic()
            keep, now = self.keep_per_session, int(time.time() * 1000)
            self._writer.submit(lambda connection: write_batch(connection, pending, keep, now))

    def flush(self) -> None:
        """Write the queued entries in one transaction (after the writer thread's batch, if one is in flight)."""
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        if self._writer is not None:
            self._writer.wait()
        pending, self._pending = self._pending, []
        if not pending or self.db.closed:
            return
        self._flushed_at = time.monotonic()  # only a write counts: after a quiet spell the next batch goes at once
        with self.db.transaction(durable=False) as connection:
            write_batch(connection, pending, self.keep_per_session, int(time.time() * 1000))

    def _close(self) -> None:
        """The database is closing: write what is queued, then stop the writer thread (its connection first)."""
        try:
            self.flush()
        finally:
            if self._writer is not None:
                self._writer.close()
                self._writer = None

    def entries(self, session_id: str, since: int = 0) -> list[dict[str, Any]]:
        """The session's stored entries with seq above `since`, in order."""
        self.flush()
        rows = self.db.rows(
            "SELECT body FROM session_log WHERE session_id = ? AND seq > ? ORDER BY seq", (session_id, since)
        )
        return [json.loads(row[0]) for row in rows]

    def last_seq(self, session_id: str) -> int:
        self.flush()
        rows = self.db.rows("SELECT max(seq) FROM session_log WHERE session_id = ?", (session_id,))
        return int(rows[0][0] or 0)

    def session(self, session_id: str) -> StoredSession | None:
        self.flush()
        rows = self.db.rows("SELECT id, created_ms, widget_url, page_kind FROM sessions WHERE id = ?", (session_id,))
        return StoredSession(rows[0][0], int(rows[0][1]), rows[0][2], rows[0][3]) if rows else None

    def sessions(self) -> list[StoredSession]:
        """Stored sessions, newest first."""
        self.flush()
        rows = self.db.rows("SELECT id, created_ms, widget_url, page_kind FROM sessions ORDER BY rowid DESC")
        return [StoredSession(r[0], int(r[1]), r[2], r[3]) for r in rows]
