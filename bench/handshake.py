"""Benchmark: page navigation -> SYNC_ACK arriving in the host page, callsim's record page against a bare host page.

Two widgets on the real SDK: the sample widget (served by `callsim serve` on its own port) and a light softphone
(bench/light_widget.html and the SDK's bundle, served on its own site, 127.0.0.2, so Chromium gives it its own
process as it would a real widget). Three hosts load each widget: the record page, the record page without the head
start (its localStorage holds a LocalSettings: key, so the page leaves the iframe and the SYNC loop to its modules and
the socket's hello), and bench/bare_host.html (a 40-line host on its own port). Every load gets a fresh browser
context (empty cache, as on a first visit). Loads are interleaved: each round loads every host with every widget
once, in an order rotated from round to round, so all see the same machine load; the first 2 rounds are dropped.
Prints the p50 (and quartiles) of each and, per widget, the ratio of the p50s to the bare page's.

Usage: python bench/handshake.py [--loads 15]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

from aiohttp import web
from playwright.async_api import Browser, async_playwright

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from simulator.headless.browser import launch_options  # noqa: E402
from simulator.paths import find_sdk_bundle  # noqa: E402
from tests.helpers.live_server import start_live_server, stop_live_server  # noqa: E402

HERE = Path(__file__).resolve().parent
WARM_ROUNDS = 2
# Runs in the top page before its scripts: the moment SYNC_ACK arrives, relative to navigation start.
RECORD_ACK = """
if (window.top === window) {
  window.addEventListener("message", (e) => {
    if (e.data && e.data.type === "SYNC_ACK" && window.__ackAt === undefined) window.__ackAt = performance.now();
  }, true);
}
"""
NO_HEAD_START = 'localStorage.setItem("LocalSettings:callsim-bench", "no head start");'


@dataclass(frozen=True)
class Load:
    """One kind of page load: a host page with a widget."""

    widget: str
    host: str
    url: str
    init_script: str = RECORD_ACK


async def serve(host: str, files: dict[str, tuple[Path, str]]) -> tuple[web.AppRunner, str]:
    """A static server on `host`, a free port: path -> (file, content type); its base URL."""

    def handler(path: Path, content_type: str) -> Any:
        async def respond(_: web.Request) -> web.Response:
            return web.Response(body=path.read_bytes(), content_type=content_type)

        return respond

    app = web.Application()
    for route, (path, content_type) in files.items():
        app.router.add_get(route, handler(path, content_type))
    runner = web.AppRunner(app)
    await runner.setup()
    await web.TCPSite(runner, host, 0).start()
    return runner, f"http://{host}:{runner.addresses[0][1]}/"


def loads_for(widget: str, widget_url: str, record_url: str, bare_url: str) -> list[Load]:
    record = f"{record_url}?widget={quote(widget_url, safe='')}"
    return [
        Load(widget, "record page", record),
        Load(widget, "record page without the head start", record, RECORD_ACK + NO_HEAD_START),
        Load(widget, "bare host page", f"{bare_url}?widget={quote(widget_url, safe='')}"),
    ]


async def ack_time(browser: Browser, load: Load) -> float:
    """Navigation start -> SYNC_ACK in the top page, in a context of its own."""
    context = await browser.new_context()
    try:
        page = await context.new_page()
        await page.add_init_script(load.init_script)
        await page.goto(load.url)
        await page.wait_for_function("window.__ackAt !== undefined", timeout=15_000, polling=50)
        return float(await page.evaluate("window.__ackAt"))
    finally:
        await context.close()


async def measure(rounds: int, loads: list[Load]) -> dict[Load, list[float]]:
    samples: dict[Load, list[float]] = {load: [] for load in loads}
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(**launch_options())
        for round_ in range(WARM_ROUNDS + rounds):
            shift = round_ % len(loads)
            for load in loads[shift:] + loads[:shift]:
                took = await ack_time(browser, load)
                if round_ >= WARM_ROUNDS:
                    samples[load].append(took)
        await browser.close()
    return samples


def describe(load: Load, samples: list[float]) -> str:
    q1, median, q3 = statistics.quantiles(samples, n=4)
    return f"  {load.host:<38} p50 {median:7.1f} ms   (p25 {q1:.1f}, p75 {q3:.1f}, n={len(samples)})"


def report(samples: dict[Load, list[float]]) -> None:
    print(__doc__.split("\n\n")[1].replace("\n", " ") if __doc__ else "")
    for widget in dict.fromkeys(load.widget for load in samples):
        print(f"\n{widget}: navigation -> SYNC_ACK")
        mine = {load.host: values for load, values in samples.items() if load.widget == widget}
        for load, values in samples.items():
            if load.widget == widget:
                print(describe(load, values))
        bare = statistics.median(mine["bare host page"])
        for host in ("record page", "record page without the head start"):
            print(f"  ratio of the p50s, {host} / bare: {statistics.median(mine[host]) / bare:5.2f}x")


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--loads", type=int, default=15, help="measured loads of each host with each widget")
    args = parser.parse_args()
    bundle = find_sdk_bundle()
    if bundle is None:
        sys.exit("the SDK is not installed: run `npm ci`")
    js, html = "application/javascript", "text/html"
    light, light_url = await serve("127.0.0.2", {"/": (HERE / "light_widget.html", html), "/sdk.js": (bundle, js)})
    bare, bare_url = await serve("127.0.0.1", {"/": (HERE / "bare_host.html", html)})
    server = start_live_server("--quiet", "--widget", light_url)
    try:
        loads = [
            *loads_for("light widget (127.0.0.2, its own site)", light_url, server.url + "/", bare_url),
            *loads_for("sample widget (callsim's, its own port)", server.widget_url + "/", server.url + "/", bare_url),
        ]
        samples = await measure(args.loads, loads)
    finally:
        stop_live_server(server)
        await light.cleanup()
        await bare.cleanup()
    report(samples)


if __name__ == "__main__":
    asyncio.run(main())
