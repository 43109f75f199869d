"""User actions inside the widget's iframe, performed through Playwright (headless `callsim run`)."""

from __future__ import annotations

from typing import Any

from playwright.async_api import Error as PlaywrightError
from playwright.async_api import TimeoutError as PlaywrightTimeout

from .runner import WidgetActionError

WIDGET_IFRAME = "#hubspot-calling-extension-iframe"


def _seconds(timeout: float) -> str:
    return f"{timeout:g} s"


class PlaywrightWidgetDriver:
    """Clicks, fills and waits inside the widget frame of one record page. Prompts are for people: ignored."""

    def __init__(self, page: Any) -> None:
        self.frame = page.frame_locator(WIDGET_IFRAME)

    async def click(self, selector: str, timeout: float, prompt: str | None) -> None:
        try:
            await self.frame.locator(selector).first.click(timeout=timeout * 1000)
        except PlaywrightTimeout:
            raise WidgetActionError(
                f"click {selector!r}: no visible, enabled element matched in the widget within {_seconds(timeout)}"
            ) from None
        except PlaywrightError as error:
            raise WidgetActionError(f"click {selector!r}: {_first_line(error)}") from None

    async def fill(self, selector: str, value: str, timeout: float, prompt: str | None) -> None:
        try:
            await self.frame.locator(selector).first.fill(value, timeout=timeout * 1000)
        except PlaywrightTimeout:
            raise WidgetActionError(
                f"fill {selector!r}: no editable element matched in the widget within {_seconds(timeout)}"
            ) from None
        except PlaywrightError as error:
            raise WidgetActionError(f"fill {selector!r}: {_first_line(error)}") from None

    async def wait_for(self, selector: str | None, text: str | None, timeout: float, prompt: str | None) -> None:
        locator = self.frame.locator(selector or "body")
        if text is not None:
            locator = locator.filter(has_text=text)
        what = " ".join(part for part in (selector and repr(selector), text and f"with text {text!r}") if part)
        try:
            await locator.first.wait_for(state="visible", timeout=timeout * 1000)
        except PlaywrightTimeout:
            raise WidgetActionError(f"wait_for {what}: not visible in the widget within {_seconds(timeout)}") from None
        except PlaywrightError as error:
            raise WidgetActionError(f"wait_for {what}: {_first_line(error)}") from None


def _first_line(error: Exception) -> str:
    return str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
