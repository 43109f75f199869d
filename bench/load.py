"""Benchmark: many record-page sessions on the page WebSocket, no browser (a client speaking the page's protocol).

Each session says hello, completes the handshake (sync_sent + received SYNC_ACK), then relays widget replies
(`received` USER_AVAILABLE, the message a logged-in widget repeats) and waits for the server's `entry` for each.
A reply's latency: the client sends it -> the server's log entry for it arrives back on the same socket.

Two phases against ONE `callsim serve --quiet` (a temporary --data-dir, so the store's writes are real):
  * saturation: every session keeps `--window` replies in flight until `--per-session` are done;
  * paced: `--rate` replies/s in total, spread over the sessions, for `--seconds`.
Prints replies/s, p50/p99 latency, the server's resident memory (VmRSS after each phase) and its CPU time
per 1,000 replies (the client shares the 2 cores, so CPU per reply is the figure that does not depend on it).

Usage: python bench/load.py [--sessions 1000] [--per-session 100] [--window 4] [--rate 1000] [--seconds 10]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

import aiohttp

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from tests.helpers.live_server import LiveServer, start_live_server, stop_live_server  # noqa: E402

WIDGET_ORIGIN = "http://127.0.0.1:9999"
REPLY = json.dumps(
    {"kind": "received", "message": {"type": "USER_AVAILABLE", "messageId": "%s", "data": {}}, "origin": WIDGET_ORIGIN}
)
# The server's entry for a relayed reply (its JSON is compact): direction "in", then the message's id.
IN_ENTRY = re.compile(r'^\{"kind":"entry".*?"direction":"in".*?"messageId":"(\d+_\d+)"')


class Page:
    """One fake record page: its socket, its session's instance id and the replies waiting for their entry."""

    def __init__(self, ws: aiohttp.ClientWebSocketResponse, instance: str) -> None:
        self.ws = ws
        self.instance = instance
        self.counter = 1
        self.waiting: dict[str, tuple[float, asyncio.Future[float]]] = {}
        self.reader = asyncio.get_running_loop().create_task(self._read())

    async def _read(self) -> None:
        async for msg in self.ws:
            # A regex, not json.loads: the client shares the 2 cores with the server, so it does as little as it can.
            if msg.type != aiohttp.WSMsgType.TEXT or (found := IN_ENTRY.search(msg.data)) is None:
                continue
            waiting = self.waiting.pop(found.group(1), None)
            if waiting is not None:
                waiting[1].set_result((time.perf_counter() - waiting[0]) * 1000)

    async def reply(self) -> float:
        """Relay one widget reply; its latency in ms once the server's entry for it is back."""
        self.counter += 1
        message_id = f"{self.instance}_{self.counter}"
        done: asyncio.Future[float] = asyncio.get_running_loop().create_future()
        self.waiting[message_id] = (time.perf_counter(), done)
        await self.ws.send_str(REPLY % message_id)
        return await done


async def open_page(http: aiohttp.ClientSession, server: LiveServer) -> Page:
    ws = await http.ws_connect(server.url.replace("http", "ws") + "/ws", headers={"Origin": server.url})
    await ws.send_json({"kind": "hello", "widgetUrl": WIDGET_ORIGIN + "/", "page": "record"})
    while True:
        hello = await ws.receive_json()
        if hello["kind"] == "hello":
            break
    instance = hello["instanceId"]
    sync = {"type": "SYNC", "messageId": f"{instance}_1", "hostUrl": server.url, **hello["sync"]}
    await ws.send_json({"kind": "iframe_load", "url": WIDGET_ORIGIN + "/"})
    await ws.send_json({"kind": "sync_sent", "message": sync, "dropped": False})
    ack = {"type": "SYNC_ACK", "messageId": f"{instance}_1", "version": "0.9.7", "iFrameUrl": WIDGET_ORIGIN}
    await ws.send_json({"kind": "received", "message": ack, "origin": WIDGET_ORIGIN})
    return Page(ws, str(int(instance) + 1_000_000))  # the widget's own instance id: not the host's, like the SDK's


