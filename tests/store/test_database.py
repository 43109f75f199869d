"""The database file: WAL and fsync per commit, migrations from older schemas, clear errors for unusable dirs."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from simulator.store import Store, StoreError
from simulator.store.database import Database
from simulator.store.location import DB_FILE
from simulator.store.migrations import LATEST_VERSION, MIGRATIONS
from tests.helpers.live_server import ROOT


def test_a_new_data_dir_is_created_in_wal_mode_with_full_sync(tmp_path: Path) -> None:
    db = Database.open(tmp_path / "nested" / "data")
    try:
        assert db.version == LATEST_VERSION
        assert db.rows("PRAGMA journal_mode")[0][0] == "wal"
        assert db.rows("PRAGMA synchronous")[0][0] == 2  # FULL
    finally:
        db.close()
    assert (tmp_path / "nested" / "data" / DB_FILE).is_file()


def test_migration_versions_are_consecutive() -> None:
    assert [m.version for m in MIGRATIONS] == list(range(1, len(MIGRATIONS) + 1))


def test_a_v1_database_migrates_to_the_latest_schema_keeping_its_data(tmp_path: Path) -> None:
    v1 = Database.open(tmp_path, target_version=1)
    body = {"id": 30000000007, "external_call_id": "c7", "direction": "OUTBOUND", "status": "COMPLETED",
            "properties": {"hs_call_title": "old"}, "associations": [["0-1", 1]],
            "created_at_ms": 1, "updated_at_ms": 2}  # fmt: skip
    with v1.transaction() as connection:
        connection.execute(
            "INSERT INTO engagements (id, updated_ms, body) VALUES (?, ?, ?)", (body["id"], 2, json.dumps(body))
        )
    assert v1.version == 1
    assert not v1.rows("SELECT name FROM sqlite_master WHERE name = 'transcripts'")
    v1.close()

    store = Store.open(tmp_path)
    try:
        assert store.db.version == LATEST_VERSION
        crm = store.load_crm()
        assert crm.engagements[30000000007].properties == {"hs_call_title": "old"}
        assert crm.engagements[30000000007].associations == (("0-1", 1),)
        assert crm.create_engagement(None, "OUTBOUND", [], {}, 3).id == 30000000008
        assert store.transcripts.create(30000000007, {"utterances": []}).id == 40000000001
    finally:
        store.close()


def test_a_database_from_a_newer_callsim_is_refused(tmp_path: Path) -> None:
    db = Database.open(tmp_path)
    db.connection.execute(f"PRAGMA user_version = {LATEST_VERSION + 1}")
    db.close()
    with pytest.raises(StoreError, match="newer callsim"):
        Database.open(tmp_path)


def test_a_file_that_is_not_a_database_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / DB_FILE).write_text("not sqlite at all, just some text " * 100, encoding="utf-8")
    with pytest.raises(StoreError, match="cannot open the callsim database"):
        Database.open(tmp_path)


def test_a_data_dir_that_is_a_file_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x", encoding="utf-8")
    with pytest.raises(StoreError, match="not a folder"):
        Database.open(tmp_path / "file")


@pytest.mark.skipif(sys.platform == "win32", reason="the data dir lock is POSIX only")
def test_a_data_dir_in_use_by_another_process_is_refused(tmp_path: Path) -> None:
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys, pathlib; from simulator.store import Store; "
         "s = Store.open(pathlib.Path(sys.argv[1])); print('open', flush=True); sys.stdin.read()", str(tmp_path)],
        cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "open"
        with pytest.raises(StoreError, match=r"in use by another callsim \(pid \d+\)"):
            Database.open(tmp_path)
    finally:
        assert holder.stdin is not None
        holder.stdin.close()
        holder.wait(10)
        assert holder.stdout is not None
        holder.stdout.close()
    Database.open(tmp_path).close()  # free again once the holder is gone
