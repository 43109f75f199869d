"""One host <-> widget conversation: what HubSpot posts, what it hears, the log of both, and its delayed replies.

No page, no socket, no event loop of its own: the record page's session (server/page/session.py) is one adapter
of it, a test is another; both hand it a `Wire` (where host messages and effects go) and a `Later` (asyncio's
`call_later`, in both) and drive the same code.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from simulator.eventlog import EventLog, LogEntry
from simulator.hubspot.context import Faults, HostContext
from simulator.hubspot.host import Effect, Host, Outcome, Reply
from simulator.hubspot.sdk.protocol import MessageIds, envelope, now_ms
from simulator.log_vocabulary import NoteType

Clock = Callable[[], int]  # epoch milliseconds; tests pass a fixed one


class Cancellable(Protocol):
    def cancel(self) -> None: ...


Later = Callable[[float, Callable[[], None]], Cancellable]  # (seconds, callback): asyncio's loop.call_later


class Wire(Protocol):
    """Where the conversation's output goes: the widget's frame and the host page around it."""

    def post(self, message: dict[str, Any]) -> None:
        """Post one host -> widget message (already enveloped and logged)."""
        ...

    def effect(self, effect: Effect) -> None:
        """Show or do something on the host page (resize, alert, navigate...)."""
        ...

    def outcome_applied(self) -> None:
        """The host heard or said something: state the page mirrors (its SYNC fields) may have changed."""
        ...


class Unwired:
    """A wire to nowhere: a conversation before its page is attached, or one a test only logs."""

    def post(self, message: dict[str, Any]) -> None:
        pass

    def effect(self, effect: Effect) -> None:
        pass

    def outcome_applied(self) -> None:
        pass


@dataclass(frozen=True)
class Posted:
    """One host message the conversation sent: its log entry and what sending it made the host do."""

    entry: LogEntry
    outcome: Outcome


class Conversation:
    """HubSpot's half of one widget's conversation, logged: the source of truth for what crossed the wire."""

    def __init__(
        self,
        log: EventLog,
        host: Host | None = None,
        ids: MessageIds | None = None,
        wire: Wire | None = None,
        clock: Clock = now_ms,
        later: Later | None = None,
    ) -> None:
        self.log = log
        self.host = host or Host()
        self.ids = ids or MessageIds()
        self.wire: Wire = wire or Unwired()
        self.clock = clock
        self._schedule = later
        self._later: set[Cancellable] = set()

    # -- host -> widget --------------------------------------------------------------------------
    def send(self, message_type: str, data: Any = None) -> list[Posted]:
        """Post a host event (quirks may turn it into several messages); every message posted, in order."""
        posted = [self.post(reply) for reply in self.host.prepare(message_type, data)]
        assert posted, "Host.prepare returned nothing to send"
        return posted

    def post(self, reply: Reply) -> Posted:
        """One host -> widget message: a fresh id, the host's record of it, the wire, the log, its outcome."""
        message = envelope(reply.type, reply.data, self.ids.next())
        outcome = self.host.sent(message, self.clock())
        # Logged before it leaves: a wire that answers at once (a test's widget) must find it in the log.
        entry = self.log.append("out", reply.type, message=message, injected=reply.injected)
        self.wire.post(message)
        self.apply(outcome, entry)
        return Posted(entry, outcome)

    def sync_sent(self, message: dict[str, Any], dropped: bool) -> LogEntry:
        """The page's SYNC loop sent (or, under drop_first_syncs, dropped) a SYNC of its own."""
        entry = self.log.append("out", "SYNC", message=message, injected="drop_first_syncs" if dropped else None)
        self.apply(self.host.sent(message, self.clock()), None)
        return entry

    # -- widget -> host --------------------------------------------------------------------------
    def received(self, message: Any, origin: str | None) -> LogEntry:
        """A widget -> host message (origin already checked): logged, checked, answered."""
        type_ = message.get("type") if isinstance(message, dict) else None
        label = type_ if isinstance(type_, str) else "(malformed)"
        entry = self.log.append("in", label, message=message, origin=origin)
        self.apply(self.host.receive(message, origin, self.clock()), entry)
        return entry

    def page_loaded(self, widget_url: str) -> None:
        self.apply(self.host.page_loaded(widget_url, self.clock()), None)

    def tick(self) -> None:
        self.apply(self.host.tick(self.clock()), None)

    def closed(self) -> None:
        """The host page went away: HubSpot's last word (calls never completed become ghosts)."""
        self.apply(self.host.closed(self.clock()), None)

    # -- the host's configuration ----------------------------------------------------------------
    def use_context(self, context: HostContext) -> None:
        """Start over as another host (portal, user, record, settings), keeping the faults: before the handshake."""
        self.host = Host(context=context, faults=self.host.faults, crm=self.host.crm)

    def configure_faults(self, settings: Mapping[str, Any]) -> Faults:
        """Change how the host answers from now on (Faults names; ValueError on a bad one), noted in the log."""
        faults = Faults.from_mapping(dict(settings), base=self.host.faults)
        self.host.configure(faults)
        changed = ", ".join(f"{key}={value!r}" for key, value in settings.items())
        self.log.append("note", NoteType.HOST_CONFIGURED, text=f"mock host now answers with {changed}")
        return faults

    # -- outcomes --------------------------------------------------------------------------------
    def apply(self, outcome: Outcome, entry: LogEntry | None) -> None:
        """Log what the host found and noted, show its effects, post its replies (delayed ones later)."""
        ref = entry.seq if entry else None
        for violation in outcome.violations:
            self.log.violation(violation, ref)
        for note in outcome.notes:
            self.log.append("note", NoteType.HOST, text=note, ref=ref)
        for effect in outcome.effects:
            self.wire.effect(effect)
        self.wire.outcome_applied()
        for reply in outcome.replies:
            if reply.delay_ms > 0:
                self._post_later(reply)
            else:
                self.post(reply)

    def _post_later(self, reply: Reply) -> None:
        if self._schedule is None:
            raise RuntimeError(f"{reply.type} is due in {reply.delay_ms} ms but the conversation has no Later")

        def post() -> None:
            self._later.discard(handle)
            self.post(reply)

        handle = self._schedule(reply.delay_ms / 1000, post)
        self._later.add(handle)

    def cancel_pending(self) -> None:
        """Drop replies still waiting for their delay: the page that would receive them is gone."""
        for handle in self._later:
            handle.cancel()
        self._later.clear()
