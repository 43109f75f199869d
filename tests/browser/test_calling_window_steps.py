"""The calling window from the record page's Scenario panel (issue 18, item 7): `open_window` opens it in the
person's browser and prompts for it in the page, and `navigate`, which the page cannot do to the person's tabs,
fails saying where to play it. Real headless Chromium, the sample widget on SDK 0.9.7 on another origin."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.helpers.live_server import api, session_of, sign_in
from tests.helpers.scenario_panel import panel_run_opens_a_page

pytestmark = pytest.mark.browser

WINDOW_SCENARIO = """\
name: The calling window from the Scenario panel
context: {usesCallingWindow: true}
steps:
  - expect: INITIALIZED
  - open_window: true
  - expect: INITIALIZED
    tab: window
  - click: '[data-action="sign-in"]'
    tab: window
    prompt: Sign in to the widget
  - expect: LOGGED_IN
    tab: window
  - navigate: {type: company, id: 77}
"""


def test_the_scenario_panel_opens_the_window_and_cannot_navigate(page: Any, tmp_path: Path) -> None:
    with panel_run_opens_a_page(page, tmp_path, "window.yaml", WINDOW_SCENARIO) as (live, window):
        assert "/calling-integration-popup-ui/" in window.url
        page.wait_for_selector("#scenario-prompt-text:has-text('In the calling window: Sign in to the widget')")
        sign_in(window)  # the person does what the prompt says, in the window
        page.wait_for_selector('#scenario-state[data-state="failed"]', timeout=15_000)
        log = api(live, f"/api/sessions/{session_of(page)}/log")["entries"]
        failed = next(e["text"] for e in log if e["type"] == "SCENARIO_STEP" and e.get("severity") == "error")
        assert failed.startswith("✗ step 6: navigate to company 77")
        assert "navigate: the page's player cannot move your tabs; play the scenario with `callsim run`" in failed
        window.close()
