"""The end of a run: the summary table, then each report asked for (JUnit XML, JSON, HTML)."""

from __future__ import annotations

from pathlib import Path
from typing import IO, Any

from simulator.reports.formats import summary_table, write_json, write_junit
from simulator.reports.html import write_html
from simulator.reports.scenario_run import ScenarioRun


def write_reports(
    runs: list[ScenarioRun],
    out: IO[str],
    junit: Path | None,
    json: Path | None,
    report: Path | None,
    shard: dict[str, Any] | None = None,
) -> None:
    """The summary table, then each report asked for (JUnit XML, JSON, HTML)."""
    results = [run.result for run in runs]
    violations = [run.violations for run in runs]
    print("\n" + summary_table(results), file=out, flush=True)
    if junit:
        write_junit(results, junit, violations)
        print(f"JUnit XML: {junit}", file=out)
    if json:
        write_json(results, json, violations, shard)
        print(f"JSON report: {json}", file=out)
    if report:
        write_html(report, runs)
        print(f"HTML report: {report}", file=out)
