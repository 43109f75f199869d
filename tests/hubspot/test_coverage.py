"""The coverage verdicts: a NACK, the frame's handler lookups, else the widget's reaction; the table's text."""

from __future__ import annotations

from simulator.hubspot.sdk.protocol import HOST_TO_WIDGET
from simulator.hubspot.sdk.versions import Profile
from simulator.hubspot.validator.coverage import (
    HANDLER_NAMES,
    PROBED_TYPES,
    Observation,
    classify,
    counts,
    coverage_table,
    handler_name,
)

MODERN = Profile("0.9.7")


def test_every_host_type_but_sync_is_probed_once_dial_and_end_call_last() -> None:
    assert sorted(PROBED_TYPES) == sorted(HOST_TO_WIDGET - {"SYNC"})
    assert len(set(PROBED_TYPES)) == len(PROBED_TYPES)
    assert PROBED_TYPES[-2:] == ("DIAL_NUMBER", "END_CALL")


def test_handler_names_are_the_sdks() -> None:
    assert handler_name("DIAL_NUMBER") == "onDialNumber"
    assert handler_name("CALLER_ID_MATCH_SUCCEEDED") == "onCallerIdMatchSucceeded"
    assert handler_name("FAILED") == "onFailed"
    assert "onFinalizeEngagementFailed" in HANDLER_NAMES


def test_a_nack_is_a_rejection_whatever_the_frame_saw() -> None:
    row = classify(Observation("UPDATE_ASSOCIATIONS_FAILED", nacked=True, dispatched=True), MODERN)
    assert row.verdict == "rejected" and row.predicted_rejected and row.agrees_with_version


def test_the_frames_handler_lookups_decide() -> None:
    own = classify(Observation("END_CALL", dispatched=True, replies=("CALL_ENDED",)), MODERN)
    assert (own.verdict, own.method, own.replies) == ("handled", "instrumented", ("CALL_ENDED",))
    default = classify(Observation("FAILED", dispatched=True, missing=frozenset({"onFailed"})), MODERN)
    assert default.verdict == "default"
    nothing = frozenset({"onSetCallState", "defaultEventHandler"})
    assert classify(Observation("SET_CALL_STATE", dispatched=True, missing=nothing), MODERN).verdict == "unhandled"


def test_without_the_frame_the_reaction_decides() -> None:
    reacted = classify(Observation("DIAL_NUMBER", replies=("OUTGOING_CALL_STARTED",)), MODERN)
    assert (reacted.verdict, reacted.method) == ("handled", "reaction")
    assert classify(Observation("VISIBILITY_CHANGED"), MODERN).verdict == "default"
    assert classify(Observation("DIAL_NUMBER", sent=False), MODERN).verdict == "not probed"


def test_a_rejection_versions_py_did_not_predict_is_marked() -> None:
    # 0.9.4 still dispatches UPDATE_ASSOCIATIONS_FAILED (gone from 0.9.5): a NACK there contradicts the version.
    row = classify(Observation("UPDATE_ASSOCIATIONS_FAILED", nacked=True), Profile("0.9.4"))
    assert not row.predicted_rejected and not row.agrees_with_version
    assert "(versions.py predicted otherwise)" in coverage_table([row])


def test_the_table_names_each_verdict_and_the_replies() -> None:
    rows = [
        classify(Observation("DIAL_NUMBER", dispatched=True, replies=("OUTGOING_CALL_STARTED",)), MODERN),
        classify(Observation("FAILED", dispatched=True, missing=frozenset({"onFailed"})), MODERN),
        classify(Observation("VISIBILITY_CHANGED"), MODERN),
    ]
    table = coverage_table(rows).splitlines()
    assert table[0].startswith("host → widget")
    assert "handled (own handler)" in table[1] and table[1].endswith("OUTGOING_CALL_STARTED")
    assert "default handler (widget's defaultEventHandler)" in table[2]
    assert "no reaction (default or ignored)" in table[3]
    assert counts(rows) == {"handled": 1, "default": 2}
