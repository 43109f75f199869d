"""Benchmark: page navigation -> SYNC_ACK arriving in the host page, callsim's record page against a bare host page.

bench/bare_host.html (a 40-line host: one iframe and the SYNC loop) is served by a tiny static server on its own
port and loads the same sample widget as the record page, from the same `callsim serve`. The pages are loaded
alternately in one headless Chromium (record, record without the head start, bare, record, ...), so all see the
same machine load; prints the p50 (and quartiles) of each and the ratios of the p50s. "Without the head start"
is the record page in a browser context whose localStorage holds a LocalSettings: key, which makes base.html leave
the iframe to the modules (as before the head start).

Usage: python bench/handshake.py [--loads 15]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
from pathlib import Path
from typing import Any

from aiohttp import web
from playwright.async_api import async_playwright

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from simulator.headless.browser import launch_options  # noqa: E402
from tests.helpers.live_server import start_live_server, stop_live_server  # noqa: E402

BARE = Path(__file__).resolve().parent / "bare_host.html"
# Runs in the top page before its scripts: the moment SYNC_ACK arrives, relative to navigation start.
RECORD_ACK = """
if (window.top === window) {
  window.addEventListener("message", (e) => {
    if (e.data && e.data.type === "SYNC_ACK" && window.__ackAt === undefined) window.__ackAt = performance.now();
  }, true);
}
"""
NO_HEAD_START = 'localStorage.setItem("LocalSettings:callsim-bench", "no head start");'


def describe(name: str, samples: list[float]) -> str:
    q1, median, q3 = statistics.quantiles(samples, n=4)
    return f"{name:<40} p50 {median:7.1f} ms   (p25 {q1:.1f}, p75 {q3:.1f}, n={len(samples)})"


async def serve_bare() -> tuple[web.AppRunner, str]:
    async def page(_: web.Request) -> web.Response:
        return web.Response(text=BARE.read_text(), content_type="text/html")

    app = web.Application()
    app.router.add_get("/", page)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    return runner, f"http://127.0.0.1:{port}/"


async def ack_time(page: Any, url: str) -> float:
    await page.goto(url)
    await page.wait_for_function("window.__ackAt !== undefined", timeout=15_000)
    return float(await page.evaluate("window.__ackAt"))


async def measure(loads: int, record_url: str, bare_url: str) -> tuple[list[float], list[float], list[float]]:
    record: list[float] = []
    late: list[float] = []
    bare: list[float] = []
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(**launch_options())
        page = await browser.new_page()
        await page.add_init_script(RECORD_ACK)
        other = await (await browser.new_context()).new_page()
        await other.add_init_script(RECORD_ACK + NO_HEAD_START)
        for _ in range(2):  # warm all: first loads compile and cache
            await ack_time(page, record_url)
            await ack_time(other, record_url)
            await ack_time(page, bare_url)
        for _ in range(loads):
            record.append(await ack_time(page, record_url))
            late.append(await ack_time(other, record_url))
            bare.append(await ack_time(page, bare_url))
        await browser.close()
    return record, late, bare


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--loads", type=int, default=15)
    args = parser.parse_args()
    server = start_live_server("--quiet")
    runner, bare_url = await serve_bare()
    try:
        record, late, bare = await measure(args.loads, server.url + "/", f"{bare_url}?widget={server.widget_url}/")
    finally:
        await runner.cleanup()
        stop_live_server(server)
    print(describe("record page: navigation -> SYNC_ACK", record))
    print(describe("record page without the head start", late))
    print(describe("bare host page: navigation -> SYNC_ACK", bare))
    for name, samples in (("record / bare", record), ("without head start / bare", late)):
        ratio = statistics.median(samples) / statistics.median(bare)
        print(f"{'ratio of the p50s, ' + name:<46} {ratio:5.2f}x   (interleaved in one run, same widget)")


if __name__ == "__main__":
    asyncio.run(main())
