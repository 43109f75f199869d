"""The session state HubSpot keeps for one widget iframe (docs/protocol.md §5.1-§5.3)."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any, Literal

from simulator.hubspot.sdk.versions import Profile

Handshake = Literal["LOADING", "SYNCING", "READY", "FAILED"]
Direction = Literal["OUTBOUND", "INBOUND"]
CallStatus = Literal["STARTED", "RINGING", "IN_PROGRESS", "ENDED", "COMPLETED", "TRANSFERRED", "FINALIZED", "ELSEWHERE"]

# A call in one of these no longer blocks the next one (§5.2: COMPLETED | FINALIZED -> IDLE). ELSEWHERE: another
# record tab of the same user answered (or ended) the call while it rang here too (§5.4, usesCallingWindow false).
DONE: frozenset[str] = frozenset({"COMPLETED", "TRANSFERRED", "FINALIZED", "ELSEWHERE"})
MAX_SENT_IDS = 500
# A call in one of these has an engagement that needs nothing more (TRANSFERRED: the call left this user, §5.3).
SETTLED: frozenset[str] = frozenset({"COMPLETED", "FINALIZED", "TRANSFERRED", "ELSEWHERE"})
Dimension = float | str  # numbers are px, strings are CSS as given (§1.5)


@dataclass(frozen=True)
class Call:
    """One call, keyed by the widget's externalCallId (a made-up key for legacy payloads without one)."""

    external_call_id: str
    direction: Direction
    status: CallStatus
    started_at_ms: int
    from_number: str | None = None
    to_number: str | None = None
    engagement_id: int | None = None  # the id HubSpot issued for this call
    answered_at_ms: int | None = None
    ended_at_ms: int | None = None
    completed_at_ms: int | None = None
    end_status: str | None = None
    legacy_key: bool = False  # True when the widget sent no externalCallId
    associations: tuple[tuple[str, int], ...] = ()
    create_engagement: bool = False  # started with createEngagement: HubSpot holds an engagement for it
    finalized: bool = False  # FINALIZE_ENGAGEMENT / PUBLISH_TO_CHANNEL arrived before CALL_COMPLETED (§5.2)
    ghost: bool = False  # abandoned unfinished by a reload or the session's end (SDK issue #46)
    elsewhere: str | None = None  # ELSEWHERE: what the other tab did ("answered in tab 2")

    def describe(self) -> str:
        """The call as the widget named it: never by a key the host made up."""
        return "the call started without an externalCallId" if self.legacy_key else f"call {self.external_call_id!r}"

    def to_json(self) -> dict[str, Any]:
        return {
            "externalCallId": None if self.legacy_key else self.external_call_id,
            "key": self.external_call_id,
            "direction": self.direction,
            "status": self.status,
            "fromNumber": self.from_number,
            "toNumber": self.to_number,
            "engagementId": self.engagement_id,
            "startedAt": self.started_at_ms,
            "answeredAt": self.answered_at_ms,
            "endedAt": self.ended_at_ms,
            "completedAt": self.completed_at_ms,
            "endStatus": self.end_status,
            "finalized": self.finalized,
            "ghost": self.ghost,
            "elsewhere": self.elsewhere,
        }


@dataclass(frozen=True)
class PendingDial:
    """A DIAL_NUMBER the host sent that no OUTGOING_CALL_STARTED has picked up yet."""

    data: dict[str, Any]
    sent_at_ms: int

    @property
    def phone_number(self) -> str | None:
        number = self.data.get("phoneNumber")
        return number if isinstance(number, str) else None


