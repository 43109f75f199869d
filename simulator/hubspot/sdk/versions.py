"""What each SDK build understands (docs/protocol.md §2.5, §6, §10), from what its SYNC_ACK says.

A build is known by its capability `Profile`: the version SYNC_ACK reports plus whether that SYNC_ACK
carried `iFrameUrl` (0.0.6 and 0.0.10–0.1.4 all report "0.0.1"; only 0.0.6 omits `iFrameUrl`).
"""

from __future__ import annotations

from dataclasses import dataclass

from simulator.hubspot.sdk.protocol import HOST_TO_WIDGET, version_core

Core = tuple[int, int, int]

# Host -> widget types the widget dispatches to a named handler, by the release that added them.
# SYNC never reaches the dispatcher (IFrameManager answers it), so every version "knows" it.
ADDED: tuple[tuple[Core, frozenset[str]], ...] = (
    ((0, 0, 1), frozenset({"SYNC", "READY", "DIAL_NUMBER", "VISIBILITY_CHANGED"})),
    ((0, 0, 3), frozenset({"END_CALL"})),
    ((0, 0, 5), frozenset({"SET_CALL_STATE"})),
    # IFrameManager swallows a SET_WIDGET_URL sent to the widget from 0.0.7 on: no ERROR reply (§10).
    ((0, 0, 7), frozenset({"SET_WIDGET_URL"})),
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
    ((0, 8, 0), frozenset({"SET_WIDGET_URL_FAILED"})),
    ((0, 8, 1), frozenset({"UPDATE_ASSOCIATIONS_FAILED", "FAILED"})),
    ((0, 9, 4), frozenset({"FINALIZE_ENGAGEMENT_SUCCEEDED", "FINALIZE_ENGAGEMENT_FAILED"})),
)
# Types a later release dropped again (§2.5: UPDATE_ASSOCIATIONS_FAILED is gone from 0.9.5 on).
REMOVED: tuple[tuple[Core, frozenset[str]], ...] = (((0, 9, 5), frozenset({"UPDATE_ASSOCIATIONS_FAILED"})),)

# Versions ≤ 0.1.5 all report "0.0.1" (§2.5): with iFrameUrl in SYNC_ACK the richest of them
# (0.0.10–0.1.5), without it 0.0.6 (iFrameUrl came with 0.0.7).
LEGACY_REPORTED = "0.0.1"
LEGACY_CORE: Core = (0, 1, 5)
NO_IFRAME_URL_CORE: Core = (0, 0, 6)

# Pre-releases measured in §10 that lack types their release core has.
PRERELEASE_GAPS: dict[str, frozenset[str]] = {"0.8.1-alpha.0": frozenset({"FAILED", "UPDATE_ASSOCIATIONS_FAILED"})}
# Builds inside the FAILED-bug range that do not have the catch-all at all (§10: handlers run normally).
FAILED_BUG_FREE: frozenset[str] = frozenset({"0.8.1-alpha.0"})

ALL_HOST_TYPES: frozenset[str] = HOST_TO_WIDGET | {"READY", "SET_WIDGET_URL"}
FIRST_MODERN_ENGAGEMENT: Core = (0, 1, 8)
FAILED_BUG: tuple[Core, Core] = ((0, 8, 1), (0, 8, 3))
FINALIZE_ENGAGEMENT_SINCE: Core = (0, 9, 4)
CALL_IDS_SINCE: Core = (0, 6, 3)  # CALL_ANSWERED carries data (and so externalCallId) from 0.6.3 (§2.5)


@dataclass(frozen=True)
class Profile:
    """One widget build as the host can tell it apart: the reported version and iFrameUrl's presence."""

    reported: str | None
    iframe_url: bool = True

    @property
    def core(self) -> Core | None:
        """The numeric core capability checks use; "0.0.1" stands for 0.0.10–0.1.5, or 0.0.6 without iFrameUrl."""
        if self.reported is not None and self.reported.strip() == LEGACY_REPORTED:
            return LEGACY_CORE if self.iframe_url else NO_IFRAME_URL_CORE
        return version_core(self.reported)

    def known_host_types(self) -> frozenset[str]:
        """Host -> widget types this build dispatches; an unknown version knows them all."""
        core = self.core
        if core is None:
            return ALL_HOST_TYPES
        known: set[str] = set()
        for since, types in ADDED:
            if core >= since:
                known |= types
        for since, types in REMOVED:
            if core >= since:
                known -= types
        return frozenset(known - PRERELEASE_GAPS.get((self.reported or "").strip(), frozenset()))

    def dispatches(self, host_type: str) -> bool:
        """False when the widget would answer `host_type` with ERROR UNKNOWN_MESSAGE_TYPE (§6)."""
        return host_type in self.known_host_types()

    def at_least(self, since: Core) -> bool:
        """True when the version is known and not older than `since`."""
        core = self.core
        return core is not None and core >= since

    def needs_engagement_created(self) -> bool:
        """True for widgets older than 0.1.8, which only understand ENGAGEMENT_CREATED (§2.5)."""
        core = self.core
        return core is not None and core < FIRST_MODERN_ENGAGEMENT

    def has_failed_bug(self) -> bool:
        """True for 0.8.1–0.8.3 builds, where any *_FAILED message throws before its handler runs (§6)."""
        core = self.core
        if core is None or (self.reported or "").strip() in FAILED_BUG_FREE:
            return False
        return FAILED_BUG[0] <= core <= FAILED_BUG[1]


def effective_core(version: str | None, iframe_url: bool = True) -> Core | None:
    """The numeric core used for capability checks (see Profile.core)."""
    return Profile(version, iframe_url).core


def known_host_types(version: str | None, iframe_url: bool = True) -> frozenset[str]:
    """Host -> widget types a widget reporting `version` dispatches; unknown versions know them all."""
    return Profile(version, iframe_url).known_host_types()


def dispatches(version: str | None, host_type: str, iframe_url: bool = True) -> bool:
    """False when the widget would answer `host_type` with ERROR UNKNOWN_MESSAGE_TYPE (§6)."""
    return Profile(version, iframe_url).dispatches(host_type)


def needs_engagement_created(version: str | None, iframe_url: bool = True) -> bool:
    """True for widgets older than 0.1.8, which only understand ENGAGEMENT_CREATED (§2.5)."""
    return Profile(version, iframe_url).needs_engagement_created()


def has_failed_bug(version: str | None, iframe_url: bool = True) -> bool:
    """True for 0.8.1–0.8.3 builds, where any *_FAILED message throws before its handler runs (§6)."""
    return Profile(version, iframe_url).has_failed_bug()


def at_least(version: str | None, since: Core, iframe_url: bool = True) -> bool:
    """True when the reported version is known and not older than `since`."""
    return Profile(version, iframe_url).at_least(since)
