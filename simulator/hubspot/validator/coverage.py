"""Event coverage: for each host -> widget type, what the widget did with it (`callsim audit`). No I/O.

The probe (simulator/headless/coverage_probe.py) sends every type to a signed-in widget and observes, inside
the widget frame, whether the SDK looked up the type's handler (`eventHandlers.on<Type>`) and found none, then
whether it found no `defaultEventHandler` either; and, on the wire, whether the SDK answered ERROR
UNKNOWN_MESSAGE_TYPE and what the widget sent next. This module turns those observations into verdicts.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from simulator.hubspot.sdk.protocol import HOST_TO_WIDGET
from simulator.hubspot.sdk.versions import Profile

Verdict = Literal["handled", "default", "unhandled", "rejected", "not probed"]
Method = Literal["instrumented", "reaction", "none"]

# SYNC never reaches the dispatcher (the SDK's IFrameManager answers it), so it is not probed.
# DIAL_NUMBER and END_CALL go last: they start and end a call whose messages would blur the other rows.
_LAST = ("DIAL_NUMBER", "END_CALL")
PROBED_TYPES: tuple[str, ...] = (*sorted(HOST_TO_WIDGET - {"SYNC", *_LAST}), *_LAST)
# Without these a widget cannot place or log a call: they need their own handler, not the default one.
ESSENTIAL_TYPES: frozenset[str] = frozenset(
    {"DIAL_NUMBER", "END_CALL", "CREATE_ENGAGEMENT_SUCCEEDED", "CREATE_ENGAGEMENT_FAILED"}
)
LABELS: dict[Verdict, str] = {
    "handled": "handled (own handler)",
    "default": "default handler (widget's defaultEventHandler)",
    "unhandled": "no handler (the SDK logs an error)",
    "rejected": "SDK version rejects it (ERROR UNKNOWN_MESSAGE_TYPE)",
    "not probed": "not probed",
}


def handler_name(host_type: str) -> str:
    """The SDK's handler name for a host type: DIAL_NUMBER -> onDialNumber (its messageHandlerNames)."""
    return "on" + "".join(part.capitalize() for part in host_type.split("_"))


HANDLER_NAMES: tuple[str, ...] = tuple(handler_name(t) for t in PROBED_TYPES)


@dataclass(frozen=True)
class Observation:
    """What followed one probe message.

    dispatched: the instrumented widget frame saw the message reach the SDK (else only the wire is known);
    missing: the handler names the SDK looked up and did not find while dispatching it
    (`on<Type>`, `defaultEventHandler`); replies: the widget message types that followed, the NACK excluded.
    """

    host_type: str
    sent: bool = True
    nacked: bool = False
    dispatched: bool = False
    missing: frozenset[str] = frozenset()
    replies: tuple[str, ...] = ()


@dataclass(frozen=True)
class CoverageRow:
    host_type: str
    verdict: Verdict
    method: Method
    replies: tuple[str, ...] = ()
    predicted_rejected: bool = False  # what versions.py expects from the reported SDK version

    @property
    def agrees_with_version(self) -> bool:
        return self.verdict == "not probed" or (self.verdict == "rejected") == self.predicted_rejected


def classify(observation: Observation, profile: Profile) -> CoverageRow:
    """One row: a NACK is a rejection; else the frame's handler lookups decide; else the widget's reaction."""
    predicted = not profile.dispatches(observation.host_type)
    replies = observation.replies
    if not observation.sent:
        return CoverageRow(observation.host_type, "not probed", "none", replies, predicted)
    if observation.nacked:
        return CoverageRow(observation.host_type, "rejected", "instrumented", replies, predicted)
    if observation.dispatched:
        if handler_name(observation.host_type) not in observation.missing:
            verdict: Verdict = "handled"
        elif "defaultEventHandler" in observation.missing:
            verdict = "unhandled"
        else:
            verdict = "default"
        return CoverageRow(observation.host_type, verdict, "instrumented", replies, predicted)
    return CoverageRow(observation.host_type, "handled" if replies else "default", "reaction", replies, predicted)


def classify_all(observations: Sequence[Observation], profile: Profile) -> list[CoverageRow]:
    return [classify(observation, profile) for observation in observations]


def coverage_table(rows: Sequence[CoverageRow]) -> str:
    """The terminal table: type, verdict, what the widget sent back, and a mark where the version disagrees."""
    width = max((len(row.host_type) for row in rows), default=4)
    lines = [f"{'host → widget':<{width}}  {'what the widget did':<52}  widget replied"]
    for row in rows:
        label = LABELS[row.verdict]
        if row.method == "reaction":
            label = "reacted (handled, by reaction)" if row.verdict == "handled" else "no reaction (default or ignored)"
        replied = ", ".join(row.replies) or "-"
        note = "" if row.agrees_with_version else "  (versions.py predicted otherwise)"
        lines.append(f"{row.host_type:<{width}}  {label:<52}  {replied}{note}")
    return "\n".join(lines)


def counts(rows: Sequence[CoverageRow]) -> dict[Verdict, int]:
    found: dict[Verdict, int] = {}
    for row in rows:
        found[row.verdict] = found.get(row.verdict, 0) + 1
    return found
