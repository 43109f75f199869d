"""Envelopes and message ids exactly as the SDK makes them (docs/protocol.md §1.2, §6, §10)."""

from __future__ import annotations

import re

from simulator.hubspot.sdk.protocol import MessageIds, envelope, is_unknown_type_nack, nacked_message_id, version_core


def test_host_ids_have_the_sdk_format_and_never_repeat() -> None:
    ids = MessageIds(instance_id=1723291227000)
    minted = [ids.next() for _ in range(500)]
    assert all(re.fullmatch(r"1723291227000_\d{13}", m) for m in minted)
    assert len(set(minted)) == len(minted)
    assert all(ids.is_own(m) for m in minted) and not ids.is_own("1723291227001_1") and not ids.is_own(None)


def test_the_default_instance_id_cannot_prefix_match_a_widget_created_now() -> None:
    ids = MessageIds()
    widget_instance = ids.next().split("_")[1]  # a widget constructed now takes Date.now() as its instance id
    assert not ids.is_own(f"{widget_instance}_1") and len(str(ids.instance_id)) == 13


def test_envelope_is_type_message_id_and_data_only_when_given() -> None:
    assert envelope("END_CALL", None, "1_2") == {"type": "END_CALL", "messageId": "1_2"}
    assert envelope("DIAL_NUMBER", {"phoneNumber": "+1"}, "1_3") == {
        "type": "DIAL_NUMBER",
        "messageId": "1_3",
        "data": {"phoneNumber": "+1"},
    }


def test_the_sdks_unknown_type_reply_is_recognised_with_the_id_it_refuses() -> None:
    nack = {
        "type": "ERROR",
        "messageId": "9_9",
        "data": {"type": "UNKNOWN_MESSAGE_TYPE", "data": {"originalMessage": {"type": "FOO", "messageId": "1_5"}}},
    }
    assert is_unknown_type_nack(nack) and nacked_message_id(nack) == "1_5"
    alert = {"type": "ERROR", "messageId": "9_9", "data": {"message": "mic blocked"}}
    assert not is_unknown_type_nack(alert) and nacked_message_id(alert) is None


def test_versions_compare_by_their_numeric_core() -> None:
    assert version_core("0.9.7-beta.0") == (0, 9, 7)
    assert version_core("0.8.1-alpha.0") == (0, 8, 1)
    assert version_core("0.0.1") == (0, 0, 1)
    assert version_core("banana") is None and version_core(None) is None
