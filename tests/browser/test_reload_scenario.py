"""`reload: widget` in a scenario, headless: a reload mid-call, and the new SYNC carries the call's engagement."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.helpers.callsim_run import replay_passes

pytestmark = pytest.mark.browser

SCENARIO = """\
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


def test_a_scenario_reloads_the_widget_mid_call_and_the_sync_carries_the_engagement(tmp_path: Path) -> None:
    path = tmp_path / "reload-mid-call.yaml"
    path.write_text(SCENARIO)
    steps = replay_passes(path, tmp_path / "report.json")
    text = json.dumps(steps)
    assert '"status": "passed"' in text and "widget reloaded (seq" in text
