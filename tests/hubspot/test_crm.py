"""The mock CRM: fixtures, E.164 normalisation, caller-ID matching and engagements."""

from __future__ import annotations

from pathlib import Path

import pytest

from simulator.errors import FixturesError
from simulator.hubspot.crm import DEFAULT_FIXTURES, Company, Contact, Crm, country_of, normalize_e164


def test_builtin_fixtures_load() -> None:
    crm = Crm.load()
    assert len(crm.contacts) >= 6 and len(crm.companies) == 3
    ada = crm.contacts[51]
    assert (ada.first_name, ada.last_name) == ("Ada", "Lovelace")
    assert ada.phones[0].number == "+1 (617) 555-0100"
    assert ada.phones[0].property == "phone"
    assert isinstance(crm.record("0-2", ada.company_id or 0), Company)
    assert all(phone.e164 for record in crm.records() for phone in record.phones)


def test_builtin_fixtures_have_unique_numbers() -> None:
    numbers = [phone.e164 for record in Crm.load().records() for phone in record.phones]
    assert len(numbers) == len(set(numbers))


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


@pytest.mark.parametrize("number", ["+1 (617) 555-0100", "16175550100", "617-555-0100"])
def test_match_caller_contact(number: str) -> None:
    assert Crm.load().match_caller(number, 81431) == [
        {
            "callerIdType": "CONTACT",
            "objectCoordinates": {"portalId": 81431, "objectTypeId": "0-1", "objectId": 51},
            "firstName": "Ada",
            "lastName": "Lovelace",
            "email": "ada@analytical-engines.example.com",
        }
    ]


def test_match_caller_company() -> None:
    (match,) = Crm.load().match_caller("+16175550199", 81431)
    assert match == {
        "callerIdType": "COMPANY",
        "objectCoordinates": {"portalId": 81431, "objectTypeId": "0-2", "objectId": 77},
        "name": "Analytical Engines Ltd",
    }


@pytest.mark.parametrize("number", ["+15550000000", "not a number", ""])
def test_match_caller_nobody(number: str) -> None:
    assert Crm.load().match_caller(number, 81431) == []


def test_record_lookup() -> None:
    crm = Crm.load()
    assert isinstance(crm.record("0-1", 51), Contact)
    assert crm.record("0-1", 77) is None
    assert crm.record("0-3", 51) is None


def test_engagements_create_update_and_list() -> None:
    crm = Crm.load()
    first = crm.create_engagement("c1", "OUTBOUND", [("0-1", 51), ("0-2", 77), ("0-1", 51)], {"a": "1"}, 1_000)
    second = crm.create_engagement("c2", "INBOUND", [("0-1", 51)], {}, 2_000)
    assert second.id == first.id + 1
    assert first.associations == (("0-1", 51), ("0-2", 77))
    updated = crm.update_engagement(first.id, 3_000, {"b": "2"}, status="COMPLETED", completed=True)
    assert updated.properties == {"a": "1", "b": "2"}
    assert (updated.status, updated.completed, updated.updated_at_ms) == ("COMPLETED", True, 3_000)
    assert crm.engagement(first.id) == updated
    assert [e.id for e in crm.engagements_for("0-1", 51)] == [first.id, second.id]
    assert crm.engagements_for("0-2", 77) == [updated]
    assert updated.to_json()["associations"][1] == {"objectTypeId": "0-2", "objectId": 77}
    with pytest.raises(KeyError):
        crm.update_engagement(424242, 0)


def test_load_custom_file(tmp_path: Path) -> None:
    path = tmp_path / "crm.yaml"
    path.write_text("contacts:\n  - {id: 1, first_name: A, last_name: B, phones: [{number: '617-555-0100'}]}\n")
    crm = Crm.load(path)
    assert crm.companies == {}
    assert crm.contacts[1].phones[0].property == "phone"


BAD_FIXTURES = [
    ("contacts:\n  - id: '51'\n    first_name: A\n    last_name: B\n", 2,
     "contacts[0].id: expected an integer, got str '51'"),
    ("contacts:\n  - id: 1\n    first_name: A\n", 2, "contacts[0]: missing required key 'last_name'"),
    ("contacts:\n  - id: 1\n    first_name: A\n    last_name: B\n    age: 3\n", 5, "unknown key 'age'"),
    ("companies:\n  - id: 7\n    name: X\n    phones:\n      - number: 'hello'\n", 5, "expected a phone number"),
    ("companies:\n  - id: 7\n    name: X\n    phones:\n      - {number: '+16175550100', property: fax}\n", 5,
     "expected one of phone, mobilephone"),
    ("contacts:\n  - {id: 1, first_name: A, last_name: B, company_id: 9}\n", 2, "no company with id 9"),
    ("companies:\n  - {id: 7, name: X}\n  - {id: 7, name: Y}\n", 3, "duplicate id 7"),
    ("contacts: {id: 1}\n", 1, "contacts: expected a list, got a mapping"),
    ("- 1\n- 2\n", 1, "the top level: expected a mapping, got a list"),
    ("contacts:\n  - {id: 1, first_name: [A], last_name: B}\n", 2, "first_name: expected a string, got a list"),
    ("contacts: [\n", 2, "not valid YAML"),
    ("", 1, "empty file"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "line", "message"), BAD_FIXTURES)
def test_bad_fixtures_name_file_and_line(tmp_path: Path, text: str, line: int, message: str) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(text)
    with pytest.raises(FixturesError) as raised:
        Crm.load(path)
    assert str(raised.value).startswith(f"{path}:{line}: ")
    assert message in str(raised.value)


def test_quoted_integer_gets_a_hint() -> None:
    with pytest.raises(FixturesError, match="Hint: remove the quotes"):
        Crm.parse("contacts:\n  - {id: '1', first_name: A, last_name: B}\n", "x.yaml")


def test_missing_file_is_a_fixtures_error(tmp_path: Path) -> None:
    with pytest.raises(FixturesError, match="cannot read"):
        Crm.load(tmp_path / "nope.yaml")


def test_fixtures_error_is_a_value_error() -> None:
    assert issubclass(FixturesError, ValueError)
    assert DEFAULT_FIXTURES.exists()


def test_records_to_json() -> None:
    crm = Crm.load()
    ada = crm.contacts[51].to_json()
    assert ada["name"] == "Ada Lovelace" and ada["objectTypeId"] == "0-1"
    assert ada["phones"][0] == {
        "label": "Work",
        "property": "phone",
        "number": "+1 (617) 555-0100",
        "e164": "+16175550100",
    }
    assert crm.companies[77].to_json()["objectTypeId"] == "0-2"
