"""The calling window beside the user's record tabs (server/page/calling_window.py, issue 18 item 1): with
usesCallingWindow the window holds the call, the tabs show its state, and lifecycle messages from two instances at
once are `call.two-instances`."""

from __future__ import annotations

from typing import Any

from simulator.hubspot.context import HostContext
from simulator.hubspot.crm.portal import Crm
from simulator.server.page import calling_window, tabs
from simulator.server.page.session import Session
from simulator.server.page.sessions import Sessions
from tests.helpers.hubspot_host import ORIGIN, handshaken, widget

W = "https://w.test/"
CALL = {"externalCallId": "out-1", "toNumber": "+16175550100", "createEngagement": True}


def registry(uses_calling_window: bool = True) -> Sessions:
    return Sessions(HostContext(uses_calling_window=uses_calling_window), Crm.load(), sinks=[])


async def surface(sessions: Sessions, page_kind: str, seen: list[Any]) -> Session:
    session = sessions.create(W, page_kind=page_kind)
    session.use_context(sessions.context)
    session.attach(seen.append)
    tabs.join(sessions, session)
    calling_window.join(sessions, session)
    return await handshaken(session)  # type: ignore[no-any-return]


def rules(session: Session) -> list[str]:
    return [e.rule or "" for e in session.log.entries if e.direction == "violation"]


def window_calls(seen: list[Any]) -> list[dict[str, Any]]:
    return [m["params"] for m in seen if m.get("kind") == "effect" and m.get("name") == "window_call"]


async def test_the_window_holds_the_call_and_the_tabs_show_its_state() -> None:
    sessions = registry()
    tab_seen: list[Any] = []
    record_tab = await surface(sessions, "record", tab_seen)
    window = await surface(sessions, "window", [])
    await window.received(widget("OUTGOING_CALL_STARTED", CALL), ORIGIN)
    await window.received(widget("CALL_ANSWERED", {"externalCallId": "out-1"}), ORIGIN)
    assert [(c["externalCallId"], c["status"]) for c in window_calls(tab_seen)] == [
        ("out-1", "STARTED"), ("out-1", "IN_PROGRESS")]  # fmt: skip
    sessions.close(record_tab)  # closing (or navigating) the record tab leaves the window's call alone
    assert window.host.state()["activeCall"]["status"] == "IN_PROGRESS"
    assert rules(window) == []


async def test_lifecycle_from_a_tab_while_the_window_has_a_call_is_two_instances() -> None:
    sessions = registry()
    record_tab = await surface(sessions, "record", [])
    window = await surface(sessions, "window", [])
    await window.received(widget("OUTGOING_CALL_STARTED", CALL), ORIGIN)
    await record_tab.received(widget("OUTGOING_CALL_STARTED", {**CALL, "externalCallId": "out-2"}), ORIGIN)
    assert rules(record_tab) == ["call.two-instances"]
    text = next(e.text for e in record_tab.log.entries if e.rule == "call.two-instances")
    assert "while the calling window has call 'out-1'" in (text or "")


async def test_tabs_alone_or_without_the_calling_window_are_not_two_instances() -> None:
    sessions = registry()
    first, second = await surface(sessions, "record", []), await surface(sessions, "record", [])
    await first.received(widget("OUTGOING_CALL_STARTED", CALL), ORIGIN)
    await second.received(widget("OUTGOING_CALL_STARTED", {**CALL, "externalCallId": "out-2"}), ORIGIN)
    assert rules(second) == []  # no window open: each tab's calls are its own
    off = registry(uses_calling_window=False)
    tab_ = await surface(off, "record", [])
    window = await surface(off, "window", [])
    await window.received(widget("OUTGOING_CALL_STARTED", CALL), ORIGIN)
    await tab_.received(widget("OUTGOING_CALL_STARTED", {**CALL, "externalCallId": "out-2"}), ORIGIN)
    assert rules(tab_) == []
