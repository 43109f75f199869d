"""What `callsim run` was asked for, the scenarios it names and how it ends (reports, exit status): no browser
or server imports, so that `callsim run --server` (remote_client.py) starts in a fraction of a second."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from simulator.commands import EXIT_FAILED, EXIT_OK
from simulator.errors import CallsimError
from simulator.reports.scenario_run import ScenarioRun
from simulator.reports.shard import Shard
from simulator.reports.write import write_reports
from simulator.scenarios.files import load_scenarios
from simulator.scenarios.model import Scenario
from simulator.settings import SCENARIO_TIMEOUT_S


@dataclass(frozen=True)
class RunOptions:
    paths: Sequence[str]
    widget: str | None = None
    junit: Path | None = None
    json: Path | None = None
    timeout: float = SCENARIO_TIMEOUT_S
    headed: bool = False
    strict: bool = False
    browser: str | None = None
    log: Path | None = None
    data_dir: Path | None = None  # None: each run starts fresh, in memory
    map_urls: tuple[str, ...] = ()  # --map-url PREFIX=DIR_OR_NPM_PACKAGE
    offline: bool = False  # --offline: CDN URLs of packages installed in node_modules near here answered from disk
    refuse_self_signed: bool = False  # else https widget pages on loopback hosts load with self-signed certificates
    report: Path | None = None  # --report FILE.html (simulator/reports/html.py)
    workers: int | None = None  # scenarios at once; None: default_workers()
    shard: Shard | None = None  # --shard K/N: only this share of the scenarios
    fresh_contexts: bool = False  # --fresh-contexts: a new context per scenario (page_slot.py)
    screenshots: bool = True  # PNGs of the record page in each ScenarioRun (`callsim run` takes them for --report)


def default_workers() -> int:
    """As many scenarios at once as there are cores, at most 4."""
    return max(1, min(4, os.cpu_count() or 1))


def load_all(options: RunOptions) -> list[Scenario]:
    """Every scenario `options.paths` names, before sharding; bad files are printed and are a CallsimError."""
    scenarios, errors = load_scenarios(options.paths)
    for error in errors:
        print(error, file=sys.stderr)
    if errors:
        raise CallsimError(f"{len(errors)} error(s) in scenario files; nothing was run (see `callsim validate`)")
    if not scenarios:
        raise CallsimError(f"no scenario files (*.yaml, *.yml) in {', '.join(map(str, options.paths))}")
    return scenarios


def scenario_folders(paths: Sequence[str]) -> list[Path]:
    """The scenarios' folders: a widget's repository keeps them beside its node_modules (--offline, the doctor)."""
    return [Path(path) if Path(path).is_dir() else Path(path).parent for path in paths]


def finish_run(options: RunOptions, everything: Sequence[Scenario], runs: list[ScenarioRun], out: IO[str]) -> int:
    """The summary and the reports asked for; 0 when every scenario passed, else 1."""
    if not runs:
        print(f"shard {options.shard}: none of the {len(everything)} scenarios falls to it; nothing was run", file=out)
    shard = options.shard.to_json(everything) if options.shard else None
    write_reports(runs, out, options.junit, options.json, options.report, shard)
    return EXIT_OK if all(run.passed for run in runs) else EXIT_FAILED
