"""The typed result of parsing a scenario file: Context, Scenario and one Step class per kind."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar, Literal

from simulator.scenarios.matching import format_seconds
from simulator.settings import ACTION_TIMEOUT_S, EXPECT_NONE_WITHIN_S, EXPECT_WITHIN_S

DEFAULT_WITHIN = EXPECT_WITHIN_S
DEFAULT_NONE_WITHIN = EXPECT_NONE_WITHIN_S
DEFAULT_ACTION_TIMEOUT = ACTION_TIMEOUT_S

Source = Literal["widget", "host"]
# What a step's `tab:` names (issue 18): a record tab by number, the user's calling window, or the calling remote.
TabName = int | Literal["window", "remote"]


def tab_label(tab: TabName) -> str:
    """A surface as reports name it: `tab 2`, `window`."""
    return f"tab {tab}" if isinstance(tab, int) else str(tab)


@dataclass(frozen=True)
class Context:
    """Who and where the host is (SYNC fields and the record page); None = the host's default."""

    portal_id: int | None = None
    user_id: int | None = None
    owner_id: int | str | None = None
    record_type: str | None = None
    record_id: int | str | None = None
    iframe_location: str | None = None
    uses_calling_window: bool | None = None
    supports_inbound_calling: bool | None = None


@dataclass(frozen=True, kw_only=True)
class Step:
    """One step; `index` is 1-based, `line`/`column` where it starts in the file."""

    index: int
    line: int
    column: int
    name: str | None = None
    tab: TabName = 1  # the surface the step sends to, expects from or acts in (open_tab, open_window: the opener)
    kind: ClassVar[str] = ""

    def summary(self) -> str:
        return self.kind

    def describe(self) -> str:
        """The step's label in reports: its `name:` or a summary such as `expect LOGGED_IN` (`... in tab 2`)."""
        if self.name:
            return self.name
        return self.summary() + (f" in {_where(self.tab)}" if self.tab != 1 else "")


@dataclass(frozen=True, kw_only=True)
class SendStep(Step):
    """Post a host -> widget event."""

    message_type: str
    data: Any = None
    allow_unknown: bool = False
    kind: ClassVar[str] = "send"

    def summary(self) -> str:
        return f"send {self.message_type}"


@dataclass(frozen=True, kw_only=True)
class ExpectStep(Step):
    """Wait for a message of a type (from the widget, or one the host sent) whose data matches."""

    message_type: str
    source: Source = "widget"
    match: Any = None
    within: float = DEFAULT_WITHIN
    capture: Mapping[str, str] = field(default_factory=dict)
    allow_unknown: bool = False
    unordered: bool = False
    kind: ClassVar[str] = "expect"

    @property
    def direction(self) -> Literal["in", "out"]:
        return "in" if self.source == "widget" else "out"

    def summary(self) -> str:
        suffix = " (from host)" if self.source == "host" else ""
        return f"expect {self.message_type}{suffix}"


@dataclass(frozen=True, kw_only=True)
class ExpectNoneStep(Step):
    """Check that no (matching) message of a type arrives within a time."""

    message_type: str
    source: Source = "widget"
    match: Any = None
    within: float = DEFAULT_NONE_WITHIN
    allow_unknown: bool = False
    kind: ClassVar[str] = "expect_none"

    @property
    def direction(self) -> Literal["in", "out"]:
        return "in" if self.source == "widget" else "out"

    def summary(self) -> str:
        return f"expect no {self.message_type} within {format_seconds(self.within)}"


@dataclass(frozen=True, kw_only=True)
class WaitStep(Step):
    seconds: float
    kind: ClassVar[str] = "wait"

    def summary(self) -> str:
        return f"wait {format_seconds(self.seconds)}"


@dataclass(frozen=True, kw_only=True)
class HostStep(Step):
    """Change how the mock host answers from here on (simulator.hubspot.host.Faults field names)."""

    settings: Mapping[str, Any]
    kind: ClassVar[str] = "host"

    def summary(self) -> str:
        return "host " + ", ".join(f"{key}={value}" for key, value in self.settings.items())


@dataclass(frozen=True, kw_only=True)
class ClickStep(Step):
    selector: str
    timeout: float = DEFAULT_ACTION_TIMEOUT
    prompt: str | None = None
    kind: ClassVar[str] = "click"

    def summary(self) -> str:
        return f"click {self.selector}"


@dataclass(frozen=True, kw_only=True)
class FillStep(Step):
    selector: str
    value: str
    timeout: float = DEFAULT_ACTION_TIMEOUT
    prompt: str | None = None
    kind: ClassVar[str] = "fill"

    def summary(self) -> str:
        return f"fill {self.selector} with {self.value!r}"


@dataclass(frozen=True, kw_only=True)
class WaitForStep(Step):
    selector: str | None = None
    text: str | None = None
    timeout: float = DEFAULT_ACTION_TIMEOUT
    prompt: str | None = None
    kind: ClassVar[str] = "wait_for"

    def summary(self) -> str:
        parts = [self.selector or "", f"text {self.text!r}" if self.text is not None else ""]
        return "wait for " + " with ".join(p for p in parts if p)


