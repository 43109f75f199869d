"""The SDK capability matrix (docs/protocol.md §2.5, §6, §10)."""

from __future__ import annotations

from typing import Any

import pytest

from simulator.hubspot.crm.portal import Crm
from simulator.hubspot.host import Host
from simulator.hubspot.sdk.protocol import HOST_TO_WIDGET
from simulator.hubspot.sdk.versions import (
    ALL_HOST_TYPES,
    Profile,
    dispatches,
    has_failed_bug,
    known_host_types,
    needs_engagement_created,
)
from tests.helpers.hubspot_host import ORIGIN, T0, host_message

EVERYTHING = HOST_TO_WIDGET | {"READY", "SET_WIDGET_URL"}
CALLER_ID = {"CALLER_ID_MATCH_SUCCEEDED", "CALLER_ID_MATCH_FAILED", "NAVIGATE_TO_RECORD_FAILED"}
PUBLISH = {"PUBLISH_TO_CHANNEL_SUCCEEDED", "PUBLISH_TO_CHANNEL_FAILED"}
INITIATE = {"INITIATE_CALL_ID_SUCCEEDED", "INITIATE_CALL_ID_FAILED"}
FINALIZE = {"FINALIZE_ENGAGEMENT_SUCCEEDED", "FINALIZE_ENGAGEMENT_FAILED"}
# SET_WIDGET_URL is swallowed by IFrameManager from 0.0.7 on, so it is not among them (§10).
OLD_HOST_TYPES = {"FAILED", "UPDATE_ASSOCIATIONS_FAILED", "SET_WIDGET_URL_FAILED"}
MODERN_ENGAGEMENT = {
    "CREATE_ENGAGEMENT_SUCCEEDED", "CREATE_ENGAGEMENT_FAILED", "UPDATE_ENGAGEMENT_SUCCEEDED", "UPDATE_ENGAGEMENT_FAILED"
}  # fmt: skip


# The versions SYNC_ACK reports for each npm release, and what §10 measured they dispatch.
@pytest.mark.parametrize(
    ("reported", "missing"),
    [
        ("0.9.7-beta.0", {"UPDATE_ASSOCIATIONS_FAILED"}),
        ("0.9.4-beta.0", set()),
        ("0.8.4-beta.0", FINALIZE),
        ("0.8.1-alpha.0", FINALIZE | {"FAILED", "UPDATE_ASSOCIATIONS_FAILED"}),
        ("0.5.1-beta.0", FINALIZE | OLD_HOST_TYPES),
        ("0.5.0-rc.0", FINALIZE | OLD_HOST_TYPES | INITIATE),
        ("0.2.1-beta.0", FINALIZE | OLD_HOST_TYPES | INITIATE | CALLER_ID | PUBLISH),
    ],
)  # fmt: skip
def test_measured_registry_versions(reported: str, missing: set[str]) -> None:
    assert EVERYTHING - known_host_types(reported) == missing


def test_legacy_reported_version_knows_only_the_old_types() -> None:
    assert known_host_types("0.0.1") == {
        "SYNC", "READY", "DIAL_NUMBER", "ENGAGEMENT_CREATED", "END_CALL", "VISIBILITY_CHANGED", "SET_CALL_STATE",
        "SET_WIDGET_URL",
    }  # fmt: skip
    # 0.0.6 reports "0.0.1" too; only its SYNC_ACK's missing iFrameUrl tells it apart (§10).
    assert known_host_types("0.0.1", iframe_url=False) == {
        "SYNC", "READY", "DIAL_NUMBER", "END_CALL", "VISIBILITY_CHANGED", "SET_CALL_STATE"
    }  # fmt: skip
    assert Profile("0.0.1", iframe_url=False).needs_engagement_created()


@pytest.mark.parametrize("version", [None, "", "garbage", "v1"])
def test_unknown_versions_know_everything(version: str | None) -> None:
    assert known_host_types(version) == EVERYTHING


@pytest.mark.parametrize("host_type", ["UNLOADING", "FOO", "SYNC_ACK_FAILED"])
def test_nonsense_types_are_never_dispatched(host_type: str) -> None:
    assert not dispatches("0.9.7", host_type)
    assert not dispatches(None, host_type)


@pytest.mark.parametrize(
    ("version", "expected"),
    [("0.0.1", True), ("0.1.4", True), ("0.1.7", True), ("0.1.8", False), ("0.9.6", False), (None, False)],
)
def test_needs_engagement_created(version: str | None, expected: bool) -> None:
    assert needs_engagement_created(version) is expected
    assert dispatches(version, "CREATE_ENGAGEMENT_SUCCEEDED") is not expected


@pytest.mark.parametrize(
    ("version", "expected"),
    # 0.8.1-alpha.0 has no catch-all FAILED lookup at all: its *_FAILED handlers run normally (§10).
    [("0.8.0", False), ("0.8.1", True), ("0.8.1-alpha.0", False), ("0.8.3", True), ("0.8.4-beta.0", False),
     ("0.9.0", False), (None, False), ("0.0.1", False)],
)  # fmt: skip
def test_failed_bug_range(version: str | None, expected: bool) -> None:
    assert has_failed_bug(version) is expected


def test_modern_engagement_types_arrive_together() -> None:
    assert known_host_types("0.1.8") >= MODERN_ENGAGEMENT
    assert not MODERN_ENGAGEMENT & known_host_types("0.1.7")


# ---------------------------------------------------------------------------------------------
# docs/protocol.md §10's measured table, cell by cell, written out here (not derived from versions.py).

