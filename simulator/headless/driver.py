"""User actions inside the widget's iframe, performed through Playwright (headless `callsim run`)."""

from __future__ import annotations

from collections.abc import Awaitable
from typing import Any

from playwright.async_api import Error as PlaywrightError
from playwright.async_api import TimeoutError as PlaywrightTimeout

from simulator.errors import WidgetActionError

WIDGET_IFRAME = "#hubspot-calling-extension-iframe"


async def _perform(action: Awaitable[Any], what: str, missing: str) -> None:
    """Run one Playwright action; its failures become a one-line WidgetActionError for the report."""
    try:
        await action
    except PlaywrightTimeout:
        raise WidgetActionError(f"{what}: {missing}") from None
    except PlaywrightError as error:
        first_line = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        raise WidgetActionError(f"{what}: {first_line}") from None


class PlaywrightWidgetDriver:
    """Clicks, fills and waits inside the widget frame of one record page. Prompts are for people: ignored."""

    def __init__(self, page: Any, frame: Any = None) -> None:
        self.page = page
        self.frame = frame or page.frame_locator(WIDGET_IFRAME)  # `frame`: the widget's frame in a nested page

    async def _to_front(self) -> None:
        """With several record tabs open, act in a tab in front: a background tab's frames wait for rendering."""
        if len(self.page.context.pages) > 1:
            await self.page.bring_to_front()

    async def click(self, selector: str, timeout: float, prompt: str | None) -> None:
        await self._to_front()
        action = self.frame.locator(selector).first.click(timeout=timeout * 1000)
        missing = f"no visible, enabled element matched in the widget within {timeout:g} s"
        await _perform(action, f"click {selector!r}", missing)

    async def fill(self, selector: str, value: str, timeout: float, prompt: str | None) -> None:
        await self._to_front()
        action = self.frame.locator(selector).first.fill(value, timeout=timeout * 1000)
        await _perform(action, f"fill {selector!r}", f"no editable element matched in the widget within {timeout:g} s")

    async def wait_for(self, selector: str | None, text: str | None, timeout: float, prompt: str | None) -> None:
        await self._to_front()
        locator = self.frame.locator(selector or "body")
        if text is not None:
            locator = locator.filter(has_text=text)
        what = " ".join(part for part in (selector and repr(selector), text and f"with text {text!r}") if part)
        action = locator.first.wait_for(state="visible", timeout=timeout * 1000)
        await _perform(action, f"wait_for {what}", f"not visible in the widget within {timeout:g} s")
