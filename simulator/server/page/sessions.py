"""All sessions of one server: live ones, the most recent closed ones for their logs, and the claims on new ones.

A claim is how a harness (`callsim run`, audit, the Python API) gets exactly the session of the page it opened: the
page's URL carries the claim's token, its hello sends the token back, and the page socket applies the claim's
context and faults to the new session before the page hears its hello (docs/protocol.md §1: SYNC fields).

A claim may also carry a group: the surfaces one played scenario opens (its first page, tabs, window, remote,
navigations) share it, and a user's surfaces are linked only within their group, so scenarios played side by side as
the same user (`callsim run --workers N`) never see each other's calls. Pages opened by hand have no group (None) and
stay linked to all of their user's other ungrouped pages, as in HubSpot.
"""

from __future__ import annotations

import asyncio
import secrets
from collections import OrderedDict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from simulator.eventlog import LogEntry
from simulator.hubspot.context import User
from simulator.hubspot.host import HostContext
from simulator.server.page.session import Diagnoser, Session
from simulator.store import SessionLogs

KEEP_CLOSED = 50


# The cookie a played scenario's page sets: the claim group (world) its browser context belongs to (views, socket).
WORLD_COOKIE = "callsim_world"


@dataclass
class Claim:
    """A session someone waits for: the page whose hello carries `token` gets `context` and `faults`."""

    token: str
    context: Mapping[str, Any]  # HostContext.with_overrides names (a scenario's `context:`); None keeps the default
    faults: Mapping[str, Any]  # Faults names (a scenario's `host:`)
    session: asyncio.Future[Session] = field(repr=False)
    # The widget this claim's page may load with ?widget=, on any origin: only the control API and the harness make
    # claims, so a page URL cannot smuggle an arbitrary site in (views.widget_override allows known origins only).
    widget: str | None = None
    group: str | None = None  # the played scenario's world its page joins (None: a page opened by hand)


def new_group() -> str:
    """A fresh group for the first page of a played scenario (or a Python API session)."""
    return "g-" + secrets.token_urlsafe(6)


class Sessions:
    def __init__(
        self,
        context: HostContext,
        crm: Any,
        sinks: list[Callable[[LogEntry], None]],
        logs: SessionLogs | None = None,
    ) -> None:
        self.context = context
        self.logs = logs  # every entry of every session is kept here too (bounded), readable after a restart
        self.crm = crm
        self.sinks = sinks
        self._all: OrderedDict[str, Session] = OrderedDict()
        self._claims: dict[str, Claim] = {}

    def create(
        self, widget_url: str, page_kind: str = "record", diagnoser: Diagnoser | None = None, instance_id: Any = None
    ) -> Session:
        """A new live session; `instance_id` is the page's (its hello's, checked by Session), else a fresh one."""
        session = Session(
            widget_url, self.context, crm=self.crm, page_kind=page_kind, diagnoser=diagnoser, instance_id=instance_id
        )
        if self.logs is not None:
            logs = self.logs
            logs.start(session.id, widget_url, page_kind)
            session.log.subscribe(lambda entry: logs.append(entry.session_id, {"seq": entry.seq}, entry.json_text))
        for sink in self.sinks:
            session.log.subscribe(sink)
        self._all[session.id] = session
        return session

    def claim(
        self,
        context: Mapping[str, Any] | None = None,
        faults: Mapping[str, Any] | None = None,
        widget: str | None = None,
        group: str | None = None,
    ) -> Claim:
        """A new claim: open a page with `?claim=<token>` and await `claim.session`; `release` it when done. Its
        session joins `group` (see the module's docstring)."""
        token = secrets.token_urlsafe(12)
        future = asyncio.get_running_loop().create_future()
        claim = Claim(token, dict(context or {}), dict(faults or {}), future, widget, group)
        self._claims[token] = claim
        return claim

    def peek_claim(self, token: Any) -> Claim | None:
        """The claim a page URL names, left in place for its hello (the page render reads its context)."""
        return self._claims.get(token) if isinstance(token, str) else None

    def take_claim(self, token: Any) -> Claim | None:
        """The claim a page's hello names (each token opens one session only); None for no or an unknown token."""
        return self._claims.pop(token, None) if isinstance(token, str) else None

    def release(self, claim: Claim) -> None:
        """Forget a claim whose page never said hello (a late hello then gets the server's defaults)."""
        self._claims.pop(claim.token, None)
        if not claim.session.done():
            claim.session.cancel()

    def close(self, session: Session) -> None:
        session.detach()
        closed = [s for s in self._all.values() if not s.live]
        for old in closed[: max(0, len(closed) - KEEP_CLOSED)]:
            del self._all[old.id]

    def get(self, session_id: str) -> Session | None:
        return self._all.get(session_id)

    def stored_log(self, session_id: str, since: int = 0) -> tuple[list[dict[str, Any]], int] | None:
        """A session's log from the store (entries after `since`, last seq), for sessions no longer in memory."""
        if self.logs is None or self.logs.session(session_id) is None:
            return None
        return self.logs.entries(session_id, since), self.logs.last_seq(session_id)

    def log_since(self, session: Session, since: int = 0) -> list[dict[str, Any]]:
        """A live session's entries after `since`: from RAM when it still holds them all, else from the store."""
        if not session.log.holds_since(since) and self.logs is not None and self.logs.session(session.id) is not None:
            return self.logs.entries(session.id, since)
        return [entry.to_json() for entry in session.log.since(since)]

    def live(self) -> list[Session]:
        return [s for s in self._all.values() if s.live]

    def of_user(self, user: User, group: str | None) -> list[Session]:
        """The live sessions of one HubSpot user in one group: its record tabs, calling window and remote, linked to
        each other, oldest first."""
        return [s for s in self.live() if s.host.context.user == user and s.group == group]

    def linked(self, session: Session) -> list[Session]:
        """The live sessions `session` is linked to, itself included: its user's, in its group."""
        return self.of_user(session.host.context.user, session.group)

    def every_of_user(self, user: User) -> list[Session]:
        """The live sessions of one user in every group: what a user-wide setting (receive calls through) reaches."""
        return [s for s in self.live() if s.host.context.user == user]

    def all(self) -> list[Session]:
        return list(self._all.values())
