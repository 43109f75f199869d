"""`callsim serve`'s warm scenario runs: `POST /api/runs` plays scenario files on the server's own pages.

`callsim run --server URL` (remote_client.py) sends the files' paths here instead of starting a server, a
Playwright driver and a Chromium of its own: the serve process keeps one headless browser warm, launched on the
first run, and plays each request exactly as `callsim run` would (run.py's play_scenarios, the same harness).
The answer is a stream of JSON lines: {"line": ...} for each progress line as `callsim run` prints it, then
{"report": ...} (report_json's shape, logs and screenshots included) or {"error": ...}.
"""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import IO, Any, cast

from aiohttp import web

from simulator.errors import CallsimError
from simulator.headless.browser import launch_options
from simulator.headless.cdn import loopback_fetcher, offline_cdn
from simulator.headless.early_browser import StartedBrowser, start_browser
from simulator.headless.page_slot import PageSlot
from simulator.headless.run import Network, play_scenarios
from simulator.headless.run_options import RunOptions, scenario_folders
from simulator.reports.html import report_json
from simulator.scenarios.model import Scenario
from simulator.scenarios.parser import parse_scenario
from simulator.server.api.control import json_error, json_object
from simulator.server.serve import RunningServer

OPTION_TYPES: dict[str, type | tuple[type, ...]] = {
    "widget": str,
    "timeout": (int, float),
    "strict": bool,
    "workers": int,
    "fresh_contexts": bool,
    "screenshots": bool,
    "map_urls": list,
    "offline": bool,
    "refuse_self_signed": bool,
}


class WarmRuns:
    """The ServerExtension (server/serve.py) that adds `POST /api/runs` and keeps its browser between runs."""

    def __init__(self) -> None:
        self.server: RunningServer | None = None
        self._started: StartedBrowser | None = None
        self._starting = asyncio.Lock()
        # Runs with the default network (no --map-url, --offline or --refuse-self-signed) share warm pages: their
        # routes need one CDN and one loopback fetcher that outlive each run.
        self._pool: list[PageSlot] = []
        self._default_network: Network | None = None

    def install(self, app: web.Application) -> None:
        app.router.add_post("/api/runs", self.post_runs)
        app.on_cleanup.append(self._close)

    def started(self, server: RunningServer) -> None:
        self.server = server

    async def browser(self) -> Any:
        """The warm browser, launched on the first run (and again if it crashed)."""
        async with self._starting:
            if self._started is not None and self._started.browser.is_connected():
                return self._started.browser
            if self._started is not None:
                await self._started.close()
            self._started = await start_browser(launch_options(), first_page=False)
            return self._started.browser

    async def _close(self, app: web.Application) -> None:
        for slot in self._pool:
            await slot.close()
        if self._default_network is not None and self._default_network.loopback is not None:
            await self._default_network.loopback.close()
        if self._started is not None:
            await self._started.close()

    async def post_runs(self, request: web.Request) -> web.StreamResponse:
        body = await json_object(request)
        options = run_options(body)
        scenarios = parsed_scenarios(body)
        assert self.server is not None  # started() ran before the app served
        response = web.StreamResponse(headers={"Content-Type": "application/x-ndjson", "Cache-Control": "no-store"})
        await response.prepare(request)
        lines = LineQueue()
        playing = asyncio.ensure_future(self._play(scenarios, options, lines))
        try:
            while not (playing.done() and lines.empty()):
                getting = asyncio.ensure_future(lines.get())
                await asyncio.wait({getting, playing}, return_when=asyncio.FIRST_COMPLETED)
                if getting.done():
                    await response.write(_line({"line": getting.result()}))
                else:
                    getting.cancel()
            answer: dict[str, Any]
            try:
                answer = {"report": report_json(playing.result())}
            except CallsimError as error:
                answer = {"error": str(error)}
            except Exception as error:  # the caller hears it; no traceback in the server's terminal
                answer = {"error": f"the run stopped: {type(error).__name__}: {error}"}
            await response.write(_line(answer))
        finally:
            playing.cancel()  # the caller went away (Ctrl-C): stop playing its scenarios
        await response.write_eof()
        return response

    async def _play(self, scenarios: list[Scenario], options: RunOptions, lines: LineQueue) -> Any:
        assert self.server is not None
        browser = await self.browser()
        out = cast(IO[str], lines)  # Progress only writes and flushes
        if not (options.map_urls or options.offline or options.refuse_self_signed):
            if self._default_network is None:
                self._default_network = Network(offline_cdn((), False), loopback_fetcher(False))
            if self._pool and self._pool[0].browser is not browser:  # the browser crashed and was launched anew
                self._pool.clear()
            return await play_scenarios(
                scenarios, self.server, browser, options, out, self._default_network, self._pool
            )
        near = scenario_folders(options.paths)
        network = Network(
            offline_cdn(options.map_urls, options.offline, near), loopback_fetcher(options.refuse_self_signed)
        )
        try:
            return await play_scenarios(scenarios, self.server, browser, options, out, network)
        finally:
            if network.loopback is not None:
                await network.loopback.close()


