"""A record tab's task queue (server/page/task_queues.py) on a real Session without a browser: what the page is
told, the dials, a signed-out widget, bad tasks. The browser side is tests/browser/test_task_queue.py."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from simulator.hubspot.context import HostContext
from simulator.hubspot.crm.portal import Crm
from simulator.server.page import task_queues
from simulator.server.page.page_protocol import ToPageMessage
from simulator.server.page.session import Session
from tests.helpers.hubspot_host import ORIGIN, T0, host_message, widget

W = "https://w.test/"


async def tab(logged_in: bool = True) -> tuple[Session, list[ToPageMessage]]:
    session = Session(W, HostContext(), crm=Crm.load())
    page: list[ToPageMessage] = []
    session.attach(page.append)
    session.host.page_loaded(ORIGIN + "/", T0)
    sync = host_message("SYNC")
    session.host.sent(sync, T0)
    await session.received({"type": "SYNC_ACK", "messageId": sync["messageId"], "version": "0.9.7"}, ORIGIN)
    await session.received(widget("INITIALIZED", {"isLoggedIn": logged_in, "isAvailable": True}), ORIGIN)
    return session, page


def dialled(session: Session) -> list[Any]:
    return [
        e.message["data"]["objectId"] for e in session.log.entries if e.direction == "out" and e.type == "DIAL_NUMBER"
    ]


async def test_starting_opens_the_first_record_dials_it_and_tells_the_panel() -> None:
    session, page = await tab()
    said = session.task_queue_action("start", [{"type": "contact", "id": 52}, {"type": "company", "id": 77}])
    assert said == "task queue running, task 1" and dialled(session) == [52]
    navigate = [m for m in page if m["kind"] == "effect" and m.get("name") == "navigate"]
    assert navigate[0]["params"] == {"objectTypeId": "0-1", "objectId": 52, "openIn": "CURRENT_TAB"}  # type: ignore[typeddict-item]
    assert [m["queue"]["task"] for m in page if m["kind"] == "task_queue"] == [1]  # type: ignore[typeddict-item]
    assert session.host.context.record_object_id == 52
    assert session.summary()["taskQueue"]["status"] == "RUNNING"


async def test_a_signed_out_widget_is_dialled_once_it_signs_in() -> None:
    session, _ = await tab(logged_in=False)
    session.task_queue_action("start", [{"id": 51}])
    assert dialled(session) == []
    assert any("signed out" in (e.text or "") for e in session.log.entries if e.type == "TASK_QUEUE")
    await session.received(widget("LOGGED_IN"), ORIGIN)
    await asyncio.sleep(0)
    assert dialled(session) == [51]


@pytest.mark.parametrize(
    ("tasks", "error"),
    [
        (None, '"tasks" must be a non-empty list'),
        ({"id": 51}, '"tasks" must be a non-empty list'),
        ([{"id": 51}, "x"], 'task 2: "record" must be an object'),
        ([{"type": "company", "id": 1}], "task 1: no such record in the CRM"),
    ],
)
async def test_bad_tasks_say_which_and_why(tasks: Any, error: str) -> None:
    session, _ = await tab()
    with pytest.raises(ValueError, match=error.replace("(", r"\(")):
        session.task_queue_action("start", tasks)
    with pytest.raises(ValueError, match="unknown task queue action 'pause'; expected one of start, skip, stop"):
        task_queues.act(session, session.host.crm, "pause")
