"""Session.from_page: one table from page message kind to handler, the scenario player's kinds included."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from simulator.hubspot.context import HostContext
from simulator.server.page.page_protocol import SURFACE_KINDS, ToPageMessage, ToServer
from simulator.server.page.player import ScenarioPlayer
from simulator.server.page.session import Session
from tests.helpers.page_socket import WIDGET

# One payload per kind the session handles, each valid enough to reach its handler's work.
PAYLOADS: dict[str, dict[str, Any]] = {
    ToServer.RECEIVED: {"message": {"type": "LOGGED_IN", "messageId": "1_1"}, "origin": "http://127.0.0.1:9999"},
    ToServer.SYNC_SENT: {"message": {"type": "SYNC", "messageId": "1_2"}, "dropped": True},
    ToServer.IFRAME_LOAD: {"url": WIDGET},
    ToServer.HANDSHAKE_FAILED: {"reason": "no SYNC_ACK within 30 s"},
    ToServer.IGNORED: {"origin": "http://elsewhere.example", "type": "CALL_ENDED"},
    ToServer.DIAGNOSE: {"url": WIDGET, "final": False},
    ToServer.DIAL: {"record": None},
    ToServer.INJECT: {"type": "VISIBILITY_CHANGED", "data": {"isMinimized": False, "isHidden": False}},
    ToServer.CONFIGURE_HOST: {"settings": {"fail_update_engagement": True}},
    ToServer.VISIBILITY: {"isMinimized": True, "isHidden": False},
    ToServer.SCENARIO_START: {"file": "no-such-scenario.yaml"},
    ToServer.SCENARIO_STEP: {},
    ToServer.SCENARIO_STOP: {},
    ToServer.PROMPT_DONE: {},
}


def make_session(tmp_path: Path) -> tuple[Session, list[ToPageMessage]]:
    session = Session(WIDGET, HostContext())
    sent: list[ToPageMessage] = []
    session.attach(sent.append)
    ScenarioPlayer(session, tmp_path).register()
    return session, sent


def protocol_warnings(session: Session) -> list[str | None]:
    return [e.text for e in session.log.entries if e.type == "PAGE_PROTOCOL"]


def test_every_kind_but_hello_has_a_payload_here() -> None:
    # The surfaces' kinds need the app (tests/browser/test_record_tabs.py drives them through a real page).
    assert set(PAYLOADS) == set(ToServer) - {ToServer.HELLO, *SURFACE_KINDS}


async def test_every_page_kind_reaches_a_handler(tmp_path: Path) -> None:
    session, _ = make_session(tmp_path)
    for kind, payload in PAYLOADS.items():
        await session.from_page({"kind": kind, **payload})
    assert protocol_warnings(session) == []
    types = [e.type for e in session.log.entries]
    for logged in ("LOGGED_IN", "SYNC", "IFRAME_LOAD", "SYNC_ACK_FAILED", "IGNORED_ORIGIN", "DIAL_REFUSED"):
        assert logged in types
    assert "VISIBILITY_CHANGED" in types and "HOST_CONFIGURED" in types


async def test_an_unknown_or_missing_kind_is_a_protocol_warning(tmp_path: Path) -> None:
    session, _ = make_session(tmp_path)
    await session.from_page({"kind": "teleport"})
    await session.from_page({"kind": 7})
    await session.from_page({})
    await session.from_page({"kind": "hello", "widgetUrl": WIDGET})  # hello opens the socket, once
    assert protocol_warnings(session) == [
        "unknown page message 'teleport'",
        "unknown page message 7",
        "unknown page message None",
        "unknown page message 'hello'",
    ]
    assert all(e.severity == "warning" for e in session.log.entries if e.type == "PAGE_PROTOCOL")


async def test_player_kinds_go_to_the_player(tmp_path: Path) -> None:
    session, sent = make_session(tmp_path)
    await session.from_page({"kind": ToServer.SCENARIO_START, "file": "missing.yaml", "stepwise": False})
    statuses: list[dict[str, Any]] = [dict(m) for m in sent if m["kind"] == "scenario_status"]
    assert len(statuses) == 1 and statuses[0]["state"] == "error"
    assert "missing.yaml" in str(statuses[0].get("text"))


async def test_sync_sent_dropped_is_logged_as_a_lost_sync(tmp_path: Path) -> None:
    session, _ = make_session(tmp_path)
    await session.from_page({"kind": ToServer.SYNC_SENT, **PAYLOADS[ToServer.SYNC_SENT]})
    sync = next(e for e in session.log.entries if e.type == "SYNC")
    assert sync.direction == "out" and sync.injected == "drop_first_syncs"


async def test_a_bad_host_setting_is_refused_in_the_log(tmp_path: Path) -> None:
    session, _ = make_session(tmp_path)
    await session.from_page({"kind": ToServer.CONFIGURE_HOST, "settings": {"reply_delay_ms": -5}})
    note = next(e for e in session.log.entries if e.type == "HOST_CONFIGURED")
    assert note.severity == "error" and "reply_delay_ms" in (note.text or "")


def test_a_kind_has_one_handler(tmp_path: Path) -> None:
    session, _ = make_session(tmp_path)

    async def other(payload: Any) -> None:
        """Never called."""

    with pytest.raises(ValueError, match="scenario_start"):
        session.on_page(ToServer.SCENARIO_START, other)
    with pytest.raises(ValueError, match="dial"):
        session.on_page(ToServer.DIAL, other)
