"""A task queue of Call tasks as HubSpot plays one (issue 18, item 5): it opens each task's record and dials it,
the next one after each CALL_COMPLETED; skip and stop; and SDK issue #237's quirk: moving on to the next task
(after a call or by skip), its record opens and the widget shows, but no DIAL_NUMBER comes unless the user closed
the widget (its x) before moving on; closing it afterwards does not help, the next move does.

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
    closed_since_move: bool = False  # the user closed the widget since the queue last moved
    undialled: bool = False  # the quirk left the current task without its DIAL_NUMBER: only skip moves on
    waiting_for_login: bool = False  # the widget was signed out when this task was due: dialled at LOGGED_IN

    @property
    def current(self) -> Task | None:
        return self.tasks[self.index] if self.status == "RUNNING" and 0 <= self.index < len(self.tasks) else None

    def start(self) -> Move:
        if not self.tasks:
            raise ValueError("a task queue needs at least one task")
        return self._next()

    def completed(self) -> Move | None:
        """The current task's call was completed (CALL_COMPLETED): on to the next task."""
        if self.current is None or self.undialled:
            return None
        self.outcomes.append("called")
        return self._next()

    def skip(self) -> Move:
        """The user skips the current task."""
        if self.current is None:
            raise ValueError(f"the task queue is {self.status.lower()}: there is no task to skip")
        self.outcomes.append("skipped")
        return self._next()

    def stop(self) -> Move:
        if self.status != "RUNNING":
            raise ValueError(f"the task queue is {self.status.lower()} already")
        self.status = "STOPPED"
        return Move(None, False, f"task queue stopped at task {self.index + 1} of {len(self.tasks)}")

    def widget_closed(self) -> Move | None:
        """The user closed the widget: under #237's quirk, the next move dials again (this task's dial is lost)."""
        first_close = self.needs_close and self.current is not None and not self.closed_since_move
        self.closed_since_move = True
        return (
            Move(None, False, "the widget was closed: the next task's DIAL_NUMBER will come") if first_close else None
        )

    def _next(self) -> Move:
        first, self.index = self.index < 0, self.index + 1
        closed, self.closed_since_move, self.undialled = self.closed_since_move, False, False
        if self.index >= len(self.tasks):
            self.status = "DONE"
            called, skipped = self.outcomes.count("called"), self.outcomes.count("skipped")
            return Move(None, False, f"task queue done: {called} called, {skipped} skipped")
        task = self.tasks[self.index]
        where = f"task {self.index + 1} of {len(self.tasks)}, {task.name}"
        if self.needs_close and not first and not closed:
            self.undialled = True
            quirk = "queue_dial_needs_close (SDK issue #237)"
            return Move(task, False, f"{where}: HubSpot opens the record and shows the widget but, by {quirk}, sends "
                                     "no DIAL_NUMBER: the widget was not closed before the queue moved on")  # fmt: skip
        return Move(task, True, f"{where}: HubSpot opens the record and dials it")

    def to_json(self) -> dict[str, Any]:
        return {
            "status": self.status,
            "task": self.index + 1 if self.current is not None else None,
            "undialled": self.undialled,
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
