"""The surface steps' parsing (issue 18): `open_tab: N` with its `record:`, `open_window`, `open_remote`,
`close_tab: N|window|remote`, `navigate: {type, id}` and `task_queue: [records] | skip | stop`; `tab:` and which
surfaces are open are the parser's."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import yaml

from simulator.scenarios.model import (
    DEFAULT_ACTION_TIMEOUT,
    CloseTabStep,
    NavigateStep,
    OpenRemoteStep,
    OpenTabStep,
    OpenWindowStep,
    Step,
    TaskQueueStep,
    show,
)
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


def parse_open_window(r: NodeReader, node: yaml.Node, pairs: Pairs, base: Mapping[str, Any], index: int) -> Step | None:
    """`open_window: true` (or an empty `open_window:`), optionally `timeout`."""
    return _open_surface(r, node, pairs, base, index, OpenWindowStep)


def parse_open_remote(r: NodeReader, node: yaml.Node, pairs: Pairs, base: Mapping[str, Any], index: int) -> Step | None:
    """`open_remote: true` in a record tab (`tab:`), optionally `timeout`."""
    if base.get("tab") in ("window", "remote"):
        r.error(node, "open_remote: the remote is in a record tab's navigation bar; name one with tab: N", index)
        return None
    return _open_surface(r, node, pairs, base, index, OpenRemoteStep)


def _open_surface(
    r: NodeReader,
    node: yaml.Node,
    pairs: Pairs,
    base: Mapping[str, Any],
    index: int,
    kind: type[OpenWindowStep] | type[OpenRemoteStep],
) -> Step | None:
    value = r.value(node)
    what = "the calling window" if kind is OpenWindowStep else "the calling remote"
    if value is not True and value is not None:  # `in (True, None)` would take 1
        r.error(node, f"{kind.kind}: expected true ({what} takes no value), got {show(value)}", index)
        return None
    options: dict[str, Any] = {}
    if "timeout" in pairs:
        options["timeout"] = r.duration(pairs["timeout"][1], "timeout", index, DEFAULT_ACTION_TIMEOUT)
    return kind(**base, **options)


def parse_close_tab(r: NodeReader, node: yaml.Node, base: Mapping[str, Any], index: int) -> Step | None:
    """`close_tab: 2`, `close_tab: window` or `close_tab: remote`: which surface closes (the parser checks it is
    open)."""
    value = r.value(node)
    if value in ("window", "remote") or (isinstance(value, int) and not isinstance(value, bool) and value >= 1):
        return CloseTabStep(**base, target=value)
    r.error(node, f"close_tab: expected a tab number such as 2, window or remote, got {show(value)}", index)
    return None


def parse_navigate(r: NodeReader, node: yaml.Node, pairs: Pairs, base: Mapping[str, Any], index: int) -> Step | None:
    """`navigate: {type: company, id: 77}` in a record tab (`tab:`), optionally `timeout`."""
    if base.get("tab") in ("window", "remote"):
        where = "the calling window" if base["tab"] == "window" else "the calling remote"
        r.error(node, f"navigate: {where} shows no record; name a record tab with tab: N", index)
        return None
    record = _tab_record(r, node, index, "navigate")
    if record is None:
        return None
    options: dict[str, Any] = {}
    if "timeout" in pairs:
        options["timeout"] = r.duration(pairs["timeout"][1], "timeout", index, DEFAULT_ACTION_TIMEOUT)
    return NavigateStep(**base, record_type=record[0], record_id=record[1], **options)


def _tab_record(r: NodeReader, node: yaml.Node, index: int, where: str = "record") -> tuple[str, int] | None:
    value = r.value(node)
    example = "{type: company, id: 77}"
    if not isinstance(value, dict) or set(value) - {"type", "id"} or "id" not in value:
        r.error(node, f"{where}: expected a mapping like {example}, got {show(value)}", index)
        return None
    type_, object_id = value.get("type", "contact"), value["id"]
    if type_ not in ("contact", "company"):
        r.error(node, f"{where}.type: expected contact or company, got {show(type_)}", index)
        return None
    if isinstance(object_id, bool) or not isinstance(object_id, int) or object_id < 1:
        r.error(node, f"{where}.id: expected the record's id (a whole number), got {show(object_id)}", index)
        return None
    return type_, object_id


def parse_task_queue(r: NodeReader, node: yaml.Node, base: Mapping[str, Any], index: int) -> Step | None:
    """`task_queue: [{type: contact, id: 51}, ...]` starts a queue; `task_queue: skip` and `task_queue: stop`."""
    value = r.value(node)
    if value in ("skip", "stop"):
        return TaskQueueStep(**base, action=value)
    if not isinstance(value, list) or not value:
        example = "[{type: contact, id: 51}, {type: contact, id: 52}]"
        r.error(
            node, f"task_queue: expected a list of records like {example}, or skip or stop, got {show(value)}", index
        )
        return None
    tasks = []
    for position, item_node in enumerate(node.value, start=1):
        record = _tab_record(r, item_node, index, f"task_queue[{position}]")
        if record is None:
            return None
        tasks.append(record)
    return TaskQueueStep(**base, action="start", tasks=tuple(tasks))
