"""Scenarios on HubSpot's surfaces (issue 18): several record tabs and a task queue, as `callsim run` plays them (a
subprocess, real Chromium, the sample widget, --strict), and a violation in another tab reaching the report named
by its tab."""

from __future__ import annotations

import html
import json
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from simulator.headless import harness
from simulator.hubspot.context import HostContext
from simulator.scenarios.runner import TabOpener
from simulator.server.page.session import Session
from tests.helpers.live_server import ROOT
from tests.helpers.page_socket import WIDGET
from tests.helpers.runner_fakes import FakeDriver, scenario

ORIGIN = "http://127.0.0.1:9999"

TWO_TABS = ROOT / "scenarios" / "inbound-two-tabs.yaml"  # the built-in library's
WINDOW_NAVIGATION = TWO_TABS.with_name("calling-window-navigation.yaml")


def run(*args: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "simulator", "run", *args]
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=240)


# The built-in two-tabs, task-queue and calling-window scenarios pass --strict, print their tab steps and draw a
# lane per surface in the library's own run (tests/headless/test_parallel.py); the tests here change or combine them.


BESIDE = """\
name: Two record tabs beside another scenario
context: {usesCallingWindow: false, supportsInboundCalling: true}
steps:
  - expect: INITIALIZED
  - open_tab: 2
  - expect: INITIALIZED
    tab: 2
  - click: '[data-action="sign-in"]'
  - click: '[data-action="toggle-availability"]'
  - expect: USER_AVAILABLE
  - click: '[data-action="sign-in"]'
    tab: 2
  - click: '[data-action="toggle-availability"]'
    tab: 2
  - expect: USER_AVAILABLE
    tab: 2
  - expect_none: INCOMING_CALL
    within: 4s
  - expect_none: INCOMING_CALL
    tab: 2
    within: 1s
"""


@pytest.mark.browser
def test_scenarios_side_by_side_as_the_same_user_do_not_share_tabs(tmp_path: Path) -> None:
    # Both play as the default user with --workers 2: the inbound call rings in its own scenario's two tabs only,
    # and each scenario's tabs are numbered 1 and 2 and name only each other (once, they were tabs 1 to 4 of one user).
    beside, log = tmp_path / "beside.yaml", tmp_path / "log.jsonl"
    beside.write_text(BESIDE)
    result = run(str(TWO_TABS), str(beside), "--strict", "--workers", "2", "--log", str(log))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "2 scenarios: 2 passed, 0 failed" in result.stdout
    entries = [json.loads(line) for line in log.read_text().splitlines()]
    notes = [(e["session_id"], e["text"]) for e in entries if e["direction"] == "note" and e["type"] == "TAB"]
    numbered = {session: int(m[1]) for session, text in notes if (m := re.match(r"record tab (\d+) of user", text))}
    assert sorted(numbered.values()) == [1, 1, 2, 2]
    named = [re.findall(r"tab (\d+) \(session (\w+)\)", text) for _, text in notes if "other tabs" in text]
    assert [[(int(n), numbered[s]) for n, s in pairs] for pairs in named] == [[(1, 1)], [(1, 1)]]
    rings = [text for _, text in notes if "rings in" in text or "stops ringing" in text]
    assert rings and all(re.search(r"\btab [34]\b", text) is None for text in rings), rings


REMOTE = """\
name: The calling remote in the tab's nav bar
context: {userId: 9191}
steps:
  - expect: INITIALIZED
  - open_remote: true
  - expect: SYNC
    from: host
    tab: remote
    match: {iframeLocation: remote, userId: 9191}
  - click: '[data-action="sign-in"]'
    tab: remote
  - expect: LOGGED_IN
    tab: remote
  - expect_none: DIAL_NUMBER
    from: host
    tab: remote
    within: 300ms
  - close_tab: remote
  - open_remote: true
  - expect: INITIALIZED
    tab: remote
  - navigate: {type: company, id: 77}
  - expect: INITIALIZED
"""


def answered_in_the_first_tab() -> str:
    """The two-tabs scenario answered in tab 1 instead: tab 2's widget shows it was answered in another tab."""
    return (
        TWO_TABS.read_text()
        .replace("  - click: '[data-action=\"answer\"]'\n    tab: 2\n", "  - click: '[data-action=\"answer\"]'\n")
        .replace("  - expect: CALL_ANSWERED\n    tab: 2\n", "  - expect: CALL_ANSWERED\n")
        .split("  - wait_for:")[0]
        + "  - wait_for: {selector: '#status', text: Answered in another tab}\n    tab: 2\n"
    )


