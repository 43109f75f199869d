"""A SafeLoader with limits: no alias bombs, no nesting that exhausts the stack, control characters located."""

from __future__ import annotations

from typing import Any

import yaml
from yaml.composer import ComposerError

# Far beyond any real scenario or fixtures file, far below what takes a second to walk.
MAX_NODES = 50_000
MAX_DEPTH = 100


class BoundedLoader(yaml.SafeLoader):
    """Composes at most MAX_NODES nodes counting every alias expanded in full, at most MAX_DEPTH levels deep.

    A "billion laughs" file is a few aliases that expand to billions of nodes; anything walking the tree (a
    validator, a matcher, json.dumps) would take forever, so it is refused while composing, where sizes are cheap."""

    def __init__(self, stream: str) -> None:
        self._sizes: dict[int, int] = {}  # id(node) -> its size with every alias expanded
        self._depth = 0
        super().__init__(stream)

    def compose_node(self, parent: yaml.Node | None, index: Any) -> yaml.Node | None:
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()  # type: ignore[no-untyped-call]
            node = self.anchors.get(event.anchor) if event.anchor is not None else None
            if node is not None and id(node) not in self._sizes:
                raise ComposerError(
                    None, None, f"alias *{event.anchor} refers to a node that contains it (a loop)", event.start_mark
                )
            return super().compose_node(parent, index)
        start = self.peek_event().start_mark  # type: ignore[no-untyped-call]
        self._depth += 1
        if self._depth > MAX_DEPTH:
            raise ComposerError(None, None, f"nested deeper than {MAX_DEPTH} levels", start)
        try:
            node = super().compose_node(parent, index)
        finally:
            self._depth -= 1
        size = 1
        if isinstance(node, yaml.SequenceNode):
            size += sum(self._sizes.get(id(child), 1) for child in node.value)
        elif isinstance(node, yaml.MappingNode):
            size += sum(self._sizes.get(id(k), 1) + self._sizes.get(id(v), 1) for k, v in node.value)
        if size > MAX_NODES:
            raise ComposerError(
                None,
                None,
                f"this expands to more than {MAX_NODES:,} values (aliases repeated inside aliases?); refused",
                start,
            )
        self._sizes[id(node)] = size
        return node


def reader_error_position(error: yaml.reader.ReaderError, text: str) -> tuple[int, int, str]:
    """(line, column, problem) for a character YAML refuses (NUL, BEL and other control characters)."""
    position = max(0, min(error.position, len(text)))
    line = text.count("\n", 0, position) + 1
    column = position - (text.rfind("\n", 0, position) + 1) + 1
    character = error.character
    code = f"#x{character:04x}" if isinstance(character, int) else repr(character)
    return line, column, f"unacceptable character {code}: control characters are not allowed in YAML; remove it"
