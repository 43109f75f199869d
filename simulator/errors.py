"""The errors a user sees: one family, caught once by the CLI and printed as `Error: ...`."""

from __future__ import annotations


class CallsimError(Exception):
    """Something the user can fix; the message says what and how."""


class BrowserNotFound(CallsimError):
    """No Chromium-family browser could be found to drive headless."""


class ScenarioError(CallsimError):
    """A problem in a scenario file, located to the line and column (1-based; 0 when unknown)."""

    def __init__(self, path: str, line: int, column: int, step_index: int | None, message: str) -> None:
        super().__init__(message)
        self.path = path
        self.line = line
        self.column = column
        self.step_index = step_index
        self.message = message
        # load_scenario raises the first error; all of the file's errors ride along here.
        self.errors: list[ScenarioError] = [self]

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}:{self.column}:" if self.line else f"{self.path}:"
        step = f" step {self.step_index}:" if self.step_index is not None else ""
        return f"{where}{step} {self.message}"


class FixturesError(CallsimError, ValueError):
    """A CRM fixtures file that cannot be used; the message names file:line and what was expected."""


class VariableError(CallsimError):
    """A `${name}` that no earlier step captured, or a capture path that is not in the message."""


class WidgetActionError(CallsimError):
    """A widget action failed; the message says what and where (e.g. "no element matches #call")."""
