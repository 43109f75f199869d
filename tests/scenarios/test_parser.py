"""Scenario text -> Scenario: top-level keys, step dispatch, variables (simulator/scenarios/parser.py)."""

from __future__ import annotations

import pytest

from simulator.errors import ScenarioError
from simulator.scenarios.files import load_scenario
from simulator.scenarios.model import (
    ClickStep,
    Context,
    ExpectNoneStep,
    ExpectStep,
    FillStep,
    HostStep,
    SendStep,
    WaitForStep,
    WaitStep,
)
from simulator.scenarios.parser import parse_scenario
from simulator.scenarios.steps import STEP_KINDS
from tests.helpers.scenario_text import FIXTURES, errors, step_errors

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
        ["2:24: host.reply_delay_ms: expected a whole number ≥ 0, got -5"],
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
        [
            "3:5: step 1: no step kind; "
            "expected one of send, expect, expect_none, wait, host, click, fill, wait_for, reload, open_tab, "
            "open_window, open_remote, close_tab, navigate, task_queue"
        ],
    ),
    (
        "step-no-kind-unknown",
        "- foo: 1",
        [
            "3:5: step 1: unknown key 'foo'",
            "3:5: step 1: no step kind; expected one of send, expect, expect_none, wait, host, click, fill, wait_for, "
            "reload, open_tab, open_window, open_remote, close_tab, navigate, task_queue",
        ],
    ),
    (
        "step-duplicate-key",
        "- expect: LOGGED_IN\n  expect: LOGGED_OUT",
        ["4:5: step 1: duplicate key 'expect' (first given on line 3)"],
    ),
    ("step-name", "- expect: LOGGED_IN\n  name: [1]", ["4:11: step 1: name: expected a non-empty string, got a list"]),
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
]


@pytest.mark.parametrize(("case", "text", "expected"), TOP_LEVEL_CASES, ids=[c[0] for c in TOP_LEVEL_CASES])
def test_top_level_errors(case: str, text: str, expected: list[str]) -> None:
    assert errors(text) == expected


@pytest.mark.parametrize(("case", "steps", "expected"), STEP_CASES, ids=[c[0] for c in STEP_CASES])
def test_step_dispatch_errors(case: str, steps: str, expected: list[str]) -> None:
    assert step_errors(steps) == expected


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


def test_each_kind_parses_into_its_table_class() -> None:
    examples = {
        "send": "- send: END_CALL",
        "expect": "- expect: LOGGED_IN",
        "expect_none": "- expect_none: ERROR",
        "wait": "- wait: 1s",
        "host": "- host: {fail_navigate: true}",
        "click": "- click: '#a'",
        "fill": "- fill: {selector: '#a', value: x}",
        "wait_for": "- wait_for: '#a'",
        "reload": "- reload: widget",
        "open_tab": "- open_tab: 2",
        "open_window": "- open_window: true",
        "open_remote": "- open_remote: true",
        "close_tab": "- close_tab: 1",
        "navigate": "- navigate: {type: company, id: 77}",
        "task_queue": "- task_queue: stop",
    }
    assert set(examples) == set(STEP_KINDS)
    for kind, text in examples.items():
        scenario, found = parse_scenario(f"name: t\nsteps:\n  {text}\n", "t.yaml")
        assert found == [] and scenario is not None, found
        (step,) = scenario.steps
        assert type(step) is STEP_KINDS[kind].step_class and step.kind == kind
