"""Widget -> host checks called directly (the rule-by-rule sequences are in test_rules)."""

from __future__ import annotations

from typing import Any

import pytest

from simulator.hubspot.state import SessionState
from simulator.hubspot.validator.incoming import check_incoming

ORIGIN = "http://127.0.0.1:9025"


@pytest.mark.parametrize("message", ["text", 42, None, [], {"type": 3}, {"type": ""}])
def test_malformed_messages_are_envelope_type(message: Any) -> None:
    assert [v.rule for v in check_incoming(message, ORIGIN, SessionState())] == ["envelope.type"]
