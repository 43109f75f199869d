"""The async Python API: a callsim server and a headless browser in one event loop, widget sessions on them."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from playwright.async_api import async_playwright

from simulator.errors import CallsimError, WidgetActionError
from simulator.eventlog import LogEntry
from simulator.headless import surfaces
from simulator.headless.browser import launch_options
from simulator.headless.driver import PlaywrightWidgetDriver
from simulator.headless.harness import open_page, open_tab, play
from simulator.reports.formats import Violation, run_violations
from simulator.reports.scenario_run import ScenarioRun
from simulator.scenarios.expectations import ExpectationMissed, Expectations, Source, check_matcher, matched_data
from simulator.scenarios.files import load_scenario
from simulator.scenarios.model import Context, Scenario
from simulator.server.appkeys import CRM
from simulator.server.page import inbound, record_refs, task_queues
from simulator.server.page.session import Session
from simulator.server.serve import RunningServer, start_server
from simulator.settings import ACTION_TIMEOUT_S, EXPECT_NONE_WITHIN_S, EXPECT_WITHIN_S, SCENARIO_TIMEOUT_S, Settings

ProtocolViolation = Violation  # the name this API had before the one violation type


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


def _check_matcher(expected: Any) -> None:
    """A malformed `$` matcher is the caller's mistake (CallsimError) and is said now, not after `within`."""
    try:
        check_matcher(expected)
    except ExpectationMissed as error:
        raise CallsimError(str(error)) from None


