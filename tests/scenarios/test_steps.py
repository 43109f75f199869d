"""Each step kind's parsing and errors, and THE step-kind table (simulator/scenarios/steps.py)."""

from __future__ import annotations

from typing import Any

import pytest

from simulator.hubspot.host import Faults
from simulator.scenarios.model import ExpectNoneStep, FillStep, Step
from simulator.scenarios.parser import parse_scenario
from simulator.scenarios.steps import COMMON_KEYS, KINDS, STEP_KINDS
from tests.helpers.scenario_text import errors, step_errors

KIND_CASES = [
    ("type-not-string", "- expect: 5", ["3:13: step 1: message type: expected a non-empty string, got 5"]),
    (
        "send-widget-type",
        "- send: LOGGED_IN",
        [
            "3:11: step 1: LOGGED_IN is a widget -> host message; `send` posts host -> widget events (use a "
            "widget action such as `click` to make the widget send it)"
        ],
    ),
    (
        "expect-host-type",
        "- expect: DIAL_NUMBER",
        ["3:13: step 1: DIAL_NUMBER is sent by the host, not the widget; add `from: host` to expect it"],
    ),
    (
        "expect-from-host-widget-type",
        "- expect: LOGGED_IN\n  from: host",
        ["3:13: step 1: LOGGED_IN is sent by the widget; remove `from: host` to expect it"],
    ),
    (
        "expect-lowercase",
        "- expect: logged_in",
        [
            "3:13: step 1: unknown widget -> host message type 'logged_in' (did you mean 'LOGGED_IN'?); add "
            "`allow_unknown: true` if that is on purpose"
        ],
    ),
    (
        "expect-none-unknown",
        "- expect_none: NOPE_NOPE",
        [
            "3:18: step 1: unknown widget -> host message type 'NOPE_NOPE'; add `allow_unknown: true` if that "
            "is on purpose"
        ],
    ),
    (
        "send-unknown",
        "- send: FOO",
        ["3:11: step 1: unknown host -> widget event type 'FOO'; add `allow_unknown: true` if that is on purpose"],
    ),
    (
        "allow-unknown-bool",
        "- send: FOO\n  allow_unknown: 'yes'",
        [
            "3:11: step 1: unknown host -> widget event type 'FOO'; add `allow_unknown: true` if that is on purpose",
            "4:20: step 1: allow_unknown: expected true or false, got 'yes'",
        ],
    ),
    (
        "from-bad",
        "- expect: LOGGED_IN\n  from: hubspot",
        ["4:11: step 1: from: expected widget or host, got 'hubspot'"],
    ),
    (
        "matcher-two-keys",
        "- expect: ERROR\n  match: {message: {$any: string, $regex: x}}",
        ["4:22: step 1: match.message: a matcher has exactly one key ($any, $regex, $absent), got $any, $regex"],
    ),
    (
        "matcher-any-type",
        "- expect: ERROR\n  match: {message: {$any: str}}",
        [
            "4:29: step 1: match.message: $any: unknown type 'str' (did you mean 'string'?); expected one of "
            "string, number, integer, boolean, object, array, null, any"
        ],
    ),
    (
        "matcher-any-list",
        "- expect: ERROR\n  match: {message: {$any: [string, text]}}",
        [
            "4:29: step 1: match.message: $any: unknown type 'text'; expected one of string, number, integer, "
            "boolean, object, array, null, any"
        ],
    ),
    (
        "matcher-regex-type",
        "- expect: ERROR\n  match: {message: {$regex: 5}}",
        ["4:31: step 1: match.message: $regex: expected a regular expression string, got 5"],
    ),
    (
        "matcher-regex-invalid",
        "- expect: ERROR\n  match: {message: {$regex: '('}}",
        [
            "4:31: step 1: match.message: $regex: invalid regular expression: missing ), unterminated "
            "subpattern at position 0"
        ],
    ),
    (
        "matcher-absent",
        "- expect: ERROR\n  match: {message: {$absent: 1}}",
        ["4:32: step 1: match.message: $absent: expected true or false, got 1"],
    ),
    (
        "matcher-in-list",
        "- expect: ERROR\n  match: {list: [{$anything: 1}]}",
        [
            "4:21: step 1: match.list[0]: unknown matcher '$anything' (did you mean '$any'?); expected one of "
            "$any, $regex, $absent"
        ],
    ),
    (
        "within-bool",
        "- expect: ERROR\n  within: true",
        ["4:13: step 1: within: expected a duration like 5s, 500ms or 2, got true (a boolean)"],
    ),
    (
        "capture-list",
        "- expect: ERROR\n  capture: [message]",
        [
            "4:14: step 1: capture: expected a mapping of variable name to data path like {call_id: "
            "externalCallId}, got a list"
        ],
    ),
    (
        "capture-name",
        "- expect: ERROR\n  capture: {1x: message}",
        ["4:15: step 1: capture: '1x' is not a variable name (letters, digits and _)"],
    ),
    (
        "capture-path",
        "- expect: ERROR\n  capture: {msg: 'a..b'}",
        [
            "4:20: step 1: capture.msg: expected a dotted path into the message data such as externalCallId or "
            "callerIdMatches.0.firstName, got 'a..b'"
        ],
    ),
    ("unordered-bool", "- expect: ERROR\n  unordered: 1", ["4:16: step 1: unordered: expected true or false, got 1"]),
    ("wait-bad", "- wait: forever", ["3:11: step 1: wait: expected a duration like 5s, 500ms or 2, got 'forever'"]),
    ("wait-null", "- wait:", ["3:10: step 1: wait: expected a duration like 5s, 500ms or 2, got nothing (null)"]),
    (
        "host-step-unknown",
        "- host: {fail_update: true}",
        [
            "3:12: step 1: host: unknown host setting 'fail_update' (did you mean 'fail_update_engagement'?); "
            "expected one of fail_create_engagement, fail_update_engagement, fail_finalize_engagement, "
            "fail_caller_id_match, fail_navigate, reply_delay_ms, drop_first_syncs, duplicate_dial, "
            "dial_object_id_zero, dial_omit_object_type, visibility_flaps, legacy_engagement_created, "
            "reload_widget_mid_call, queue_dial_needs_close"
        ],
    ),
    ("click-list", "- click: [a]", ["3:12: step 1: click: CSS selector: expected a non-empty string, got a list"]),
    (
        "click-timeout",
        "- click: '#a'\n  timeout: 1h",
        ["4:14: step 1: timeout: expected a duration like 5s, 500ms or 2, got '1h'"],
    ),
    ("click-prompt", "- click: '#a'\n  prompt: ''", ["4:13: step 1: prompt: expected a non-empty string, got ''"]),
    (
        "fill-scalar",
        "- fill: '#a'",
        ["3:11: step 1: fill: expected a mapping like {selector: '#number', value: '+1'}, got '#a'"],
    ),
    (
        "fill-unknown",
        "- fill: {selector: '#a', value: x, vale: y}",
        ["3:38: step 1: fill: unknown key 'vale' (did you mean 'value'?); expected selector, value"],
    ),
    (
        "fill-missing",
        "- fill: {value: x}",
        ["3:11: step 1: fill: missing key 'selector'; expected {selector: '#number', value: '+1617...'}"],
    ),
    (
        "fill-value-list",
        "- fill: {selector: '#a', value: [x]}",
        ["3:35: step 1: fill.value: expected a string, got a list"],
    ),
    (
        "fill-selector-empty",
        "- fill: {selector: '', value: x}",
        ["3:22: step 1: fill.selector: expected a non-empty string, got ''"],
    ),
    ("wait-for-empty", "- wait_for: {}", ["3:15: step 1: wait_for: expected a selector, text, or both"]),
    (
        "wait-for-list",
        "- wait_for: [a]",
        ["3:15: step 1: wait_for: expected a mapping like {selector: '#status', text: Ready}, got a list"],
    ),
    (
        "wait-for-unknown",
        "- wait_for: {selector: '#a', txt: b}",
        ["3:32: step 1: wait_for: unknown key 'txt' (did you mean 'text'?); expected selector, text"],
    ),
    ("wait-for-blank", "- wait_for: ''", ["3:15: step 1: wait_for: CSS selector: expected a non-empty string, got ''"]),
]


