"""THE table of step kinds (kind -> Step class, allowed keys, parse function) and each kind's parse function."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import yaml

from simulator.hubspot.host import Faults
from simulator.hubspot.sdk.protocol import HOST_TO_WIDGET, HOST_TO_WIDGET_UNUSUAL, WIDGET_TO_HOST
from simulator.scenarios.match_syntax import check_match, read_capture
from simulator.scenarios.model import (
    DEFAULT_ACTION_TIMEOUT,
    DEFAULT_NONE_WITHIN,
    DEFAULT_WITHIN,
    ClickStep,
    CloseTabStep,
    ExpectNoneStep,
    ExpectStep,
    FillStep,
    HostStep,
    NavigateStep,
    OpenRemoteStep,
    OpenTabStep,
    OpenWindowStep,
    ReloadStep,
    SendStep,
    Source,
    Step,
    TaskQueueStep,
    WaitForStep,
    WaitStep,
    show,
)
from simulator.scenarios.nodes import NodeReader, Pairs, suggest
from simulator.scenarios.tab_steps import (
    parse_close_tab,
    parse_navigate,
    parse_open_remote,
    parse_open_tab,
    parse_open_window,
    parse_task_queue,
)

HOST_TYPES = HOST_TO_WIDGET | HOST_TO_WIDGET_UNUSUAL
COMMON_KEYS = ("name",)
TAB = ("tab",)  # every kind but wait: the scenario's record tab the step is about (model.Step.tab)


@dataclass(frozen=True)
class StepNodes:
    """One step as the parser found it: its keys, the kind key's value node, and the fields every Step has."""

    pairs: Pairs
    node: yaml.Node
    index: int
    base: Mapping[str, Any]


@dataclass(frozen=True)
class StepKind:
    """One kind of step: its class, the keys it allows beside its own and `name`, and how to parse it."""

    step_class: type[Step]
    keys: tuple[str, ...]
    parse: Callable[[NodeReader, StepNodes], Step | None]
    # Keys (the kind's own included) whose values may use `${name}`, checked against earlier captures.
    variables: tuple[str, ...] = ()

    @property
    def name(self) -> str:
        """The key that makes a step this kind (`expect`, `click`, ...)."""
        return self.step_class.kind


def read_faults(r: NodeReader, node: yaml.Node, step: int | None) -> dict[str, Any]:
    """A `host:` mapping of faults (Faults field names); Faults.from_mapping judges each value."""
    if not isinstance(node, yaml.MappingNode):
        example = "{fail_create_engagement: true}"
        r.error(node, f"host: expected a mapping like {example}, got {show(r.value(node))}", step)
        return {}
    fields = [f.name for f in dataclasses.fields(Faults)]
    settings: dict[str, Any] = {}
    for key, (key_node, value_node) in r.pairs(node, step).items():
        value = r.value(value_node)
        if key not in fields:
            r.error(
                key_node,
                f"host: unknown host setting {key!r}{suggest(key, fields)}; expected one of {', '.join(fields)}",
                step,
            )
            continue
        try:
            Faults.from_mapping({key: value})
        except (ValueError, TypeError) as exc:
            # Faults names the setting itself; the error's prefix already does.
            r.error(value_node, f"host.{key}: {str(exc).removeprefix(f'host setting {key!r}: ')}", step)
            continue
        settings[key] = value
    return settings


def _message_type(r: NodeReader, s: StepNodes, source: Source, sending: bool) -> tuple[str | None, bool]:
    pairs, node, index = s.pairs, s.node, s.index
    allow_unknown = r.boolean(pairs["allow_unknown"][1], "allow_unknown", index) if "allow_unknown" in pairs else False
    value = r.string(node, "message type", index)
    if value is None:
        return None, allow_unknown
    known = WIDGET_TO_HOST if source == "widget" else HOST_TYPES
    if value in known or allow_unknown:
        return value, allow_unknown
    other = HOST_TYPES if source == "widget" else WIDGET_TO_HOST
    if value in other and sending:
        r.error(
            node,
            f"{value} is a widget -> host message; `send` posts host -> widget events "
            "(use a widget action such as `click` to make the widget send it)",
            index,
        )
    elif value in other and source == "widget":
        r.error(node, f"{value} is sent by the host, not the widget; add `from: host` to expect it", index)
    elif value in other:
        r.error(node, f"{value} is sent by the widget; remove `from: host` to expect it", index)
    else:
        direction = "widget -> host message" if source == "widget" else "host -> widget event"
        r.error(
            node,
            f"unknown {direction} type {value!r}{suggest(value, known)}; "
            "add `allow_unknown: true` if that is on purpose",
            index,
        )
    return None, allow_unknown


