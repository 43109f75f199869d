"""The session event log: one record per wire message, note or violation, with subscribers.

A note's `type` is a `NoteType` (log_vocabulary.py).
"""

from __future__ import annotations

import asyncio
import copy
import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field, fields
from functools import cached_property
from typing import Any, Literal, Protocol

Direction = Literal["out", "in", "note", "violation"]
# The newest entries a session keeps in RAM; older ones are read back from the store (server/page/sessions.py).
MAX_ENTRIES = 2_000


class ViolationLike(Protocol):
    """A broken rule as the hubspot layer reports it (hubspot.rules.Violation); the base cannot import it."""

    @property
    def rule(self) -> str: ...
    @property
    def severity(self) -> str: ...
    @property
    def explanation(self) -> str: ...


@dataclass(frozen=True)
class LogEntry:
    """One thing that happened in a session.

    direction: "out" host -> widget, "in" widget -> host (both carry the raw wire `message`),
    "note" something callsim says (handshake doctor, injected fault, scenario progress),
    "violation" a protocol rule the widget or a scenario broke (`rule`, `severity`, `ref`).
    """

    seq: int
    ts: float
    session_id: str
    direction: Direction
    type: str
    message: Any = None
    origin: str | None = None
    text: str | None = None
    rule: str | None = None
    severity: str | None = None
    ref: int | None = None
    injected: str | None = None

    def to_json(self) -> dict[str, Any]:
        """The entry as a fresh dict (the message deep-copied): the fields that are set."""
        body = {name: getattr(self, name) for name in _FIELDS if getattr(self, name) is not None}
        if "message" in body:
            body["message"] = copy.deepcopy(body["message"])
        return body

    @cached_property
    def json_text(self) -> str:
        """The entry's JSON, encoded once for every subscriber (page sockets, the store, the JSON-lines file).
        The first subscriber encodes it during `append`, so it is the entry as it was appended."""
        body = {name: getattr(self, name) for name in _FIELDS if getattr(self, name) is not None}
        return json.dumps(body, separators=(",", ":"), default=str)


_FIELDS = tuple(f.name for f in fields(LogEntry))


@dataclass
class EventLog:
    """A bounded, append-only list of entries; subscribers are called on every append."""

    session_id: str
    entries: list[LogEntry] = field(default_factory=list)
    _subscribers: list[Callable[[LogEntry], None]] = field(default_factory=list)
    _next_seq: int = 1
    violations: int = 0  # counted as appended: `entries` may no longer hold the oldest

    def append(self, direction: Direction, type_: str, **fields: Any) -> LogEntry:
        entry = LogEntry(self._next_seq, time.time(), self.session_id, direction, type_, **fields)
        self._next_seq += 1
        self.violations += direction == "violation"
        self.entries.append(entry)
        if len(self.entries) > MAX_ENTRIES:
            del self.entries[: len(self.entries) - MAX_ENTRIES]
        for subscriber in list(self._subscribers):
            subscriber(entry)
        entry.__dict__.pop("json_text", None)  # encoded for the fan-out only: RAM keeps the entry, not its text too
        return entry

    def violation(self, violation: ViolationLike, ref: int | None = None) -> LogEntry:
        """The one way a broken rule becomes a log entry; `ref` is the entry it is about, if any."""
        return self.append(
            "violation",
            violation.rule,
            rule=violation.rule,
            severity=violation.severity,
            text=violation.explanation,
            ref=ref,
        )

    @property
    def last_seq(self) -> int:
        return self._next_seq - 1

    def holds_since(self, seq: int) -> bool:
        """True when every entry after `seq` is still in RAM."""
        return not self.entries or self.entries[0].seq <= seq + 1

    def since(self, seq: int) -> list[LogEntry]:
        """Entries with a sequence number greater than `seq`."""
        if not self.entries or seq < self.entries[0].seq:
            return [entry for entry in self.entries if entry.seq > seq]
        start = seq - self.entries[0].seq + 1
        return self.entries[max(start, 0) :]

    def subscribe(self, callback: Callable[[LogEntry], None]) -> Callable[[], None]:
        """Call `callback` for each new entry; returns a function that unsubscribes."""
        self._subscribers.append(callback)
        return lambda: self._subscribers.remove(callback) if callback in self._subscribers else None

    async def wait_for(self, predicate: Callable[[LogEntry], bool], after_seq: int, timeout: float) -> LogEntry | None:
        """The first entry after `after_seq` that satisfies `predicate`, or None after `timeout` s."""
        for entry in self.since(after_seq):
            if predicate(entry):
                return entry
        loop = asyncio.get_running_loop()
        found: asyncio.Future[LogEntry] = loop.create_future()

        def check(entry: LogEntry) -> None:
            if entry.seq > after_seq and not found.done() and predicate(entry):
                found.set_result(entry)

        unsubscribe = self.subscribe(check)
        try:
            return await asyncio.wait_for(found, timeout)
        except TimeoutError:
            return None
        finally:
            unsubscribe()
