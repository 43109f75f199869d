"""bench/loop.py's load generator: fake record pages with a scripted widget, run in worker processes of their own.

Each page speaks the page socket's protocol (as tests/helpers/page_socket.py does) and plays its widget too: when
the server's `post` of the bench event arrives, it answers at once with the SDK's ERROR UNKNOWN_MESSAGE_TYPE, as
the SDK does for a host type it does not know, and sends that back as `received`. Every timestamp is wall clock
(`time.time()`, the clock the server stamps log entries with: same machine, so the server's stamps line up).
"""

from __future__ import annotations

import asyncio
import gc
import json
import time
from dataclasses import dataclass, field
from typing import Any

import aiohttp

WIDGET_ORIGIN = "http://127.0.0.1:9999"
HTTP_CONNECTIONS = 20  # per worker process
EVENT = "CALLSIM_BENCH_PING"  # unknown to the SDK, so the scripted widget answers it the way the SDK would


@dataclass
class Event:
    """One event's journey; the `server_*` stamps are the server's log entries' `ts`."""

    sent: float  # the client sends the inject (or the POST)
    server_out: float = 0.0  # the server logs the event going out to the widget
    post_at_page: float = 0.0  # the page receives the `post`
    reply_sent: float = 0.0  # the scripted widget's answer leaves the page
    server_in: float = 0.0  # the server logs the answer
    done: float = 0.0  # the page receives the answer's log entry
    http_done: float = 0.0  # the control API's 202 arrives (API mode only)


@dataclass
class Page:
    """One fake record page: its socket, session, the host's message ids it has seen posted and their events."""

    ws: aiohttp.ClientWebSocketResponse
    session: str
    instance: str
    events: dict[str, Event] = field(default_factory=dict)  # host messageId -> event
    unnamed: list[Event] = field(default_factory=list)  # fired, host messageId not seen yet (its out entry names it)
    counter: int = 1

    def on_message(self, text: str, now: float) -> str | None:
        """The page's side of one server message: the widget's answer to send back (to a post), entries close events."""
        if text.startswith('{"kind":"effect"'):
            return None  # state and effects: the page would render them; nothing to time
        payload = json.loads(text)
        kind = payload.get("kind")
        if kind == "post":
            message = payload["message"]
            event = self._event_for(message.get("messageId")) if message.get("type") == EVENT else None
            if event is None:
                return None
            event.post_at_page = now
            self.counter += 1
            nack = {
                "type": "ERROR",
                "messageId": f"{self.instance}_{self.counter}",
                "data": {"type": "UNKNOWN_MESSAGE_TYPE", "data": {"originalMessage": message}},
            }
            event.reply_sent = time.time()
            return json.dumps({"kind": "received", "message": nack, "origin": WIDGET_ORIGIN})
        if kind == "entry":
            self._on_entry(payload["entry"], now)
        return None

    def _event_for(self, host_id: Any) -> Event | None:
        if host_id in self.events:
            return self.events[host_id]
        if self.unnamed and isinstance(host_id, str):  # the server names the id: first seen in the out entry or post
            event = self.events[host_id] = self.unnamed.pop(0)
            return event
        return None

    def _on_entry(self, entry: dict[str, Any], now: float) -> None:
        message = entry.get("message") or {}
        if entry.get("direction") == "out" and entry.get("type") == EVENT:
            event = self._event_for(message.get("messageId"))
            if event is not None:
                event.server_out = entry["ts"]
        elif entry.get("direction") == "in" and entry.get("type") == "ERROR":
            original = ((message.get("data") or {}).get("data") or {}).get("originalMessage") or {}
            event = self.events.get(str(original.get("messageId")))
            if event is not None and not event.done:
                event.server_in, event.done = entry["ts"], now


async def read(page: Page) -> None:
    async for msg in page.ws:
        if msg.type == aiohttp.WSMsgType.TEXT:
            answer = page.on_message(msg.data, time.time())  # stamped where it arrives, before the page's own work
            if answer is not None:
                await page.ws.send_str(answer)


async def open_page(http: aiohttp.ClientSession, base: str) -> Page:
    """Connect, say hello and complete the handshake as the page and the SDK would."""
    ws = await http.ws_connect(base.replace("http", "ws", 1) + "/ws", headers={"Origin": base})
    await ws.send_json({"kind": "hello", "widgetUrl": WIDGET_ORIGIN + "/", "page": "record"})
    while (hello := await ws.receive_json())["kind"] != "hello":
        pass
    instance = hello["instanceId"]
    sync = {"type": "SYNC", "messageId": f"{instance}_1", "hostUrl": base, **hello["sync"]}
    await ws.send_json({"kind": "iframe_load", "url": WIDGET_ORIGIN + "/"})
    await ws.send_json({"kind": "sync_sent", "message": sync, "dropped": False})
    ack = {"type": "SYNC_ACK", "messageId": f"{instance}_1", "version": "0.9.7", "iFrameUrl": WIDGET_ORIGIN}
    await ws.send_json({"kind": "received", "message": ack, "origin": WIDGET_ORIGIN})
    # The widget's own instance id (the SDK's is its Date.now()): never the host's, or HubSpot drops its messages.
    return Page(ws, hello["session"], str(int(instance) + 1))


