"""Scenario files: YAML -> typed Scenario and steps, every error with file:line:column. No I/O beyond reading."""

from __future__ import annotations

import dataclasses
import difflib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar, Literal

import yaml

from simulator.errors import ScenarioError
from simulator.hubspot.host import Faults
from simulator.hubspot.protocol import HOST_TO_WIDGET, HOST_TO_WIDGET_UNUSUAL, WIDGET_TO_HOST
from simulator.scenarios.matching import ANY_TYPES, OPERATORS, VARIABLE_NAME, format_seconds, variables_in

SCHEMA_PATH = Path(__file__).resolve().parent / "schema" / "scenario.schema.json"
DEFAULT_WITHIN = 5.0
DEFAULT_NONE_WITHIN = 1.0
DEFAULT_ACTION_TIMEOUT = 10.0
HOST_TYPES = HOST_TO_WIDGET | HOST_TO_WIDGET_UNUSUAL

Source = Literal["widget", "host"]


@dataclass(frozen=True)
class Context:
    """Who and where the host is (SYNC fields and the record page); None = the host's default."""

    portal_id: int | None = None
    user_id: int | None = None
    owner_id: int | str | None = None
    record_type: str | None = None
    record_id: int | str | None = None
    iframe_location: str | None = None
    uses_calling_window: bool | None = None
    supports_inbound_calling: bool | None = None


@dataclass(frozen=True, kw_only=True)
class Step:
    """One step; `index` is 1-based, `line`/`column` where it starts in the file."""

    index: int
    line: int
    column: int
    name: str | None = None
    kind: ClassVar[str] = ""

    def summary(self) -> str:
        return self.kind

    def describe(self) -> str:
        """The step's label in reports: its `name:` or a summary such as `expect LOGGED_IN`."""
        return self.name or self.summary()


@dataclass(frozen=True, kw_only=True)
class SendStep(Step):
    """Post a host -> widget event."""

    message_type: str
    data: Any = None
    allow_unknown: bool = False
    kind: ClassVar[str] = "send"

    def summary(self) -> str:
        return f"send {self.message_type}"


@dataclass(frozen=True, kw_only=True)
class ExpectStep(Step):
    """Wait for a message of a type (from the widget, or one the host sent) whose data matches."""

    message_type: str
    source: Source = "widget"
    match: Any = None
    within: float = DEFAULT_WITHIN
    capture: Mapping[str, str] = field(default_factory=dict)
    allow_unknown: bool = False
    unordered: bool = False
    kind: ClassVar[str] = "expect"

    @property
    def direction(self) -> Literal["in", "out"]:
        return "in" if self.source == "widget" else "out"

    def summary(self) -> str:
        suffix = " (from host)" if self.source == "host" else ""
        return f"expect {self.message_type}{suffix}"


@dataclass(frozen=True, kw_only=True)
class ExpectNoneStep(Step):
    """Check that no (matching) message of a type arrives within a time."""

    message_type: str
    source: Source = "widget"
    match: Any = None
    within: float = DEFAULT_NONE_WITHIN
    allow_unknown: bool = False
    kind: ClassVar[str] = "expect_none"

    @property
    def direction(self) -> Literal["in", "out"]:
        return "in" if self.source == "widget" else "out"

    def summary(self) -> str:
        return f"expect no {self.message_type} within {format_seconds(self.within)}"


@dataclass(frozen=True, kw_only=True)
class WaitStep(Step):
    seconds: float
    kind: ClassVar[str] = "wait"

    def summary(self) -> str:
        return f"wait {format_seconds(self.seconds)}"


@dataclass(frozen=True, kw_only=True)
class HostStep(Step):
    """Change how the mock host answers from here on (simulator.hubspot.host.Faults field names)."""

    settings: Mapping[str, Any]
    kind: ClassVar[str] = "host"

    def summary(self) -> str:
        return "host " + ", ".join(f"{key}={value}" for key, value in self.settings.items())


@dataclass(frozen=True, kw_only=True)
class ClickStep(Step):
    selector: str
    timeout: float = DEFAULT_ACTION_TIMEOUT
    prompt: str | None = None
    kind: ClassVar[str] = "click"

    def summary(self) -> str:
        return f"click {self.selector}"


