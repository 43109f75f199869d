"""`--report FILE.html`: one self-contained page per run that opens offline and can be mailed to a colleague.

Everything is inline (CSS, the sequence diagrams as SVG, screenshots as data: URIs) and a Content-Security-Policy
forbids any request and any script. Widget-sent text reaches the page only through Jinja's autoescape.
Rendered from the JSON report form (`report_json`), so `callsim merge` can write it from merged JSON reports too.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from simulator.reports.formats import json_report
from simulator.reports.scenario_run import ScenarioRun
from simulator.scenarios.sequence import lanes_svg

TEMPLATES = Path(__file__).resolve().parent / "templates"
TITLE = "callsim scenario report"
BASE64 = re.compile(r"^[A-Za-z0-9+/]*={0,2}$")
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"

_env = jinja2.Environment(
    loader=jinja2.FileSystemLoader(TEMPLATES),
    autoescape=True,
    undefined=jinja2.StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)


def _png_base64(data: bytes | None) -> str | None:
    return base64.b64encode(data).decode("ascii") if data else None


def report_json(runs: Sequence[ScenarioRun]) -> dict[str, Any]:
    """The JSON report (`--json`'s shape) with each scenario's session log and screenshots (base64 PNG) added."""
    report = json_report([run.result for run in runs], [run.violations for run in runs])
    for scenario, run in zip(report["scenarios"], runs, strict=True):
        scenario["log"] = list(run.log)
        if run.surfaces:
            scenario["surfaces"] = [{"lane": lane, "log": list(log)} for lane, log in run.surfaces]
        shots = {"end": _png_base64(run.screenshot_end), "failure": _png_base64(run.screenshot_failure)}
        scenario["screenshots"] = {kind: value for kind, value in shots.items() if value}
    return report


def _checked_png(value: Any) -> str | None:
    """Base64 PNG from the JSON (maybe a file someone edited): only a real PNG, so a data: URI is all it can be."""
    if not isinstance(value, str) or not value or not BASE64.match(value):
        return None
    try:
        head = base64.b64decode(value[:24] + "=" * (-len(value[:24]) % 4), validate=True)
    except (binascii.Error, ValueError):
        return None
    return value if head.startswith(PNG_MAGIC) else None


def _shots(scenario: Mapping[str, Any]) -> list[dict[str, str]]:
    raw = scenario.get("screenshots")
    raw = raw if isinstance(raw, Mapping) else {}
    end, failure = _checked_png(raw.get("end")), _checked_png(raw.get("failure"))
    failed = scenario.get("status") != "passed"
    shots = []
    if failure and failed and failure != end:
        shots.append({"kind": "failure", "caption": "The record page when the scenario failed", "base64": failure})
    if end:
        caption = "The record page at the end" + (" (the failure)" if failed else "")
        shots.append({"kind": "end", "caption": caption, "base64": end})
    return shots


def _number(value: Any) -> float:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else 0.0


def _lanes(scenario: Mapping[str, Any], log: list[Mapping[str, Any]]) -> list[tuple[str, list[Mapping[str, Any]]]]:
    """One lane per surface the scenario used: `widget` alone when it used only its record tab, else `tab 1` and
    the others' (the pages a navigated tab showed in one lane, in the order they opened)."""
    lanes: dict[str, list[Mapping[str, Any]]] = {"tab 1": list(log)}
    for surface in scenario.get("surfaces") or []:
        if isinstance(surface, Mapping) and isinstance(surface.get("log"), list):
            entries = [entry for entry in surface["log"] if isinstance(entry, Mapping)]
            lanes.setdefault(str(surface.get("lane") or "surface"), []).extend(entries)
    return [("widget", log)] if len(lanes) == 1 else list(lanes.items())


def _scenario_view(scenario: Mapping[str, Any]) -> dict[str, Any]:
    steps = [step for step in scenario.get("steps") or [] if isinstance(step, Mapping)]
    log = [entry for entry in scenario.get("log") or [] if isinstance(entry, Mapping)]
    name = str(scenario.get("name") or "scenario")
    lanes = _lanes(scenario, log)
    return {
        "name": name,
        "path": str(scenario.get("path") or ""),
        "status": str(scenario.get("status") or "error"),
        "duration_s": _number(scenario.get("duration_s")),
        "error": scenario.get("error"),
        "steps": [{**step, "duration_s": _number(step.get("duration_s"))} for step in steps],
        "passed_steps": sum(1 for step in steps if step.get("status") == "passed"),
        "violations": [v for v in scenario.get("violations") or [] if isinstance(v, Mapping)],
        # lanes_svg escapes everything it draws (types, rule text): its output is markup, nothing else is.
        "diagram": Markup(lanes_svg(lanes, title=name)) if log else None,
        "log": log,
        "log_json": json.dumps(log, indent=1, ensure_ascii=False, default=str),
        "shots": _shots(scenario),
    }


def render_html(report: Mapping[str, Any], title: str = TITLE) -> str:
    """The report page's HTML from the JSON report form (missing logs and screenshots are simply not shown)."""
    scenarios = [_scenario_view(s) for s in report.get("scenarios") or [] if isinstance(s, Mapping)]
    raw_summary = report.get("summary")
    summary: Mapping[str, Any] = raw_summary if isinstance(raw_summary, Mapping) else {}
    counts = {
        "scenarios": len(scenarios),
        "passed": sum(1 for s in scenarios if s["status"] == "passed"),
        "failed": sum(1 for s in scenarios if s["status"] == "failed"),
        "errors": sum(1 for s in scenarios if s["status"] == "error"),
        "duration_s": _number(summary.get("duration_s")) or sum(s["duration_s"] for s in scenarios),
    }
    written = time.strftime("%Y-%m-%d %H:%M:%S %Z")
    return _env.get_template("report.html").render(title=title, summary=counts, scenarios=scenarios, written=written)


def write_html_from_json(path: str | Path, report: Mapping[str, Any]) -> None:
    """Write the HTML report from a JSON report (`--json`'s, or `report_json`'s with logs and screenshots)."""
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    Path(path).write_text(render_html(report), encoding="utf-8")


def write_html(path: str | Path, runs: Sequence[ScenarioRun] | Mapping[str, Any]) -> None:
    """Write the HTML report of a run (`runs`), or of a JSON report given instead (merged shards)."""
    report = runs if isinstance(runs, Mapping) else report_json(runs)
    write_html_from_json(path, report)