@dataclass(frozen=True, kw_only=True)
class ReloadStep(Step):
    """Reload the widget's iframe now and wait for the new page to load (e.g. mid-call, §2.2 engagementId)."""

    target: Literal["widget"] = "widget"
    timeout: float = DEFAULT_ACTION_TIMEOUT
    kind: ClassVar[str] = "reload"

    def summary(self) -> str:
        return f"reload {self.target}"


@dataclass(frozen=True, kw_only=True)
class OpenTabStep(Step):
    """Open the scenario's next record tab of the same user (issue 18): `number` is its name in later `tab:` keys."""

    number: int
    record_type: str | None = None  # None: the record the opener shows
    record_id: int | None = None
    timeout: float = DEFAULT_ACTION_TIMEOUT
    kind: ClassVar[str] = "open_tab"

    def summary(self) -> str:
        on = f" on {self.record_type} {self.record_id}" if self.record_id is not None else ""
        return f"open tab {self.number}{on}"

    def describe(self) -> str:
        return self.name or self.summary() + (f" from {_where(self.tab)}" if self.tab != 1 else "")


@dataclass(frozen=True, kw_only=True)
class OpenWindowStep(Step):
    """Open the user's calling window (`/calling-integration-popup-ui/{portalId}`) as HubSpot does: a page of the
    opener's user in the same browser profile; later steps name it `tab: window`."""

    timeout: float = DEFAULT_ACTION_TIMEOUT
    kind: ClassVar[str] = "open_window"

    def summary(self) -> str:
        return "open the calling window"

    def describe(self) -> str:
        return self.name or self.summary() + (f" from {_where(self.tab)}" if self.tab != 1 else "")


@dataclass(frozen=True, kw_only=True)
class OpenRemoteStep(Step):
    """Open the calling remote from the record tab's navigation bar (its phone icon; the app's usesRemote): a page
    of its own in that tab (`/calling-remote`, no record); later steps name it `tab: remote`."""

    timeout: float = DEFAULT_ACTION_TIMEOUT
    kind: ClassVar[str] = "open_remote"

    def summary(self) -> str:
        return "open the calling remote"

    def describe(self) -> str:
        return self.name or self.summary() + (f" in {_where(self.tab)}" if self.tab != 1 else "")


@dataclass(frozen=True, kw_only=True)
class CloseTabStep(Step):
    """Close a record tab, the calling window or the remote (`target`); later steps cannot name it."""

    target: TabName
    kind: ClassVar[str] = "close_tab"

    def summary(self) -> str:
        return f"close {_where(self.target)}"

    def describe(self) -> str:
        return self.name or self.summary()


@dataclass(frozen=True, kw_only=True)
class NavigateStep(Step):
    """The tab's page goes to another record: a new page load and session (as a click on a record link), so later
    steps on the tab address the new page."""

    record_type: str
    record_id: int
    timeout: float = DEFAULT_ACTION_TIMEOUT
    kind: ClassVar[str] = "navigate"

    def summary(self) -> str:
        return f"navigate to {self.record_type} {self.record_id}"


@dataclass(frozen=True, kw_only=True)
class TaskQueueStep(Step):
    """Start a task queue of Call tasks in the tab (`tasks`: (type, id) records, in order), or skip or stop it."""

    action: Literal["start", "skip", "stop"]
    tasks: tuple[tuple[str, int], ...] = ()
    kind: ClassVar[str] = "task_queue"

    def summary(self) -> str:
        if self.action != "start":
            return f"task queue: {self.action}"
        return "start a task queue of " + ", ".join(f"{type_} {object_id}" for type_, object_id in self.tasks)


@dataclass(frozen=True)
class Scenario:
    name: str
    path: str
    description: str = ""
    widget: str | None = None
    context: Context = Context()
    host: Mapping[str, Any] = field(default_factory=dict)
    timeout: float | None = None
    steps: tuple[Step, ...] = ()


def _where(tab: TabName) -> str:
    return {"window": "the calling window", "remote": "the calling remote"}.get(str(tab), f"tab {tab}")


_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?|\.\d+)\s*(ms|s|m)?\s*$")


def parse_duration(value: Any) -> float:
    """`5s`, `500ms`, `2m` or a number of seconds -> seconds; ValueError with what was expected."""
    if isinstance(value, bool) or value is None:
        raise ValueError(f"expected a duration like 5s, 500ms or 2, got {show(value)}")
    if isinstance(value, int | float):
        seconds = float(value)
    else:
        found = _DURATION.match(str(value))
        if not found:
            raise ValueError(f"expected a duration like 5s, 500ms or 2, got {show(value)}")
        scale = {"ms": 0.001, "s": 1.0, "m": 60.0, None: 1.0}[found.group(2)]
        seconds = float(found.group(1)) * scale
    if seconds < 0:
        raise ValueError(f"expected a duration of 0 or more, got {show(value)}")
    return seconds


def show(value: Any) -> str:
    """A YAML value as an error message names it: `'text'`, `a list`, `true (a boolean)`."""
    if isinstance(value, str):
        return repr(value)
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return f"{str(value).lower()} (a boolean)"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return repr(value)
