"""The session log: order, `since`, subscribers, waiting, bounds, and its terminal and JSON-lines sinks."""

from __future__ import annotations

import asyncio
import io
import json
from pathlib import Path

from simulator import eventlog as log_module
from simulator.eventlog import EventLog
from simulator.server.sinks import JsonLinesSink, TerminalSink, describe


def test_entries_are_numbered_and_since_returns_only_newer_ones() -> None:
    log = EventLog("s1")
    first = log.append("out", "SYNC", message={"type": "SYNC"})
    second = log.append("in", "SYNC_ACK", message={"type": "SYNC_ACK"}, origin="http://w")
    assert (first.seq, second.seq, log.last_seq) == (1, 2, 2)
    assert [e.type for e in log.since(1)] == ["SYNC_ACK"] and log.since(2) == []
    assert second.to_json()["origin"] == "http://w" and "text" not in second.to_json()


def test_subscribers_see_every_entry_until_they_unsubscribe() -> None:
    log = EventLog("s1")
    seen: list[str] = []
    unsubscribe = log.subscribe(lambda entry: seen.append(entry.type))
    log.append("note", "A")
    unsubscribe()
    log.append("note", "B")
    assert seen == ["A"]


async def test_wait_for_finds_past_and_future_entries_and_times_out() -> None:
    log = EventLog("s1")
    log.append("in", "LOGGED_IN")
    past = await log.wait_for(lambda e: e.type == "LOGGED_IN", after_seq=0, timeout=0.1)
    assert past is not None and past.seq == 1
    asyncio.get_running_loop().call_later(0.01, lambda: log.append("in", "CALL_ENDED"))
    future = await log.wait_for(lambda e: e.type == "CALL_ENDED", after_seq=1, timeout=1)
    assert future is not None and future.seq == 2
    assert await log.wait_for(lambda e: e.type == "NEVER", after_seq=0, timeout=0.02) is None


def test_the_log_is_bounded_and_since_still_works(monkeypatch: object) -> None:
    monkeypatch.setattr(log_module, "MAX_ENTRIES", 5)  # type: ignore[attr-defined]
    log = EventLog("s1")
    for index in range(12):
        log.append("note", f"N{index}")
    assert len(log.entries) == 5 and log.entries[0].seq == 8
    assert [e.seq for e in log.since(0)] == [8, 9, 10, 11, 12] and [e.seq for e in log.since(10)] == [11, 12]


def test_terminal_lines_name_session_direction_type_and_payload() -> None:
    log = EventLog("abcd1234")
    stream = io.StringIO()
    log.subscribe(TerminalSink(stream))
    log.append("out", "DIAL_NUMBER", message={"type": "DIAL_NUMBER", "data": {"phoneNumber": "+1617"}})
    log.append("violation", "call.order", rule="call.order", severity="error", text="CALL_ENDED twice")
    lines = [" ".join(line.split()) for line in stream.getvalue().splitlines()]
    assert lines[0].endswith('[abcd1234] host → widget DIAL_NUMBER {"phoneNumber":"+1617"}')
    assert lines[1].endswith("[abcd1234] VIOLATION call.order (error): CALL_ENDED twice")


def test_long_payloads_are_shortened_on_the_terminal() -> None:
    entry = EventLog("s").append("in", "CALL_DATA", message={"type": "CALL_DATA", "data": {"x": "y" * 1000}})
    assert describe(entry).endswith("...") and len(describe(entry)) < 400


def test_json_lines_file_gets_one_object_per_entry(tmp_path: Path) -> None:
    path = tmp_path / "logs" / "session.jsonl"
    sink = JsonLinesSink(path)
    log = EventLog("s1")
    log.subscribe(sink)
    log.append("in", "INITIALIZED", message={"type": "INITIALIZED", "data": {"isLoggedIn": False}})
    log.append("note", "IFRAME_LOAD", text="loaded")
    sink.close()
    rows = [json.loads(line) for line in path.read_text().splitlines()]
    assert [(r["seq"], r["direction"], r["type"], r["session_id"]) for r in rows] == [
        (1, "in", "INITIALIZED", "s1"),
        (2, "note", "IFRAME_LOAD", "s1"),
    ]


def test_a_run_of_syncs_is_one_terminal_line_and_a_count() -> None:
    log = EventLog("s1")
    stream = io.StringIO()
    log.subscribe(TerminalSink(stream))
    for _ in range(5):
        log.append("out", "SYNC", message={"type": "SYNC", "messageId": "1_1"})
    log.append("in", "SYNC_ACK", message={"type": "SYNC_ACK", "version": "0.9.7"})
    lines = stream.getvalue().splitlines()
    assert len(lines) == 3 and "SYNC" in lines[0] and "SYNC sent 4 more times" in lines[1] and "SYNC_ACK" in lines[2]
