"""The calling window and tab moves as scenario steps (issue 18, item 7): `open_window`, `tab: window`, `close_tab`
and `navigate`, parsed with file:line errors, and the runner playing each on its surface through `Surfaces`."""

from __future__ import annotations

from typing import Any

import pytest

from simulator.scenarios.model import CloseTabStep, NavigateStep, OpenWindowStep
from simulator.scenarios.runner import run_scenario
from tests.helpers.runner_fakes import FakeDriver, FakeSession, scenario
from tests.helpers.scenario_text import located_step_errors as errors


def test_surface_steps_parse() -> None:
    window, expect, navigate, close, closed_tab = scenario(
        """
- open_window: true
  timeout: 3s
- expect: INITIALIZED
  tab: window
- navigate: {type: company, id: 77}
- close_tab: window
- close_tab: 1
"""
    ).steps
    assert isinstance(window, OpenWindowStep) and window.timeout == 3.0
    assert expect.tab == "window" and expect.describe() == "expect INITIALIZED in the calling window"
    assert isinstance(navigate, NavigateStep) and (navigate.record_type, navigate.record_id) == ("company", 77)
    assert navigate.describe() == "navigate to company 77"
    assert (
        isinstance(close, CloseTabStep) and close.target == "window" and close.describe() == "close the calling window"
    )
    assert isinstance(closed_tab, CloseTabStep) and closed_tab.describe() == "close tab 1"


@pytest.mark.parametrize(
    ("steps", "message"),
    [
        ("  - expect: LOGGED_IN\n    tab: window\n", "4:10: tab: the calling window is not open here (open: 1); "
                                                   "an `open_window` step opens it"),
        ("  - open_window: yes please\n", "3:18: open_window: expected true (the calling window takes no value), "
                                         "got 'yes please'"),
        ("  - open_window: true\n  - open_window: true\n", "4:18: open_window: the calling window is open already "
                                                          "(a user has one)"),
        ("  - close_tab: 2\n", "3:16: close_tab: tab 2 is not open here (open: 1); an `open_tab: 2` step opens it"),
        ("  - close_tab: remote\n", "3:16: close_tab: the calling remote is not open here (open: 1); an "
                                    "`open_remote` step opens it"),
        ("  - close_tab: all\n", "3:16: close_tab: expected a tab number such as 2, window or remote, got 'all'"),
        ("  - open_remote: 1\n", "3:18: open_remote: expected true (the calling remote takes no value), got 1"),
        ("  - open_remote: true\n  - open_remote: true\n", "4:18: open_remote: the calling remote is open already "
                                                          "(in tab 1)"),
        ("  - open_window: true\n  - open_remote: true\n    tab: window\n",
         "4:18: open_remote: the remote is in a record tab's navigation bar; name one with tab: N"),
        ("  - open_remote: true\n  - navigate: {id: 52}\n  - expect: LOGGED_IN\n    tab: remote\n",
         "6:10: tab: the calling remote went with tab 1's page at step 2 (open: 1)"),
        ("  - open_tab: 2\n  - open_remote: true\n    tab: 2\n  - close_tab: 2\n  - click: '#a'\n    tab: remote\n",
         "8:10: tab: the calling remote went with tab 2's page at step 3 (open: 1)"),
        ("  - open_tab: 2\n  - close_tab: 2\n  - expect: LOGGED_IN\n    tab: 2\n",
         "6:10: tab: tab 2 was closed by step 2 (open: 1)"),
        ("  - open_tab: 2\n  - close_tab: 2\n  - open_tab: 2\n",
         "5:15: open_tab: tabs open in order; this one is tab 3"),
        ("  - navigate: {type: deal, id: 9}\n", "3:15: navigate.type: expected contact or company, got 'deal'"),
        ("  - navigate: 77\n", "3:15: navigate: expected a mapping like {type: company, id: 77}, got 77"),
        ("  - navigate: {type: company, id: 0}\n", "3:15: navigate.id: expected the record's id (a whole number), "
                                                  "got 0"),
        ("  - open_window: true\n  - navigate: {id: 51}\n    tab: window\n",
         "4:15: navigate: the calling window shows no record; name a record tab with tab: N"),
        ("  - open_remote: true\n  - navigate: {id: 52}\n    tab: remote\n",
         "4:15: navigate: the calling remote shows no record; name a record tab with tab: N"),
        ("  - wait_for: body\n    tab: remote\n", "4:10: tab: the calling remote is not open here (open: 1); an "
                                                 "`open_remote` step opens it"),
        ("  - close_tab: 1\n    tab: 1\n", "4:5: 'tab' is not valid in a close_tab step (it belongs to send, expect, "
                                          "expect_none, host, click, fill, wait_for, reload, open_tab, open_window, "
                                          "open_remote, navigate, task_queue)"),
    ],
)  # fmt: skip
def test_surface_mistakes_name_the_line_and_what_was_expected(steps: str, message: str) -> None:
    assert errors(steps) == [message]


