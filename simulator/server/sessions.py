"""All sessions of one server: live ones, and the most recent closed ones for their logs."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from simulator.eventlog import LogEntry
from simulator.hubspot.host import HostContext
from simulator.server.session import Diagnoser, Session
from simulator.store import SessionLogs

KEEP_CLOSED = 50


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
        self._created_listeners: list[Callable[[Session], None]] = []

    def create(self, widget_url: str, page_kind: str = "record", diagnoser: Diagnoser | None = None) -> Session:
        session = Session(widget_url, self.context, crm=self.crm, page_kind=page_kind, diagnoser=diagnoser)
        if self.logs is not None:
            logs = self.logs
            logs.start(session.id, widget_url, page_kind)
            session.log.subscribe(lambda entry: logs.append(entry.session_id, {"seq": entry.seq}, entry.json_text))
        for sink in self.sinks:
            session.log.subscribe(sink)
        self._all[session.id] = session
        for listener in list(self._created_listeners):
            listener(session)
        return session

    def on_created(self, listener: Callable[[Session], None]) -> Callable[[], None]:
        """Call `listener` with every new session (the headless runner waits for its page's session)."""
        self._created_listeners.append(listener)
        return lambda: self._created_listeners.remove(listener)

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

    def all(self) -> list[Session]:
        return list(self._all.values())