@pytest.mark.parametrize(("case", "steps", "expected"), KIND_CASES, ids=[c[0] for c in KIND_CASES])
def test_step_kind_errors(case: str, steps: str, expected: list[str]) -> None:
    assert step_errors(steps) == expected


def test_fill_accepts_a_number_as_text_and_expect_none_defaults() -> None:
    text = "name: t\nsteps:\n  - fill: {selector: '#n', value: 12345}\n  - expect_none: CALL_ENDED\n    from: widget\n"
    scenario, found = parse_scenario(text, "t.yaml")
    assert found == []
    assert scenario is not None
    fill, none = scenario.steps
    assert isinstance(fill, FillStep) and fill.value == "12345"
    assert isinstance(none, ExpectNoneStep) and none.within == 1.0


def test_the_table_is_keyed_by_each_step_class_kind() -> None:
    kinds = ("send", "expect", "expect_none", "wait", "host", "click", "fill", "wait_for", "reload")
    surfaces = ("open_tab", "open_window", "open_remote", "close_tab", "navigate", "task_queue")  # issue 18
    assert (*kinds, *surfaces) == KINDS
    for name, kind in STEP_KINDS.items():
        assert kind.name == name == kind.step_class.kind
        assert issubclass(kind.step_class, Step)
        assert name not in kind.keys and not set(COMMON_KEYS) & set(kind.keys)
        assert set(kind.variables) <= {name, *kind.keys}
    assert len({kind.step_class for kind in STEP_KINDS.values()}) == len(STEP_KINDS)


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("fail_navigate", True),
        ("fail_navigate", 1),
        ("fail_navigate", None),
        ("reply_delay_ms", 250),
        ("reply_delay_ms", -5),
        ("reply_delay_ms", True),
        ("reply_delay_ms", 1.5),
        ("legacy_engagement_created", None),
        ("legacy_engagement_created", "maybe"),
    ],
)
def test_a_host_step_accepts_exactly_what_faults_accepts(key: str, value: Any) -> None:
    try:
        Faults.from_mapping({key: value})
        accepted = True
    except ValueError:
        accepted = False
    lines = [f"host: {{{key}: {json_value(value)}}}", f"steps: [{{host: {{{key}: {json_value(value)}}}}}]"]
    found = errors("name: t\n" + "\n".join(lines) + "\n")
    if accepted:
        assert found == []
    else:
        # One error at each value, in the parser's words for what Faults refused.
        positions = [f"{number}:{line.rindex(json_value(value)) + 1}" for number, line in enumerate(lines, start=2)]
        assert [error.split(": ", 1)[0] for error in found] == positions
        messages = [error.split(": ", 1)[1].removeprefix("step 1: ") for error in found]
        assert all(message.startswith(f"host.{key}: expected ") for message in messages), found


def json_value(value: Any) -> str:
    """A YAML flow scalar for a Python scalar (null/true/'text')."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return str(value).lower()
    return repr(value)
