"""`callsim merge`: the JSON reports of a sharded run's shards joined into one report (JSON, JUnit, HTML)."""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import IO, Any

from simulator.commands import EXIT_FAILED, EXIT_OK
from simulator.errors import CallsimError
from simulator.reports.formats import scenario_from_json
from simulator.reports.scenario_run import ScenarioRun
from simulator.reports.write import write_reports


def _read(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise CallsimError(f"{path}: cannot read it ({error.strerror or error})") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise CallsimError(f"{path}: not a JSON file ({error})") from None
    if not isinstance(data, dict) or not isinstance(data.get("scenarios"), list):
        raise CallsimError(f'{path}: not a callsim JSON report (no "scenarios" list, as `callsim run --json` writes)')
    return data


def _runs(path: Path, data: dict[str, Any]) -> list[ScenarioRun]:
    runs = []
    for number, item in enumerate(data["scenarios"], 1):
        try:
            result, violations = scenario_from_json(item, f"scenario {number}")
        except ValueError as error:
            raise CallsimError(f"{path}: {error}") from None
        runs.append(ScenarioRun(result.name, result.path, result, violations))
    return runs


def _shard(path: Path, data: dict[str, Any], runs: int) -> tuple[int, int, int, list[int]] | None:
    """(K, N, total, positions) of a shard's report; None for an unsharded one."""
    shard = data.get("shard")
    if shard is None:
        return None
    fields = [shard.get(key) if isinstance(shard, dict) else None for key in ("index", "count", "total", "positions")]
    index, count, total, positions = fields
    if not (isinstance(index, int) and isinstance(count, int) and isinstance(total, int)) or not (
        isinstance(positions, list) and len(positions) == runs and all(isinstance(p, int) for p in positions)
    ):
        raise CallsimError(f'{path}: its "shard" is not what `callsim run --shard K/N --json` writes')
    return index, count, total, positions


def merge_runs(paths: Sequence[Path]) -> list[ScenarioRun]:
    """Every scenario of the reports: in the unsharded run's order when all are shards of one run, else as given."""
    if not paths:
        raise CallsimError("merge: name at least one JSON report")
    loaded = [(path, _read(path)) for path in paths]
    parts = [(path, _runs(path, data), data) for path, data in loaded]
    shards = [_shard(path, data, len(runs)) for path, runs, data in parts]
    if any(shard is None for shard in shards):
        return [run for _, runs, _ in parts for run in runs]
    placed: dict[int, ScenarioRun] = {}
    seen: dict[int, Path] = {}
    counts = {(shard[1], shard[2]) for shard in shards if shard is not None}
    if len(counts) > 1:
        raise CallsimError("merge: the reports are shards of different runs (their N or scenario counts differ)")
    for (path, runs, _), shard in zip(parts, shards, strict=True):
        assert shard is not None
        if shard[0] in seen:
            raise CallsimError(f"merge: {seen[shard[0]]} and {path} are both shard {shard[0]}/{shard[1]}")
        seen[shard[0]] = path
        placed.update(zip(shard[3], runs, strict=True))
    index_count, total = next(iter(counts))
    missing = [f"{k}/{index_count}" for k in range(1, index_count + 1) if k not in seen]
    if missing:
        print(f"merge: shard(s) {', '.join(missing)} missing; the report has the others", file=sys.stderr)
    if any(not 0 <= position < total for position in placed):
        raise CallsimError(f"merge: a shard names a scenario beyond the run's {total}")
    return [placed[position] for position in sorted(placed)]


def merge_command(
    paths: Sequence[Path],
    junit: Path | None = None,
    json_out: Path | None = None,
    report: Path | None = None,
    out: IO[str] | None = None,
) -> int:
    """Join the shards' JSON reports, print the summary and write the reports; 0 when all passed, else 1."""
    out = out or sys.stdout
    runs = merge_runs(paths)
    write_reports(runs, out, junit, json_out, report)
    return EXIT_OK if all(run.passed for run in runs) else EXIT_FAILED
