"""What a handler answers with (replies, effects, notes, violations) and the scope it works in."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from simulator.hubspot.crm.portal import Crm
from simulator.hubspot.sdk.payloads import is_number
from simulator.hubspot.state import SessionState
from simulator.hubspot.validator.rules import Violation
from simulator.log_vocabulary import EffectName

if TYPE_CHECKING:
    from simulator.hubspot.context import Faults, HostContext


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

    name: str  # an EffectName (log_vocabulary.py); tests build effects from plain strings
    params: dict[str, Any] = field(default_factory=dict)


@dataclass
class Outcome:
    """Everything one message made the host do: what it found wrong, what it answers, what the page must show."""

    violations: list[Violation] = field(default_factory=list)
    replies: list[Reply] = field(default_factory=list)
    effects: list[Effect] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


@dataclass
class Scope:
    """What one handler works with."""

    state: SessionState
    crm: Crm
    context: HostContext
    faults: Faults
    now_ms: int
    outcome: Outcome

    def reply(self, message_type: str, data: Any, injected: str | None = None) -> None:
        self.outcome.replies.append(Reply(message_type, data, self.faults.reply_delay_ms, injected))

    def effect(self, name: EffectName, **params: Any) -> None:
        self.outcome.effects.append(Effect(name, params))

    def note(self, text: str) -> None:
        self.outcome.notes.append(text)

    def legacy_engagements(self) -> bool:
        """ENGAGEMENT_CREATED flow (no CREATE_/UPDATE_ENGAGEMENT_*): widgets < 0.1.8, unless forced."""
        if self.faults.legacy_engagement_created is not None:
            return self.faults.legacy_engagement_created
        return self.state.profile().needs_engagement_created()

    def legacy_mark(self) -> str | None:
        return "legacy_engagement_created" if self.faults.legacy_engagement_created is not None else None


Handler = Callable[[Scope, dict[str, Any], dict[str, Any]], None]


def error_body(text: str) -> dict[str, Any]:
    """The `data` of a *_FAILED reply."""
    return {"error": {"message": text}}


def dimension(value: Any) -> float | str | None:
    """One size dimension as the SDK applies it (§1.5): a positive number (px) or a string as given; falsy: None."""
    if is_number(value):
        return value if value > 0 else None
    return value if isinstance(value, str) and value else None


def resize(s: Scope, value: Any) -> None:
    """Resize the widget's frame: each dimension given applies on its own, a missing one keeps the current one."""
    if not isinstance(value, dict):
        return
    given = {key: dimension(value.get(key)) for key in ("width", "height")}
    given = {key: size for key, size in given.items() if size is not None}
    if not given:
        return
    width, height = s.state.size or (None, None)
    s.state.size = (given.get("width", width), given.get("height", height))
    s.effect(EffectName.RESIZE, **given)


def text_field(data: dict[str, Any], key: str) -> str | None:
    """`data[key]` when it is a non-empty string."""
    value = data.get(key)
    return value if isinstance(value, str) and value else None
