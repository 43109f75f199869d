"""--shard K/N splits the library deterministically; `callsim merge` puts shard reports back into the whole run's."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from simulator.errors import CallsimError
from simulator.reports.formats import Violation, json_report, scenario_from_json
from simulator.reports.merge import merge_runs
from simulator.reports.progress import Progress
from simulator.reports.shard import Shard
from simulator.scenarios.files import load_scenarios
from simulator.scenarios.model import Scenario
from simulator.scenarios.results import ScenarioResult, ScenarioStatus, StepResult
from tests.helpers.live_server import ROOT


def library() -> list[Scenario]:
    scenarios, errors = load_scenarios([ROOT / "scenarios"])
    assert not errors and len(scenarios) > 4
    return scenarios


def result_of(scenario: Scenario, status: ScenarioStatus = "passed") -> ScenarioResult:
    steps = (StepResult(1, 3, f"expect {scenario.name}", "passed", 0.25, "matched seq 5"),)
    return ScenarioResult(scenario.name, str(scenario.path), status, steps, 0.5, None, {"n": len(scenario.name)})


def violations_of(scenario: Scenario) -> list[Violation]:
    return [Violation("call.twice", "warning", f"in {scenario.name}", 7, 1)]


@pytest.mark.parametrize("count", [1, 2, 3, 5, 20])
def test_every_scenario_falls_to_exactly_one_shard(count: int) -> None:
    scenarios = library()
    shards = [Shard(k, count).select(scenarios) for k in range(1, count + 1)]
    paths = [str(s.path) for shard in shards for s in shard]
    assert sorted(paths) == sorted(str(s.path) for s in scenarios) and len(set(paths)) == len(paths)
    sizes = [len(shard) for shard in shards]
    assert max(sizes) - min(sizes) <= 1  # round-robin: shards differ by one scenario at most


def test_a_shard_is_the_same_whatever_order_the_files_were_named_in() -> None:
    scenarios = library()
    forward = {str(s.path) for s in Shard(2, 3).select(scenarios)}
    backward = {str(s.path) for s in Shard(2, 3).select(list(reversed(scenarios)))}
    assert forward == backward
    kept = Shard(1, 2).select(scenarios)
    assert kept == [s for s in scenarios if s in kept]  # input order kept within the shard


@pytest.mark.parametrize("text", ["0/2", "3/2", "1/0", "two/3", "1-2", "", "1/2/3", "-1/2"])
def test_a_bad_shard_is_a_clear_error(text: str) -> None:
    with pytest.raises(CallsimError, match="--shard"):
        Shard.parse(text)


def test_shard_values_parse() -> None:
    assert Shard.parse("2/3") == Shard(2, 3) and Shard.parse(" 1 / 1 ") == Shard(1, 1) and str(Shard(2, 3)) == "2/3"


@pytest.mark.parametrize("args", [["--shard", "3/2"], ["--shard", "x"], ["--workers", "0"]])
def test_bad_shard_or_workers_on_the_command_line_exit_2_without_a_traceback(args: list[str]) -> None:
    command = [sys.executable, "-m", "simulator", "run", "scenarios/", *args]
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert result.returncode == 2, result.stdout + result.stderr
    assert result.stderr.startswith("Error: ") and "Traceback" not in result.stderr
    assert args[0] in result.stderr


def write_reports(tmp_path: Path, count: int) -> tuple[dict[str, object], list[Path]]:
    scenarios = library()
    whole = json_report([result_of(s) for s in scenarios], [violations_of(s) for s in scenarios])
    paths = []
    for k in range(count, 0, -1):  # named in reverse: the merge orders by the positions, not the arguments
        shard = Shard(k, count)
        mine = shard.select(scenarios)
        report = json_report([result_of(s) for s in mine], [violations_of(s) for s in mine], shard.to_json(scenarios))
        path = tmp_path / f"shard-{k}.json"
        path.write_text(json.dumps(report))
        paths.append(path)
    return whole, paths


def test_merging_the_shards_gives_the_unsharded_report(tmp_path: Path) -> None:
    whole, paths = write_reports(tmp_path, 3)
    runs = merge_runs(paths)
    assert json_report([r.result for r in runs], [r.violations for r in runs]) == whole


def test_merge_on_the_command_line_writes_json_and_junit(tmp_path: Path) -> None:
    whole, paths = write_reports(tmp_path, 2)
    out, junit = tmp_path / "merged.json", tmp_path / "merged.xml"
    command = [sys.executable, "-m", "simulator", "merge", *map(str, paths), "--json", str(out), "--junit", str(junit)]
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stdout + result.stderr
    assert json.loads(out.read_text()) == whole
    assert junit.read_text().count("<testcase ") == len(library())
    assert f"{len(library())} scenarios: {len(library())} passed, 0 failed" in result.stdout


def test_reports_without_shard_information_are_joined_in_the_order_given(tmp_path: Path) -> None:
    scenarios = library()
    first, second = tmp_path / "a.json", tmp_path / "b.json"
    first.write_text(json.dumps(json_report([result_of(scenarios[1])])))
    second.write_text(json.dumps(json_report([result_of(scenarios[0], "failed")])))
    runs = merge_runs([first, second])
    assert [r.path for r in runs] == [str(scenarios[1].path), str(scenarios[0].path)]
    assert [r.passed for r in runs] == [True, False]


def test_a_json_entry_reads_back_into_the_same_result() -> None:
    scenario = library()[0]
    entry = json_report([result_of(scenario)], [violations_of(scenario)])["scenarios"][0]
    assert scenario_from_json(entry) == (result_of(scenario), violations_of(scenario))


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("not json", "not a JSON file"),
        ('{"summary": {}}', "not a callsim JSON report"),
        ('{"scenarios": [{"name": "x"}]}', "scenario 1: 'status'"),
        ('{"scenarios": [], "shard": {"index": 1}}', '"shard"'),
    ],
)
def test_a_bad_report_is_a_clear_error(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "bad.json"
    path.write_text(text)
    with pytest.raises(CallsimError, match=message):
        merge_runs([path])


def test_the_same_shard_twice_or_a_missing_file_is_an_error(tmp_path: Path) -> None:
    _, paths = write_reports(tmp_path, 2)
    with pytest.raises(CallsimError, match="both shard"):
        merge_runs([paths[0], paths[0]])
    with pytest.raises(CallsimError, match="cannot read"):
        merge_runs([tmp_path / "missing.json"])


def test_parallel_progress_prints_each_scenario_as_one_block() -> None:
    out = io.StringIO()
    first, second = library()[:2]
    a, b = Progress(out, 1, 2, first, live=False), Progress(out, 2, 2, second, live=False)
    a.step(StepResult(1, 3, "expect A", "passed", 0.1))
    b.step(StepResult(1, 3, "expect B", "failed", 0.2))
    a.note("from the local copy")
    assert out.getvalue() == ""  # nothing until a scenario ends
    b.done()
    a.done()
    lines = out.getvalue().splitlines()
    assert lines[0].startswith("[2/2] ") and "expect B" in lines[1]
    assert lines[2].startswith("[1/2] ") and "expect A" in lines[3] and "from the local copy" in lines[4]
