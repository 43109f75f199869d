"""JSON from outside (page frames, API bodies) read without letting its shape crash or stall the server."""

from __future__ import annotations

import json
from typing import Any

# The page, the SDK and API clients nest a handful of levels; far deeper input would make logging,
# rule checks and forwarding recurse until Python gives up, so it is refused at the door.
MAX_DEPTH = 64


class UnreadableJson(ValueError):
    """Not JSON, or JSON nested deeper than MAX_DEPTH; the message says which."""


def read_json(text: str | bytes) -> Any:
    """The JSON value of `text`; raises UnreadableJson (never RecursionError) for anything else."""
    try:
        value = json.loads(text)
    except RecursionError:  # "[[[[...": json.loads recurses once per level
        raise UnreadableJson(f"nested deeper than {MAX_DEPTH} levels") from None
    except ValueError as error:  # JSONDecodeError and UnicodeDecodeError
        raise UnreadableJson(f"not JSON ({error})") from None
    # Nesting needs a bracket per level: text with few brackets (every page frame) needs no walk.
    brackets = text.count("{") + text.count("[") if isinstance(text, str) else text.count(b"{") + text.count(b"[")
    if brackets > MAX_DEPTH and not depth_at_most(value, MAX_DEPTH):
        raise UnreadableJson(f"nested deeper than {MAX_DEPTH} levels")
    return value


def depth_at_most(value: Any, limit: int) -> bool:
    """Whether `value` nests at most `limit` lists/objects deep (iterative, so it cannot recurse itself)."""
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict | list):
            if depth > limit:
                return False
            stack += [(child, depth + 1) for child in (item.values() if isinstance(item, dict) else item)]
    return True
