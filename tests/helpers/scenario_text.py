"""Scenario test inputs: the fixture and shipped files, and a scenario text's errors without the file name."""

from __future__ import annotations

import textwrap
from pathlib import Path

from simulator.scenarios.parser import parse_scenario

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures" / "scenarios"
SHIPPED = sorted((ROOT / "scenarios").glob("*.yaml"))
GOOD = sorted((FIXTURES / "good").iterdir())
BAD = sorted((FIXTURES / "bad").iterdir())


def errors(text: str) -> list[str]:
    """Errors for a whole file, without the `t.yaml:` prefix."""
    scenario, found = parse_scenario(text, "t.yaml")
    assert (scenario is None) == bool(found)
    return [str(error)[len("t.yaml:") :].strip() for error in found]


def step_errors(steps: str) -> list[str]:
    """Errors for a file made of `name: t` and these steps (indented under `steps:`)."""
    return errors("name: t\nsteps:\n" + textwrap.indent(steps, "  ") + "\n")


def located_step_errors(steps: str) -> list[str]:
    """`line:column: message` for a file of `name: t` and these steps, given as they sit under `steps:`."""
    _, found = parse_scenario("name: t\nsteps:\n" + steps, "t.yaml")
    return [f"{e.line}:{e.column}: {e.message}" for e in found]


def with_shorter_wait(name: str, expected: str, folder: Path, within: str = "1s") -> Path:
    """A copy of the shipped scenario `name` in `folder` whose `expect: <expected>` step waits `within` instead of
    the 5 s default: for a test whose widget never sends it, the failure is the same, sooner."""
    text = (ROOT / "scenarios" / name).read_text(encoding="utf-8")
    step = f"  - expect: {expected}\n"
    assert text.count(step) == 1, f"{name} has no single `expect: {expected}` step"
    copy = folder / name
    copy.write_text(text.replace(step, f"{step}    within: {within}\n"), encoding="utf-8")
    return copy
