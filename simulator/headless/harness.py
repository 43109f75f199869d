"""The one harness: open a record page on a claimed session, and play a scenario on it.

`callsim run`, `callsim audit`, the coverage probe and the Python API all open pages here, so a scenario's
`context:` and `host:` reach the widget the same way everywhere: through the page's claim (server/page/sessions.py).
"""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from simulator.errors import CallsimError
from simulator.reports.formats import run_violations
from simulator.reports.scenario_run import ScenarioRun
from simulator.scenarios.model import Context, Scenario
from simulator.scenarios.record_page import context_overrides, page_url
from simulator.scenarios.runner import ScenarioResult, StepResult, WidgetDriver, run_scenario
from simulator.server.appkeys import SESSIONS
from simulator.server.page.doctor import diagnose
from simulator.server.page.session import Session
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
    try:
        loading = asyncio.ensure_future(page.goto(page_url(server.host_url, context, widget, claim.token)))
        await asyncio.wait({loading, claim.session}, timeout=timeout, return_when="FIRST_COMPLETED")
        if not claim.session.done() and loading.done() and not loading.exception():  # loaded; the hello may follow
            await asyncio.wait({claim.session}, timeout=timeout)
        await loading  # the scenario starts on a loaded page (a failed load is the caller's error)
        if not claim.session.done():
            message = f"the record page did not open a session within {timeout:g} s (is the server reachable?)"
            raise SessionNotOpened(message, page)
        return page, claim.session.result()
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


def strict_verdict(result: ScenarioResult, session: Session) -> ScenarioResult:
    """Under --strict a scenario with protocol errors fails, even if every step passed."""
    errors = [e for e in session.log.entries if e.direction == "violation" and e.severity == "error"]
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
) -> ScenarioRun:
    """Play `scenario` on an open session: its result (explained, strict if asked), violations per step and log."""
    step_ends: list[tuple[int, int]] = []  # (step, last seq when it ended): places each violation on a step

    def record_step(step: StepResult) -> None:
        if step.status != "skipped":
            step_ends.append((step.index, session.log.last_seq))
        if on_step is not None:
            on_step(step)

    try:
        played = run_scenario(scenario, session, driver, start_seq=0, on_step=record_step)
        result = await asyncio.wait_for(played, timeout)
    except TimeoutError:
        error = f"scenario did not finish within its timeout of {timeout:g} s (--timeout)"
        result = ScenarioResult(scenario.name, str(scenario.path), "failed", (), timeout, error=error)
    if result.status != "passed" and not any(e.type == "SYNC_ACK" for e in session.log.entries):
        result = await explain_handshake(result, widget, host_url, near)
    violations = run_violations(session.log.entries, step_ends)
    result = strict_verdict(result, session) if strict else result
    log = [entry.to_json() for entry in session.log.entries]
    return ScenarioRun(scenario.name, str(scenario.path), result, violations, log)
