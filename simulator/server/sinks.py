"""Where log entries go besides the page: the terminal and a JSON-lines file."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import IO

from simulator.eventlog import LogEntry
from simulator.log_vocabulary import NoteType

ARROWS = {"out": "host → widget", "in": "widget → host", "note": "callsim", "violation": "VIOLATION"}


def describe(entry: LogEntry) -> str:
    """One terminal line for an entry: time, session, direction, type, and the payload or text."""
    stamp = time.strftime("%H:%M:%S", time.localtime(entry.ts)) + f".{int(entry.ts * 1000) % 1000:03d}"
    head = f"{stamp} [{entry.session_id}] {ARROWS[entry.direction]:<13} {entry.type}"
    if entry.direction == "violation":
        return f"{head} ({entry.severity}): {entry.text}"
    if entry.text:
        return f"{head}: {entry.text}"
    message = entry.message
    data = message.get("data") if isinstance(message, dict) else message
    if entry.type in ("SYNC", "SYNC_ACK") and isinstance(message, dict):
        data = {k: v for k, v in message.items() if k not in ("type", "messageId")}
    suffix = f" [injected: {entry.injected}]" if entry.injected else ""
    body = "" if data is None else " " + json.dumps(data, separators=(",", ":"), default=str)
    if len(body) > 300:
        body = body[:297] + "..."
    return head + body + suffix


class TerminalSink:
    """One line per entry, except that a run of SYNCs (every 100 ms until the widget answers) is one line
    and a count: a widget that never answers would otherwise print 300 lines in 30 s."""

    def __init__(self, stream: IO[str] | None = None) -> None:
        self.stream = stream or sys.stdout
        self._repeats: dict[str, int] = {}  # session id -> SYNCs not printed since its last printed line
        self._loaded: dict[str, float] = {}  # session id -> when its widget page last loaded (handshake timing)

    def __call__(self, entry: LogEntry) -> None:
        session = entry.session_id
        is_sync = entry.direction == "out" and entry.type == "SYNC"
        if is_sync and session in self._repeats:
            self._repeats[session] += 1
            return
        skipped = self._repeats.pop(session, 0)
        if skipped:
            print(f"{' ' * 13}[{session}] {'':<13} ... SYNC sent {skipped} more times", file=self.stream)
        if is_sync:
            self._repeats[session] = 0
        print(describe(entry), file=self.stream, flush=True)
        if entry.direction == "note" and entry.type == NoteType.IFRAME_LOAD:
            self._loaded[session] = entry.ts
        elif entry.direction == "in" and entry.type == "SYNC_ACK" and session in self._loaded:
            took = entry.ts - self._loaded.pop(session)
            print(f"{' ' * 13}[{session}] {'':<13} handshake {took:.2f} s", file=self.stream, flush=True)


class JsonLinesSink:
    """Appends one JSON object per entry; the file is opened once and flushed per line."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.file = path.open("a", encoding="utf-8")

    def __call__(self, entry: LogEntry) -> None:
        self.file.write(entry.json_text + "\n")
        self.file.flush()

    def close(self) -> None:
        self.file.close()
