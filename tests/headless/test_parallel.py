"""`callsim run --workers N` and `--shard K/N` on the shipped library: the same results and reports as a serial run."""

from __future__ import annotations

import html
import json
import re
import subprocess
import sys
import xml.etree.ElementTree as ElementTree
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from simulator.hubspot.crm.portal import FIRST_ENGAGEMENT_ID
from tests.helpers.live_server import ROOT

pytestmark = pytest.mark.browser

UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
ENGAGEMENT = re.compile(rf"\b{str(FIRST_ENGAGEMENT_ID)[:-3]}\d{{3}}\b")  # ids the mock CRM hands out in turn
HEADER = re.compile(r"^\[(\d+)/(\d+)\] ")
SEQ = re.compile(r"\bseq \d+")


def callsim(*args: str) -> subprocess.Popen[str]:
    command = [sys.executable, "-m", "simulator", *args]
    return subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def finish(process: subprocess.Popen[str]) -> str:
    out, err = process.communicate(timeout=240)
    assert process.returncode == 0, out + err
    return out


def comparable(value: Any) -> Any:
    """A report without what differs between any two runs, serial ones too.

    Timings; ids (call ids are random UUIDs; engagement ids count up in the order the calls are saved, and
    each shard has its own CRM); log positions (a busy machine can make the host repeat a SYNC before the
    widget answers, one more entry ahead of the rest); and the step a violation is placed on, which for a
    message that arrives while a click returns is the click's or the next step's, depending on which came
    first."""
    if isinstance(value, dict):
        return {k: comparable(v) for k, v in value.items() if k not in ("duration_s", "step", "seq")}
    if isinstance(value, list):
        return [comparable(v) for v in value]
    if isinstance(value, int) and ENGAGEMENT.fullmatch(str(value)):
        return "ENGAGEMENT_ID"
    if isinstance(value, str):
        return SEQ.sub("seq N", ENGAGEMENT.sub("ENGAGEMENT_ID", UUID.sub("UUID", value)))
    return value


@dataclass(frozen=True)
class SerialRun:
    out: str
    junit: Path
    report: dict[str, Any]
    html: str


@pytest.fixture(scope="module")
def serial_run(tmp_path_factory: pytest.TempPathFactory) -> SerialRun:
    """The library played one scenario at a time, once for this module (a run takes seconds)."""
    folder = tmp_path_factory.mktemp("serial")
    junit, report = folder / "junit.xml", folder / "serial.json"
    html = folder / "report.html"
    # --strict, as the issue's built-in scenarios must pass; --report for the surfaces' lanes (checked below)
    command = ["run", "scenarios/", "--workers", "1", "--strict", "--junit", str(junit), "--json", str(report)]
    out = finish(callsim(*command, "--report", str(html)))
    return SerialRun(out, junit, json.loads(report.read_text()), html.read_text())


@pytest.fixture(scope="module")
def serial(serial_run: SerialRun) -> dict[str, Any]:
    return serial_run.report


def test_the_built_in_library_passes_headless_and_writes_junit(serial_run: SerialRun) -> None:
    shipped = sorted(p.name for p in (ROOT / "scenarios").glob("*.yaml"))
    assert f"{len(shipped)} scenarios: {len(shipped)} passed, 0 failed" in serial_run.out
    suites = ElementTree.parse(serial_run.junit).getroot()
    cases = suites.findall(".//testcase")
    assert len(cases) == len(shipped) and not suites.findall(".//failure")
    assert [s["status"] for s in serial_run.report["scenarios"]] == ["passed"] * len(shipped)


def _block(out: str, path: str) -> str:
    """One scenario's lines of a serial run's output: its header line, then its steps up to the next header."""
    lines = out.splitlines()
    start = next(i for i, line in enumerate(lines) if HEADER.match(line) and line.endswith(f"({path})"))
    end = next((i for i in range(start + 1, len(lines)) if HEADER.match(lines[i])), len(lines))
    return "\n".join(lines[start:end])


def _played(serial_run: SerialRun, name: str) -> dict[str, Any]:
    (scenario,) = [s for s in serial_run.report["scenarios"] if s["path"] == f"scenarios/{name}"]
    return dict(scenario)


def test_the_surface_scenarios_pass_strict_without_a_warning(serial_run: SerialRun) -> None:
    # issue 18's built-in scenarios: two record tabs, a task queue of three, the calling window with navigation;
    # each one's own expects check the order of its messages (three DIAL_NUMBERs, each after a CALL_COMPLETED...)
    for name in ("inbound-two-tabs.yaml", "task-queue-of-three.yaml", "calling-window-navigation.yaml"):
        played = _played(serial_run, name)
        assert played["status"] == "passed" and played["violations"] == [], (name, played["violations"])
    two_tabs = _block(serial_run.out, "scenarios/inbound-two-tabs.yaml")
    assert "open tab 2" in two_tabs and 'click [data-action="answer"] in tab 2' in two_tabs
    queue = _block(serial_run.out, "scenarios/task-queue-of-three.yaml")
    assert "start a task queue of contact 51, contact 52, company 77" in queue
    window = _block(serial_run.out, "scenarios/calling-window-navigation.yaml")
    assert "open the calling window" in window and "navigate to company 77" in window