@dataclass(frozen=True)
class BesideRun:
    """One `callsim run --strict --workers 3`: the calling window's scenario beside two others of the default user
    (started together), then the calling remote's and the answered-in-the-first-tab scenarios on the freed workers.
    One server and browser start instead of three; each test below reads its own scenario's part."""

    result: subprocess.CompletedProcess[str]
    report: dict[str, Any]
    html: str
    remote: Path
    first: Path

    def played(self, path: Path) -> dict[str, Any]:
        (scenario,) = [s for s in self.report["scenarios"] if s["path"] == str(path)]
        return dict(scenario)


@pytest.fixture(scope="module")
def beside_run(tmp_path_factory: pytest.TempPathFactory) -> BesideRun:
    folder = tmp_path_factory.mktemp("beside")
    remote, first = folder / "remote.yaml", folder / "first.yaml"
    remote.write_text(REMOTE)
    first.write_text(answered_in_the_first_tab())
    report, html = folder / "report.json", folder / "report.html"
    # the window first: with three workers it starts with the two after it, as `callsim audit` and `--workers` play
    others = [str(WINDOW_NAVIGATION.with_name(name)) for name in ("hubspot-ends-call.yaml", "custom-object-call.yaml")]
    files = [str(WINDOW_NAVIGATION), *others, str(remote), str(first)]
    result = run(*files, "--strict", "--workers", "3", "--json", str(report), "--report", str(html))
    body = json.loads(report.read_text()) if report.exists() else {"scenarios": []}
    return BesideRun(result, body, html.read_text() if html.exists() else "", remote, first)


@pytest.mark.browser
def test_the_window_scenario_passes_strict_beside_other_scenarios_in_parallel(beside_run: BesideRun) -> None:
    # All are the default user but the remote's: the window must not see the calls of the scenarios playing beside
    # it (it flagged them as call.two-instances while every page of one user was linked).
    result = beside_run.result
    assert result.returncode == 0, result.stdout + result.stderr
    assert "5 scenarios: 5 passed, 0 failed" in result.stdout
    window = beside_run.played(WINDOW_NAVIGATION)
    assert window["status"] == "passed" and window["violations"] == [], window["violations"]


SECTION = re.compile(
    r'<section class="scenario" id="[^"]+" data-status="[^"]+" data-scenario="([^"]+)">(.*?)</section>', re.S
)


@pytest.mark.browser
def test_the_remote_opens_closes_and_goes_with_its_tabs_page(beside_run: BesideRun) -> None:
    result = beside_run.result
    assert beside_run.played(beside_run.remote)["status"] == "passed", result.stdout + result.stderr
    assert 'click [data-action="sign-in"] in the calling remote' in result.stdout
    sections = {html.unescape(name): body for name, body in SECTION.findall(beside_run.html)}
    heads = re.findall(
        r'<g class="seq-lane" data-lane="([^"]+)">', sections[beside_run.played(beside_run.remote)["name"]]
    )
    assert heads == ["host", "tab 1", "remote"]  # both remotes in one lane, as both of tab 1's pages


@pytest.mark.browser
def test_answered_in_the_first_tab_the_seconds_widget_goes_quiet(beside_run: BesideRun) -> None:
    result = beside_run.result
    played = beside_run.played(beside_run.first)
    assert played["status"] == "passed", result.stdout + result.stderr
    assert played["violations"] == []


async def test_a_violation_in_another_tab_is_reported_with_its_tab(monkeypatch: pytest.MonkeyPatch) -> None:
    first, second = Session(WIDGET, HostContext()), Session(WIDGET, HostContext())
    await second.received({"messageId": "1_1"}, ORIGIN)  # no `type`: envelope.type, in the second tab

    def opener(server: object, context: object, opened: list[Session], pages: object = None) -> TabOpener:
        async def open_one(opener: object, record: object, timeout: float) -> tuple[Any, Any]:
            opened.append(second)
            return second, None

        return open_one

    monkeypatch.setattr(harness, "tab_opener", opener)
    no_server: Any = None  # the opener above needs neither a server nor a browser
    played = await harness.play(
        scenario("- open_tab: 2"), first, FakeDriver(), widget=WIDGET, host_url="http://h", timeout=5, strict=True,
        browser=(no_server, None),
    )  # fmt: skip
    assert [(v.rule, v.text, v.step) for v in played.violations] == [
        ("envelope.type", "tab 2: message has no string `type`: None", None)
    ]
    assert played.result.status == "failed"
    assert "--strict: 1 protocol error(s): envelope.type" in (played.result.error or "")
