"""Scenario parsing and every error message path (simulator/scenario.py)."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import jsonschema
import pytest
import yaml

from simulator.hubspot.host import Faults
from simulator.hubspot.protocol import HOST_TO_WIDGET, HOST_TO_WIDGET_UNUSUAL, WIDGET_TO_HOST
from simulator.scenarios.parser import (
    SCHEMA_PATH,
    ClickStep,
    Context,
    ExpectNoneStep,
    ExpectStep,
    FillStep,
    HostStep,
    ScenarioError,
    SendStep,
    WaitForStep,
    WaitStep,
    load_scenario,
    load_scenarios,
    parse_duration,
    parse_scenario,
    suggest,
)

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures" / "scenarios"
SHIPPED = sorted((ROOT / "scenarios").glob("*.yaml"))
GOOD = sorted((FIXTURES / "good").iterdir())
BAD = sorted((FIXTURES / "bad").iterdir())


def errors(text: str) -> list[str]:
    """Errors for a whole file, without the `t.yaml:` prefix."""
    scenario, found = parse_scenario(text, "t.yaml")
    assert (scenario is None) == bool(found)
    return [str(error)[len("t.yaml:") :].strip() for error in found]


def step_errors(steps: str) -> list[str]:
    return errors("name: t\nsteps:\n" + textwrap.indent(steps, "  ") + "\n")


TOP_LEVEL_CASES = [
    ("empty", "", ["the file is empty; expected a mapping with name and steps"]),
    ("not-mapping", "- a\n- b\n", ["1:1: expected a mapping with name and steps, got a list"]),
    ("scalar-root", "hello\n", ["1:1: expected a mapping with name and steps, got 'hello'"]),
    (
        "unknown-top",
        "name: x\nsteps: [{expect: LOGGED_IN}]\ndescripton: y\n",
        [
            "3:1: unknown key 'descripton' (did you mean 'description'?); expected one of name, description, "
            "widget, context, host, timeout, steps"
        ],
    ),
    ("missing-name", "steps: [{expect: LOGGED_IN}]\n", ["1:1: missing key 'name' (a one-line title for the scenario)"]),
    (
        "name-not-string",
        "name: [1]\nsteps: [{expect: LOGGED_IN}]\n",
        ["1:7: name: expected a non-empty string, got a list"],
    ),
    ("name-blank", "name: '  '\nsteps: [{expect: LOGGED_IN}]\n", ["1:7: name: expected a non-empty string, got '  '"]),
    (
        "description-number",
        "name: x\ndescription: 5\nsteps: [{expect: LOGGED_IN}]\n",
        ["2:14: description: expected a non-empty string, got 5"],
    ),
    (
        "widget-number",
        "name: x\nwidget: 8501\nsteps: [{expect: LOGGED_IN}]\n",
        ["2:9: widget: expected a non-empty string, got 8501"],
    ),
    (
        "context-list",
        "name: x\ncontext: [1]\nsteps: [{expect: LOGGED_IN}]\n",
        ["2:10: context: expected a mapping like {portalId: 81431}, got a list"],
    ),
    (
        "context-unknown",
        "name: x\ncontext: {portalID: 1}\nsteps: [{expect: LOGGED_IN}]\n",
        [
            "2:11: context: unknown key 'portalID' (did you mean 'portalId'?); expected one of portalId, "
            "userId, ownerId, record, iframeLocation, usesCallingWindow, supportsInboundCalling"
        ],
    ),
    (
        "context-owner",
        "name: x\ncontext: {ownerId: true}\nsteps: [{expect: LOGGED_IN}]\n",
        ["2:20: context.ownerId: expected an integer or a string, got true (a boolean)"],
    ),
    (
        "context-location",
        "name: x\ncontext: {iframeLocation: popup}\nsteps: [{expect: LOGGED_IN}]\n",
        ["2:27: context.iframeLocation: expected one of widget, remote, window, got 'popup'"],
    ),
    (
        "context-bool",
        "name: x\ncontext: {usesCallingWindow: 'yes'}\nsteps: [{expect: LOGGED_IN}]\n",
        ["2:30: context.usesCallingWindow: expected true or false, got 'yes'"],
    ),
    (
        "record-scalar",
        "name: x\ncontext: {record: contact}\nsteps: [{expect: LOGGED_IN}]\n",
        ["2:19: context.record: expected a mapping like {type: contact, id: 51}, got 'contact'"],
    ),
    (
        "record-unknown",
        "name: x\ncontext: {record: {type: contact, id: 1, typ: x}}\nsteps: [{expect: LOGGED_IN}]\n",
        ["2:42: context.record: unknown key 'typ' (did you mean 'type'?); expected type, id"],
    ),
    (
        "record-type",
        "name: x\ncontext: {record: {type: 1, id: 1}}\nsteps: [{expect: LOGGED_IN}]\n",
        ["2:26: context.record.type: expected a non-empty string, got 1"],
    ),
    (
        "record-id",
        "name: x\ncontext: {record: {type: contact, id: [1]}}\nsteps: [{expect: LOGGED_IN}]\n",
        ["2:39: context.record.id: expected an integer or a string, got a list"],
    ),
    (
        "record-missing",
        "name: x\ncontext: {record: {type: contact}}\nsteps: [{expect: LOGGED_IN}]\n",
        ["2:19: context.record: missing key 'id'"],
    ),
    (
        "host-list",
        "name: x\nhost: [1]\nsteps: [{expect: LOGGED_IN}]\n",
        ["2:7: host: expected a mapping like {fail_create_engagement: true}, got a list"],
    ),
    (
        "host-bool",
        "name: x\nhost: {fail_navigate: 1}\nsteps: [{expect: LOGGED_IN}]\n",
        ["2:23: host.fail_navigate: expected true or false, got 1"],
    ),
    (
        "host-int",
        "name: x\nhost: {reply_delay_ms: -5}\nsteps: [{expect: LOGGED_IN}]\n",
        ["2:24: host.reply_delay_ms: expected a whole number of 0 or more, got -5"],
    ),
    (
        "host-optional-bool",
        "name: x\nhost: {legacy_engagement_created: maybe}\nsteps: [{expect: LOGGED_IN}]\n",
        ["2:35: host.legacy_engagement_created: expected true, false or null, got 'maybe'"],
    ),
    (
        "timeout-negative",
        "name: x\ntimeout: -1\nsteps: [{expect: LOGGED_IN}]\n",
        ["2:10: timeout: expected a duration of 0 or more, got -1"],
    ),
    (
        "steps-mapping",
        "name: x\nsteps: {expect: LOGGED_IN}\n",
        ["2:8: steps: expected a list of steps (lines starting with `- `), got a mapping"],
    ),
    ("steps-empty", "name: x\nsteps: []\n", ["2:8: steps: the list is empty; add at least one step"]),
    (
        "duplicate-top",
        "name: x\nname: y\nsteps: [{expect: LOGGED_IN}]\n",
        ["2:1: duplicate key 'name' (first given on line 1)"],
    ),
    ("non-string-key", "name: x\n1: y\nsteps: [{expect: LOGGED_IN}]\n", ["2:1: keys must be strings, got 1"]),
]

STEP_CASES = [
    ("step-scalar", "- expect", ["3:5: step 1: expected a mapping such as `expect: LOGGED_IN`, got 'expect'"]),
    (
        "step-two-kinds",
        "- send: END_CALL\n  expect: CALL_ENDED",
        ["4:5: step 1: a step does one thing, but this one has both 'send' and 'expect'; split it into two steps"],
    ),
    (
        "step-wrong-kind-key",
        "- send: END_CALL\n  within: 1s",
        ["4:5: step 1: 'within' is not valid in a send step (it belongs to expect, expect_none)"],
    ),
    ("step-typo-kind", "- expct: LOGGED_IN", ["3:5: step 1: unknown key 'expct' (did you mean 'expect'?)"]),
    (
        "step-unknown-key",
        "- expect: LOGGED_IN\n  mach: {}",
        ["4:5: step 1: unknown key 'mach' (did you mean 'match'?)"],
    ),
    (
        "step-no-kind",
        "- within: 1s",
        ["3:5: step 1: no step kind; expected one of send, expect, expect_none, wait, host, click, fill, wait_for"],
    ),
    (
        "step-no-kind-unknown",
        "- foo: 1",
        [
            "3:5: step 1: unknown key 'foo'",
            "3:5: step 1: no step kind; expected one of send, expect, expect_none, wait, host, click, fill, wait_for",
        ],
    ),
    (
        "step-duplicate-key",
        "- expect: LOGGED_IN\n  expect: LOGGED_OUT",
        ["4:5: step 1: duplicate key 'expect' (first given on line 3)"],
    ),
    ("step-name", "- expect: LOGGED_IN\n  name: [1]", ["4:11: step 1: name: expected a non-empty string, got a list"]),
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
    (
        "variable-undefined",
        "- send: DIAL_NUMBER\n  data: {phoneNumber: '${number}'}",
        ["4:25: step 1: variable ${number} is not captured by an earlier step; nothing is captured yet"],
    ),
    (
        "variable-bad-name",
        "- send: DIAL_NUMBER\n  data: {phoneNumber: '${a-b}'}",
        ["4:25: step 1: ${a-b}: a variable name is letters, digits and _"],
    ),
    (
        "variable-same-step",
        "- expect: ERROR\n  match: {message: '${msg}'}\n  capture: {msg: message}",
        ["4:22: step 1: variable ${msg} is not captured by an earlier step; nothing is captured yet"],
    ),
    ("wait-bad", "- wait: forever", ["3:11: step 1: wait: expected a duration like 5s, 500ms or 2, got 'forever'"]),
    ("wait-null", "- wait:", ["3:10: step 1: wait: expected a duration like 5s, 500ms or 2, got nothing (null)"]),
    (
        "host-step-unknown",
        "- host: {fail_update: true}",
        [
            "3:12: step 1: host: unknown host setting 'fail_update' (did you mean 'fail_update_engagement'?); "
            "expected one of fail_create_engagement, fail_update_engagement, fail_finalize_engagement, "
            "fail_caller_id_match, fail_navigate, reply_delay_ms, drop_first_syncs, duplicate_dial, "
            "dial_object_id_zero, dial_omit_object_type, visibility_flaps, legacy_engagement_created"
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


@pytest.mark.parametrize(("case", "text", "expected"), TOP_LEVEL_CASES, ids=[c[0] for c in TOP_LEVEL_CASES])
def test_top_level_errors(case: str, text: str, expected: list[str]) -> None:
    assert errors(text) == expected


@pytest.mark.parametrize(("case", "steps", "expected"), STEP_CASES, ids=[c[0] for c in STEP_CASES])
def test_step_errors(case: str, steps: str, expected: list[str]) -> None:
    assert step_errors(steps) == expected


@pytest.mark.parametrize("path", BAD, ids=[p.name for p in BAD])
def test_bad_fixtures_report_the_errors_in_their_header(path: Path) -> None:
    wanted = [line.removeprefix("# expect-error: ") for line in path.read_text().splitlines() if line.startswith("# ")]
    _, found = load_scenarios([path])
    assert [str(error) for error in found] == [f"{path}:{line}" for line in wanted]


def test_the_full_example_parses_into_typed_steps() -> None:
    scenario = load_scenario(FIXTURES / "good" / "every-step-kind.yaml")
    assert scenario.name == "Every step kind and option"
    assert scenario.widget == "http://127.0.0.1:8501/"
    assert scenario.context == Context(81431, 9876543, "295128649", "contact", 51, "window", False, True)
    assert scenario.host == {"fail_create_engagement": False, "reply_delay_ms": 0, "legacy_engagement_created": None}
    assert scenario.timeout == 60.0
    kinds = [type(step) for step in scenario.steps]
    assert kinds == [
        ClickStep, ExpectStep, SendStep, ExpectStep, ExpectStep, ExpectNoneStep, WaitStep, HostStep,
        FillStep, WaitForStep, WaitForStep, SendStep, ExpectStep, SendStep,
    ]  # fmt: skip
    click, expect_logged_in, dial, started, created, none, wait, host, fill, wait_for, wait_for_2, _, _, probe = (
        scenario.steps
    )
    assert click == ClickStep(index=1, line=15, column=5, name="sign in", selector='[data-action="sign-in"]',
                              timeout=2.0, prompt="Sign in")  # fmt: skip
    assert click.describe() == "sign in"
    assert expect_logged_in.describe() == "expect LOGGED_IN"
    assert isinstance(expect_logged_in, ExpectStep) and expect_logged_in.within == 5.0
    assert isinstance(dial, SendStep) and dial.data == {"phoneNumber": "+16175550100"}
    assert isinstance(started, ExpectStep)
    assert started.capture == {"call_id": "externalCallId"}
    assert started.match["callStartTime"] == {"$any": ["integer", "null"]}
    assert started.direction == "in"
    assert isinstance(created, ExpectStep) and created.direction == "out" and created.unordered
    assert created.describe() == "expect CREATE_ENGAGEMENT_SUCCEEDED (from host)"
    assert isinstance(none, ExpectNoneStep) and none.within == 0.5 and none.direction == "in"
    assert none.describe() == "expect no CALL_ENDED within 500ms"
    assert isinstance(wait, WaitStep) and wait.seconds == 0.2 and wait.describe() == "wait 200ms"
    assert isinstance(host, HostStep) and host.describe() == "host fail_update_engagement=True"
    assert isinstance(fill, FillStep) and fill.value == "Call ${call_id}" and fill.timeout == 10.0
    assert fill.describe() == "fill #notes with 'Call ${call_id}'"
    assert isinstance(wait_for, WaitForStep) and wait_for.describe() == "wait for #status with text 'Connected'"
    assert wait_for_2 == WaitForStep(index=11, line=42, column=5, selector="#notes")
    assert isinstance(probe, SendStep) and probe.allow_unknown and probe.message_type == "CALLSIM_PROBE"


def test_defaults_for_optional_parts() -> None:
    scenario = load_scenario(FIXTURES / "good" / "minimal.yml")
    assert (scenario.description, scenario.widget, scenario.context, scenario.host, scenario.timeout) == (
        "", None, Context(), {}, None,
    )  # fmt: skip


def test_fill_accepts_a_number_as_text_and_expect_none_defaults() -> None:
    text = "name: t\nsteps:\n  - fill: {selector: '#n', value: 12345}\n  - expect_none: CALL_ENDED\n    from: widget\n"
    scenario, found = parse_scenario(text, "t.yaml")
    assert found == []
    assert scenario is not None
    fill, none = scenario.steps
    assert isinstance(fill, FillStep) and fill.value == "12345"
    assert isinstance(none, ExpectNoneStep) and none.within == 1.0


def test_a_typo_in_a_step_kind_does_not_cascade_into_undefined_variables() -> None:
    text = "- expct: OUTGOING_CALL_STARTED\n  capture: {call_id: externalCallId}\n"
    text += "- send: END_CALL\n  data: {id: '${call_id}'}"
    assert step_errors(text) == ["3:5: step 1: unknown key 'expct' (did you mean 'expect'?)"]


def test_errors_are_sorted_by_position_and_all_collected() -> None:
    found = step_errors("- wait: x\n- send: FOO\n- expect: BAR")
    assert [error.split(":")[0] for error in found] == ["3", "4", "5"]


def test_error_str_forms() -> None:
    assert str(ScenarioError("a.yaml", 14, 7, 3, "boom")) == "a.yaml:14:7: step 3: boom"
    assert str(ScenarioError("a.yaml", 2, 1, None, "boom")) == "a.yaml:2:1: boom"
    assert str(ScenarioError("a.yaml", 0, 0, None, "no such file or directory")) == "a.yaml: no such file or directory"


def test_load_scenario_raises_the_first_error_with_all_attached(tmp_path: Path) -> None:
    path = tmp_path / "x.yaml"
    path.write_text("name: x\nsteps:\n  - expct: LOGGED_IN\n  - wait: never\n")
    with pytest.raises(ScenarioError) as info:
        load_scenario(path)
    assert str(info.value) == f"{path}:3:5: step 1: unknown key 'expct' (did you mean 'expect'?)"
    assert len(info.value.errors) == 2


def test_load_scenario_file_problems(tmp_path: Path) -> None:
    with pytest.raises(ScenarioError, match="no such file or directory"):
        load_scenario(tmp_path / "missing.yaml")
    binary = tmp_path / "binary.yaml"
    binary.write_bytes(b"name: \xff\xfe\n")
    with pytest.raises(ScenarioError, match="not UTF-8 text"):
        load_scenario(binary)
    with pytest.raises(ScenarioError, match="cannot read"):
        load_scenario(tmp_path)


def test_load_scenarios_expands_directories_sorted(tmp_path: Path) -> None:
    (tmp_path / "b.yml").write_text("name: b\nsteps: [{wait: 0}]\n")
    (tmp_path / "a.yaml").write_text("name: a\nsteps: [{wait: 0}]\n")
    (tmp_path / "notes.txt").write_text("not a scenario")
    (tmp_path / "c.yaml").write_text("name: c\n")
    empty = tmp_path / "empty"
    empty.mkdir()
    scenarios, found = load_scenarios([tmp_path, empty, tmp_path / "nope.yaml"])
    assert [s.name for s in scenarios] == ["a", "b"]
    assert [str(e) for e in found] == [
        f"{empty}: no *.yaml or *.yml files in this directory",
        f"{tmp_path / 'nope.yaml'}: no such file or directory",
        f"{tmp_path / 'c.yaml'}:1:1: missing key 'steps' (a list of steps such as `- expect: LOGGED_IN`)",
    ]


@pytest.mark.parametrize(
    ("value", "seconds"),
    [(5, 5.0), (0.5, 0.5), ("5s", 5.0), ("500ms", 0.5), ("2m", 120.0), ("1.5 s", 1.5), ("3", 3.0), (".5s", 0.5)],
)
def test_parse_duration(value: object, seconds: float) -> None:
    assert parse_duration(value) == seconds


@pytest.mark.parametrize("value", [True, None, "5x", "-1s", -1, [1], "1h"])
def test_parse_duration_rejects(value: object) -> None:
    with pytest.raises(ValueError, match="expected a duration"):
        parse_duration(value)


def test_suggest() -> None:
    assert suggest("expct", ["expect", "send"]) == " (did you mean 'expect'?)"
    assert suggest("LOGGED_in", ["LOGGED_IN"]) == " (did you mean 'LOGGED_IN'?)"
    assert suggest("fail_create", ["fail_navigate", "fail_create_engagement"]) == (
        " (did you mean 'fail_create_engagement'?)"
    )
    assert suggest("zzz", ["expect"]) == ""


@pytest.mark.parametrize("path", SHIPPED, ids=[p.name for p in SHIPPED])
def test_shipped_scenarios_load(path: Path) -> None:
    scenario = load_scenario(path)
    assert scenario.description, "every shipped scenario says what it proves"


# The schema: valid itself, agrees with the parser on every good file, and knows the protocol's types.


def _schema() -> dict[str, object]:
    loaded: dict[str, object] = json.loads(SCHEMA_PATH.read_text())
    return loaded


def test_schema_is_a_valid_draft_2020_12_schema() -> None:
    schema = _schema()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(schema)


@pytest.mark.parametrize("path", SHIPPED + GOOD, ids=[p.name for p in SHIPPED + GOOD])
def test_schema_accepts_every_valid_scenario(path: Path) -> None:
    jsonschema.Draft202012Validator(_schema()).validate(yaml.safe_load(path.read_text()))


@pytest.mark.parametrize(
    "document",
    [
        {"name": "x", "steps": [{"expct": "LOGGED_IN"}]},
        {"name": "x", "steps": [{"send": "END_CALL", "within": "1s"}]},
        {"name": "x", "steps": [{"send": "END_CALL", "expect": "CALL_ENDED"}]},
        {"name": "x", "steps": [{"expect": "ERROR", "match": {"a": {"$any": "str"}}}]},
        {"name": "x", "steps": [{"wait": "soon"}]},
        {"name": "x", "steps": [{"host": {"fail_create": True}}]},
        {"name": "x", "steps": []},
        {"steps": [{"wait": 1}]},
    ],
)
def test_schema_rejects_what_the_parser_rejects(document: dict[str, object]) -> None:
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft202012Validator(_schema()).validate(document)


def test_schema_type_lists_and_host_settings_match_the_code() -> None:
    defs = _schema()["$defs"]
    assert isinstance(defs, dict)
    steps = {next(iter(s["required"])): s for s in defs["step"]["oneOf"]}
    assert set(steps["send"]["properties"]["send"]["anyOf"][0]["enum"]) == HOST_TO_WIDGET | HOST_TO_WIDGET_UNUSUAL
    assert set(steps["expect"]["properties"]["expect"]["anyOf"][0]["enum"]) == WIDGET_TO_HOST
    assert set(defs["hostSettings"]["properties"]) == set(Faults.__dataclass_fields__)
