"""The repositories other features build on: app settings of three kinds, transcripts and session logs."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from simulator.eventlog import EventLog
from simulator.store import AlreadyExists, NotFound, SessionLogs, Store


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    opened = Store.open(tmp_path)
    yield opened
    opened.close()


def test_calling_settings_round_trip_and_survive_a_reopen(store: Store, tmp_path: Path) -> None:
    created = store.apps.create(1234, {"name": "Dialer", "url": "https://example.com", "isReady": False}, now_ms=10)
    assert created.body["name"] == "Dialer" and created.created_at_ms == 10
    with pytest.raises(AlreadyExists, match="app 1234 already has calling settings"):
        store.apps.create(1234, {"name": "again"})
    patched = store.apps.patch(1234, {"isReady": True, "height": 600}, now_ms=20)
    assert patched.body == {"name": "Dialer", "url": "https://example.com", "isReady": True, "height": 600}
    assert (patched.created_at_ms, patched.updated_at_ms) == (10, 20)
    store.close()
    reopened = Store.open(tmp_path)
    try:
        assert reopened.apps.get(1234) == patched
        assert [s.app_id for s in reopened.apps.list()] == [1234]
        reopened.apps.delete(1234)
        assert reopened.apps.get(1234) is None
        with pytest.raises(NotFound, match="app 1234 has no calling settings"):
            reopened.apps.delete(1234)
        with pytest.raises(NotFound):
            reopened.apps.patch(1234, {"isReady": False})
    finally:
        reopened.close()


def test_the_three_kinds_of_app_settings_are_separate(store: Store) -> None:
    store.apps.create(7, {"name": "Dialer"})
    store.channel_connections.create(7, {"isReady": True, "url": "https://example.com/channels"})
    assert store.recordings.get(7) is None
    store.recordings.create(7, {"urlToRetrieveAuthedRecording": "https://example.com/r/%s"})
    store.apps.delete(7)
    assert store.channel_connections.require(7).body["isReady"] is True
    assert store.recordings.require(7).body == {"urlToRetrieveAuthedRecording": "https://example.com/r/%s"}


def test_transcripts_create_get_list_delete(store: Store) -> None:
    first = store.transcripts.create(30000000001, {"utterances": [{"text": "hello"}]}, now_ms=5)
    second = store.transcripts.create(30000000001, {"utterances": []})
    store.transcripts.create(30000000002, {"utterances": []})
    assert first.id == 40000000001 and second.id == first.id + 1
    assert store.transcripts.get(first.id) == first
    assert [t.id for t in store.transcripts.for_engagement(30000000001)] == [first.id, second.id]
    store.transcripts.delete(first.id)
    assert store.transcripts.get(first.id) is None
    with pytest.raises(NotFound, match=f"no transcript {first.id}"):
        store.transcripts.delete(first.id)
    assert store.transcripts.create(1, {}).id == second.id + 2  # ids are never reused


def test_session_logs_keep_the_newest_entries_per_session(store: Store) -> None:
    logs = SessionLogs(store.db, keep_per_session=3)
    log = EventLog("s1")
    log.subscribe(lambda entry: logs.append(entry.session_id, entry.to_json()))
    for index in range(5):
        log.append("in", "PING", message={"type": "PING", "n": index})
    assert [e["seq"] for e in logs.entries("s1")] == [3, 4, 5]
    assert logs.entries("s1", since=4) == [log.entries[-1].to_json()]
    assert logs.last_seq("s1") == 5 and logs.entries("nobody") == []


def test_session_logs_keep_the_newest_sessions(store: Store) -> None:
    logs = SessionLogs(store.db, keep_sessions=2)
    for session_id in ("a", "b", "c"):
        logs.start(session_id, "http://widget/", "record")
        logs.append(session_id, {"seq": 1, "type": "SYNC"})
    assert [s.id for s in logs.sessions()] == ["c", "b"]
    assert logs.entries("a") == [] and logs.session("a") is None
    assert logs.session("c") is not None and logs.session("c").widget_url == "http://widget/"  # type: ignore[union-attr]
