"""Matching, variables, captures and diffs (simulator/matching.py)."""

from __future__ import annotations

from typing import Any

import pytest

from simulator.errors import VariableError
from simulator.scenarios.matching import (
    MISSING,
    Mismatch,
    capture,
    describe_expected,
    format_seconds,
    is_matcher,
    match,
    render_diff,
    short,
    substitute,
    variables_in,
)


@pytest.mark.parametrize(
    ("expected", "actual"),
    [
        ("a", "a"),
        (1, 1),
        (1, 1.0),
        (True, True),
        (None, None),
        ({"a": 1}, {"a": 1, "extra": 2}),
        ({"a": {"b": [1, {"c": 2}]}}, {"a": {"b": [1, {"c": 2, "d": 3}]}}),
        ([], []),
        ({}, {"anything": 1}),
    ],
)
def test_match_passes(expected: Any, actual: Any) -> None:
    assert match(expected, actual) == []


@pytest.mark.parametrize(
    ("expected", "actual", "path"),
    [
        ("a", "b", ""),
        (1, True, ""),
        (True, 1, ""),
        (0, None, ""),
        (None, 0, ""),
        ("1", 1, ""),
        ({"a": 1}, {"a": 2}, "a"),
        ({"a": 1}, {}, "a"),
        ({"a": 1}, [1], ""),
        ({"a": {"b": 1}}, {"a": {"b": 2}}, "a.b"),
        ([1, 2], [1], ""),
        ([1, 2], "12", ""),
        ([1, {"x": 1}], [1, {"x": 2}], "[1].x"),
    ],
)
def test_match_reports_the_path(expected: Any, actual: Any, path: str) -> None:
    mismatches = match(expected, actual)
    assert [m.path for m in mismatches] == [path]


def test_match_reports_every_mismatch() -> None:
    mismatches = match({"a": 1, "b": 2, "c": 3}, {"a": 0, "b": 2, "c": 0})
    assert [m.path for m in mismatches] == ["a", "c"]


@pytest.mark.parametrize(
    ("type_name", "good", "bad"),
    [
        ("string", "x", 1),
        ("number", 1.5, "1"),
        ("number", 2, True),
        ("integer", 51, 1.5),
        ("integer", 51.0, False),
        ("boolean", False, 0),
        ("object", {}, []),
        ("array", [], {}),
        ("null", None, 0),
        ("any", 0, MISSING),
    ],
)
def test_any_type(type_name: str, good: Any, bad: Any) -> None:
    assert match({"$any": type_name}, good) == []
    assert len(match({"$any": type_name}, bad)) == 1


def test_any_of_several_types_and_missing_key() -> None:
    assert match({"v": {"$any": ["string", "null"]}}, {"v": None}) == []
    assert match({"v": {"$any": ["string", "null"]}}, {"v": 1})[0].path == "v"
    assert match({"v": {"$any": "string"}}, {})[0].actual is MISSING


def test_regex_searches_strings_only() -> None:
    assert match({"$regex": "^(COMPLETED|CANCELED)$"}, "CANCELED") == []
    assert match({"$regex": "renewal"}, "Discussed the renewal.") == []
    assert len(match({"$regex": "^1"}, 1)) == 1
    assert len(match({"$regex": "^A$"}, "AB")) == 1


def test_absent() -> None:
    assert match({"callId": {"$absent": True}}, {"x": 1}) == []
    assert match({"callId": {"$absent": True}}, {"callId": None})[0].path == "callId"
    assert match({"callId": {"$absent": False}}, {"callId": None}) == []
    assert len(match({"callId": {"$absent": False}}, {})) == 1


def test_malformed_matcher_raises() -> None:
    with pytest.raises(ValueError, match="exactly one of"):
        match({"$any": "string", "$regex": "x"}, "x")
    with pytest.raises(ValueError, match="exactly one of"):
        match({"$nope": 1}, "x")


def test_is_matcher() -> None:
    assert is_matcher({"$any": "string"})
    assert not is_matcher({})
    assert not is_matcher({"a": 1, "$b": 2})


