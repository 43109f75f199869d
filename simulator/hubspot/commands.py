"""The validator's command: `callsim rules` lists the protocol rules it checks."""

from __future__ import annotations

import argparse

from simulator.commands import EXIT_OK, Command


def run_rules(args: argparse.Namespace) -> int:
    from simulator.hubspot.validator.rules import RULES

    width = max(len(name) for name in RULES)
    for rule in RULES.values():
        print(f"{rule.name:<{width}}  {rule.severity:<7}  {rule.summary}")
    return EXIT_OK


RULES_COMMAND = Command(
    "rules",
    "list the protocol rules the validator checks",
    "List every protocol rule with its severity and a one-line explanation.",
    lambda parser: None,
    run_rules,
    (("callsim rules", "the protocol rules the validator checks"),),
)
