"""Session log batches written off the event loop (store/log_writer.py): same rows, same order, same bounds."""

from __future__ import annotations

import asyncio
import logging
import sqlite3
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from simulator.store import SessionLogs, Store
from simulator.store.log_writer import LogWriter


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    opened = Store.open(tmp_path)
    yield opened
    opened.close()


def entry(seq: int) -> dict[str, object]:
    return {"seq": seq, "direction": "note", "type": "HOST", "text": f"entry {seq}"}


async def test_the_loops_batches_are_written_by_the_writer_thread_and_read_back_in_order(store: Store) -> None:
    logs = SessionLogs(store.db, keep_per_session=5)
    logs.start("s1")
    for seq in range(1, 4):
        logs.append("s1", entry(seq))
    await asyncio.sleep(0.05)  # the batch timer has handed them to the thread
    assert logs._writer is not None and logs._writer._thread is not threading.current_thread()
    for seq in range(4, 9):
        logs.append("s1", entry(seq))
    assert [e["seq"] for e in logs.entries("s1")] == [4, 5, 6, 7, 8]  # a read waits for the thread, then writes
    assert logs.last_seq("s1") == 8


async def test_closing_the_store_writes_what_is_queued_and_stops_the_thread(tmp_path: Path) -> None:
    store = Store.open(tmp_path)
    logs = store.session_logs
    logs.start("s1")
    logs.append("s1", entry(1))
    await asyncio.sleep(0.05)
    logs.append("s1", entry(2))  # still queued when the store closes
    writer = logs._writer
    store.close()
    assert writer is not None and not writer._thread.is_alive()
    reopened = Store.open(tmp_path)
    try:
        assert [e["seq"] for e in reopened.session_logs.entries("s1")] == [1, 2]
    finally:
        reopened.close()


async def test_an_in_memory_store_writes_on_the_loops_thread() -> None:
    store = Store.open(None)
    try:
        store.session_logs.append("s1", entry(1))
        await asyncio.sleep(0.05)
        assert store.session_logs._writer is None
        assert [e["seq"] for e in store.session_logs.entries("s1")] == [1]
    finally:
        store.close()


def test_a_failed_batch_is_logged_and_the_next_one_is_still_written(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    store = Store.open(tmp_path)
    writer = LogWriter(store.db.connect_again, str(tmp_path))
    try:

        def broken(connection: sqlite3.Connection) -> None:
            connection.execute("INSERT INTO no_such_table VALUES (1)")

        def good(connection: sqlite3.Connection) -> None:
            connection.execute("INSERT INTO sessions (id, created_ms) VALUES ('s9', 1)")

        with caplog.at_level(logging.ERROR):
            writer.submit(broken)
            writer.submit(good)
            writer.wait()
        assert "session log batch not written" in caplog.text and "no_such_table" in caplog.text
        assert store.session_logs.session("s9") is not None
    finally:
        writer.close()
        store.close()
