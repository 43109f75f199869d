"""The conversation core (hubspot/conversation.py) driven directly: the code the record page's session runs."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from simulator.eventlog import EventLog
from simulator.hubspot.conversation import Conversation
from simulator.hubspot.host import Effect, Faults, Host, HostContext
from simulator.hubspot.sdk.protocol import MessageIds
from tests.helpers.hubspot_host import ORIGIN, T0, fresh_crm, ready, widget


class RecordingWire:
    """A wire that keeps what it was given, and what the log held when each message left."""

    def __init__(self, log: EventLog) -> None:
        self.log = log
        self.posted: list[dict[str, Any]] = []
        self.logged_when_posted: list[int] = []
        self.effects: list[Effect] = []
        self.applied = 0

    def post(self, message: dict[str, Any]) -> None:
        self.posted.append(message)
        self.logged_when_posted.append(self.log.last_seq)

    def effect(self, effect: Effect) -> None:
        self.effects.append(effect)

    def outcome_applied(self) -> None:
        self.applied += 1


def conversation_with(host: Host, later: Any = None) -> tuple[Conversation, RecordingWire]:
    log = EventLog("test")
    wire = RecordingWire(log)
    return Conversation(
        log, host, MessageIds(1_700_000_000_000), wire=wire, clock=lambda: T0 + 1_000, later=later
    ), wire


def test_a_host_event_is_enveloped_logged_before_it_leaves_and_posted() -> None:
    conversation, wire = conversation_with(ready())
    posted = conversation.send("DIAL_NUMBER", {"phoneNumber": "+16175550100"})
    assert [p.entry.type for p in posted] == ["DIAL_NUMBER"]
    message = wire.posted[0]
    assert message["type"] == "DIAL_NUMBER" and message["messageId"].startswith("1700000000000_")
    assert posted[0].entry.message == message and posted[0].entry.direction == "out"
    assert wire.logged_when_posted == [posted[0].entry.seq]  # in the log before the wire saw it


def test_a_widget_message_is_logged_checked_and_answered_on_the_wire() -> None:
    conversation, wire = conversation_with(ready())
    data = {"externalCallId": "c1", "toNumber": "+16175550100", "createEngagement": True}
    entry = conversation.received(widget("OUTGOING_CALL_STARTED", data), ORIGIN)
    assert entry.direction == "in" and entry.type == "OUTGOING_CALL_STARTED"
    assert [m["type"] for m in wire.posted] == ["CREATE_ENGAGEMENT_SUCCEEDED"]
    replies = [e for e in conversation.log.entries if e.direction == "out"]
    assert [e.type for e in replies] == ["CREATE_ENGAGEMENT_SUCCEEDED"]
    assert wire.applied >= 2  # the message's outcome and the reply's


def test_a_malformed_message_is_a_logged_violation_and_the_conversation_goes_on() -> None:
    conversation, wire = conversation_with(ready())
    entry = conversation.received("not an object", ORIGIN)
    assert entry.type == "(malformed)"
    violations = [e for e in conversation.log.entries if e.direction == "violation"]
    assert violations and all(v.ref == entry.seq for v in violations)
    after = conversation.received(widget("USER_AVAILABLE"), ORIGIN)
    assert after.seq > entry.seq and conversation.log.last_seq >= after.seq


def test_effects_reach_the_wire() -> None:
    conversation, wire = conversation_with(ready())
    conversation.received(widget("RESIZE_WIDGET", {"width": 320, "height": 500}), ORIGIN)
    resizes = [e for e in wire.effects if e.name == "resize"]
    assert len(resizes) == 1 and resizes[0].params["width"] == 320


async def test_a_delayed_reply_is_posted_after_its_delay_and_a_closed_page_cancels_it() -> None:
    loop = asyncio.get_running_loop()
    conversation, wire = conversation_with(ready(faults=Faults(reply_delay_ms=30)), later=loop.call_later)
    data = {"externalCallId": "c1", "toNumber": "+16175550100", "createEngagement": True}
    conversation.received(widget("OUTGOING_CALL_STARTED", data), ORIGIN)
    assert wire.posted == []
    posted = asyncio.Event()
    loop.call_later(0.2, posted.set)
    await posted.wait()
    assert [m["type"] for m in wire.posted] == ["CREATE_ENGAGEMENT_SUCCEEDED"]

    conversation.received(widget("OUTGOING_CALL_STARTED", {**data, "externalCallId": "c2"}), ORIGIN)
    conversation.cancel_pending()
    await asyncio.sleep(0.1)
    assert [m["type"] for m in wire.posted] == ["CREATE_ENGAGEMENT_SUCCEEDED"]


def test_a_delayed_reply_without_a_scheduler_says_so() -> None:
    conversation, _ = conversation_with(ready(faults=Faults(reply_delay_ms=30)))
    data = {"externalCallId": "c1", "toNumber": "+16175550100", "createEngagement": True}
    with pytest.raises(RuntimeError, match="CREATE_ENGAGEMENT_SUCCEEDED is due in 30 ms"):
        conversation.received(widget("OUTGOING_CALL_STARTED", data), ORIGIN)


def test_faults_change_with_a_note_and_a_bad_name_changes_nothing() -> None:
    conversation, _ = conversation_with(ready())
    conversation.configure_faults({"reply_delay_ms": 5})
    assert conversation.host.faults.reply_delay_ms == 5
    assert conversation.log.entries[-1].text == "mock host now answers with reply_delay_ms=5"
    seq = conversation.log.last_seq
    with pytest.raises(ValueError):
        conversation.configure_faults({"no_such_fault": True})
    assert conversation.host.faults.reply_delay_ms == 5 and conversation.log.last_seq == seq


def test_another_context_keeps_the_faults_and_the_crm() -> None:
    host = Host(HostContext(), Faults(reply_delay_ms=7), crm=fresh_crm())
    conversation, _ = conversation_with(host)
    conversation.use_context(HostContext(portal_id=42))
    assert conversation.host.context.portal_id == 42
    assert conversation.host.faults.reply_delay_ms == 7 and conversation.host.crm is host.crm


def test_a_sync_the_page_sent_is_logged_and_a_dropped_one_is_marked() -> None:
    conversation, wire = conversation_with(Host(crm=fresh_crm()))
    conversation.page_loaded(f"{ORIGIN}/")
    sync = {"type": "SYNC", "messageId": "1700000000000_1", **conversation.host.sync_fields(None)}
    dropped = conversation.sync_sent(sync, dropped=True)
    sent = conversation.sync_sent({**sync, "messageId": "1700000000000_2"}, dropped=False)
    assert (dropped.injected, sent.injected) == ("drop_first_syncs", None)
    assert wire.posted == []  # the page posts its own SYNCs
