"""A scenario played from the record page's Scenario panel up to the browser page its step opens (a record tab or
the calling window): the person's side of `open_tab` / `open_window` in the page's player."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from tests.helpers.live_server import LiveServer, start_live_server, stop_live_server

INITIALIZED = '#event-log [data-direction="in"][data-type="INITIALIZED"]'


def panel_run_on(page: Any, live: LiveServer, name: str) -> Any:
    """Start the scenario `name` of `live`'s --scenarios folder from the panel on `page`; returns the page the
    scenario opened, its widget initialised."""
    page.goto(live.url + "/")
    page.wait_for_selector(INITIALIZED, timeout=15_000)
    page.select_option("#scenario-file", name)
    with page.context.expect_page() as opened:
        page.click('[data-action="scenario-run"]')
    new_page = opened.value
    new_page.wait_for_selector(INITIALIZED, timeout=15_000)
    return new_page


@contextmanager
def panel_run_opens_a_page(page: Any, folder: Path, name: str, text: str) -> Iterator[tuple[LiveServer, Any]]:
    """`callsim serve --scenarios folder` with the scenario `text` as `name`, started from the panel on `page`;
    yields the server and the page the scenario opened, its widget initialised."""
    (folder / name).write_text(text)
    live = start_live_server("--scenarios", str(folder))
    try:
        yield live, panel_run_on(page, live, name)
    finally:
        stop_live_server(live)
