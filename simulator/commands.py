"""A CLI command as data: its name, its help, how it configures its parser and what it runs.

Each layer declares its own commands beside its code (`simulator/*/commands.py`); `cli.py` only lists them
and dispatches. A command module imports nothing heavy at the top: the shell builds every parser on each start,
so what a command runs is imported inside its `run`.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from dataclasses import dataclass

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
EXIT_INTERRUPTED = 130  # the shell's code for a process ended by Ctrl-C (128 + SIGINT)


@dataclass(frozen=True)
class Command:
    name: str
    help: str  # one line in `callsim --help`'s list of commands
    description: str  # the paragraph atop `callsim NAME --help`
    configure: Callable[[argparse.ArgumentParser], None]
    run: Callable[[argparse.Namespace], int]  # the exit status
    # (usage, what it does) lines for `callsim --help`'s overview
    examples: tuple[tuple[str, str], ...] = ()
