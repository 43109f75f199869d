"""callsim's shell: the table of commands, one parser built from it, and the one place errors meet the user.

Each command is declared beside its layer (`simulator/*/commands.py`: name, help, parser, what it runs); this
module lists them, dispatches, and turns a CallsimError, Ctrl-C or a bug into one line and an exit status.
"""

from __future__ import annotations

import argparse
import sys
import traceback
from collections.abc import Sequence

from simulator.commands import EXIT_FAILED, EXIT_INTERRUPTED, EXIT_USAGE, Command
from simulator.errors import CallsimError
from simulator.headless.commands import AUDIT, MERGE, RUN, SERVE
from simulator.hubspot.commands import RULES_COMMAND
from simulator.scenarios.commands import INIT, SCHEMA, VALIDATE
from simulator.server.commands import DEMO, DOCTOR

COMMANDS: tuple[Command, ...] = (SERVE, RUN, MERGE, VALIDATE, INIT, SCHEMA, DOCTOR, DEMO, AUDIT, RULES_COMMAND)


def overview(commands: Sequence[Command]) -> str:
    """`callsim --help`'s description: what callsim is and a line per way to use it."""
    lines = [(usage, text) for command in commands for usage, text in command.examples]
    width = max(len(usage) for usage, _ in lines)
    rows = "\n".join(f"  {usage:<{width}}  {text}" for usage, text in lines)
    return (
        "callsim: a local stand-in for HubSpot's calling host, for Calling Extensions SDK widgets.\n\n"
        f"{rows}\n\nRun `callsim COMMAND --help` for a command's options."
    )


def build_parser(commands: Sequence[Command] = COMMANDS) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="callsim", description=overview(commands), formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="show tracebacks for unexpected errors")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for command in commands:
        sub = subparsers.add_parser(command.name, help=command.help, description=command.description)
        command.configure(sub)
        sub.set_defaults(run=command.run)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return EXIT_USAGE
    try:
        status: int = args.run(args)
        return status
    except CallsimError as error:
        print(f"Error: {error}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:  # Ctrl-C: the command's own `finally` blocks have run; one line, no traceback
        print(f"callsim {args.command}: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except Exception as error:  # noqa: BLE001 - the one place a bug meets the user
        if args.verbose:
            traceback.print_exc()
        print(f"Error: callsim failed unexpectedly: {error!r} (run with -v for details)", file=sys.stderr)
        return EXIT_FAILED


if __name__ == "__main__":
    sys.exit(main())
