"""`callsim run`: play scenario files headless against a real server and a real browser; report and exit."""

from __future__ import annotations

import asyncio
import dataclasses
import importlib
import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any
from urllib.parse import quote

import aiohttp
from playwright.async_api import async_playwright

from simulator.errors import CallsimError
from simulator.headless.browser import launch_options
from simulator.headless.cdn import OfflineCdn, UrlMap, accept_self_signed_on_loopback
from simulator.headless.driver import PlaywrightWidgetDriver
from simulator.headless.outcome import ScenarioRun
from simulator.headless.progress import Progress
from simulator.headless.shard import Shard
from simulator.hubspot.host import HostContext
from simulator.hubspot.records import COMPANY, record_type_id
from simulator.scenarios.files import load_scenarios
from simulator.scenarios.model import Context, Scenario
from simulator.scenarios.report import run_violations, summary_table, write_json, write_junit
from simulator.scenarios.runner import ScenarioResult, StepResult, run_scenario
from simulator.server.appkeys import SESSIONS
from simulator.server.doctor import diagnose
from simulator.server.serve import RunningServer, start_server
from simulator.server.session import Session
from simulator.server.sinks import JsonLinesSink
from simulator.settings import Settings

EXIT_PASSED, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
SESSION_START_TIMEOUT = 15.0
SCREENSHOT_TIMEOUT_MS = 10_000


@dataclass(frozen=True)
class RunOptions:
    paths: Sequence[str]
    widget: str | None = None
    junit: Path | None = None
    json: Path | None = None
    timeout: float = 120.0
    headed: bool = False
    strict: bool = False
    browser: str | None = None
    log: Path | None = None
    data_dir: Path | None = None  # None: each run starts fresh, in memory
    map_urls: tuple[str, ...] = ()  # --map-url PREFIX=DIR_OR_NPM_PACKAGE
    refuse_self_signed: bool = False  # else https widget pages on loopback hosts load with self-signed certificates
    report: Path | None = None  # --report FILE.html (simulator/headless/html_report.py)
    workers: int | None = None  # scenarios at once; None: default_workers()
    shard: Shard | None = None  # --shard K/N: only this share of the scenarios
    screenshots: bool = True  # PNGs of the record page in each ScenarioRun (`callsim run` takes them for --report)


@dataclass(frozen=True)
class Network:
    """What every browser context of a run gets: the offline CDN, and the loopback fetcher for self-signed pages."""

    cdn: OfflineCdn
    loopback: aiohttp.ClientSession | None


def _is_company(context: Context) -> bool:
    """A scenario's record type names a company ("company", "companies", "0-2"); anything else is a contact."""
    return record_type_id(context.record_type) == COMPANY


def record_path(context: Context) -> str:
    """The record page a scenario runs on: its context's record, else the first contact."""
    if context.record_id is None:
        return "/"
    return f"/{'companies' if _is_company(context) else 'contacts'}/{context.record_id}"


def host_context(base: HostContext, context: Context) -> HostContext:
    """The server's host context with what the scenario sets (None keeps the default)."""
    return base.with_overrides(**dataclasses.asdict(context))


def strict_verdict(result: ScenarioResult, session: Session) -> ScenarioResult:
    """Under --strict a scenario with protocol errors fails, even if every step passed."""
    errors = [e for e in session.log.entries if e.direction == "violation" and e.severity == "error"]
    if result.status != "passed" or not errors:
        return result
    names = ", ".join(sorted({str(e.rule) for e in errors}))
    return dataclasses.replace(result, status="failed", error=f"--strict: {len(errors)} protocol error(s): {names}")


