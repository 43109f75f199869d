"""What each SDK version understands (PROTOCOL.md §2.5, §6, §10), keyed by the version SYNC_ACK reports."""

from __future__ import annotations

from simulator.hubspot.protocol import HOST_TO_WIDGET, version_core

Core = tuple[int, int, int]

# Host -> widget types the widget dispatches to a named handler, by the release that added them.
# SYNC never reaches the dispatcher (IFrameManager answers it), so every version "knows" it.
ADDED: tuple[tuple[Core, frozenset[str]], ...] = (
    ((0, 0, 1), frozenset({"SYNC", "READY", "DIAL_NUMBER", "VISIBILITY_CHANGED"})),
    ((0, 0, 3), frozenset({"END_CALL"})),
    ((0, 0, 5), frozenset({"SET_CALL_STATE"})),
    ((0, 0, 10), frozenset({"ENGAGEMENT_CREATED"})),
    (
        (0, 1, 8),
        frozenset(
            {
                "CREATE_ENGAGEMENT_SUCCEEDED",
                "CREATE_ENGAGEMENT_FAILED",
                "UPDATE_ENGAGEMENT_SUCCEEDED",
                "UPDATE_ENGAGEMENT_FAILED",
            }
        ),
    ),
    ((0, 3, 0), frozenset({"CALLER_ID_MATCH_SUCCEEDED", "CALLER_ID_MATCH_FAILED", "NAVIGATE_TO_RECORD_FAILED"})),
    ((0, 4, 0), frozenset({"PUBLISH_TO_CHANNEL_SUCCEEDED", "PUBLISH_TO_CHANNEL_FAILED"})),
    ((0, 5, 1), frozenset({"INITIATE_CALL_ID_SUCCEEDED", "INITIATE_CALL_ID_FAILED"})),
    # IFrameManager consumes SET_WIDGET_URL from 0.8.0 on (§3 note), so it draws no ERROR reply.
    ((0, 8, 0), frozenset({"SET_WIDGET_URL_FAILED", "SET_WIDGET_URL"})),
    ((0, 8, 1), frozenset({"UPDATE_ASSOCIATIONS_FAILED", "FAILED"})),
    ((0, 9, 4), frozenset({"FINALIZE_ENGAGEMENT_SUCCEEDED", "FINALIZE_ENGAGEMENT_FAILED"})),
)

# Versions ≤ 0.1.5 all report "0.0.1" (§2.5); assume the richest of them (0.0.10–0.1.5, §10).
LEGACY_REPORTED = "0.0.1"
LEGACY_CORE: Core = (0, 1, 5)

# Pre-releases measured in §10 that lack a type their release core has.
PRERELEASE_GAPS: dict[str, frozenset[str]] = {"0.8.1-alpha.0": frozenset({"FAILED"})}

ALL_HOST_TYPES: frozenset[str] = HOST_TO_WIDGET | {"READY", "SET_WIDGET_URL"}
FIRST_MODERN_ENGAGEMENT: Core = (0, 1, 8)
FAILED_BUG: tuple[Core, Core] = ((0, 8, 1), (0, 8, 3))
FINALIZE_ENGAGEMENT_SINCE: Core = (0, 9, 4)


def effective_core(version: str | None) -> Core | None:
    """The numeric core used for capability checks; "0.0.1" stands for any version ≤ 0.1.5."""
    if version is not None and version.strip() == LEGACY_REPORTED:
        return LEGACY_CORE
    return version_core(version)


def known_host_types(version: str | None) -> frozenset[str]:
    """Host -> widget types a widget reporting `version` dispatches; unknown versions know them all."""
    core = effective_core(version)
    if core is None:
        return ALL_HOST_TYPES
    known: set[str] = set()
    for since, types in ADDED:
        if core >= since:
            known |= types
    return frozenset(known - PRERELEASE_GAPS.get((version or "").strip(), frozenset()))


def dispatches(version: str | None, host_type: str) -> bool:
    """False when the widget would answer `host_type` with ERROR UNKNOWN_MESSAGE_TYPE (§6)."""
    return host_type in known_host_types(version)


def needs_engagement_created(version: str | None) -> bool:
    """True for widgets older than 0.1.8, which only understand ENGAGEMENT_CREATED (§2.5)."""
    core = effective_core(version)
    return core is not None and core < FIRST_MODERN_ENGAGEMENT


def has_failed_bug(version: str | None) -> bool:
    """True for 0.8.1–0.8.3, where any *_FAILED message throws before its handler runs (§6)."""
    core = effective_core(version)
    return core is not None and FAILED_BUG[0] <= core <= FAILED_BUG[1]


def at_least(version: str | None, since: Core) -> bool:
    """True when the reported version is known and not older than `since`."""
    core = effective_core(version)
    return core is not None and core >= since
