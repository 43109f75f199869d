"""Who and where the host is for one session (HostContext) and the faults it injects (Faults)."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Any

from simulator.hubspot.crm.records import record_type_id
from simulator.settings import (
    DEFAULT_HOST_URL,
    DEFAULT_OWNER_ID,
    DEFAULT_PORTAL_ID,
    DEFAULT_USER_ID,
    HANDSHAKE_TIMEOUT_MS,
    Settings,
)


class Surface(StrEnum):
    """Where one of a user's sessions hosts the widget; the value is the SYNC's `iframeLocation` (§2.2, §5.4)."""

    RECORD_TAB = "widget"  # the floating widget on a record tab (several tabs: several sessions of one user)
    CALLING_WINDOW = "window"  # HubSpot's detached calling window
    REMOTE = "remote"  # the calling remote in the navigation bar


@dataclass(frozen=True)
class User:
    """The HubSpot user a session belongs to: all of one user's surfaces share these SYNC fields."""

    portal_id: int
    user_id: int
    owner_id: int | str


def iframe_location_for(uses_calling_window: bool | None, current: str | None) -> str | None:
    """HubSpot omits iframeLocation from SYNC when the app does not use the calling window (§2.2, SDK PR #252)."""
    if uses_calling_window is False:
        return None
    return current or "widget"


@dataclass(frozen=True)
class HostContext:
    """Who and where the host is: the SYNC fields (§2.2), the provider settings (§7) and the current record."""

    portal_id: int = DEFAULT_PORTAL_ID
    user_id: int = DEFAULT_USER_ID
    owner_id: int | str = DEFAULT_OWNER_ID  # a scenario may give it as text; HubSpot sends what it has
    iframe_location: str | None = "widget"
    uses_calling_window: bool | None = True
    supports_inbound_calling: bool = True
    supports_custom_objects: bool = True  # the app's settings (§7.1); off: no click-to-dial on custom objects
    uses_remote: bool = True  # the app's usesRemote (§7.1); callsim has no calling remote, so it is reported only
    host_url: str = DEFAULT_HOST_URL
    record_object_type_id: str | None = None  # the record page the user is on ("0-1" contact, "0-2" company)
    record_object_id: int | None = None
    handshake_timeout_ms: int = HANDSHAKE_TIMEOUT_MS  # no SYNC_ACK by then: handshake.timeout

    @property
    def user(self) -> User:
        return User(self.portal_id, self.user_id, self.owner_id)

    def sync_fields(self, surface: Surface | str | None = None) -> dict[str, Any]:
        """The SYNC fields of this user on `surface` (§2.2): the one place they are derived.

        None is the context's own location (a record tab unless a scenario says otherwise); with
        `usesCallingWindow: false` HubSpot sends no iframeLocation, whatever the surface.
        """
        sync: dict[str, Any] = {"portalId": self.portal_id, "userId": self.user_id, "ownerId": self.owner_id}
        if self.iframe_location is not None:
            sync["iframeLocation"] = str(surface or self.iframe_location)
        if self.uses_calling_window is not None:
            sync["usesCallingWindow"] = self.uses_calling_window
        return sync

    @classmethod
    def from_settings(cls, settings: Settings) -> HostContext:
        """The context every session of a server starts with."""
        return cls(
            portal_id=settings.portal_id,
            user_id=settings.user_id,
            owner_id=settings.owner_id,
            uses_calling_window=settings.uses_calling_window,
            iframe_location=iframe_location_for(settings.uses_calling_window, "widget"),
            supports_inbound_calling=settings.supports_inbound_calling,
            host_url=f"http://{settings.host}:{settings.port}",
            handshake_timeout_ms=settings.handshake_timeout_ms,
        )

    def with_overrides(
        self,
        *,
        portal_id: int | None = None,
        user_id: int | None = None,
        owner_id: int | str | None = None,
        iframe_location: str | None = None,
        uses_calling_window: bool | None = None,
        supports_inbound_calling: bool | None = None,
        record_type: str | None = None,
        record_id: int | str | None = None,
    ) -> HostContext:
        """This context with what a scenario's `context:` sets (its field names; None keeps the current value).

        `record_id` puts the user on that record's page; `record_type` names its type (see `record_type_id`).
        """
        changes: dict[str, Any] = {
            "portal_id": portal_id,
            "user_id": user_id,
            "owner_id": owner_id,
            "iframe_location": iframe_location,
            "uses_calling_window": uses_calling_window,
            "supports_inbound_calling": supports_inbound_calling,
        }
        if record_id is not None:
            changes["record_object_type_id"] = record_type_id(record_type)
            changes["record_object_id"] = int(record_id)
        given = {key: value for key, value in changes.items() if value is not None}
        if uses_calling_window is not None and iframe_location is None:  # the location follows the setting
            given["iframe_location"] = iframe_location_for(uses_calling_window, self.iframe_location)
        return replace(self, **given)


@dataclass(frozen=True)
class Faults:
    """Fault injection and HubSpot quirks, per session (issue 4). Scenario `host:` steps use these names."""

    fail_create_engagement: bool = False
    fail_update_engagement: bool = False
    fail_finalize_engagement: bool = False  # also PUBLISH_TO_CHANNEL
    fail_caller_id_match: bool = False
    fail_navigate: bool = False
    reply_delay_ms: int = 0
    drop_first_syncs: int = 0  # applied by the page's SYNC loop
    duplicate_dial: bool = False
    dial_object_id_zero: bool = False
    dial_omit_object_type: bool = False
    visibility_flaps: int = 0
    legacy_engagement_created: bool | None = None  # None: decided by the widget's SDK version
    reload_widget_mid_call: bool = False  # applied by the session: reload the iframe right after CALL_ANSWERED
    queue_dial_needs_close: bool = False  # SDK issue #237: a task queue's next task gets no DIAL_NUMBER until the
    # widget was closed since the last call

    @classmethod
    def from_mapping(cls, mapping: dict[str, Any], base: Faults | None = None) -> Faults:
        """Faults from user input; raises ValueError naming an unknown key or a value of the wrong type."""
        known = {f.name: f for f in dataclasses.fields(cls)}
        values = dataclasses.asdict(base or cls())
        for key, value in mapping.items():
            if key not in known:
                raise ValueError(f"unknown host setting {key!r}; expected one of {', '.join(sorted(known))}")
            default = getattr(cls(), key)
            if key == "legacy_engagement_created":
                if value is not None and not isinstance(value, bool):
                    raise ValueError(f"host setting {key!r}: expected true, false or null, got {value!r}")
            elif isinstance(default, bool):
                if not isinstance(value, bool):
                    raise ValueError(f"host setting {key!r}: expected true or false, got {value!r}")
            elif not isinstance(value, int) or isinstance(value, bool) or value < 0:
                raise ValueError(f"host setting {key!r}: expected a whole number ≥ 0, got {value!r}")
            values[key] = value
        return cls(**values)

    def active(self) -> dict[str, Any]:
        """The settings that differ from the defaults (for the log and the page)."""
        default = Faults()
        return {
            f.name: getattr(self, f.name)
            for f in dataclasses.fields(self)
            if getattr(self, f.name) != getattr(default, f.name)
        }
