"""The sync Python API: the async one run on its own event loop in a background thread.

Playwright's sync API refuses to run inside a running asyncio loop (pytest-asyncio's, a notebook's); a loop in a
thread of its own works from plain tests and async tests alike, and the server and browser live there.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Coroutine, Mapping
from pathlib import Path
from typing import Any, TypeVar

from simulator.eventlog import LogEntry
from simulator.reports.scenario_run import ScenarioRun
from simulator.scenarios.expectations import Source
from simulator.scenarios.model import Context, Scenario
from simulator.settings import ACTION_TIMEOUT_S, EXPECT_NONE_WITHIN_S, EXPECT_WITHIN_S, SCENARIO_TIMEOUT_S
from simulator.testing.aio import AsyncCallsim, AsyncWidgetSession, Message, ProtocolViolation

T = TypeVar("T")
MARGIN_S = 30.0  # on top of an operation's own timeout: the thread answers or the caller stops waiting


class _LoopThread:
    """An event loop running forever in a daemon thread; coroutines are submitted and awaited from outside."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, name="callsim-loop", daemon=True)
        self.thread.start()

    def run(self, coroutine: Coroutine[Any, Any, T], timeout: float | None) -> T:
        if threading.current_thread() is self.thread:
            coroutine.close()
            raise RuntimeError("the sync callsim API was called from its own loop; use AsyncCallsim there")
        future = asyncio.run_coroutine_threadsafe(coroutine, self.loop)
        try:
            return future.result(timeout)
        except TimeoutError:
            future.cancel()
            raise

    def close(self) -> None:
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join()
        self.loop.close()


class WidgetSession:
    """One record page with a widget in it (sync): see AsyncWidgetSession for what each method does."""

    def __init__(self, session: AsyncWidgetSession, thread: _LoopThread) -> None:
        self.aio = session
        self._thread = thread

    @property
    def id(self) -> str:
        return self.aio.id

    @property
    def page(self) -> Any:
        """The async Playwright page: only usable from the callsim loop (`callsim.call(...)`)."""
        return self.aio.page

    @property
    def tab(self) -> int | None:
        """This page's number among its user's open record tabs."""
        return self.aio.tab

    def open_tab(self, record: Mapping[str, Any] | None = None) -> WidgetSession:
        """Another record tab of this session's user (same settings, widget and browser profile), on `record`."""
        return WidgetSession(self._run(self.aio.open_tab(record), 15), self._thread)

    @property
    def kind(self) -> str:
        """ "record" (a record tab) or "window" (the user's calling window)."""
        return self.aio.kind

    def open_window(self) -> WidgetSession:
        """The calling window of this session's user (same settings, widget and browser profile)."""
        return WidgetSession(self._run(self.aio.open_window(), 15), self._thread)

    def open_remote(self) -> WidgetSession:
        """The calling remote in this record tab's navigation bar (a session of its own, no record)."""
        return WidgetSession(self._run(self.aio.open_remote(), 15), self._thread)

    def navigate(self, record: Mapping[str, Any]) -> WidgetSession:
        """This record tab goes to `record` (a new page and session, which this object then speaks for)."""
        self._run(self.aio.navigate(record), 15)
        return self

    def start_task_queue(self, tasks: list[Mapping[str, Any]]) -> dict[str, Any]:
        """A task queue of Call tasks in this tab (records like {"type": "contact", "id": 51}); returns the queue."""
        return dict(self._run(_value(lambda: self.aio.start_task_queue(tasks))))

    def skip_task(self) -> dict[str, Any]:
        """Skip the queue's current task."""
        return dict(self._run(_value(self.aio.skip_task)))

    def stop_task_queue(self) -> dict[str, Any]:
        """Stop the task queue."""
        return dict(self._run(_value(self.aio.stop_task_queue)))

    def receive_calls_through(self, provider: str | None) -> str:
        """The call switcher key of the provider the user receives calls through (None: any); the line logged."""
        return str(self._run(_value(lambda: self.aio.receive_calls_through(provider))))

    def _run(self, coroutine: Coroutine[Any, Any, T], timeout: float = 0.0) -> T:
        return self._thread.run(coroutine, timeout + MARGIN_S)

    def send(self, message_type: str, data: Any = None) -> Message:
        """Post a host event to the widget; returns what went out."""
        return self._run(self.aio.send(message_type, data))

    def dial(
        self, number: str | None = None, *, record: Mapping[str, Any] | None = None, phone_property: str | None = None
    ) -> Message:
        """DIAL_NUMBER as HubSpot builds it when the user clicks to call."""
        return self._run(self.aio.dial(number, record=record, phone_property=phone_property))

    def expect(
        self, message_type: str, match: Any = None, *, within: float = EXPECT_WITHIN_S, source: Source = "widget"
    ) -> Message:
        """Wait for the next matching `message_type`; ExpectationFailed (an AssertionError) with a diff if none."""
        return self._run(self.aio.expect(message_type, match, within=within, source=source), within)

    def expect_none(
        self, message_type: str, match: Any = None, *, within: float = EXPECT_NONE_WITHIN_S, source: Source = "widget"
    ) -> None:
        """Fail if a matching `message_type` arrives within `within` seconds."""
        self._run(self.aio.expect_none(message_type, match, within=within, source=source), within)

    def click(self, selector: str, *, timeout: float = ACTION_TIMEOUT_S) -> None:
        """Click inside the widget's iframe."""
        self._run(self.aio.click(selector, timeout=timeout), timeout)

    def fill(self, selector: str, value: str, *, timeout: float = ACTION_TIMEOUT_S) -> None:
        """Type into an input inside the widget's iframe."""
        self._run(self.aio.fill(selector, value, timeout=timeout), timeout)

    def wait_for(
        self, selector: str | None = None, text: str | None = None, *, timeout: float = ACTION_TIMEOUT_S
    ) -> None:
        """Wait until an element (with `text`) is visible inside the widget."""
        self._run(self.aio.wait_for(selector, text, timeout=timeout), timeout)

    def configure_host(self, **settings: Any) -> None:
        """Change how the mock HubSpot answers from now on."""
        self._thread.run(self._configure(settings), MARGIN_S)

    async def _configure(self, settings: dict[str, Any]) -> None:
        self.aio.configure_host(**settings)  # on the loop: the session is not thread-safe

    def violations(self) -> list[ProtocolViolation]:
        """Every protocol violation logged so far."""
        return self._run(_value(self.aio.violations))

    def log(self) -> list[LogEntry]:
        """The session's event log so far."""
        return self._run(_value(self.aio.log))

    def close(self) -> None:
        """Close the record page."""
        self._run(self.aio.close())


