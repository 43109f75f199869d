"""Task queues in a record tab (issue 18, item 5): the session side of hubspot/task_queue.py. Starting one opens
the first task's record and dials it; each CALL_COMPLETED moves on to the next; skip and stop; the user closing the
widget is what SDK issue #237's quirk waits for."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Mapping, Sequence
from typing import Any, Protocol

from simulator.eventlog import EventLog, LogEntry
from simulator.hubspot.conversation import Conversation
from simulator.hubspot.crm.portal import Crm
from simulator.hubspot.host import Host
from simulator.hubspot.outcome import Effect
from simulator.hubspot.task_queue import Move, Task, TaskQueue
from simulator.log_vocabulary import EffectName, NoteType
from simulator.server.page import page_protocol
from simulator.server.page.page_protocol import ToPageMessage
from simulator.server.page.record_refs import record_coordinates


class Tab(Protocol):
    """What a queue needs of its record tab (server/page/session.py's Session, which imports this module)."""

    task_queue: TaskQueue | None

    @property
    def log(self) -> EventLog: ...

    @property
    def host(self) -> Host: ...

    @property
    def conversation(self) -> Conversation: ...

    def effect(self, effect: Effect) -> None: ...

    def notify_page(self, payload: ToPageMessage) -> None: ...

    def on_heard(self, listener: Callable[[Any, LogEntry], None]) -> None: ...


def tasks_from(crm: Crm, raw: Any) -> list[Task]:
    """The tasks a request names (`[{"type": "contact", "id": 51}, ...]`); a ValueError says what is wrong."""
    if not isinstance(raw, Sequence) or isinstance(raw, str) or not raw:
        raise ValueError('"tasks" must be a non-empty list of records like {"type": "contact", "id": 51}')
    tasks = []
    for position, item in enumerate(raw, start=1):
        try:
            coordinates = record_coordinates(item)
        except ValueError as error:
            raise ValueError(f"task {position}: {error}") from None
        record = crm.record(*coordinates) if coordinates is not None else None
        if coordinates is None or record is None:
            raise ValueError(f"task {position}: no such record in the CRM: {item!r}")
        if not record.phones:
            raise ValueError(f"task {position}: {record.name} has no phone number to dial")
        tasks.append(Task(coordinates[0], coordinates[1], record.name))
    return tasks


ACTIONS = ("start", "skip", "stop")


def act(session: Tab, crm: Crm, action: Any, tasks: Any = None) -> TaskQueue:
    """One user action on the tab's queue (the page, the control API, a scenario step, the Python API): `start`
    with `tasks`, `skip` or `stop`. A ValueError says what is wrong (an unknown action, a bad task, no queue)."""
    if action == "start":
        return start(session, tasks_from(crm, tasks))
    if action == "skip":
        return skip(session)
    if action == "stop":
        return stop(session)
    raise ValueError(f"unknown task queue action {action!r}; expected one of {', '.join(ACTIONS)}")


def queue_of(session: Tab) -> TaskQueue | None:
    return session.task_queue


def start(session: Tab, tasks: list[Task]) -> TaskQueue:
    """Start a queue in `session`'s tab (one that runs already is replaced, as a new queue in HubSpot would be)."""
    queue = TaskQueue(tasks, needs_close=session.host.faults.queue_dial_needs_close)
    if session.task_queue is None:  # listen once per session (a later queue replaces the last, listened to already)
        session.on_heard(_heard)
        session.log.subscribe(lambda entry: _logged(session, entry))
    session.task_queue = queue
    session.host.session.in_task_queue = True
    _do(session, queue.start())
    return queue


def skip(session: Tab) -> TaskQueue:
    queue = _running(session)
    _do(session, queue.skip())
    return queue


def stop(session: Tab) -> TaskQueue:
    queue = _running(session)
    _do(session, queue.stop())
    return queue


def _running(session: Tab) -> TaskQueue:
    queue = queue_of(session)
    if queue is None:
        raise ValueError("no task queue in this tab: start one first")
    return queue


def _heard(session: Tab, entry: LogEntry) -> None:
    queue = queue_of(session)
    if entry.type == "LOGGED_IN" and queue is not None and queue.waiting_for_login:
        queue.waiting_for_login = False
        if queue.current is not None:
            asyncio.get_running_loop().call_soon(_dial, session, queue.current)
    if entry.type == "CALL_COMPLETED" and queue is not None and (move := queue.completed()) is not None:
        # After the host's own answer to CALL_COMPLETED has gone out: the next task's dial follows it.
        asyncio.get_running_loop().call_soon(_do, session, move)


def _logged(session: Tab, entry: LogEntry) -> None:
    """The user closed the widget (HubSpot told it so): under #237's quirk, the next move dials again."""
    queue = queue_of(session)
    message = entry.message if isinstance(entry.message, Mapping) else {}
    data: Mapping[str, Any] = message["data"] if isinstance(message.get("data"), Mapping) else {}
    closed = entry.direction == "out" and entry.type == "VISIBILITY_CHANGED" and data.get("isHidden") is True
    if closed and queue is not None and (move := queue.widget_closed()) is not None:
        asyncio.get_running_loop().call_soon(_do, session, move)


def _do(session: Tab, move: Move) -> None:
    """What HubSpot does for a move: its note, the record it opens, the dial, and the page's queue panel."""
    queue = queue_of(session)
    session.log.append("note", NoteType.TASK_QUEUE, text=move.note)
    if queue is not None and queue.status != "RUNNING":
        session.host.session.in_task_queue = False
    if move.task is not None:
        task = move.task
        session.host.show_record(task.object_type_id, task.object_id)
        session.effect(Effect(EffectName.NAVIGATE, {"objectTypeId": task.object_type_id, "objectId": task.object_id,
                                                     "openIn": "CURRENT_TAB"}))  # fmt: skip
    current = queue.current if queue is not None else None
    if move.dial and current is not None:
        _dial(session, current)
    if queue is not None:
        session.notify_page(page_protocol.task_queue(queue.to_json()))


def _dial(session: Tab, task: Task) -> None:
    """DIAL_NUMBER for the task's record, as the Call button sends it; held until the widget signs in, as HubSpot
    dials no signed-out widget (it shows its alert instead)."""
    queue = queue_of(session)
    if not session.host.session.logged_in and queue is not None:
        queue.waiting_for_login = True
        session.log.append("note", NoteType.TASK_QUEUE, severity="warning",
                           text=f"the widget is signed out: {task.name} is dialled once it says LOGGED_IN")  # fmt: skip
        return
    if session.host.session.hidden:  # HubSpot opens the widget to dial, as the Call button does
        session.effect(Effect(EffectName.SHOW_WIDGET, {}))
    record = {"objectTypeId": task.object_type_id, "objectId": task.object_id}
    try:
        data = session.host.dial_payload(record, None, None, None, subject=record)
    except ValueError as error:  # the record lost its phones (or the record) since the queue started
        session.log.append("note", NoteType.TASK_QUEUE, severity="warning", text=f"task not dialled: {error}")
        return
    session.conversation.send("DIAL_NUMBER", data)
