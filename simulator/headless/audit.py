"""`callsim audit --widget URL`: the built-in scenarios in strict mode, the event-coverage probe, a checklist."""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import IO, Any
from urllib.parse import urlsplit

import aiohttp

from simulator.errors import CallsimError
from simulator.headless.browser import launch_options
from simulator.headless.cdn import accept_self_signed_on_loopback, loopback_fetcher, offline_cdn
from simulator.headless.coverage_probe import ProbeResult, install_watch, probe_coverage
from simulator.headless.early_browser import discard, start_browser_soon
from simulator.headless.page_slot import VIEWPORT
from simulator.headless.run import run_scenarios
from simulator.headless.run_options import RunOptions
from simulator.hubspot.validator.coverage import counts, coverage_table
from simulator.paths import SCENARIOS_DIR
from simulator.reports.html import write_html
from simulator.reports.scenario_run import ScenarioRun
from simulator.scenarios.audit_checks import AuditRun, Check, RecordingFinding, checklist
from simulator.server.rest.recording_check import PLAYABLE, check_recording
from simulator.server.serve import start_server
from simulator.settings import SCENARIO_TIMEOUT_S, SIGN_IN_SELECTOR, Settings

EXIT_READY, EXIT_NOT_READY = 0, 1


@dataclass(frozen=True)
class AuditOptions:
    widget: str | None  # None: the built-in sample softphone (`--widget sample`)
    scenarios: tuple[str, ...] = (str(SCENARIOS_DIR),)
    report: Path | None = None  # --report FILE.html: the scenario runs (simulator/reports/html.py)
    json: Path | None = None  # --json FILE: the checklist and the coverage table
    timeout: float = SCENARIO_TIMEOUT_S
    headed: bool = False
    browser: str | None = None
    data_dir: Path | None = None  # where recording settings (and the runs' engagements) are kept
    map_urls: tuple[str, ...] = ()
    offline: bool = False  # --offline: CDN URLs of packages installed in node_modules answered from disk
    refuse_self_signed: bool = False
    sign_in: str | None = SIGN_IN_SELECTOR  # the probe's sign-in button; None: send to the widget as it starts
    reaction_s: float = 1.0  # how long the probe waits for the widget's reaction to each event
    workers: int | None = None


def check_widget_url(url: str | None) -> None:
    """Bad input before anything starts: the widget must be an absolute http(s) URL."""
    if url is None:
        return
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise CallsimError(f"--widget {url!r}: expected an http(s) URL such as http://localhost:9025/")


async def _probe(options: AuditOptions, browser: Any) -> ProbeResult:
    """The coverage probe on a server of its own (the scenario runs' has closed, releasing the data dir) and the
    scenario runs' browser, in a new context."""
    cdn = offline_cdn(options.map_urls, options.offline)
    server = await start_server(Settings(port=0, widget_url=options.widget))
    loopback = loopback_fetcher(options.refuse_self_signed)
    context = await browser.new_context(viewport=VIEWPORT)
    try:
        await cdn.install(context, lambda _note: None)
        if loopback is not None:
            await accept_self_signed_on_loopback(context, loopback)
        await install_watch(context)
        widget = options.widget or server.sample_widget_url
        return await probe_coverage(server, context, widget, options.sign_in, options.reaction_s)
    finally:
        await context.close()
        if loopback is not None:
            await loopback.close()
        await server.stop()


def _engagement_ids(runs: Sequence[ScenarioRun]) -> list[int]:
    """The engagements HubSpot issued in the runs, whose calls the widget completed."""
    found: list[int] = []
    for run in runs:
        for entry in run.log:
            message = entry.get("message")
            data = message.get("data") if isinstance(message, dict) else None
            completed = entry.get("direction") == "in" and entry.get("type") == "CALL_COMPLETED"
            if completed and isinstance(data, dict) and isinstance(data.get("engagementId"), int):
                found.append(data["engagementId"])
    return found


