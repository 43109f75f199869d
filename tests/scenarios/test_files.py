"""Finding and reading scenario files (simulator/scenarios/files.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from simulator.errors import ScenarioError
from simulator.scenarios.files import load_scenario, load_scenarios
from tests.helpers.scenario_text import BAD, SHIPPED


@pytest.mark.parametrize("path", BAD, ids=[p.name for p in BAD])
def test_bad_fixtures_report_the_errors_in_their_header(path: Path) -> None:
    wanted = [line.removeprefix("# expect-error: ") for line in path.read_text().splitlines() if line.startswith("# ")]
    _, found = load_scenarios([path])
    assert [str(error) for error in found] == [f"{path}:{line}" for line in wanted]


def test_load_scenario_raises_the_first_error_with_all_attached(tmp_path: Path) -> None:
    path = tmp_path / "x.yaml"
    path.write_text("name: x\nsteps:\n  - expct: LOGGED_IN\n  - wait: never\n")
    with pytest.raises(ScenarioError) as info:
        load_scenario(path)
    assert str(info.value) == f"{path}:3:5: step 1: unknown key 'expct' (did you mean 'expect'?)"
    assert len(info.value.errors) == 2


def test_load_scenario_file_problems(tmp_path: Path) -> None:
    with pytest.raises(ScenarioError, match="no such file or directory"):
        load_scenario(tmp_path / "missing.yaml")
    binary = tmp_path / "binary.yaml"
    binary.write_bytes(b"name: \xff\xfe\n")
    with pytest.raises(ScenarioError, match="not UTF-8 text"):
        load_scenario(binary)
    with pytest.raises(ScenarioError, match="cannot read"):
        load_scenario(tmp_path)


def test_load_scenarios_expands_directories_sorted(tmp_path: Path) -> None:
    (tmp_path / "b.yml").write_text("name: b\nsteps: [{wait: 0}]\n")
    (tmp_path / "a.yaml").write_text("name: a\nsteps: [{wait: 0}]\n")
    (tmp_path / "notes.txt").write_text("not a scenario")
    (tmp_path / "c.yaml").write_text("name: c\n")
    empty = tmp_path / "empty"
    empty.mkdir()
    scenarios, found = load_scenarios([tmp_path, empty, tmp_path / "nope.yaml"])
    assert [s.name for s in scenarios] == ["a", "b"]
    assert [str(e) for e in found] == [
        f"{empty}: no *.yaml or *.yml files in this directory",
        f"{tmp_path / 'nope.yaml'}: no such file or directory",
        f"{tmp_path / 'c.yaml'}:1:1: missing key 'steps' (a list of steps such as `- expect: LOGGED_IN`)",
    ]


@pytest.mark.parametrize("path", SHIPPED, ids=[p.name for p in SHIPPED])
def test_shipped_scenarios_load(path: Path) -> None:
    scenario = load_scenario(path)
    assert scenario.description, "every shipped scenario says what it proves"


def test_a_file_with_a_control_character_is_named_and_the_others_still_load(tmp_path: Path) -> None:
    (tmp_path / "a-bell.yaml").write_text("name: bell\nsteps:\n  - wait: 1s\x07\n", encoding="utf-8")
    (tmp_path / "b-nul.yaml").write_bytes(b"name: nul\x00\nsteps:\n  - wait: 1s\n")
    (tmp_path / "c-good.yaml").write_text("name: good\nsteps:\n  - wait: 1s\n", encoding="utf-8")
    scenarios, errors = load_scenarios([tmp_path])
    assert [s.name for s in scenarios] == ["good"]
    assert [str(e).split(" invalid YAML")[0] for e in errors] == [
        f"{tmp_path / 'a-bell.yaml'}:3:13:",
        f"{tmp_path / 'b-nul.yaml'}:1:10:",
    ]
    assert all("control characters are not allowed" in str(e) for e in errors)