def parsed_scenarios(body: dict[str, Any]) -> list[Scenario]:
    """The request's scenarios, each {"path": as the caller names it, "text": the file's YAML}, parsed."""
    items = body.get("scenarios")
    if not isinstance(items, list) or not items:
        raise json_error(400, '"scenarios" must be a non-empty list of {"path": ..., "text": ...}')
    scenarios, errors = [], []
    for number, item in enumerate(items, 1):
        if not (isinstance(item, dict) and isinstance(item.get("path"), str) and isinstance(item.get("text"), str)):
            raise json_error(400, f'"scenarios" item {number} must be {{"path": string, "text": string}}')
        scenario, problems = parse_scenario(item["text"], item["path"])
        errors += problems
        if scenario is not None:
            scenarios.append(scenario)
    if errors:
        raise json_error(400, "\n".join(str(e) for e in errors))
    return scenarios


def folders(body: dict[str, Any]) -> list[Path]:
    """The caller's scenario folders (absolute): the run's paths, where --offline and the doctor look for
    node_modules; the scenarios themselves come as text."""
    near = body.get("near", [])
    if not isinstance(near, list) or not all(isinstance(p, str) and Path(p).is_absolute() for p in near):
        raise json_error(400, '"near" must be a list of absolute folder paths')
    return [Path(p) for p in near]


def run_options(body: dict[str, Any]) -> RunOptions:
    """The request's options, each checked: a bad one is a 400 naming it."""
    chosen: dict[str, Any] = {}
    for name, kind in OPTION_TYPES.items():
        value = body.get(name)
        if value is None:
            continue
        if not isinstance(value, kind) or isinstance(value, bool) and kind in (int, (int, float)):
            raise json_error(400, f'"{name}" has the wrong type: {type(value).__name__}')
        chosen[name] = value
    if "map_urls" in chosen:
        if not all(isinstance(m, str) for m in chosen["map_urls"]):
            raise json_error(400, '"map_urls" must be a list of PREFIX=DIR_OR_NPM_PACKAGE strings')
        chosen["map_urls"] = tuple(chosen["map_urls"])
    if chosen.get("workers", 1) < 1:
        raise json_error(400, '"workers" must be at least 1')
    return RunOptions(tuple(str(folder) for folder in folders(body)), **chosen)


class LineQueue:
    """A text stream for Progress (print(..., file=out)): each whole line goes to the queue the handler drains."""

    def __init__(self) -> None:
        self._queue: asyncio.Queue[str] = asyncio.Queue()
        self._partial = ""

    def write(self, text: str) -> int:
        *whole, self._partial = (self._partial + text).split("\n")
        for line in whole:
            self._queue.put_nowait(line)
        return len(text)

    def flush(self) -> None:
        pass

    def empty(self) -> bool:
        return self._queue.empty()

    async def get(self) -> str:
        return await self._queue.get()


def _line(item: dict[str, Any]) -> bytes:
    return (json.dumps(item) + "\n").encode()
