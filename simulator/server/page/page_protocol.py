"""The record page's WebSocket protocol: every message `kind`, both ways, and the payloads the server sends.

JSON objects with a `kind` discriminator. static/js/page_protocol.js holds the same names for the page;
tests/server/test_page_protocol.py checks that the two tables agree.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any, NotRequired, TypedDict


class ToServer(StrEnum):
    """Kinds the page sends; fields are read leniently by the session (the page is not trusted)."""

    HELLO = "hello"  # widgetUrl, page ("record" | "window"), record, provider {key, name, overrides}, claim,
    # instanceId (the rendered one its head start's SYNCs carry): first
    RECEIVED = "received"  # message, origin: the widget posted this to the host
    SYNC_SENT = "sync_sent"  # message, dropped: the page's SYNC loop sent (or, by fault, dropped) a SYNC
    IFRAME_LOAD = "iframe_load"  # url: the widget's iframe loaded a page
    HANDSHAKE_FAILED = "handshake_failed"  # reason: no SYNC_ACK in time
    IGNORED = "ignored"  # origin, type: an SDK-shaped message from an origin that is not the widget's
    DIAGNOSE = "diagnose"  # url, final: ask the handshake doctor why the widget is silent
    DIAL = "dial"  # record, phoneProperty, number: the user clicked Call or a number
    INJECT = "inject"  # type, data: the inject panel sends a host event
    CONFIGURE_HOST = "configure_host"  # settings: the faults form changes how the mock host answers
    SCENARIO_START = "scenario_start"  # file, stepwise
    SCENARIO_STEP = "scenario_step"
    SCENARIO_STOP = "scenario_stop"
    PROMPT_DONE = "prompt_done"  # the person pressed Continue on a scenario prompt
    VISIBILITY = "visibility"  # isMinimized, isHidden: the user (or HubSpot) minimized, closed or reopened the widget
    OPEN_TAB = "open_tab"  # record: the user opens another record tab of theirs (the server answers OPEN_TAB)
    RECEIVE_CALLS_THROUGH = "receive_calls_through"  # provider (a switcher key, or null for any): the user's choice
    TASK_QUEUE = "task_queue"  # action ("start" with tasks [{objectTypeId, objectId}], "skip", "stop")


class ToPage(StrEnum):
    """Kinds the server sends; each has a payload type below."""

    HELLO = "hello"
    POST = "post"
    ENTRY = "entry"
    EFFECT = "effect"
    DOCTOR = "doctor"
    RELOAD_WIDGET = "reload_widget"
    PROMPT = "prompt"
    PROMPT_CLEAR = "prompt_clear"
    SCENARIO_STATUS = "scenario_status"
    SCENARIOS = "scenarios"  # the player's list changed on disk (dev server), with every file's errors
    PROVIDERS = "providers"  # the calling settings changed: the switcher's providers as they are now
    OPEN_TAB = "open_tab"  # url, tab: open this URL in a new browser tab (another record tab of the same user)
    INBOUND = "inbound"  # provider, text: the user's "receive calls through" choice now (null: any provider)
    TASK_QUEUE = "task_queue"  # queue: the tab's task queue now (status, task, tasks with their outcomes)


PLAYER_KINDS = (ToServer.SCENARIO_START, ToServer.SCENARIO_STEP, ToServer.SCENARIO_STOP, ToServer.PROMPT_DONE)
# Handled with the app's sessions and providers at hand (server/page/surfaces.py), registered by the page socket.
SURFACE_KINDS = (ToServer.OPEN_TAB, ToServer.RECEIVE_CALLS_THROUGH, ToServer.TASK_QUEUE)


class Hello(TypedDict):
    """What the page needs to speak for its session."""

    kind: str
    session: str
    instanceId: str
    sync: dict[str, Any]
    dropFirstSyncs: int
    state: dict[str, Any]
    tab: int | None  # this page's number among its user's record tabs (None: not a record tab)
    inbound: str | None  # the provider key the user receives calls through (None: any)


class Post(TypedDict):
    """A host message for the page to post to the widget, as is."""

    kind: str
    message: dict[str, Any]


class Entry(TypedDict):
    """One event log entry, for the page's log panel."""

    kind: str
    entry: dict[str, Any]


class EffectMessage(TypedDict):
    """Something the page does as HubSpot would (resize, alert, navigate, state ...)."""

    kind: str
    name: str
    params: dict[str, Any]


class Doctor(TypedDict):
    """The handshake doctor's findings, for its panel."""

    kind: str
    title: str
    findings: list[dict[str, Any]]


