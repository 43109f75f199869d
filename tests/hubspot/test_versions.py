"""The SDK capability matrix (PROTOCOL.md §2.5, §6, §10)."""

from __future__ import annotations

import pytest

from simulator.hubspot.protocol import HOST_TO_WIDGET
from simulator.hubspot.versions import dispatches, has_failed_bug, known_host_types, needs_engagement_created

EVERYTHING = HOST_TO_WIDGET | {"READY", "SET_WIDGET_URL"}
CALLER_ID = {"CALLER_ID_MATCH_SUCCEEDED", "CALLER_ID_MATCH_FAILED", "NAVIGATE_TO_RECORD_FAILED"}
PUBLISH = {"PUBLISH_TO_CHANNEL_SUCCEEDED", "PUBLISH_TO_CHANNEL_FAILED"}
INITIATE = {"INITIATE_CALL_ID_SUCCEEDED", "INITIATE_CALL_ID_FAILED"}
FINALIZE = {"FINALIZE_ENGAGEMENT_SUCCEEDED", "FINALIZE_ENGAGEMENT_FAILED"}
OLD_HOST_TYPES = {"FAILED", "UPDATE_ASSOCIATIONS_FAILED", "SET_WIDGET_URL_FAILED", "SET_WIDGET_URL"}
MODERN_ENGAGEMENT = {
    "CREATE_ENGAGEMENT_SUCCEEDED", "CREATE_ENGAGEMENT_FAILED", "UPDATE_ENGAGEMENT_SUCCEEDED", "UPDATE_ENGAGEMENT_FAILED"
}  # fmt: skip


# The versions SYNC_ACK reports for each npm release, and what §10 measured they dispatch.
@pytest.mark.parametrize(
    ("reported", "missing"),
    [
        ("0.9.7-beta.0", set()),
        ("0.9.4-beta.0", set()),
        ("0.8.4-beta.0", FINALIZE),
        ("0.8.1-alpha.0", FINALIZE | {"FAILED"}),
        ("0.5.1-beta.0", FINALIZE | OLD_HOST_TYPES),
        ("0.5.0-rc.0", FINALIZE | OLD_HOST_TYPES | INITIATE),
        ("0.2.1-beta.0", FINALIZE | OLD_HOST_TYPES | INITIATE | CALLER_ID | PUBLISH),
    ],
)  # fmt: skip
def test_measured_registry_versions(reported: str, missing: set[str]) -> None:
    assert EVERYTHING - known_host_types(reported) == missing


def test_legacy_reported_version_knows_only_the_old_types() -> None:
    assert known_host_types("0.0.1") == {
        "SYNC", "READY", "DIAL_NUMBER", "ENGAGEMENT_CREATED", "END_CALL", "VISIBILITY_CHANGED", "SET_CALL_STATE"
    }  # fmt: skip


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
    [("0.8.0", False), ("0.8.1", True), ("0.8.1-alpha.0", True), ("0.8.3", True), ("0.8.4-beta.0", False),
     ("0.9.0", False), (None, False), ("0.0.1", False)],
)  # fmt: skip
def test_failed_bug_range(version: str | None, expected: bool) -> None:
    assert has_failed_bug(version) is expected


def test_modern_engagement_types_arrive_together() -> None:
    assert known_host_types("0.1.8") >= MODERN_ENGAGEMENT
    assert not MODERN_ENGAGEMENT & known_host_types("0.1.7")
