"""The recorder: a session driven by hand (its log entries) as scenario YAML that replays to the same result. Pure.

Host events the user caused become `send` steps, what the widget (and the mock host) answered becomes `expect`
steps matching the stable fields, ids are captured once and reused as `${var}`, timestamps are dropped. The page
cannot see clicks inside the cross-origin widget, so they are inferred from what the widget said next: the sample
widget's own buttons as `click` steps, for any other widget a `wait_for` step whose prompt says what to do.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import yaml

from simulator.hubspot.sdk.protocol import HOST_TO_WIDGET, HOST_TO_WIDGET_UNUSUAL, WIDGET_TO_HOST
from simulator.log_vocabulary import NoteType

# What the mock host answers on its own: replayed by the host, so the scenario expects them rather than sends them.
HOST_ANSWERS = frozenset(
    t for t in HOST_TO_WIDGET if t.endswith(("_SUCCEEDED", "_FAILED")) or t in ("ENGAGEMENT_CREATED", "FAILED")
)
SKIPPED = frozenset({"SYNC", "SYNC_ACK"})  # the handshake replays itself
FAULT_COPIES = frozenset({"duplicate_dial", "visibility_flaps"})  # extra posts a fault made: the host makes them again
ID_KEYS = {"externalCallId": "call_id", "engagementId": "engagement_id", "callId": "call_id"}
VOLATILE = re.compile(r"(Time|Timestamp|At|Ms|_timestamp|_duration)$|^(timestamp|hs_timestamp|duration)$")
AUTO_DIAL_S = 1.5  # OUTGOING_CALL_STARTED this soon after DIAL_NUMBER: the widget dialled by itself
SLOW_S = 4.0  # an answer that came later than this by itself gets a `within` of 1.5x the recorded gap
SAMPLE_NOTE = "the sample widget's selector"
LINE = 100


@dataclass
class _Line:
    """One step: its YAML key/value pairs (already dumped), a comment on its first line, comments before it."""

    pairs: list[tuple[str, Any]]
    comment: str = ""
    before: list[str] = field(default_factory=list)


def _flow(value: Any) -> str:
    """A YAML value on one line (PyYAML quotes whatever needs it: widget text is never markup here)."""
    text = yaml.safe_dump([value], default_flow_style=True, allow_unicode=True, width=1_000_000, sort_keys=False)
    return text.strip()[1:-1]


def _value(value: Any, indent: str) -> str:
    """` value` on the key's line, or a block under it when one line would be too long to read."""
    flow = _flow(value)
    if len(flow) <= LINE or not isinstance(value, dict) or not value:
        return " " + flow
    block = yaml.safe_dump(value, default_flow_style=None, allow_unicode=True, width=LINE, sort_keys=False)
    return "".join(f"\n{indent}  {line}" for line in block.rstrip("\n").split("\n"))


@dataclass
class _SurfaceState:
    """What the recorder keeps per surface (a record tab, the calling window, the remote): each is a widget instance
    of its own, with its own call; steps, variables and their names are the scenario's."""

    last_ts: float | None = None
    acted: bool = False  # a send or an inferred action since the last expect
    pending_dial: float | None = None  # ts of a DIAL_NUMBER no call has started from yet
    ended_by_host: bool = False  # END_CALL sent during the current call
    call: dict[str, Any] = field(default_factory=dict)  # the current call: direction, answered


@dataclass(frozen=True)
class RecordedSurface:
    """Another surface of the recorded session's user, opened during the recording: `tab` is how the scenario
    names it ("2", "3"... for record tabs in the order they opened, "window", "remote"); `record` the record a
    tab opened on, if not the first tab's."""

    tab: str
    entries: tuple[Mapping[str, Any], ...]
    record: Mapping[str, Any] | None = None


