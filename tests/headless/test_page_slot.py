"""A worker's reused page (simulator/headless/page_slot.py): the next scenario sees nothing the last one left."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from aiohttp import web
from playwright.async_api import async_playwright

from simulator.headless.browser import launch_options
from simulator.headless.page_slot import PageSlot

pytestmark = pytest.mark.browser

# What a widget might keep between loads, read back as one string on every load.
REMEMBER = """<script>
  const cookie = "c" + location.port;  // both origins share 127.0.0.1's cookies: each reads its own
  const mine = document.cookie.split("; ").find((c) => c.startsWith(cookie + "=")) ?? null;
  document.body.dataset.seen = JSON.stringify([sessionStorage.getItem("s"), localStorage.getItem("l"), mine]);
  sessionStorage.setItem("s", "1"); localStorage.setItem("l", "1"); document.cookie = cookie + "=1";
</script>"""


async def start(app: web.Application) -> tuple[web.AppRunner, str]:
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    return runner, f"http://127.0.0.1:{site._server.sockets[0].getsockname()[1]}"  # type: ignore[union-attr]


@pytest.fixture
async def origins() -> AsyncIterator[tuple[str, str]]:
    """A host page on one origin framing a widget page on another, both remembering what they saw."""

    async def widget_page(request: web.Request) -> web.Response:
        return web.Response(text=f"<body>{REMEMBER}</body>", content_type="text/html")

    widget_app = web.Application()
    widget_app.router.add_get("/", widget_page)
    widget_runner, widget = await start(widget_app)

    async def host_page(request: web.Request) -> web.Response:
        body = f'<body>{REMEMBER}<iframe id="w" src="{widget}/"></iframe></body>'
        return web.Response(text=body, content_type="text/html")

    host_app = web.Application()
    host_app.router.add_get("/", host_page)
    host_runner, host = await start(host_app)
    yield host, widget
    await host_runner.cleanup()
    await widget_runner.cleanup()


async def seen(page: object, host: str) -> tuple[str, str]:
    await page.goto(host + "/")  # type: ignore[attr-defined]
    frame = page.frame_locator("#w").locator("body[data-seen]")  # type: ignore[attr-defined]
    await frame.wait_for(state="attached")
    return (
        str(await page.evaluate("document.body.dataset.seen")),  # type: ignore[attr-defined]
        str(await frame.get_attribute("data-seen")),
    )


async def test_a_reused_page_forgets_storage_cookies_and_popups_between_scenarios(origins: tuple[str, str]) -> None:
    host, _ = origins
    nothing = "[null,null,null]"
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(**launch_options())
        slot = PageSlot(browser)
        context, page = await slot.take()
        assert await seen(page, host) == (nothing, nothing)
        assert await seen(page, host) != (nothing, nothing)  # without a wipe, a second load remembers
        popup = await context.new_page()  # a window the widget opened
        await slot.give_back(trusted=True)

        context_again, page_again = await slot.take()
        assert (context_again, page_again) == (context, page) and popup.is_closed()
        assert await seen(page_again, host) == (nothing, nothing)

        await slot.give_back(trusted=False)  # a scenario that failed: its context is not reused
        context_new, page_new = await slot.take()
        assert context_new is not context and await seen(page_new, host) == (nothing, nothing)
        await slot.close()
        await browser.close()


async def test_fresh_contexts_give_every_scenario_a_new_context(origins: tuple[str, str]) -> None:
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(**launch_options())
        slot = PageSlot(browser, fresh=True)
        first, _ = await slot.take()
        await slot.give_back(trusted=True)
        second, _ = await slot.take()
        assert second is not first
        await slot.close()
        await browser.close()
