"""The session as a sequence diagram: two lanes (HubSpot, the widget), one arrow per wire message. Pure: SVG text.
A scenario that used several surfaces (record tabs, the calling window) gets one widget lane per surface, labelled,
its arrows in time order across them (`lanes_svg`).

Drawn once here for both the live page (`GET /api/sessions/{id}/sequence.svg`) and the HTML report, so the two
show the same picture. Input: event log entries as `LogEntry.to_json()` dicts. Everything a widget sends (types,
rule text) is XML-escaped; nothing from an entry becomes markup.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable, Mapping, Sequence
from typing import Any
from xml.sax.saxutils import escape, quoteattr

WIDTH = 440
HOST_X = 100
WIDGET_X = 384
TOP = 56
ROW = 34
LABEL_MAX = 40
COLOURS = {"error": "#b42318", "warning": "#b54708", "info": "#175cd3"}
PLAIN = "#344054"
LANE_NAMES = {"host": "HubSpot", "widget": "Widget"}
LANE_GAP = 220  # between two surfaces' lanes
Row = tuple[Mapping[str, Any], list[Mapping[str, Any]]]


def _short(text: str, limit: int = LABEL_MAX) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _delta(seconds: float) -> str:
    """The time since the previous arrow, as a person reads it."""
    ms = max(seconds, 0.0) * 1000
    if ms < 1000:
        return f"+{ms:.0f} ms"
    if ms < 60_000:
        return f"+{ms / 1000:.2f} s"
    return f"+{ms / 60_000:.1f} min"


def _worst(severities: Iterable[str]) -> str | None:
    found = set(severities)
    for severity in ("error", "warning", "info"):
        if severity in found:
            return severity
    return next(iter(found), None)


def _rows(entries: Iterable[Mapping[str, Any]]) -> list[tuple[Mapping[str, Any], list[Mapping[str, Any]]]]:
    """One row per in/out message with the violations that point at it; a violation pointing at nothing drawn
    gets a row of its own (a timer's violation has no message to sit on)."""
    rows: list[tuple[Mapping[str, Any], list[Mapping[str, Any]]]] = []
    by_seq: dict[int, list[Mapping[str, Any]]] = {}
    for entry in entries:
        direction = entry.get("direction")
        if direction in ("in", "out"):
            marks: list[Mapping[str, Any]] = []
            rows.append((entry, marks))
            by_seq[int(entry.get("seq", 0))] = marks
        elif direction == "violation":
            ref = entry.get("ref")
            if isinstance(ref, int) and ref in by_seq:
                by_seq[ref].append(entry)
            else:
                rows.append((entry, [entry]))
    return rows


def _text(x: float, y: float, body: str, anchor: str = "middle", **attrs: str) -> str:
    extra = "".join(f" {key.replace('_', '-')}={quoteattr(value)}" for key, value in attrs.items())
    return f'<text x="{x:.0f}" y="{y:.0f}" text-anchor="{anchor}"{extra}>{escape(body)}</text>'


def _arrow(entry: Mapping[str, Any], marks: list[Mapping[str, Any]], y: float, widget_x: int = WIDGET_X) -> str:
    outgoing = entry.get("direction") == "out"
    x1, x2 = (HOST_X, widget_x) if outgoing else (widget_x, HOST_X)
    severity = _worst(str(mark.get("severity") or "error") for mark in marks) if marks else None
    colour = COLOURS.get(severity or "", COLOURS["error"]) if severity else PLAIN
    label = _short(str(entry.get("type", "?")))
    if entry.get("injected"):
        label = _short(f"{label} (injected: {entry['injected']})")
    head = x2 - 8 if outgoing else x2 + 8
    attrs = f'class="seq-arrow" data-seq="{int(entry.get("seq", 0))}" data-direction="{"out" if outgoing else "in"}"'
    if severity:
        attrs += f" data-severity={quoteattr(severity)}"
    dash = ' stroke-dasharray="5 4"' if entry.get("injected") else ""
    parts = [
        f'<g {attrs} tabindex="0" style="cursor:pointer">',
        f"<title>{escape(_title(entry, marks))}</title>",
        f'<rect x="{HOST_X}" y="{y - 18:.0f}" width="{widget_x - HOST_X}" height="{ROW}" fill="transparent"/>',
        f'<line x1="{x1}" y1="{y:.0f}" x2="{head}" y2="{y:.0f}" stroke="{colour}" stroke-width="1.6"{dash}/>',
        f'<polygon points="{x2},{y:.0f} {head},{y - 5:.0f} {head},{y + 5:.0f}" fill="{colour}"/>',
        _text((HOST_X + widget_x) / 2, y - 5, label, font_weight="600", fill=colour),
    ]
    x = HOST_X + 40.0
    for mark in marks:  # side by side under the arrow, roughly as wide as their text
        parts.append(_violation_mark(mark, x, y + 12))
        x += 20 + 6 * len(_rule(mark))
    parts.append("</g>")
    return "".join(parts)


def _violation_mark(mark: Mapping[str, Any], x: float, y: float) -> str:
    severity = str(mark.get("severity") or "error")
    colour = COLOURS.get(severity, COLOURS["error"])
    return (
        f'<g class="seq-violation" data-seq="{int(mark.get("seq", 0))}" data-severity={quoteattr(severity)}>'
        f'<circle cx="{x:.0f}" cy="{y - 3:.0f}" r="4" fill="{colour}"/>'
        + _text(x + 7, y, _rule(mark), anchor="start", fill=colour, font_size="10")
        + "</g>"
    )


def _rule(mark: Mapping[str, Any]) -> str:
    return _short(str(mark.get("rule") or mark.get("type") or "violation"), 36)


def _lone_violation(mark: Mapping[str, Any], y: float, widget_x: int = WIDGET_X) -> str:
    """A violation with no message to sit on: a mark on the widget's lane."""
    severity = str(mark.get("severity") or "error")
    colour = COLOURS.get(severity, COLOURS["error"])
    rule = _rule(mark)
    return (
        f'<g class="seq-arrow seq-lone" data-seq="{int(mark.get("seq", 0))}" data-direction="violation" '
        f'data-severity={quoteattr(severity)} tabindex="0" style="cursor:pointer">'
        f"<title>{escape(_title(mark, []))}</title>"
        f'<circle cx="{widget_x}" cy="{y:.0f}" r="6" fill="{colour}"/>'
        + _text(widget_x - 12, y + 4, rule, anchor="end", fill=colour, font_size="11")
        + "</g>"
    )


def _title(entry: Mapping[str, Any], marks: list[Mapping[str, Any]]) -> str:
    lines = [f"#{entry.get('seq')} {entry.get('type')}"]
    if entry.get("direction") == "violation" and entry.get("text"):
        lines.append(str(entry["text"]))
    lines += [f"{mark.get('severity')}: {mark.get('rule')}: {mark.get('text') or ''}" for mark in marks]
    return _short("\n".join(lines), 600)


def sequence_svg(entries: Iterable[Mapping[str, Any]], title: str | None = None) -> str:
    """The diagram of one session as a standalone SVG document string (inline it in HTML as is)."""
    return lanes_svg([("widget", entries)], title)


def _merged(lanes: Sequence[Iterable[Row]]) -> list[tuple[int, Row]]:
    """Every lane's rows in time order (a lane's own order kept; a row without a time takes its lane's last)."""

    def timed(lane: int, rows: Iterable[Row]) -> Iterable[tuple[float, int, Row]]:
        last = 0.0
        for row in rows:
            ts = row[0].get("ts")
            last = float(ts) if isinstance(ts, int | float) and not isinstance(ts, bool) else last
            yield last, lane, row

    merged = heapq.merge(*(timed(i, rows) for i, rows in enumerate(lanes)), key=lambda item: (item[0], item[1]))
    return [(lane, row) for _, lane, row in merged]


def lanes_svg(lanes: Sequence[tuple[str, Iterable[Mapping[str, Any]]]], title: str | None = None) -> str:
    """The diagram of the surfaces a scenario used: HubSpot's lane and one per (label, entries), each surface's
    arrows between HubSpot and its lane, all in time order. One lane named `widget` is the classic two-lane one."""
    xs = [WIDGET_X + LANE_GAP * i for i in range(len(lanes))]
    width = WIDTH + LANE_GAP * max(len(lanes) - 1, 0)
    rows = _merged([_rows(entries) for _, entries in lanes])
    height = TOP + ROW * max(len(rows), 1) + 16
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="sequence-diagram" data-arrows="{len(rows)}" '
        f'width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
        'font-family="system-ui, -apple-system, Segoe UI, sans-serif" font-size="12">',
        f"<title>{escape(title or 'HubSpot ↔ widget sequence')}</title>",
    ]
    heads = [("host", LANE_NAMES["host"], HOST_X)]
    heads += [
        (label, LANE_NAMES.get(label, label[:1].upper() + label[1:]), x)
        for (label, _), x in zip(lanes, xs, strict=True)
    ]
    for lane, name, x in heads:
        parts.append(
            f'<g class="seq-lane" data-lane={quoteattr(lane)}>'
            f'<rect x="{x - 50}" y="8" width="100" height="26" rx="5" fill="#f2f4f7" stroke="#98a2b3"/>'
            + _text(x, 25, _short(name, 14), font_weight="700", fill="#101828")
            + f'<line x1="{x}" y1="34" x2="{x}" y2="{height - 8}" stroke="#98a2b3" stroke-dasharray="4 4"/></g>'
        )
    if not rows:
        parts.append(_text(width / 2, TOP + 14, "no messages yet", fill="#667085"))
    previous: float | None = None
    for index, (lane_index, (entry, marks)) in enumerate(rows):
        y = TOP + ROW * index + 14
        ts = entry.get("ts")
        if isinstance(ts, int | float):
            if previous is not None:
                parts.append(_text(HOST_X - 6, y + 4, _delta(ts - previous), anchor="end", fill="#667085"))
            previous = float(ts)
        x = xs[lane_index]
        lone = entry.get("direction") == "violation"
        drawn = _lone_violation(entry, y, x) if lone else _arrow(entry, marks, y, x)
        if len(lanes) > 1:  # which surface: seqs are each session's own, so they repeat across lanes
            drawn = drawn.replace("<g ", f"<g data-lane={quoteattr(lanes[lane_index][0])} ", 1)
        parts.append(drawn)
    parts.append("</svg>")
    return "".join(parts)
