"""`callsim run --report FILE.html`: one self-contained page, escaped, that opens offline in Chromium."""

from __future__ import annotations

import base64
import dataclasses
import json
import re
import struct
import subprocess
import sys
import zlib
from html import escape as html_escape
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from simulator.reports.formats import Violation
from simulator.reports.html import render_html, report_json, write_html, write_html_from_json
from simulator.reports.scenario_run import ScenarioRun
from simulator.scenarios.results import ScenarioResult, StepResult

ROOT = Path(__file__).resolve().parent.parent.parent
EVIL = '<script>alert("x")</script><img src="http://evil.example/x.png">'


def tiny_png() -> bytes:
    """A 1x1 PNG, made here so the test needs no image file."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0\0\0\0")) + chunk(b"IEND", b"")
    )


def entry(seq: int, direction: str, type_: str, **fields: Any) -> dict[str, Any]:
    return {"seq": seq, "ts": 1000 + seq / 10, "session_id": "s1", "direction": direction, "type": type_, **fields}


def failing_run() -> ScenarioRun:
    steps = (
        StepResult(1, 5, "expect INITIALIZED", "passed", 0.12, "matched seq 2"),
        StepResult(2, 7, "expect CALL_ENDED", "failed", 5.0, f"expected CALL_ENDED\n- callEndStatus: {EVIL}"),
        StepResult(3, 9, "click [data-action='save-call']", "skipped", 0.0),
    )
    result = ScenarioResult(EVIL, "scenarios/evil.yaml", "failed", steps, 5.2)
    log = [
        entry(1, "out", "SYNC", message={"type": "SYNC"}),
        entry(2, "in", "INITIALIZED", message={"type": "INITIALIZED", "data": {"note": EVIL}}),
        entry(3, "in", EVIL, message={"type": EVIL}),
        entry(
            4, "violation", "envelope.unknown-type", rule="envelope.unknown-type", severity="error", text=EVIL, ref=3
        ),
    ]
    violations = [Violation("envelope.unknown-type", "error", EVIL, 4, 2)]
    png = tiny_png()
    return ScenarioRun(EVIL, "scenarios/evil.yaml", result, violations, log, png, png)


def passing_run() -> ScenarioRun:
    result = ScenarioResult("Calm", "scenarios/calm.yaml", "passed", (StepResult(1, 3, "wait 0s", "passed", 0.0),), 0.1)
    log = [entry(1, "in", "INITIALIZED", message={"type": "INITIALIZED", "data": {}})]
    return ScenarioRun("Calm", "scenarios/calm.yaml", result, [], log, tiny_png())


class Tags(HTMLParser):
    """Every element and the URL-ish attributes the page has, as a browser would parse it."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: set[str] = set()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        self.urls += [value or "" for name, value in attrs if name in ("src", "href")]


def test_widget_text_is_escaped_everywhere_and_nothing_loads() -> None:
    html = render_html(report_json([failing_run(), passing_run()]))
    parsed = Tags()
    parsed.feed(html)
    assert "script" not in parsed.tags and "link" not in parsed.tags
    assert all(url.startswith(("data:image/png;base64,", "#")) for url in parsed.urls), parsed.urls
    assert "&lt;script&gt;" in html
    assert "default-src 'none'" in html  # the CSP: no request, no script, even if something slipped through
    assert html.count('data-role="diff"') == 1 and "expected CALL_ENDED" in html
    assert html.count("<svg") == 2 and html.count('src="data:image/png;base64,') == 2
    assert "1 passed</strong>, 1 failed" in html


def test_the_report_renders_from_json_too(tmp_path: Path) -> None:
    """`callsim merge` writes it from JSON reports: plain `--json` output (no logs, no screenshots) works."""
    report = json.loads(json.dumps(report_json([failing_run(), passing_run()])))
    for scenario in report["scenarios"]:
        del scenario["log"]
    report["scenarios"][1]["screenshots"] = {"end": base64.b64encode(b"not a png").decode()}
    path = tmp_path / "merged.html"
    write_html(path, report)
    html = path.read_text(encoding="utf-8")
    assert "No session log in this report." in html and html.count('src="data:image/png') == 1  # the bad one is out
    write_html_from_json(tmp_path / "again.html", report)
    assert (tmp_path / "again.html").read_text(encoding="utf-8").count('<section class="scenario"') == 2


def test_a_scenario_on_several_surfaces_gets_one_lane_each_from_the_run_and_from_its_json() -> None:
    base = failing_run()
    window = [entry(1, "out", "SYNC", message={"type": "SYNC"}), entry(2, "in", "CALL_ENDED", message={})]
    moved = [entry(1, "in", "INITIALIZED", message={})]
    run = dataclasses.replace(base, surfaces=[("window", window), ("tab 1", moved), (EVIL, [])])
    for report in (report_json([run]), json.loads(json.dumps(report_json([run])))):
        html = render_html(report)
        heads = re.findall(r"<g class=\"seq-lane\" data-lane=(\"[^\"]*\"|'[^']*')>", html)
        assert heads[:3] == ['"host"', '"tab 1"', '"window"'] and len(heads) == 4  # a navigated tab stays one lane
        assert html_escape(EVIL, quote=False) in heads[3]  # the fourth lane's label, escaped
        assert html.count('data-lane="tab 1" class="seq-arrow"') == 4  # tab 1's three arrows and its new page's one
        assert EVIL not in html
    assert 'data-lane="widget"' in render_html(report_json([base]))  # one surface: the classic two lanes


FAILING = """\
name: Fails on purpose
steps:
  - expect: INITIALIZED
  - expect: LOGGED_IN
    within: 300ms
"""


@pytest.mark.browser
def test_a_real_run_report_opens_offline_and_shows_each_scenario(tmp_path: Path, fresh_page: Any) -> None:
    page = fresh_page  # its route would stay on a reused page
    failing = tmp_path / "fails.yaml"
    failing.write_text(FAILING, encoding="utf-8")
    report = tmp_path / "report.html"
    passing = ROOT / "scenarios" / "widget-error-alert.yaml"
    command = [sys.executable, "-m", "simulator", "run", str(passing), str(failing), "--report", str(report)]
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 1, result.stdout + result.stderr  # one failed on purpose
    url = report.resolve().as_uri()
    requests: list[str] = []

    def count(route: Any) -> None:
        if route.request.url != url and not route.request.url.startswith("data:"):
            requests.append(route.request.url)
        route.continue_()

    page.route("**/*", count)
    page.goto(url)
    page.wait_for_load_state("load")
    assert requests == []
    sections = page.locator("section.scenario")
    assert sections.count() == 2
    assert page.locator('section[data-status="passed"] h2').inner_text().startswith("Widget reports an error")
    failed = page.locator('section[data-status="failed"]')
    assert "expected LOGGED_IN" in failed.locator('[data-role="diff"]').inner_text()
    assert page.locator("section.scenario svg.sequence-diagram").count() == 2
    images = page.locator("figure img")
    assert images.count() >= 2 and all(
        page.evaluate("(img) => img.complete && img.naturalWidth > 0", img) for img in images.element_handles()
    )
    page.screenshot(path=str(tmp_path / "report.png"), full_page=True)
