"""The sequence diagram renderer: lanes, one arrow per message, time deltas, violation marks, escaping."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import Any

from simulator.scenarios.sequence import lanes_svg, sequence_svg

SVG = "{http://www.w3.org/2000/svg}"


def sample_log() -> list[dict[str, Any]]:
    return [
        {"seq": 1, "ts": 100.0, "direction": "note", "type": "IFRAME_LOAD", "text": "loaded"},
        {"seq": 2, "ts": 100.1, "direction": "out", "type": "SYNC", "message": {"type": "SYNC"}},
        {"seq": 3, "ts": 100.25, "direction": "in", "type": "SYNC_ACK", "message": {"type": "SYNC_ACK"}},
        {"seq": 4, "ts": 102.5, "direction": "in", "type": "CALL_ENDED", "message": {"type": "CALL_ENDED"}},
        {
            "seq": 5,
            "ts": 102.5,
            "direction": "violation",
            "type": "call.x",
            "rule": "call.x",
            "severity": "warning",
            "ref": 4,
            "text": "no call",
        },
        {"seq": 6, "ts": 103.0, "direction": "violation", "type": "timer.y", "rule": "timer.y", "severity": "error"},
    ]


def arrows(svg: str) -> list[ET.Element]:
    root = ET.fromstring(svg)
    return [g for g in root.iter(f"{SVG}g") if "seq-arrow" in g.get("class", "")]


def test_two_lanes_and_one_arrow_per_message() -> None:
    svg = sequence_svg(sample_log())
    root = ET.fromstring(svg)
    lanes = [g.get("data-lane") for g in root.iter(f"{SVG}g") if g.get("class") == "seq-lane"]
    assert lanes == ["host", "widget"]
    drawn = arrows(svg)
    assert [(g.get("data-seq"), g.get("data-direction")) for g in drawn] == [
        ("2", "out"),
        ("3", "in"),
        ("4", "in"),
        ("6", "violation"),  # a violation with no message gets its own row
    ]
    assert "IFRAME_LOAD" not in svg  # notes are not messages


def test_arrows_point_from_sender_to_receiver() -> None:
    out, back = arrows(sequence_svg(sample_log()))[:2]
    out_line, back_line = out.find(f"{SVG}line"), back.find(f"{SVG}line")
    assert out_line is not None and back_line is not None
    assert float(out_line.get("x1", 0)) < float(out_line.get("x2", 0))
    assert float(back_line.get("x1", 0)) > float(back_line.get("x2", 0))


def test_time_between_arrows() -> None:
    svg = sequence_svg(sample_log())
    texts = [t.text for t in ET.fromstring(svg).iter(f"{SVG}text")]
    assert "+150 ms" in texts
    assert "+2.25 s" in texts
    assert "+500 ms" in texts


def test_violation_marked_on_its_arrow_with_severity() -> None:
    drawn = {g.get("data-seq"): g for g in arrows(sequence_svg(sample_log()))}
    ended = drawn["4"]
    assert ended.get("data-severity") == "warning"
    marks = [g for g in ended.iter(f"{SVG}g") if g.get("class") == "seq-violation"]
    assert [(m.get("data-seq"), m.get("data-severity")) for m in marks] == [("5", "warning")]
    assert drawn["2"].get("data-severity") is None
    assert drawn["6"].get("data-severity") == "error"


def test_widget_strings_are_escaped() -> None:
    hostile = '<script>alert("x")</script>&'
    svg = sequence_svg(
        [
            {"seq": 1, "ts": 1.0, "direction": "in", "type": hostile, "message": {"type": hostile}},
            {"seq": 2, "ts": 1.0, "direction": "violation", "type": "r", "rule": hostile, "severity": '"><x', "ref": 1},
        ]
    )
    assert "<script>" not in svg
    root = ET.fromstring(svg)  # still well-formed XML
    assert any(t.text and t.text.startswith("<script>") for t in root.iter(f"{SVG}text"))


def test_empty_log_says_so() -> None:
    svg = sequence_svg([])
    assert "no messages yet" in svg
    assert ET.fromstring(svg).get("data-arrows") == "0"


def test_one_lane_per_surface_in_time_order_across_them() -> None:
    tab = [
        {"seq": 1, "ts": 10.0, "direction": "out", "type": "SYNC"},
        {"seq": 2, "ts": 13.0, "direction": "in", "type": "CALL_ENDED"},
    ]
    window = [
        {"seq": 1, "ts": 11.0, "direction": "in", "type": "OUTGOING_CALL_STARTED"},
        {"seq": 2, "ts": 12.0, "direction": "violation", "type": "call.x", "rule": "call.x", "severity": "error"},
    ]
    root = ET.fromstring(lanes_svg([("tab 1", tab), ("<window>", window)]))
    heads = [(g.get("data-lane"), "".join(g.itertext())) for g in root.iter(f"{SVG}g") if g.get("class") == "seq-lane"]
    assert heads == [("host", "HubSpot"), ("tab 1", "Tab 1"), ("<window>", "<window>")]  # a label is text, escaped
    drawn = arrows(ET.tostring(root, encoding="unicode"))
    assert [(g.get("data-lane"), g.get("data-seq")) for g in drawn] == [
        ("tab 1", "1"), ("<window>", "1"), ("<window>", "2"), ("tab 1", "2")
    ]  # fmt: skip
    assert root.get("width") == "660"  # one lane more than the classic 440
    started = drawn[1].find(f"{SVG}line")
    assert started is not None and started.get("x1") == "604"  # from the window's lane, right of tab 1's


def test_one_surface_draws_the_classic_two_lanes() -> None:
    assert lanes_svg([("widget", sample_log())]) == sequence_svg(sample_log())
    assert 'data-lane="widget"' in sequence_svg(sample_log()) and 'data-lane="tab 1"' not in sequence_svg([])
