"""Reading composed YAML nodes so every value keeps its line and column, and every problem becomes an error."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from typing import Any

import yaml
from yaml.constructor import ConstructorError

from simulator.errors import ScenarioError
from simulator.scenarios.model import parse_duration, show

Pairs = dict[str, tuple[yaml.Node, yaml.Node]]


def suggest(word: str, candidates: Iterable[str]) -> str:
    """` (did you mean 'expect'?)` or "" when nothing is close."""
    options = list(candidates)
    by_case = [c for c in options if c.lower() == word.lower()]
    # A truncated name (`fail_create`) is closer to what the user meant than difflib's best ratio.
    by_prefix = sorted((c for c in options if len(word) >= 4 and c.lower().startswith(word.lower())), key=len)
    close = by_case or by_prefix[:1] or difflib.get_close_matches(word, options, n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


class NodeReader:
    """Collects ScenarioErrors for one file while turning nodes into values."""

    def __init__(self, path: str, loader: yaml.SafeLoader) -> None:
        self.path = path
        self.loader = loader
        self.errors: list[ScenarioError] = []

    def error(self, node: yaml.Node | None, message: str, step: int | None = None) -> None:
        """Record an error at the node's position (0:0 when there is no node)."""
        line, column = (node.start_mark.line + 1, node.start_mark.column + 1) if node is not None else (0, 0)
        self.errors.append(ScenarioError(self.path, line, column, step, message))

    def value(self, node: yaml.Node) -> Any:
        """The Python value of a node (and everything under it); a value YAML cannot build is a located error."""
        try:
            return self.loader.construct_object(node, deep=True)
        except yaml.YAMLError:
            raise
        except (ValueError, TypeError, LookupError, AttributeError, OverflowError) as exc:
            # e.g. `!!int abc` or `!!timestamp 0000-00-00`: SafeConstructor lets Python's own error out.
            problem = f"cannot read this {node.tag.rpartition(':')[2] or 'value'}: {exc}"
            raise ConstructorError(None, None, problem, node.start_mark) from None

    def pairs(self, node: yaml.MappingNode, step: int | None) -> Pairs:
        """Key -> (key node, value node); reports non-string and duplicate keys."""
        result: Pairs = {}
        for key_node, value_node in node.value:
            key = self.value(key_node)
            if not isinstance(key, str):
                self.error(key_node, f"keys must be strings, got {show(key)}", step)
            elif key in result:
                first = result[key][0].start_mark.line + 1
                self.error(key_node, f"duplicate key {key!r} (first given on line {first})", step)
            else:
                result[key] = (key_node, value_node)
        return result

    def string(self, node: yaml.Node, what: str, step: int | None = None, *, empty_ok: bool = False) -> str | None:
        """A string value, or None after reporting what else it is."""
        value = self.value(node)
        if not isinstance(value, str) or (not value.strip() and not empty_ok):
            self.error(node, f"{what}: expected a non-empty string, got {show(value)}", step)
            return None
        return value

    def boolean(self, node: yaml.Node, what: str, step: int | None = None) -> bool:
        """A true/false value, or False after reporting what else it is."""
        value = self.value(node)
        if not isinstance(value, bool):
            self.error(node, f"{what}: expected true or false, got {show(value)}", step)
            return False
        return value

    def duration(self, node: yaml.Node, what: str, step: int | None, default: float) -> float:
        """Seconds from `5s`, `500ms`, `2m` or a number, or `default` after reporting the problem."""
        try:
            return parse_duration(self.value(node))
        except ValueError as exc:
            self.error(node, f"{what}: {exc}", step)
            return default
