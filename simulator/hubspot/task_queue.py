"""A task queue of Call tasks as HubSpot plays one (issue 18, item 5): it opens each task's record and dials it,
the next one after each CALL_COMPLETED; skip and stop; and SDK issue #237's quirk, where the next task's record
opens but no DIAL_NUMBER comes unless the user closed the widget since the last call.

Pure: each method says what HubSpot does now (a Move); the session does it (server/page/task_queues.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

QueueStatus = Literal["RUNNING", "STOPPED", "DONE"]


@dataclass(frozen=True)
class Task:
    """One Call task: the record it is about (its first phone is dialled)."""

    object_type_id: str
    object_id: int
    name: str


@dataclass(frozen=True)
class Move:
    """What HubSpot does now: open `task`'s record (None: stay), dial it or not, and what the log says."""

    task: Task | None
    dial: bool
    note: str


@dataclass
class TaskQueue:
    """Mutable by design: one queue per record tab, moved on by the session as calls complete."""

    tasks: list[Task]
    needs_close: bool = False  # the queue_dial_needs_close quirk (SDK issue #237)
    index: int = -1
    status: QueueStatus = "RUNNING"
    outcomes: list[str] = field(default_factory=list)  # per task done: "called" or "skipped"
    closed_since_dial: bool = False  # the user closed the widget since the current task was dialled
    waiting_for_close: bool = False  # the quirk held this task's DIAL_NUMBER back
    waiting_for_login: bool = False  # the widget was signed out when this task was due: dialled at LOGGED_IN

    @property
    def current(self) -> Task | None:
        return self.tasks[self.index] if self.status == "RUNNING" and 0 <= self.index < len(self.tasks) else None

    def start(self) -> Move:
        if not self.tasks:
            raise ValueError("a task queue needs at least one task")
        return self._next(after_call=False)

    def completed(self) -> Move | None:
        """The current task's call was completed (CALL_COMPLETED): on to the next task."""
        if self.current is None or self.waiting_for_close:
            return None
        self.outcomes.append("called")
        return self._next(after_call=True)

    def skip(self) -> Move:
        """The user skips the current task."""
        if self.current is None:
            raise ValueError(f"the task queue is {self.status.lower()}: there is no task to skip")
        self.outcomes.append("skipped")
        return self._next(after_call=False)

    def stop(self) -> Move:
        if self.status != "RUNNING":
            raise ValueError(f"the task queue is {self.status.lower()} already")
        self.status = "STOPPED"
        return Move(None, False, f"task queue stopped at task {self.index + 1} of {len(self.tasks)}")

    def widget_closed(self) -> Move | None:
        """The user closed the widget: #237's held dial goes out now."""
        self.closed_since_dial = True
        if not self.waiting_for_close or self.current is None:
            return None
        self.waiting_for_close = False
        self.closed_since_dial = False
        task = self.current
        return Move(None, True, f"task {self.index + 1}: the widget was closed, so HubSpot dials {task.name} now")

    def _next(self, after_call: bool) -> Move:
        self.index += 1
        if self.index >= len(self.tasks):
            self.status = "DONE"
            called, skipped = self.outcomes.count("called"), self.outcomes.count("skipped")
            return Move(None, False, f"task queue done: {called} called, {skipped} skipped")
        task = self.tasks[self.index]
        where = f"task {self.index + 1} of {len(self.tasks)}, {task.name}"
        if after_call and self.needs_close and not self.closed_since_dial:
            self.waiting_for_close = True
            quirk = "queue_dial_needs_close (SDK issue #237)"
            return Move(task, False, f"{where}: HubSpot opens the record but, by {quirk}, sends no DIAL_NUMBER "
                                     "until the widget is closed")  # fmt: skip
        self.closed_since_dial = False
        return Move(task, True, f"{where}: HubSpot opens the record and dials it")

    def to_json(self) -> dict[str, Any]:
        return {
            "status": self.status,
            "task": self.index + 1 if self.current is not None else None,
            "waitingForClose": self.waiting_for_close,
            "waitingForLogin": self.waiting_for_login,
            "tasks": [
                {
                    "objectTypeId": task.object_type_id,
                    "objectId": task.object_id,
                    "name": task.name,
                    "outcome": self.outcomes[i] if i < len(self.outcomes) else None,
                }
                for i, task in enumerate(self.tasks)
            ],
        }
