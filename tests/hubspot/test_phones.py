"""Phone numbers: E.164 normalisation and the country of a number."""

from __future__ import annotations

import pytest

from simulator.hubspot.crm.phones import country_of, normalize_e164


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("+1 (617) 555-0100", "+16175550100"),
        ("16175550100", "+16175550100"),
        ("617-555-0100", "+16175550100"),
        ("(617) 555 0100", "+16175550100"),
        ("617.555.0100", "+16175550100"),
        ("+16175550100", "+16175550100"),
        ("001 617 555 0100", "+16175550100"),
        ("+44 20 7946 0958", "+442079460958"),
        ("  +1 617 555 0100  ", "+16175550100"),
    ],
)
def test_normalize_e164(text: str, expected: str) -> None:
    assert normalize_e164(text) == expected


@pytest.mark.parametrize("text", ["", "555-0100", "12345", "call me", "+1 617 555 01", "26175550100", "+0123456789"])
def test_normalize_e164_rejects(text: str) -> None:
    assert normalize_e164(text) is None


def test_normalize_e164_other_default_country() -> None:
    assert normalize_e164("020 7946 0958", default_country="GB") == "+442079460958"
    assert normalize_e164("020 7946 0958", default_country="XX") is None


def test_country_of() -> None:
    assert country_of("+16175550100") == "US"
    assert country_of("+442079460958") == "GB"
    assert country_of("+99912345678") is None
