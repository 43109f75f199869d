"""The CRM search API's semantics (POST /crm/v3/objects/{type}/search): filters, `query`, sorts and paging.

Filter groups are ORed, the filters in a group ANDed, as HubSpot documents; limits are HubSpot's (5 groups,
6 filters in a group, 18 in all, 200 results a page). Phone properties also match by E.164, so a widget backend
looking a caller up by `+16175550100` finds the fixture's "+1 (617) 555-0100".
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from simulator.hubspot.crm.phones import NOT_DIGITS, normalize_e164
from simulator.hubspot.rest.fields import parse_whole, shown
from simulator.hubspot.rest.objects import DATETIME_PROPERTIES, PHONE_PROPERTIES, FieldError, parse_timestamp

OPERATORS = ("EQ", "NEQ", "LT", "LTE", "GT", "GTE", "BETWEEN", "IN", "NOT_IN", "HAS_PROPERTY", "NOT_HAS_PROPERTY",
             "CONTAINS_TOKEN", "NOT_CONTAINS_TOKEN")  # fmt: skip
NO_VALUE = frozenset({"HAS_PROPERTY", "NOT_HAS_PROPERTY"})
MANY_VALUES = frozenset({"IN", "NOT_IN"})
MAX_GROUPS, MAX_FILTERS_IN_GROUP, MAX_FILTERS = 5, 6, 18
MAX_LIMIT, DEFAULT_LIMIT, MAX_RESULTS = 200, 10, 10_000
_SPLIT = re.compile(r"[^\w@.+\-*]+|(?<=\w)[.@+\-](?=\w)")

Properties = Mapping[str, str | None]


@dataclass(frozen=True)
class Filter:
    property_name: str
    operator: str
    value: str | None = None
    values: tuple[str, ...] = ()
    high_value: str | None = None


@dataclass(frozen=True)
class Sort:
    property_name: str
    descending: bool = False


@dataclass(frozen=True)
class SearchRequest:
    filter_groups: tuple[tuple[Filter, ...], ...] = ()
    sorts: tuple[Sort, ...] = ()
    query: str | None = None
    properties: tuple[str, ...] | None = None
    limit: int = DEFAULT_LIMIT
    after: int = 0


@dataclass(frozen=True)
class Page:
    total: int
    ids: tuple[str, ...]
    next_after: str | None


def _text(value: Any) -> str | None:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float | str):
        return str(value)
    return None


def parse_filter(raw: Any, where: str) -> tuple[Filter | None, list[FieldError]]:
    """One `filters[]` entry, or the errors naming its bad fields."""
    if not isinstance(raw, Mapping):
        return None, [FieldError(where, f"{where} must be an object {{propertyName, operator, value}}")]
    name, operator = raw.get("propertyName"), raw.get("operator", "EQ")
    errors = []
    if not isinstance(name, str) or not name:
        errors.append(FieldError(f"{where}.propertyName", "propertyName is required: the property to filter on"))
    if operator not in OPERATORS:
        errors.append(FieldError(f"{where}.operator", f"operator {operator!r} is not one of {', '.join(OPERATORS)}"))
    value, high = _text(raw.get("value")), _text(raw.get("highValue"))
    raw_values = raw.get("values")
    values = tuple(t for t in (_text(v) for v in raw_values) if t is not None) if isinstance(raw_values, list) else ()
    if operator in MANY_VALUES and not values:
        errors.append(FieldError(f"{where}.values", f"{operator} needs `values`: a list of strings"))
    elif operator == "BETWEEN" and (value is None or high is None):
        errors.append(FieldError(f"{where}.highValue", "BETWEEN needs `value` (low) and `highValue` (high)"))
    elif operator in OPERATORS and operator not in NO_VALUE | MANY_VALUES and value is None:
        errors.append(FieldError(f"{where}.value", f"{operator} needs a `value`"))
    if errors:
        return None, errors
    return Filter(str(name), str(operator), value, values, high), []


def parse_search(body: Any) -> tuple[SearchRequest | None, list[FieldError]]:
    """A search body (PublicObjectSearchRequest), or the errors naming its bad fields."""
    if not isinstance(body, Mapping):
        return None, [FieldError("body", "the body must be a JSON object {filterGroups, sorts, properties, limit}")]
    errors: list[FieldError] = []
    groups: list[tuple[Filter, ...]] = []
    raw_groups = body.get("filterGroups") or []
    if not isinstance(raw_groups, list):
        raw_groups, errors = [], [FieldError("filterGroups", "filterGroups must be a list of {filters: [...]}")]
    if len(raw_groups) > MAX_GROUPS:
        errors.append(FieldError("filterGroups", f"at most {MAX_GROUPS} filterGroups, got {len(raw_groups)}"))
    for g, group in enumerate(raw_groups):
        raw_filters = group.get("filters") if isinstance(group, Mapping) else None
        if not isinstance(raw_filters, list):
            errors.append(FieldError(f"filterGroups[{g}].filters", "each filter group needs `filters`: a list"))
            continue
        if len(raw_filters) > MAX_FILTERS_IN_GROUP:
            errors.append(FieldError(f"filterGroups[{g}].filters", f"at most {MAX_FILTERS_IN_GROUP} filters a group"))
        parsed = [parse_filter(f, f"filterGroups[{g}].filters[{i}]") for i, f in enumerate(raw_filters)]
        errors.extend(e for _, found in parsed for e in found)
        groups.append(tuple(f for f, _ in parsed if f is not None))
    if sum(len(g) for g in groups) > MAX_FILTERS:
        errors.append(FieldError("filterGroups", f"at most {MAX_FILTERS} filters in all filterGroups"))
    sorts, sort_errors = _sorts(body.get("sorts"))
    errors.extend(sort_errors)
    query = body.get("query")
    if query is not None and not isinstance(query, str):
        errors.append(FieldError("query", "query must be a string"))
    properties = body.get("properties")
    if properties is not None and not (isinstance(properties, list) and all(isinstance(p, str) for p in properties)):
        errors.append(FieldError("properties", "properties must be a list of property names"))
    limit = body.get("limit", DEFAULT_LIMIT)
    if isinstance(limit, bool) or not isinstance(limit, int) or not 0 < limit <= MAX_LIMIT:
        errors.append(FieldError("limit", f"limit must be a whole number from 1 to {MAX_LIMIT}, got {limit!r}"))
    raw_after = _text(body.get("after")) or "0"
    after = parse_whole(raw_after)
    if after is None:
        errors.append(FieldError("after", f"after {shown(raw_after)} is not a cursor this search returned "
                                          "(paging.next.after)"))  # fmt: skip
    if errors:
        return None, errors
    return SearchRequest(
        tuple(groups), sorts, query or None, tuple(properties) if properties else None, int(limit), after or 0
    ), []


def _sorts(raw: Any) -> tuple[tuple[Sort, ...], list[FieldError]]:
    """`sorts`: objects {propertyName, direction} as the docs show, or strings ("name", "-name" descending)."""
    if raw is None:
        return (), []
    if not isinstance(raw, list):
        return (), [FieldError("sorts", 'sorts must be a list, e.g. [{"propertyName": "hs_timestamp", '
                                        '"direction": "DESCENDING"}]')]  # fmt: skip
    sorts, errors = [], []
    for i, item in enumerate(raw):
        if isinstance(item, str) and item.lstrip("-"):
            sorts.append(Sort(item.lstrip("-"), item.startswith("-")))
        elif isinstance(item, Mapping) and isinstance(item.get("propertyName"), str):
            direction = item.get("direction", "ASCENDING")
            if direction not in ("ASCENDING", "DESCENDING"):
                errors.append(FieldError(f"sorts[{i}].direction", "direction must be ASCENDING or DESCENDING"))
            sorts.append(Sort(item["propertyName"], direction == "DESCENDING"))
        else:
            errors.append(FieldError(f"sorts[{i}]", "a sort is {propertyName, direction} or a property name"))
    return tuple(sorts), errors


def _number(text: str) -> float | None:
    try:
        return float(text)
    except ValueError:
        return None


def _comparable(name: str, left: str, right: str) -> tuple[Any, Any]:
    """Both sides as numbers, as dates (ms) or as case-folded text: what HubSpot compares by property type."""
    if name in DATETIME_PROPERTIES:
        a, b = parse_timestamp(left), parse_timestamp(right)
        if a is not None and b is not None:
            return a, b
    a_num, b_num = _number(left), _number(right)
    if a_num is not None and b_num is not None:
        return a_num, b_num
    return left.casefold(), right.casefold()


def _equal(name: str, actual: str, wanted: str) -> bool:
    if name in PHONE_PROPERTIES:
        e164 = normalize_e164(wanted)
        if e164 is not None and e164 == normalize_e164(actual):
            return True
    a, b = _comparable(name, actual, wanted)
    return bool(a == b)


def tokens(name: str, value: str) -> set[str]:
    """The words CONTAINS_TOKEN matches: the whole value, its parts, and for phones the digits and E.164."""
    folded = value.casefold()
    found = {folded, *(t for t in _SPLIT.split(folded) if t)}
    if name in PHONE_PROPERTIES:
        digits = NOT_DIGITS.sub("", value)
        e164 = normalize_e164(value)
        found |= {digits, *([e164, e164.lstrip("+")] if e164 else [])}
    return found - {""}


def _glob(pattern: str, text: str) -> bool:
    """`*` is HubSpot's only wildcard; every other character is literal."""
    regex = ".*".join(re.escape(part) for part in pattern.split("*"))
    return re.fullmatch(regex, text, re.DOTALL) is not None


