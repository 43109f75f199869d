"""Plays a scenario against a live session through an injected session and widget driver."""

from __future__ import annotations

import asyncio
import inspect
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from simulator.errors import VariableError, WidgetActionError
from simulator.eventlog import EventLog, LogEntry
from simulator.log_vocabulary import NoteType
from simulator.scenarios.expectations import ExpectationMissed, Expectations, matched_data
from simulator.scenarios.matching import as_text, capture, format_seconds, short, substitute
from simulator.scenarios.model import (
    ClickStep,
    CloseTabStep,
    ExpectNoneStep,
    ExpectStep,
    FillStep,
    HostStep,
    NavigateStep,
    OpenRemoteStep,
    OpenTabStep,
    OpenWindowStep,
    ReloadStep,
    Scenario,
    SendStep,
    Step,
    TabName,
    TaskQueueStep,
    WaitForStep,
    WaitStep,
    tab_label,
)
from simulator.scenarios.results import ScenarioResult, ScenarioStatus, StepResult, StepStatus


class RunnerSession(Protocol):
    """The part of a session the runner needs."""

    @property
    def log(self) -> EventLog: ...

    async def send(self, message_type: str, data: Any) -> LogEntry:
        """Post a host event to the widget; returns its "out" log entry."""
        ...

    def configure_host(self, settings: Mapping[str, Any]) -> None:
        """Change how the mock host answers (simulator.hubspot.host.Faults field names -> values)."""
        ...

    def reload_widget(self, reason: str) -> None:
        """Reload the widget's iframe; the page logs an IFRAME_LOAD note when the new page has loaded."""
        ...


class WidgetDriver(Protocol):
    """Acts inside the widget's iframe: a browser when headless, a person in the page."""

    async def click(self, selector: str, timeout: float, prompt: str | None) -> None: ...

    async def fill(self, selector: str, value: str, timeout: float, prompt: str | None) -> None: ...

    async def wait_for(self, selector: str | None, text: str | None, timeout: float, prompt: str | None) -> None: ...


OnStep = Callable[[StepResult], Awaitable[None] | None]
# Opens another record tab of the opener's user: (opener's session, (objectTypeId, objectId) or None, timeout).
TabOpener = Callable[[RunnerSession, tuple[str, int] | None, float], Awaitable[tuple[RunnerSession, WidgetDriver]]]


class Surfaces(Protocol):
    """The user's other surfaces a runner can open, move and close (a browser's: the harness, the page's player)."""

    async def open_window(self, opener: RunnerSession, timeout: float) -> tuple[RunnerSession, WidgetDriver]:
        """The opener's user's calling window, once its session said hello."""
        ...

    async def navigate(
        self, tab: TabName, session: RunnerSession, record: tuple[str, int], timeout: float
    ) -> tuple[RunnerSession, WidgetDriver]:
        """Move `session`'s page (the scenario's `tab`) to `record` ((objectTypeId, objectId)): the new page's
        session."""
        ...

    async def open_remote(self, session: RunnerSession, timeout: float) -> tuple[RunnerSession, WidgetDriver]:
        """The calling remote in `session`'s page (its navigation bar's phone icon), once its session said hello."""
        ...

    async def close(self, session: RunnerSession) -> None:
        """Close `session`'s page (the remote: its panel)."""
        ...


@dataclass
class _Tab:
    """One surface a scenario plays on (a record tab, the window, the remote): its session, its widget, and where its
    expectations look from."""

    session: RunnerSession
    driver: WidgetDriver
    expectations: Expectations
    trigger: int  # the log seq before the last step that made the widget speak: `unordered` expects look after it


class _StepFailed(Exception):
    """A step did not pass; the message is the step's detail."""