@dataclass(frozen=True, kw_only=True)
class FillStep(Step):
    selector: str
    value: str
    timeout: float = DEFAULT_ACTION_TIMEOUT
    prompt: str | None = None
    kind: ClassVar[str] = "fill"

    def summary(self) -> str:
        return f"fill {self.selector} with {self.value!r}"


@dataclass(frozen=True, kw_only=True)
class WaitForStep(Step):
    selector: str | None = None
    text: str | None = None
    timeout: float = DEFAULT_ACTION_TIMEOUT
    prompt: str | None = None
    kind: ClassVar[str] = "wait_for"

    def summary(self) -> str:
        parts = [self.selector or "", f"text {self.text!r}" if self.text is not None else ""]
        return "wait for " + " with ".join(p for p in parts if p)


@dataclass(frozen=True)
class Scenario:
    name: str
    path: str
    description: str = ""
    widget: str | None = None
    context: Context = Context()
    host: Mapping[str, Any] = field(default_factory=dict)
    timeout: float | None = None
    steps: tuple[Step, ...] = ()


TOP_KEYS = ("name", "description", "widget", "context", "host", "timeout", "steps")
CONTEXT_KEYS = {
    "portalId": "portal_id",
    "userId": "user_id",
    "ownerId": "owner_id",
    "record": "",
    "iframeLocation": "iframe_location",
    "usesCallingWindow": "uses_calling_window",
    "supportsInboundCalling": "supports_inbound_calling",
}
IFRAME_LOCATIONS = ("widget", "remote", "window")
KINDS = ("send", "expect", "expect_none", "wait", "host", "click", "fill", "wait_for")
STEP_KEYS: dict[str, tuple[str, ...]] = {
    "send": ("data", "allow_unknown"),
    "expect": ("from", "match", "within", "capture", "allow_unknown", "unordered"),
    "expect_none": ("from", "match", "within", "allow_unknown"),
    "wait": (),
    "host": (),
    "click": ("timeout", "prompt"),
    "fill": ("timeout", "prompt"),
    "wait_for": ("timeout", "prompt"),
}
COMMON_KEYS = ("name",)
_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?|\.\d+)\s*(ms|s|m)?\s*$")


def parse_duration(value: Any) -> float:
    """`5s`, `500ms`, `2m` or a number of seconds -> seconds; ValueError with what was expected."""
    if isinstance(value, bool) or value is None:
        raise ValueError(f"expected a duration like 5s, 500ms or 2, got {_show(value)}")
    if isinstance(value, int | float):
        seconds = float(value)
    else:
        found = _DURATION.match(str(value))
        if not found:
            raise ValueError(f"expected a duration like 5s, 500ms or 2, got {_show(value)}")
        scale = {"ms": 0.001, "s": 1.0, "m": 60.0, None: 1.0}[found.group(2)]
        seconds = float(found.group(1)) * scale
    if seconds < 0:
        raise ValueError(f"expected a duration of 0 or more, got {_show(value)}")
    return seconds


def _show(value: Any) -> str:
    if isinstance(value, str):
        return repr(value)
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return f"{str(value).lower()} (a boolean)"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return repr(value)


