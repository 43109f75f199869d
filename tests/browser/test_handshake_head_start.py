"""The handshake's head start (issue 20, item 3): the record page's SYNC loop runs before the socket's hello.

The page's socket is routed through Playwright with everything the page sends held back, so the server has not even
heard the hello while the widget answers. Released, the held messages reach the server in order: the session log shows
the load, the SYNCs and the widget's answers as if the socket had been open all along. Real headless Chromium, the
real server in a subprocess, the sample widget on the real SDK.
"""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

from tests.helpers.live_server import LiveServer, api, session_of, wait_until

pytestmark = pytest.mark.browser
# Runs in the top page before its scripts: every SYNC_ACK the widget posts to it.
RECORD_ACKS = """
if (window.top === window) {
  window.__acks = [];
  window.addEventListener("message", (e) => { if (e.data && e.data.type === "SYNC_ACK") window.__acks.push(e.data); });
}
"""


class HeldSocket:
    """The page's /ws, its page -> server messages held until `release()`; server -> page flows as usual."""

    def __init__(self) -> None:
        self.held: list[str | bytes] = []
        self.server: Any = None
        self.released = False

    def route(self, ws: Any) -> None:
        self.server = ws.connect_to_server()
        ws.on_message(self._from_page)  # a handler of its own stops Playwright forwarding the page's messages

    def _from_page(self, message: str | bytes) -> None:
        if self.released:
            self.server.send(message)
        else:
            self.held.append(message)

    def release(self) -> None:
        self.released = True
        for message in self.held:
            self.server.send(message)

    def kinds(self) -> list[str]:
        return [json.loads(message)["kind"] for message in self.held]

    def syncs(self) -> list[dict[str, Any]]:
        return [payload for payload in map(json.loads, self.held) if payload["kind"] == "sync_sent"]


def open_held(page: Any, url: str) -> HeldSocket:
    """Open `url` with its socket held; wait until the widget has answered a SYNC and the page has relayed that."""
    socket = HeldSocket()
    page.route_web_socket(re.compile(r"/ws$"), socket.route)
    page.add_init_script(RECORD_ACKS)
    page.goto(url)
    wait_until(lambda: page.evaluate("window.__acks.length") > 0)
    assert page.evaluate("document.body.dataset.session") is None  # the server has not heard, let alone answered
    # The page's socket may open after the answer; Playwright hears the page only while this thread calls into it.
    wait_until(lambda: page.wait_for_timeout(20) or "received" in socket.kinds())
    return socket


def rendered(page: Any, key: str) -> Any:
    return page.evaluate(f"JSON.parse(document.getElementById('callsim-config').textContent)[{key!r}]")


def test_the_widget_answers_a_sync_sent_before_the_hello_and_the_log_keeps_the_order(
    page: Any, live_server: LiveServer
) -> None:
    socket = open_held(page, live_server.url + "/")
    ack = page.evaluate("window.__acks[0]")
    assert socket.kinds()[0] == "hello" and socket.kinds()[1] == "iframe_load"  # the hello goes first, when sent
    assert ack["messageId"] in [sync["message"]["messageId"] for sync in socket.syncs()]
    assert ack["messageId"].startswith(rendered(page, "instanceId") + "_")  # the id prefix the server rendered

    socket.release()
    session = session_of(page)
    wait_until(
        lambda: any(e["type"] == "INITIALIZED" for e in api(live_server, f"/api/sessions/{session}/log")["entries"])
    )
    log = [(e["direction"], e["type"], (e.get("message") or {}).get("messageId")) for e in
           api(live_server, f"/api/sessions/{session}/log")["entries"]]  # fmt: skip
    handshake = [(direction, type_) for direction, type_, _ in log if type_ in ("IFRAME_LOAD", "SYNC", "SYNC_ACK")]
    first_ack = handshake.index(("in", "SYNC_ACK"))
    assert handshake[0] == ("note", "IFRAME_LOAD") and ("out", "SYNC") in handshake[1:first_ack]
    assert ("in", "SYNC_ACK", ack["messageId"]) in log and ("out", "SYNC", ack["messageId"]) in log
    assert [type_ for _, type_, _ in log].index("INITIALIZED") > first_ack


def test_a_claims_context_and_dropped_syncs_reach_the_head_starts_first_syncs(
    page: Any, live_server: LiveServer
) -> None:
    claim = api(
        live_server, "/api/claims", {"context": {"portalId": 515151, "userId": 4242}, "host": {"drop_first_syncs": 1}}
    )
    socket = open_held(page, claim["url"])
    first, second, *_ = socket.syncs()
    assert (first["dropped"], second["dropped"]) == (True, False)
    assert {first["message"]["portalId"], second["message"]["portalId"]} == {515151}
    ack = page.evaluate("window.__acks[0]")
    assert (ack["portalId"], ack["userId"], ack["messageId"]) == (515151, 4242, second["message"]["messageId"])

    socket.release()
    claimed = api(live_server, f"/api/claims/{claim['claim']}/session?within=10")
    # The session exists at the hello; the held messages behind it are logged a moment later.
    entries = f"/api/sessions/{claimed['sessionId']}/log"
    wait_until(lambda: any(e["type"] == "SYNC_ACK" for e in api(live_server, entries)["entries"]))
    log = api(live_server, entries)["entries"]
    syncs = [e for e in log if e["direction"] == "out" and e["type"] == "SYNC"]
    assert syncs[0].get("injected") == "drop_first_syncs" and syncs[1].get("injected") is None
    assert {e["message"]["portalId"] for e in syncs} == {515151}