def test_the_report_draws_a_lane_per_surface_the_scenario_used(serial_run: SerialRun) -> None:
    # the calling window's scenario: HubSpot's lane, tab 1's (both of its pages, before and after navigating) and
    # the window's; a scenario of one surface keeps the two-lane diagram
    section = re.compile(
        r'<section class="scenario" id="[^"]+" data-status="[^"]+" data-scenario="([^"]+)">(.*?)</section>', re.S
    )
    sections = {html.unescape(name): body for name, body in section.findall(serial_run.html)}
    window = sections[_played(serial_run, "calling-window-navigation.yaml")["name"]]
    assert re.findall(r'<g class="seq-lane" data-lane="([^"]+)">', window) == ["host", "tab 1", "window"]
    arrows = re.findall(r'<g data-lane="window" class="seq-arrow" data-seq="\d+" data-direction="in"', window)
    assert len(arrows) >= 5  # INITIALIZED, LOGGED_IN, OUTGOING_CALL_STARTED, CALL_ANSWERED, CALL_ENDED...
    assert window.count('data-lane="tab 1" class="seq-arrow"') >= 4  # two handshakes, two INITIALIZEDs
    single = sections[_played(serial_run, "widget-error-alert.yaml")["name"]]
    assert 'data-lane="window"' not in single and 'data-lane="tab 2"' not in single


def assert_one_block_per_scenario(out: str, report: dict[str, Any]) -> None:
    """Each block of a parallel run's output: its header, then exactly its scenario's steps and warnings."""
    blocks: dict[int, list[str]] = {}
    current = None
    for line in out.split("\n\nresult ")[0].splitlines():
        header = HEADER.match(line)
        if header:
            current = int(header[1])
            assert current not in blocks
            blocks[current] = []
        else:
            assert current is not None, line
            blocks[current].append(line)
    assert sorted(blocks) == list(range(1, len(report["scenarios"]) + 1))
    for index, lines in blocks.items():
        scenario = report["scenarios"][index - 1]
        steps = [line for line in lines if re.match(r"^    [✓✗-] ", line)]
        warnings = [line for line in lines if line.startswith("    ⚠ ")]
        assert len(steps) == len(scenario["steps"]) and len(warnings) == len(scenario["violations"]), lines


# The library's short scenarios (0.01–0.7 s each): sharding, workers and the merge are the same code for any file,
# and the whole library's passing is the serial run's test above.
SHARDED = ("inbound-caller-id-match.yaml", "resize.yaml", "set-call-state.yaml", "unknown-event-type.yaml",
           "visibility-changes.yaml", "widget-error-alert.yaml")  # fmt: skip


def test_two_shards_on_two_workers_each_merge_into_the_serial_report(serial: dict[str, Any], tmp_path: Path) -> None:
    """Shards and workers at once: every scenario runs once, each shard's two workers print one whole block per
    scenario, and the merged report is the serial run's for those scenarios, results, steps and violations alike."""
    files = [f"scenarios/{name}" for name in SHARDED]
    serial = {**serial, "scenarios": [s for s in serial["scenarios"] if s["path"] in files]}
    assert len(serial["scenarios"]) == len(SHARDED)
    shards = [tmp_path / "shard-1.json", tmp_path / "shard-2.json"]
    running = [
        callsim("run", *files, "--shard", f"{k}/2", "--workers", "2", "--json", str(path))
        for k, path in enumerate(shards, 1)
    ]
    outputs = [finish(process) for process in running]
    reports = [json.loads(path.read_text()) for path in shards]
    for out, report in zip(outputs, reports, strict=True):
        assert report["summary"]["passed"] == len(report["scenarios"]) >= 2
        assert_one_block_per_scenario(out, report)
    paths = [[s["path"] for s in report["scenarios"]] for report in reports]
    assert sorted(paths[0] + paths[1]) == sorted(s["path"] for s in serial["scenarios"])
    assert not set(paths[0]) & set(paths[1]) and abs(len(paths[0]) - len(paths[1])) <= 1
    merged = tmp_path / "merged.json"
    out = finish(callsim("merge", str(shards[1]), str(shards[0]), "--json", str(merged)))
    assert f"{len(serial['scenarios'])} scenarios: {len(serial['scenarios'])} passed" in out
    merged_report = json.loads(merged.read_text())
    assert comparable(merged_report["scenarios"]) == comparable(serial["scenarios"])
