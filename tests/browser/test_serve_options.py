"""`callsim serve` options and pages beyond the record page, in real Chromium."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.helpers.live_server import api, session_of, start_live_server, stop_live_server, wait_until

pytestmark = pytest.mark.browser


def test_log_file_gets_every_message_as_json_lines(page: Any, tmp_path: Path) -> None:
    log_file = tmp_path / "callsim.jsonl"
    server = start_live_server("--log", str(log_file))
    try:
        page.goto(server.url + "/")
        page.wait_for_selector('#event-log [data-type="INITIALIZED"]')
        session = session_of(page)

        def logged_types() -> list[str]:
            rows = [json.loads(line) for line in log_file.read_text().splitlines()]
            assert all(row["session_id"] == session and "ts" in row and "direction" in row for row in rows)
            return [row["type"] for row in rows]

        wait_until(lambda: {"SYNC", "SYNC_ACK", "INITIALIZED"} <= set(logged_types()))
        assert "[" + session + "] widget → host INITIALIZED" in " ".join(" ".join(server.output).split())
    finally:
        stop_live_server(server)


def test_the_calling_window_hosts_the_widget_with_iframe_location_window(page: Any) -> None:
    server = start_live_server()
    try:
        page.goto(server.url + "/calling-integration-popup-ui/81431?usesCallingWindow=false")
        page.wait_for_selector('#event-log [data-type="INITIALIZED"]')
        entries = api(server, f"/api/sessions/{session_of(page)}/log")["entries"]
        ack = next(e for e in entries if e["type"] == "SYNC_ACK")
        assert ack["message"]["iframeLocation"] == "window"
    finally:
        stop_live_server(server)