class Lag:
    """How late this process's event loop runs a 5 ms timer: the client's own delay on every timestamp."""

    def __init__(self) -> None:
        self.samples: list[float] = []

    async def run(self) -> None:
        while True:
            due = time.perf_counter() + 0.005
            await asyncio.sleep(0.005)
            self.samples.append((time.perf_counter() - due) * 1000)


@dataclass
class Job:
    base: str
    sessions: int  # this worker's pages
    rate: float  # this worker's events/s
    seconds: float
    mode: str  # "inject" (the page socket, as the Inject panel) or "api" (POST /api/sessions/{id}/events)
    offset: float  # this worker's share of the schedule starts this many seconds after the common start


class Http:
    """Keep-alive HTTP/1.1 connections to the control API, one request at a time each: a client far lighter than
    aiohttp's (which spent about 0.5 ms of CPU per POST), so the client's cost does not crowd the server's cores."""

    def __init__(self, base: str) -> None:
        self.host, port = base.removeprefix("http://").split(":")
        self.port = int(port)
        self.idle: asyncio.Queue[tuple[asyncio.StreamReader, asyncio.StreamWriter]] = asyncio.Queue()

    async def open(self, count: int) -> None:
        for _ in range(count):
            self.idle.put_nowait(await asyncio.open_connection(self.host, self.port))

    async def post(self, path: str, body: bytes) -> bytes:
        reader, writer = await self.idle.get()
        head = f"POST {path} HTTP/1.1\r\nHost: {self.host}:{self.port}\r\nContent-Type: application/json\r\n"
        writer.write(f"{head}Content-Length: {len(body)}\r\n\r\n".encode() + body)
        headers = await reader.readuntil(b"\r\n\r\n")
        length = int(headers.lower().split(b"content-length:")[1].split(b"\r\n")[0])
        answer = await reader.readexactly(length)
        self.idle.put_nowait((reader, writer))
        if not headers.startswith(b"HTTP/1.1 202"):
            raise RuntimeError(f"POST {path}: {headers.splitlines()[0]!r} {answer[:200]!r}")
        return answer

    def close(self) -> None:
        while not self.idle.empty():
            self.idle.get_nowait()[1].close()


async def fire(page: Page, job: Job, http: Http) -> None:
    event = Event(time.time())
    page.unnamed.append(event)  # one event per page at a time (1/s each), so the next host id on the page is its
    if job.mode == "inject":
        await page.ws.send_str('{"kind":"inject","type":"' + EVENT + '","data":{}}')  # as the Inject panel sends
        return
    await http.post(f"/api/sessions/{page.session}/events", b'{"type":"' + EVENT.encode() + b'"}')
    event.http_done = time.time()


Result = tuple[list[Event], float, list[float]]  # events, the client's CPU seconds while driving, loop lag samples


async def drive(job: Job, ready: Any, go: Any, start: Any) -> Result:
    """Open this worker's pages, say ready, wait for the common start, then fire `job.rate` events/s in turn."""
    connector = aiohttp.TCPConnector(limit=0)
    async with aiohttp.ClientSession(connector=connector) as pages_http:
        http = Http(job.base)  # the control API's POSTs share keep-alive connections, as a script's would
        await http.open(HTTP_CONNECTIONS if job.mode == "api" else 0)
        pages: list[Page] = []
        for batch in range(0, job.sessions, 50):
            opening = (open_page(pages_http, job.base) for _ in range(min(50, job.sessions - batch)))
            pages += await asyncio.gather(*opening)
        readers = [asyncio.ensure_future(read(page)) for page in pages]
        gc.collect()
        gc.freeze()
        gc.disable()  # the client's collector pauses would show as the loop's latency: they are the client's cost
        ready.put(len(pages))
        await asyncio.to_thread(go.wait)
        lag = Lag()
        ticker = asyncio.ensure_future(lag.run())
        t0 = start.value + job.offset
        await asyncio.sleep(max(0.0, t0 - time.time()))
        cpu = time.process_time()
        pending: set[asyncio.Future[None]] = set()
        for i in range(int(job.rate * job.seconds)):
            delay = t0 + i / job.rate - time.time()
            if delay > 0:
                await asyncio.sleep(delay)
            task = asyncio.ensure_future(fire(pages[i % len(pages)], job, http))
            pending.add(task)
            task.add_done_callback(pending.discard)
        await asyncio.gather(*pending)
        deadline = time.time() + 5  # an answer later than this counts as lost
        while time.time() < deadline and any(not e.done for p in pages for e in (*p.events.values(), *p.unnamed)):
            await asyncio.sleep(0.05)
        cpu = time.process_time() - cpu
        ticker.cancel()
        for reader in readers:
            reader.cancel()
        for page in pages:
            await page.ws.close()
        http.close()
        return [e for p in pages for e in (*p.events.values(), *p.unnamed)], cpu, lag.samples


def worker(job: Job, ready: Any, go: Any, start: Any, results: Any) -> None:
    """A worker process's body (multiprocessing target): its events and costs go back on `results`."""
    results.put(asyncio.run(drive(job, ready, go, start)))
