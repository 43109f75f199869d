"""The calling window and the user's record tabs (issue 18, item 1): with usesCallingWindow, HubSpot's detached
calling window holds the call (docs/protocol.md §5.4). The record tabs show the state of the call the window holds;
a record tab's navigation or closing leaves the window's call alone (each is a session of its own); and a widget
that sends call-lifecycle messages from two instances at once is flagged (`call.two-instances`).
"""

from __future__ import annotations

from simulator.eventlog import LogEntry
from simulator.hubspot.validator.rules import CALL_TWO_INSTANCES
from simulator.log_vocabulary import EffectName
from simulator.server.page import page_protocol
from simulator.server.page.session import Session
from simulator.server.page.sessions import Sessions

LIFECYCLE = frozenset({"OUTGOING_CALL_STARTED", "INCOMING_CALL", "CALL_ANSWERED", "CALL_ENDED", "CALL_COMPLETED"})


def join(sessions: Sessions, session: Session) -> None:
    """Watch `session`'s widget for call-lifecycle messages against the user's other surfaces."""
    session.on_heard(lambda heard_in, entry: _heard(sessions, heard_in, entry))


def _others(sessions: Sessions, session: Session) -> list[Session]:
    return [s for s in sessions.linked(session) if s is not session and s.live]


def _describe(session: Session) -> str:
    return "the calling window" if session.page_kind == "window" else f"record tab {session.tab or '?'}"


def _heard(sessions: Sessions, session: Session, entry: LogEntry) -> None:
    if entry.type not in LIFECYCLE or session.host.context.uses_calling_window is not True:
        return
    others = _others(sessions, session)
    window_involved = session.page_kind == "window" or any(o.page_kind == "window" for o in others)
    if not window_involved:
        return  # record tabs alone (no window open): each tab's calls are its own
    busy = [
        o for o in others if o.host.session.active_call() is not None and "window" in (o.page_kind, session.page_kind)
    ]
    if busy:
        call = busy[0].host.session.active_call()
        assert call is not None
        text = (
            f"{entry.type} from {_describe(session)} while {_describe(busy[0])} has call {call.external_call_id!r} "
            f"({call.status}): with usesCallingWindow HubSpot acts on the calling window's instance; send a call's "
            "lifecycle from one instance (HubSpot's demos hand the call to the window over a BroadcastChannel)"
        )
        session.log.append("violation", CALL_TWO_INSTANCES.name, rule=CALL_TWO_INSTANCES.name,
                           severity=CALL_TWO_INSTANCES.severity, text=text, ref=entry.seq)  # fmt: skip
    if session.page_kind == "window":
        _show_in_tabs(session, others)


def _window_call(window: Session) -> dict[str, str] | None:
    """The call the window holds (or the last one, once it is done), as the record tabs' chip shows it."""
    state = window.host.session
    call = state.active_call() or (list(state.calls.values())[-1] if state.calls else None)
    if call is None:
        return None
    return {"externalCallId": call.external_call_id, "status": call.status, "direction": call.direction}


def _show_in_tabs(window: Session, others: list[Session]) -> None:
    """Each record tab's call chip shows the call the window holds."""
    params = _window_call(window)
    if params is None:
        return
    for tab in others:
        if tab.page_kind == "record":
            tab.notify_page(page_protocol.effect(EffectName.WINDOW_CALL, params))


def greet(sessions: Sessions, session: Session) -> None:
    """A record tab that opens (or navigates) while its user's window holds a call shows that call at once, not at
    the window's next message; called once the page's hello is on its way."""
    if session.page_kind != "record" or session.host.context.uses_calling_window is not True:
        return
    window = next((o for o in _others(sessions, session) if o.page_kind == "window"), None)
    params = _window_call(window) if window is not None else None
    if params is not None:
        session.notify_page(page_protocol.effect(EffectName.WINDOW_CALL, params))
