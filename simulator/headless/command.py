"""`callsim run`: play scenario files headless against a real server and a real browser; report and exit."""

from __future__ import annotations

import asyncio
import dataclasses
import sys
from collections.abc import Sequence
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
from simulator.hubspot.host import HostContext
from simulator.hubspot.records import COMPANY, record_type_id
from simulator.scenarios.files import load_scenarios
from simulator.scenarios.model import Context, Scenario
from simulator.scenarios.report import Violation, run_violations, summary_table, write_json, write_junit
from simulator.scenarios.runner import ScenarioResult, StepResult, run_scenario
from simulator.server.appkeys import SESSIONS
from simulator.server.doctor import diagnose
from simulator.server.serve import RunningServer, start_server
from simulator.server.session import Session
from simulator.server.sinks import JsonLinesSink
from simulator.settings import Settings

EXIT_PASSED, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
SESSION_START_TIMEOUT = 15.0
MARKS = {"passed": "✓", "failed": "✗", "skipped": "-"}


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


class Progress:
    """Live progress on the terminal: a line per scenario and per step."""

    def __init__(self, out: IO[str]) -> None:
        self.out = out

    def scenario(self, index: int, total: int, scenario: Scenario) -> None:
        print(f"[{index}/{total}] {scenario.name}  ({scenario.path})", file=self.out, flush=True)

    def step(self, result: StepResult) -> None:
        mark = MARKS.get(result.status, "?")
        print(
            f"    {mark} {result.index:>2} {result.description}  {result.duration_s:.2f} s", file=self.out, flush=True
        )

    def note(self, text: str) -> None:
        print(f"    ↳ {text}", file=self.out, flush=True)

    def violations(self, session: Session) -> None:
        found = [e for e in session.log.entries if e.direction == "violation"]
        for entry in found:
            print(f"    ⚠ {entry.rule} ({entry.severity}): {entry.text}", file=self.out, flush=True)


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
) -> tuple[ScenarioResult, list[Violation]]:
    """One scenario's result and every protocol violation of its run (warnings too), for the reports."""
    registry = server.app[SESSIONS]
    created: asyncio.Future[Session] = asyncio.get_running_loop().create_future()

    def prepare(session: Session) -> None:
        # Runs before the page gets its hello, so SYNC fields and faults such as drop_first_syncs apply.
        if created.done():
            return
        session.use_context(host_context(registry.context, scenario.context))
        if scenario.host:
            session.configure_host(scenario.host)
        created.set_result(session)

    widget = options.widget or scenario.widget or server.sample_widget_url
    stop_listening = registry.on_created(prepare)
    context = await browser.new_context(viewport={"width": 1400, "height": 1000})
    try:
        if network is not None:
            await network.cdn.install(context, progress.note)
            if network.loopback is not None:
                await accept_self_signed_on_loopback(context, network.loopback)
        page = await context.new_page()
        await page.goto(f"{server.host_url}{record_path(scenario.context)}?widget={quote(widget, safe='')}")
        try:
            session = await asyncio.wait_for(created, SESSION_START_TIMEOUT)
        except TimeoutError:
            failed = ScenarioResult(
                scenario.name,
                str(scenario.path),
                "error",
                (),
                0.0,
                error="the record page did not open a session (is the server reachable?)",
            )
            return failed, []
        finally:
            stop_listening()
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
        progress.violations(session)
        if result.status != "passed" and not any(e.type == "SYNC_ACK" for e in session.log.entries):
            result = await _explain_handshake(result, widget, server.host_url)
        violations = run_violations(session.log.entries, step_ends)
        return (strict_verdict(result, session) if options.strict else result), violations
    finally:
        await context.close()


async def _explain_handshake(result: ScenarioResult, widget: str, host_origin: str) -> ScenarioResult:
    """A scenario that failed because the widget never answered SYNC says why (the handshake doctor)."""
    findings = await diagnose(widget, host_origin)
    lines = [f"the widget never answered the handshake ({widget})"]
    lines += [f"{f.title}: {f.detail}" + (f" Fix: {f.fix}" if f.fix else "") for f in findings]
    error = "\n".join(lines) if not result.error else result.error + "\n" + "\n".join(lines)
    return dataclasses.replace(result, error=error)


async def run_command(options: RunOptions, out: IO[str] | None = None) -> int:
    """Run every scenario in `options.paths`; 0 when all pass, 1 when any fails, 2 on bad input."""
    out = out or sys.stdout
    scenarios, errors = load_scenarios(options.paths)
    for error in errors:
        print(error, file=sys.stderr)
    if errors:
        print(f"{len(errors)} error(s) in scenario files; nothing was run (see `callsim validate`)", file=sys.stderr)
        return EXIT_USAGE
    if not scenarios:
        print(f"no scenario files (*.yaml, *.yml) in {', '.join(options.paths)}", file=sys.stderr)
        return EXIT_USAGE
    launch = launch_options(options.browser, headless=not options.headed)  # fails early: no browser, no server
    cdn = OfflineCdn([UrlMap.parse(option) for option in options.map_urls])  # a bad --map-url fails early too
    extra = tuple(sorted({s.widget for s in scenarios if s.widget}))
    settings = Settings(port=0, widget_url=options.widget, extra_widget_urls=extra, data_dir=options.data_dir)
    sinks = [JsonLinesSink(options.log)] if options.log else []
    server = await start_server(settings, sinks=list(sinks))
    progress = Progress(out)
    results: list[ScenarioResult] = []
    violations: list[list[Violation]] = []
    loopback = None if options.refuse_self_signed else aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=30))
    try:
        async with async_playwright() as playwright:
            try:
                browser = await playwright.chromium.launch(**launch)
            except Exception as error:  # Playwright's launch errors are long; the first line says it
                raise CallsimError(f"could not start the browser: {str(error).splitlines()[0]}") from None
            for index, scenario in enumerate(scenarios, 1):
                progress.scenario(index, len(scenarios), scenario)
                network = Network(cdn, loopback)
                result, found = await _run_one(scenario, server, browser, options, progress, network)
                results.append(result)
                violations.append(found)
            await browser.close()
    finally:
        if loopback is not None:
            await loopback.close()
        await server.stop()
        for sink in sinks:
            sink.close()
    print("\n" + summary_table(results), file=out, flush=True)
    if options.junit:
        write_junit(results, options.junit, violations)
        print(f"JUnit XML: {options.junit}", file=out)
    if options.json:
        write_json(results, options.json, violations)
        print(f"JSON report: {options.json}", file=out)
    return EXIT_PASSED if all(r.status == "passed" for r in results) else EXIT_FAILED