async def _value(read: Any) -> Any:
    return read()


class Callsim:
    """A callsim server and a headless Chromium for tests (sync); `with Callsim() as callsim:` or start()/stop()."""

    def __init__(
        self, *, widget_url: str | None = None, browser: str | None = None, headed: bool = False, **settings: Any
    ) -> None:
        self._options: dict[str, Any] = {"widget_url": widget_url, "browser": browser, "headed": headed, **settings}
        self._thread: _LoopThread | None = None
        self._aio: AsyncCallsim | None = None

    def start(self) -> Callsim:
        """Start the loop thread, the server and the browser."""
        if self._thread is not None:
            return self
        self._thread = _LoopThread()
        try:
            self._aio = self._thread.run(self._start(), 60 + MARGIN_S)
        except BaseException:
            self._thread.close()
            self._thread = None
            raise
        return self

    async def _start(self) -> AsyncCallsim:
        return await AsyncCallsim(**self._options).start()  # made on the loop: its lock belongs there

    def stop(self) -> None:
        """Stop the browser, the server and the thread (safe to call twice)."""
        if self._thread is None:
            return
        try:
            if self._aio is not None:
                self._thread.run(self._aio.stop(), MARGIN_S)
        finally:
            self._thread.close()
            self._thread, self._aio = None, None

    def __enter__(self) -> Callsim:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def aio(self) -> AsyncCallsim:
        if self._aio is None:
            raise RuntimeError("callsim is not started (use `with Callsim() as callsim:` or .start())")
        return self._aio

    def call(self, coroutine: Coroutine[Any, Any, T], timeout: float | None = None) -> T:
        """Run a coroutine on callsim's loop (e.g. one using `session.page`, the async Playwright page)."""
        self.aio  # noqa: B018 - raises when not started
        assert self._thread is not None
        return self._thread.run(coroutine, timeout)

    @property
    def host_url(self) -> str:
        return self.aio.host_url

    @property
    def sample_widget_url(self) -> str:
        return self.aio.sample_widget_url

    def open_session(
        self, widget_url: str | None = None, *, context: Context | None = None, host: Mapping[str, Any] | None = None
    ) -> WidgetSession:
        """Open a record page on `widget_url` (else the default widget) once its session exists."""
        session = self.call(self.aio.open_session(widget_url, context=context, host=host), 15 + MARGIN_S)
        assert self._thread is not None
        return WidgetSession(session, self._thread)

    def run_scenario(
        self, scenario: Scenario | str | Path, *, widget_url: str | None = None, timeout: float = SCENARIO_TIMEOUT_S
    ) -> ScenarioRun:
        """Play a scenario file on its own session; the result and its violations."""
        return self.call(self.aio.run_scenario(scenario, widget_url=widget_url, timeout=timeout), timeout + MARGIN_S)
