"""Scenarios played from the record page: Run, Step, Stop, and prompts for a person instead of a browser robot."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Callable, Mapping
from pathlib import Path
from typing import Any

from simulator.errors import ScenarioError, WidgetActionError
from simulator.scenarios.captions import entry_captions, step_caption, who_for
from simulator.scenarios.files import load_scenario
from simulator.scenarios.model import Scenario, TabName
from simulator.scenarios.results import ScenarioResult, StepResult
from simulator.scenarios.runner import TabOpener, run_scenario
from simulator.server.page import page_protocol
from simulator.server.page.library import ScenarioLibrary
from simulator.server.page.page_protocol import ToServer
from simulator.server.page.session import Session

# A person needs longer than a script: every `within` and action timeout is stretched this much.
PERSON_TIMEOUT_SCALE = 12.0
MARKS = {"passed": "✓", "failed": "✗", "skipped": "–"}


class PromptDriver:
    """Widget actions as instructions in the page: the person does them; the next `expect` checks the result."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self._done: asyncio.Future[None] | None = None
        self.prompted = False  # set by the step that shows an instruction; the player clears it one step later

    def _prompt(self, text: str, wait: bool) -> None:
        self.prompted = True
        self.session.notify_page(page_protocol.prompt(text, wait))
        self.session.log.append("note", "SCENARIO_PROMPT", text=text)

    async def click(self, selector: str, timeout: float, prompt: str | None) -> None:
        self._prompt(prompt or f"In the widget, click {selector}", wait=False)

    async def fill(self, selector: str, value: str, timeout: float, prompt: str | None) -> None:
        self._prompt(prompt or f"In the widget, type {value!r} into {selector}", wait=False)

    async def wait_for(self, selector: str | None, text: str | None, timeout: float, prompt: str | None) -> None:
        what = " ".join(part for part in (text and repr(text), selector and f"in {selector}") if part)
        self._prompt(prompt or f"Check that the widget shows {what}, then press Continue", wait=True)
        self._done = asyncio.get_running_loop().create_future()
        with contextlib.suppress(asyncio.TimeoutError):
            await asyncio.wait_for(self._done, timeout)
        self._done = None

    def continue_(self) -> None:
        if self._done is not None and not self._done.done():
            self._done.set_result(None)


class TabPromptDriver:
    """The person's actions in another record tab or the calling window: the same prompts, in the page the scenario
    plays in."""

    def __init__(self, driver: PromptDriver, tab: TabName) -> None:
        self.driver, self.where = driver, "In the calling window: " if tab == "window" else f"In tab {tab}: "

    async def click(self, selector: str, timeout: float, prompt: str | None) -> None:
        await self.driver.click(selector, timeout, self.where + (prompt or f"in the widget, click {selector}"))

    async def fill(self, selector: str, value: str, timeout: float, prompt: str | None) -> None:
        what = prompt or f"in the widget, type {value!r} into {selector}"
        await self.driver.fill(selector, value, timeout, self.where + what)

    async def wait_for(self, selector: str | None, text: str | None, timeout: float, prompt: str | None) -> None:
        what = prompt or f"check that the widget shows {text or selector}, then press Continue"
        await self.driver.wait_for(selector, text, timeout, self.where + what)


# Opens another record tab of a session's user in the person's browser and answers its session.
PageTabOpener = Callable[[Session, tuple[str, int] | None, float], Awaitable[Session]]
# Opens the calling window of a session's user in the person's browser and answers its session.
PageWindowOpener = Callable[[Session, float], Awaitable[Session]]
PLAYS_ELSEWHERE = "play the scenario with `callsim run` or the Python API"