def _source(r: NodeReader, s: StepNodes) -> Source:
    if "from" not in s.pairs:
        return "widget"
    node = s.pairs["from"][1]
    value = r.value(node)
    if value not in ("widget", "host"):
        r.error(node, f"from: expected widget or host, got {show(value)}", s.index)
        return "widget"
    return "widget" if value == "widget" else "host"


def _expectation(
    r: NodeReader, s: StepNodes, step_class: type[ExpectStep] | type[ExpectNoneStep], default_within: float
) -> Step | None:
    """`expect` and `expect_none`: the same keys, except that only `expect` captures and may be unordered."""
    pairs, index = s.pairs, s.index
    source = _source(r, s)
    message_type, allow_unknown = _message_type(r, s, source, sending=False)
    within = r.duration(pairs["within"][1], "within", index, default_within) if "within" in pairs else default_within
    expected = None
    if "match" in pairs:
        check_match(r, pairs["match"][1], index)
        expected = r.value(pairs["match"][1])
    extra: dict[str, Any] = {}
    if step_class is ExpectStep:
        extra["capture"] = read_capture(r, pairs["capture"][1], index) if "capture" in pairs else {}
        extra["unordered"] = r.boolean(pairs["unordered"][1], "unordered", index) if "unordered" in pairs else False
    if message_type is None:
        return None
    return step_class(
        **s.base,
        message_type=message_type,
        source=source,
        match=expected,
        within=within,
        allow_unknown=allow_unknown,
        **extra,
    )


def _send(r: NodeReader, s: StepNodes) -> Step | None:
    message_type, allow_unknown = _message_type(r, s, "host", sending=True)
    data = r.value(s.pairs["data"][1]) if "data" in s.pairs else None
    if message_type is None:
        return None
    return SendStep(**s.base, message_type=message_type, data=data, allow_unknown=allow_unknown)


def _expect(r: NodeReader, s: StepNodes) -> Step | None:
    return _expectation(r, s, ExpectStep, DEFAULT_WITHIN)


def _expect_none(r: NodeReader, s: StepNodes) -> Step | None:
    return _expectation(r, s, ExpectNoneStep, DEFAULT_NONE_WITHIN)


def _wait(r: NodeReader, s: StepNodes) -> Step | None:
    return WaitStep(**s.base, seconds=r.duration(s.node, "wait", s.index, 0.0))


def _host(r: NodeReader, s: StepNodes) -> Step | None:
    return HostStep(**s.base, settings=read_faults(r, s.node, s.index))


def _action_options(r: NodeReader, s: StepNodes) -> dict[str, Any]:
    options: dict[str, Any] = {}
    if "timeout" in s.pairs:
        options["timeout"] = r.duration(s.pairs["timeout"][1], "timeout", s.index, DEFAULT_ACTION_TIMEOUT)
    if "prompt" in s.pairs:
        options["prompt"] = r.string(s.pairs["prompt"][1], "prompt", s.index)
    return options


def _action_fields(
    r: NodeReader, node: yaml.Node, what: str, keys: tuple[str, ...], index: int
) -> dict[str, str] | None:
    if not isinstance(node, yaml.MappingNode):
        example = "{selector: '#status', text: Ready}" if what == "wait_for" else "{selector: '#number', value: '+1'}"
        r.error(node, f"{what}: expected a mapping like {example}, got {show(r.value(node))}", index)
        return None
    fields: dict[str, str] = {}
    for key, (key_node, value_node) in r.pairs(node, index).items():
        if key not in keys:
            r.error(key_node, f"{what}: unknown key {key!r}{suggest(key, keys)}; expected {', '.join(keys)}", index)
            continue
        value = r.value(value_node)
        if isinstance(value, int | float) and not isinstance(value, bool) and key != "selector":
            value = str(value)  # `value: 12345` in YAML is a number; the field gets its text
        text = value if isinstance(value, str) and (value or key != "selector") else None
        if text is None:
            kind = "a non-empty string" if key == "selector" else "a string"
            r.error(value_node, f"{what}.{key}: expected {kind}, got {show(value)}", index)
        else:
            fields[key] = text
    return fields


def _click(r: NodeReader, s: StepNodes) -> Step | None:
    selector = r.string(s.node, "click: CSS selector", s.index)
    options = _action_options(r, s)
    return ClickStep(**s.base, selector=selector, **options) if selector is not None else None


