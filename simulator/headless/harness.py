"""The one harness: open a record page on a claimed session, and play a scenario on it.

`callsim run`, `callsim audit`, the coverage probe and the Python API all open pages here, so a scenario's
`context:` and `host:` reach the widget the same way everywhere: through the page's claim (server/page/sessions.py).
"""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from simulator.errors import CallsimError, WidgetActionError
from simulator.headless.driver import PlaywrightWidgetDriver
from simulator.reports.formats import run_violations
from simulator.reports.scenario_run import ScenarioRun
from simulator.scenarios.model import Context, Scenario
from simulator.scenarios.record_page import context_overrides, page_url
from simulator.scenarios.runner import ScenarioResult, StepResult, TabOpener, WidgetDriver, run_scenario
from simulator.server.appkeys import CRM, SESSIONS
from simulator.server.page import tabs
from simulator.server.page.doctor import diagnose
from simulator.server.page.session import Session
from simulator.server.page.sessions import Claim, Sessions
from simulator.server.serve import RunningServer
from simulator.settings import SESSION_START_TIMEOUT_S


class SessionNotOpened(CallsimError):
    """The record page loaded (or not) but never said hello; `page` is kept for a screenshot."""

    def __init__(self, message: str, page: Any) -> None:
        super().__init__(message)
        self.page = page


async def open_page(
    server: RunningServer,
    browser_context: Any,
    widget: str,
    context: Context | None = None,
    faults: Mapping[str, Any] | None = None,
    timeout: float = SESSION_START_TIMEOUT_S,
    page: Any = None,
) -> tuple[Any, Session]:
    """A page in `browser_context` (`page`, else a new one) showing `context`'s record with `widget`, and exactly
    that page's session.

    The session has `context` and `faults` applied before the page's first SYNC. Raises SessionNotOpened when the
    page never said hello, a CallsimError when the faults are refused, Playwright's error when the page fails.
    """
    context = context or Context()
    sessions = server.app[SESSIONS]
    claim = sessions.claim(context_overrides(context), faults, widget)
    page = page or await browser_context.new_page()
    return page, await _claimed(sessions, claim, page, page_url(server.host_url, context, widget, claim.token), timeout)


async def open_tab(
    server: RunningServer,
    opener: Session,
    browser_context: Any,
    record: tuple[str, int] | None = None,
    timeout: float = SESSION_START_TIMEOUT_S,
) -> tuple[Any, Session]:
    """Another record tab of `opener`'s user (the same user, settings and widget; `record`, else the opener's) as a
    new page of `browser_context`, the same browser profile, so the widget's instances can talk (BroadcastChannel)."""
    sessions = server.app[SESSIONS]
    claim, url = tabs.open_tab_claim(sessions, opener, server.host_url, record)
    page = await browser_context.new_page()
    return page, await _claimed(sessions, claim, page, url, timeout)


def tab_opener(server: RunningServer, browser_context: Any, opened: list[Session]) -> TabOpener:
    """The runner's way to open a scenario's record tabs, in `browser_context`; each new session goes to `opened`."""

    async def open_one(opener: Any, record: tuple[str, int] | None, timeout: float) -> tuple[Any, Any]:
        if record is not None and server.app[CRM].record(*record) is None:
            raise WidgetActionError(f"open_tab: no {'company' if record[0] == '0-2' else 'contact'} {record[1]}")
        page, session = await open_tab(server, opener, browser_context, record, timeout)
        opened.append(session)
        return session, PlaywrightWidgetDriver(page)

    return open_one


async def _claimed(sessions: Sessions, claim: Claim, page: Any, url: str, timeout: float) -> Session:
    """Load `url` in `page` and wait for the claimed session (released either way)."""
    try:
        loading = asyncio.ensure_future(page.goto(url))
        await asyncio.wait({loading, claim.session}, timeout=timeout, return_when="FIRST_COMPLETED")
        if not claim.session.done() and loading.done() and not loading.exception():  # loaded; the hello may follow
            await asyncio.wait({claim.session}, timeout=timeout)
        await loading  # the scenario starts on a loaded page (a failed load is the caller's error)
        if not claim.session.done():
            message = f"the record page did not open a session within {timeout:g} s (is the server reachable?)"
            raise SessionNotOpened(message, page)
        return claim.session.result()
    finally:
        sessions.release(claim)


async def explain_handshake(
    result: ScenarioResult, widget: str, host_origin: str, near: Sequence[Path] = ()
) -> ScenarioResult:
    """A scenario that failed because the widget never answered SYNC says why (the handshake doctor; `near`: the
    folders whose node_modules may hold a failed CDN script's package)."""
    findings = await diagnose(widget, host_origin, near=near)
    lines = [f"the widget never answered the handshake ({widget})"]
    lines += [f"{f.title}: {f.detail}" + (f" Fix: {f.fix}" if f.fix else "") for f in findings]
    return dataclasses.replace(result, error="\n".join([*filter(None, [result.error]), *lines]))


def strict_verdict(result: ScenarioResult, session: Session, *more: Session) -> ScenarioResult:
    """Under --strict a scenario with protocol errors (in any of its tabs) fails, even if every step passed."""
    entries = [entry for tab in (session, *more) for entry in tab.log.entries]
    errors = [e for e in entries if e.direction == "violation" and e.severity == "error"]
    if result.status != "passed" or not errors:
        return result
    names = ", ".join(sorted({str(e.rule) for e in errors}))
    return dataclasses.replace(result, status="failed", error=f"--strict: {len(errors)} protocol error(s): {names}")


async def play(
    scenario: Scenario,
    session: Session,
    driver: WidgetDriver,
    *,
    widget: str,
    host_url: str,
    timeout: float,
    strict: bool = False,
    on_step: Callable[[StepResult], None] | None = None,
    near: Sequence[Path] = (),
    browser: tuple[RunningServer, Any] | None = None,
) -> ScenarioRun:
    """Play `scenario` on an open session: its result (explained, strict if asked), violations per step and log.

    `browser` (the server and the page's browser context) lets `open_tab` steps open more record tabs; their
    violations count too, and the log is the first tab's."""
    step_ends: list[tuple[int, int]] = []  # (step, last seq when it ended): places each violation on a step
    opened: list[Session] = []
    opener = tab_opener(*browser, opened) if browser is not None else None

    def record_step(step: StepResult) -> None:
        if step.status != "skipped":
            step_ends.append((step.index, session.log.last_seq))
        if on_step is not None:
            on_step(step)

    try:
        played = run_scenario(scenario, session, driver, start_seq=0, on_step=record_step, open_tab=opener)
        result = await asyncio.wait_for(played, timeout)
    except TimeoutError:
        error = f"scenario did not finish within its timeout of {timeout:g} s (--timeout)"
        result = ScenarioResult(scenario.name, str(scenario.path), "failed", (), timeout, error=error)
    if result.status != "passed" and not any(e.type == "SYNC_ACK" for e in session.log.entries):
        result = await explain_handshake(result, widget, host_url, near)
    violations = run_violations(session.log.entries, step_ends)
    for number, tab in enumerate(opened, start=2):  # seqs of their own logs, on no step
        violations += [replace(v, text=f"tab {number}: {v.text}") for v in run_violations(tab.log.entries, ())]
    result = strict_verdict(result, session, *opened) if strict else result
    log = [entry.to_json() for entry in session.log.entries]
    return ScenarioRun(scenario.name, str(scenario.path), result, violations, log)
