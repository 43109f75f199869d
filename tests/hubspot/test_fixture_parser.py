"""The CRM fixtures file: loading it, and errors that name the file and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from simulator.errors import FixturesError
from simulator.hubspot.crm.fixture_parser import DEFAULT_FIXTURES, load_records, parse_records
from simulator.hubspot.crm.portal import Crm


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


def test_load_records_reads_the_builtin_file_by_default() -> None:
    contacts, companies = load_records()
    assert contacts == list(Crm.load().contacts.values())
    assert companies == list(Crm.load().companies.values())
    assert load_records(DEFAULT_FIXTURES) == (contacts, companies)


def test_parse_records_names_its_source() -> None:
    contacts, companies = parse_records("contacts:\n  - {id: 1, first_name: A, last_name: B}\n")
    assert [contact.name for contact in contacts] == ["A B"] and companies == []
    with pytest.raises(FixturesError, match=r"^x\.yaml:1: "):
        parse_records("- 1\n", "x.yaml")
