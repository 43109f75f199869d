"""`callsim run`: play scenario files headless against a real server and a real browser; report and exit."""

from __future__ import annotations

import asyncio
import dataclasses
import sys
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import IO, Any

import aiohttp

from simulator.errors import CallsimError
from simulator.headless.browser import launch_options
from simulator.headless.cdn import OfflineCdn, accept_self_signed_on_loopback, loopback_fetcher, offline_cdn
from simulator.headless.driver import PlaywrightWidgetDriver
from simulator.headless.early_browser import StartedBrowser, discard, start_browser_soon
from simulator.headless.harness import open_page, play
from simulator.headless.page_claims import SessionNotOpened
from simulator.headless.page_slot import PageSlot
from simulator.headless.run_options import RunOptions, default_workers, finish_run, load_all, scenario_folders
from simulator.reports.progress import Progress
from simulator.reports.scenario_run import ScenarioRun
from simulator.scenarios.model import Scenario
from simulator.scenarios.results import ScenarioResult
from simulator.server.serve import RunningServer, start_server
from simulator.server.sinks import JsonLinesSink
from simulator.settings import Settings

SCREENSHOT_TIMEOUT_MS = 10_000


@dataclass(frozen=True)
class Network:
    """What every browser context of a run gets: the offline CDN, and the loopback fetcher for self-signed pages."""

    cdn: OfflineCdn
    loopback: aiohttp.ClientSession | None


async def _run_one(
    scenario: Scenario,
    server: RunningServer,
    slot: PageSlot,
    options: RunOptions,
    progress: Progress,
) -> ScenarioRun:
    """Play one scenario on its own page load and session (the worker's reused page): result, log, screenshots."""
    widget = options.widget or scenario.widget or server.sample_widget_url
    context, page = await slot.take()
    trusted = False
    try:
        try:
            page, session = await open_page(server, context, widget, scenario.context, scenario.host, page=page)
        except SessionNotOpened as error:
            failed = ScenarioResult(scenario.name, str(scenario.path), "error", (), 0.0, error=str(error))
            end = await _screenshot(error.page) if options.screenshots else None
            return ScenarioRun(scenario.name, str(scenario.path), failed, screenshot_end=end, screenshot_failure=end)
        run = await play(
            scenario,
            session,
            PlaywrightWidgetDriver(page),
            widget=widget,
            host_url=server.host_url,
            timeout=options.timeout,
            strict=options.strict,
            on_step=progress.step,
            near=scenario_folders(options.paths),
            browser=(server, context),  # open_tab steps open their tabs in this scenario's browser context
        )
        trusted = run.passed
        progress.violations(session.log.entries)
        if not options.screenshots:
            return run
        end = await _screenshot(page)
        return dataclasses.replace(run, screenshot_end=end, screenshot_failure=None if run.passed else end)
    finally:
        await slot.give_back(trusted)


def _preparer(network: Network, note: Callable[[str], None]) -> Callable[[Any], Awaitable[None]]:
    """What every new browser context of a run gets before its first page: the offline CDN, the loopback fetcher."""

    async def prepare(context: Any) -> None:
        await network.cdn.install(context, note)
        if network.loopback is not None:
            await accept_self_signed_on_loopback(context, network.loopback)

    return prepare


async def _screenshot(page: Any) -> bytes | None:
    """The whole record page as a PNG; None when the page can no longer be captured (a crash, a closed page)."""
    try:
        return bytes(await page.screenshot(full_page=True, timeout=SCREENSHOT_TIMEOUT_MS))
    except Exception:  # a picture is a nice-to-have: never fail a scenario over it
        return None


