"""Plain-words captions for demo mode: what HubSpot or the widget just did, one sentence per log entry. Pure.

Captions are for stakeholders, not developers: no message ids, no JSON, names instead of ids where the CRM
knows them. Input entries are event log `LogEntry.to_json()` dicts; `Names` says whose a phone number is.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from simulator.hubspot.crm.records import Record
from simulator.scenarios.model import (
    ClickStep,
    CloseTabStep,
    ExpectNoneStep,
    ExpectStep,
    FillStep,
    HostStep,
    NavigateStep,
    OpenRemoteStep,
    OpenTabStep,
    OpenWindowStep,
    ReloadStep,
    SendStep,
    Step,
    TaskQueueStep,
    WaitForStep,
    WaitStep,
)

# A phone number -> the CRM record's name, or None when no record has it.
Names = Callable[[str], "str | None"]


@dataclass(frozen=True)
class Who:
    """Whose page this is and whose numbers are whose; both optional, captions stay readable without them."""

    record_name: str | None = None
    names: Names | None = None

    def number(self, number: Any) -> str:
        """`+16175550100 (Ada Lovelace)` when the CRM knows the number, else the number alone."""
        if not isinstance(number, str) or not number:
            return "a number"
        name = self.names(number) if self.names else None
        return f"{number} ({name})" if name else number

    def record(self) -> str:
        return f"{self.record_name}'s" if self.record_name else "the record's"


def _data(entry: Mapping[str, Any]) -> dict[str, Any]:
    message = entry.get("message")
    if not isinstance(message, dict):
        return {}
    data = message.get("data")
    return data if isinstance(data, dict) else message


def _host(type_: str, data: dict[str, Any], who: Who) -> str | None:
    match type_:
        case "SYNC":
            return "HubSpot knocks on the widget's door (SYNC) and waits for it to answer"
        case "DIAL_NUMBER":
            return f"HubSpot asks the widget to dial {who.number(data.get('phoneNumber'))}"
        case "END_CALL":
            return "HubSpot asks the widget to hang up: the user ended the call in HubSpot"
        case "VISIBILITY_CHANGED":
            hidden = data.get("isHidden") or data.get("isMinimized")
            return f"HubSpot tells the widget it is now {'hidden' if hidden else 'visible'}"
        case "SET_CALL_STATE":
            return (
                f"HubSpot tells the widget the call is now {data.get('callState') or data.get('status') or 'changed'}"
            )
        case "ENGAGEMENT_CREATED" | "CREATE_ENGAGEMENT_SUCCEEDED":
            return f"HubSpot creates the call on {who.record()} timeline and tells the widget its id"
        case "CREATE_ENGAGEMENT_FAILED":
            return "HubSpot could not create the call on the timeline and tells the widget so"
        case "UPDATE_ENGAGEMENT_SUCCEEDED" | "FINALIZE_ENGAGEMENT_SUCCEEDED":
            return "HubSpot confirms the call on the timeline is updated"
        case "CALLER_ID_MATCH_SUCCEEDED":
            matches = data.get("callerIdMatches")
            count = len(matches) if isinstance(matches, list) else 0
            return f"HubSpot finds who is calling: {count} matching record{'s' if count != 1 else ''}"
        case "CALLER_ID_MATCH_FAILED":
            return "HubSpot finds no record for the caller's number"
    if type_.endswith("_FAILED"):
        return f"HubSpot tells the widget that {type_[: -len('_FAILED')].lower().replace('_', ' ')} failed"
    return None


def _widget(type_: str, data: dict[str, Any], who: Who) -> str | None:
    match type_:
        case "SYNC_ACK":
            return "The widget answers: it is loaded and speaks the Calling SDK"
        case "INITIALIZED":
            signed = "signed in" if data.get("isLoggedIn") else "not signed in yet"
            return f"The widget says it is ready ({signed})"
        case "LOGGED_IN":
            return "The widget says the agent signed in"
        case "LOGGED_OUT":
            return "The widget says the agent signed out"
        case "USER_AVAILABLE":
            return "The widget says the agent is available for calls"
        case "USER_UNAVAILABLE":
            return "The widget says the agent is away"
        case "OUTGOING_CALL_STARTED":
            return f"The widget starts calling {who.number(data.get('toNumber'))}"
        case "INCOMING_CALL":
            return f"The widget rings: {who.number(data.get('fromNumber'))} is calling"
        case "CALL_ANSWERED":
            return "The widget says the call was answered: the two people are talking"
        case "CALL_ENDED":
            status = data.get("callEndStatus")
            return f"The widget says the call ended{f' ({str(status).lower()})' if status else ''}"
        case "CALL_COMPLETED":
            return f"The widget logs the call on {who.record()} timeline"
        case "FINALIZE_ENGAGEMENT":
            return f"The widget finishes the call's notes on {who.record()} timeline"
        case "NAVIGATE_TO_RECORD":
            return "The widget asks HubSpot to open a record"
        case "RESIZE_WIDGET":
            return f"The widget asks for a new size ({data.get('width', '?')} × {data.get('height', '?')})"
        case "ERROR":
            return f"The widget reports an error: {_short(data.get('message') or data.get('type') or 'no details')}"
        case "CALL_TRANSFERRED":
            return "The widget says the call was transferred"
        case "PUBLISH_TO_CHANNEL":
            return "The widget asks HubSpot to publish the call to a channel"
    return None


def _short(value: Any, limit: int = 80) -> str:
    text = str(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def entry_caption(entry: Mapping[str, Any], who: Who | None = None) -> str | None:
    """One sentence for a wire message or a violation; None for what a stakeholder need not see (notes)."""
    who = who or Who()
    direction, type_ = entry.get("direction"), str(entry.get("type") or "")
    data = _data(entry)
    if direction == "out":
        if entry.get("injected") == "drop_first_syncs":
            return None  # a lost SYNC never reached the widget
        return _host(type_, data, who) or f"HubSpot sends the widget {type_}"
    if direction == "in":
        return _widget(type_, data, who) or f"The widget tells HubSpot {type_}"
    if direction == "violation":
        what = "a problem" if entry.get("severity") == "error" else "something to check"
        return f"callsim notices {what}: {_short(entry.get('text') or entry.get('rule') or type_, 120)}"
    return None


def entry_captions(entries: Iterable[Mapping[str, Any]], who: Who | None = None) -> list[str]:
    """Captions for a run of entries, the handshake's repeated SYNCs said once."""
    captions: list[str] = []
    for entry in entries:
        caption = entry_caption(entry, who)
        if caption is not None and (not captions or captions[-1] != caption):
            captions.append(caption)
    return captions


