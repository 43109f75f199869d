"""HubSpot's side of a session: state, answers and protocol checks (STUB - replaced by the fidelity work).

The session (simulator/session.py) calls only the `Host` facade below; everything behind it is free.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal


@dataclass(frozen=True)
class Violation:
    """A protocol rule broken (PROTOCOL.md §5.5)."""

    rule: str
    severity: Literal["error", "warning"]
    explanation: str


@dataclass(frozen=True)
class Reply:
    """A message HubSpot posts to the widget in answer (a fresh host messageId is minted on send)."""

    type: str
    data: Any = None
    delay_ms: int = 0
    injected: str | None = None  # set when a fault made this reply (shown in the log)


@dataclass(frozen=True)
class Effect:
    """Something the record page must show or do: resize, alert, navigate, hide/show the widget, ..."""

    name: str
    params: dict[str, Any] = field(default_factory=dict)


@dataclass
class Outcome:
    violations: list[Violation] = field(default_factory=list)
    replies: list[Reply] = field(default_factory=list)
    effects: list[Effect] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class HostContext:
    """Who and where the host is: the SYNC fields (§2.2) and the provider settings (§7)."""

    portal_id: int = 81431
    user_id: int = 9876543
    owner_id: int = 295128649
    iframe_location: str | None = "widget"
    uses_calling_window: bool | None = True
    supports_inbound_calling: bool = True
    host_url: str = "http://127.0.0.1:8500"


@dataclass(frozen=True)
class Faults:
    """Fault injection and HubSpot quirks, per session (issue 4). Scenario `host:` steps use these names."""

    fail_create_engagement: bool = False
    fail_update_engagement: bool = False
    fail_finalize_engagement: bool = False
    fail_caller_id_match: bool = False
    fail_navigate: bool = False
    reply_delay_ms: int = 0
    drop_first_syncs: int = 0  # applied by the page's SYNC loop
    duplicate_dial: bool = False
    dial_object_id_zero: bool = False
    dial_omit_object_type: bool = False
    visibility_flaps: int = 0
    legacy_engagement_created: bool | None = None  # None: decided by the widget's SDK version

    @classmethod
    def from_mapping(cls, mapping: dict[str, Any], base: "Faults | None" = None) -> "Faults":
        """Faults from user input; raises ValueError naming an unknown key or a value of the wrong type."""
        import dataclasses

        known = {f.name: f for f in dataclasses.fields(cls)}
        values = dataclasses.asdict(base or cls())
        for key, value in mapping.items():
            if key not in known:
                raise ValueError(f"unknown host setting {key!r}; expected one of {', '.join(sorted(known))}")
            values[key] = value
        return cls(**values)


class Host:
    """One widget session as HubSpot sees it."""

    def __init__(self, context: HostContext | None = None, faults: Faults | None = None, crm: Any = None) -> None:
        self.context = context or HostContext()
        self.faults = faults or Faults()
        self.sdk_version: str | None = None
        self.handshake = "LOADING"
        self.logged_in = False

    def receive(self, message: Any, origin: str | None, now_ms: int) -> Outcome:
        """A widget -> host message arrived (already origin-checked by the page)."""
        if isinstance(message, dict) and message.get("type") == "SYNC_ACK":
            self.sdk_version = message.get("version")
            self.handshake = "READY"
        if isinstance(message, dict) and message.get("type") == "LOGGED_IN":
            self.logged_in = True
        return Outcome()

    def prepare(self, message_type: str, data: Any) -> list[Reply]:
        """A host event the page, the control API or a scenario wants sent: what actually goes out.

        Quirks live here (DIAL_NUMBER twice, objectId 0, ...); each such Reply has `injected` set.
        """
        return [Reply(message_type, data)]

    def sent(self, message: dict[str, Any], now_ms: int) -> Outcome:
        """A host -> widget message is about to be posted (SYNC included)."""
        return Outcome()

    def tick(self, now_ms: int) -> Outcome:
        """Called about once a second: time-based rules (no INITIALIZED, END_CALL unanswered)."""
        return Outcome()

    def page_loaded(self, widget_url: str, now_ms: int) -> Outcome:
        """The iframe fired `load`: the handshake starts again (§2.1)."""
        self.handshake = "SYNCING"
        return Outcome()

    def state(self) -> dict[str, Any]:
        """JSON-able state for the record page and `GET /api/sessions`."""
        return {"handshake": self.handshake, "sdkVersion": self.sdk_version, "loggedIn": self.logged_in}
