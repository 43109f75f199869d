"""Benchmark: handshake time and the relay's overhead, in headless Chromium with the sample widget.

Prints medians (and quartiles) over many runs:
  * page navigation -> SYNC_ACK arriving in the host page;
  * a host event sent through the control API until the widget's reply is logged by the server and until that
    entry is pushed back by the server's event stream, against a raw postMessage round trip to the same widget,
    in the same page, same run; both back-to-back (the next event as soon as the reply is in) and isolated
    (`--pause` ms between events, as a scenario step sends them: every process on the path has gone idle, so
    each pays its wake-up), each against raw round trips timed the same way (same pause).
  * for isolated events, where the relay's time goes: the page's side is stamped by an init script that wraps its
    WebSocket (when the `post` arrives, before the page's own handler; when the answer is sent), the server's by
    the log entries' `ts` (same machine, same wall clock).
The host event is a type the SDK does not know: the SDK answers it at once with ERROR
UNKNOWN_MESSAGE_TYPE, so neither path waits on widget code.

Usage: python bench/relay.py [--loads 15] [--round-trips 200] [--isolated 60] [--pause 250]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import time
from pathlib import Path
from typing import Any

import aiohttp
from playwright.async_api import async_playwright

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from simulator.headless.browser import launch_options  # noqa: E402
from tests.helpers.live_server import start_live_server, stop_live_server  # noqa: E402

# Runs in the top page before its scripts: the moment SYNC_ACK arrives, relative to navigation start.
RECORD_ACK = """
if (window.top === window) {
  window.addEventListener("message", (e) => {
    if (e.data && e.data.type === "SYNC_ACK" && window.__ackAt === undefined) window.__ackAt = performance.now();
  }, true);
}
"""

# Runs in the top page before its scripts: wall-clock stamps (ms) of the bench's post arriving on the page's socket
# (this listener is added first, so before the page handles it) and of the widget's answer leaving it.
RELAY_STAMPS = """
if (window.top === window) {
  window.__relay = [];
  const stamp = () => performance.timeOrigin + performance.now();
  const Native = window.WebSocket;
  window.WebSocket = class extends Native {
    constructor(...args) {
      super(...args);
      this.addEventListener("message", (e) => {
        const ours = typeof e.data === "string" && e.data.includes("CALLSIM_BENCH_PING");
        if (ours) window.__relay.push(["in", stamp(), e.data]);
      });
    }
    send(text) {
      const ours = typeof text === "string" && text.includes("UNKNOWN_MESSAGE_TYPE");
      if (ours) window.__relay.push(["out", stamp(), text]);
      super.send(text);
    }
  };
}
"""

RAW_ROUND_TRIPS = """
async ([count, instance, pause]) => {
  const frame = document.getElementById("hubspot-calling-extension-iframe");
  const origin = new URL(frame.src).origin;
  const times = [];
  for (let i = 0; i < count; i++) {
    if (pause) await new Promise((resolve) => setTimeout(resolve, pause));
    const id = `${instance}_${Date.now() + i}`;
    const reply = new Promise((resolve) => {
      const listen = (e) => {
        const original = e.data && e.data.data && e.data.data.data && e.data.data.data.originalMessage;
        if (original && original.messageId === id) { window.removeEventListener("message", listen); resolve(); }
      };
      window.addEventListener("message", listen);
    });
    const start = performance.now();
    frame.contentWindow.postMessage({ type: "CALLSIM_BENCH_PING", messageId: id, data: {} }, origin);
    await reply;
    times.push(performance.now() - start);
  }
  return times;
}
"""


def describe(name: str, samples: list[float]) -> str:
    q1, median, q3 = statistics.quantiles(samples, n=4)
    return f"{name:<44} median {median:7.2f} ms   (p25 {q1:.2f}, p75 {q3:.2f}, n={len(samples)})"


async def measure_loads(page: Any, url: str, loads: int) -> list[float]:
    times = []
    for _ in range(loads):
        await page.goto(url)
        await page.wait_for_function("window.__ackAt !== undefined", timeout=15_000)
        times.append(await page.evaluate("window.__ackAt"))
    return times


async def measure_relay(
    http: aiohttp.ClientSession, base: str, session: str, count: int, pause_ms: float = 0
) -> tuple[list[float], list[float], list[dict[str, float]]]:
    """POST an event; time until the server logs the widget's reply (its own clock: same machine, same
    wall clock) and until that log entry reaches this client on the event stream; and each event's stamps
    (wall clock, ms) by host message id, for the legs."""
    logged, pushed, stamps = [], [], []
    async with http.get(f"{base}/api/sessions/{session}/log") as response:
        last = (await response.json())["last"]
    async with http.get(f"{base}/api/sessions/{session}/stream?since={last}") as stream:
        for _ in range(count):
            if pause_ms:
                await asyncio.sleep(pause_ms / 1000)
            wall_start, start = time.time(), time.perf_counter()
            async with http.post(f"{base}/api/sessions/{session}/events", json={"type": "CALLSIM_BENCH_PING"}) as r:
                sent_id = (await r.json())["entry"]["message"]["messageId"]
            event = {"id": sent_id, "sent": wall_start * 1000}
            while True:
                line = (await stream.content.readline()).decode()
                if not line.startswith("data: "):
                    continue
                entry = json.loads(line[6:])
                message = entry.get("message") or {}
                original = ((message.get("data") or {}).get("data") or {}).get("originalMessage") or {}
                if entry["direction"] == "out" and message.get("messageId") == sent_id:
                    event["out"] = entry["ts"] * 1000
                if entry["direction"] == "in" and original.get("messageId") == sent_id:
                    pushed.append((time.perf_counter() - start) * 1000)
                    logged.append((entry["ts"] - wall_start) * 1000)
                    event["in"], event["pushed"] = entry["ts"] * 1000, event["sent"] + pushed[-1]
                    stamps.append(event)
                    break
    return logged, pushed, stamps


def page_legs(events: list[dict[str, Any]], page_stamps: list[list[Any]]) -> dict[str, list[float]]:
    """Where each isolated relay's time went, from the server's stamps and the page's (RELAY_STAMPS)."""
    at_page: dict[str, dict[str, float]] = {}
    for direction, stamp, text in page_stamps:
        payload = json.loads(text)
        if direction == "in" and payload.get("kind") == "post":
            at_page.setdefault(payload["message"]["messageId"], {})["post"] = stamp
        elif direction == "out":
            original = payload["message"]["data"]["data"]["originalMessage"]
            at_page.setdefault(original["messageId"], {})["reply"] = stamp
    legs: dict[str, list[float]] = {name: [] for name in LEGS}
    for event in events:
        page = at_page.get(str(event["id"]), {})
        if "out" not in event or "post" not in page or "reply" not in page:
            continue
        points = [event["sent"], event["out"], page["post"], page["reply"], event["in"], event["pushed"]]
        for name, begin, end in zip(LEGS, points, points[1:], strict=False):
            legs[name].append(end - begin)
    return legs


