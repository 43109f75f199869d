"""A mock-HubSpot Host driven as the session drives it: a fake widget's messages and host events."""

from __future__ import annotations

import itertools
from typing import Any

from simulator.eventlog import EventLog
from simulator.hubspot.conversation import Conversation
from simulator.hubspot.crm.portal import Crm
from simulator.hubspot.host import Effect, Faults, Host, HostContext, Outcome, Reply
from simulator.hubspot.sdk.protocol import MessageIds

T0 = 1_723_291_227_000
WIDGET = "1723291227334"
HOST = "1723291220000"
ORIGIN = "http://127.0.0.1:9025"
_ids = itertools.count(1)


def fresh_crm() -> Crm:
    return Crm.load()


def widget(message_type: str, data: Any = None, **top: Any) -> dict[str, Any]:
    message: dict[str, Any] = {"type": message_type, "messageId": f"{WIDGET}_{T0 + next(_ids)}", **top}
    if data is not None:
        message["data"] = data
    return message


def host_message(message_type: str, data: Any = None) -> dict[str, Any]:
    message: dict[str, Any] = {"type": message_type, "messageId": f"{HOST}_{T0 + next(_ids)}"}
    if data is not None:
        message["data"] = data
    return message


def ready(
    version: str = "0.9.6",
    faults: Faults | None = None,
    context: HostContext | None = None,
    crm: Crm | None = None,
    **initialized: Any,
) -> Host:
    """A host whose widget has handshaken and sent INITIALIZED (logged in and available by default)."""
    host = Host(context, faults, crm=crm or fresh_crm())
    host.page_loaded(f"{ORIGIN}/", T0)
    sync = host_message("SYNC")
    host.sent(sync, T0)
    ack = {"type": "SYNC_ACK", "messageId": sync["messageId"], "version": version, "iFrameUrl": ORIGIN}
    host.receive(ack, ORIGIN, T0 + 200)
    host.receive(widget("INITIALIZED", {"isLoggedIn": True, "isAvailable": True, **initialized}), ORIGIN, T0 + 220)
    return host


def send(host: Host, message_type: str, data: Any = None, now_ms: int = T0 + 1_000) -> list[Outcome]:
    """A host event through the real conversation at a fixed time: what each message it posted made the host do."""
    conversation = Conversation(EventLog("test"), host, MessageIds(int(HOST)), clock=lambda: now_ms)
    return [posted.outcome for posted in conversation.send(message_type, data)]


def effects(outcome: Outcome, name: str) -> list[Effect]:
    return [effect for effect in outcome.effects if effect.name == name]


def only_reply(outcome: Outcome) -> Reply:
    assert len(outcome.replies) == 1, outcome.replies
    return outcome.replies[0]


def start_call(host: Host, call_id: str = "c1", **extra: Any) -> Outcome:
    data = {"externalCallId": call_id, "toNumber": "+16175550100", "createEngagement": True, **extra}
    return host.receive(widget("OUTGOING_CALL_STARTED", data), ORIGIN, T0 + 2_000)


async def handshaken(session: Any) -> Any:
    """A page Session whose widget loaded, answered SYNC and said INITIALIZED (logged in, available)."""
    session.host.page_loaded(ORIGIN + "/", T0)
    sync = host_message("SYNC")
    session.host.sent(sync, T0)
    await session.received({"type": "SYNC_ACK", "messageId": sync["messageId"], "version": "0.9.7"}, ORIGIN)
    await session.received(widget("INITIALIZED", {"isLoggedIn": True, "isAvailable": True}), ORIGIN)
    return session
