"""Demo mode (Next / Back one step, captions, no developer panels) and the live sequence diagram, in Chromium."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.helpers.live_server import LiveServer, api, open_record_page, sign_in

pytestmark = pytest.mark.browser

BAR = "#demo-bar"


def shown_step(page: Any, step: int) -> None:
    page.wait_for_selector(f'{BAR}[data-step="{step}"]', timeout=15_000)


def test_demo_next_and_back_move_one_step(page: Any, live_server: LiveServer) -> None:
    page.goto(live_server.url + "/?demo=1&scenario=unknown-event-type.yaml")
    page.wait_for_selector(f"{BAR} [data-demo-scenario] option[value='unknown-event-type.yaml']", state="attached")
    assert not page.locator("#event-log").is_visible()
    assert not page.locator("#inject-panel").is_visible()
    assert not page.locator("#scenario-panel").is_visible()
    page.click(f"{BAR} [data-demo-action='next']")
    shown_step(page, 1)
    page.wait_for_selector(f'{BAR}[data-phase="paused"]')
    assert "Step 1 of 3" in page.inner_text(f"{BAR} [data-demo-step]")
    assert "The widget says it is ready" in page.inner_text(f"{BAR} [data-demo-captions]")
    page.keyboard.press("ArrowRight")
    shown_step(page, 2)
    assert "HubSpot sends the widget CALLSIM_PROBE" in page.inner_text(f"{BAR} [data-demo-captions]")
    page.keyboard.press("ArrowLeft")
    shown_step(page, 1)
    assert page.locator(f"{BAR} [data-demo-review]").is_visible()  # looking back says the widget stays put
    assert "The widget says it is ready" in page.inner_text(f"{BAR} [data-demo-captions]")
    page.keyboard.press("ArrowRight")  # forward through a step already played: nothing new runs
    shown_step(page, 2)
    page.wait_for_selector(f'{BAR}[data-phase="paused"]')
    page.keyboard.press(" ")
    shown_step(page, 3)
    page.wait_for_selector(f'{BAR}[data-phase="finished"]', timeout=15_000)
    assert "The end" in page.inner_text(f"{BAR} [data-demo-next]")


def test_demo_caption_asks_the_presenter_to_click(page: Any, live_server: LiveServer) -> None:
    page.goto(live_server.url + "/?demo=1&scenario=hubspot-ends-call.yaml")
    page.wait_for_selector(f"{BAR} [data-demo-scenario] option[value='hubspot-ends-call.yaml']", state="attached")
    page.keyboard.press("ArrowRight")
    shown_step(page, 1)
    assert "Next: Sign in to the widget" in page.inner_text(f"{BAR} [data-demo-next]")
    page.wait_for_selector(f'{BAR}[data-phase="paused"]')
    page.keyboard.press("ArrowRight")
    page.wait_for_selector(f"{BAR} [data-demo-prompt]:not([hidden]) >> text=Your turn: Sign in to the widget")


def test_sequence_diagram_draws_each_message_and_shows_its_json(page: Any, live_server: LiveServer) -> None:
    session = open_record_page(page, live_server)
    assert page.is_visible("#sequence-panel [data-sequence-count]:has-text('message')")  # counted while closed
    page.click("#sequence-panel summary")  # the panel starts closed: drawn only while someone looks
    sign_in(page)
    page.wait_for_selector('#sequence-panel .seq-arrow[data-direction="in"]:has-text("LOGGED_IN")')
    entries = api(live_server, f"/api/sessions/{session}/log")["entries"]
    messages = [e for e in entries if e["direction"] in ("in", "out")]
    drawn = page.eval_on_selector_all(
        "#sequence-panel .seq-arrow[data-direction='in'], #sequence-panel .seq-arrow[data-direction='out']",
        "arrows => arrows.map(a => Number(a.dataset.seq))",
    )
    assert drawn == [e["seq"] for e in messages]
    logged_in = next(e for e in messages if e["type"] == "LOGGED_IN")
    page.click(f"#sequence-panel .seq-arrow[data-seq='{logged_in['seq']}']")
    shown = json.loads(page.inner_text("#sequence-panel [data-sequence-json]"))
    assert shown["seq"] == logged_in["seq"] and shown["message"]["type"] == "LOGGED_IN"


def test_at_1280_by_720_the_demo_bar_never_covers_the_widget(page: Any, live_server: LiveServer) -> None:
    page.set_viewport_size({"width": 1280, "height": 720})  # the reused page gets its size back after the test
    page.goto(f"{live_server.url}/?demo=1&scenario=outbound-happy-path.yaml")
    page.wait_for_selector('#event-log [data-direction="in"][data-type="INITIALIZED"]', state="attached",
                           timeout=15_000)  # fmt: skip
    bar_top = page.locator(BAR).bounding_box()["y"]

    def frame_bottom() -> float:
        box = page.locator("#hubspot-calling-extension-iframe").bounding_box()
        return float(box["y"] + box["height"])

    page.wait_for_function(
        "top => { const f = document.querySelector('#hubspot-calling-extension-iframe').getBoundingClientRect();"
        " return f.bottom <= top; }", arg=bar_top)  # fmt: skip
    assert frame_bottom() <= bar_top
    page.set_viewport_size({"width": 1280, "height": 1000})  # room again: the widget at its own size
    page.wait_for_function("() => document.querySelector('#call-panel').style.zoom === ''")
