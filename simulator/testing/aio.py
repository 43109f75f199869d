"""The async Python API: a callsim server and a headless browser in one event loop, widget sessions on them."""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal
from urllib.parse import quote

from playwright.async_api import async_playwright

from simulator.errors import CallsimError
from simulator.eventlog import LogEntry
from simulator.headless.browser import launch_options
from simulator.headless.command import host_context, record_path
from simulator.headless.driver import PlaywrightWidgetDriver
from simulator.scenarios.files import load_scenario
from simulator.scenarios.matching import format_seconds, match, render_diff
from simulator.scenarios.model import Context, Scenario
from simulator.scenarios.report import Violation, run_violations
from simulator.scenarios.runner import ScenarioResult, StepResult, matched_data, run_scenario
from simulator.server.appkeys import SESSIONS
from simulator.server.doctor import diagnose
from simulator.server.serve import RunningServer, start_server
from simulator.server.session import Session
from simulator.settings import Settings

SESSION_START_TIMEOUT = 15.0
Source = Literal["widget", "host"]
# The handshake messages carry their fields at the top level, not in `data` (as the scenario runner reads them).


class ExpectationFailed(AssertionError):
    """An `expect` or `expect_none` did not hold; the message is the same diff a scenario report shows."""


@dataclass(frozen=True)
class Message:
    """One wire message of a session: `data` is what `match` is checked against."""

    seq: int
    type: str
    source: Source
    data: Any
    raw: Any

    @classmethod
    def of(cls, entry: LogEntry) -> Message:
        """The message a log entry carries."""
        return cls(
            entry.seq, entry.type, "widget" if entry.direction == "in" else "host", matched_data(entry), entry.message
        )


@dataclass(frozen=True)
class ProtocolViolation:
    """A protocol rule the widget broke, as callsim's validator logged it."""

    rule: str
    severity: str
    text: str
    seq: int

    def __str__(self) -> str:
        return f"{self.severity} {self.rule} (seq {self.seq}): {self.text}"


@dataclass(frozen=True)
class ScenarioRun:
    """A played scenario: the runner's result and every violation logged during it, placed on its step."""

    result: ScenarioResult
    violations: tuple[Violation, ...]

    @property
    def passed(self) -> bool:
        return self.result.status == "passed"


