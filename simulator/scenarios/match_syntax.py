"""The parser's checks of an expectation's `match:` (the $any, $regex and $absent matchers, anywhere in it) and
`capture:` (variable name -> dotted path), each mistake a file:line error; matching itself is matching.py's."""

from __future__ import annotations

import re

import yaml

from simulator.scenarios.matching import ANY_TYPES, OPERATORS, VARIABLE_NAME
from simulator.scenarios.model import show
from simulator.scenarios.nodes import NodeReader, suggest


def check_match(r: NodeReader, node: yaml.Node, index: int, path: str = "match") -> None:
    """Static check of `{$any: ...}`, `{$regex: ...}` and `{$absent: ...}` anywhere in a match."""
    if isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            check_match(r, item, index, f"{path}[{i}]")
        return
    if not isinstance(node, yaml.MappingNode):
        return
    pairs = r.pairs(node, index)
    operators = [key for key in pairs if key.startswith("$")]
    if not operators:
        for key, (_, value_node) in pairs.items():
            check_match(r, value_node, index, f"{path}.{key}")
        return
    if len(pairs) != 1:
        r.error(node, f"{path}: a matcher has exactly one key ({', '.join(OPERATORS)}), got {', '.join(pairs)}", index)
        return
    operator = operators[0]
    key_node, value_node = pairs[operator]
    argument = r.value(value_node)
    if operator not in OPERATORS:
        r.error(
            key_node,
            f"{path}: unknown matcher {operator!r}{suggest(operator, OPERATORS)}; "
            f"expected one of {', '.join(OPERATORS)}",
            index,
        )
    elif operator == "$any":
        for type_name in argument if isinstance(argument, list) else [argument]:
            if type_name not in ANY_TYPES:
                hint = suggest(str(type_name), ANY_TYPES)
                expected = ", ".join(ANY_TYPES)
                r.error(
                    value_node, f"{path}: $any: unknown type {show(type_name)}{hint}; expected one of {expected}", index
                )
    elif operator == "$regex":
        if not isinstance(argument, str):
            r.error(value_node, f"{path}: $regex: expected a regular expression string, got {show(argument)}", index)
        elif "${" not in argument:
            try:
                re.compile(argument)
            except re.error as exc:
                r.error(value_node, f"{path}: $regex: invalid regular expression: {exc}", index)
    elif not isinstance(argument, bool):
        r.error(value_node, f"{path}: $absent: expected true or false, got {show(argument)}", index)


def read_capture(r: NodeReader, node: yaml.Node, index: int) -> dict[str, str]:
    if not isinstance(node, yaml.MappingNode):
        example = "{call_id: externalCallId}"
        r.error(
            node,
            f"capture: expected a mapping of variable name to data path like {example}, got {show(r.value(node))}",
            index,
        )
        return {}
    result: dict[str, str] = {}
    for name, (key_node, value_node) in r.pairs(node, index).items():
        path = r.value(value_node)
        if not VARIABLE_NAME.match(name):
            r.error(key_node, f"capture: {name!r} is not a variable name (letters, digits and _)", index)
        elif not isinstance(path, str) or not path.strip() or ".." in path:
            r.error(
                value_node,
                f"capture.{name}: expected a dotted path into the message data such as "
                f"externalCallId or callerIdMatches.0.firstName, got {show(path)}",
                index,
            )
        else:
            result[name] = path
    return result
