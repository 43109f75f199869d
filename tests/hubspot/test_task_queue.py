"""A task queue of Call tasks as HubSpot plays one (issue 18, item 5): moves, skip, stop, SDK issue #237's quirk,
and hideWidget ignored while a queue runs."""

from __future__ import annotations

import pytest

from simulator.hubspot.task_queue import Task, TaskQueue
from tests.helpers.hubspot_host import ORIGIN, T0, effects, ready, start_call, widget

ADA, CHARLES, ENGINES = Task("0-1", 51, "Ada Lovelace"), Task("0-1", 52, "Charles Babbage"), Task("0-2", 77, "AE")


def test_each_completed_call_opens_and_dials_the_next_task_until_done() -> None:
    queue = TaskQueue([ADA, CHARLES, ENGINES])
    first = queue.start()
    assert (first.task, first.dial) == (ADA, True)
    assert first.note == "task 1 of 3, Ada Lovelace: HubSpot opens the record and dials it"
    assert queue.completed() is not None and queue.current == CHARLES
    skipped = queue.skip()
    assert (skipped.task, skipped.dial) == (ENGINES, True)
    done = queue.completed()
    assert done is not None and done.task is None and done.note == "task queue done: 2 called, 1 skipped"
    assert queue.status == "DONE" and queue.completed() is None
    assert [t["outcome"] for t in queue.to_json()["tasks"]] == ["called", "skipped", "called"]
    with pytest.raises(ValueError, match="the task queue is done: there is no task to skip"):
        queue.skip()


def test_stop_ends_the_queue_where_it_is() -> None:
    queue = TaskQueue([ADA, CHARLES])
    queue.start()
    assert queue.stop().note == "task queue stopped at task 1 of 2"
    assert queue.current is None and queue.completed() is None
    with pytest.raises(ValueError, match="stopped already"):
        queue.stop()
    with pytest.raises(ValueError, match="at least one task"):
        TaskQueue([]).start()


def test_the_237_quirk_sends_no_dial_on_a_move_unless_the_widget_was_closed_before_it() -> None:
    queue = TaskQueue([ADA, CHARLES, ENGINES], needs_close=True)
    assert queue.start().dial  # the first task dials as usual
    held = queue.completed()
    assert held is not None and (held.task, held.dial) == (CHARLES, False) and "SDK issue #237" in held.note
    assert queue.to_json()["undialled"] is True and queue.completed() is None  # no call: nothing completes
    closed = queue.widget_closed()  # closing now does not dial Charles...
    assert closed is not None and not closed.dial and queue.widget_closed() is None
    moved = queue.skip()  # ...the next move does
    assert (moved.task, moved.dial) == (ENGINES, True) and queue.to_json()["undialled"] is False


def test_a_widget_closed_during_the_call_gets_the_next_dial() -> None:
    queue = TaskQueue([ADA, CHARLES], needs_close=True)
    queue.start()
    queue.widget_closed()
    move = queue.completed()
    assert move is not None and move.dial


def test_without_the_quirk_closing_the_widget_changes_nothing() -> None:
    queue = TaskQueue([ADA, CHARLES])
    queue.start()
    assert queue.widget_closed() is None
    move = queue.completed()
    assert move is not None and move.dial


def test_hide_widget_is_ignored_while_a_task_queue_runs() -> None:
    host = ready()
    host.session.in_task_queue = True
    start_call(host)
    host.receive(widget("CALL_ENDED", {"externalCallId": "c1", "callEndStatus": "COMPLETED"}), ORIGIN, T0 + 3_000)
    outcome = host.receive(widget("CALL_COMPLETED", {"externalCallId": "c1", "hideWidget": True}), ORIGIN, T0 + 4_000)
    assert effects(outcome, "hide_widget") == [] and host.state()["hidden"] is False
    assert "HubSpot ignores hideWidget in a task queue: the widget stays open for the next task" in outcome.notes


def test_show_record_moves_the_calls_association() -> None:
    host = ready()
    host.show_record("0-1", 52)
    start_call(host)
    assert ("0-1", 52) in host.crm.engagements[host.state()["calls"][0]["engagementId"]].associations
