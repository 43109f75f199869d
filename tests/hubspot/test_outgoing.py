"""Host -> widget checks called directly (the rule-by-rule sequences are in test_rules)."""

from __future__ import annotations

from simulator.hubspot.state import SessionState
from simulator.hubspot.validator.outgoing import check_outgoing


def test_outgoing_without_message_id() -> None:
    state = SessionState(handshake="READY")
    assert [v.rule for v in check_outgoing({"type": "END_CALL"}, state)] == ["envelope.message-id"]


def test_nonsense_host_type_is_unsupported_by_any_version() -> None:
    state = SessionState(handshake="READY")
    rules = [v.rule for v in check_outgoing({"type": "UNLOADING", "messageId": "1_2"}, state)]
    assert rules == ["version.unsupported-type"]
