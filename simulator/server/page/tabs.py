"""One user's record tabs (issue 18, item 3): their numbers, opening another, and what a call in one does to the rest.

With usesCallingWindow false every open tab's widget may raise the same INCOMING_CALL (docs/protocol.md §5.4): the
call rings in each tab; once one tab answers (or ends) it, HubSpot stops the ringing in the others. Each tab is a
session of its own; this module links the sessions of one user.
"""

from __future__ import annotations

import asyncio
from itertools import count
from typing import Any
from urllib.parse import urlencode

from simulator.eventlog import LogEntry
from simulator.hubspot.crm.records import COMPANY
from simulator.hubspot.sdk.payloads import END_STATUSES
from simulator.log_vocabulary import NoteType
from simulator.scenarios.model import Context
from simulator.scenarios.record_page import page_url
from simulator.server.page.session import Session
from simulator.server.page.sessions import Claim, Sessions
from simulator.settings import SESSION_START_TIMEOUT_S

# A call that leaves RINGING in one tab: what the other tabs are told it was.
LEAVES_RINGING = {"CALL_ANSWERED": "answered", "CALL_ENDED": "ended"}
WATCHED = frozenset({"INCOMING_CALL", *LEAVES_RINGING})
NAMED_TABS = 5  # a new tab's note names at most this many of the user's other tabs
# The context fields a new tab copies from its opener (HostContext.with_overrides names): the same user, same settings.
COPIED = ("portal_id", "user_id", "owner_id", "uses_calling_window", "supports_inbound_calling")


def join(sessions: Sessions, session: Session) -> None:
    """Number a new record tab among its user's (the lowest number free) and link it to the user's other tabs."""
    if session.page_kind != "record":
        return
    others = user_tabs(sessions, session)
    taken = {other.tab for other in others}
    session.tab = next(n for n in count(1) if n not in taken)
    text = f"record tab {session.tab} of user {session.host.context.user_id}"
    if others:
        text += "; the user's other tabs: " + ", ".join(f"tab {o.tab} (session {o.id})" for o in others[:NAMED_TABS])
        text += f" and {len(others) - NAMED_TABS} more" if len(others) > NAMED_TABS else ""
    session.log.append("note", NoteType.TAB, text=text)
    session.on_heard(lambda heard_in, entry: _heard(sessions, heard_in, entry))


def user_tabs(sessions: Sessions, session: Session) -> list[Session]:
    """The other live record tabs of `session`'s user, by tab number."""
    others = [s for s in sessions.linked(session) if s is not session and s.tab is not None]
    return sorted(others, key=lambda s: s.tab or 0)


def _rings(session: Session, key: str) -> bool:
    call = session.host.session.calls.get(key)
    return call is not None and call.status == "RINGING"


def _heard(sessions: Sessions, session: Session, entry: LogEntry) -> None:
    """A widget message in one tab: say where the same call rings too, or stop it ringing in the other tabs."""
    if entry.type not in WATCHED or session.host.context.uses_calling_window is not False:
        return  # with the calling window, the window holds the call (§5.4): each tab's calls stay its own
    message = entry.message if isinstance(entry.message, dict) else {}
    data: dict[str, Any] = message["data"] if isinstance(message.get("data"), dict) else {}
    key = data.get("externalCallId")
    if not isinstance(key, str) or not key:
        return
    others = [other for other in user_tabs(sessions, session) if _rings(other, key)]
    if not others:
        return
    where = ", ".join(f"tab {other.tab}" for other in others)
    if entry.type == "INCOMING_CALL":
        if _rings(session, key):
            session.log.append("note", NoteType.TAB, text=f"call {key!r} rings in tab {session.tab} and in {where}")
        return
    what = LEAVES_RINGING[entry.type]
    if entry.type == "CALL_ENDED" and data.get("callEndStatus") in END_STATUSES:  # a known word, not any text
        what += f" ({data['callEndStatus']})"
    for other in others:
        other.taken_elsewhere(key, f"{what} in tab {session.tab}")
    session.log.append(
        "note", NoteType.TAB, text=f"tab {session.tab} {what} call {key!r}: it stops ringing in {where}", ref=entry.seq
    )


def open_tab_claim(
    sessions: Sessions, session: Session, host_url: str, record: tuple[str, int] | None = None
) -> tuple[Claim, str]:
    """A claim and its page URL for another record tab of `session`'s user: the same user and settings, the same
    widget, on `record` (default: the record `session` shows)."""
    host = session.host.context
    context = {**session.claimed, **{name: getattr(host, name) for name in COPIED}}
    if record is None and host.record_object_type_id and host.record_object_id:
        record = (host.record_object_type_id, host.record_object_id)
    if record is not None:
        context["record_type"], context["record_id"] = ("company" if record[0] == COMPANY else "contact"), record[1]
    claim = sessions.claim(context, None, session.widget_url, session.group)  # a surface of the opener's world
    shown = Context(record_type=context.get("record_type"), record_id=context.get("record_id"))
    return claim, page_url(host_url, shown, session.widget_url, claim.token)


def open_window_claim(sessions: Sessions, session: Session, host_url: str) -> tuple[Claim, str]:
    """A claim and its page URL for the calling window of `session`'s user (the same user, settings and widget), at
    the path HubSpot's window has (docs/protocol.md §11)."""
    return surface_claim(sessions, session, f"{host_url}/calling-integration-popup-ui/{session.host.context.portal_id}")


def surface_claim(sessions: Sessions, session: Session, url: str) -> tuple[Claim, str]:
    """A claim and its page URL (`url` with the claim) for a surface of `session`'s user that shows no record (the
    calling window, the remote): the same user, settings and widget."""
    host = session.host.context
    context = {**session.claimed, **{name: getattr(host, name) for name in COPIED}}
    for name in ("record_type", "record_id"):  # the window shows no record
        context.pop(name, None)
    claim = sessions.claim(context, None, session.widget_url, session.group)
    query = {"widget": session.widget_url, "claim": claim.token} if session.widget_url else {"claim": claim.token}
    return claim, f"{url}?{urlencode(query)}"


def release_later(sessions: Sessions, claim: Claim, seconds: float = SESSION_START_TIMEOUT_S * 3) -> None:
    """Forget a claim no one waits for (a tab the page opened) once its page had time to say hello."""
    asyncio.get_running_loop().call_later(seconds, sessions.release, claim)
