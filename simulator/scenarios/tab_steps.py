"""The record tab steps' parsing (issue 18): `open_tab: N` with its `record:`; `tab:` itself is the parser's."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import yaml

from simulator.scenarios.model import DEFAULT_ACTION_TIMEOUT, OpenTabStep, Step, show
from simulator.scenarios.nodes import NodeReader, Pairs


def parse_open_tab(r: NodeReader, node: yaml.Node, pairs: Pairs, base: Mapping[str, Any], index: int) -> Step | None:
    """`open_tab: 2` (the number later steps' `tab:` names it by), optionally `record: {type, id}` and `timeout`."""
    number = r.value(node)
    if isinstance(number, bool) or not isinstance(number, int) or number < 2:
        r.error(node, f"open_tab: expected the new tab's number (2 for the second tab), got {show(number)}", index)
        return None
    options: dict[str, Any] = {}
    if "timeout" in pairs:
        options["timeout"] = r.duration(pairs["timeout"][1], "timeout", index, DEFAULT_ACTION_TIMEOUT)
    if "record" in pairs:
        record = _tab_record(r, pairs["record"][1], index)
        if record is None:
            return None
        options["record_type"], options["record_id"] = record
    return OpenTabStep(**base, number=number, **options)


def _tab_record(r: NodeReader, node: yaml.Node, index: int) -> tuple[str, int] | None:
    value = r.value(node)
    example = "{type: company, id: 77}"
    if not isinstance(value, dict) or set(value) - {"type", "id"} or "id" not in value:
        r.error(node, f"record: expected a mapping like {example}, got {show(value)}", index)
        return None
    type_, object_id = value.get("type", "contact"), value["id"]
    if type_ not in ("contact", "company"):
        r.error(node, f"record.type: expected contact or company, got {show(type_)}", index)
        return None
    if isinstance(object_id, bool) or not isinstance(object_id, int) or object_id < 1:
        r.error(node, f"record.id: expected the record's id (a whole number), got {show(object_id)}", index)
        return None
    return type_, object_id