def suggest(word: str, candidates: Iterable[str]) -> str:
    """` (did you mean 'expect'?)` or "" when nothing is close."""
    options = list(candidates)
    by_case = [c for c in options if c.lower() == word.lower()]
    # A truncated name (`fail_create`) is closer to what the user meant than difflib's best ratio.
    by_prefix = sorted((c for c in options if len(word) >= 4 and c.lower().startswith(word.lower())), key=len)
    close = by_case or by_prefix[:1] or difflib.get_close_matches(word, options, n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


class _Parser:
    """Walks the composed YAML node tree so every value keeps its line and column."""

    def __init__(self, path: str, text: str) -> None:
        self.path = path
        self.text = text
        self.errors: list[ScenarioError] = []
        self.loader: yaml.SafeLoader | None = None

    def error(self, node: yaml.Node | None, message: str, step: int | None = None) -> None:
        line, column = (node.start_mark.line + 1, node.start_mark.column + 1) if node is not None else (0, 0)
        self.errors.append(ScenarioError(self.path, line, column, step, message))

    def value(self, node: yaml.Node) -> Any:
        assert self.loader is not None
        return self.loader.construct_object(node, deep=True)

    def pairs(self, node: yaml.MappingNode, step: int | None) -> dict[str, tuple[yaml.Node, yaml.Node]]:
        """Key -> (key node, value node); reports non-string and duplicate keys."""
        result: dict[str, tuple[yaml.Node, yaml.Node]] = {}
        for key_node, value_node in node.value:
            key = self.value(key_node)
            if not isinstance(key, str):
                self.error(key_node, f"keys must be strings, got {_show(key)}", step)
            elif key in result:
                first = result[key][0].start_mark.line + 1
                self.error(key_node, f"duplicate key {key!r} (first given on line {first})", step)
            else:
                result[key] = (key_node, value_node)
        return result

    def parse(self) -> Scenario | None:
        loader = yaml.SafeLoader(self.text)
        self.loader = loader
        try:
            root = loader.get_single_node()
            if root is None:
                self.error(None, "the file is empty; expected a mapping with name and steps")
                return None
            if not isinstance(root, yaml.MappingNode):
                self.error(root, f"expected a mapping with name and steps, got {_show(self.value(root))}")
                return None
            return self.scenario(root)
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            line, column = (mark.line + 1, mark.column + 1) if mark else (0, 0)
            problem = " ".join(p for p in (exc.context, exc.problem) if p) or "invalid YAML"
            self.errors.append(ScenarioError(self.path, line, column, None, f"invalid YAML: {problem}"))
            return None
        except yaml.YAMLError as exc:
            self.errors.append(ScenarioError(self.path, 0, 0, None, f"invalid YAML: {exc}"))
            return None
        finally:
            loader.dispose()

    def string(self, node: yaml.Node, what: str, step: int | None = None, *, empty_ok: bool = False) -> str | None:
        value = self.value(node)
        if not isinstance(value, str) or (not value.strip() and not empty_ok):
            self.error(node, f"{what}: expected a non-empty string, got {_show(value)}", step)
            return None
        return value

    def boolean(self, node: yaml.Node, what: str, step: int | None = None) -> bool:
        value = self.value(node)
        if not isinstance(value, bool):
            self.error(node, f"{what}: expected true or false, got {_show(value)}", step)
            return False
        return value

    def duration(self, node: yaml.Node, what: str, step: int | None, default: float) -> float:
        try:
            return parse_duration(self.value(node))
        except ValueError as exc:
            self.error(node, f"{what}: {exc}", step)
            return default

    def scenario(self, root: yaml.MappingNode) -> Scenario | None:
        pairs = self.pairs(root, None)
        for key, (key_node, _) in pairs.items():
            if key not in TOP_KEYS:
                self.error(
                    key_node, f"unknown key {key!r}{suggest(key, TOP_KEYS)}; expected one of {', '.join(TOP_KEYS)}"
                )
        name = None
        if "name" in pairs:
            name = self.string(pairs["name"][1], "name")
        else:
            self.error(root, "missing key 'name' (a one-line title for the scenario)")
        description = ""
        if "description" in pairs:
            description = self.string(pairs["description"][1], "description", empty_ok=True) or ""
        widget = None
        if "widget" in pairs:
            widget = self.string(pairs["widget"][1], "widget")
            if widget is not None and not re.match(r"^https?://", widget):
                self.error(pairs["widget"][1], f"widget: expected an http:// or https:// URL, got {widget!r}")
        context = self.context(pairs["context"][1]) if "context" in pairs else Context()
        host = self.host_settings(pairs["host"][1], None) if "host" in pairs else {}
        timeout = None
        if "timeout" in pairs:
            timeout = self.duration(pairs["timeout"][1], "timeout", None, 0.0) or None
        steps: tuple[Step, ...] = ()
        if "steps" not in pairs:
            self.error(root, "missing key 'steps' (a list of steps such as `- expect: LOGGED_IN`)")
        else:
            steps = self.steps(pairs["steps"][1])
        if self.errors or name is None:
            return None
        return Scenario(name, self.path, description, widget, context, host, timeout, steps)

    def context(self, node: yaml.Node) -> Context:
        if not isinstance(node, yaml.MappingNode):
            self.error(node, f"context: expected a mapping like {{portalId: 81431}}, got {_show(self.value(node))}")
            return Context()
        values: dict[str, Any] = {}
        for key, (key_node, value_node) in self.pairs(node, None).items():
            value = self.value(value_node)
            if key not in CONTEXT_KEYS:
                expected = ", ".join(CONTEXT_KEYS)
                self.error(
                    key_node, f"context: unknown key {key!r}{suggest(key, CONTEXT_KEYS)}; expected one of {expected}"
                )
            elif key == "record":
                values.update(self.record(value_node))
            elif key in ("portalId", "userId") and (isinstance(value, bool) or not isinstance(value, int)):
                self.error(value_node, f"context.{key}: expected an integer, got {_show(value)}")
            elif key == "ownerId" and (isinstance(value, bool) or not isinstance(value, int | str)):
                self.error(value_node, f"context.{key}: expected an integer or a string, got {_show(value)}")
            elif key == "iframeLocation" and value not in IFRAME_LOCATIONS:
                expected = ", ".join(IFRAME_LOCATIONS)
                self.error(value_node, f"context.iframeLocation: expected one of {expected}, got {_show(value)}")
            elif key in ("usesCallingWindow", "supportsInboundCalling") and not isinstance(value, bool):
                self.error(value_node, f"context.{key}: expected true or false, got {_show(value)}")
            else:
                values[CONTEXT_KEYS[key]] = value
        return Context(**values)

    def record(self, node: yaml.Node) -> dict[str, Any]:
        if not isinstance(node, yaml.MappingNode):
            self.error(
                node,
                f"context.record: expected a mapping like {{type: contact, id: 51}}, got {_show(self.value(node))}",
            )
            return {}
        values: dict[str, Any] = {}
        pairs = self.pairs(node, None)
        for key, (key_node, value_node) in pairs.items():
            value = self.value(value_node)
            if key not in ("type", "id"):
                self.error(
                    key_node, f"context.record: unknown key {key!r}{suggest(key, ('type', 'id'))}; expected type, id"
                )
            elif key == "type" and self.string(value_node, "context.record.type") is not None:
                values["record_type"] = value
            elif key == "id":
                if isinstance(value, bool) or not isinstance(value, int | str):
                    self.error(value_node, f"context.record.id: expected an integer or a string, got {_show(value)}")
                else:
                    values["record_id"] = value
        for required in ("type", "id"):
            if required not in pairs:
                self.error(node, f"context.record: missing key {required!r}")
        return values

    def host_settings(self, node: yaml.Node, step: int | None) -> dict[str, Any]:
        what = "host"
        if not isinstance(node, yaml.MappingNode):
            self.error(
                node,
                f"{what}: expected a mapping like {{fail_create_engagement: true}}, got {_show(self.value(node))}",
                step,
            )
            return {}
        fields = {f.name: f for f in dataclasses.fields(Faults)}
        settings: dict[str, Any] = {}
        for key, (key_node, value_node) in self.pairs(node, step).items():
            value = self.value(value_node)
            if key not in fields:
                self.error(
                    key_node,
                    f"{what}: unknown host setting {key!r}{suggest(key, fields)}; expected one of {', '.join(fields)}",
                    step,
                )
                continue
            problem = _faults_type_problem(str(fields[key].type), value)
            if problem:
                self.error(value_node, f"{what}.{key}: {problem}", step)
                continue
            try:
                Faults.from_mapping({key: value})
            except (ValueError, TypeError) as exc:
                self.error(key_node, f"{what}: {exc}", step)
                continue
            settings[key] = value
        return settings

    def steps(self, node: yaml.Node) -> tuple[Step, ...]:
        if not isinstance(node, yaml.SequenceNode):
            self.error(
                node, f"steps: expected a list of steps (lines starting with `- `), got {_show(self.value(node))}"
            )
            return ()
        if not node.value:
            self.error(node, "steps: the list is empty; add at least one step")
        steps: list[Step] = []
        captured: list[str] = []
        for index, step_node in enumerate(node.value, start=1):
            step = self.step(step_node, index, captured)
            if step is not None:
                steps.append(step)
        return tuple(steps)

    def check_variables(self, node: yaml.Node, step: int, captured: list[str]) -> None:
        """Every `${name}` under `node` must have been captured by an earlier step."""
        if isinstance(node, yaml.ScalarNode):
            value = self.value(node)
            for name in variables_in(value):
                if not VARIABLE_NAME.match(name):
                    self.error(node, f"${{{name}}}: a variable name is letters, digits and _", step)
                elif name not in captured:
                    known = f"; captured so far: {', '.join(captured)}" if captured else "; nothing is captured yet"
                    hint = suggest(name, captured)
                    self.error(node, f"variable ${{{name}}} is not captured by an earlier step{hint}{known}", step)
        elif isinstance(node, yaml.SequenceNode):
            for item in node.value:
                self.check_variables(item, step, captured)
        elif isinstance(node, yaml.MappingNode):
            for _, item in node.value:
                self.check_variables(item, step, captured)

    def step(self, node: yaml.Node, index: int, captured: list[str]) -> Step | None:
        if not isinstance(node, yaml.MappingNode):
            self.error(node, f"expected a mapping such as `expect: LOGGED_IN`, got {_show(self.value(node))}", index)
            return None
        errors_before = len(self.errors)
        pairs = self.pairs(node, index)
        kinds = [key for key in pairs if key in KINDS]
        if len(kinds) > 1:
            second = pairs[kinds[1]][0]
            self.error(
                second,
                f"a step does one thing, but this one has both {kinds[0]!r} and {kinds[1]!r}; split it into two steps",
                index,
            )
            return None
        kind = kinds[0] if kinds else None
        allowed = (kind, *STEP_KEYS[kind], *COMMON_KEYS) if kind else ()
        all_keys = sorted({*KINDS, *COMMON_KEYS, *(k for keys in STEP_KEYS.values() for k in keys)})
        typo_of_kind = False
        for key, (key_node, _) in pairs.items():
            if key in allowed or key in COMMON_KEYS or (kind is None and key in all_keys):
                continue
            owners = [k for k, keys in STEP_KEYS.items() if key in keys]
            if kind and owners:
                self.error(
                    key_node, f"{key!r} is not valid in a {kind} step (it belongs to {', '.join(owners)})", index
                )
                continue
            typo_of_kind = typo_of_kind or bool(suggest(key, KINDS))
            self.error(key_node, f"unknown key {key!r}{suggest(key, allowed or all_keys)}", index)
        if kind is None:
            # Keep later `${name}` uses of this step's captures from reporting a second, misleading error.
            capture_node = pairs.get("capture", (None, None))[1]
            if isinstance(capture_node, yaml.MappingNode):
                captured += [str(self.value(k)) for k, _ in capture_node.value]
            if not typo_of_kind:
                self.error(node, f"no step kind; expected one of {', '.join(KINDS)}", index)
            return None
        key_node, value_node = pairs[kind]
        base: dict[str, Any] = {
            "index": index,
            "line": key_node.start_mark.line + 1,
            "column": key_node.start_mark.column + 1,
        }
        if "name" in pairs:
            base["name"] = self.string(pairs["name"][1], "name", index)
        for key in ("data", "match", "capture") if kind != "host" else ():
            if key in pairs:
                self.check_variables(pairs[key][1], index, captured)
        if kind in ("click", "fill", "wait_for", "host"):
            self.check_variables(value_node, index, captured)
        parse = getattr(self, f"step_{kind}")
        step: Step | None = parse(pairs, value_node, index, base)
        if isinstance(step, ExpectStep):
            captured += [name for name in step.capture if name not in captured]
        return step if len(self.errors) == errors_before else None

    def message_type(
        self,
        pairs: Mapping[str, tuple[yaml.Node, yaml.Node]],
        node: yaml.Node,
        index: int,
        source: Source,
        sending: bool,
    ) -> tuple[str | None, bool]:
        allow_unknown = (
            self.boolean(pairs["allow_unknown"][1], "allow_unknown", index) if "allow_unknown" in pairs else False
        )
        value = self.string(node, "message type", index)
        if value is None:
            return None, allow_unknown
        known = WIDGET_TO_HOST if source == "widget" else HOST_TYPES
        if value in known or allow_unknown:
            return value, allow_unknown
        other = HOST_TYPES if source == "widget" else WIDGET_TO_HOST
        if value in other and sending:
            self.error(
                node,
                f"{value} is a widget -> host message; `send` posts host -> widget events "
                "(use a widget action such as `click` to make the widget send it)",
                index,
            )
        elif value in other and source == "widget":
            self.error(node, f"{value} is sent by the host, not the widget; add `from: host` to expect it", index)
        elif value in other:
            self.error(node, f"{value} is sent by the widget; remove `from: host` to expect it", index)
        else:
            direction = "widget -> host message" if source == "widget" else "host -> widget event"
            self.error(
                node,
                f"unknown {direction} type {value!r}{suggest(value, known)}; "
                "add `allow_unknown: true` if that is on purpose",
                index,
            )
        return None, allow_unknown

    def source(self, pairs: Mapping[str, tuple[yaml.Node, yaml.Node]], index: int) -> Source:
        if "from" not in pairs:
            return "widget"
        node = pairs["from"][1]
        value = self.value(node)
        if value not in ("widget", "host"):
            self.error(node, f"from: expected widget or host, got {_show(value)}", index)
            return "widget"
        return "widget" if value == "widget" else "host"

    def matcher(self, node: yaml.Node, index: int, path: str = "match") -> None:
        """Static check of `{$any: ...}`, `{$regex: ...}` and `{$absent: ...}` anywhere in a match."""
        if isinstance(node, yaml.SequenceNode):
            for i, item in enumerate(node.value):
                self.matcher(item, index, f"{path}[{i}]")
            return
        if not isinstance(node, yaml.MappingNode):
            return
        pairs = self.pairs(node, index)
        operators = [key for key in pairs if key.startswith("$")]
        if not operators:
            for key, (_, value_node) in pairs.items():
                self.matcher(value_node, index, f"{path}.{key}")
            return
        if len(pairs) != 1:
            self.error(
                node, f"{path}: a matcher has exactly one key ({', '.join(OPERATORS)}), got {', '.join(pairs)}", index
            )
            return
        operator = operators[0]
        key_node, value_node = pairs[operator]
        argument = self.value(value_node)
        if operator not in OPERATORS:
            self.error(
                key_node,
                f"{path}: unknown matcher {operator!r}{suggest(operator, OPERATORS)}; expected one of "
                f"{', '.join(OPERATORS)}",
                index,
            )
        elif operator == "$any":
            types = argument if isinstance(argument, list) else [argument]
            for type_name in types:
                if type_name not in ANY_TYPES:
                    hint = suggest(str(type_name), ANY_TYPES)
                    self.error(
                        value_node,
                        f"{path}: $any: unknown type {_show(type_name)}{hint}; expected one of {', '.join(ANY_TYPES)}",
                        index,
                    )
        elif operator == "$regex":
            if not isinstance(argument, str):
                self.error(
                    value_node, f"{path}: $regex: expected a regular expression string, got {_show(argument)}", index
                )
            elif "${" not in argument:
                try:
                    re.compile(argument)
                except re.error as exc:
                    self.error(value_node, f"{path}: $regex: invalid regular expression: {exc}", index)
        elif not isinstance(argument, bool):
            self.error(value_node, f"{path}: $absent: expected true or false, got {_show(argument)}", index)

    def step_send(
        self, pairs: Mapping[str, tuple[yaml.Node, yaml.Node]], node: yaml.Node, index: int, base: dict[str, Any]
    ) -> Step | None:
        message_type, allow_unknown = self.message_type(pairs, node, index, "host", sending=True)
        data = self.value(pairs["data"][1]) if "data" in pairs else None
        if message_type is None:
            return None
        return SendStep(**base, message_type=message_type, data=data, allow_unknown=allow_unknown)

    def step_expect(
        self, pairs: Mapping[str, tuple[yaml.Node, yaml.Node]], node: yaml.Node, index: int, base: dict[str, Any]
    ) -> Step | None:
        source = self.source(pairs, index)
        message_type, allow_unknown = self.message_type(pairs, node, index, source, sending=False)
        within = (
            self.duration(pairs["within"][1], "within", index, DEFAULT_WITHIN) if "within" in pairs else DEFAULT_WITHIN
        )
        expected = None
        if "match" in pairs:
            self.matcher(pairs["match"][1], index)
            expected = self.value(pairs["match"][1])
        capture = self.capture(pairs["capture"][1], index) if "capture" in pairs else {}
        unordered = self.boolean(pairs["unordered"][1], "unordered", index) if "unordered" in pairs else False
        if message_type is None:
            return None
        return ExpectStep(
            **base,
            message_type=message_type,
            source=source,
            match=expected,
            within=within,
            capture=capture,
            allow_unknown=allow_unknown,
            unordered=unordered,
        )

    def capture(self, node: yaml.Node, index: int) -> dict[str, str]:
        if not isinstance(node, yaml.MappingNode):
            self.error(
                node,
                f"capture: expected a mapping of variable name to data path like {{call_id: externalCallId}}"
                f", got {_show(self.value(node))}",
                index,
            )
            return {}
        result: dict[str, str] = {}
        for name, (key_node, value_node) in self.pairs(node, index).items():
            path = self.value(value_node)
            if not VARIABLE_NAME.match(name):
                self.error(key_node, f"capture: {name!r} is not a variable name (letters, digits and _)", index)
            elif not isinstance(path, str) or not path.strip() or ".." in path:
                self.error(
                    value_node,
                    f"capture.{name}: expected a dotted path into the message data such as "
                    f"externalCallId or callerIdMatches.0.firstName, got {_show(path)}",
                    index,
                )
            else:
                result[name] = path
        return result

    def step_expect_none(
        self, pairs: Mapping[str, tuple[yaml.Node, yaml.Node]], node: yaml.Node, index: int, base: dict[str, Any]
    ) -> Step | None:
        source = self.source(pairs, index)
        message_type, allow_unknown = self.message_type(pairs, node, index, source, sending=False)
        within = DEFAULT_NONE_WITHIN
        if "within" in pairs:
            within = self.duration(pairs["within"][1], "within", index, DEFAULT_NONE_WITHIN)
        expected = None
        if "match" in pairs:
            self.matcher(pairs["match"][1], index)
            expected = self.value(pairs["match"][1])
        if message_type is None:
            return None
        return ExpectNoneStep(
            **base, message_type=message_type, source=source, match=expected, within=within, allow_unknown=allow_unknown
        )

    def step_wait(
        self, pairs: Mapping[str, tuple[yaml.Node, yaml.Node]], node: yaml.Node, index: int, base: dict[str, Any]
    ) -> Step | None:
        return WaitStep(**base, seconds=self.duration(node, "wait", index, 0.0))

    def step_host(
        self, pairs: Mapping[str, tuple[yaml.Node, yaml.Node]], node: yaml.Node, index: int, base: dict[str, Any]
    ) -> Step | None:
        return HostStep(**base, settings=self.host_settings(node, index))

    def action_options(self, pairs: Mapping[str, tuple[yaml.Node, yaml.Node]], index: int) -> dict[str, Any]:
        options: dict[str, Any] = {}
        if "timeout" in pairs:
            options["timeout"] = self.duration(pairs["timeout"][1], "timeout", index, DEFAULT_ACTION_TIMEOUT)
        if "prompt" in pairs:
            options["prompt"] = self.string(pairs["prompt"][1], "prompt", index)
        return options

    def step_click(
        self, pairs: Mapping[str, tuple[yaml.Node, yaml.Node]], node: yaml.Node, index: int, base: dict[str, Any]
    ) -> Step | None:
        selector = self.string(node, "click: CSS selector", index)
        options = self.action_options(pairs, index)
        return ClickStep(**base, selector=selector, **options) if selector is not None else None

    def step_fill(
        self, pairs: Mapping[str, tuple[yaml.Node, yaml.Node]], node: yaml.Node, index: int, base: dict[str, Any]
    ) -> Step | None:
        options = self.action_options(pairs, index)
        fields = self.action_fields(node, "fill", ("selector", "value"), index)
        if fields is None:
            return None
        selector, value = fields.get("selector"), fields.get("value")
        present = {self.value(key_node) for key_node, _ in node.value} if isinstance(node, yaml.MappingNode) else set()
        for key in ("selector", "value"):
            if key not in present:
                self.error(
                    node, f"fill: missing key {key!r}; expected {{selector: '#number', value: '+1617...'}}", index
                )
        if selector is None or value is None:
            return None
        return FillStep(**base, selector=selector, value=value, **options)

    def step_wait_for(
        self, pairs: Mapping[str, tuple[yaml.Node, yaml.Node]], node: yaml.Node, index: int, base: dict[str, Any]
    ) -> Step | None:
        options = self.action_options(pairs, index)
        if isinstance(node, yaml.ScalarNode):
            selector = self.string(node, "wait_for: CSS selector", index)
            return WaitForStep(**base, selector=selector, **options) if selector is not None else None
        fields = self.action_fields(node, "wait_for", ("selector", "text"), index)
        if fields is None:
            return None
        if not fields:
            self.error(node, "wait_for: expected a selector, text, or both", index)
            return None
        return WaitForStep(**base, selector=fields.get("selector"), text=fields.get("text"), **options)

    def action_fields(self, node: yaml.Node, what: str, keys: tuple[str, ...], index: int) -> dict[str, str] | None:
        if not isinstance(node, yaml.MappingNode):
            example = (
                "{selector: '#status', text: Ready}" if what == "wait_for" else "{selector: '#number', value: '+1'}"
            )
            self.error(node, f"{what}: expected a mapping like {example}, got {_show(self.value(node))}", index)
            return None
        fields: dict[str, str] = {}
        for key, (key_node, value_node) in self.pairs(node, index).items():
            if key not in keys:
                self.error(
                    key_node, f"{what}: unknown key {key!r}{suggest(key, keys)}; expected {', '.join(keys)}", index
                )
                continue
            value = self.value(value_node)
            if isinstance(value, int | float) and not isinstance(value, bool) and key != "selector":
                value = str(value)  # `value: 12345` in YAML is a number; the field gets its text
            text = value if isinstance(value, str) and (value or key != "selector") else None
            if text is None:
                kind = "a non-empty string" if key == "selector" else "a string"
                self.error(value_node, f"{what}.{key}: expected {kind}, got {_show(value)}", index)
            else:
                fields[key] = text
        return fields


def _faults_type_problem(annotation: str, value: Any) -> str | None:
    """Faults fields are bool, int or `bool | None`; says what is wrong with `value`, if anything."""
    if annotation == "bool" and not isinstance(value, bool):
        return f"expected true or false, got {_show(value)}"
    if annotation == "int" and (isinstance(value, bool) or not isinstance(value, int) or value < 0):
        return f"expected a whole number of 0 or more, got {_show(value)}"
    if (
        annotation.replace(" ", "") in ("bool|None", "Optional[bool]")
        and value is not None
        and not isinstance(value, bool)
    ):
        return f"expected true, false or null, got {_show(value)}"
    return None


def parse_scenario(text: str, path: str) -> tuple[Scenario | None, list[ScenarioError]]:
    """A scenario from YAML text and every error in it (the scenario is None when there are errors)."""
    parser = _Parser(path, text)
    scenario = parser.parse()
    parser.errors.sort(key=lambda error: (error.line, error.column))
    return (scenario if not parser.errors else None), parser.errors


def read_text(path: Path) -> tuple[str | None, ScenarioError | None]:
    """A file's text, or the ScenarioError saying why it cannot be read."""
    try:
        return path.read_text(encoding="utf-8"), None
    except FileNotFoundError:
        return None, ScenarioError(str(path), 0, 0, None, "no such file or directory")
    except UnicodeDecodeError as exc:
        return None, ScenarioError(str(path), 0, 0, None, f"not UTF-8 text ({exc.reason} at byte {exc.start})")
    except OSError as exc:
        return None, ScenarioError(str(path), 0, 0, None, f"cannot read: {exc.strerror or exc}")


def load_scenario(path: str | Path) -> Scenario:
    """Read one scenario file; raises its first ScenarioError (all of them in `.errors`)."""
    text, error = read_text(Path(path))
    if error is not None:
        raise error
    assert text is not None
    scenario, errors = parse_scenario(text, str(path))
    if errors:
        errors[0].errors = errors
        raise errors[0]
    assert scenario is not None
    return scenario


def scenario_files(paths: Iterable[str | Path]) -> tuple[list[Path], list[ScenarioError]]:
    """Files as given, directories expanded to their `*.yaml` / `*.yml` (sorted, not recursive)."""
    files: list[Path] = []
    errors: list[ScenarioError] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = sorted(p for p in path.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file())
            if not found:
                errors.append(ScenarioError(str(path), 0, 0, None, "no *.yaml or *.yml files in this directory"))
            files += found
        elif path.exists():
            files.append(path)
        else:
            errors.append(ScenarioError(str(path), 0, 0, None, "no such file or directory"))
    return files, errors


def load_scenarios(paths: Iterable[str | Path]) -> tuple[list[Scenario], list[ScenarioError]]:
    """Every scenario in the given files and directories, and every error in all of them."""
    files, errors = scenario_files(paths)
    scenarios: list[Scenario] = []
    for file in files:
        text, error = read_text(file)
        if error is not None:
            errors.append(error)
            continue
        assert text is not None
        scenario, file_errors = parse_scenario(text, str(file))
        errors += file_errors
        if scenario is not None:
            scenarios.append(scenario)
    return scenarios, errors