class AsyncWidgetSession:
    """One record page with a widget in it: send host events, expect the widget's messages, act in its iframe."""

    def __init__(self, session: Session, page: Any) -> None:
        self.session = session
        self.page = page  # the Playwright page of the record page, for anything the API does not cover
        self.driver = PlaywrightWidgetDriver(page)
        # Ordered expects: each searches after the previous match, and a message matches one expect only.
        self._cursor = 0
        self._consumed: set[int] = set()

    @property
    def id(self) -> str:
        return self.session.id

    async def send(self, message_type: str, data: Any = None) -> Message:
        """Post a host event (e.g. DIAL_NUMBER, END_CALL) to the widget; returns what went out."""
        return Message.of(await self.session.send(message_type, data))

    async def dial(
        self, number: str | None = None, *, record: Mapping[str, Any] | None = None, phone_property: str | None = None
    ) -> Message:
        """The user clicks to call: DIAL_NUMBER as HubSpot builds it (a number, a record's phone, or the page's)."""
        try:
            entry = await self.session.dial(dict(record) if record else None, phone_property, number)
        except ValueError as error:  # nothing to dial
            raise CallsimError(f"cannot dial: {error}") from None
        return Message.of(entry)

    def _predicate(self, direction: str, message_type: str, expected: Any) -> Any:
        def predicate(entry: LogEntry) -> bool:
            if entry.direction != direction or entry.type != message_type or entry.seq in self._consumed:
                return False
            return expected is None or not match(expected, matched_data(entry))

        return predicate

    def _check_matcher(self, expected: Any) -> None:
        try:
            match(expected, {})
        except ValueError as error:  # a malformed `$` matcher: say so now, not after `within`
            raise CallsimError(f"invalid match: {error}") from None

    async def expect(
        self, message_type: str, match: Any = None, *, within: float = 5.0, source: Source = "widget"
    ) -> Message:
        """Wait for the next `message_type` from the widget (or host) that matches `match` partially."""
        self._check_matcher(match)
        direction = "in" if source == "widget" else "out"
        log = self.session.log
        entry = await log.wait_for(self._predicate(direction, message_type, match), self._cursor, within)
        if entry is None:
            candidates, others = [], []
            for seen in log.since(self._cursor):
                if seen.direction != direction or seen.seq in self._consumed:
                    continue
                if seen.type == message_type:
                    candidates.append((seen.seq, matched_data(seen)))
                elif seen.type not in others:
                    others.append(seen.type)
            diff = render_diff(message_type, match, candidates, source=source, within=within, other_types=others)
            raise ExpectationFailed(diff)
        self._consumed.add(entry.seq)
        self._cursor = max(self._cursor, entry.seq)
        return Message.of(entry)

    async def expect_none(
        self, message_type: str, match: Any = None, *, within: float = 1.0, source: Source = "widget"
    ) -> None:
        """Fail if a matching `message_type` arrives within `within` seconds (after the last expect's match)."""
        self._check_matcher(match)
        direction = "in" if source == "widget" else "out"
        entry = await self.session.log.wait_for(self._predicate(direction, message_type, match), self._cursor, within)
        if entry is not None:
            raise ExpectationFailed(
                f"expected no {message_type} from the {source} within {format_seconds(within)}, "
                f"but received one (seq {entry.seq}): {matched_data(entry)!r}"
            )

    async def click(self, selector: str, *, timeout: float = 5.0) -> None:
        """Click the first element matching `selector` inside the widget's iframe."""
        await self.driver.click(selector, timeout, None)

    async def fill(self, selector: str, value: str, *, timeout: float = 5.0) -> None:
        """Type `value` into the first editable element matching `selector` inside the widget."""
        await self.driver.fill(selector, value, timeout, None)

    async def wait_for(self, selector: str | None = None, text: str | None = None, *, timeout: float = 5.0) -> None:
        """Wait until an element (with `text`, if given) is visible inside the widget."""
        await self.driver.wait_for(selector, text, timeout, None)

    def configure_host(self, **settings: Any) -> None:
        """Change how the mock HubSpot answers from now on (the scenario `host:` names, e.g. fail_create_engagement)."""
        try:
            self.session.configure_host(settings)
        except ValueError as error:
            raise CallsimError(str(error)) from None

    def violations(self) -> list[ProtocolViolation]:
        """Every protocol violation logged so far, warnings included."""
        return [
            ProtocolViolation(str(e.rule or e.type), e.severity or "error", e.text or "", e.seq)
            for e in self.session.log.entries
            if e.direction == "violation"
        ]

    def log(self) -> list[LogEntry]:
        """The session's event log: every message both ways, notes and violations, in order."""
        return list(self.session.log.entries)

    async def close(self) -> None:
        """Close the record page (HubSpot's last word on the session is logged)."""
        await self.page.context.close()