def server_stats(pid: int) -> tuple[float, float]:
    """(resident MiB, CPU seconds user+system) of the server process, from /proc."""
    rss = 0.0
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            rss = int(line.split()[1]) / 1024
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    cpu = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return rss, cpu


def report(name: str, latencies: list[float], seconds: float, cpu: float, client_cpu: float, rss: float) -> None:
    p99 = statistics.quantiles(latencies, n=100)[98]
    per_1000 = 1e6 / len(latencies)
    print(
        f"{name:<11} {len(latencies):>7} replies in {seconds:6.2f} s = {len(latencies) / seconds:6.0f} replies/s  "
        f"p50 {statistics.median(latencies):7.2f} ms  p99 {p99:7.2f} ms  CPU per 1,000: server "
        f"{cpu * per_1000:4.0f} ms, client {client_cpu * per_1000:4.0f} ms  server RSS {rss:4.0f} MiB"
    )


async def saturate(pages: list[Page], per_session: int, window: int) -> list[float]:
    async def one(page: Page) -> list[float]:
        async def lane(count: int) -> list[float]:
            return [await page.reply() for _ in range(count)]

        lanes = [per_session // window + (i < per_session % window) for i in range(window)]
        return [t for got in await asyncio.gather(*(lane(n) for n in lanes)) for t in got]

    return [t for got in await asyncio.gather(*(one(page) for page in pages)) for t in got]


async def paced(pages: list[Page], rate: float, seconds: float) -> list[float]:
    tasks: list[asyncio.Task[float]] = []
    start = time.perf_counter()
    total = int(rate * seconds)
    for i in range(total):
        delay = start + i / rate - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        tasks.append(asyncio.get_running_loop().create_task(pages[i % len(pages)].reply()))
    return list(await asyncio.gather(*tasks))


async def run(args: argparse.Namespace, server: LiveServer) -> None:
    pid = server.process.pid
    connector = aiohttp.TCPConnector(limit=0)
    async with aiohttp.ClientSession(connector=connector) as http:
        pages = []
        for batch in range(0, args.sessions, 100):
            count = min(100, args.sessions - batch)
            pages += await asyncio.gather(*(open_page(http, server) for _ in range(count)))
        await asyncio.gather(*(page.reply() for page in pages))  # warm: every session has relayed once
        rss, cpu0 = server_stats(pid)
        print(f"{len(pages)} sessions open; server RSS {rss:.0f} MiB (python {sys.version.split()[0]})")
        start, mine = time.perf_counter(), time.process_time()
        latencies = await saturate(pages, args.per_session, args.window)
        took, mine = time.perf_counter() - start, time.process_time() - mine
        rss, cpu1 = server_stats(pid)
        report("saturation", latencies, took, cpu1 - cpu0, mine, rss)
        await asyncio.sleep(1)  # the server's last batch and the client's GC settle before the paced phase
        rss, cpu1 = server_stats(pid)
        start, mine = time.perf_counter(), time.process_time()
        latencies = await paced(pages, args.rate, args.seconds)
        took, mine = time.perf_counter() - start, time.process_time() - mine
        rss, cpu2 = server_stats(pid)
        report(f"paced {args.rate:.0f}/s", latencies, took, cpu2 - cpu1, mine, rss)
        for page in pages:
            await page.ws.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sessions", type=int, default=1000)
    parser.add_argument("--per-session", type=int, default=100)
    parser.add_argument("--window", type=int, default=4)
    parser.add_argument("--rate", type=float, default=1000)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--ephemeral", action="store_true", help="the store in memory instead of a temp data dir")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="callsim-load-") as data_dir:
        store = ["--ephemeral"] if args.ephemeral else ["--data-dir", data_dir]
        server = start_live_server("--quiet", *store)
        try:
            asyncio.run(run(args, server))
        finally:
            stop_live_server(server)
            tracebacks = [line for line in server.output if "Traceback" in line]
            if tracebacks:
                print(f"server printed {len(tracebacks)} tracebacks:\n{server.text()[-2000:]}")


if __name__ == "__main__":
    main()
