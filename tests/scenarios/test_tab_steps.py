"""Scenario steps on HubSpot's surfaces (issue 18): `open_tab: N`, `tab: N` and `task_queue:`, parsed with
file:line errors, and the runner playing each step on its tab."""

from __future__ import annotations

from typing import Any

import pytest

from simulator.scenarios.model import ExpectStep, OpenTabStep, TaskQueueStep
from simulator.scenarios.runner import run_scenario
from tests.helpers.runner_fakes import FakeDriver, FakeSession, scenario
from tests.helpers.scenario_text import located_step_errors as errors


def test_open_tab_and_tab_parse() -> None:
    parsed = scenario(
        """
- open_tab: 2
  record: {type: company, id: 77}
- expect: INITIALIZED
  tab: 2
- open_tab: 3
  tab: 2
"""
    )
    first, expect, third = parsed.steps
    assert isinstance(first, OpenTabStep) and (first.number, first.record_type, first.record_id) == (2, "company", 77)
    assert isinstance(expect, ExpectStep) and expect.tab == 2
    assert expect.describe() == "expect INITIALIZED in tab 2"
    assert first.describe() == "open tab 2 on company 77" and third.describe() == "open tab 3 from tab 2"


@pytest.mark.parametrize(
    ("steps", "message"),
    [
        ("  - open_tab: 3\n", "3:15: open_tab: tabs open in order; this one is tab 2"),
        ("  - open_tab: 1\n", "3:15: open_tab: expected the new tab's number (2 for the second tab), got 1"),
        ("  - open_tab: two\n", "3:15: open_tab: expected the new tab's number (2 for the second tab), got 'two'"),
        ("  - expect: LOGGED_IN\n    tab: 2\n", "4:10: tab: tab 2 is not open here (open: 1); an `open_tab: 2` "
                                              "step opens it"),
        ("  - click: '#a'\n    tab: first\n", "4:10: tab: expected a tab number such as 2, window or "
                                            "remote, got 'first'"),
        ("  - wait: 1s\n    tab: 1\n", "4:5: 'tab' is not valid in a wait step (it belongs to send, expect, "
                                      "expect_none, host, click, fill, wait_for, reload, open_tab, open_window, "
                                      "open_remote, navigate, task_queue)"),
        ("  - open_tab: 2\n    record: {type: deal, id: 1}\n", "4:13: record.type: expected contact or company, "
                                                              "got 'deal'"),
        ("  - open_tab: 2\n    record: 77\n", "4:13: record: expected a mapping like {type: company, id: 77}, "
                                             "got 77"),
    ],
)  # fmt: skip
def test_tab_mistakes_name_the_line_and_what_was_expected(steps: str, message: str) -> None:
    assert errors(steps) == [message]


async def test_each_step_plays_on_its_tab() -> None:
    first, second = FakeSession(), FakeSession()
    first_driver, second_driver = FakeDriver(), FakeDriver({"#answer": lambda: second.widget_sends("CALL_ANSWERED")})
    opened: list[tuple[Any, Any, float]] = []

    async def open_tab(opener: Any, record: Any, timeout: float) -> tuple[Any, Any]:
        opened.append((opener, record, timeout))
        second.widget_sends("INITIALIZED")
        return second, second_driver

    played = scenario(
        """
- open_tab: 2
  record: {type: company, id: 77}
- expect: INITIALIZED
  tab: 2
- click: '#answer'
  tab: 2
- expect: CALL_ANSWERED
  tab: 2
- expect_none: CALL_ANSWERED
  within: 50ms
- send: END_CALL
  tab: 2
"""
    )
    result = await run_scenario(played, first, first_driver, open_tab=open_tab)
    assert result.status == "passed", result.to_json()
    assert opened == [(first, ("0-2", 77), 10.0)]
    assert first_driver.actions == [] and second_driver.actions[0][:2] == ("click", "#answer")
    assert second.sent == [("END_CALL", None)] and first.sent == []


async def test_without_a_tab_opener_open_tab_fails_clearly() -> None:
    result = await run_scenario(scenario("- open_tab: 2\n- expect: LOGGED_IN\n  tab: 2"), FakeSession(), FakeDriver())
    assert result.status == "failed"
    assert (
        result.steps[0].detail == "this runner cannot open tabs: play the scenario with `callsim run` or the Python API"
    )
    assert result.steps[1].status == "skipped"


def test_task_queue_steps_parse() -> None:
    start, skip, stop = scenario(
        "- task_queue: [{type: contact, id: 51}, {id: 52}, {type: company, id: 77}]\n- task_queue: skip\n"
        "- task_queue: stop"
    ).steps
    assert isinstance(start, TaskQueueStep) and start.tasks == (("contact", 51), ("contact", 52), ("company", 77))
    assert start.describe() == "start a task queue of contact 51, contact 52, company 77"
    assert isinstance(skip, TaskQueueStep) and skip.action == "skip" and skip.describe() == "task queue: skip"
    assert isinstance(stop, TaskQueueStep) and stop.action == "stop"


@pytest.mark.parametrize(
    ("steps", "message"),
    [
        ("  - task_queue: pause\n", "3:17: task_queue: expected a list of records like [{type: contact, id: 51}, "
                                   "{type: contact, id: 52}], or skip or stop, got 'pause'"),
        ("  - task_queue: [{id: 51}, {type: deal, id: 2}]\n", "3:28: task_queue[2].type: expected contact or company, "
                                                            "got 'deal'"),
        ("  - task_queue: []\n", "3:17: task_queue: expected a list of records like [{type: contact, id: 51}, "
                                "{type: contact, id: 52}], or skip or stop, got a list"),
    ],
)  # fmt: skip
def test_task_queue_mistakes_name_the_line(steps: str, message: str) -> None:
    assert errors(steps) == [message]


async def test_a_session_without_task_queues_fails_the_step_clearly() -> None:
    result = await run_scenario(scenario("- task_queue: stop"), FakeSession(), FakeDriver())
    assert result.steps[0].detail == "this runner's session has no task queue"
