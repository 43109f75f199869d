"""Partial deep matching of message data, `${name}` variables, captures and readable diffs. No I/O."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from simulator.errors import VariableError

OPERATORS = ("$any", "$regex", "$absent")
ANY_TYPES = ("string", "number", "integer", "boolean", "object", "array", "null", "any")
VARIABLE = re.compile(r"\$\{([^}]*)\}")
VARIABLE_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
# `$${` is a literal `${`, for the rare value that must contain one.
_ESCAPED = "$${"


class _Missing:
    """The value of a key that is not there (distinct from null)."""

    def __repr__(self) -> str:
        return "<missing>"


MISSING: Any = _Missing()


@dataclass(frozen=True)
class Mismatch:
    """One place where the actual data differs from the expectation; `path` is "" for the root."""

    path: str
    expected: Any
    actual: Any

    def __str__(self) -> str:
        where = self.path or "data"
        return f"{where}: expected {describe_expected(self.expected)}, got {short(self.actual)}"


def is_matcher(value: Any) -> bool:
    """A dict whose keys start with `$` is a matcher (`{$any: string}`), not literal data."""
    return isinstance(value, dict) and bool(value) and all(isinstance(k, str) and k.startswith("$") for k in value)


def _type_ok(type_name: str, actual: Any) -> bool:
    if actual is MISSING:
        return False
    if type_name == "any":
        return True
    if type_name == "string":
        return isinstance(actual, str)
    if type_name == "boolean":
        return isinstance(actual, bool)
    if type_name == "null":
        return actual is None
    if type_name == "object":
        return isinstance(actual, dict)
    if type_name == "array":
        return isinstance(actual, list)
    if isinstance(actual, bool):
        return False
    if type_name == "number":
        return isinstance(actual, int | float)
    if type_name == "integer":
        # JSON from the browser may carry 51 as 51.0.
        return isinstance(actual, int) or (isinstance(actual, float) and actual.is_integer())
    return False


def _match_operator(expected: dict[str, Any], actual: Any, path: str) -> list[Mismatch]:
    if len(expected) != 1 or next(iter(expected)) not in OPERATORS:
        raise ValueError(f"{path or 'match'}: a matcher has exactly one of {', '.join(OPERATORS)}; got {expected}")
    operator, argument = next(iter(expected.items()))
    if operator == "$absent":
        present = actual is not MISSING
        return [Mismatch(path, expected, actual)] if present == bool(argument) else []
    if operator == "$regex":
        if isinstance(actual, str) and re.search(str(argument), actual):
            return []
        return [Mismatch(path, expected, actual)]
    types = argument if isinstance(argument, list) else [argument]
    return [] if any(_type_ok(str(t), actual) for t in types) else [Mismatch(path, expected, actual)]


def _scalar_equal(expected: Any, actual: Any) -> bool:
    # True == 1 in Python, but not on the wire.
    if isinstance(expected, bool) or isinstance(actual, bool):
        return isinstance(expected, bool) and isinstance(actual, bool) and expected == actual
    if expected is None:
        return actual is None
    if isinstance(expected, int | float) and isinstance(actual, int | float):
        return expected == actual
    return type(expected) is type(actual) and bool(expected == actual)


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def match(expected: Any, actual: Any, path: str = "") -> list[Mismatch]:
    """Every mismatch between a partial expectation and actual data (empty when it matches).

    Dicts match partially (extra keys in `actual` are fine), lists element-wise with the same
    length, scalars exactly; `{$any: type}`, `{$regex: pattern}` (searched) and `{$absent: true}`.
    """
    if is_matcher(expected):
        return _match_operator(expected, actual, path)
    if isinstance(expected, dict):
        if not isinstance(actual, dict):
            return [Mismatch(path, expected, actual)]
        mismatches: list[Mismatch] = []
        for key, value in expected.items():
            mismatches += match(value, actual.get(key, MISSING), _join(path, str(key)))
        return mismatches
    if isinstance(expected, list):
        if not isinstance(actual, list) or len(actual) != len(expected):
            return [Mismatch(path, expected, actual)]
        mismatches = []
        for i, (want, got) in enumerate(zip(expected, actual, strict=True)):
            mismatches += match(want, got, f"{path}[{i}]")
        return mismatches
    return [] if _scalar_equal(expected, actual) else [Mismatch(path, expected, actual)]


def variables_in(value: Any) -> list[str]:
    """The `${name}` references in a value, in order (for the validator's static check)."""
    names: list[str] = []
    if isinstance(value, str):
        names += [m.group(1) for m in VARIABLE.finditer(value.replace(_ESCAPED, ""))]
    elif isinstance(value, dict):
        for item in value.values():
            names += variables_in(item)
    elif isinstance(value, list):
        for item in value:
            names += variables_in(item)
    return names


def _substitute_string(text: str, variables: Mapping[str, Any]) -> Any:
    def lookup(name: str) -> Any:
        if name not in variables:
            known = ", ".join(sorted(variables)) or "none yet"
            raise VariableError(f"undefined variable ${{{name}}} (captured so far: {known})")
        return variables[name]

    whole = VARIABLE.fullmatch(text)
    if whole:
        # A value that is only `${name}` keeps the captured type (a number stays a number).
        return lookup(whole.group(1))
    parts = text.split(_ESCAPED)
    replaced = [VARIABLE.sub(lambda m: as_text(lookup(m.group(1))), part) for part in parts]
    return "${".join(replaced)


def as_text(value: Any) -> str:
    """A substituted value as text: strings as they are, anything else as JSON (42, true, null)."""
    return value if isinstance(value, str) else json.dumps(value)


def substitute(value: Any, variables: Mapping[str, Any]) -> Any:
    """`value` with every `${name}` replaced; raises VariableError for an undefined name."""
    if isinstance(value, str):
        return _substitute_string(value, variables) if "${" in value else value
    if isinstance(value, dict):
        return {key: substitute(item, variables) for key, item in value.items()}
    if isinstance(value, list):
        return [substitute(item, variables) for item in value]
    return value


def capture(data: Any, dotted_path: str) -> Any:
    """The value at `a.b.0.c` in message data; raises VariableError when the path is not there."""
    current = data
    walked: list[str] = []
    for part in dotted_path.split("."):
        walked.append(part)
        if isinstance(current, dict) and part in current:
            current = current[part]
        elif isinstance(current, list) and part.isascii() and part.isdigit() and int(part) < len(current):
            current = current[int(part)]
        else:
            raise VariableError(f"cannot capture {dotted_path!r}: {'.'.join(walked)} is not in {short(data)}")
    return current


def short(value: Any, limit: int = 300) -> str:
    """Compact JSON for a diff line, cut at `limit` characters."""
    if value is MISSING:
        return "nothing (key absent)"
    try:
        text = json.dumps(value, separators=(", ", ": "), ensure_ascii=False, default=repr)
    except (TypeError, ValueError):
        text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def describe_expected(expected: Any) -> str:
    """How an expectation reads in a diff: `any string`, `a match for /^A/`, `"abc"`."""
    if is_matcher(expected) and len(expected) == 1:
        operator, argument = next(iter(expected.items()))
        if operator == "$any":
            types = argument if isinstance(argument, list) else [argument]
            return "anything" if types == ["any"] else "any " + " or ".join(str(t) for t in types)
        if operator == "$regex":
            return f"a string matching /{argument}/"
        if operator == "$absent":
            return "no such key" if argument else "the key to be present"
    return short(expected)


def _format_expectation(expected: Any, indent: str) -> list[str]:
    if isinstance(expected, dict) and not is_matcher(expected):
        lines: list[str] = []
        for key, value in expected.items():
            if isinstance(value, dict) and value and not is_matcher(value):
                lines.append(f"{indent}{key}:")
                lines += _format_expectation(value, indent + "  ")
            else:
                lines.append(f"{indent}{key}: {describe_expected(value)}")
        return lines
    return [f"{indent}{describe_expected(expected)}"]


def render_diff(
    message_type: str,
    expected: Any,
    received: Sequence[tuple[int, Any]],
    *,
    source: str = "widget",
    within: float | None = None,
    other_types: Sequence[str] = (),
) -> str:
    """A failed expect as text: what was expected and each message of that type received.

    `received` holds (seq, data) of the candidate messages; `other_types` the types that arrived
    instead, for the "no X received" case.
    """
    when = f" within {format_seconds(within)}" if within is not None else ""
    head = f"expected {message_type} from the {source}{when}"
    described = expected is not None and expected != {}  # an empty match matches any data: nothing to show
    lines = [head + (" matching:" if described else "")]
    if described:
        lines += _format_expectation(expected, "    ")
    if not received:
        instead = ", ".join(other_types) if other_types else "nothing"
        lines.append(f"no {message_type} received; received instead: {instead}")
        return "\n".join(lines)
    count = f"{len(received)} {message_type} message{'s' if len(received) != 1 else ''}"
    lines.append(f"received {count}, none matched:")
    for seq, data in received:
        lines.append(f"  seq {seq}: {short(data)}")
        for mismatch in match(expected, data):
            lines.append(f"    - {mismatch}")
    return "\n".join(lines)


def format_seconds(seconds: float) -> str:
    """0.5 -> "500ms", 5 -> "5s", 1.25 -> "1.25s"."""
    if seconds < 1 and seconds * 1000 == int(seconds * 1000):
        return f"{int(seconds * 1000)}ms"
    return f"{seconds:g}s"
