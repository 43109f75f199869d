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

from simulator.errors import WidgetActionError
from simulator.headless.driver import PlaywrightWidgetDriver
from simulator.headless.page_claims import claimed
from simulator.headless.surfaces import BrowserSurfaces
from simulator.hubspot.crm.records import OBJECT_TYPE_NAMES
from simulator.reports.formats import run_violations
from simulator.reports.scenario_run import ScenarioRun
from simulator.scenarios.model import Context, Scenario
from simulator.scenarios.record_page import context_overrides, page_url
from simulator.scenarios.results import ScenarioResult, StepResult
from simulator.scenarios.runner import TabOpener, WidgetDriver, run_scenario
from simulator.server.appkeys import CRM, SESSIONS
from simulator.server.page import tabs
from simulator.server.page.doctor import diagnose
from simulator.server.page.session import Session
from simulator.server.page.sessions import new_group
from simulator.server.serve import RunningServer
from simulator.settings import SESSION_START_TIMEOUT_S


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
    claim = sessions.claim(context_overrides(context), faults, widget, new_group())  # a world of its own
    page = page or await browser_context.new_page()
    return page, await claimed(sessions, claim, page, page_url(server.host_url, context, widget, claim.token), timeout)


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
    return page, await claimed(sessions, claim, page, url, timeout)


def tab_opener(
    server: RunningServer, browser_context: Any, opened: list[Session], pages: dict[str, Any] | None = None
) -> TabOpener:
    """The runner's way to open a scenario's record tabs, in `browser_context`; each new session goes to `opened`
    (and its page to `pages`, by session id, for a later navigate or close_tab)."""

    async def open_one(opener: Any, record: tuple[str, int] | None, timeout: float) -> tuple[Any, Any]:
        if record is not None and server.app[CRM].record(*record) is None:
            raise WidgetActionError(f"open_tab: no {OBJECT_TYPE_NAMES[record[0]].lower()} {record[1]}")
        page, session = await open_tab(server, opener, browser_context, record, timeout)
        opened.append(session)
        if pages is not None:
            pages[session.id] = page
        return session, PlaywrightWidgetDriver(page)

    return open_one


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

    `browser` (the server and the page's browser context) lets `open_tab`, `open_window`, `navigate` and
    `close_tab` steps open, move and close pages; their violations count too, the log is the first tab's and the
    other pages' logs are the run's `surfaces`, each in its lane."""
    step_ends: list[tuple[int, int]] = []  # (step, last seq when it ended): places each violation on a step
    opened: list[Session] = []
    pages: dict[str, Any] = {session.id: driver.page} if isinstance(driver, PlaywrightWidgetDriver) else {}
    opener = tab_opener(*browser, opened, pages) if browser is not None else None
    surfaces = BrowserSurfaces(*browser, pages) if browser is not None else None

    def record_step(step: StepResult) -> None:
        if step.status != "skipped":
            step_ends.append((step.index, session.log.last_seq))
        if on_step is not None:
            on_step(step)

    try:
        played = run_scenario(
            scenario, session, driver, start_seq=0, on_step=record_step, open_tab=opener, surfaces=surfaces
        )
        result = await asyncio.wait_for(played, timeout)
    except TimeoutError:
        error = f"scenario did not finish within its timeout of {timeout:g} s (--timeout)"
        result = ScenarioResult(scenario.name, str(scenario.path), "failed", (), timeout, error=error)
    if result.status != "passed" and not any(e.type == "SYNC_ACK" for e in session.log.entries):
        result = await explain_handshake(result, widget, host_url, near)
    violations = run_violations(session.log.entries, step_ends)
    others = [(f"tab {number}", tab) for number, tab in enumerate(opened, start=2)]
    others += surfaces.opened if surfaces is not None else []
    for lane, other in others:  # seqs of their own logs, on no step
        violations += [replace(v, text=f"{lane}: {v.text}") for v in run_violations(other.log.entries, ())]
    result = strict_verdict(result, session, *(other for _, other in others)) if strict else result
    log = [entry.to_json() for entry in session.log.entries]
    lanes = [(lane, [entry.to_json() for entry in other.log.entries]) for lane, other in others]
    return ScenarioRun(scenario.name, str(scenario.path), result, violations, log, surfaces=lanes)
