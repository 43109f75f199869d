"""Receive calls through (issue 18, item 4): the provider each user receives calls through.

A HubSpot user picks one calling provider for inbound calls; only that provider's INCOMING_CALL rings, any other's
is ignored (with a note saying so). Until a user picks one, every provider rings, as callsim always did. The choice
is the server's (in memory), per user, and applies to the user's open pages at once.
"""

from __future__ import annotations

from typing import Any

from aiohttp import web

from simulator.hubspot.context import User
from simulator.log_vocabulary import NoteType
from simulator.server.appkeys import SESSIONS
from simulator.server.page import page_protocol
from simulator.server.page.session import Session
from simulator.server.page.switcher import switcher_providers

INBOUND = web.AppKey("inbound_providers", dict)  # User -> provider key; no entry: every provider rings


def provider_names(app: web.Application) -> dict[str, str]:
    """Every provider the call switcher lists now: key -> name."""
    return {p["key"]: p["name"] for p in switcher_providers(app)}


def chosen(app: web.Application, user: User) -> str | None:
    """The provider key `user` receives calls through (None: any)."""
    choice: str | None = app[INBOUND].get(user)
    return choice


def describe(app: web.Application, user: User) -> str:
    key = chosen(app, user)
    if key is None:
        return f"user {user.user_id} receives calls through any provider"
    name = provider_names(app).get(key, key)
    return f"user {user.user_id} receives calls through {name!r} ({key})"


def choose(app: web.Application, user: User, key: Any) -> str:
    """Set `user`'s inbound provider (a switcher key, or None for any) and tell the user's open pages; returns the
    line logged. Raises ValueError naming the keys there are."""
    names = provider_names(app)
    if key is not None and (not isinstance(key, str) or key not in names):
        listed = ", ".join(f"{k} ({name})" for k, name in names.items())
        raise ValueError(f"no provider {key!r} in the call switcher; expected one of {listed}, or null for any")
    if key is None:
        app[INBOUND].pop(user, None)
    else:
        app[INBOUND][user] = key
    text = describe(app, user)
    for session in app[SESSIONS].every_of_user(user):  # the choice is the user's, in every group
        apply(app, session)
        session.log.append("note", NoteType.RECEIVE_CALLS, text=text + _here(session, key))
        session.notify_page(page_protocol.inbound(key, text))
    return text


def apply(app: web.Application, session: Session) -> None:
    """Whether `session`'s provider rings for its user's inbound calls (at the hello and on every change)."""
    user = session.host.context.user
    key = chosen(app, user)
    elsewhere = None
    if key is not None and key != session.provider_key:
        elsewhere = f"{describe(app, user)}, not {session.provider_name!r} ({session.provider_key})"
    session.receive_calls_through(key, elsewhere)


def _here(session: Session, key: str | None) -> str:
    if key is None or key == session.provider_key:
        return ": this page's provider rings"
    return f": INCOMING_CALL from this page's {session.provider_name!r} is ignored"
