"""Calling settings: field checks, HubSpot's defaults, the switcher's order and what settings do to the host."""

from __future__ import annotations

from typing import Any

from simulator.hubspot.context import HostContext
from simulator.hubspot.crm.portal import Crm
from simulator.hubspot.host import Host
from simulator.hubspot.rest import calling_settings as cs
from simulator.hubspot.rest.inbound_call import log_inbound_call, parse_inbound_call

SEED = {"name": "My widget", "url": "https://localhost:9025/", "width": 400, "height": 600, "isReady": True}


def fields_of(errors: list[Any]) -> list[str]:
    return [e.field for e in errors]


def test_the_seeds_body_is_valid_and_post_needs_only_name_and_url() -> None:
    assert cs.check_fields(SEED, cs.SETTINGS_FIELDS, cs.SETTINGS_REQUIRED) == []
    errors = cs.check_fields({"width": 400}, cs.SETTINGS_FIELDS, cs.SETTINGS_REQUIRED)
    assert fields_of(errors) == ["name", "url"] and all(e.code == "REQUIRED" for e in errors)


def test_wrong_types_and_values_are_named() -> None:
    body = {"name": " ", "url": "javascript:alert(1)", "width": True, "height": 0, "isReady": 1, "usesRemote": "yes"}
    errors = cs.check_fields(body, cs.SETTINGS_FIELDS, cs.SETTINGS_REQUIRED)
    assert sorted(fields_of(errors)) == ["height", "isReady", "name", "url", "usesRemote", "width"]
    assert any("whole number" in e.message for e in errors if e.field == "width")


def test_unknown_fields_are_refused_with_a_suggestion() -> None:
    errors = cs.check_fields({**SEED, "isready": False}, cs.SETTINGS_FIELDS, cs.SETTINGS_REQUIRED)
    assert fields_of(errors) == ["isready"] and "did you mean 'isReady'" in errors[0].message
    assert errors[0].code == "UNRECOGNIZED_FIELD"


def test_the_response_has_every_field_with_defaults_and_iso_times() -> None:
    response = cs.settings_response({"name": "A", "url": "https://a.example/"}, 0, 1_500)
    assert list(response) == [*cs.SETTINGS_FIELDS, "createdAt", "updatedAt"]
    assert response["width"] == 400 and response["height"] == 600 and response["isReady"] is True
    assert response["supportsInboundCalling"] is False and response["usesCallingWindow"] is True
    assert response["createdAt"] == "1970-01-01T00:00:00.000Z" and response["updatedAt"] == "1970-01-01T00:00:01.500Z"


def test_the_switcher_lists_command_line_widgets_ready_apps_the_sample_then_testing_apps() -> None:
    context = HostContext()
    cli = [
        cs.cli_provider("cli:widget", "Yours", "http://a/", context),
        cs.cli_provider("sample", "S", "http://s/", context),
    ]
    apps = [cs.app_provider(2, {**SEED, "isReady": False, "name": "Beta"}), cs.app_provider(1, SEED)]
    assert [p["key"] for p in cs.provider_entries(cli, apps)] == ["cli:widget", "app:1", "sample", "app:2"]


def test_uses_calling_window_false_omits_iframe_location_from_sync() -> None:
    context = cs.provider_context(HostContext(), {"usesCallingWindow": False, "supportsInboundCalling": False})
    sync = Host(context=context).sync_fields()
    assert sync["usesCallingWindow"] is False and "iframeLocation" not in sync
    assert context.supports_inbound_calling is False
    back = cs.provider_context(context, {"usesCallingWindow": True})
    assert Host(context=back).sync_fields()["iframeLocation"] == "widget"


def test_no_fields_change_nothing_and_custom_objects_need_the_setting() -> None:
    assert cs.provider_context(HostContext(), {}) == HostContext()
    closed = cs.provider_context(HostContext(), {"supportsCustomObjects": False})
    assert cs.custom_object_refusal({"objectTypeId": "2-1234", "objectId": 1}, closed) is not None
    assert cs.custom_object_refusal({"objectTypeId": "0-1", "objectId": 1}, closed) is None
    assert cs.custom_object_refusal({"objectTypeId": "2-1234"}, HostContext()) is None


def test_page_overrides_are_kept_only_with_the_right_type() -> None:
    kept, dropped = cs.host_fields({"supportsInboundCalling": True, "usesRemote": "no", "name": "x"})
    assert kept == {"supportsInboundCalling": True} and dropped == ["usesRemote"]


def inbound(**changes: Any) -> dict[str, Any]:
    return {
        "externalCallId": "ext-1",
        "createEngagement": True,
        "engagementProperties": {"hs_call_title": "Support line"},
        "finalCallStatus": "COMPLETED",
        "fromNumber": {"e164Number": "+16175550100", "phoneNumberType": "MOBILE"},
        "toNumber": {"e164Number": "+16175550199", "phoneNumberType": "FIXED_LINE"},
        "potentialRecipientUserIds": [9876543],
        "durationSeconds": 65,
        **changes,
    }


def test_an_inbound_call_is_logged_on_the_matched_callers_timeline() -> None:
    crm = Crm.load()
    call, errors = parse_inbound_call(inbound())
    assert errors == [] and call is not None
    matches = crm.match_caller(call.from_number, 81431)
    engagement = log_inbound_call(crm, call, matches, 1_000)
    assert engagement.direction == "INBOUND" and engagement.completed
    assert engagement.associations == (
        (matches[0]["objectCoordinates"]["objectTypeId"], matches[0]["objectCoordinates"]["objectId"]),
    )
    assert engagement.properties["hs_call_duration"] == "65000"
    assert engagement.properties["hs_call_title"] == "Support line"


def test_a_bad_inbound_call_names_every_field() -> None:
    body = inbound(finalCallStatus="DONE", fromNumber={"e164Number": "617", "phoneNumberType": "CELL"}, extra=1)
    del body["toNumber"]
    call, errors = parse_inbound_call(body)
    assert call is None
    assert sorted(fields_of(errors)) == [
        "extra", "finalCallStatus", "fromNumber.e164Number", "fromNumber.phoneNumberType", "toNumber",
    ]  # fmt: skip
