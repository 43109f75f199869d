"""The browser tests share one Chromium (and one Playwright driver) for as long as they run one after another.

tests/conftest.py starts a browser per module: Playwright's sync API keeps an event loop running in the thread
while it is started, which would stop pytest-asyncio's tests in later modules. Here it lives for the package:
pytest closes it as soon as the next test is not under tests/browser/ (a worker of `--dist loadfile` gets files
from several folders), and the one asyncio test in this folder closes it first (`_no_sync_browser_for_asyncio`).
Each start cost a Node driver and a Chromium, about a second of CPU, once per file before.

The reused page (`page`, tests/helpers/reused_page.py) lives as long: wiped between tests as before, but a file's
first load no longer pays a new context's renderer and empty cache (docs/performance.md "CPU per scenario").
"""

from __future__ import annotations

import inspect
from collections.abc import Iterator
from typing import Any

import pytest

from tests.helpers.reused_page import ReusedPage


class _SharedBrowser:
    def __init__(self) -> None:
        self.playwright: Any = None
        self.manager: Any = None
        self.browser: Any = None
        self.slot: ReusedPage | None = None

    def get(self) -> Any:
        if self.browser is None or not self.browser.is_connected():
            self.close()
            from playwright.sync_api import sync_playwright

            from simulator.headless.browser import launch_options

            self.manager = sync_playwright()
            self.playwright = self.manager.__enter__()
            self.browser = self.playwright.chromium.launch(**launch_options())
        return self.browser

    def reused_page(self, browser: Any) -> ReusedPage:
        if self.slot is None or self.slot.browser is not browser:
            self.close_page()
            self.slot = ReusedPage(browser)
        return self.slot

    def close_page(self) -> None:
        slot, self.slot = self.slot, None
        if slot is not None and slot.browser.is_connected():
            slot.close()

    def close(self) -> None:
        self.close_page()
        browser, manager = self.browser, self.manager
        self.browser = self.manager = self.playwright = None
        try:
            if browser is not None and browser.is_connected():
                browser.close()
        finally:
            if manager is not None:
                manager.__exit__(None, None, None)


_SHARED = _SharedBrowser()


@pytest.fixture(scope="package")
def _shared_browser() -> Iterator[_SharedBrowser]:
    yield _SHARED
    _SHARED.close()


@pytest.fixture(scope="module")
def browser(_shared_browser: _SharedBrowser) -> Any:
    """The package's Chromium (module scope as tests/conftest.py's, so the module's reused page may take it)."""
    return _shared_browser.get()


@pytest.fixture(scope="module")
def reused_page(browser: Any) -> ReusedPage:
    """The package's reused page; its context closes with the browser, not at the end of each module."""
    return _SHARED.reused_page(browser)


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    # An asyncio test runs its own loop in this thread: the sync API's must be stopped first.
    if isinstance(item, pytest.Function) and inspect.iscoroutinefunction(item.obj):
        _SHARED.close()