def _contains_token(name: str, actual: str, pattern: str) -> bool:
    wanted = pattern.casefold().strip()
    if name in PHONE_PROPERTIES and "*" not in wanted:
        e164 = normalize_e164(pattern)
        wanted = e164 if e164 else NOT_DIGITS.sub("", wanted) or wanted
    return any(_glob(wanted, token) for token in tokens(name, actual))


def matches_filter(properties: Properties, f: Filter) -> bool:
    """Whether one object's properties pass one filter."""
    actual = properties.get(f.property_name)
    present = actual is not None and actual != ""
    if f.operator == "HAS_PROPERTY":
        return present
    if f.operator == "NOT_HAS_PROPERTY":
        return not present
    if f.operator == "NEQ":
        return not present or not _equal(f.property_name, str(actual), f.value or "")
    if f.operator == "NOT_IN":
        return not present or not any(_equal(f.property_name, str(actual), v) for v in f.values)
    if f.operator == "NOT_CONTAINS_TOKEN":
        return not present or not _contains_token(f.property_name, str(actual), f.value or "")
    if not present:
        return False
    text = str(actual)
    if f.operator == "EQ":
        return _equal(f.property_name, text, f.value or "")
    if f.operator == "IN":
        return any(_equal(f.property_name, text, v) for v in f.values)
    if f.operator == "CONTAINS_TOKEN":
        return _contains_token(f.property_name, text, f.value or "")
    if f.operator == "BETWEEN":
        low, value = _comparable(f.property_name, f.value or "", text)
        high, value2 = _comparable(f.property_name, f.high_value or "", text)
        return _ordered(low, value) and _ordered(value2, high)
    a, b = _comparable(f.property_name, text, f.value or "")
    if type(a) is not type(b):
        return False
    return bool({"GT": a > b, "GTE": a >= b, "LT": a < b, "LTE": a <= b}.get(f.operator, False))


