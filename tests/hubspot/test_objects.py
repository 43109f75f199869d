"""The mapping between the CRM's values and HubSpot's REST objects, and the checks on call properties."""

from __future__ import annotations

from simulator.hubspot.crm.portal import Crm
from simulator.hubspot.rest.objects import (
    call_object,
    check_call_properties,
    coerce_properties,
    contact_object,
    duplicates_of,
    iso,
    parse_timestamp,
)


def test_iso_and_timestamps_round_trip() -> None:
    assert iso(1_767_261_600_123) == "2026-01-01T10:00:00.123Z"
    assert parse_timestamp("2026-01-01T10:00:00.123Z") == 1_767_261_600_123
    assert parse_timestamp("1767261600123") == 1_767_261_600_123
    assert parse_timestamp("soon") is None


def test_an_sdk_engagement_is_a_calls_api_object_with_string_values() -> None:
    crm = Crm()
    engagement = crm.create_engagement(
        "ext-1", "OUTBOUND", [("0-1", 51)], {"hs_timestamp": "1767261600000", "hs_call_duration": 65000}, 1000
    )
    obj = call_object(engagement)
    assert obj.id == str(engagement.id) and obj.properties["hs_object_id"] == obj.id
    assert obj.properties["hs_timestamp"] == "2026-01-01T10:00:00.000Z"
    assert obj.properties["hs_call_duration"] == "65000" and obj.properties["hs_call_direction"] == "OUTBOUND"
    assert obj.to_json(["hs_object_id", "hs_call_title"])["properties"] == {
        "hs_object_id": obj.id,
        "hs_call_title": None,
    }


def test_contacts_use_hubspot_property_names() -> None:
    crm = Crm.load()
    props = contact_object(crm.contacts[51], "Analytical Engines Ltd").properties
    assert props["firstname"] == "Ada" and props["phone"] == "+1 (617) 555-0100"
    assert props["mobilephone"] == "+1 (617) 555-0101" and props["associatedcompanyid"] == "77"


def test_property_checks_name_each_bad_field() -> None:
    values, errors = coerce_properties({"hs_call_title": "x", "hs_call_duration": 5, "hs_call_body": {"a": 1}})
    assert values == {"hs_call_title": "x", "hs_call_duration": "5"} and [e.field for e in errors] == ["hs_call_body"]
    found = check_call_properties(
        {"hs_call_status": "DONE", "hs_call_recording_url": "http://x/a.mp3", "nope": "1", "hs_object_id": "1"},
        creating=True,
    )
    codes = {e.field: e.code for e in found}
    assert codes == {"hs_timestamp": "REQUIRED", "hs_call_status": "INVALID_VALUE",
                     "hs_call_recording_url": "INVALID_VALUE", "nope": "PROPERTY_DOESNT_EXIST",
                     "hs_object_id": "READ_ONLY_VALUE"}  # fmt: skip


def test_duplicates_are_same_record_within_the_window() -> None:
    crm = Crm()
    sdk = crm.create_engagement("e", "OUTBOUND", [("0-1", 51)], {"hs_timestamp": "1000000"}, 1)
    other_record = crm.create_engagement("f", "OUTBOUND", [("0-1", 52)], {"hs_timestamp": "1000000"}, 1)
    later = crm.create_engagement("g", "OUTBOUND", [("0-1", 51)], {"hs_timestamp": "2000000"}, 1)
    rest = crm.create_engagement(None, "", [("0-1", 51)], {"hs_timestamp": "1030000"}, 1)
    assert duplicates_of(rest, [sdk, other_record, later], 60_000) == [sdk]
