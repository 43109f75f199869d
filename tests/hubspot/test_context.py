"""Who the host is (HostContext: from the settings, with a scenario's overrides) and the faults it injects."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from simulator.hubspot.context import Faults, HostContext, Surface, User
from simulator.hubspot.host import Faults as HostFaults
from simulator.hubspot.host import HostContext as HostHostContext
from simulator.settings import DEFAULT_OWNER_ID, DEFAULT_PORTAL_ID, DEFAULT_USER_ID, HANDSHAKE_TIMEOUT_MS, Settings


def test_faults_from_mapping_merges_onto_a_base() -> None:
    base = Faults(duplicate_dial=True)
    faults = Faults.from_mapping({"reply_delay_ms": 100, "legacy_engagement_created": None}, base)
    assert faults.duplicate_dial and faults.reply_delay_ms == 100
    assert faults.active() == {"duplicate_dial": True, "reply_delay_ms": 100}


@pytest.mark.parametrize(
    ("mapping", "needle"),
    [
        ({"fail_everything": True}, "unknown host setting 'fail_everything'"),
        ({"duplicate_dial": "yes"}, "expected true or false"),
        ({"reply_delay_ms": -5}, "whole number"),
        ({"visibility_flaps": True}, "whole number"),
        ({"legacy_engagement_created": 1}, "true, false or null"),
    ],
)
def test_faults_from_mapping_rejects_bad_input(mapping: dict[str, Any], needle: str) -> None:
    with pytest.raises(ValueError, match=needle):
        Faults.from_mapping(mapping)


def test_host_reexports_the_context_types() -> None:
    assert HostHostContext is HostContext and HostFaults is Faults


def test_defaults_are_the_settings_defaults() -> None:
    context, settings = HostContext(), Settings()
    ids = (DEFAULT_PORTAL_ID, DEFAULT_USER_ID, DEFAULT_OWNER_ID)
    assert (context.portal_id, context.user_id, context.owner_id) == ids
    assert (settings.portal_id, settings.user_id, settings.owner_id) == (81431, 9876543, 295128649)
    assert context.handshake_timeout_ms == settings.handshake_timeout_ms == HANDSHAKE_TIMEOUT_MS == 30_000
    assert context.host_url == f"http://{settings.host}:{settings.port}" == "http://127.0.0.1:8500"
    assert HostContext.from_settings(settings) == context


def test_from_settings_takes_every_host_setting() -> None:
    settings = Settings(
        host="0.0.0.0",
        port=9100,
        portal_id=1,
        user_id=2,
        owner_id=3,
        supports_inbound_calling=False,
        uses_calling_window=False,
        handshake_timeout_ms=10_000,
        fixtures=Path("elsewhere.yaml"),
    )
    assert HostContext.from_settings(settings) == HostContext(
        portal_id=1,
        user_id=2,
        owner_id=3,
        iframe_location=None,  # usesCallingWindow false: HubSpot's SYNC has no iframeLocation (SDK PR #252)
        uses_calling_window=False,
        supports_inbound_calling=False,
        host_url="http://0.0.0.0:9100",
        handshake_timeout_ms=10_000,
    )


def test_the_iframe_location_follows_uses_calling_window_unless_given() -> None:
    base = HostContext()
    assert base.with_overrides(uses_calling_window=False).iframe_location is None
    assert base.with_overrides(uses_calling_window=False).with_overrides(uses_calling_window=True).iframe_location == (
        "widget"
    )
    assert base.with_overrides(uses_calling_window=False, iframe_location="remote").iframe_location == "remote"
    assert base.with_overrides(portal_id=1).iframe_location == "widget"


def test_with_overrides_keeps_what_is_none() -> None:
    base = HostContext(portal_id=5, host_url="http://x:1", handshake_timeout_ms=7_000)
    assert base.with_overrides() == base
    assert base.with_overrides(portal_id=None, uses_calling_window=None, record_type="company") == base


def test_with_overrides_sets_a_scenarios_values() -> None:
    changed = HostContext().with_overrides(
        portal_id=1,
        user_id=2,
        owner_id="295128649",
        iframe_location="window",
        uses_calling_window=False,
        supports_inbound_calling=False,
    )
    assert (changed.portal_id, changed.user_id, changed.owner_id) == (1, 2, "295128649")
    assert (changed.iframe_location, changed.uses_calling_window, changed.supports_inbound_calling) == (
        "window",
        False,
        False,
    )
    assert (changed.record_object_type_id, changed.record_object_id) == (None, None)
    assert changed.host_url == HostContext().host_url


@pytest.mark.parametrize(
    ("record_type", "record_id", "expected"),
    [(None, 51, ("0-1", 51)), ("contact", "51", ("0-1", 51)), ("company", 77, ("0-2", 77)), ("0-2", "77", ("0-2", 77))],
)
def test_with_overrides_puts_the_user_on_a_record(record_type: str | None, record_id: Any, expected: Any) -> None:
    changed = HostContext().with_overrides(record_type=record_type, record_id=record_id)
    assert (changed.record_object_type_id, changed.record_object_id) == expected


def test_one_user_on_each_surface_gets_the_same_sync_but_its_location() -> None:
    context = HostContext(portal_id=7, user_id=8, owner_id="9")
    fields = {surface: context.sync_fields(surface) for surface in Surface}
    assert {s: f.pop("iframeLocation") for s, f in fields.items()} == {
        Surface.RECORD_TAB: "widget",
        Surface.CALLING_WINDOW: "window",
        Surface.REMOTE: "remote",
    }
    assert all(f == {"portalId": 7, "userId": 8, "ownerId": "9", "usesCallingWindow": True} for f in fields.values())
    assert context.user == User(7, 8, "9") == context.with_overrides(record_id=1).user
    assert "iframeLocation" not in context.with_overrides(uses_calling_window=False).sync_fields(Surface.REMOTE)