class _Run:
    def __init__(
        self,
        scenario: Scenario,
        session: RunnerSession,
        driver: WidgetDriver,
        start_seq: int,
        timeout_scale: float,
        open_tab: TabOpener | None = None,
        surfaces: Surfaces | None = None,
    ) -> None:
        self.scenario = scenario
        self.scale = timeout_scale
        # Ordered expects search after the previous expect's match; `unordered` ones after the last trigger.
        self.tabs: dict[TabName, _Tab] = {1: _Tab(session, driver, Expectations(session.log, start_seq), start_seq)}
        self.open_tab = open_tab
        self.surfaces = surfaces
        self.remote_in: TabName | None = None  # the tab whose page holds the open remote: it goes with that page
        self.variables: dict[str, Any] = {}

    async def step(self, step: Step) -> str | None:
        """Run one step; returns a detail for the report, raises _StepFailed."""
        tab = self.tabs.get(step.tab)
        if tab is None:  # the parser allows only opened tabs: the open_tab step failed, and so did the scenario
            raise _StepFailed(f"{tab_label(step.tab)} is not open")
        if isinstance(step, SendStep):
            data = substitute(step.data, self.variables)
            tab.trigger = tab.session.log.last_seq
            entry = await tab.session.send(step.message_type, data)
            return f"sent seq {entry.seq}"
        if isinstance(step, ExpectStep):
            return await self.expect(tab, step)
        if isinstance(step, ExpectNoneStep):
            return await self.expect_none(tab, step)
        if isinstance(step, WaitStep):
            # Not scaled: a wait is a deliberate pause, not a limit.
            await asyncio.sleep(step.seconds)
            return None
        if isinstance(step, HostStep):
            tab.session.configure_host(substitute(dict(step.settings), self.variables))
            return None
        if isinstance(step, ReloadStep):
            return await self.reload(tab, step)
        if isinstance(step, OpenTabStep):
            return await self.new_tab(tab, step)
        if isinstance(step, TaskQueueStep):
            return self.task_queue(tab, step)
        if isinstance(step, OpenWindowStep | OpenRemoteStep | NavigateStep | CloseTabStep):
            return await self.surface(tab, step)
        return await self.action(tab, step)

    async def surface(self, tab: _Tab, step: OpenWindowStep | OpenRemoteStep | NavigateStep | CloseTabStep) -> str:
        """Open the calling window or the remote, move a tab to another record, or close a surface; a new page's
        expectations start from its first entry."""
        if self.surfaces is None:
            raise _StepFailed(f"this runner cannot {step.summary()}: play the scenario with `callsim run` or the "
                              "Python API")  # fmt: skip
        try:
            if isinstance(step, CloseTabStep):
                closed = self.tabs.pop(step.target, None)
                if closed is None:
                    raise _StepFailed(f"{tab_label(step.target)} is not open")
                await self.surfaces.close(closed.session)
                self.remote_goes(step.target)
                return f"{tab_label(step.target)} closed"
            if isinstance(step, OpenWindowStep):
                session, driver = await self.surfaces.open_window(tab.session, step.timeout * self.scale)
                self.tabs["window"] = _Tab(session, driver, Expectations(session.log, 0), 0)
                return "calling window opened"
            if isinstance(step, OpenRemoteStep):
                session, driver = await self.surfaces.open_remote(tab.session, step.timeout * self.scale)
                self.tabs["remote"], self.remote_in = _Tab(session, driver, Expectations(session.log, 0), 0), step.tab
                return f"calling remote opened in {tab_label(step.tab)}"
            record = ("0-2" if step.record_type == "company" else "0-1", step.record_id)
            session, driver = await self.surfaces.navigate(step.tab, tab.session, record, step.timeout * self.scale)
            self.tabs[step.tab] = _Tab(session, driver, Expectations(session.log, 0), 0)
            self.remote_goes(step.tab)
            return f"{tab_label(step.tab)} shows {step.record_type} {step.record_id}"
        except WidgetActionError as error:  # no such record, no page opened in time
            raise _StepFailed(str(error)) from None

    async def new_tab(self, opener: _Tab, step: OpenTabStep) -> str:
        """Open the scenario's next record tab, of the opener's user; its expectations start from its first entry."""
        if self.open_tab is None:
            raise _StepFailed("this runner cannot open tabs: play the scenario with `callsim run` or the Python API")
        record = None
        if step.record_id is not None:
            record = ("0-2" if step.record_type == "company" else "0-1", step.record_id)
        try:
            session, driver = await self.open_tab(opener.session, record, step.timeout * self.scale)
        except WidgetActionError as error:  # no such record, no page opened it in time
            raise _StepFailed(str(error)) from None
        self.tabs[step.number] = _Tab(session, driver, Expectations(session.log, 0), 0)
        return f"tab {step.number} opened"

    def remote_goes(self, tab: TabName) -> None:
        """The remote is a frame of its tab's page: that page closing or navigating takes it along."""
        if tab == self.remote_in:
            self.tabs.pop("remote", None)
            self.remote_in = None

    def task_queue(self, tab: _Tab, step: TaskQueueStep) -> str:
        """Start, skip or stop the tab's task queue; the DIAL_NUMBERs it makes are for later `expect ... from: host`."""
        act = getattr(tab.session, "task_queue_action", None)  # the record page's session has it; fakes may not
        if act is None:
            raise _StepFailed("this runner's session has no task queue")
        tasks = [{"type": type_, "id": object_id} for type_, object_id in step.tasks]
        tab.trigger = tab.session.log.last_seq
        try:
            return str(act(step.action, tasks))
        except ValueError as error:
            raise _StepFailed(f"task queue: {error}") from None

    async def reload(self, tab: _Tab, step: ReloadStep) -> str:
        """Reload the widget and wait for its new page; later expects see only what the new page says."""
        before = tab.session.log.last_seq
        tab.session.reload_widget(f"scenario step {step.index}: reload widget")
        timeout = step.timeout * self.scale

        def loaded(entry: LogEntry) -> bool:
            return entry.direction == "note" and entry.type == NoteType.IFRAME_LOAD

        entry = await tab.session.log.wait_for(loaded, before, timeout)
        if entry is None:
            raise _StepFailed(f"the widget's page did not load again within {format_seconds(timeout)}")
        tab.expectations.cursor = tab.trigger = entry.seq
        return f"widget reloaded (seq {entry.seq})"

    def text(self, value: str | None) -> Any:
        """A selector, value or text with variables substituted, always as text (None stays None)."""
        return None if value is None else as_text(substitute(value, self.variables))

    async def action(self, tab: _Tab, step: Step) -> str | None:
        tab.trigger = tab.session.log.last_seq
        driver = tab.driver
        try:
            if isinstance(step, ClickStep):
                await driver.click(self.text(step.selector), step.timeout * self.scale, step.prompt)
            elif isinstance(step, FillStep):
                selector, value = self.text(step.selector), self.text(step.value)
                await driver.fill(selector, value, step.timeout * self.scale, step.prompt)
            elif isinstance(step, WaitForStep):
                selector, text = self.text(step.selector), self.text(step.text)
                await driver.wait_for(selector, text, step.timeout * self.scale, step.prompt)
            else:
                raise _StepFailed(f"this runner cannot run a {type(step).__name__}")
        except WidgetActionError as exc:
            raise _StepFailed(str(exc) or f"{step.describe()} failed") from exc
        return None

    async def expect(self, tab: _Tab, step: ExpectStep) -> str | None:
        expected = substitute(step.match, self.variables)
        within = step.within * self.scale
        after = tab.trigger if step.unordered else None
        try:
            entry = await tab.expectations.expect(
                step.message_type, expected, source=step.source, within=within, after=after
            )
        except ExpectationMissed as exc:
            raise _StepFailed(str(exc)) from None
        captured = []
        for name, path in step.capture.items():
            try:
                self.variables[name] = capture(matched_data(entry), path)
            except VariableError as exc:
                raise _StepFailed(f"matched seq {entry.seq}, but {exc}") from exc
            captured.append(f"{name}={short(self.variables[name], 80)}")
        return f"matched seq {entry.seq}" + (f"; captured {', '.join(captured)}" if captured else "")

    async def expect_none(self, tab: _Tab, step: ExpectNoneStep) -> str | None:
        expected = substitute(step.match, self.variables)
        try:
            await tab.expectations.expect_none(
                step.message_type, expected, source=step.source, within=step.within * self.scale
            )
        except ExpectationMissed as exc:
            raise _StepFailed(str(exc)) from None
        return None


