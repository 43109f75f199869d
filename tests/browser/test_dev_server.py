"""The dev server in real Chromium: a --widget-dir over --https that reloads once per build, and watched scenario
files (tests/headless/test_offline_run.py has `callsim run`'s self-signed and CDN cases)."""

from __future__ import annotations

import json
import re
import ssl
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.helpers.live_server import LiveServer, session_of, start_live_server, stop_live_server, wait_until
from tests.helpers.widget_folder import SCENARIO, widget_folder

pytestmark = pytest.mark.browser
WIDGET_DIR_LINE = re.compile(r"callsim: widget dir\s+(https?://\S+?)/?\s")
CA_LINE = re.compile(r"CA certificate (\S+);")


@pytest.fixture(scope="module")
def dev_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[LiveServer, Path, Path]]:
    root = tmp_path_factory.mktemp("dev")
    widget = widget_folder(root / "widget")
    scenarios = root / "scenarios"
    scenarios.mkdir()
    (scenarios / "starts.yaml").write_text(SCENARIO)
    server = start_live_server("--widget-dir", str(widget), "--https", "--scenarios", str(scenarios))
    yield server, widget, scenarios
    stop_live_server(server)


@pytest.fixture
def https_page(browser: Any) -> Iterator[Any]:
    # Chromium has no per-context trust store: the test accepts callsim's CA-signed certificate this way.
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, ignore_https_errors=True)
    yield context.new_page()
    context.close()


def _entries(server: LiveServer, session: str) -> list[dict[str, Any]]:
    """The session's log, over HTTPS, trusting the CA the server printed (as a user's tools would)."""
    match = CA_LINE.search(server.text())
    assert match, server.text()
    trusting = ssl.create_default_context(cafile=match.group(1))
    url = f"{server.url}/api/sessions/{session}/log"
    with urllib.request.urlopen(url, timeout=10, context=trusting) as response:
        return list(json.loads(response.read())["entries"])


def test_widget_dir_over_https_handshakes_and_reloads_once_per_build(
    dev_server: tuple[LiveServer, Path, Path], https_page: Any
) -> None:
    server, widget, _ = dev_server
    assert server.url.startswith("https://")
    match = WIDGET_DIR_LINE.search(server.text())
    assert match, server.text()
    https_page.goto(server.url + "/")
    https_page.wait_for_selector('#event-log [data-direction="in"][data-type="INITIALIZED"]', timeout=15_000)
    session = session_of(https_page)
    assert https_page.eval_on_selector("#provider", "s => s.selectedIndex") == 0  # the folder's widget: first, chosen
    framed = https_page.eval_on_selector("#hubspot-calling-extension-iframe", "f => f.src")
    assert framed.startswith(match.group(1).rstrip("/") + "/") and framed.startswith("https://")
    before = len(_entries(server, session))

    started = time.time()
    for n in range(50):  # a build writing 50 files
        (widget / f"chunk-{n}.js").write_text(f"// chunk {n}\n")
    html = (widget / "index.html").read_text().replace("Sample softphone</span>", "Edited softphone</span>")
    (widget / "index.html").write_text(html)

    def acks() -> list[dict[str, Any]]:
        return [e for e in _entries(server, session) if e["direction"] == "in" and e["type"] == "SYNC_ACK"]

    wait_until(lambda: len(acks()) == 2, timeout=5)
    took = acks()[1]["ts"] - started
    assert took < 3.0, f"re-handshake took {took:.2f} s"  # the debounce, not a slow poll (a loaded CI box is slower)
    frame = https_page.frame_locator("#hubspot-calling-extension-iframe")
    assert frame.locator(".brand").inner_text(timeout=5_000) == "☎ Edited softphone"
    time.sleep(0.6)  # a second reload would have come by now
    entries = _entries(server, session)
    reloads = [e for e in entries if e["type"] == "RELOAD"]
    assert len(reloads) == 1 and "and " in reloads[0]["text"] and "more" in reloads[0]["text"]
    assert len(acks()) == 2
    assert len(entries) > before  # the log was kept: the first handshake is still in it
    assert https_page.locator('#event-log [data-type="RELOAD"]').count() == 1
    assert "handshake " in server.text() and "reloading the widget in 1 open page(s)" in server.text()


def test_a_broken_scenario_edit_is_shown_and_the_old_version_stays(
    dev_server: tuple[LiveServer, Path, Path], https_page: Any
) -> None:
    server, _, scenarios = dev_server
    https_page.goto(server.url + "/")
    https_page.wait_for_selector("#scenario-file option", state="attached")
    edited = scenarios / "starts.yaml"
    edited.write_text("name: Widget starts\nsteps:\n  - expct: INITIALIZED\n")
    errors = https_page.wait_for_selector("#scenario-errors li", state="attached", timeout=5_000)
    assert errors.inner_text().startswith(f"{edited}:3:")
    option = https_page.locator("#scenario-file option").first
    assert option.inner_text() == "Widget starts (last valid version)"
    wait_until(lambda: f"{edited}:3:" in server.text(), timeout=5)  # the terminal says it too, file:line
    (scenarios / "second.yaml").write_text(SCENARIO.replace("Widget starts", "Second"))
    edited.write_text(SCENARIO)
    https_page.wait_for_function("document.querySelectorAll('#scenario-file option').length === 2", timeout=5_000)
    assert https_page.locator("#scenario-errors").is_hidden()