class _Recorder:
    def __init__(self, sample_widget: bool) -> None:
        self.sample = sample_widget
        self.steps: list[_Line] = []
        self.known: dict[tuple[str, Any], str] = {}  # (type name, value) -> variable
        self.names: set[str] = set()
        self.tab = "1"  # the surface whose entry is being recorded
        self.surfaces: dict[str, _SurfaceState] = {"1": _SurfaceState()}
        self.shared_calls: set[str] = set()  # externalCallIds a widget instance raised: another's is a broadcast

    @property
    def now(self) -> _SurfaceState:
        return self.surfaces[self.tab]

    def switch(self, tab: str) -> None:
        """Record `tab`'s entries from here on, with its own call state."""
        self.surfaces.setdefault(tab, _SurfaceState())
        self.tab = tab

    # -- values ------------------------------------------------------------------------------
    def _known(self, value: Any) -> str | None:
        if isinstance(value, bool) or not isinstance(value, str | int):
            return None
        return self.known.get((type(value).__name__, value))

    def _new_var(self, key: str, value: Any) -> str:
        base = ID_KEYS[key]
        name, n = base, 1
        while name in self.names:
            n += 1
            name = f"{base}_{n}"
        self.names.add(name)
        self.known[(type(value).__name__, value)] = name
        return name

    def _match(self, value: Any, path: str, captures: dict[str, str]) -> Any:
        """Stable fields as they are, ids as `${var}` (new ids captured), volatile fields dropped."""
        if isinstance(value, dict):
            out: dict[str, Any] = {}
            for key, item in value.items():
                key = str(key)
                if VOLATILE.search(key):
                    continue
                where = f"{path}.{key}" if path else key
                if key in ID_KEYS and (isinstance(item, str | int) and not isinstance(item, bool)) and item != "":
                    known = self._known(item)
                    if known is None:
                        captures[self._new_var(key, item)] = where
                        out[key] = {"$any": "string" if isinstance(item, str) else "integer"}
                    else:
                        out[key] = "${" + known + "}"
                    continue
                out[key] = self._match(item, where, captures)
            return out
        if isinstance(value, list):
            return [self._match(item, f"{path}.{i}", captures) for i, item in enumerate(value)]
        return value

    def _substituted(self, value: Any) -> Any:
        """A send's data with ids the widget gave earlier as `${var}` (everything else verbatim)."""
        if isinstance(value, dict):
            return {
                k: ("${" + known + "}" if k in ID_KEYS and (known := self._known(v)) else self._substituted(v))
                for k, v in value.items()
            }
        if isinstance(value, list):
            return [self._substituted(item) for item in value]
        return value

    # -- steps -------------------------------------------------------------------------------
    def add(self, pairs: list[tuple[str, Any]], comment: str = "", before: list[str] | None = None) -> None:
        if self.tab != "1" and pairs:  # a record tab by its number, the window and the remote by name
            pairs = [*pairs, ("tab", int(self.tab) if self.tab.isdigit() else self.tab)]
        self.steps.append(_Line(pairs, comment, before or []))

    def action(self, selector: str, prompt: str, fill: tuple[str, str, str] | None = None) -> None:
        """What the user did in the widget: the sample widget's button, else an instruction for a person."""
        self.now.acted = True
        if not self.sample:
            self.add(
                [("wait_for", "body"), ("prompt", prompt)],
                "replace with a click on your widget's control",
                ["the page cannot see inside the widget: this step only shows the prompt"],
            )
            return
        if fill is not None and fill[1]:
            self.add([("fill", {"selector": fill[0], "value": fill[1]}), ("prompt", fill[2])], SAMPLE_NOTE)
        self.add([("click", selector), ("prompt", prompt)], SAMPLE_NOTE)

    def send(self, entry: Mapping[str, Any], message_type: str, data: Any) -> None:
        pairs: list[tuple[str, Any]] = [("send", message_type)]
        if data is not None:
            pairs.append(("data", self._substituted(data)))
        if message_type not in HOST_TO_WIDGET | HOST_TO_WIDGET_UNUSUAL:
            pairs.append(("allow_unknown", True))
        self.add(pairs)
        self.now.acted = True
        if message_type == "DIAL_NUMBER":
            self.now.pending_dial = _ts(entry)
        elif message_type == "END_CALL":
            self.now.ended_by_host = True

    def expect(self, entry: Mapping[str, Any], message_type: str, data: Any, source: str) -> None:
        captures: dict[str, str] = {}
        if message_type == "CALLER_ID_MATCH_SUCCEEDED" and isinstance(data, dict):
            data = _matched_records(data)
        matched = self._match(data, "", captures) if data is not None else None
        pairs: list[tuple[str, Any]] = [("expect", message_type)]
        if source == "host":
            pairs.append(("from", "host"))
        if isinstance(matched, dict) and matched:
            pairs.append(("match", matched))
        ts = _ts(entry)
        if not self.now.acted and ts is not None and self.now.last_ts is not None and ts - self.now.last_ts > SLOW_S:
            pairs.append(("within", f"{(ts - self.now.last_ts) * 1.5:.0f}s"))
        if captures:
            pairs.append(("capture", captures))
        if message_type not in WIDGET_TO_HOST | HOST_TO_WIDGET:
            pairs.append(("allow_unknown", True))
        self.add(pairs)
        self.now.acted = False
        self.now.last_ts = ts if ts is not None else self.now.last_ts

    def infer(self, entry: Mapping[str, Any], message_type: str, data: Any) -> None:
        """The widget action (if any) that made the widget send this message."""
        data = data if isinstance(data, dict) else {}
        if message_type == "LOGGED_IN":
            self.action('[data-action="sign-in"]', "Sign in to the widget")
        elif message_type == "LOGGED_OUT":
            self.action('[data-action="sign-out"]', "Sign out of the widget")
        elif message_type in ("USER_AVAILABLE", "USER_UNAVAILABLE"):
            word = "available" if message_type == "USER_AVAILABLE" else "unavailable"
            self.action('[data-action="toggle-availability"]', f"Set yourself {word} in the widget")
        elif message_type == "OUTGOING_CALL_STARTED":
            self._call_started(entry, data)
        elif message_type == "INCOMING_CALL":
            self.now.call, self.now.ended_by_host = {"direction": "INBOUND"}, False
            call_id = str(data.get("externalCallId") or "")
            if call_id and call_id in self.shared_calls:
                return  # rung in every tab: the instance that started it told this one (BroadcastChannel)
            self.shared_calls.add(call_id)
            number = ("#incoming-number", str(data.get("fromNumber") or ""), "Type the caller's number")
            self.action('[data-action="simulate-incoming"]', "Start an incoming call in the widget", number)
        elif message_type == "CALL_ANSWERED":
            if self.now.call.get("direction") == "INBOUND":
                self.action('[data-action="answer"]', "Answer the call")
            self.now.call["answered"] = True
        elif message_type == "CALL_ENDED":
            if not self.now.ended_by_host:
                inbound = self.now.call.get("direction") == "INBOUND" and not self.now.call.get("answered")
                if inbound and data.get("callEndStatus") == "CANCELED":
                    self.action('[data-action="reject"]', "Reject the call")
                else:
                    self.action('[data-action="hang-up"]', "Hang up")
        elif message_type == "CALL_COMPLETED":
            props = data.get("engagementProperties")
            body = str(props.get("hs_call_body") or "") if isinstance(props, dict) else ""
            self.action('[data-action="save-call"]', "Save the call", ("#notes", body, "Type the call's notes"))
        elif message_type == "RESIZE_WIDGET":
            self.action('[data-action="resize"]', "Resize the widget")
        elif message_type == "ERROR" and data.get("message") == "Microphone permission denied":
            self.action('[data-action="report-error"]', "Report an error from the widget")

    def _call_started(self, entry: Mapping[str, Any], data: Mapping[str, Any]) -> None:
        dialled, ts = self.now.pending_dial, _ts(entry)
        self.now.call, self.now.ended_by_host, self.now.pending_dial = {"direction": "OUTBOUND"}, False, None
        if dialled is not None and ts is not None and ts - dialled <= AUTO_DIAL_S:
            return  # the widget dialled on DIAL_NUMBER by itself
        number = (
            None if dialled is not None else ("#number", str(data.get("toNumber") or ""), "Type the number to call")
        )
        self.action('[data-action="call"]', "Start the call in the widget", number)

    def entry(self, entry: Mapping[str, Any]) -> None:
        direction, message_type = entry.get("direction"), str(entry.get("type") or "")
        message = entry.get("message")
        data = message.get("data") if isinstance(message, dict) else None
        if direction == "note" and message_type == NoteType.RELOAD:
            self.add([("reload", "widget")])
            self.now.acted = True
        elif direction == "note" and message_type == NoteType.HOST_CONFIGURED and entry.get("severity") is None:
            self.pending_comment("the mock host's settings changed here (see the session log): add a host: step")
        elif direction == "out" and message_type not in SKIPPED and entry.get("injected") not in FAULT_COPIES:
            if message_type in HOST_ANSWERS:
                self.expect(entry, message_type, data, "host")
            else:
                self.send(entry, message_type, data)
        elif direction == "in" and message_type not in SKIPPED and message_type != "(malformed)":
            self.infer(entry, message_type, data)
            self.expect(entry, message_type, data, "widget")

    def pending_comment(self, text: str) -> None:
        self.steps.append(_Line([], "", [text]))


