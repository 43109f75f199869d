"""Reading YAML nodes: suggestions for near-miss names (simulator/scenarios/nodes.py)."""

from __future__ import annotations

from simulator.scenarios.nodes import suggest


def test_suggest() -> None:
    assert suggest("expct", ["expect", "send"]) == " (did you mean 'expect'?)"
    assert suggest("LOGGED_in", ["LOGGED_IN"]) == " (did you mean 'LOGGED_IN'?)"
    assert suggest("fail_create", ["fail_navigate", "fail_create_engagement"]) == (
        " (did you mean 'fail_create_engagement'?)"
    )
    assert suggest("zzz", ["expect"]) == ""
