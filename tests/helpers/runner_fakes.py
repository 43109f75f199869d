"""A fake session (the real EventLog) and a scripted widget driver for the scenario runner's tests."""

from __future__ import annotations

import json
import textwrap
from collections.abc import Callable, Mapping
from typing import Any

from simulator.eventlog import EventLog, LogEntry
from simulator.hubspot.sdk.protocol import MessageIds, envelope
from simulator.scenarios.model import Scenario
from simulator.scenarios.parser import parse_scenario
from simulator.scenarios.results import ScenarioResult


class FakeSession:
    """A session with the real EventLog; the widget side is scripted by each test."""

    def __init__(self, on_send: Callable[[str, Any], None] | None = None) -> None:
        self.log = EventLog("test")
        self.ids = MessageIds(1_700_000_000_000)
        self.faults: dict[str, Any] = {}
        self.on_send = on_send
        self.sent: list[tuple[str, Any]] = []
        self.reloads: list[str] = []

    async def send(self, message_type: str, data: Any) -> LogEntry:
        self.sent.append((message_type, data))
        entry = self.host_sends(message_type, data)
        if self.on_send:
            self.on_send(message_type, data)
        return entry

    def configure_host(self, settings: Mapping[str, Any]) -> None:
        self.faults.update(settings)

    def reload_widget(self, reason: str) -> None:
        self.reloads.append(reason)
        self.log.append("note", "IFRAME_LOAD", text="the page loaded again")

    def host_sends(self, message_type: str, data: Any = None) -> LogEntry:
        return self.log.append("out", message_type, message=envelope(message_type, data, self.ids.next()))

    def widget_sends(self, message_type: str, data: Any = None) -> LogEntry:
        message = {"type": message_type, "data": data, "messageId": "1700000009999_1700000010000"}
        return self.log.append("in", message_type, message=message)


class FakeDriver:
    """Records actions; `on_click` maps a selector to what the widget does when it is clicked."""

    def __init__(self, on_click: Mapping[str, Callable[[], object]] | None = None) -> None:
        self.on_click = dict(on_click or {})
        self.actions: list[tuple[Any, ...]] = []
        self.fail_with: Exception | None = None

    async def click(self, selector: str, timeout: float, prompt: str | None) -> None:
        self.actions.append(("click", selector, timeout, prompt))
        if self.fail_with:
            raise self.fail_with
        if selector in self.on_click:
            self.on_click[selector]()

    async def fill(self, selector: str, value: str, timeout: float, prompt: str | None) -> None:
        self.actions.append(("fill", selector, value, timeout, prompt))

    async def wait_for(self, selector: str | None, text: str | None, timeout: float, prompt: str | None) -> None:
        self.actions.append(("wait_for", selector, text, timeout, prompt))


def scenario(steps: str, **top: Any) -> Scenario:
    head = "".join(f"{key}: {json.dumps(value)}\n" for key, value in top.items())
    parsed, errors = parse_scenario(
        f"name: test\n{head}steps:\n" + textwrap.indent(steps.strip(), "  ") + "\n", "t.yaml"
    )
    assert errors == [], errors
    assert parsed is not None
    return parsed


def statuses(result: ScenarioResult) -> list[str]:
    return [step.status for step in result.steps]
