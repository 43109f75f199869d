"""The event log is a dock that never covers the widget by default; collapse, resize and dock survive a reload."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.helpers.live_server import LiveServer, open_record_page, wait_until

pytestmark = pytest.mark.browser
FRAME = "#hubspot-calling-extension-iframe"
DEMO_HEIGHT = 650  # HubSpot's demo widgets resize themselves to 650 px, call buttons at the bottom


Box = dict[str, float]


def box(page: Any, selector: str) -> Box:
    found = page.locator(selector).bounding_box()
    assert found is not None, f"{selector} has no box"
    return dict(found)


def intersects(a: Box, b: Box) -> bool:
    return (
        a["x"] < b["x"] + b["width"]
        and b["x"] < a["x"] + a["width"]
        and (a["y"] < b["y"] + b["height"] and b["y"] < a["y"] + a["height"])
    )


def within_viewport(page: Any, found: Box) -> bool:
    size = page.viewport_size
    return (
        found["x"] >= 0
        and found["y"] >= 0
        and (found["x"] + found["width"] <= size["width"] and found["y"] + found["height"] <= size["height"])
    )


def resize_widget(page: Any, height: int) -> None:
    """RESIZE_WIDGET from inside the frame, as a widget sends it."""
    message = {"type": "RESIZE_WIDGET", "messageId": "1_1", "data": {"width": 400, "height": height}}
    page.frame_locator(FRAME).locator("body").evaluate("(b, m) => window.parent.postMessage(m, '*')", message)
    wait_until(lambda: page.evaluate(f"document.querySelector('{FRAME}').style.height") == f"{height}px")


@pytest.mark.parametrize(("width", "height"), [(1280, 720), (1400, 1000)])
def test_the_default_layout_never_covers_the_widget_or_its_panels(
    page: Any, live_server: LiveServer, tmp_path: Path, width: int, height: int
) -> None:
    page.set_viewport_size({"width": width, "height": height})  # before the load; given back after the test
    open_record_page(page, live_server)
    resize_widget(page, DEMO_HEIGHT)
    page.locator(FRAME).scroll_into_view_if_needed()
    page.screenshot(path=str(tmp_path / f"dock-{width}x{height}.png"))
    frame, log = box(page, FRAME), box(page, "#event-log")
    assert log["height"] >= 150  # open, not collapsed out of the way
    assert within_viewport(page, frame), f"the widget {frame} is not wholly on screen at {width}x{height}"
    assert not intersects(frame, log), f"the log {log} covers the widget {frame}"
    for panel in ("#inject-panel", "#scenario-panel"):
        page.locator(panel).scroll_into_view_if_needed()
        assert not intersects(box(page, panel), box(page, "#event-log")), f"the log covers {panel}"


def test_collapse_survives_a_reload(page: Any, live_server: LiveServer) -> None:
    open_record_page(page, live_server)
    page.click('#event-log [data-action="log-collapse"]')
    assert page.get_attribute("#event-log", "data-collapsed") == "true"
    assert box(page, "#event-log")["height"] < 60 and not page.is_visible("#event-log .log-scroll")
    page.reload()
    page.wait_for_selector('#event-log[data-collapsed="true"]', state="attached")
    assert page.get_attribute('#event-log [data-action="log-collapse"]', "aria-expanded") == "false"
    page.click('#event-log [data-action="log-collapse"]')
    page.wait_for_selector('#event-log [data-type="INITIALIZED"]')  # open again: rows visible


def test_dragging_the_handle_resizes_the_log_and_the_height_is_kept(page: Any, live_server: LiveServer) -> None:
    open_record_page(page, live_server)
    handle = box(page, '#event-log [data-role="log-resize"]')
    x, y = handle["x"] + handle["width"] / 2, handle["y"] + handle["height"] / 2
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x, y - 150, steps=5)
    page.mouse.up()
    dragged = box(page, "#event-log")["height"]
    assert 380 <= dragged <= 420  # 250 + 150
    page.reload()
    page.wait_for_selector('#event-log [data-type="INITIALIZED"]')
    assert abs(box(page, "#event-log")["height"] - dragged) <= 1
    body_padding = page.evaluate("parseFloat(getComputedStyle(document.body).paddingBottom)")
    assert body_padding >= dragged  # the page can still scroll everything above the dock


def test_the_resize_handle_answers_the_arrow_keys(page: Any, live_server: LiveServer) -> None:
    open_record_page(page, live_server)
    before = box(page, "#event-log")["height"]
    page.focus('#event-log [data-role="log-resize"]')
    page.keyboard.press("ArrowUp")
    page.keyboard.press("ArrowUp")
    assert box(page, "#event-log")["height"] == pytest.approx(before + 40, abs=1)


def test_full_width_dock_spans_the_page_and_is_kept(page: Any, live_server: LiveServer) -> None:
    open_record_page(page, live_server)
    beside = box(page, "#event-log")
    assert beside["x"] + beside["width"] <= box(page, "#call-panel")["x"]  # beside the widget's column
    page.click('#event-log [data-action="log-dock"]')
    assert box(page, "#event-log")["width"] == page.viewport_size["width"]
    page.reload()
    page.wait_for_selector('#event-log[data-dock="full"] [data-type="INITIALIZED"]')
    assert page.inner_text('#event-log [data-action="log-dock"]') == "Beside widget"