class FakeSurfaces:
    """Opens, moves and closes fake pages; `calls` records what the runner asked for."""

    def __init__(self, window: FakeSession, moved: FakeSession, remote: FakeSession | None = None) -> None:
        self.window, self.moved, self.remote = window, moved, remote or FakeSession()
        self.calls: list[tuple[Any, ...]] = []

    async def open_window(self, opener: Any, timeout: float) -> tuple[Any, Any]:
        self.calls.append(("open_window", opener, timeout))
        self.window.widget_sends("INITIALIZED")
        return self.window, FakeDriver({"#call": lambda: self.window.widget_sends("OUTGOING_CALL_STARTED")})

    async def navigate(self, tab: Any, session: Any, record: tuple[str, int], timeout: float) -> tuple[Any, Any]:
        self.calls.append(("navigate", tab, session, record))
        self.moved.widget_sends("INITIALIZED")
        return self.moved, FakeDriver()

    async def open_remote(self, session: Any, timeout: float) -> tuple[Any, Any]:
        self.calls.append(("open_remote", session))
        return self.remote, FakeDriver()

    async def close(self, session: Any) -> None:
        self.calls.append(("close", session))


async def test_each_surface_step_plays_on_its_surface() -> None:
    first, window, moved = FakeSession(), FakeSession(), FakeSession()
    surfaces = FakeSurfaces(window, moved)
    played = scenario(
        """
- open_window: true
- click: '#call'
  tab: window
- expect: OUTGOING_CALL_STARTED
  tab: window
- navigate: {type: company, id: 77}
- expect: INITIALIZED
- send: END_CALL
- close_tab: window
"""
    )
    result = await run_scenario(played, first, FakeDriver(), surfaces=surfaces)
    assert result.status == "passed", result.to_json()
    assert surfaces.calls == [("open_window", first, 10.0), ("navigate", 1, first, ("0-2", 77)), ("close", window)]
    assert moved.sent == [("END_CALL", None)] and first.sent == []  # tab 1's later steps are on the new page
    assert [step.detail for step in result.steps][-1] == "window closed"


async def test_the_remote_plays_in_its_tab_and_goes_with_its_page() -> None:
    first, remote, moved = FakeSession(), FakeSession(), FakeSession()
    surfaces = FakeSurfaces(FakeSession(), moved, remote)
    played = scenario(
        """
- open_remote: true
- send: VISIBILITY_CHANGED
  tab: remote
- navigate: {type: contact, id: 52}
"""
    )
    run = await run_scenario(played, first, FakeDriver(), surfaces=surfaces)
    assert run.status == "passed", run.to_json()
    assert surfaces.calls[0] == ("open_remote", first) and remote.sent == [("VISIBILITY_CHANGED", None)]
    assert run.steps[0].detail == "calling remote opened in tab 1"


async def test_without_surfaces_the_steps_fail_clearly() -> None:
    result = await run_scenario(scenario("- open_window: true"), FakeSession(), FakeDriver())
    assert result.steps[0].detail == (
        "this runner cannot open the calling window: play the scenario with `callsim run` or the Python API"
    )
