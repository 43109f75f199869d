"""A thread that writes session log batches on a connection of its own, so the event loop never waits on SQLite.

A batch's commit, and now and then the WAL checkpoint that SQLite runs inside a commit (which fsyncs), took
5-10 ms on the loop; with 1,000 sessions that was a large part of the whole loop's p99 (bench/loop.py). One batch
is written at a time, in the order given; `wait` returns once every batch handed over is written.
"""

from __future__ import annotations

import json
import logging
import queue
import sqlite3
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import Future

from simulator.store.errors import StoreError

logger = logging.getLogger(__name__)
Row = tuple[str, int, str]  # (session id, seq, the entry's JSON)
# One statement per batch (the rows travel as one JSON array): SQLite runs it without the GIL in one go, instead
# of handing the GIL back and forth with the event loop once per row as executemany would.
INSERT_ENTRIES = (
    "INSERT OR REPLACE INTO session_log (session_id, seq, body) "
    "SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]'), json_extract(value, '$[2]') FROM json_each(?)"
)
INSERT_SESSIONS = "INSERT OR IGNORE INTO sessions (id, created_ms) SELECT value, ? FROM json_each(?)"
TRIM = "DELETE FROM session_log WHERE session_id = ? AND seq <= ?"


def write_batch(connection: sqlite3.Connection, rows: Sequence[Row], keep_per_session: int, now_ms: int) -> None:
    """Insert `rows` and drop each session's entries `keep_per_session` or more seqs older (inside a transaction)."""
    newest: dict[str, int] = {}
    for session_id, seq, _ in rows:
        newest[session_id] = max(seq, newest.get(session_id, seq))
    connection.execute(INSERT_SESSIONS, (now_ms, json.dumps(list(newest))))
    connection.execute(INSERT_ENTRIES, (json.dumps(rows),))
    old = [(sid, seq - keep_per_session) for sid, seq in newest.items() if seq > keep_per_session]
    if old:  # only sessions past the bound have anything to drop
        connection.executemany(TRIM, old)


class LogWriter:
    """Writes batches on its own thread; `connect` opens its connection there (a connection stays on one thread)."""

    def __init__(self, connect: Callable[[], sqlite3.Connection], where: str) -> None:
        self._connect = connect
        self._where = where
        self._jobs: queue.SimpleQueue[Callable[[sqlite3.Connection], None] | None] = queue.SimpleQueue()
        self._last: Future[None] | None = None
        self._thread = threading.Thread(target=self._run, name="callsim-session-log", daemon=True)
        self._thread.start()

    @property
    def busy(self) -> bool:
        """A batch handed over is still being written."""
        return self._last is not None and not self._last.done()

    def submit(self, write: Callable[[sqlite3.Connection], None]) -> None:
        """Run `write(connection)` in one transaction on the writer's thread; a failure is logged, not raised."""
        done: Future[None] = Future()
        self._last = done
        self._jobs.put(lambda connection: self._transaction(connection, write, done))

    def wait(self) -> None:
        """Return once every batch handed over so far is written (or has failed and been logged)."""
        if self._last is not None:
            self._last.result()

    def close(self) -> None:
        self.wait()
        self._jobs.put(None)
        self._thread.join()

    def _run(self) -> None:
        connection = self._connect()
        connection.execute("PRAGMA synchronous = NORMAL")  # the session log's batches only: see Database.transaction
        try:
            while (job := self._jobs.get()) is not None:
                job(connection)
        finally:
            connection.close()

    def _transaction(
        self, connection: sqlite3.Connection, write: Callable[[sqlite3.Connection], None], done: Future[None]
    ) -> None:
        try:
            connection.execute("BEGIN IMMEDIATE")
            try:
                write(connection)
            except BaseException:
                connection.execute("ROLLBACK")
                raise
            connection.execute("COMMIT")
        except sqlite3.Error as error:  # no caller to raise to: say it, keep serving (as the batch timer did)
            logger.error("session log batch not written: %s", StoreError(f"{self._where}: a write failed: {error}"))
        except Exception:  # a bug in one batch must not end the thread that writes the next
            logger.exception("session log batch not written")
        finally:
            done.set_result(None)