@dataclass
class SessionState:
    """Mutable by design: one instance per session, changed by the host as messages pass."""

    supports_inbound_calling: bool = True
    uses_calling_window: bool | None = True
    iframe_location: str | None = "widget"
    handshake: Handshake = "LOADING"
    widget_url: str | None = None
    loaded_at_ms: int | None = None
    sync_ack_at_ms: int | None = None
    sdk_version: str | None = None
    ack_iframe_url: bool = True  # SYNC_ACK carried iFrameUrl (0.0.6's does not, §10)
    widget_origin: str | None = None
    debug_mode: bool | None = None
    initialized: bool = False
    initialized_count: int = 0
    logged_in: bool = False
    available: bool = False
    size: tuple[Dimension | None, Dimension | None] | None = None  # (width, height); None: not set
    hidden: bool = False
    minimized: bool = False
    calls: dict[str, Call] = field(default_factory=dict)
    pending_dial: PendingDial | None = None
    end_call_sent_at_ms: int | None = None
    widget_instance: str | None = None  # the prefix of the widget's own message ids (§1.2)
    host_instance: str | None = None  # the prefix of the host's own message ids (learned from SYNC, or told)
    pending_syncs: set[str] = field(default_factory=set)  # SYNC ids sent since the last load, not yet answered
    orphaned: list[str] = field(default_factory=list)  # keys of calls left unfinished by the last reload
    widget_ids: list[str] = field(default_factory=list)
    sent_ids: dict[str, str] = field(default_factory=dict)  # host messageId -> type, for NACK notes
    reported_timers: set[str] = field(default_factory=set)
    # Set when the user receives calls through another provider ("receive calls through"): why INCOMING_CALL is
    # ignored here. None: this provider rings.
    inbound_elsewhere: str | None = None
    in_task_queue: bool = False  # a task queue runs in this tab: HubSpot ignores CALL_COMPLETED's hideWidget
    _legacy_calls: int = 0

    def page_loaded(self, widget_url: str, now_ms: int) -> None:
        """The iframe loaded a page: the widget must handshake and initialize again (§2.1)."""
        self.handshake = "SYNCING"
        self.widget_url = widget_url
        self.loaded_at_ms = now_ms
        self.sync_ack_at_ms = None
        self.sdk_version = None
        self.ack_iframe_url = True
        self.widget_origin = None
        self.pending_syncs.clear()
        self.initialized = False
        self.initialized_count = 0
        self.logged_in = False
        self.available = False
        self.widget_instance = None
        self.widget_ids.clear()

    def profile(self) -> Profile:
        """What the widget's SDK build understands, as far as its SYNC_ACK tells (§10)."""
        return Profile(self.sdk_version, self.ack_iframe_url)

    def active_call(self) -> Call | None:
        """The most recent call that is not done (a ghost call is abandoned, so not active)."""
        for call in reversed(self.calls.values()):
            if call.status not in DONE and not call.ghost:
                return call
        return None

    def unfinished_calls(self) -> list[Call]:
        """Calls started with createEngagement that never reached CALL_COMPLETED (and were not transferred)."""
        return [c for c in self.calls.values() if c.create_engagement and c.status not in SETTLED and not c.ghost]

    def latest_call(self) -> Call | None:
        return next(reversed(self.calls.values()), None)

    def resolve_call(self, external_call_id: Any) -> Call | None:
        """The call a widget message is about: by id, or the active call when the payload has no id."""
        if isinstance(external_call_id, str) and external_call_id:
            return self.calls.get(external_call_id)
        return self.active_call()

    def new_call_key(self, external_call_id: Any) -> tuple[str, bool]:
        """The key for a new call and whether it was made up (legacy payload without an id)."""
        if isinstance(external_call_id, str) and external_call_id:
            return external_call_id, False
        self._legacy_calls += 1
        return f"legacy-{self._legacy_calls}", True

    def put_call(self, call: Call) -> Call:
        self.calls[call.external_call_id] = call
        return call

    def update_call(self, call: Call, **changes: Any) -> Call:
        return self.put_call(replace(call, **changes))

    def engagement_owner(self, engagement_id: int) -> Call | None:
        """The call HubSpot issued `engagement_id` for, if any."""
        for call in self.calls.values():
            if call.engagement_id == engagement_id:
                return call
        return None

    def remember_sent(self, message_id: str, message_type: str) -> None:
        self.sent_ids[message_id] = message_type
        if len(self.sent_ids) > MAX_SENT_IDS:
            del self.sent_ids[next(iter(self.sent_ids))]

    def is_host_prefixed(self, message_id: Any) -> bool:
        """True when a widget id matches the host's reply test `/^<hostInstanceId>/` (§1.2)."""
        prefix = self.host_instance
        return bool(prefix) and isinstance(message_id, str) and message_id.startswith(prefix or "")

    def answers_pending_sync(self, message_id: Any) -> bool:
        """True when a SYNC_ACK reuses the id of a SYNC the host sent since the last load (§2.1)."""
        return isinstance(message_id, str) and message_id in self.pending_syncs

    def remember_widget_id(self, message_id: str) -> None:
        self.widget_ids.append(message_id)
        if len(self.widget_ids) > MAX_SENT_IDS:
            del self.widget_ids[0]

    def call_status(self) -> str:
        """IDLE, DIALING (DIAL_NUMBER sent, no call yet) or the active call's status."""
        active = self.active_call()
        if active is not None:
            return active.status
        return "DIALING" if self.pending_dial is not None else "IDLE"

    def to_json(self) -> dict[str, Any]:
        """The state for the record page, in camelCase."""
        active = self.active_call()
        return {
            "supportsInboundCalling": self.supports_inbound_calling,
            "usesCallingWindow": self.uses_calling_window,
            "iframeLocation": self.iframe_location,
            "handshake": self.handshake,
            "widgetUrl": self.widget_url,
            "loadedAt": self.loaded_at_ms,
            "syncAckAt": self.sync_ack_at_ms,
            "sdkVersion": self.sdk_version,
            "widgetOrigin": self.widget_origin,
            "debugMode": self.debug_mode,
            "initialized": self.initialized,
            "loggedIn": self.logged_in,
            "available": self.available,
            "size": None if self.size is None else {"width": self.size[0], "height": self.size[1]},
            "hostInstance": self.host_instance,
            "hidden": self.hidden,
            "minimized": self.minimized,
            "callStatus": self.call_status(),
            "activeCall": None if active is None else active.to_json(),
            "calls": [call.to_json() for call in self.calls.values()],
            "pendingDial": None if self.pending_dial is None else dict(self.pending_dial.data),
            "inboundElsewhere": self.inbound_elsewhere,
        }
