"""The record page's scenario player, driven as a person would: pick, Run or Step, follow the prompts."""

from __future__ import annotations

from typing import Any

import pytest

from tests.helpers.live_server import LiveServer, open_record_page

pytestmark = pytest.mark.browser


def follow_prompt(page: Any, expected: str) -> None:
    """Wait for the player's instruction, then do what it says in the widget."""
    page.wait_for_selector(f"#scenario-prompt:not([hidden]) >> text={expected}", timeout=15_000)


def test_run_plays_a_scenario_with_prompts_for_widget_actions(page: Any, live_server: LiveServer) -> None:
    open_record_page(page, live_server)
    page.select_option("#scenario-file", "widget-error-alert.yaml")
    page.click('[data-action="scenario-run"]')
    follow_prompt(page, "Report an error")
    page.frame_locator("#hubspot-calling-extension-iframe").locator('[data-action="report-error"]').click()
    page.wait_for_selector('#scenario-state[data-state="passed"]', timeout=15_000)
    page.wait_for_selector('#event-log [data-type="SCENARIO"] >> text=passed')
    steps = page.locator('#event-log [data-type="SCENARIO_STEP"]').all_inner_texts()
    assert len(steps) == 3 and all("✓" in step for step in steps)


def test_step_runs_one_step_per_click_and_stop_ends_it(page: Any, live_server: LiveServer) -> None:
    open_record_page(page, live_server)
    page.select_option("#scenario-file", "visibility-changes.yaml")
    page.click('[data-action="scenario-step"]')
    page.wait_for_selector('#scenario-state[data-state="paused"]', timeout=15_000)
    assert page.locator('#event-log [data-type="SCENARIO_STEP"]').count() == 1
    page.click('[data-action="scenario-step"]')
    page.wait_for_function("document.querySelectorAll('#event-log [data-type=SCENARIO_STEP]').length === 2")
    page.wait_for_selector('#event-log [data-direction="out"][data-type="VISIBILITY_CHANGED"]')
    page.click('[data-action="scenario-stop"]')
    page.wait_for_selector('#scenario-state[data-state="stopped"]')
    assert page.locator('#event-log [data-type="SCENARIO_STEP"]').count() == 2