class PageSurfaces:
    """The runner's Surfaces in the person's browser: the page opens the calling window (as it opens tabs); it
    cannot move or close the person's tabs (the scenario plays in one of them), so those steps fail saying so."""

    def __init__(self, open_window: PageWindowOpener, driver: PromptDriver) -> None:
        self._open_window, self.driver = open_window, driver

    async def open_window(self, opener: Any, timeout: float) -> tuple[Any, Any]:
        try:
            window = await self._open_window(opener, timeout)
        except TimeoutError:
            raise WidgetActionError(
                f"no calling window opened within {timeout:g} s: allow pop-ups for this page"
            ) from None
        return window, TabPromptDriver(self.driver, "window")

    async def navigate(self, tab: TabName, session: Any, record: tuple[str, int], timeout: float) -> tuple[Any, Any]:
        raise WidgetActionError(f"navigate: the page's player cannot move your tabs; {PLAYS_ELSEWHERE}")

    async def open_remote(self, session: Any, timeout: float) -> tuple[Any, Any]:
        raise WidgetActionError(f"open_remote: open the remote from the phone icon yourself; {PLAYS_ELSEWHERE}")

    async def close(self, session: Any) -> None:
        raise WidgetActionError(f"close_tab: the page's player cannot close your tabs; {PLAYS_ELSEWHERE}")


