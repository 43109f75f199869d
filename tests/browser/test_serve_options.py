"""`callsim serve` options and pages beyond the record page, in real Chromium."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.helpers.live_server import LiveServer, api, session_of, start_live_server, stop_live_server, wait_until

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


def test_the_calling_window_hosts_the_widget_with_iframe_location_window(page: Any, live_server: LiveServer) -> None:
    server = live_server  # plain `callsim serve`: the shared one
    page.goto(server.url + "/calling-integration-popup-ui/81431")
    page.wait_for_selector('#event-log [data-type="INITIALIZED"]')
    entries = api(server, f"/api/sessions/{session_of(page)}/log")["entries"]
    ack = next(e for e in entries if e["type"] == "SYNC_ACK")
    assert ack["message"]["iframeLocation"] == "window"
    # As widgets open it (docs/protocol.md §5.4): the window's app does not use the calling window, so its
    # SYNC omits iframeLocation (SDK PR #252) and the widget's URL says where it is.
    page.goto(server.url + "/calling-integration-popup-ui/81431?usesCallingWindow=false")
    page.wait_for_selector('#event-log [data-type="INITIALIZED"]')
    entries = api(server, f"/api/sessions/{session_of(page)}/log")["entries"]
    sync = next(e["message"] for e in entries if e["type"] == "SYNC")
    assert sync["usesCallingWindow"] is False and "iframeLocation" not in sync
    src = page.get_attribute("#hubspot-calling-extension-iframe", "src") or ""
    assert "iframeLocation=window" in src and "usesCallingWindow=false" in src
    bad = page.goto(server.url + "/calling-integration-popup-ui/81431?usesCallingWindow=maybe")
    assert bad is not None and bad.status == 400 and "must be true or false" in bad.text()