def step_caption(step: Step) -> str:
    """What a scenario step is about to do, in plain words (the heading above its entries' captions)."""
    match step:
        case SendStep():
            return _host(step.message_type, step.data if isinstance(step.data, dict) else {}, Who()) or (
                f"HubSpot sends the widget {step.message_type}"
            )
        case ExpectStep():
            return f"HubSpot waits for the widget to say {step.message_type}"
        case ExpectNoneStep():
            return f"HubSpot checks the widget does not send {step.message_type}"
        case ClickStep():
            return step.prompt or f"Presenter: in the widget, click {step.selector}"
        case FillStep():
            return step.prompt or f"Presenter: in the widget, type {step.value!r} into {step.selector}"
        case WaitForStep():
            return step.prompt or f"Presenter: check the widget shows {step.text or step.selector}"
        case WaitStep():
            return f"A pause of {step.seconds:g} s"
        case HostStep():
            return "HubSpot changes how it answers"
        case ReloadStep():
            return "The widget's page reloads"
        case OpenTabStep():
            return f"The user opens another record tab (tab {step.number})"
        case OpenWindowStep():
            return "The user opens the calling window"
        case OpenRemoteStep():
            return "The user opens the calling remote from the navigation bar"
        case NavigateStep():
            return f"The user goes to {step.record_type} {step.record_id} in the record tab"
        case CloseTabStep():
            return f"The user closes {step.summary().removeprefix('close ')}"
        case TaskQueueStep():
            return (
                "The user starts a task queue" if step.action == "start" else f"The user {step.action}s the task queue"
            )
    return step.name or step.kind


def who_for(records: Iterable[Record], current: Record | None) -> Who:
    """Names from the mock CRM: the record on the page, and whose each phone number is."""
    by_number = {phone.e164 or phone.number: record.name for record in records for phone in record.phones}
    return Who(record_name=current.name if current else None, names=lambda number: by_number.get(number))