class ScenarioPlayer:
    """At most one scenario at a time per session, run straight through or one step per click."""

    def __init__(
        self,
        session: Session,
        scenarios_dir: Path,
        library: ScenarioLibrary | None = None,
        open_tab: PageTabOpener | None = None,
        open_window: PageWindowOpener | None = None,
    ) -> None:
        self.session = session
        self.scenarios_dir = scenarios_dir
        self.library = library  # the dev server's watched files: a broken edit keeps the last valid version
        self.driver = PromptDriver(session)
        self._open_tab = open_tab  # None: open_tab steps fail saying so
        self._surfaces = PageSurfaces(open_window, self.driver) if open_window is not None else None
        self._task: asyncio.Task[None] | None = None
        self._gate: asyncio.Event | None = None
        self._prompt_visible = False
        self._scenario: Scenario | None = None
        self._step_from = 0  # the log seq the current step's captions start after

    def available(self) -> list[str]:
        if self.library is not None:
            return self.library.names()
        return sorted(p.name for p in self.scenarios_dir.glob("*.y*ml"))

    @property
    def running(self) -> bool:
        return self._task is not None and not self._task.done()

    def register(self) -> None:
        """Take the player's page message kinds in the session's dispatch table."""
        handlers = {
            ToServer.SCENARIO_START: self._on_start,
            ToServer.SCENARIO_STEP: self._on_step,
            ToServer.SCENARIO_STOP: self._on_stop,
            ToServer.PROMPT_DONE: self._on_prompt_done,
        }
        for kind in page_protocol.PLAYER_KINDS:
            self.session.on_page(kind, handlers[kind])

    async def _on_start(self, payload: Mapping[str, Any]) -> None:
        self.start(str(payload.get("file", "")), stepwise=bool(payload.get("stepwise")))

    async def _on_step(self, payload: Mapping[str, Any]) -> None:
        if self._gate is not None:
            self._gate.set()

    async def _on_stop(self, payload: Mapping[str, Any]) -> None:
        self.stop()

    async def _on_prompt_done(self, payload: Mapping[str, Any]) -> None:
        self.driver.continue_()

    def start(self, file_name: str, stepwise: bool) -> None:
        if self.running:
            self._status("busy", text="a scenario is already running: stop it first")
            return
        if file_name not in self.available():
            self._status("error", text=f"no scenario {file_name!r} in {self.scenarios_dir}")
            return
        kept = self.library.get(file_name) if self.library is not None else None
        try:
            scenario = kept or load_scenario(self.scenarios_dir / file_name)
        except ScenarioError as error:
            self._status("error", text="; ".join(str(e) for e in error.errors))
            return
        self._gate = asyncio.Event() if stepwise else None
        self._task = asyncio.get_running_loop().create_task(self._play(scenario))

    def stop(self) -> None:
        if self.running and self._task is not None:
            self._task.cancel()

    async def _play(self, scenario: Scenario) -> None:
        session = self.session
        if scenario.host:
            session.configure_host(scenario.host)
        # A scenario starts from a fresh widget page, as `callsim run` does: reload it and start from there.
        start_seq = session.log.last_seq
        self._scenario, self._step_from = scenario, start_seq
        session.log.append("note", "SCENARIO", text=f"▶ {scenario.name} ({len(scenario.steps)} steps)")
        session.notify_page(page_protocol.reload_widget())
        first = step_caption(scenario.steps[0]) if scenario.steps else None
        self._status("running", name=scenario.name, total=len(scenario.steps), demo={"next": first})
        try:
            result = await run_scenario(
                scenario,
                session,
                self.driver,
                start_seq=start_seq,
                timeout_scale=PERSON_TIMEOUT_SCALE,
                on_step=self._after_step,
                open_tab=self._tab_opener(),
                surfaces=self._surfaces,
            )
        except asyncio.CancelledError:
            session.log.append("note", "SCENARIO", severity="warning", text=f"■ {scenario.name}: stopped")
            self._status("stopped", name=scenario.name)
            raise
        self._finish(result)

    def _tab_opener(self) -> TabOpener | None:
        """The runner's way to open this scenario's record tabs: in the person's browser, prompts in this page."""
        open_tab = self._open_tab
        if open_tab is None:
            return None
        opened = [1]

        async def open_one(opener: Any, record: tuple[str, int] | None, timeout: float) -> tuple[Any, Any]:
            try:
                tab = await open_tab(opener, record, timeout)
            except TimeoutError:
                raise WidgetActionError(
                    f"no new tab opened within {timeout:g} s: allow pop-ups for this page"
                ) from None
            except ValueError as error:
                raise WidgetActionError(f"open_tab: {error}") from None
            opened.append(len(opened) + 1)
            return tab, TabPromptDriver(self.driver, opened[-1])

        return open_one

    async def _after_step(self, step: StepResult) -> None:
        severity = "error" if step.status == "failed" else None
        text = f"{MARKS.get(step.status, '?')} step {step.index}: {step.description} ({step.duration_s:.2f} s)"
        if step.detail:
            text += "\n" + step.detail
        demo = self._captions(step.index)
        self.session.log.append("note", "SCENARIO_STEP", severity=severity, text=text)
        self._status("running", step=step.index, step_status=step.status, demo=demo)
        # An instruction stays up while the step after it (usually an `expect`) waits for its effect.
        if self.driver.prompted:
            self.driver.prompted, self._prompt_visible = False, True
        elif self._prompt_visible:
            self._prompt_visible = False
            self.session.notify_page(page_protocol.prompt_clear())
        last = self._scenario is not None and step.index >= len(self._scenario.steps)
        if self._gate is not None and step.status == "passed" and not last:  # after the last step: the result
            self._gate.clear()
            self._status("paused", step=step.index)
            await self._gate.wait()

    def _captions(self, index: int) -> dict[str, Any]:
        """Demo mode's words for the step just played: what it was, what crossed the wire, what comes next."""
        log, scenario = self.session.log, self._scenario
        entries = [entry.to_json() for entry in log.since(self._step_from)]
        self._step_from = log.last_seq
        crm, context = self.session.host.crm, self.session.host.context
        current = None
        if context.record_object_type_id and context.record_object_id:
            current = crm.record(context.record_object_type_id, context.record_object_id)
        fields: dict[str, Any] = {"captions": entry_captions(entries, who_for(crm.records(), current))}
        if scenario is not None:
            steps = {s.index: s for s in scenario.steps}
            fields["heading"] = step_caption(steps[index]) if index in steps else None
            fields["next"] = step_caption(steps[index + 1]) if index + 1 in steps else None
        return fields

    def _finish(self, result: ScenarioResult) -> None:
        passed = result.status == "passed"
        text = f"{'✓ passed' if passed else '✗ ' + result.status}: {result.name} in {result.duration_s:.2f} s"
        if result.error:
            text += f"\n{result.error}"
        self.session.log.append("note", "SCENARIO", severity=None if passed else "error", text=text)
        self._status(result.status, name=result.name)

    def _status(self, state: str, **fields: Any) -> None:
        self.session.notify_page(page_protocol.scenario_status(state, **fields))