class Prompt(TypedDict):
    """A scenario instruction for the person; `wait` shows Continue."""

    kind: str
    text: str
    wait: bool


class ScenarioStatus(TypedDict):
    """The scenario player's state, with whichever of name/total/step/stepStatus/text apply."""

    kind: str
    state: str
    name: NotRequired[str]
    total: NotRequired[int]
    step: NotRequired[int]
    stepStatus: NotRequired[str]
    text: NotRequired[str]
    demo: NotRequired[dict[str, Any]]  # demo mode's captions: heading, captions, next


class ScenarioList(TypedDict):
    """The scenarios the player offers now, and the errors of files that are broken now."""

    kind: str
    scenarios: list[dict[str, Any]]
    errors: list[str]


class Bare(TypedDict):
    """A message that is only its kind (reload_widget, prompt_clear)."""

    kind: str


class Providers(TypedDict):
    """The call switcher's providers (the page applies its localStorage overrides on top)."""

    kind: str
    providers: list[dict[str, Any]]


class OpenTab(TypedDict):
    """Open another record tab of this user: `url` carries the claim that gives it the user's context."""

    kind: str
    url: str


class Inbound(TypedDict):
    """The user's "receive calls through" provider (None: any provider rings) and a line saying so."""

    kind: str
    provider: str | None
    text: str


class TaskQueueState(TypedDict):
    """The tab's task queue, for its panel."""

    kind: str
    queue: dict[str, Any]


ToPageMessage = (
    Hello
    | Post
    | Entry
    | EffectMessage
    | Doctor
    | Prompt
    | ScenarioStatus
    | ScenarioList
    | Providers
    | OpenTab
    | Inbound
    | TaskQueueState
    | Bare
)


def post(message: dict[str, Any]) -> Post:
    """A host message for the widget."""
    return {"kind": ToPage.POST, "message": message}


def entry(entry_json: dict[str, Any]) -> Entry:
    """A log entry for the log panel."""
    return {"kind": ToPage.ENTRY, "entry": entry_json}


def effect(name: str, params: dict[str, Any]) -> EffectMessage:
    """An effect for the page to apply."""
    return {"kind": ToPage.EFFECT, "name": name, "params": params}


def doctor(title: str, findings: list[dict[str, Any]]) -> Doctor:
    """The doctor's panel."""
    return {"kind": ToPage.DOCTOR, "title": title, "findings": findings}


def reload_widget() -> Bare:
    """Reload the widget's iframe."""
    return {"kind": ToPage.RELOAD_WIDGET}


def prompt(text: str, wait: bool) -> Prompt:
    """Show a scenario instruction."""
    return {"kind": ToPage.PROMPT, "text": text, "wait": wait}


def prompt_clear() -> Bare:
    """Hide the scenario instruction."""
    return {"kind": ToPage.PROMPT_CLEAR}


def scenario_status(
    state: str,
    *,
    name: str | None = None,
    total: int | None = None,
    step: int | None = None,
    step_status: str | None = None,
    text: str | None = None,
    demo: dict[str, Any] | None = None,
) -> ScenarioStatus:
    """The player's state chip, with only the fields that apply."""
    status = ScenarioStatus(kind=ToPage.SCENARIO_STATUS, state=state)
    if name is not None:
        status["name"] = name
    if total is not None:
        status["total"] = total
    if step is not None:
        status["step"] = step
    if step_status is not None:
        status["stepStatus"] = step_status
    if text is not None:
        status["text"] = text
    if demo is not None:
        status["demo"] = demo
    return status


def scenarios(listed: list[dict[str, Any]], errors: list[str]) -> ScenarioList:
    """The player's list, after a scenario file changed."""
    return {"kind": ToPage.SCENARIOS, "scenarios": listed, "errors": errors}


def providers(entries: list[dict[str, Any]]) -> Providers:
    """The switcher's providers, after a settings write."""
    return {"kind": ToPage.PROVIDERS, "providers": entries}


def open_tab(url: str) -> OpenTab:
    """Open `url` in a new browser tab."""
    return {"kind": ToPage.OPEN_TAB, "url": url}


def inbound(provider: str | None, text: str) -> Inbound:
    """The user's inbound provider now."""
    return {"kind": ToPage.INBOUND, "provider": provider, "text": text}


def task_queue(queue: dict[str, Any]) -> TaskQueueState:
    """The tab's task queue now."""
    return {"kind": ToPage.TASK_QUEUE, "queue": queue}
