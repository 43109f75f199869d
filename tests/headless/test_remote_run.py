"""`callsim run --server URL`: scenarios played on a running `callsim serve` and its warm browser (remote.py),
with the same output, reports and exit status as a run of its own."""

from __future__ import annotations

import html
import json
import re
import subprocess
import sys
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from simulator.cli import main
from tests.helpers.live_server import ROOT, LiveServer, start_live_server, stop_live_server
from tests.helpers.scenario_text import with_shorter_wait
from tests.helpers.widget_origin import widget_origin

pytestmark = pytest.mark.browser

SHORT = ["scenarios/resize.yaml", "scenarios/widget-error-alert.yaml"]


@pytest.fixture(scope="module")
def server() -> Iterator[LiveServer]:
    running = start_live_server()
    yield running
    stop_live_server(running)


def callsim(*args: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "simulator", *args]
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=120)


SEQ = re.compile(r"matched seq \d+")


def same_in_any_run(report: dict[str, Any]) -> list[Any]:
    """Each scenario's name, path, status, steps (without timings) and violations.

    A step's "matched seq N" loses its N: how many SYNCs the host sent before the widget's SYNC_ACK is timing."""
    scenarios = []
    for s in report["scenarios"]:
        steps = [
            {k: SEQ.sub("matched seq _", v) if k == "detail" and v else v for k, v in step.items() if k != "duration_s"}
            for step in s["steps"]
        ]
        violations = [{k: v for k, v in v.items() if k not in ("seq", "step")} for v in s["violations"]]
        scenarios.append((s["name"], s["path"], s["status"], steps, violations))
    return scenarios


def test_a_run_on_the_server_reports_what_a_run_of_its_own_does(server: LiveServer, tmp_path: Path) -> None:
    remote_json, local_json, junit = tmp_path / "remote.json", tmp_path / "local.json", tmp_path / "junit.xml"
    remote = callsim("run", *SHORT, "--server", server.url, "--json", str(remote_json), "--junit", str(junit))
    local = callsim("run", *SHORT, "--json", str(local_json))
    assert remote.returncode == local.returncode == 0, remote.stdout + remote.stderr
    assert same_in_any_run(json.loads(remote_json.read_text())) == same_in_any_run(json.loads(local_json.read_text()))
    assert re.search(r"^\[1/2\] .+  \(scenarios/resize\.yaml\)$", remote.stdout, re.M)  # paths as given
    assert "2 scenarios: 2 passed, 0 failed" in remote.stdout and junit.read_text().count("<testcase") == 2


def test_a_failed_scenario_fails_the_run_and_the_next_run_gets_a_clean_page(server: LiveServer, tmp_path: Path) -> None:
    scenario = with_shorter_wait("outbound-happy-path.yaml", "OUTGOING_CALL_STARTED", tmp_path)  # never comes
    with widget_origin() as origin:
        widget = f"{origin}/broken/forget-outgoing-call"
        failed = callsim("run", str(scenario), "--widget", widget, "--server", server.url)
    assert failed.returncode == 1, failed.stdout + failed.stderr
    assert "OUTGOING_CALL_STARTED" in failed.stdout and "0 passed, 1 failed" in failed.stdout
    again = callsim("run", "scenarios/outbound-happy-path.yaml", "--server", server.url)
    assert again.returncode == 0, again.stdout + again.stderr


SECTION = re.compile(
    r'<section class="scenario" id="[^"]+" data-status="[^"]+" data-scenario="([^"]+)">(.*?)</section>', re.S
)


@pytest.fixture(scope="module")
def html_sections(server: LiveServer, tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """One run on the server with --strict and --report: the sample widget's error alert (one surface) and the
    calling window's scenario (three), each report section by its scenario's name."""
    report = tmp_path_factory.mktemp("html") / "report.html"
    paths = ["scenarios/widget-error-alert.yaml", "scenarios/calling-window-navigation.yaml"]
    result = callsim("run", *paths, "--strict", "--server", server.url, "--report", str(report))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "2 scenarios: 2 passed, 0 failed" in result.stdout
    return {html.unescape(name): body for name, body in SECTION.findall(report.read_text())}


def test_an_html_report_from_the_server_carries_the_logs_and_screenshots(html_sections: dict[str, str]) -> None:
    alert = html_sections["Widget reports an error"]
    assert "data:image/png;base64," in alert and "SYNC_ACK" in alert


def test_the_calling_window_plays_on_the_server_with_a_lane_per_surface(html_sections: dict[str, str]) -> None:
    window = html_sections["Calling window call survives the record tab's navigation"]
    heads = re.findall(r'<g class="seq-lane" data-lane="([^"]+)">', window)
    assert heads == ["host", "tab 1", "window"]  # the other pages' logs came back from the server too


def test_no_server_at_the_url_is_a_clear_error_and_exit_2() -> None:
    result = callsim("run", *SHORT, "--server", "http://127.0.0.1:9")
    assert result.returncode == 2
    assert "--server http://127.0.0.1:9: no callsim serve answers there" in result.stderr
    assert "Traceback" not in result.stdout + result.stderr


# The refusals below start no browser, so they call the command in-process; the test above runs the real command.
@pytest.mark.parametrize("flag", [["--data-dir", "x"], ["--headed"], ["--log", "x.jsonl"]])
def test_what_only_a_run_of_its_own_can_do_is_refused_with_server(
    flag: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["run", *SHORT, "--server", "http://127.0.0.1:9", *flag]) == 2
    assert f"{flag[0]} is not available with --server" in capsys.readouterr().err


def test_a_scenario_with_a_typo_is_refused_before_anything_is_sent(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = tmp_path / "typo.yaml"
    broken.write_text("name: Typo\nsteps:\n  - expct: INITIALIZED\n")
    assert main(["run", str(broken), "--server", "http://127.0.0.1:9"]) == 2  # nothing listens: never reached
    assert f"{broken}:3:5: step 1: unknown key 'expct'" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("body", "says"),
    [
        ({}, '"scenarios" must be a non-empty list'),
        ({"scenarios": [{"path": "a.yaml"}]}, '"scenarios" item 1 must be'),
        ({"scenarios": [{"path": "a.yaml", "text": "name: A\nsteps:\n  - expct: X\n"}]}, "a.yaml:3:5"),
        ({"scenarios": [{"path": "a.yaml", "text": "name: A\nsteps: []\n"}], "workers": "2"}, '"workers" has the'),
        ({"scenarios": [{"path": "a.yaml", "text": "name: A\nsteps: []\n"}], "near": ["rel"]}, '"near" must be'),
    ],
)
def test_a_bad_request_body_is_a_400_naming_what_is_wrong(server: LiveServer, body: dict[str, Any], says: str) -> None:
    request = urllib.request.Request(
        server.url + "/api/runs", data=json.dumps(body).encode(), headers={"Content-Type": "application/json"}
    )
    with pytest.raises(urllib.error.HTTPError) as raised:
        urllib.request.urlopen(request, timeout=10)
    assert raised.value.code == 400 and says in json.loads(raised.value.read())["error"]