async def _recordings(data_dir: Path | None, runs: Sequence[ScenarioRun]) -> list[RecordingFinding]:
    """Each app's recording settings in `data_dir`, fetched for a call the runs completed, as HubSpot would."""
    if data_dir is None:
        return []
    from simulator.store import Store  # the runs' server has released the data dir by now

    store = Store.open(data_dir)
    try:
        apps = store.recordings.list()
        crm = store.load_crm() if apps else None
    finally:
        store.close()
    if not apps or crm is None:
        return []
    engagements = [e for i in _engagement_ids(runs) if (e := crm.engagement(i)) is not None]
    if not engagements:
        return [
            RecordingFinding(a.app_id, False, "no completed call in the runs to fetch a recording for") for a in apps
        ]
    findings = []
    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(ssl=False)) as http:
        for app in apps:
            template = str(app.body.get("urlToRetrieveAuthedRecording") or "")
            check = await check_recording(http, template, engagements[-1], app.app_id, Settings().portal_id)
            problems = "; ".join(v.explanation for v in check.violations)
            detail = f"{check.content_type} from {check.audio_url}" if check.state == PLAYABLE else problems
            findings.append(RecordingFinding(app.app_id, check.state == PLAYABLE, detail or check.state))
    return findings


def _write_json(path: Path, checks: list[Check], probe: ProbeResult) -> None:
    body: dict[str, Any] = {
        "ready": all(c.ok for c in checks),
        "sdkVersion": probe.version,
        "checks": [asdict(c) for c in checks],
        "coverage": [{**asdict(row), "replies": list(row.replies)} for row in probe.rows],
        "notes": list(probe.notes),
    }
    path.write_text(json.dumps(body, indent=2) + "\n", encoding="utf-8")


async def audit_command(options: AuditOptions, out: IO[str] | None = None) -> int:
    """0 when every check passes, 1 when any fails; bad input is a CallsimError (exit 2)."""
    out = out or sys.stdout
    check_widget_url(options.widget)
    run_options = RunOptions(
        options.scenarios,
        options.widget,
        timeout=options.timeout,
        headed=options.headed,
        strict=True,
        browser=options.browser,
        data_dir=options.data_dir,
        map_urls=options.map_urls,
        offline=options.offline,
        refuse_self_signed=options.refuse_self_signed,
        workers=options.workers,
    )
    print(
        f"callsim audit: {options.widget or 'the built-in sample softphone'}\n\nThe built-in scenarios, strict:",
        file=out,
        flush=True,
    )
    starting = start_browser_soon(launch_options(options.browser, not options.headed))  # one browser for both
    try:
        runs = await run_scenarios(run_options, out, starting=starting)
        print("\nEvent coverage: every host → widget type, sent to the signed-in widget", file=out, flush=True)
        probe = await _probe(options, (await starting).browser)
    finally:
        await discard(starting)
    facts = [AuditRun(r.name, r.passed, r.log, r.result.error) for r in runs]
    checks = checklist(facts, probe.rows, await _recordings(options.data_dir, runs))
    print(coverage_table(probe.rows), file=out)
    tally = ", ".join(f"{n} {verdict}" for verdict, n in counts(probe.rows).items())
    print(f"SDK {probe.version or 'unknown'}; {tally}", file=out)
    for note in probe.notes:
        print(f"note: {note}", file=out)
    print("\nReadiness checklist:", file=out)
    for check in checks:
        print(check.line(), file=out)
    ready = all(c.ok for c in checks)
    print(f"\n{'READY' if ready else 'NOT READY'}: {sum(c.ok for c in checks)} of {len(checks)} checks pass", file=out)
    if options.json:
        _write_json(options.json, checks, probe)
        print(f"JSON report: {options.json}", file=out)
    if options.report:
        write_html(options.report, runs)
        print(f"HTML report: {options.report}", file=out)
    return EXIT_READY if ready else EXIT_NOT_READY
