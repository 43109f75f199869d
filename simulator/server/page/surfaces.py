"""The record page's controls for its user's surfaces: open another record tab, choose the provider that receives
calls, run a task queue. Page message handlers only; the work is in tabs.py, inbound.py and task_queues.py."""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from typing import Any

from aiohttp import web

from simulator.log_vocabulary import NoteType
from simulator.server.appkeys import CRM, SESSIONS
from simulator.server.page import inbound, page_protocol, record_refs, tabs, task_queues
from simulator.server.page.page_protocol import ToServer
from simulator.server.page.session import Session


def register(app: web.Application, session: Session, host_origin: str) -> None:
    """Handle the page's OPEN_TAB and RECEIVE_CALLS_THROUGH for `session` (its page is on `host_origin`)."""

    async def open_tab(payload: Mapping[str, Any]) -> None:
        try:
            url = new_tab_url(app, session, host_origin, payload.get("record"))
        except ValueError as error:
            session.log.append("note", NoteType.TAB, severity="warning", text=f"no new tab: {error}")
            return
        session.notify_page(page_protocol.open_tab(url))

    async def receive_calls_through(payload: Mapping[str, Any]) -> None:
        try:
            inbound.choose(app, session.host.context.user, payload.get("provider"))
        except ValueError as error:
            session.log.append("note", NoteType.RECEIVE_CALLS, severity="error", text=f"receive calls through: {error}")

    async def task_queue(payload: Mapping[str, Any]) -> None:
        try:
            task_queues.act(session, app[CRM], payload.get("action"), payload.get("tasks"))
        except ValueError as error:
            session.log.append("note", NoteType.TASK_QUEUE, severity="warning", text=f"task queue: {error}")

    session.on_page(ToServer.OPEN_TAB, open_tab)
    session.on_page(ToServer.RECEIVE_CALLS_THROUGH, receive_calls_through)
    session.on_page(ToServer.TASK_QUEUE, task_queue)


class TabNotOpened(TimeoutError):
    """No page opened the new tab's URL in time (a pop-up blocker: the page offers the link instead)."""

    def __init__(self, url: str, timeout: float) -> None:
        super().__init__(f"no page opened {url} within {timeout:g} s (a pop-up blocker?)")
        self.url = url


async def open_tab_in_page(
    app: web.Application, session: Session, host_origin: str, record: tuple[str, int] | None, timeout: float
) -> tuple[Session, str]:
    """Ask `session`'s page to open another record tab of its user (the control API, the page's scenario player):
    the new tab's session once it said hello, and its URL. A ValueError for a record the CRM lacks, TabNotOpened."""
    if record is not None and app[CRM].record(*record) is None:
        raise ValueError(f"no {'company' if record[0] == '0-2' else 'contact'} with id {record[1]}")
    sessions = app[SESSIONS]
    claim, url = tabs.open_tab_claim(sessions, session, host_origin, record)
    try:
        session.notify_page(page_protocol.open_tab(url))
        return await asyncio.wait_for(asyncio.shield(claim.session), timeout), url
    except TimeoutError:
        raise TabNotOpened(url, timeout) from None
    finally:
        sessions.release(claim)


async def open_window_in_page(
    app: web.Application, session: Session, host_origin: str, timeout: float
) -> tuple[Session, str]:
    """Ask `session`'s page to open its user's calling window (the page's scenario player): the window's session
    once it said hello, and its URL. TabNotOpened when no page opened it in time."""
    sessions = app[SESSIONS]
    claim, url = tabs.open_window_claim(sessions, session, host_origin)
    try:
        session.notify_page(page_protocol.open_tab(url))  # the page opens any URL it is given in a new tab
        return await asyncio.wait_for(asyncio.shield(claim.session), timeout), url
    except TimeoutError:
        raise TabNotOpened(url, timeout) from None
    finally:
        sessions.release(claim)


def new_tab_url(app: web.Application, session: Session, host_origin: str, raw_record: Any) -> str:
    """The URL of another record tab of `session`'s user (its claim released once the page had time to come); a
    ValueError says what is wrong with the record."""
    record = record_refs.record_coordinates(raw_record)
    if record is not None and app[CRM].record(*record) is None:
        raise ValueError(f"no {'company' if record[0] == '0-2' else 'contact'} with id {record[1]}")
    sessions = app[SESSIONS]
    claim, url = tabs.open_tab_claim(sessions, session, host_origin, record)
    tabs.release_later(sessions, claim)
    session.log.append("note", NoteType.TAB, text=f"tab {session.tab} opens another record tab of its user: {url}")
    return url