async def run_scenarios(
    options: RunOptions,
    out: IO[str] | None = None,
    scenarios: Sequence[Scenario] | None = None,
    starting: asyncio.Task[StartedBrowser] | None = None,
) -> list[ScenarioRun]:
    """Play the scenarios of `options` (its shard's share; up to `options.workers` at once), in input order.

    `starting`: the browser's start, if the caller began it (commands.py, before importing this module; audit.py,
    which probes on the same browser afterwards); a browser the caller started is the caller's to close."""
    out = out or sys.stdout
    workers = default_workers() if options.workers is None else options.workers
    if workers < 1:
        raise CallsimError(f"--workers {workers}: expected at least 1")
    if scenarios is None:
        everything = load_all(options)
        scenarios = options.shard.select(everything) if options.shard else everything
    if not scenarios:
        return []
    owned = starting is None
    if starting is None:  # fails early: no browser, no server
        starting = start_browser_soon(launch_options(options.browser, headless=not options.headed))
    near = scenario_folders(options.paths)
    try:
        cdn = offline_cdn(options.map_urls, options.offline, near)  # a bad --map-url fails early too
        extra = tuple(sorted({s.widget for s in scenarios if s.widget}))
        settings = Settings(
            port=0,
            widget_url=options.widget,
            extra_widget_urls=extra,
            data_dir=options.data_dir,
            node_modules_from=tuple(near),  # where the doctor looks for a failed CDN script's package
        )
        sinks = [JsonLinesSink(options.log)] if options.log else []
        server = await start_server(settings, sinks=list(sinks))
    except BaseException:
        if owned:
            await discard(starting)
        raise
    loopback = loopback_fetcher(options.refuse_self_signed)
    started: StartedBrowser | None = None
    try:
        started = await starting
        network = Network(cdn, loopback)
        return await play_scenarios(scenarios, server, started.browser, options, out, network, made=started.made)
    finally:
        if started is not None and owned:
            await started.close()
        if loopback is not None:
            await loopback.close()
        await server.stop()
        for sink in sinks:
            sink.close()


async def play_scenarios(
    scenarios: Sequence[Scenario],
    server: RunningServer,
    browser: Any,
    options: RunOptions,
    out: IO[str],
    network: Network,
    pool: list[PageSlot] | None = None,
    made: list[tuple[Any, Any]] | None = None,
) -> list[ScenarioRun]:
    """Play `scenarios` on a started server and browser, up to `options.workers` at once, in input order.

    `callsim run` calls it with a server and browser of its own; `callsim serve` with its warm ones and a `pool`
    of pages prepared for `network`, which the workers take and give back (remote.py)."""
    workers = min(default_workers() if options.workers is None else options.workers, len(scenarios))
    runs: list[ScenarioRun | None] = [None] * len(scenarios)
    queue = list(enumerate(scenarios))
    queue.reverse()  # pop() takes them in input order

    def slot_for_worker() -> PageSlot:
        if pool:
            return pool.pop()
        slot = PageSlot(browser, fresh=options.fresh_contexts, made=made.pop() if made else None)
        slot.prepare = _preparer(network, slot.tell)  # the CDN's notes go to the scenario the page now plays
        return slot

    async def worker() -> None:
        slot = slot_for_worker()
        try:
            while queue:
                index, scenario = queue.pop()
                progress = Progress(out, index + 1, len(scenarios), scenario, live=workers == 1)
                slot.note = progress.note
                runs[index] = await _run_one(scenario, server, slot, options, progress)
                slot.note = None
                progress.done()
        finally:
            if pool is None or options.fresh_contexts:
                await slot.close()
            else:
                await slot.park()
                pool.append(slot)

    async with asyncio.TaskGroup() as group:
        for _ in range(workers):
            group.create_task(worker())
    return [run for run in runs if run is not None]


async def run_command(
    options: RunOptions, out: IO[str] | None = None, starting: asyncio.Task[StartedBrowser] | None = None
) -> int:
    """Run every scenario in `options.paths`; 0 when all pass, 1 when any fails, 2 on bad input.

    `starting`: a browser the caller started, and will close (run_scenarios)."""
    out = out or sys.stdout
    everything = load_all(options)
    scenarios = options.shard.select(everything) if options.shard else everything
    runs = await run_scenarios(options, out, scenarios, starting)
    return finish_run(options, everything, runs, out)