async def _notify(on_step: OnStep | None, result: StepResult) -> None:
    if on_step is None:
        return
    outcome = on_step(result)
    if inspect.isawaitable(outcome):
        await outcome


async def run_scenario(
    scenario: Scenario,
    session: RunnerSession,
    driver: WidgetDriver,
    *,
    start_seq: int = 0,
    timeout_scale: float = 1.0,
    on_step: OnStep | None = None,
    open_tab: TabOpener | None = None,
    surfaces: Surfaces | None = None,
) -> ScenarioResult:
    """Run every step in order; after the first failure the rest are skipped.

    Messages logged after `start_seq` count, including those that arrived before a step started.
    Every `within`, action `timeout` and the scenario `timeout` are multiplied by `timeout_scale`.
    `open_tab` opens the record tabs `open_tab` steps ask for, `surfaces` plays `open_window`, `open_remote`,
    `navigate` and `close_tab` (without them, such a step fails).
    """
    run = _Run(scenario, session, driver, start_seq, timeout_scale, open_tab, surfaces)
    results: list[StepResult] = []
    error: str | None = None
    failed = False
    started = time.monotonic()
    deadline = started + scenario.timeout * timeout_scale if scenario.timeout else None
    for step in scenario.steps:
        description = step.describe()
        if failed:
            result = StepResult(step.index, step.line, description, "skipped", 0.0)
            results.append(result)
            await _notify(on_step, result)
            continue
        step_started = time.monotonic()
        status: StepStatus = "passed"
        detail: str | None = None
        try:
            async with asyncio.timeout_at(_loop_deadline(deadline)):
                try:
                    detail = await run.step(step)
                except TimeoutError as exc:
                    # The step's own timeout (the scenario's deadline surfaces as TimeoutError outside this block).
                    raise _StepFailed(f"timed out: {exc}" if str(exc) else "timed out") from None
        except TimeoutError:
            status, detail = "failed", f"scenario timeout of {format_seconds(scenario.timeout or 0)} exceeded"
        except (_StepFailed, VariableError) as exc:
            status, detail = "failed", str(exc)
        except Exception as exc:  # the session or driver broke: report it, never a traceback
            status, detail = "failed", f"error: {type(exc).__name__}: {exc}"
            error = f"step {step.index} ({description}): {type(exc).__name__}: {exc}"
        failed = status == "failed"
        result = StepResult(step.index, step.line, description, status, time.monotonic() - step_started, detail)
        results.append(result)
        await _notify(on_step, result)
    overall: ScenarioStatus = "error" if error else "failed" if failed else "passed"
    return ScenarioResult(
        scenario.name, scenario.path, overall, tuple(results), time.monotonic() - started, error, dict(run.variables)
    )


def _loop_deadline(deadline: float | None) -> float | None:
    """A time.monotonic() deadline on the event loop's clock (the same clock in CPython, but not promised)."""
    if deadline is None:
        return None
    loop = asyncio.get_running_loop()
    return loop.time() + (deadline - time.monotonic())
