"""The scenario files' commands: `callsim validate`, `callsim init` and `callsim schema`."""

from __future__ import annotations

import argparse
from pathlib import Path

from simulator.commands import EXIT_OK, Command


def configure_validate(validate: argparse.ArgumentParser) -> None:
    validate.add_argument("paths", nargs="+", metavar="FILE_OR_DIR")


def run_validate(args: argparse.Namespace) -> int:
    from simulator.scenarios.validate import validate_command

    return validate_command(args.paths)


VALIDATE = Command(
    "validate",
    "check scenario files",
    "Check scenario files without running them. Each error names file:line:column, the step and what was "
    "expected. Exit status 0 when all are valid, 2 otherwise.",
    configure_validate,
    run_validate,
    (("callsim validate FILE...", "check scenario files without running them"),),
)


def configure_init(init: argparse.ArgumentParser) -> None:
    init.add_argument(
        "repository", nargs="?", type=Path, default=Path("."), help="your widget's repository (default: here)"
    )
    init.add_argument("--widget", metavar="URL", help="your widget's page, written into the starter scenario")
    init.add_argument("--force", action="store_true", help="overwrite the files if they are already there")


def run_init(args: argparse.Namespace) -> int:
    from simulator.scenarios.scaffold import scaffold

    made = scaffold(args.repository, args.widget, args.force)
    for path in made.files:
        print(f"wrote {path}")
    widget = "" if args.widget else " --widget URL"
    print(f"next: callsim run {made.folder}{widget}   (or: callsim serve{widget} --scenarios {made.folder})")
    return EXIT_OK


INIT = Command(
    "init",
    "scaffold a scenarios/ folder in your widget's repository",
    "Write DIR/scenarios/ with a starter scenario for your widget, the scenarios' JSON Schema beside it (for your "
    "editor) and a README with a CI snippet. Refuses to overwrite those files unless --force.",
    configure_init,
    run_init,
    (("callsim init [DIR]", "a scenarios/ folder for your widget: a starter, the schema, a CI snippet"),),
)


def run_schema(args: argparse.Namespace) -> int:
    from simulator.scenarios.files import SCHEMA_PATH

    print(SCHEMA_PATH.read_text(encoding="utf-8"), end="")
    return EXIT_OK


SCHEMA = Command(
    "schema",
    "print the scenarios' JSON Schema",
    "Print the JSON Schema of scenario files (draft 2020-12), e.g. `callsim schema > scenarios/scenario.schema.json` "
    "for an editor's YAML language server.",
    lambda parser: None,
    run_schema,
    (("callsim schema", "print the scenario files' JSON Schema"),),
)
