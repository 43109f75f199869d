"""Session, issue 8: fresh SYNC fields for the page, the reload_widget_mid_call fault, VISIBILITY_CHANGED."""

from __future__ import annotations

from typing import Any

from simulator.hubspot.context import HostContext
from simulator.server.page.page_protocol import ToPage, ToPageMessage, ToServer
from simulator.server.page.session import Session
from tests.helpers.page_socket import WIDGET

ORIGIN = WIDGET.rstrip("/")
_ids = iter(range(1, 1000))


def widget_id() -> str:
    return f"1700000009999_{1700000010000 + next(_ids)}"


async def ready_session(page_kind: str = "record") -> tuple[Session, list[ToPageMessage]]:
    """A session whose page said hello and whose widget finished the handshake and signed in."""
    session = Session(WIDGET, HostContext(), page_kind=page_kind)
    to_page: list[ToPageMessage] = []
    session.attach(to_page.append)
    session.hello()
    await session.from_page({"kind": ToServer.IFRAME_LOAD, "url": WIDGET})
    sync = {"type": "SYNC", "messageId": "1700000000000_1700000000001", "hostUrl": "http://127.0.0.1:8500"}
    await session.from_page({"kind": ToServer.SYNC_SENT, "message": sync, "dropped": False})
    ack = {**sync, "type": "SYNC_ACK", "version": "0.9.6", "iFrameUrl": ORIGIN}
    await session.received(ack, ORIGIN)
    await session.received({"type": "INITIALIZED", "messageId": widget_id(), "data": {"isLoggedIn": True}}, ORIGIN)
    return session, to_page


async def widget(session: Session, type_: str, data: dict[str, Any]) -> None:
    await session.received({"type": type_, "messageId": widget_id(), "data": data}, ORIGIN)


def sync_effects(to_page: list[ToPageMessage]) -> list[dict[str, Any]]:
    effects: list[Any] = [m for m in to_page if m["kind"] == ToPage.EFFECT]
    return [dict(e["params"]) for e in effects if e["name"] == "sync_fields"]


def reloads(to_page: list[ToPageMessage]) -> int:
    return sum(1 for m in to_page if m["kind"] == ToPage.RELOAD_WIDGET)


async def start_call(session: Session, call_id: str) -> None:
    started = {"externalCallId": call_id, "toNumber": "+16175550100", "createEngagement": True}
    await widget(session, "OUTGOING_CALL_STARTED", started)


async def test_the_page_hears_the_active_calls_engagement_id_as_soon_as_it_exists() -> None:
    session, to_page = await ready_session()
    assert "engagementId" not in session.hello()["sync"]
    await start_call(session, "c-1")
    engagement_id = session.host.state()["activeCall"]["engagementId"]
    assert isinstance(engagement_id, int)
    assert sync_effects(to_page)[-1]["engagementId"] == engagement_id
    pushed = len(sync_effects(to_page))
    await widget(session, "CALL_ANSWERED", {"externalCallId": "c-1"})
    assert len(sync_effects(to_page)) == pushed  # unchanged fields are not sent again
    await session.from_page({"kind": ToServer.IFRAME_LOAD, "url": WIDGET})
    assert sync_effects(to_page)[-1]["engagementId"] == engagement_id  # every load gets them
    assert "hostUrl" not in sync_effects(to_page)[-1]  # the page sends its own origin


async def test_a_completed_call_leaves_no_engagement_id_in_the_sync() -> None:
    session, to_page = await ready_session()
    await start_call(session, "c-1")
    await widget(session, "CALL_ENDED", {"externalCallId": "c-1", "callEndStatus": "COMPLETED"})
    await widget(session, "CALL_COMPLETED", {"externalCallId": "c-1", "hideWidget": False})
    assert "engagementId" not in sync_effects(to_page)[-1]


async def test_the_calling_window_says_so_in_its_sync() -> None:
    session, _ = await ready_session(page_kind="window")
    assert session.sync_fields()["iframeLocation"] == "window"


async def test_reload_widget_mid_call_reloads_once_per_call_after_call_answered() -> None:
    session, to_page = await ready_session()
    session.configure_host({"reload_widget_mid_call": True})
    await start_call(session, "c-1")
    assert reloads(to_page) == 0
    await widget(session, "CALL_ANSWERED", {"externalCallId": "c-1"})
    assert reloads(to_page) == 1
    await widget(session, "CALL_ANSWERED", {"externalCallId": "c-1"})  # the re-attached widget says it again
    assert reloads(to_page) == 1
    note = next(e for e in session.log.entries if e.type == "RELOAD")
    assert "reload_widget_mid_call" in (note.text or "")


async def test_without_the_fault_answering_reloads_nothing() -> None:
    session, to_page = await ready_session()
    await start_call(session, "c-1")
    await widget(session, "CALL_ANSWERED", {"externalCallId": "c-1"})
    assert reloads(to_page) == 0


async def test_visibility_from_the_page_is_sent_as_visibility_changed() -> None:
    session, _ = await ready_session()
    await session.from_page({"kind": ToServer.VISIBILITY, "isMinimized": True, "isHidden": False})
    (sent,) = [e for e in session.log.entries if e.direction == "out" and e.type == "VISIBILITY_CHANGED"]
    assert sent.message is not None and sent.message["data"] == {"isMinimized": True, "isHidden": False}
    assert session.host.state()["minimized"] is True


async def test_visibility_before_the_handshake_is_only_a_note() -> None:
    session = Session(WIDGET, HostContext())
    session.attach(lambda message: None)
    await session.from_page({"kind": ToServer.VISIBILITY, "isMinimized": False, "isHidden": True})
    assert [e.type for e in session.log.entries] == ["VISIBILITY"]
