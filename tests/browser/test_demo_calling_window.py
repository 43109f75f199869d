"""HubSpot's demo-minimal-js flow (docs/protocol.md §5.4), on a widget shaped like it on the real SDK: the remote
opens the calling window from the widget's own link, and a call the window starts reaches HubSpot from the remote.

With usesCallingWindow false the SYNC has no iframeLocation, so each instance learns where it is from its URL's
query, which callsim's window and remote pages add to the widget's URL."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.helpers.live_server import LiveServer, api, session_of, wait_until
from tests.helpers.widget_origin import widget_origin

pytestmark = pytest.mark.browser
WIDGET = "#hubspot-calling-extension-iframe"
INITIALIZED = '#event-log [data-direction="in"][data-type="INITIALIZED"]'


def test_the_remote_opens_the_window_and_raises_the_windows_incoming_call(page: Any, live_server: LiveServer) -> None:
    server = live_server  # shared: the remote is told from earlier tests' sessions by being new
    before = {s["id"] for s in api(server, "/api/sessions")["sessions"]}
    with widget_origin() as origin:
        provider = {"name": "Demo-like", "url": f"{origin}/demo-like/index.html", "isReady": True,
                    "usesCallingWindow": False, "usesRemote": True}  # fmt: skip
        page.goto(server.url + "/")
        page.evaluate(
            """(provider) => {
            localStorage.setItem('LocalSettings:Calling:CallingExtensions', JSON.stringify(provider));
            sessionStorage.setItem('callsim.providerKey', 'local:Demo-like');
          }""",
            provider,
        )
        page.reload()
        page.wait_for_selector(INITIALIZED, timeout=15_000)
        record = session_of(page)
        page.click("[data-action='toggle-remote']")
        remote_frame = page.frame_locator(".calling-remote-frame")
        remote_widget = remote_frame.frame_locator(WIDGET)
        remote_widget.locator("#role:has-text('remote')").wait_for()
        with page.context.expect_page() as opened:
            remote_widget.locator("[data-action='open-window']").click()
        popup = opened.value
        try:
            popup.wait_for_selector(INITIALIZED, timeout=15_000)
            window = session_of(popup)
            described = api(server, f"/api/sessions/{window}")
            assert described["page"] == "window"
            window_widget = popup.frame_locator(WIDGET)
            window_widget.locator("#role:has-text('window')").wait_for()
            window_widget.locator("[data-action='incoming']").click()

            sessions = api(server, "/api/sessions")["sessions"]
            remote = next(s["id"] for s in sessions if s["page"] == "remote" and s["live"] and s["id"] not in before)

            def incoming(session: str) -> list[dict[str, Any]]:
                entries = api(server, f"/api/sessions/{session}/log")["entries"]
                return [e for e in entries if e["type"] == "INCOMING_CALL" and e["direction"] == "in"]

            wait_until(lambda: incoming(remote))
            (raised,) = incoming(remote)
            assert raised["message"]["data"]["fromNumber"] == "+16175550100"
            assert incoming(window) == [] and incoming(record) == []  # the window only broadcast it
            window_log = api(server, f"/api/sessions/{window}/log")["entries"]
            sync = next(e["message"] for e in window_log if e["type"] == "SYNC")
            assert sync["usesCallingWindow"] is False and "iframeLocation" not in sync  # SDK PR #252
            load = next(e for e in window_log if e["type"] == "IFRAME_LOAD")
            assert "iframeLocation=window" in json.dumps(load) and "usesCallingWindow=false" in json.dumps(load)
        finally:
            popup.close()
