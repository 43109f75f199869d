"""Chromium started first: Playwright's driver and the browser boot in their own processes while this one goes on
importing and starting the server (about a third of a one-scenario `callsim run`, docs/performance.md)."""

from __future__ import annotations

import asyncio
import contextlib
from dataclasses import dataclass
from typing import Any

from playwright.async_api import async_playwright

from simulator.errors import CallsimError
from simulator.headless.page_slot import VIEWPORT


@dataclass
class StartedBrowser:
    playwright: Any
    browser: Any
    made: list[tuple[Any, Any]]  # a context and page made at once, for the first scenario (page_slot.py)

    async def close(self) -> None:
        with contextlib.suppress(Exception):  # a crashed browser has nothing left to close
            await self.browser.close()
        await self.playwright.stop()


async def start_browser(launch: dict[str, Any], first_page: bool = True) -> StartedBrowser:
    """Playwright's driver, then Chromium with `launch` (headless/browser.py launch_options), then (`first_page`)
    a context and page for the first scenario."""
    playwright = await async_playwright().start()
    try:
        browser: Any = await playwright.chromium.launch(**launch)
    except asyncio.CancelledError:  # discarded mid-start: stopping the driver ends the browser it was starting
        await playwright.stop()
        raise
    except Exception as error:  # Playwright's launch errors are long; the first line says it
        await playwright.stop()
        raise CallsimError(f"could not start the browser: {str(error).splitlines()[0]}") from None
    started = StartedBrowser(playwright, browser, [])
    if not first_page:
        return started
    try:
        context = await browser.new_context(viewport=VIEWPORT)
        started.made.append((context, await context.new_page()))
    except BaseException:
        await started.close()
        raise
    return started


def start_browser_soon(launch: dict[str, Any]) -> asyncio.Task[StartedBrowser]:
    """The browser's start as a task of the running loop, for the caller to await when it needs the browser."""
    return asyncio.ensure_future(start_browser(launch))


async def discard(starting: asyncio.Task[StartedBrowser]) -> None:
    """A start no longer wanted (a scenario file's mistake, the server failed, the run is over): cut it short if it
    is still going, and close what it started."""
    starting.cancel()  # a finished start is not affected: its browser is closed below
    with contextlib.suppress(BaseException):
        started = await starting
        await started.close()
