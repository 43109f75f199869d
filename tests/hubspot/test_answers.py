"""HubSpot's answers to handshake, user and page messages (§3): state, replies and page effects."""

from __future__ import annotations

from typing import Any

import pytest

from simulator.hubspot.host import Effect, Host, HostContext, Reply
from tests.helpers.hubspot_host import (
    ORIGIN,
    T0,
    effects,
    fresh_crm,
    host_message,
    only_reply,
    ready,
    widget,
)

# Handshake and user state


def test_sync_ack_makes_ready_and_records_version() -> None:
    host = ready("0.9.7-beta.0")
    state = host.state()
    assert state["handshake"] == "READY"
    assert state["sdkVersion"] == "0.9.7-beta.0"
    assert state["widgetOrigin"] == ORIGIN


def test_initialized_sets_state_and_resizes() -> None:
    host = ready(isLoggedIn=False, isAvailable=False)
    outcome = host.receive(
        widget("INITIALIZED", {"isLoggedIn": True, "sizeInfo": {"width": 400, "height": 650}}), ORIGIN, T0
    )
    assert effects(outcome, "resize") == [Effect("resize", {"width": 400, "height": 650})]
    assert outcome.replies == []
    assert host.state()["loggedIn"] is True
    assert host.state()["available"] is False
    assert host.state()["size"] == {"width": 400, "height": 650}


@pytest.mark.parametrize(
    ("message_type", "key", "value"),
    [
        ("LOGGED_OUT", "loggedIn", False),
        ("LOGGED_IN", "loggedIn", True),
        ("USER_UNAVAILABLE", "available", False),
        ("USER_AVAILABLE", "available", True),
    ],
)
def test_user_state_messages(message_type: str, key: str, value: bool) -> None:
    host = ready(isLoggedIn=not value if key == "loggedIn" else True, isAvailable=not value)
    outcome = host.receive(widget(message_type), ORIGIN, T0 + 500)
    assert outcome.replies == []
    assert host.state()[key] is value


def test_every_message_ends_with_a_state_effect() -> None:
    host = ready()
    for message in [widget("LOGGED_IN"), widget("NOT_A_TYPE"), "garbage"]:
        outcome = host.receive(message, ORIGIN, T0 + 500)
        assert outcome.effects[-1] == Effect("state", host.state())


def test_page_reload_resets_the_handshake() -> None:
    host = ready()
    outcome = host.page_loaded(f"{ORIGIN}/other", T0 + 5_000)
    assert host.state()["handshake"] == "SYNCING"
    assert host.state()["initialized"] is False
    assert outcome.effects[-1].name == "state"


def test_tick_marks_handshake_failed_after_30_s() -> None:
    host = Host(crm=fresh_crm())
    host.page_loaded(f"{ORIGIN}/", T0)
    assert host.tick(T0 + 10_000).violations == []
    outcome = host.tick(T0 + 31_000)
    assert [v.rule for v in outcome.violations] == ["handshake.timeout"]
    assert host.state()["handshake"] == "FAILED"
    assert host.tick(T0 + 32_000).violations == []


def test_tick_uses_the_contexts_handshake_timeout() -> None:
    host = Host(HostContext(handshake_timeout_ms=5_000), crm=fresh_crm())
    host.page_loaded(f"{ORIGIN}/", T0)
    assert host.tick(T0 + 4_000).violations == []
    assert [v.rule for v in host.tick(T0 + 6_000).violations] == ["handshake.timeout"]
    assert host.state()["handshake"] == "FAILED"


# Page effects


def test_navigate_to_known_record() -> None:
    host = ready()
    coordinates = {"portalId": 81431, "objectTypeId": "0-2", "objectId": 77}
    outcome = host.receive(widget("NAVIGATE_TO_RECORD", {"objectCoordinates": coordinates}), ORIGIN, T0 + 500)
    navigate = {"objectTypeId": "0-2", "objectId": 77, "openIn": "CURRENT_TAB"}  # the default tab
    assert effects(outcome, "navigate") == [Effect("navigate", navigate)]
    assert outcome.replies == []