def _fill(r: NodeReader, s: StepNodes) -> Step | None:
    node, index = s.node, s.index
    options = _action_options(r, s)
    fields = _action_fields(r, node, "fill", ("selector", "value"), index)
    if fields is None:
        return None
    selector, value = fields.get("selector"), fields.get("value")
    present = {r.value(key_node) for key_node, _ in node.value} if isinstance(node, yaml.MappingNode) else set()
    for key in ("selector", "value"):
        if key not in present:
            r.error(node, f"fill: missing key {key!r}; expected {{selector: '#number', value: '+1617...'}}", index)
    if selector is None or value is None:
        return None
    return FillStep(**s.base, selector=selector, value=value, **options)


def _wait_for(r: NodeReader, s: StepNodes) -> Step | None:
    node, index = s.node, s.index
    options = _action_options(r, s)
    if isinstance(node, yaml.ScalarNode):
        selector = r.string(node, "wait_for: CSS selector", index)
        return WaitForStep(**s.base, selector=selector, **options) if selector is not None else None
    fields = _action_fields(r, node, "wait_for", ("selector", "text"), index)
    if fields is None:
        return None
    if not fields:
        r.error(node, "wait_for: expected a selector, text, or both", index)
        return None
    return WaitForStep(**s.base, selector=fields.get("selector"), text=fields.get("text"), **options)


def _reload(r: NodeReader, s: StepNodes) -> Step | None:
    target = r.value(s.node)
    timeout = DEFAULT_ACTION_TIMEOUT
    if "timeout" in s.pairs:
        timeout = r.duration(s.pairs["timeout"][1], "timeout", s.index, DEFAULT_ACTION_TIMEOUT)
    if target != "widget":  # the one thing a host page can reload; the key leaves room for more
        r.error(s.node, f"reload: expected widget, got {show(target)}", s.index)
        return None
    return ReloadStep(**s.base, timeout=timeout)


def _open_tab(r: NodeReader, s: StepNodes) -> Step | None:
    return parse_open_tab(r, s.node, s.pairs, s.base, s.index)


def _open_window(r: NodeReader, s: StepNodes) -> Step | None:
    return parse_open_window(r, s.node, s.pairs, s.base, s.index)


def _open_remote(r: NodeReader, s: StepNodes) -> Step | None:
    return parse_open_remote(r, s.node, s.pairs, s.base, s.index)


def _close_tab(r: NodeReader, s: StepNodes) -> Step | None:
    return parse_close_tab(r, s.node, s.base, s.index)


def _navigate(r: NodeReader, s: StepNodes) -> Step | None:
    return parse_navigate(r, s.node, s.pairs, s.base, s.index)


def _task_queue(r: NodeReader, s: StepNodes) -> Step | None:
    return parse_task_queue(r, s.node, s.base, s.index)


_ACTION_KEYS = ("timeout", "prompt")

STEP_KINDS: Mapping[str, StepKind] = {
    kind.name: kind
    for kind in (
        StepKind(SendStep, ("data", "allow_unknown", *TAB), _send, variables=("data",)),
        StepKind(
            ExpectStep,
            ("from", "match", "within", "capture", "allow_unknown", "unordered", *TAB),
            _expect,
            variables=("match", "capture"),
        ),
        StepKind(
            ExpectNoneStep, ("from", "match", "within", "allow_unknown", *TAB), _expect_none, variables=("match",)
        ),
        StepKind(WaitStep, (), _wait),
        StepKind(HostStep, TAB, _host, variables=("host",)),
        StepKind(ClickStep, (*_ACTION_KEYS, *TAB), _click, variables=("click",)),
        StepKind(FillStep, (*_ACTION_KEYS, *TAB), _fill, variables=("fill",)),
        StepKind(WaitForStep, (*_ACTION_KEYS, *TAB), _wait_for, variables=("wait_for",)),
        StepKind(ReloadStep, ("timeout", *TAB), _reload),
        StepKind(OpenTabStep, ("record", "timeout", *TAB), _open_tab),
        StepKind(OpenWindowStep, ("timeout", *TAB), _open_window),
        StepKind(OpenRemoteStep, ("timeout", *TAB), _open_remote),
        StepKind(CloseTabStep, (), _close_tab),
        StepKind(NavigateStep, ("timeout", *TAB), _navigate),
        StepKind(TaskQueueStep, TAB, _task_queue),
    )
}
KINDS = tuple(STEP_KINDS)