async def _run_one(
    scenario: Scenario,
    server: RunningServer,
    browser: Any,
    options: RunOptions,
    progress: Progress,
    network: Network | None = None,
    opening: asyncio.Lock | None = None,
) -> ScenarioRun:
    """Play one scenario on its own browser context, page and session: its result, violations, log, screenshots."""
    registry = server.app[SESSIONS]
    created: asyncio.Future[Session] = asyncio.get_running_loop().create_future()

    def prepare(session: Session) -> None:
        # Runs before the page gets its hello, so SYNC fields and faults such as drop_first_syncs apply.
        if created.done() or session.page_kind != "record":
            return
        session.use_context(host_context(registry.context, scenario.context))
        if scenario.host:
            session.configure_host(scenario.host)
        created.set_result(session)

    widget = options.widget or scenario.widget or server.sample_widget_url
    context = await browser.new_context(viewport={"width": 1400, "height": 1000})
    try:
        if network is not None:
            await network.cdn.install(context, progress.note)
            if network.loopback is not None:
                await accept_self_signed_on_loopback(context, network.loopback)
        page = await context.new_page()
        url = f"{server.host_url}{record_path(scenario.context)}?widget={quote(widget, safe='')}"
        # A session carries nothing of the page that opened it: pages open one at a time, each taking the next session.
        async with opening or asyncio.Lock():
            stop_listening = registry.on_created(prepare)
            loading = asyncio.ensure_future(page.goto(url))
            try:
                # Held until the session exists, not for the whole load, so the next page starts loading sooner.
                await asyncio.wait({loading, created}, timeout=SESSION_START_TIMEOUT, return_when="FIRST_COMPLETED")
                if not created.done() and loading.done() and not loading.exception():  # loaded; the hello may follow
                    await asyncio.wait({created}, timeout=SESSION_START_TIMEOUT)
            finally:
                stop_listening()
        await loading  # as before, the scenario starts on a loaded page (a failed load is the run's error)
        if not created.done():
            message = "the record page did not open a session (is the server reachable?)"
            failed = ScenarioResult(scenario.name, str(scenario.path), "error", (), 0.0, error=message)
            end = await _screenshot(page) if options.screenshots else None
            return ScenarioRun(scenario.name, str(scenario.path), failed, screenshot_end=end, screenshot_failure=end)
        session = created.result()
        step_ends: list[tuple[int, int]] = []  # (step, last seq when it ended): places each violation on a step

        def on_step(step: StepResult) -> None:
            if step.status != "skipped":
                step_ends.append((step.index, session.log.last_seq))
            progress.step(step)

        try:
            result = await asyncio.wait_for(
                run_scenario(scenario, session, PlaywrightWidgetDriver(page), start_seq=0, on_step=on_step),
                options.timeout,
            )
        except TimeoutError:
            result = ScenarioResult(
                scenario.name,
                str(scenario.path),
                "failed",
                (),
                options.timeout,
                error=f"scenario did not finish within --timeout {options.timeout:g} s",
            )
        progress.violations(session.log.entries)
        if result.status != "passed" and not any(e.type == "SYNC_ACK" for e in session.log.entries):
            result = await _explain_handshake(result, widget, server.host_url)
        violations = run_violations(session.log.entries, step_ends)
        result = strict_verdict(result, session) if options.strict else result
        end = await _screenshot(page) if options.screenshots else None
        return ScenarioRun(
            scenario.name,
            str(scenario.path),
            result,
            violations,
            [entry.to_json() for entry in session.log.entries],
            screenshot_end=end,
            screenshot_failure=end if result.status != "passed" else None,
        )
    finally:
        await context.close()


async def _screenshot(page: Any) -> bytes | None:
    """The whole record page as a PNG; None when the page can no longer be captured (a crash, a closed page)."""
    try:
        return bytes(await page.screenshot(full_page=True, timeout=SCREENSHOT_TIMEOUT_MS))
    except Exception:  # a picture is a nice-to-have: never fail a scenario over it
        return None


async def _explain_handshake(result: ScenarioResult, widget: str, host_origin: str) -> ScenarioResult:
    """A scenario that failed because the widget never answered SYNC says why (the handshake doctor)."""
    findings = await diagnose(widget, host_origin)
    lines = [f"the widget never answered the handshake ({widget})"]
    lines += [f"{f.title}: {f.detail}" + (f" Fix: {f.fix}" if f.fix else "") for f in findings]
    error = "\n".join(lines) if not result.error else result.error + "\n" + "\n".join(lines)
    return dataclasses.replace(result, error=error)


def default_workers() -> int:
    """As many scenarios at once as there are cores, at most 4."""
    return max(1, min(4, os.cpu_count() or 1))


def load_all(options: RunOptions) -> list[Scenario]:
    """Every scenario `options.paths` names, before sharding; bad files are printed and are a CallsimError."""
    scenarios, errors = load_scenarios(options.paths)
    for error in errors:
        print(error, file=sys.stderr)
    if errors:
        raise CallsimError(f"{len(errors)} error(s) in scenario files; nothing was run (see `callsim validate`)")
    if not scenarios:
        raise CallsimError(f"no scenario files (*.yaml, *.yml) in {', '.join(map(str, options.paths))}")
    return scenarios


