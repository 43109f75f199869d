"""The one expectation engine: wait in a session's log for the next message of a type that matches a pattern.

The scenario runner's `expect` / `expect_none` steps and the Python API's `expect` / `expect_none` both use it, so
a matcher means the same thing and a miss prints the same diff everywhere.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Literal

from simulator.eventlog import EventLog, LogEntry
from simulator.scenarios.matching import format_seconds, match, render_diff, short

Source = Literal["widget", "host"]
TOP_LEVEL_TYPES = frozenset({"SYNC", "SYNC_ACK"})  # the handshake carries its fields at the top level, not in `data`


class ExpectationMissed(Exception):
    """An expectation did not hold; the message is the diff (or the unwanted message) a report shows."""


def direction_of(source: Source) -> str:
    """The log direction of messages from `source`: the widget's are "in", the host's "out"."""
    return "in" if source == "widget" else "out"


def matched_data(entry: LogEntry) -> Any:
    """What `match` and `capture` see: the message's data; for SYNC / SYNC_ACK their fields but type and id."""
    if not isinstance(entry.message, dict):
        return None
    if entry.type in TOP_LEVEL_TYPES:
        return {k: v for k, v in entry.message.items() if k not in ("type", "messageId")}
    return entry.message.get("data")


def check_matcher(expected: Any) -> None:
    """Raise ExpectationMissed now for a malformed `$` matcher, rather than after waiting `within` for nothing."""
    try:
        match(expected, {})
    except ValueError as error:
        raise ExpectationMissed(f"invalid match: {error}") from None


class Expectations:
    """Ordered expectations over one log: each searches after the previous match, and a message matches once.

    `after` overrides where a search starts (the runner's `unordered` expects search after the last trigger).
    """

    def __init__(self, log: EventLog, start_seq: int = 0) -> None:
        self.log = log
        self.cursor = start_seq
        self.consumed: set[int] = set()

    def _predicate(self, direction: str, message_type: str, expected: Any, errors: list[str]) -> Callable[..., bool]:
        def predicate(entry: LogEntry) -> bool:
            if entry.direction != direction or entry.type != message_type or entry.seq in self.consumed:
                return False
            if expected is None:
                return True
            try:
                return not match(expected, matched_data(entry))
            except Exception as exc:  # a bad matcher must not break the log's subscribers
                errors.append(f"invalid match: {exc}")
                return False

        return predicate

    def _candidates(self, direction: str, message_type: str, after: int) -> tuple[list[tuple[int, Any]], list[str]]:
        """Messages of the type that did not match (for the diff), and the other types that came."""
        candidates: list[tuple[int, Any]] = []
        others: list[str] = []
        for entry in self.log.since(after):
            if entry.direction != direction or entry.seq in self.consumed:
                continue
            if entry.type == message_type:
                candidates.append((entry.seq, matched_data(entry)))
            elif entry.type not in others:
                others.append(entry.type)
        return candidates, others

    async def expect(
        self, message_type: str, expected: Any, *, source: Source, within: float, after: int | None = None
    ) -> LogEntry:
        """The next matching message (consumed, and the cursor moves to it); ExpectationMissed with the diff."""
        direction = direction_of(source)
        start = self.cursor if after is None else after
        errors: list[str] = []
        entry = await self.log.wait_for(self._predicate(direction, message_type, expected, errors), start, within)
        if errors:
            raise ExpectationMissed(errors[0])
        if entry is None:
            candidates, others = self._candidates(direction, message_type, start)
            diff = render_diff(message_type, expected, candidates, source=source, within=within, other_types=others)
            raise ExpectationMissed(diff)
        self.consumed.add(entry.seq)
        self.cursor = max(self.cursor, entry.seq)
        return entry

    async def expect_none(self, message_type: str, expected: Any, *, source: Source, within: float) -> None:
        """ExpectationMissed if a matching message arrives within `within` s after the cursor."""
        errors: list[str] = []
        predicate = self._predicate(direction_of(source), message_type, expected, errors)
        entry = await self.log.wait_for(predicate, self.cursor, within)
        if errors:
            raise ExpectationMissed(errors[0])
        if entry is not None:
            raise ExpectationMissed(
                f"expected no {message_type} from the {source} within {format_seconds(within)}, "
                f"but received one (seq {entry.seq}): {short(matched_data(entry))}"
            )
