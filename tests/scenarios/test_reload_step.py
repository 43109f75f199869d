"""The `reload: widget` step: how it parses, and how the runner reloads the widget and waits for its new page."""

from __future__ import annotations

import pytest

from simulator.scenarios.model import DEFAULT_ACTION_TIMEOUT, ReloadStep
from simulator.scenarios.parser import parse_scenario
from simulator.scenarios.runner import run_scenario
from tests.helpers.runner_fakes import FakeDriver, FakeSession, scenario, statuses
from tests.helpers.scenario_text import step_errors


def test_reload_widget_parses_with_its_default_and_a_timeout() -> None:
    parsed, found = parse_scenario(
        "name: t\nsteps:\n  - reload: widget\n  - reload: widget\n    timeout: 2s\n    name: again\n", "t.yaml"
    )
    assert found == [] and parsed is not None
    first, second = parsed.steps
    assert isinstance(first, ReloadStep) and first.timeout == DEFAULT_ACTION_TIMEOUT
    assert first.describe() == "reload widget"
    assert isinstance(second, ReloadStep) and second.timeout == 2.0 and second.describe() == "again"


@pytest.mark.parametrize(
    ("steps", "expected"),
    [
        ("- reload: page", ["3:13: step 1: reload: expected widget, got 'page'"]),
        (
            "- reload: widget\n  timeout: soon",
            ["4:14: step 1: timeout: expected a duration like 5s, 500ms or 2, got 'soon'"],
        ),
        (
            "- reload: widget\n  within: 1s",
            ["4:5: step 1: 'within' is not valid in a reload step (it belongs to expect, expect_none)"],
        ),
    ],
)
def test_reload_errors(steps: str, expected: list[str]) -> None:
    assert step_errors(steps) == expected


async def test_reload_waits_for_the_new_page_and_later_expects_see_only_it() -> None:
    session = FakeSession()
    session.widget_sends("INITIALIZED", {"isLoggedIn": False})  # the old page's, never consumed
    result = await run_scenario(
        scenario("- reload: widget\n- expect: INITIALIZED\n  within: 100ms"), session, FakeDriver()
    )
    assert session.reloads == ["scenario step 1: reload widget"]
    assert statuses(result) == ["passed", "failed"]  # the old page's INITIALIZED does not count
    assert (result.steps[0].detail or "").startswith("widget reloaded (seq ")


class ReloadingSession(FakeSession):
    """The new page loads and, like the sample widget, initializes again (signed in this time)."""

    def reload_widget(self, reason: str) -> None:
        super().reload_widget(reason)
        self.widget_sends("INITIALIZED", {"isLoggedIn": True})


class StuckSession(FakeSession):
    """The page never loads again (the browser is gone, the widget hangs)."""

    def reload_widget(self, reason: str) -> None:
        self.reloads.append(reason)


async def test_reload_then_the_new_pages_messages_match() -> None:
    steps = "- reload: widget\n- expect: INITIALIZED\n  match: {isLoggedIn: true}"
    result = await run_scenario(scenario(steps), ReloadingSession(), FakeDriver())
    assert statuses(result) == ["passed", "passed"]


async def test_reload_fails_when_the_page_never_loads_again() -> None:
    session = StuckSession()
    result = await run_scenario(scenario("- reload: widget\n  timeout: 50ms\n- wait: 0"), session, FakeDriver())
    assert statuses(result) == ["failed", "skipped"] and len(session.reloads) == 1
    assert result.steps[0].detail == "the widget's page did not load again within 50ms"


async def test_sync_and_sync_ack_match_their_top_level_fields() -> None:
    session = FakeSession()
    session.log.append("out", "SYNC", message={"type": "SYNC", "messageId": "1_2", "engagementId": 42, "portalId": 7})
    ack = {"type": "SYNC_ACK", "messageId": "1_2", "engagementId": 42, "version": "0.9.6"}
    session.log.append("in", "SYNC_ACK", message=ack)
    steps = """
- expect: SYNC
  from: host
  match: {engagementId: 42, messageId: {$absent: true}}
  capture: {engagement_id: engagementId}
- expect: SYNC_ACK
  match: {engagementId: "${engagement_id}", version: "0.9.6"}
"""
    result = await run_scenario(scenario(steps), session, FakeDriver())
    assert statuses(result) == ["passed", "passed"] and result.variables == {"engagement_id": 42}
