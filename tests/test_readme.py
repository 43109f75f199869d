"""The README and docs/ cannot rot: their examples run, and their lists name everything the code has."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path
from typing import Any

from simulator.cli import build_parser
from simulator.hubspot.host import Faults
from simulator.hubspot.validator.rules import RULES
from simulator.scenarios.parser import parse_scenario

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
# callsim's manual: the README and the pages beside it. docs/protocol.md is the wire contract HubSpot's side
# follows, with its sources, not a page of callsim's own to list its rules and faults in.
DOCS = {"README.md": README} | {
    f"docs/{path.name}": path.read_text(encoding="utf-8")
    for path in sorted((ROOT / "docs").glob("*.md"))
    if path.name != "protocol.md"
}
ALL_DOCS = "\n".join(DOCS.values())
README_MAX_LINES = 400


def test_every_yaml_example_is_a_valid_scenario() -> None:
    assert re.search(r"```yaml\n", README), "the README has no yaml example"
    for name, text in DOCS.items():
        for block in re.findall(r"```yaml\n(.*?)```", text, re.DOTALL):
            scenario, errors = parse_scenario(block, name)
            assert errors == [] and scenario is not None and scenario.steps, (name, block)


def test_every_rule_and_fault_is_documented() -> None:
    missing_rules = [name for name in RULES if f"`{name}`" not in ALL_DOCS]
    missing_faults = [f.name for f in dataclasses.fields(Faults) if f"`{f.name}" not in ALL_DOCS]
    assert missing_rules == [] and missing_faults == []


def test_every_shipped_scenario_is_listed() -> None:
    unlisted = [path.name for path in sorted((ROOT / "scenarios").glob("*.yaml")) if f"`{path.name}`" not in ALL_DOCS]
    assert unlisted == []


def test_every_command_is_named_in_the_readme() -> None:
    subcommands: Any = build_parser()._subparsers._group_actions[0]  # type: ignore[union-attr]
    assert [command for command in subcommands.choices if f"`callsim {command}" not in README] == []


def test_the_two_setup_commands_come_first_and_ci_runs_the_test_one() -> None:
    first_block = re.search(r"```sh\n(.*?)```", README, re.DOTALL)
    assert first_block is not None
    lines = [line.split("#")[0].strip() for line in first_block.group(1).strip().splitlines()]
    assert lines == ["make run", "make test"]
    assert "make test" in (ROOT / ".ci" / "run").read_text()


def test_the_readme_stays_short() -> None:
    lines = len(README.splitlines())
    assert lines <= README_MAX_LINES, (
        f"README.md has {lines} lines (at most {README_MAX_LINES}): move reference to docs/"
    )