def test_substitute_keeps_type_of_whole_values() -> None:
    variables = {"call_id": "abc", "engagement_id": 42}
    value = {"id": "${engagement_id}", "text": "call ${call_id} / ${engagement_id}", "list": ["${call_id}", 3]}
    assert substitute(value, variables) == {"id": 42, "text": "call abc / 42", "list": ["abc", 3]}


def test_substitute_escape_and_plain_values() -> None:
    assert substitute("cost $${price}", {}) == "cost ${price}"
    assert substitute("no vars $5", {}) == "no vars $5"
    assert substitute(None, {}) is None
    assert substitute(7, {"x": 1}) == 7


def test_substitute_undefined_variable() -> None:
    with pytest.raises(VariableError, match=r"undefined variable \$\{nope\} \(captured so far: a\)"):
        substitute({"x": ["${nope}"]}, {"a": 1})
    with pytest.raises(VariableError, match="none yet"):
        substitute("id ${nope}", {})


def test_variables_in() -> None:
    assert variables_in({"a": ["${x}", "pre ${y} $${z}"], "b": 1}) == ["x", "y"]


def test_capture_dotted_paths() -> None:
    data = {"externalCallId": "abc", "callerIdMatches": [{"firstName": "Ada"}], "n": {"m": 0}}
    assert capture(data, "externalCallId") == "abc"
    assert capture(data, "callerIdMatches.0.firstName") == "Ada"
    assert capture(data, "n.m") == 0


@pytest.mark.parametrize("path", ["missing", "callerIdMatches.1", "callerIdMatches.x", "n.m.k"])
def test_capture_missing_path(path: str) -> None:
    data = {"callerIdMatches": [{"firstName": "Ada"}], "n": {"m": 0}}
    with pytest.raises(VariableError, match="cannot capture"):
        capture(data, path)


def test_render_diff_without_candidates_lists_what_came_instead() -> None:
    text = render_diff("CALL_ENDED", None, [], within=0.5, other_types=["LOGGED_IN", "OUTGOING_CALL_STARTED"])
    assert text.splitlines() == [
        "expected CALL_ENDED from the widget within 500ms",
        "no CALL_ENDED received; received instead: LOGGED_IN, OUTGOING_CALL_STARTED",
    ]
    assert render_diff("X", None, []).endswith("received instead: nothing")


def test_render_diff_shows_each_candidate_and_why_it_failed() -> None:
    expected = {
        "externalCallId": "abc",
        "callEndStatus": {"$regex": "^COMPLETED$"},
        "nested": {"a": {"$any": "number"}},
    }
    text = render_diff(
        "CALL_ENDED", expected, [(7, {"externalCallId": "xyz", "callEndStatus": "FAILED"})], source="widget", within=5
    )
    assert text.splitlines() == [
        "expected CALL_ENDED from the widget within 5s matching:",
        '    externalCallId: "abc"',
        "    callEndStatus: a string matching /^COMPLETED$/",
        "    nested:",
        "      a: any number",
        "received 1 CALL_ENDED message, none matched:",
        '  seq 7: {"externalCallId": "xyz", "callEndStatus": "FAILED"}',
        '    - externalCallId: expected "abc", got "xyz"',
        '    - callEndStatus: expected a string matching /^COMPLETED$/, got "FAILED"',
        '    - nested: expected {"a": {"$any": "number"}}, got nothing (key absent)',
    ]


def test_describe_and_short() -> None:
    assert describe_expected({"$any": "any"}) == "anything"
    assert describe_expected({"$any": ["string", "null"]}) == "any string or null"
    assert describe_expected({"$absent": True}) == "no such key"
    assert describe_expected({"$absent": False}) == "the key to be present"
    assert short("x" * 400).endswith("…")
    assert len(short("x" * 400)) == 300
    assert str(Mismatch("", 1, 2)) == "data: expected 1, got 2"


@pytest.mark.parametrize(("seconds", "text"), [(0.5, "500ms"), (5, "5s"), (1.25, "1.25s"), (0, "0ms"), (60, "60s")])
def test_format_seconds(seconds: float, text: str) -> None:
    assert format_seconds(seconds) == text


def test_an_empty_match_is_not_shown_as_an_empty_matching_block() -> None:
    text = render_diff("CALL_COMPLETED", {}, [], within=0.5)
    assert text.splitlines()[0] == "expected CALL_COMPLETED from the widget within 500ms"
