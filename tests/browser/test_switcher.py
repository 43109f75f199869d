"""End to end: the seed's curl example over real HTTP registers a widget that appears in the call switcher, loads
and handshakes; settings changes reach an open page; HubSpot's localStorage overrides apply (§7.1, §7.2)."""

from __future__ import annotations

import json
import re
import urllib.request
from collections.abc import Iterator
from typing import Any

import pytest

from tests.helpers.live_server import LiveServer, api, start_live_server, stop_live_server, wait_until

pytestmark = pytest.mark.browser
KEY_LINE = re.compile(r"developer key (\S+?)\)")
INITIALIZED = '#event-log [data-direction="in"][data-type="INITIALIZED"]'
FIRST_SIZE = """
new MutationObserver((changes, observer) => {
  const frame = document.getElementById("hubspot-calling-extension-iframe");
  if (frame) { window.firstFrameSize = [frame.style.width, frame.style.height]; observer.disconnect(); }
}).observe(document, { childList: true, subtree: true });
"""


@pytest.fixture(scope="module")
def server() -> Iterator[LiveServer]:
    """A server of this module's own: the apps registered here must not change other tests' switchers."""
    live = start_live_server()
    yield live
    stop_live_server(live)


def developer_key(server: LiveServer) -> str:
    """The key as `callsim serve` prints it at start."""
    match = wait_until(lambda: KEY_LINE.search(server.text()))
    assert isinstance(match, re.Match)
    return str(match.group(1))


def settings_request(server: LiveServer, method: str, app_id: int, body: dict[str, Any]) -> dict[str, Any]:
    """`curl -X <method> '<host>/crm/v3/extensions/calling/<app>/settings?hapikey=<key>' -d '<body>'`."""
    url = f"{server.url}/crm/v3/extensions/calling/{app_id}/settings?hapikey={developer_key(server)}"
    request = urllib.request.Request(
        url, data=json.dumps(body).encode(), method=method, headers={"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        assert response.status == 200
        return json.loads(response.read())  # type: ignore[no-any-return]


def switcher(page: Any) -> list[tuple[str, str, bool]]:
    """(key, name, under the testing heading) of every switcher option."""
    return [
        (o["value"], o["text"], o["testing"])
        for o in page.eval_on_selector_all(
            "#provider option",
            "els => els.map(o => ({value: o.value, text: o.textContent, testing: o.closest('optgroup') !== null}))",
        )
    ]


def test_the_seeds_curl_example_registers_a_widget_that_appears_loads_and_handshakes(
    page: Any, server: LiveServer
) -> None:
    body = {
        "name": "My widget",
        "url": server.widget_url + "/",
        "width": 400,
        "height": 600,
        "isReady": True,
        "supportsInboundCalling": True,
    }
    created = settings_request(server, "POST", 123, body)
    assert created["name"] == "My widget" and created["usesCallingWindow"] is True
    page.goto(server.url + "/")
    page.wait_for_selector(INITIALIZED, timeout=15_000)
    assert ("app:123", "My widget", False) in switcher(page)
    first = page.evaluate("document.body.dataset.session")
    with page.expect_navigation():
        page.select_option("#provider", "app:123")  # a new provider is a new page load, as in HubSpot
    page.wait_for_selector(INITIALIZED, timeout=15_000)
    assert page.evaluate("document.body.dataset.session") != first
    session = page.evaluate("document.body.dataset.session")
    assert page.eval_on_selector("#provider", "s => s.value") == "app:123"
    summary = api(server, f"/api/sessions/{session}")
    assert summary["handshake"] == "READY" and summary["widgetUrl"].startswith(server.widget_url)
    log = api(server, f"/api/sessions/{session}/log")["entries"]
    assert any(e["type"] == "PROVIDER" and "app 123" in e["text"] for e in log)
    frame = page.eval_on_selector("#hubspot-calling-extension-iframe", "f => [f.style.width, f.style.height]")
    assert frame == ["400px", "600px"]


def test_settings_changes_show_on_the_open_page_and_size_the_next_load(fresh_page: Any, server: LiveServer) -> None:
    page = fresh_page  # its init script would stay on a reused page
    settings_request(server, "POST", 456, {"name": "Beta dialer", "url": server.widget_url + "/", "isReady": False})
    page.goto(server.url + "/")
    page.wait_for_selector(INITIALIZED, timeout=15_000)
    assert ("app:456", "Beta dialer", True) in switcher(page)  # under "testing"
    settings_request(server, "PATCH", 456, {"isReady": True, "name": "Dialer", "width": 360, "height": 520})
    wait_until(lambda: ("app:456", "Dialer", False) in switcher(page))  # no reload, no restart
    # The iframe's size as inserted: the widget's INITIALIZED sizeInfo resizes it afterwards, as in HubSpot.
    page.add_init_script(FIRST_SIZE)
    with page.expect_navigation():
        page.select_option("#provider", "app:456")
    page.wait_for_selector(INITIALIZED, timeout=15_000)
    assert page.evaluate("window.firstFrameSize") == ["360px", "520px"]


def test_localstorage_overrides_patch_an_app_by_name_and_add_providers(page: Any, server: LiveServer) -> None:
    settings_request(server, "POST", 789, {"name": "Window-less", "url": server.widget_url + "/", "isReady": False})
    page.goto(server.url + "/")
    page.evaluate(
        """() => {
        localStorage.setItem('LocalSettings:Calling:CallingExtensions',
          JSON.stringify({name: 'Window-less', isReady: true, usesCallingWindow: false}));
        localStorage.setItem('LocalSettings:Sales:CallingExtensions',
          JSON.stringify({name: 'Legacy app', url: 'https://localhost:9026/'}));
        localStorage.setItem('LocalSettings:Calling:installDemoWidget', 'local');
        sessionStorage.setItem('callsim.providerKey', 'app:789');
      }"""
    )
    page.reload()
    page.wait_for_selector(INITIALIZED, timeout=15_000)
    options = switcher(page)
    assert ("app:789", "Window-less", False) in options  # isReady forced by the override
    assert ("local:Legacy app", "Legacy app", False) in options
    assert ("local:Demo Widget Local", "Demo Widget Local", False) in options
    session = page.evaluate("document.body.dataset.session")
    sync = next(e for e in api(server, f"/api/sessions/{session}/log")["entries"] if e["type"] == "SYNC")
    assert sync["message"]["usesCallingWindow"] is False and "iframeLocation" not in sync["message"]