LEGS = (
    "POST -> server logs the event going out",
    "logged -> post arrives in the page",
    "page -> widget -> page (raw round trip)",
    "answer leaves the page -> server logs it",
    "logged -> entry on the event stream",
)


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--loads", type=int, default=15)
    parser.add_argument("--round-trips", type=int, default=200)
    parser.add_argument("--isolated", type=int, default=60, help="isolated events (each after a pause)")
    parser.add_argument("--pause", type=float, default=250, help="ms between isolated events")
    args = parser.parse_args()
    server = start_live_server("--quiet")
    try:
        async with async_playwright() as playwright, aiohttp.ClientSession() as http:
            browser = await playwright.chromium.launch(**launch_options())
            page = await browser.new_page()
            await page.add_init_script(RECORD_ACK)
            await page.add_init_script(RELAY_STAMPS)
            loads = await measure_loads(page, server.url + "/", args.loads)
            session = await page.evaluate("document.body.dataset.session")
            instance = (await (await http.get(f"{server.url}/api/sessions/{session}")).json())["id"]
            raw = await page.evaluate(RAW_ROUND_TRIPS, [args.round_trips, "1000000000000", 0])
            logged, pushed, _ = await measure_relay(http, server.url, session, args.round_trips)
            raw += await page.evaluate(RAW_ROUND_TRIPS, [args.round_trips, "1000000000000", 0])
            # Isolated: raw and relayed alternate in small batches, so both see the same machine load.
            raw_isolated: list[float] = []
            logged_isolated: list[float] = []
            pushed_isolated: list[float] = []
            stamps: list[dict[str, Any]] = []
            await page.evaluate("window.__relay.splice(0)")
            for _ in range(max(1, args.isolated // 10)):
                raw_isolated += await page.evaluate(RAW_ROUND_TRIPS, [10, "1000000000000", args.pause])
                got = await measure_relay(http, server.url, session, 10, args.pause)
                logged_isolated += got[0]
                pushed_isolated += got[1]
                stamps += got[2]
            legs = page_legs(stamps, await page.evaluate("window.__relay"))
            await browser.close()
    finally:
        stop_live_server(server)
    print(describe("page navigation -> SYNC_ACK in the host page", loads))
    print("back-to-back events:")
    print(describe("raw postMessage round trip (in the page)", raw))
    print(describe("relay: control API -> reply logged by server", logged))
    print(describe("relay: control API -> reply on event stream", pushed))
    overhead = statistics.median(logged) - statistics.median(raw)
    print(f"{'relay overhead (median logged - median raw)':<44}        {overhead:7.2f} ms   (session {instance})")
    print(f"isolated events ({args.pause:.0f} ms apart):")
    print(describe("raw postMessage round trip (in the page)", raw_isolated))
    print(describe("relay: control API -> reply logged by server", logged_isolated))
    print(describe("relay: control API -> reply on event stream", pushed_isolated))
    overhead = statistics.median(logged_isolated) - statistics.median(raw_isolated)
    ratio = statistics.median(logged_isolated) / statistics.median(raw_isolated)
    print(f"{'relay overhead (median logged - median raw)':<44}        {overhead:7.2f} ms   ({ratio:.2f}x raw)")
    print("where an isolated relay's time goes (median of each leg):")
    for name, values in legs.items():
        if values:
            print(describe("  " + name, values))


if __name__ == "__main__":
    asyncio.run(main())
