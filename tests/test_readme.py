"""The README cannot rot: its examples run, and its lists name everything the code has."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path
from typing import Any

from simulator.cli import build_parser
from simulator.hubspot.host import Faults
from simulator.hubspot.rules import RULES
from simulator.scenarios.parser import parse_scenario

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_the_scenario_example_is_a_valid_scenario() -> None:
    blocks = re.findall(r"```yaml\n(.*?)```", README, re.DOTALL)
    assert blocks, "the README has no yaml example"
    for block in blocks:
        scenario, errors = parse_scenario(block, "README.md")
        assert errors == [] and scenario is not None and scenario.steps


def test_every_rule_and_fault_is_documented() -> None:
    missing_rules = [name for name in RULES if f"`{name}`" not in README]
    missing_faults = [f.name for f in dataclasses.fields(Faults) if f"`{f.name}" not in README]
    assert missing_rules == [] and missing_faults == []


def test_every_shipped_scenario_and_command_is_listed() -> None:
    for path in (ROOT / "scenarios").glob("*.yaml"):
        assert f"`{path.name}`" in README
    subcommands: Any = build_parser()._subparsers._group_actions[0]  # type: ignore[union-attr]
    for command in subcommands.choices:
        assert f"`callsim {command}" in README


def test_the_two_setup_commands_come_first_and_ci_runs_the_test_one() -> None:
    first_block = re.search(r"```sh\n(.*?)```", README, re.DOTALL)
    assert first_block is not None
    lines = [line.split("#")[0].strip() for line in first_block.group(1).strip().splitlines()]
    assert lines == ["make run", "make test"]
    assert "make test" in (ROOT / ".ci" / "run").read_text()