class AsyncWidgetSession:
    """One record page with a widget in it: send host events, expect the widget's messages, act in its iframe."""

    def __init__(
        self,
        session: Session,
        page: Any,
        server: RunningServer | None = None,
        owns_context: bool = True,
        driver: PlaywrightWidgetDriver | None = None,
    ) -> None:
        self.session = session
        self.page = page  # the Playwright page of the record page, for anything the API does not cover
        self.driver = driver or PlaywrightWidgetDriver(page)  # the remote's widget is a frame in its tab's page
        self._expectations = Expectations(session.log)  # the scenario runner's engine: same matchers, same diffs
        self._server = server
        self._owns_context = owns_context  # a tab open_tab opened shares its opener's browser context

    @property
    def id(self) -> str:
        return self.session.id

    @property
    def tab(self) -> int | None:
        """This page's number among its user's open record tabs (the log's "tab 2")."""
        return self.session.tab

    async def open_tab(self, record: Mapping[str, Any] | None = None) -> AsyncWidgetSession:
        """Another record tab of this session's user, with the same settings and widget, in the same browser
        profile (so the widget's instances can talk); on `record` (`{"type": "company", "id": 77}`), else this
        tab's record. Close it with its own `close()`; closing the first session closes its tabs too."""
        server = self._running()
        try:
            coordinates = record_refs.record_coordinates(record)
        except ValueError as error:
            raise CallsimError(f"open_tab: {error}") from None
        if coordinates is not None and server.app[CRM].record(*coordinates) is None:
            raise CallsimError(f"open_tab: no {record} in the CRM")
        page, session = await open_tab(server, self.session, self.page.context, coordinates)
        return AsyncWidgetSession(session, page, server, owns_context=False)

    @property
    def kind(self) -> str:
        """What this page is: "record" (a record tab), "window" (the user's calling window) or "remote" (the calling
        remote in a record tab's navigation bar)."""
        return self.session.page_kind

    async def open_window(self) -> AsyncWidgetSession:
        """The calling window of this session's user (`/calling-integration-popup-ui/{portalId}`, the widget with
        `iframeLocation: "window"`), opened as HubSpot opens it: the same user, settings and widget, in the same
        browser profile. With usesCallingWindow the window holds the call and the record tabs show its state."""
        server = self._running()
        page, session = await surfaces.open_window(server, self.session, self.page.context)
        return AsyncWidgetSession(session, page, server, owns_context=False)

    async def open_remote(self) -> AsyncWidgetSession:
        """The calling remote in this record tab's navigation bar, as its phone icon opens it (the app's usesRemote):
        a page of its own (`/calling-remote`, `iframeLocation: "remote"`, no record, so no DIAL_NUMBER) of the same
        user, settings and widget. Its `close()` closes the panel; it goes with this tab's page."""
        server = self._running()
        if self.session.page_kind != "record":
            raise CallsimError("open_remote: the remote is in a record tab's navigation bar")
        try:
            remote = await surfaces.open_remote(server, self.session, self.page)
        except WidgetActionError as error:
            raise CallsimError(str(error)) from None
        return AsyncWidgetSession(
            remote, self.page, server, owns_context=False, driver=surfaces.remote_driver(self.page)
        )

    async def navigate(self, record: Mapping[str, Any]) -> AsyncWidgetSession:
        """This record tab goes to `record` (`{"type": "company", "id": 77}`), as a click on a record link: a new
        page load, so a new session of the same user. This object then speaks for the new page (its `id` changes;
        expects look at the new page's messages only). Returns itself."""
        server = self._running()
        if self.session.page_kind != "record":
            raise CallsimError(f"navigate: only a record tab shows a record (this is the {self.kind})")
        try:
            coordinates = record_refs.record_coordinates(record)
        except ValueError as error:
            raise CallsimError(f"navigate: {error}") from None
        if coordinates is None:
            raise CallsimError("navigate: name a record, such as {'type': 'company', 'id': 77}")
        try:
            session = await surfaces.navigate(server, self.session, self.page, coordinates)
        except WidgetActionError as error:
            raise CallsimError(str(error)) from None
        self.session, self._expectations = session, Expectations(session.log)
        return self

    def receive_calls_through(self, provider: str | None) -> str:
        """The provider this session's user receives calls through: a call switcher key ("sample", "cli:widget",
        "app:123"), or None for any. INCOMING_CALL from any other provider is then ignored, with a note. Returns the
        line the user's pages log; a CallsimError names the keys there are."""
        try:
            return inbound.choose(self._running().app, self.session.host.context.user, provider)
        except ValueError as error:
            raise CallsimError(str(error)) from None

    def start_task_queue(self, tasks: list[Mapping[str, Any]]) -> dict[str, Any]:
        """A task queue of Call tasks in this tab (`[{"type": "contact", "id": 51}, ...]`, in order): HubSpot opens
        the first record and dials it, and the next after each CALL_COMPLETED, ignoring `hideWidget`. Returns the
        queue (status, task, tasks with their outcomes)."""
        return self._queue("start", tasks)

    def skip_task(self) -> dict[str, Any]:
        """Skip the queue's current task: HubSpot opens the next record and dials it."""
        return self._queue("skip")

    def stop_task_queue(self) -> dict[str, Any]:
        """Stop the task queue."""
        return self._queue("stop")

    def _queue(self, action: str, tasks: Any = None) -> dict[str, Any]:
        try:
            task_queues.act(self.session, self.session.host.crm, action, tasks)
        except ValueError as error:
            raise CallsimError(f"task queue: {error}") from None
        assert self.session.task_queue is not None
        return self.session.task_queue.to_json()

    def _running(self) -> RunningServer:
        if self._server is None:
            raise CallsimError(
                "this session was not opened by AsyncCallsim.open_session: it cannot open tabs or windows"
            )
        return self._server

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

    async def expect(
        self, message_type: str, match: Any = None, *, within: float = EXPECT_WITHIN_S, source: Source = "widget"
    ) -> Message:
        """Wait for the next `message_type` from the widget (or host) that matches `match` partially."""
        _check_matcher(match)
        try:
            entry = await self._expectations.expect(message_type, match, source=source, within=within)
        except ExpectationMissed as missed:
            raise ExpectationFailed(str(missed)) from None
        return Message.of(entry)

    async def expect_none(
        self, message_type: str, match: Any = None, *, within: float = EXPECT_NONE_WITHIN_S, source: Source = "widget"
    ) -> None:
        """Fail if a matching `message_type` arrives within `within` seconds (after the last expect's match)."""
        _check_matcher(match)
        try:
            await self._expectations.expect_none(message_type, match, source=source, within=within)
        except ExpectationMissed as missed:
            raise ExpectationFailed(str(missed)) from None

    async def click(self, selector: str, *, timeout: float = ACTION_TIMEOUT_S) -> None:
        """Click the first element matching `selector` inside the widget's iframe."""
        await self.driver.click(selector, timeout, None)

    async def fill(self, selector: str, value: str, *, timeout: float = ACTION_TIMEOUT_S) -> None:
        """Type `value` into the first editable element matching `selector` inside the widget."""
        await self.driver.fill(selector, value, timeout, None)

    async def wait_for(
        self, selector: str | None = None, text: str | None = None, *, timeout: float = ACTION_TIMEOUT_S
    ) -> None:
        """Wait until an element (with `text`, if given) is visible inside the widget."""
        await self.driver.wait_for(selector, text, timeout, None)

    def configure_host(self, **settings: Any) -> None:
        """Change how the mock HubSpot answers from now on (the scenario `host:` names, e.g. fail_create_engagement)."""
        try:
            self.session.configure_host(settings)
        except ValueError as error:
            raise CallsimError(str(error)) from None

    def violations(self) -> list[Violation]:
        """Every protocol violation logged so far, warnings included."""
        return run_violations(self.session.log.entries, ())

    def log(self) -> list[LogEntry]:
        """The session's event log: every message both ways, notes and violations, in order."""
        return list(self.session.log.entries)

    async def close(self) -> None:
        """Close the page (HubSpot's last word on the session is logged); the first session's closes the tabs and
        the window it opened too. The remote's closes its panel."""
        if self.session.page_kind == "remote":
            await self.page.evaluate(surfaces.HIDE_REMOTE)
        elif self._owns_context:
            await self.page.context.close()
        else:
            await self.page.close()


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
        page_context = await self._browser.new_context(viewport={"width": viewport[0], "height": viewport[1]})
        try:
            page, session = await open_page(
                server, page_context, widget_url or self.widget_url or server.sample_widget_url, context, host
            )
        except BaseException:
            await page_context.close()
            raise
        return AsyncWidgetSession(session, page, server)

    async def run_scenario(
        self, scenario: Scenario | str | Path, *, widget_url: str | None = None, timeout: float = SCENARIO_TIMEOUT_S
    ) -> ScenarioRun:
        """Play a scenario (a file or a parsed one) on its own session; a ScenarioError for a bad file."""
        if not isinstance(scenario, Scenario):
            scenario = load_scenario(scenario)
        widget = widget_url or scenario.widget or self.widget_url or self.sample_widget_url
        session = await self.open_session(widget, context=scenario.context, host=scenario.host)
        try:
            return await play(
                scenario,
                session.session,
                session.driver,
                widget=widget,
                host_url=self.host_url,
                timeout=timeout,
                browser=(self.server, session.page.context),
            )
        finally:
            await session.close()
