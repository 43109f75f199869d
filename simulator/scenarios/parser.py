"""Scenario files: YAML text -> the typed Scenario (simulator.scenarios.model), every error with file:line:column."""

from __future__ import annotations

import json
import re
from typing import Any

import yaml

from simulator.errors import ScenarioError
from simulator.hubspot.safe_yaml import BoundedLoader, reader_error_position
from simulator.scenarios.matching import VARIABLE_NAME, variables_in
from simulator.scenarios.model import (
    CloseTabStep,
    Context,
    ExpectStep,
    NavigateStep,
    OpenRemoteStep,
    OpenTabStep,
    OpenWindowStep,
    Scenario,
    Step,
    TabName,
    show,
)
from simulator.scenarios.nodes import NodeReader, suggest
from simulator.scenarios.steps import COMMON_KEYS, KINDS, STEP_KINDS, StepNodes, read_faults

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


class _Parser(NodeReader):
    """Walks the composed YAML node tree so every value keeps its line and column."""

    open_tabs: list[TabName]  # the surfaces open at the step being read (steps() starts it)
    opened: int  # how many record tabs the scenario has opened so far, closed ones too: the next is opened + 1
    closed: dict[TabName, str]  # a closed surface -> how it went ("was closed by step 4"), for the error naming it
    remote_in: TabName | None  # the record tab whose navigation bar holds the open remote

    def parse(self) -> Scenario | None:
        loader = self.loader
        try:
            root = loader.get_single_node()
            if root is None:
                self.error(None, "the file is empty; expected a mapping with name and steps")
                return None
            if not isinstance(root, yaml.MappingNode):
                self.error(root, f"expected a mapping with name and steps, got {show(self.value(root))}")
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
        host = read_faults(self, pairs["host"][1], None) if "host" in pairs else {}
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
            self.error(node, f"context: expected a mapping like {{portalId: 81431}}, got {show(self.value(node))}")
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
                self.error(value_node, f"context.{key}: expected an integer, got {show(value)}")
            elif key == "ownerId" and (isinstance(value, bool) or not isinstance(value, int | str)):
                self.error(value_node, f"context.{key}: expected an integer or a string, got {show(value)}")
            elif key == "iframeLocation" and value not in IFRAME_LOCATIONS:
                expected = ", ".join(IFRAME_LOCATIONS)
                self.error(value_node, f"context.iframeLocation: expected one of {expected}, got {show(value)}")
            elif key in ("usesCallingWindow", "supportsInboundCalling") and not isinstance(value, bool):
                self.error(value_node, f"context.{key}: expected true or false, got {show(value)}")
            else:
                values[CONTEXT_KEYS[key]] = value
        return Context(**values)

    def record(self, node: yaml.Node) -> dict[str, Any]:
        if not isinstance(node, yaml.MappingNode):
            self.error(
                node,
                f"context.record: expected a mapping like {{type: contact, id: 51}}, got {show(self.value(node))}",
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
                    self.error(value_node, f"context.record.id: expected an integer or a string, got {show(value)}")
                else:
                    values["record_id"] = value
        for required in ("type", "id"):
            if required not in pairs:
                self.error(node, f"context.record: missing key {required!r}")
        return values

    def steps(self, node: yaml.Node) -> tuple[Step, ...]:
        if not isinstance(node, yaml.SequenceNode):
            self.error(
                node, f"steps: expected a list of steps (lines starting with `- `), got {show(self.value(node))}"
            )
            return ()
        if not node.value:
            self.error(node, "steps: the list is empty; add at least one step")
        steps: list[Step] = []
        captured: list[str] = []
        self.open_tabs = [1]  # the scenario's record tabs open so far: its first page is tab 1
        self.opened, self.closed, self.remote_in = 1, {}, None
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
            self.error(node, f"expected a mapping such as `expect: LOGGED_IN`, got {show(self.value(node))}", index)
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
        kind = STEP_KINDS[kinds[0]] if kinds else None
        allowed = (kind.name, *kind.keys, *COMMON_KEYS) if kind else ()
        all_keys = sorted({*KINDS, *COMMON_KEYS, *(key for other in STEP_KINDS.values() for key in other.keys)})
        typo_of_kind = False
        for key, (key_node, _) in pairs.items():
            if key in allowed or key in COMMON_KEYS or (kind is None and key in all_keys):
                continue
            owners = [other.name for other in STEP_KINDS.values() if key in other.keys]
            if kind and owners:
                self.error(
                    key_node, f"{key!r} is not valid in a {kind.name} step (it belongs to {', '.join(owners)})", index
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
        key_node, value_node = pairs[kind.name]
        base: dict[str, Any] = {
            "index": index,
            "line": key_node.start_mark.line + 1,
            "column": key_node.start_mark.column + 1,
        }
        if "name" in pairs:
            base["name"] = self.string(pairs["name"][1], "name", index)
        if "tab" in pairs and "tab" in kind.keys:
            base["tab"] = self.tab(pairs["tab"][1], index)
        for key in kind.variables:
            if key in pairs:
                self.check_variables(pairs[key][1], index, captured)
        step = kind.parse(self, StepNodes(pairs, value_node, index, base))
        if isinstance(step, ExpectStep):
            captured += [name for name in step.capture if name not in captured]
        if step is not None:
            self.track_surfaces(step, value_node, index)
        return step if len(self.errors) == errors_before else None

    def track_surfaces(self, step: Step, node: yaml.Node, index: int) -> None:
        """Which surfaces are open after `step`: open_tab, open_window and open_remote add one, close_tab removes
        one; the remote goes with the page of the tab that holds it (closed or navigated)."""
        if isinstance(step, OpenTabStep):
            expected = self.opened + 1
            if step.number != expected:
                self.error(node, f"open_tab: tabs open in order; this one is tab {expected}", index)
            self.opened += 1
            self.open_tabs.append(step.number)
        elif isinstance(step, OpenWindowStep):
            if "window" in self.open_tabs:
                self.error(node, "open_window: the calling window is open already (a user has one)", index)
            else:
                self.open_tabs.append("window")
                self.closed.pop("window", None)
        elif isinstance(step, OpenRemoteStep):
            if "remote" in self.open_tabs:
                self.error(node, f"open_remote: the calling remote is open already (in tab {self.remote_in})", index)
            else:
                self.open_tabs.append("remote")
                self.closed.pop("remote", None)
                self.remote_in = step.tab
        elif isinstance(step, CloseTabStep):
            if step.target in self.open_tabs:
                self.open_tabs.remove(step.target)
                self.closed[step.target] = f"was closed by step {index}"
                self.remote_goes(step.target, index)
            else:
                self.error(node, f"close_tab: {self.not_open(step.target)}", index)
        elif isinstance(step, NavigateStep):
            self.remote_goes(step.tab, index)

    def remote_goes(self, tab: TabName, index: int) -> None:
        """The remote lives in its tab's page: it closes when that page closes or navigates."""
        if tab == self.remote_in and "remote" in self.open_tabs:
            self.open_tabs.remove("remote")
            self.closed["remote"] = f"went with tab {tab}'s page at step {index}"
            self.remote_in = None

    def not_open(self, tab: TabName) -> str:
        """Why a step cannot name `tab` here, and which step would open it."""
        name = {"window": "the calling window", "remote": "the calling remote"}.get(str(tab), f"tab {tab}")
        opened = ", ".join(str(t) for t in self.open_tabs) or "none"
        if tab in self.closed:
            return f"{name} {self.closed[tab]} (open: {opened})"
        opener = {"window": "open_window", "remote": "open_remote"}.get(str(tab), f"open_tab: {tab}")
        return f"{name} is not open here (open: {opened}); an `{opener}` step opens it"

    def tab(self, node: yaml.Node, index: int) -> TabName:
        """A step's `tab:`: a surface the scenario has open by now (tab 1, a tab an earlier open_tab opened, the
        calling window once an open_window step opened it, the remote once an open_remote step did)."""
        value = self.value(node)
        if value not in ("window", "remote") and (isinstance(value, bool) or not isinstance(value, int)):
            self.error(node, f"tab: expected a tab number such as 2, window or remote, got {show(value)}", index)
        elif value not in self.open_tabs:
            self.error(node, f"tab: {self.not_open(value)}", index)
        else:
            return value  # type: ignore[no-any-return]
        return 1


def parse_scenario(text: str, path: str) -> tuple[Scenario | None, list[ScenarioError]]:
    """A scenario from YAML text and every error in it (the scenario is None when there are errors)."""
    try:
        loader = BoundedLoader(text)  # checks every character up front
    except yaml.reader.ReaderError as exc:
        line, column, problem = reader_error_position(exc, text)
        return None, [ScenarioError(path, line, column, None, f"invalid YAML: {problem}")]
    parser = _Parser(path, loader)
    try:
        scenario = parser.parse()
    except RecursionError:
        return None, [ScenarioError(path, 0, 0, None, "invalid YAML: nested too deeply to read")]
    except Exception as exc:  # a file callsim cannot read must not stop it reading the others
        problem = f"callsim could not read this file ({type(exc).__name__}: {exc}); please report it"
        return None, [ScenarioError(path, 0, 0, None, problem)]
    parser.errors.sort(key=lambda error: (error.line, error.column))
    return (scenario if not parser.errors else None), parser.errors


def parse_context(mapping: Any) -> tuple[Context, list[str]]:
    """A JSON `context` (the control API's claims), checked exactly as a scenario's `context:` is: the Context and
    every error, worded as for a scenario file (`context.portalId: expected an integer, got 'x'`)."""
    parser = _Parser("context", BoundedLoader(json.dumps(mapping)))
    try:
        root = parser.loader.get_single_node()  # json.dumps always writes one value
        context = parser.context(root) if root is not None else Context()
    finally:
        parser.loader.dispose()
    return context, [error.message for error in parser.errors]
