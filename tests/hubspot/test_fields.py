"""Whole numbers as the REST model reads them (simulator/hubspot/rest/fields.py), and the checks built on them."""

from __future__ import annotations

from typing import Any

import pytest

from simulator.hubspot.crm.phones import normalize_e164
from simulator.hubspot.crm.portal import Crm
from simulator.hubspot.rest.fields import INT32_MAX, INT64_MAX, is_digits, parse_whole, whole_number
from simulator.hubspot.rest.inbound_call import parse_inbound_call
from simulator.hubspot.rest.objects import MAX_MS, MIN_MS, parse_timestamp
from simulator.hubspot.rest.search import parse_search
from simulator.hubspot.sdk.payloads import as_engagement_id

# str.isdigit() is true for the first two; int() reads "١" and the next four, and refuses 5000 digits.
NOT_DIGITS = ["²", "١", " 1", "1 ", "+1", "-1", "1_000", "1e3", "", "1.0", "0x1", "1\n"]


@pytest.mark.parametrize("text", NOT_DIGITS)
def test_only_ascii_digits_are_digits(text: str) -> None:
    assert not is_digits(text) and parse_whole(text) is None


def test_digits_parse_within_their_bounds() -> None:
    assert parse_whole("0") == 0 and parse_whole("007") == 7 and parse_whole(str(INT64_MAX)) == INT64_MAX
    assert parse_whole(str(INT64_MAX + 1)) is None and parse_whole("9" * 5000) is None
    assert parse_whole(str(INT32_MAX), most=INT32_MAX) == INT32_MAX and parse_whole("0", least=1) is None


@pytest.mark.parametrize(("value", "expected"), [(5, 5), ("5", 5), (True, None), (-1, None), (5.0, None), (None, None)])
def test_json_numbers_only_where_asked(value: Any, expected: int | None) -> None:
    assert parse_whole(value, json_numbers=True) == expected
    assert parse_whole(value) == (5 if value == "5" else None)


def test_the_error_names_the_field_and_quotes_the_value_short() -> None:
    number, error = whole_number("²", "inputs[3].id", what="an object id")
    assert number is None and error is not None
    assert error.field == "inputs[3].id" and error.message.startswith("inputs[3].id must be an object id")
    assert "'²'" in error.message
    _, long = whole_number("x" * 10_000, "limit")
    assert long is not None and len(long.message) < 200


@pytest.mark.parametrize("text", ["²", "--5", "9" * 5000, "-" + "9" * 30, str(MAX_MS + 1), "0001-01-01T00:00:00+01:00"])
def test_timestamps_that_are_no_time_are_none(text: str) -> None:
    assert parse_timestamp(text) is None


def test_timestamps_within_years_1_to_9999() -> None:
    assert parse_timestamp(str(MAX_MS)) == MAX_MS and parse_timestamp(str(MIN_MS)) == MIN_MS
    assert parse_timestamp("-1") == -1 and parse_timestamp("1970-01-01T00:00:01Z") == 1000


def test_phone_digits_are_ascii_digits() -> None:
    assert normalize_e164("+1 (617) 555-0100") == "+16175550100"
    assert normalize_e164("+١٦١٧٥٥٥٠١٠٠") is None  # Arabic-Indic digits: \\D would have kept them


def test_an_inbound_call_number_with_other_digits_is_refused() -> None:
    body = {"fromNumber": {"e164Number": "+1617555010²", "phoneNumberType": "MOBILE"}}
    _, errors = parse_inbound_call(body)
    assert "fromNumber.e164Number" in [e.field for e in errors]


def test_a_search_after_that_is_not_digits_is_an_error() -> None:
    request, errors = parse_search({"after": "²"})
    assert request is None and [e.field for e in errors] == ["after"]
    request, _ = parse_search({"after": 20})
    assert request is not None and request.after == 20


def test_sdk_and_page_ids_refuse_other_digits() -> None:
    assert as_engagement_id("²") is None and as_engagement_id(" 42 ") == 42 and as_engagement_id(42) == 42
    crm = Crm.load()
    assert crm.resolve({"objectTypeId": "0-1", "objectId": "²"}) is None
    assert crm.resolve({"objectTypeId": "0-1", "objectId": "51"}) is not None