def _matched_records(data: Mapping[str, Any]) -> dict[str, Any]:
    """Caller-ID matches by the records' identity only: their names and emails are the CRM's at the time of the
    recording, which a replay's CRM (fresh, or edited since) need not share."""
    matches = data.get("callerIdMatches")
    if not isinstance(matches, list):
        return dict(data)
    kept = [
        {key: match[key] for key in ("callerIdType", "objectCoordinates") if key in match}
        for match in matches
        if isinstance(match, dict)
    ]
    return {**data, "callerIdMatches": kept}


def _ts(entry: Mapping[str, Any]) -> float | None:
    ts = entry.get("ts")
    return float(ts) if isinstance(ts, int | float) and not isinstance(ts, bool) else None


def _since_first_load(entries: list[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    """From the widget's first page load: what came before it (the page opening) is not part of the call."""
    for i, entry in enumerate(entries):
        if entry.get("direction") == "note" and entry.get("type") == NoteType.IFRAME_LOAD:
            return entries[i + 1 :]
    return entries


def record_context(entries: Iterable[Mapping[str, Any]], base: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """The scenario's `context:`: `base` (portalId, userId, ownerId...) and the record of the first DIAL_NUMBER."""
    context = dict(base or {})
    for entry in entries:
        message = entry.get("message")
        if entry.get("direction") != "out" or entry.get("type") != "DIAL_NUMBER" or not isinstance(message, dict):
            continue
        data = message.get("data")
        if isinstance(data, dict) and isinstance(data.get("subjectId"), int) and data["subjectId"] > 0:
            kind = "company" if str(data.get("objectType", "")).upper() == "COMPANY" else "contact"
            context.setdefault("record", {"type": kind, "id": data["subjectId"]})
        break
    return context


def _opening(surface: RecordedSurface) -> list[tuple[str, Any]]:
    if surface.tab == "window":
        return [("open_window", True)]
    if surface.tab == "remote":
        return [("open_remote", True)]
    return [("open_tab", int(surface.tab)), *([("record", dict(surface.record))] if surface.record else [])]


def _in_time_order(first: list[Mapping[str, Any]], surfaces: Sequence[RecordedSurface]) -> list[tuple[str, Any]]:
    """Every surface's entries, each tagged with its surface, by time (seq within one surface's log)."""
    tagged = [("1", e) for e in first]
    for surface in surfaces:
        own = sorted(surface.entries, key=lambda e: int(e.get("seq", 0)))
        tagged += [(surface.tab, e) for e in _since_first_load(own)]
    order = {id(entry): i for i, (_, entry) in enumerate(tagged)}
    return sorted(tagged, key=lambda pair: (_ts(pair[1]) or 0.0, order[id(pair[1])]))


def record_scenario(
    entries: Iterable[Mapping[str, Any]],
    *,
    name: str,
    description: str = "",
    context: Mapping[str, Any] | None = None,
    widget: str | None = None,
    sample_widget: bool = True,
    surfaces: Sequence[RecordedSurface] = (),
) -> str:
    """Scenario YAML for a session's log entries (`LogEntry.to_json()` dicts, in seq order).

    `sample_widget` says the session drove callsim's sample widget, whose buttons the clicks can name;
    `widget` (a URL) is written as the scenario's widget; `context` its `context:` (record added from the dial);
    `surfaces` the user's other tabs, calling window and remote opened meanwhile: each is opened in the scenario
    just before its first step, and its steps name it (`tab:`).
    """
    ordered = sorted(entries, key=lambda e: int(e.get("seq", 0)))
    recorder = _Recorder(sample_widget)
    opened = {"1"}
    by_tab = {surface.tab: surface for surface in surfaces}
    for tab, entry in _in_time_order(_since_first_load(ordered), surfaces):
        if tab not in opened:
            recorder.switch("1")  # the opening step is the first tab's: it opens the others
            recorder.add(_opening(by_tab[tab]))
            opened.add(tab)
        recorder.switch(tab)
        recorder.entry(entry)
    head = {"name": name, "description": description or "Recorded by callsim from a session driven by hand."}
    ctx = record_context(ordered, context)
    lines = [
        "# yaml-language-server: $schema=scenario.schema.json",
        "# Recorded by callsim: replay it with `callsim run FILE.yaml` (or the Scenario panel).",
        *(f"{key}: {_flow(value)}" for key, value in head.items()),
    ]
    if ctx:
        lines.append(f"context: {_flow(ctx)}")
    if widget:
        lines.append(f"widget: {_flow(widget)}")
    lines.append("steps:")
    emitted = 0
    for step in recorder.steps:
        lines += [f"  # {text}" for text in step.before]
        for i, (key, value) in enumerate(step.pairs):
            comment = f"  # {step.comment}" if i == 0 and step.comment else ""
            lines.append(f"  {'- ' if i == 0 else '  '}{key}:{_value(value, '    ')}{comment}")
        emitted += bool(step.pairs)
    if not emitted:
        lines.append("  - wait: 0s  # nothing was recorded: the widget sent no message after loading")
    return "\n".join(lines) + "\n"