async def run_scenarios(
    options: RunOptions, out: IO[str] | None = None, scenarios: Sequence[Scenario] | None = None
) -> list[ScenarioRun]:
    """Play the scenarios of `options` (its shard's share; up to `options.workers` at once), in input order."""
    out = out or sys.stdout
    workers = default_workers() if options.workers is None else options.workers
    if workers < 1:
        raise CallsimError(f"--workers {workers}: expected at least 1")
    if scenarios is None:
        everything = load_all(options)
        scenarios = options.shard.select(everything) if options.shard else everything
    if not scenarios:
        return []
    launch = launch_options(options.browser, headless=not options.headed)  # fails early: no browser, no server
    cdn = OfflineCdn([UrlMap.parse(option) for option in options.map_urls])  # a bad --map-url fails early too
    extra = tuple(sorted({s.widget for s in scenarios if s.widget}))
    settings = Settings(port=0, widget_url=options.widget, extra_widget_urls=extra, data_dir=options.data_dir)
    sinks = [JsonLinesSink(options.log)] if options.log else []
    server = await start_server(settings, sinks=list(sinks))
    runs: list[ScenarioRun | None] = [None] * len(scenarios)
    loopback = None if options.refuse_self_signed else aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=30))
    try:
        async with async_playwright() as playwright:
            try:
                browser = await playwright.chromium.launch(**launch)
            except Exception as error:  # Playwright's launch errors are long; the first line says it
                raise CallsimError(f"could not start the browser: {str(error).splitlines()[0]}") from None
            queue = list(enumerate(scenarios))
            queue.reverse()  # pop() takes them in input order
            opening = asyncio.Lock()
            live = min(workers, len(scenarios)) == 1

            async def worker() -> None:
                while queue:
                    index, scenario = queue.pop()
                    progress = Progress(out, index + 1, len(scenarios), scenario, live=live)
                    network = Network(cdn, loopback)
                    runs[index] = await _run_one(scenario, server, browser, options, progress, network, opening)
                    progress.done()

            async with asyncio.TaskGroup() as group:
                for _ in range(min(workers, len(scenarios))):
                    group.create_task(worker())
            await browser.close()
    finally:
        if loopback is not None:
            await loopback.close()
        await server.stop()
        for sink in sinks:
            sink.close()
    return [run for run in runs if run is not None]


def _html_writer() -> Callable[[Path, list[ScenarioRun]], None] | None:
    """`simulator.headless.html_report.write_html` when that module is there (the HTML report is built beside this)."""
    try:
        module = importlib.import_module("simulator.headless.html_report")
    except ModuleNotFoundError as error:
        if error.name != "simulator.headless.html_report":
            raise
        return None
    writer: Callable[[Path, list[ScenarioRun]], None] = module.write_html
    return writer


def write_reports(
    runs: list[ScenarioRun],
    out: IO[str],
    junit: Path | None,
    json: Path | None,
    report: Path | None,
    shard: dict[str, Any] | None = None,
) -> None:
    """The summary table, then each report asked for (JUnit XML, JSON, HTML)."""
    results = [run.result for run in runs]
    violations = [run.violations for run in runs]
    print("\n" + summary_table(results), file=out, flush=True)
    if junit:
        write_junit(results, junit, violations)
        print(f"JUnit XML: {junit}", file=out)
    if json:
        write_json(results, json, violations, shard)
        print(f"JSON report: {json}", file=out)
    if report:
        writer = _html_writer()
        if writer is None:
            raise CallsimError("--report: this callsim has no HTML report yet (simulator/headless/html_report.py)")
        writer(report, runs)
        print(f"HTML report: {report}", file=out)


async def run_command(options: RunOptions, out: IO[str] | None = None) -> int:
    """Run every scenario in `options.paths`; 0 when all pass, 1 when any fails, 2 on bad input."""
    out = out or sys.stdout
    if options.report and _html_writer() is None:  # before the run, not after it
        raise CallsimError("--report: this callsim has no HTML report yet (simulator/headless/html_report.py)")
    everything = load_all(options)
    scenarios = options.shard.select(everything) if options.shard else everything
    runs = await run_scenarios(options, out, scenarios)
    if not runs:
        print(f"shard {options.shard}: none of the {len(everything)} scenarios falls to it; nothing was run", file=out)
    shard = options.shard.to_json(everything) if options.shard else None
    write_reports(runs, out, options.junit, options.json, options.report, shard)
    return EXIT_PASSED if all(run.passed for run in runs) else EXIT_FAILED
