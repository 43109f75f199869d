"""One SQLite connection: WAL, fsync on every commit, one transaction per write, schema migrated on open."""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import IO, Any

from simulator.store.errors import StoreError
from simulator.store.location import DB_FILE, LOCK_FILE
from simulator.store.migrations import LATEST_VERSION, MIGRATIONS

try:  # POSIX: one server per data directory (two would hand out the same engagement ids)
    import fcntl
except ImportError:  # pragma: no cover - Windows: no lock
    fcntl = None  # type: ignore[assignment]

MEMORY = ":memory:"


def dumps(value: Any) -> str:
    """JSON for a body column; values JSON cannot hold are stored as text rather than failing the write."""
    return json.dumps(value, separators=(",", ":"), default=str)


class Database:
    """The store's SQLite file (or memory); use `Database.open`."""

    def __init__(self, connection: sqlite3.Connection, path: Path | None, lock: IO[str] | None = None) -> None:
        self.connection = connection
        self.path = path  # None: in memory
        self._lock = lock
        self._closed = False
        self._before_close: list[Callable[[], None]] = []  # batched writers flush what they still hold

    @classmethod
    def open(cls, data_dir: Path | None, target_version: int = LATEST_VERSION) -> Database:
        """The database in `data_dir` (created if missing), or in memory for None; migrated to `target_version`."""
        if data_dir is None:
            database = cls(_connect(MEMORY, MEMORY), None)
        else:
            lock = _lock_dir(data_dir)
            path = data_dir / DB_FILE
            try:
                database = cls(_connect(str(path), str(data_dir)), path, lock)
            except StoreError:
                lock.close()
                raise
        try:
            database.migrate(target_version)
        except BaseException:
            database.close()
            raise
        return database

    @property
    def closed(self) -> bool:
        return self._closed

    @property
    def version(self) -> int:
        return int(self.connection.execute("PRAGMA user_version").fetchone()[0])

    def migrate(self, target_version: int = LATEST_VERSION) -> None:
        """Apply the missing migration steps, each in its own transaction with its user_version."""
        current = self.version
        if current > LATEST_VERSION:
            where = self.path or MEMORY
            raise StoreError(
                f"{where} was written by a newer callsim (schema v{current}; this one knows up to "
                f"v{LATEST_VERSION}); upgrade callsim or pick another --data-dir"
            )
        for step in MIGRATIONS:
            if current < step.version <= target_version:
                with self.transaction() as connection:
                    for statement in step.statements:
                        connection.execute(statement)
                    connection.execute(f"PRAGMA user_version = {step.version}")
                current = step.version

    @contextlib.contextmanager
    def transaction(self, durable: bool = True) -> Iterator[sqlite3.Connection]:
        """BEGIN IMMEDIATE ... COMMIT (rolled back on error); returns once the commit is on disk.

        `durable=False` (the session log's batches): the commit is not fsynced (WAL, synchronous NORMAL), so it
        survives the process being killed but maybe not a power loss; every other write stays FULL."""
        connection = self.connection
        try:
            if not durable:
                connection.execute("PRAGMA synchronous = NORMAL")
            connection.execute("BEGIN IMMEDIATE")
            try:
                yield connection
            except BaseException:
                connection.execute("ROLLBACK")
                raise
            connection.execute("COMMIT")
        except sqlite3.Error as error:
            raise StoreError(f"{self.path or MEMORY}: a write failed: {error}") from error
        finally:
            if not durable:
                with contextlib.suppress(sqlite3.Error):
                    connection.execute("PRAGMA synchronous = FULL")

    def connect_again(self) -> sqlite3.Connection:
        """Another connection to the same file, set up as the first (a writer thread's: SQLite connections stay
        on the thread that opened them)."""
        if self.path is None:
            raise StoreError("an in-memory database has one connection only")
        return _connect(str(self.path), str(self.path.parent))

    def rows(self, sql: str, params: Sequence[Any] = ()) -> list[sqlite3.Row]:
        """The rows a query returns."""
        try:
            return self.connection.execute(sql, params).fetchall()
        except sqlite3.Error as error:
            raise StoreError(f"{self.path or MEMORY}: a read failed: {error}") from error

    def before_close(self, flush: Callable[[], None]) -> None:
        """Call `flush` when the database closes, before the connection goes (a batched writer's last batch)."""
        self._before_close.append(flush)

    def close(self) -> None:
        """Close the connection (checkpointing the WAL) and release the data directory."""
        if not self._closed:
            for flush in self._before_close:
                with contextlib.suppress(StoreError):
                    flush()
        self._closed = True
        with contextlib.suppress(sqlite3.Error):
            self.connection.close()
        if self._lock is not None:
            self._lock.close()
            self._lock = None


def _connect(target: str, shown: str) -> sqlite3.Connection:
    try:
        # Autocommit mode: transactions are explicit (Database.transaction), so nothing commits by surprise.
        connection = sqlite3.connect(target, isolation_level=None)
        connection.row_factory = sqlite3.Row
        connection.execute("PRAGMA busy_timeout = 5000")
        connection.execute("PRAGMA journal_mode = WAL")
        connection.execute("PRAGMA synchronous = FULL")  # an acknowledged write survives power loss too
        connection.execute("PRAGMA foreign_keys = ON")
        connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.DatabaseError as error:
        raise StoreError(
            f"{shown}: cannot open the callsim database ({error}); move {DB_FILE} away or pick another --data-dir"
        ) from error
    return connection


def _lock_dir(data_dir: Path) -> IO[str]:
    if data_dir.exists() and not data_dir.is_dir():
        raise StoreError(f"--data-dir {data_dir}: not a folder")
    try:
        data_dir.mkdir(parents=True, exist_ok=True)
        lock = (data_dir / LOCK_FILE).open("a+", encoding="utf-8")
    except OSError as error:
        raise StoreError(f"--data-dir {data_dir}: cannot use it: {error.strerror or error}") from error
    if fcntl is not None:
        try:
            fcntl.flock(lock.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            lock.seek(0)
            holder = lock.read().strip() or "another process"
            lock.close()
            raise StoreError(
                f"--data-dir {data_dir} is in use by another callsim ({holder}); stop it, "
                "or pick another --data-dir, or use --ephemeral"
            ) from None
    lock.seek(0)
    lock.truncate()
    lock.write(f"pid {os.getpid()}\n")
    lock.flush()
    return lock