def _ordered(low: Any, high: Any) -> bool:
    return type(low) is type(high) and bool(low <= high)


def matches(properties: Properties, request: SearchRequest, searchable: Sequence[str] = ()) -> bool:
    """Any filter group passes (all its filters), and `query` prefixes a word of a searchable property."""
    if request.filter_groups and not any(
        all(matches_filter(properties, f) for f in group) for group in request.filter_groups
    ):
        return False
    if request.query:
        words = [w for w in request.query.casefold().split() if w]
        for word in words:
            pattern = word if "*" in word else word + "*"
            if not any(
                any(_glob(pattern, t) for t in tokens(name, value))
                for name in searchable
                if (value := properties.get(name))
            ):
                return False
    return True


def _sort_key(properties: Properties, sort: Sort) -> tuple[int, int, Any]:
    """(unset?, text?, value): numbers and dates sort before text, so mixed values never compare across types."""
    value = properties.get(sort.property_name)
    if value is None or value == "":
        return (1, 0, 0)
    if sort.property_name in DATETIME_PROPERTIES and (stamp := parse_timestamp(value)) is not None:
        return (0, 0, stamp)
    number = _number(value)
    return (0, 0, number) if number is not None else (0, 1, value.casefold())


def search(objects: Sequence[tuple[str, Properties]], request: SearchRequest, searchable: Sequence[str] = ()) -> Page:
    """One page of the ids of the objects that match, sorted (default: by id), with the next cursor."""
    found = [(object_id, props) for object_id, props in objects if matches(props, request, searchable)]
    found.sort(key=lambda item: parse_whole(item[0]) or 0)
    for sort in reversed(request.sorts):  # stable sorts: the first sort decides, later ones break ties
        present = [item for item in found if _sort_key(item[1], sort)[0] == 0]
        missing = [item for item in found if _sort_key(item[1], sort)[0] == 1]
        present.sort(key=lambda item: _sort_key(item[1], sort)[1:], reverse=sort.descending)
        found = present + missing  # unset values last, either direction
    total = min(len(found), MAX_RESULTS)
    start = request.after
    page = found[start : min(start + request.limit, MAX_RESULTS)]
    end = start + len(page)
    return Page(total, tuple(object_id for object_id, _ in page), str(end) if end < total else None)