HOST_TYPES_24 = frozenset({
    "SYNC", "READY", "DIAL_NUMBER", "END_CALL", "VISIBILITY_CHANGED", "SET_CALL_STATE", "ENGAGEMENT_CREATED",
    "CREATE_ENGAGEMENT_SUCCEEDED", "CREATE_ENGAGEMENT_FAILED", "UPDATE_ENGAGEMENT_SUCCEEDED",
    "UPDATE_ENGAGEMENT_FAILED", "CALLER_ID_MATCH_SUCCEEDED", "CALLER_ID_MATCH_FAILED", "NAVIGATE_TO_RECORD_FAILED",
    "PUBLISH_TO_CHANNEL_SUCCEEDED", "PUBLISH_TO_CHANNEL_FAILED", "INITIATE_CALL_ID_SUCCEEDED",
    "INITIATE_CALL_ID_FAILED", "SET_WIDGET_URL_FAILED", "UPDATE_ASSOCIATIONS_FAILED", "FINALIZE_ENGAGEMENT_SUCCEEDED",
    "FINALIZE_ENGAGEMENT_FAILED", "FAILED", "SET_WIDGET_URL",
})  # fmt: skip
ALPHA_ERRORS = FINALIZE | {"FAILED", "UPDATE_ASSOCIATIONS_FAILED"}
# 0.0.10–0.1.4 dispatch only these (SYNC never reaches the dispatcher; READY is in their switch, as in 0.0.6's).
LEGACY_DISPATCHED = {
    "SYNC", "READY", "DIAL_NUMBER", "ENGAGEMENT_CREATED", "END_CALL", "VISIBILITY_CHANGED", "SET_CALL_STATE",
    "SET_WIDGET_URL",
}  # fmt: skip
LEGACY_ERRORS = HOST_TYPES_24 - LEGACY_DISPATCHED
# npm version -> (what SYNC_ACK.version reports, iFrameUrl in SYNC_ACK, the host types answered with ERROR)
MEASURED: dict[str, tuple[str, bool, frozenset[str]]] = {
    "0.9.7": ("0.9.7-beta.0", True, frozenset({"UPDATE_ASSOCIATIONS_FAILED"})),
    "0.9.4": ("0.9.4-beta.0", True, frozenset()),
    "0.9.3": ("0.9.3-beta.0", True, frozenset(FINALIZE)),
    "0.9.0": ("0.8.4-beta.0", True, frozenset(FINALIZE)),
    "0.8.1-alpha.1": ("0.8.1-alpha.0", True, frozenset(ALPHA_ERRORS)),
    "0.5.1": ("0.5.1-beta.0", True, frozenset(ALPHA_ERRORS | {"SET_WIDGET_URL_FAILED"})),
    "0.5.0": ("0.5.0-rc.0", True, frozenset(ALPHA_ERRORS | {"SET_WIDGET_URL_FAILED"} | INITIATE)),
    "0.2.1": (
        "0.2.1-beta.0",
        True,
        frozenset(ALPHA_ERRORS | {"SET_WIDGET_URL_FAILED"} | INITIATE | CALLER_ID | PUBLISH),
    ),
    "0.1.4": ("0.0.1", True, frozenset(LEGACY_ERRORS)),
    "0.1.0": ("0.0.1", True, frozenset(LEGACY_ERRORS)),
    "0.0.14": ("0.0.1", True, frozenset(LEGACY_ERRORS)),
    "0.0.10": ("0.0.1", True, frozenset(LEGACY_ERRORS)),
    "0.0.6": ("0.0.1", False, frozenset(LEGACY_ERRORS | {"ENGAGEMENT_CREATED", "SET_WIDGET_URL"})),
}
CELLS = [(npm, host_type) for npm in MEASURED for host_type in sorted(HOST_TYPES_24)]


def test_the_table_has_every_cell() -> None:
    assert HOST_TYPES_24 == ALL_HOST_TYPES and len(MEASURED) == 13 and len(CELLS) == 13 * 24 == 312


def _host_after_handshake(reported: str, iframe_url: bool) -> Host:
    host = Host(crm=Crm.load())
    host.page_loaded(f"{ORIGIN}/", T0)
    sync = host_message("SYNC")
    host.sent(sync, T0)
    ack: dict[str, Any] = {"type": "SYNC_ACK", "messageId": sync["messageId"], "version": reported}
    if iframe_url:
        ack["iFrameUrl"] = ORIGIN
    host.receive(ack, ORIGIN, T0 + 200)
    return host


@pytest.mark.parametrize(("npm", "host_type"), CELLS)
def test_every_cell_of_the_measured_table(npm: str, host_type: str) -> None:
    reported, iframe_url, errors = MEASURED[npm]
    expect_error = host_type in errors
    assert dispatches(reported, host_type, iframe_url=iframe_url) is not expect_error
    # The same through the real Host, which learns the profile from SYNC_ACK: the rule warns iff an ERROR comes.
    host = _host_after_handshake(reported, iframe_url)
    rules = [v.rule for v in host.sent(host_message(host_type, {}), T0 + 1_000).violations]
    assert ("version.unsupported-type" in rules) is expect_error


@pytest.mark.parametrize("npm", list(MEASURED))
def test_the_failed_bug_is_reported_for_no_registry_build(npm: str) -> None:
    reported, iframe_url, _ = MEASURED[npm]  # none of the 13 is a 0.8.1–0.8.3 release build (§10)
    host = _host_after_handshake(reported, iframe_url)
    rules = [v.rule for v in host.sent(host_message("CREATE_ENGAGEMENT_FAILED", {}), T0 + 1_000).violations]
    assert "version.failed-handler-bug" not in rules
