"""The recorder, as a new user tries it: drive the sample widget by hand, Save as scenario, replay it headless.

Each recording test saves its file for the module's last test, which replays both, with a scenario that reloads the
widget mid-call, in one `callsim run`: each run starts a Python, a server and a Chromium (about 1.5 s of CPU)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from simulator.scenarios.parser import parse_scenario
from tests.helpers.callsim_run import callsim_run
from tests.helpers.live_server import LiveServer, api, open_record_page, sign_in

pytestmark = pytest.mark.browser
WIDGET = "#hubspot-calling-extension-iframe"
RECORDINGS = ("by hand", "two tabs")

RELOAD_MID_CALL = """\
name: Reload mid-call
context: {portalId: 81431, userId: 9876543, ownerId: 295128649, record: {type: contact, id: 51}}
steps:
  - expect: INITIALIZED
  - click: '[data-action="sign-in"]'
  - expect: LOGGED_IN
  - send: DIAL_NUMBER
    data: {phoneNumber: "+16175550100", objectId: 51, objectType: CONTACT, portalId: 81431}
  - expect: CREATE_ENGAGEMENT_SUCCEEDED
    from: host
    capture: {engagement_id: engagementId}
  - expect: CALL_ANSWERED
    within: 3s
  - reload: widget
  - expect: SYNC
    from: host
    match: {engagementId: "${engagement_id}"}
  - expect: INITIALIZED
"""


@pytest.fixture(scope="module")
def recorded() -> dict[str, Path]:
    """The scenario files this module's recording tests saved, by name, for the replay at the end."""
    return {}


def drive_a_call_by_hand(page: Any) -> None:
    """Sign in, Call from the record page, wait until connected, hang up, write a note and save the call."""
    widget = page.frame_locator(WIDGET)
    sign_in(page)
    page.click('header [data-action="call"], .action-call')
    widget.locator("#status", has_text="Connected").wait_for(timeout=10_000)
    widget.locator('[data-action="hang-up"]').click()
    page.wait_for_selector('#event-log [data-direction="in"][data-type="CALL_ENDED"]')
    widget.locator("#notes").fill("Recorded by hand.")
    widget.locator('[data-action="save-call"]').click()
    page.wait_for_selector('#event-log [data-direction="out"][data-type="UPDATE_ENGAGEMENT_SUCCEEDED"]')


def test_a_call_recorded_by_hand_is_a_scenario_with_its_ids_captured(
    page: Any, live_server: LiveServer, tmp_path: Path, recorded: dict[str, Path]
) -> None:
    open_record_page(page, live_server)
    drive_a_call_by_hand(page)
    with page.expect_download() as download_info:
        page.click('[data-action="save-scenario"]')
    path = tmp_path / "recorded.yaml"
    download_info.value.save_as(path)
    page.wait_for_selector("#recorder-status >> text=saved")
    text = path.read_text(encoding="utf-8")
    scenario, errors = parse_scenario(text, str(path))
    assert errors == [] and scenario is not None, (errors, text)
    kinds = [(step.kind, getattr(step, "message_type", getattr(step, "selector", None))) for step in scenario.steps]
    assert ("click", '[data-action="sign-in"]') in kinds and ("send", "DIAL_NUMBER") in kinds
    assert ("click", '[data-action="hang-up"]') in kinds and ("expect", "CALL_COMPLETED") in kinds
    assert "${call_id}" in text and "${engagement_id}" in text  # ids captured, not copied
    recorded["by hand"] = path  # replayed below


def test_an_inbound_call_answered_in_a_second_tab_records_both_tabs(
    page: Any, live_server: LiveServer, tmp_path: Path, recorded: dict[str, Path]
) -> None:
    # A claimed page, as `callsim run` opens them, with the settings under which a call rings in every tab.
    claim = api(live_server, "/api/claims", {"context": {"usesCallingWindow": False}})
    page.goto(claim["url"])
    page.wait_for_selector('#event-log [data-direction="in"][data-type="INITIALIZED"]', timeout=15_000)
    with page.context.expect_page() as opened:
        page.click('[data-action="open-tab"]')  # the page's New tab button
    tab2 = opened.value
    tab2.wait_for_selector('#event-log [data-direction="in"][data-type="INITIALIZED"]', timeout=15_000)
    for tab in (page, tab2):
        sign_in(tab)
        tab.frame_locator(WIDGET).locator('[data-action="toggle-availability"]').click()
        tab.wait_for_selector('#event-log [data-type="USER_AVAILABLE"]')
    page.frame_locator(WIDGET).locator('[data-action="simulate-incoming"]').click()
    tab2.wait_for_selector('#event-log [data-direction="in"][data-type="INCOMING_CALL"]')
    tab2.frame_locator(WIDGET).locator('[data-action="answer"]').click()
    tab2.wait_for_selector('#event-log [data-direction="in"][data-type="CALL_ANSWERED"]')
    with page.expect_download() as download_info:
        page.click('[data-action="save-scenario"]')
    path = tmp_path / "recorded.yaml"
    download_info.value.save_as(path)
    text = path.read_text(encoding="utf-8")
    scenario, errors = parse_scenario(text, str(path))
    assert errors == [] and scenario is not None, (errors, text)
    assert scenario.context.uses_calling_window is False
    steps = [
        (step.kind, getattr(step, "selector", getattr(step, "message_type", None)), step.tab) for step in scenario.steps
    ]
    assert ("open_tab", None, 1) in steps
    assert ("click", '[data-action="simulate-incoming"]', 1) in steps and (
        "click",
        '[data-action="answer"]',
        2,
    ) in steps
    assert ("expect", "INCOMING_CALL", 2) in steps and ("expect", "CALL_ANSWERED", 2) in steps
    tab2.close()
    recorded["two tabs"] = path  # replayed below


def test_the_recordings_and_a_widget_reload_mid_call_replay_headless(recorded: dict[str, Path], tmp_path: Path) -> None:
    """Both recordings pass when played back, and `reload: widget` mid-call gets a SYNC carrying the call's
    engagement (a scenario of its own, played in the same run)."""
    assert tuple(recorded) == RECORDINGS, "a recording test above failed before saving its file"
    reload_path = tmp_path / "reload-mid-call.yaml"
    reload_path.write_text(RELOAD_MID_CALL)
    paths = [*recorded.values(), reload_path]
    report = tmp_path / "replay.json"
    result = callsim_run(*map(str, paths), "--json", str(report))
    texts = "".join(path.read_text(encoding="utf-8") for path in paths)
    assert result.returncode == 0, texts + result.stdout + result.stderr
    played = json.loads(report.read_text())
    assert played["summary"]["passed"] == 3
    by_path = {scenario["path"]: scenario for scenario in played["scenarios"]}
    assert all(by_path[str(path)]["status"] == "passed" for path in paths), by_path.keys()
    reloaded = json.dumps(by_path[str(reload_path)])
    assert '"status": "passed"' in reloaded and "widget reloaded (seq" in reloaded
