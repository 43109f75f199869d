"""Demo mode's captions: plain words for the main message types, with names from the CRM."""

from __future__ import annotations

from typing import Any

import pytest

from simulator.hubspot.crm.records import Contact, Phone
from simulator.scenarios.captions import Who, entry_caption, entry_captions, step_caption, who_for
from simulator.scenarios.parser import parse_scenario

ADA = Contact(51, "Ada", "Lovelace", phones=(Phone("Work", "phone", "+1 (617) 555-0100"),))
WHO = who_for([ADA], ADA)


def message(direction: str, type_: str, data: Any = None) -> dict[str, Any]:
    body: dict[str, Any] = {"type": type_, "messageId": "1_2"}
    if data is not None:
        body["data"] = data
    return {"seq": 1, "ts": 1.0, "direction": direction, "type": type_, "message": body}


@pytest.mark.parametrize(
    ("direction", "type_", "data", "expected"),
    [
        (
            "out",
            "DIAL_NUMBER",
            {"phoneNumber": "+16175550100"},
            "HubSpot asks the widget to dial +16175550100 (Ada Lovelace)",
        ),
        ("out", "END_CALL", None, "HubSpot asks the widget to hang up"),
        ("out", "ENGAGEMENT_CREATED", {"engagementId": 7}, "HubSpot creates the call on Ada Lovelace's timeline"),
        ("out", "VISIBILITY_CHANGED", {"isMinimized": True}, "HubSpot tells the widget it is now hidden"),
        ("out", "CALLER_ID_MATCH_SUCCEEDED", {"callerIdMatches": [{}, {}]}, "2 matching records"),
        ("out", "CREATE_ENGAGEMENT_FAILED", {}, "could not create the call"),
        ("in", "SYNC_ACK", None, "The widget answers"),
        ("in", "INITIALIZED", {"isLoggedIn": False}, "The widget says it is ready (not signed in yet)"),
        ("in", "LOGGED_IN", {}, "The widget says the agent signed in"),
        ("in", "OUTGOING_CALL_STARTED", {"toNumber": "+16175550100"}, "The widget starts calling +16175550100 (Ada"),
        ("in", "INCOMING_CALL", {"fromNumber": "+15550000000"}, "The widget rings: +15550000000 is calling"),
        ("in", "CALL_ANSWERED", {}, "The widget says the call was answered"),
        ("in", "CALL_ENDED", {"callEndStatus": "COMPLETED"}, "The widget says the call ended (completed)"),
        ("in", "CALL_COMPLETED", {"engagementId": 7}, "The widget logs the call on Ada Lovelace's timeline"),
        ("in", "ERROR", {"message": "mic blocked"}, "The widget reports an error: mic blocked"),
        ("in", "SOMETHING_NEW", {}, "The widget tells HubSpot SOMETHING_NEW"),
        ("out", "CALLSIM_PROBE", {}, "HubSpot sends the widget CALLSIM_PROBE"),
    ],
)
def test_message_captions(direction: str, type_: str, data: Any, expected: str) -> None:
    caption = entry_caption(message(direction, type_, data), WHO)
    assert caption is not None and expected in caption


def test_without_a_crm_the_captions_still_read() -> None:
    assert (
        entry_caption(message("in", "CALL_COMPLETED", {}), None) == "The widget logs the call on the record's timeline"
    )
    assert entry_caption(message("out", "DIAL_NUMBER", {}), Who()) == "HubSpot asks the widget to dial a number"


def test_violations_are_said_notes_are_not() -> None:
    violation = {"seq": 2, "direction": "violation", "type": "r", "rule": "r", "severity": "error", "text": "no id"}
    assert entry_caption(violation) == "callsim notices a problem: no id"
    assert entry_caption({"seq": 3, "direction": "note", "type": "SCENARIO", "text": "▶"}) is None


def test_repeated_syncs_are_said_once_and_lost_ones_not_at_all() -> None:
    syncs = [message("out", "SYNC"), message("out", "SYNC"), {**message("out", "SYNC"), "injected": "drop_first_syncs"}]
    assert len(entry_captions([*syncs, message("in", "SYNC_ACK")])) == 2


def test_step_captions_use_the_prompt_or_the_selector() -> None:
    scenario, errors = parse_scenario(
        "name: s\nsteps:\n"
        "  - click: '#sign-in'\n    prompt: Sign in to the widget\n"
        "  - click: '#dial'\n"
        "  - send: DIAL_NUMBER\n    data: {phoneNumber: '+16175550100'}\n"
        "  - expect: LOGGED_IN\n",
        "s.yaml",
    )
    assert scenario is not None, errors
    assert [step_caption(step) for step in scenario.steps] == [
        "Sign in to the widget",
        "Presenter: in the widget, click #dial",
        "HubSpot asks the widget to dial +16175550100",
        "HubSpot waits for the widget to say LOGGED_IN",
    ]


def test_surface_step_captions_say_what_the_user_does() -> None:
    scenario, errors = parse_scenario(
        "name: s\nsteps:\n  - open_window: true\n  - open_remote: true\n  - navigate: {type: company, id: 77}\n"
        "  - close_tab: window\n",
        "s.yaml",
    )
    assert scenario is not None, errors
    assert [step_caption(step) for step in scenario.steps] == [
        "The user opens the calling window",
        "The user opens the calling remote from the navigation bar",
        "The user goes to company 77 in the record tab",
        "The user closes the calling window",
    ]
