"""Search semantics: every operator, OR of groups / AND of filters, query, sorts, paging, phone matching."""

from __future__ import annotations

from typing import Any

import pytest

from simulator.hubspot.rest.search import Filter, SearchRequest, matches_filter, parse_search, search, tokens

CALL = {
    "hs_call_title": "Follow-up with Ada",
    "hs_call_duration": "65000",
    "hs_timestamp": "2026-01-01T10:00:00.000Z",
    "hs_call_status": "COMPLETED",
    "phone": "+1 (617) 555-0100",
    "email": "ada@analytical-engines.example.com",
}


F0 = "filterGroups[0].filters[0]."


def f(operator: str, name: str = "hs_call_duration", **fields: Any) -> Filter:
    return Filter(name, operator, fields.get("value"), tuple(fields.get("values", ())), fields.get("high"))


@pytest.mark.parametrize(
    ("filter_", "expected"),
    [
        (f("EQ", value="65000"), True),
        (f("EQ", "hs_call_status", value="completed"), True),  # strings compare case-insensitively
        (f("NEQ", value="1"), True),
        (f("NEQ", "nope", value="1"), True),  # an unset property is not equal to anything
        (f("GT", value="9000"), True),  # numbers compare as numbers, not text
        (f("GTE", value="65000"), True),
        (f("LT", value="65000"), False),
        (f("LTE", value="65000"), True),
        (f("GT", "hs_timestamp", value="1767261599000"), True),  # ISO property, ms filter value
        (f("LT", "hs_timestamp", value="2025-12-31T00:00:00Z"), False),
        (f("BETWEEN", value="60000", high="70000"), True),
        (f("BETWEEN", value="1", high="2"), False),
        (f("IN", "hs_call_status", values=["BUSY", "COMPLETED"]), True),
        (f("NOT_IN", "hs_call_status", values=["BUSY", "COMPLETED"]), False),
        (f("HAS_PROPERTY", "hs_call_title"), True),
        (f("NOT_HAS_PROPERTY", "hs_call_body"), True),
        (f("CONTAINS_TOKEN", "hs_call_title", value="ada"), True),
        (f("CONTAINS_TOKEN", "hs_call_title", value="follow*"), True),
        (f("NOT_CONTAINS_TOKEN", "hs_call_title", value="ada"), False),
        (f("CONTAINS_TOKEN", "email", value="*@analytical-engines.example.com"), True),
        (f("GT", "nope", value="1"), False),
    ],
)
def test_each_operator(filter_: Filter, expected: bool) -> None:
    assert matches_filter(CALL, filter_) is expected


@pytest.mark.parametrize("number", ["+16175550100", "+1 (617) 555-0100", "6175550100", "(617) 555-0100"])
def test_a_fixture_phone_is_found_by_eq_and_contains_token_in_any_format(number: str) -> None:
    assert matches_filter(CALL, f("EQ", "phone", value=number))
    assert matches_filter(CALL, f("CONTAINS_TOKEN", "phone", value=number))
    assert not matches_filter(CALL, f("EQ", "phone", value="+16175550101"))


def test_phone_tokens_include_digits_and_e164() -> None:
    assert {"+16175550100", "16175550100"} <= tokens("phone", "+1 (617) 555-0100")
    assert matches_filter(CALL, f("CONTAINS_TOKEN", "phone", value="*0100"))


def test_groups_are_ored_and_filters_anded() -> None:
    objects = [("1", {"a": "x", "b": "1"}), ("2", {"a": "x", "b": "2"}), ("3", {"a": "y", "b": "2"})]
    request, errors = parse_search({"filterGroups": [
        {"filters": [{"propertyName": "a", "operator": "EQ", "value": "x"}, {"propertyName": "b", "value": "2"}]},
        {"filters": [{"propertyName": "a", "operator": "EQ", "value": "y"}]},
    ]})  # fmt: skip
    assert errors == [] and request is not None
    assert search(objects, request).ids == ("2", "3")


def test_sorts_and_paging() -> None:
    objects = [(str(i), {"n": str(10 - i)}) for i in range(1, 6)] + [("6", {})]
    request, _ = parse_search({"sorts": [{"propertyName": "n", "direction": "ASCENDING"}], "limit": 2})
    assert request is not None
    first = search(objects, request)
    assert first.total == 6 and first.ids == ("5", "4") and first.next_after == "2"
    rest = search(objects, SearchRequest(sorts=request.sorts, limit=10, after=4))
    assert rest.ids == ("1", "6") and rest.next_after is None  # unset values sort last
    descending, _ = parse_search({"sorts": ["-n"]})
    assert descending is not None and search(objects, descending).ids[:2] == ("1", "2")


def test_mixed_numbers_and_text_sort_without_error() -> None:
    objects = [("1", {"v": "abc"}), ("2", {"v": "3"})]
    request, _ = parse_search({"sorts": [{"propertyName": "v"}]})
    assert request is not None and search(objects, request).ids == ("2", "1")


def test_query_matches_word_prefixes_of_searchable_properties() -> None:
    objects = [("1", {"firstname": "Ada", "lastname": "Lovelace"}), ("2", {"firstname": "Charles"})]
    request, _ = parse_search({"query": "love"})
    assert request is not None and search(objects, request, ("firstname", "lastname")).ids == ("1",)


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"filterGroups": [{"filters": [{"propertyName": "a", "operator": "LIKE", "value": "x"}]}]},
         F0 + "operator"),
        ({"filterGroups": [{"filters": [{"operator": "EQ", "value": "x"}]}]}, F0 + "propertyName"),
        ({"filterGroups": [{"filters": [{"propertyName": "a", "operator": "IN"}]}]}, F0 + "values"),
        ({"filterGroups": [{"filters": [{"propertyName": "a", "operator": "BETWEEN", "value": "1"}]}]},
         F0 + "highValue"),
        ({"filterGroups": [{"filters": [{"propertyName": "a", "operator": "EQ"}]}]}, F0 + "value"),
        ({"filterGroups": [{"filters": []}] * 6}, "filterGroups"),
        ({"limit": 201}, "limit"),
        ({"after": "abc"}, "after"),
        ({"sorts": [{"propertyName": "a", "direction": "UP"}]}, "sorts[0].direction"),
        ({"properties": "a,b"}, "properties"),
    ],
)  # fmt: skip
def test_bad_requests_name_the_field(body: dict[str, Any], field: str) -> None:
    request, errors = parse_search(body)
    assert request is None and field in [e.field for e in errors]