@pytest.mark.parametrize(("open_in", "shown", "violations"), [
    ("NEW_TAB", "NEW_TAB", []), ("CURRENT_TAB", "CURRENT_TAB", []), ("POPUP", "CURRENT_TAB", ["payload.field"]),
    (3, "CURRENT_TAB", ["payload.field"]),
])  # fmt: skip
def test_navigate_open_in_is_checked_and_passed_to_the_page(open_in: Any, shown: str, violations: list[str]) -> None:
    host = ready()
    coordinates = {"portalId": 81431, "objectTypeId": "0-1", "objectId": 51}
    message = widget("NAVIGATE_TO_RECORD", {"objectCoordinates": coordinates, "openIn": open_in})
    outcome = host.receive(message, ORIGIN, T0 + 500)
    assert [v.rule for v in outcome.violations] == violations
    assert [e.params["openIn"] for e in effects(outcome, "navigate")] == [shown]


def test_navigate_to_missing_record_fails() -> None:
    host = ready()
    coordinates = {"portalId": 81431, "objectTypeId": "0-1", "objectId": 4242}
    outcome = host.receive(
        widget("NAVIGATE_TO_RECORD", {"objectCoordinates": coordinates, "engagementId": 7}), ORIGIN, T0
    )
    assert only_reply(outcome) == Reply(
        "NAVIGATE_TO_RECORD_FAILED", {"engagementId": 7, "objectCoordinates": coordinates}
    )
    assert effects(outcome, "navigate") == []


@pytest.mark.parametrize(
    "message",
    [widget("SET_WIDGET_URL", {"iFrameUrl": f"{ORIGIN}/v2"}), widget("SET_WIDGET_URL", iFrameUrl=f"{ORIGIN}/v2")],
    ids=["data", "legacy-top-level"],
)
def test_set_widget_url_both_shapes(message: dict[str, Any]) -> None:
    outcome = ready().receive(message, ORIGIN, T0 + 500)
    assert effects(outcome, "set_widget_url") == [Effect("set_widget_url", {"url": f"{ORIGIN}/v2"})]
    assert outcome.violations == []


def test_set_widget_url_to_non_http_fails() -> None:
    outcome = ready().receive(widget("SET_WIDGET_URL", {"iFrameUrl": "javascript:alert(1)"}), ORIGIN, T0 + 500)
    assert only_reply(outcome).type == "SET_WIDGET_URL_FAILED"
    assert effects(outcome, "set_widget_url") == []


def test_resize_widget() -> None:
    host = ready()
    outcome = host.receive(widget("RESIZE_WIDGET", {"width": 420, "height": 670}), ORIGIN, T0 + 500)
    assert effects(outcome, "resize") == [Effect("resize", {"width": 420, "height": 670})]


def test_error_shows_raw_alert() -> None:
    outcome = ready().receive(widget("ERROR", {"message": "<b>Mic</b> blocked"}), ORIGIN, T0 + 500)
    assert effects(outcome, "alert") == [Effect("alert", {"message": "<b>Mic</b> blocked"})]


def test_unknown_type_nack_is_a_note_not_an_alert() -> None:
    host = ready("0.8.4-beta.0")
    sent = host_message("FINALIZE_ENGAGEMENT_SUCCEEDED", {})
    host.sent(sent, T0 + 1_000)
    nack = {"type": "UNKNOWN_MESSAGE_TYPE", "data": {"originalMessage": {**sent}}}
    outcome = host.receive(widget("ERROR", nack), ORIGIN, T0 + 1_010)
    assert effects(outcome, "alert") == []
    assert outcome.violations == []
    expected = f"widget (SDK 0.8.4-beta.0) does not know FINALIZE_ENGAGEMENT_SUCCEEDED (message {sent['messageId']})"
    assert outcome.notes == [expected]


def test_own_reply_to_old_widget_is_a_note_not_a_violation() -> None:
    host = ready("0.2.1-beta.0")
    data = {"externalCallId": "i1", "fromNumber": "+16175550100", "toNumber": "+18885550000"}
    reply = only_reply(host.receive(widget("INCOMING_CALL", data), ORIGIN, T0 + 1_000))
    outcome = host.sent(host_message(reply.type, reply.data), T0 + 1_001)
    assert outcome.violations == []
    assert "does not dispatch CALLER_ID_MATCH_SUCCEEDED" in outcome.notes[0]
    again = host.sent(host_message(reply.type, reply.data), T0 + 1_002)
    assert [v.rule for v in again.violations] == ["version.unsupported-type"]