class AsyncCallsim:
    """A callsim server on free ports and a headless Chromium, both in the running event loop."""

    def __init__(
        self, *, widget_url: str | None = None, browser: str | None = None, headed: bool = False, **settings: Any
    ) -> None:
        self.widget_url = widget_url  # None: the built-in sample widget
        self._launch = launch_options(browser, headless=not headed)  # no browser: a clear error now
        self._settings = Settings(port=0, ephemeral=True, **settings)
        self._server: RunningServer | None = None
        self._playwright: Any = None
        self._browser: Any = None
        self._opening = asyncio.Lock()

    async def start(self) -> AsyncCallsim:
        """Start the server and the browser; stops what started if either fails."""
        self._server = await start_server(self._settings)
        try:
            self._playwright = await async_playwright().start()
            try:
                self._browser = await self._playwright.chromium.launch(**self._launch)
            except Exception as error:  # Playwright's launch errors are long; the first line says it
                raise CallsimError(f"could not start the browser: {str(error).splitlines()[0]}") from None
        except BaseException:
            await self.stop()
            raise
        return self

    async def stop(self) -> None:
        """Close the browser and stop the server (safe to call twice)."""
        if self._browser is not None:
            await self._browser.close()
            self._browser = None
        if self._playwright is not None:
            await self._playwright.stop()
            self._playwright = None
        if self._server is not None:
            await self._server.stop()
            self._server = None

    async def __aenter__(self) -> AsyncCallsim:
        return await self.start()

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()

    @property
    def server(self) -> RunningServer:
        if self._server is None or self._browser is None:
            raise CallsimError("callsim is not started (use `async with AsyncCallsim()` or `await .start()`)")
        return self._server

    @property
    def host_url(self) -> str:
        return self.server.host_url

    @property
    def sample_widget_url(self) -> str:
        return self.server.sample_widget_url

    async def open_session(
        self,
        widget_url: str | None = None,
        *,
        context: Context | None = None,
        host: Mapping[str, Any] | None = None,
        viewport: tuple[int, int] = (1400, 1000),
    ) -> AsyncWidgetSession:
        """Open a record page on `widget_url` (else the default widget) and return its session once it exists.

        `context` sets who and where the host is (portal, user, record), `host` how it answers (faults).
        """
        server = self.server
        registry = server.app[SESSIONS]
        widget = widget_url or self.widget_url or server.sample_widget_url
        context = context or Context()
        async with self._opening:  # one page at a time, so each page gets the session made for it
            created: asyncio.Future[Session] = asyncio.get_running_loop().create_future()

            def prepare(session: Session) -> None:
                # Before the page's hello, so the SYNC fields and faults such as drop_first_syncs apply.
                if created.done():
                    return
                session.use_context(host_context(registry.context, context))
                if host:
                    session.configure_host(host)
                created.set_result(session)

            stop_listening = registry.on_created(prepare)
            page_context = await self._browser.new_context(viewport={"width": viewport[0], "height": viewport[1]})
            try:
                page = await page_context.new_page()
                await page.goto(f"{server.host_url}{record_path(context)}?widget={quote(widget, safe='')}")
                session = await asyncio.wait_for(created, SESSION_START_TIMEOUT)
            except TimeoutError:
                await page_context.close()
                raise CallsimError(
                    f"the record page did not open a session within {SESSION_START_TIMEOUT:g} s"
                ) from None
            except BaseException:
                await page_context.close()
                raise
            finally:
                stop_listening()
        return AsyncWidgetSession(session, page)

    async def run_scenario(
        self, scenario: Scenario | str | Path, *, widget_url: str | None = None, timeout: float = 120.0
    ) -> ScenarioRun:
        """Play a scenario (a file or a parsed one) on its own session; a ScenarioError for a bad file."""
        if not isinstance(scenario, Scenario):
            scenario = load_scenario(scenario)
        widget = widget_url or scenario.widget or self.widget_url or self.sample_widget_url
        session = await self.open_session(widget, context=scenario.context, host=scenario.host)
        log = session.session.log
        step_ends: list[tuple[int, int]] = []  # (step, last seq when it ended): places each violation on a step

        def on_step(step: StepResult) -> None:
            if step.status != "skipped":
                step_ends.append((step.index, log.last_seq))

        try:
            try:
                played = run_scenario(scenario, session.session, session.driver, on_step=on_step)
                result = await asyncio.wait_for(played, timeout)
            except TimeoutError:
                error = f"scenario did not finish within {timeout:g} s"
                result = ScenarioResult(scenario.name, scenario.path, "failed", (), timeout, error=error)
            if result.status != "passed" and not any(e.type == "SYNC_ACK" for e in log.entries):
                findings = await diagnose(widget, self.host_url)
                lines = [f"the widget never answered the handshake ({widget})"]
                lines += [f"{f.title}: {f.detail}" + (f" Fix: {f.fix}" if f.fix else "") for f in findings]
                result = dataclasses.replace(result, error="\n".join([*filter(None, [result.error]), *lines]))
            return ScenarioRun(result, tuple(run_violations(log.entries, step_ends)))
        finally:
            await session.close()
