"""The record model: contacts, companies and what a scenario's record type names."""

from __future__ import annotations

import pytest

from simulator.hubspot.crm.portal import Crm
from simulator.hubspot.crm.records import COMPANY, CONTACT, record_type_id


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


@pytest.mark.parametrize("name", ["company", "Company", "COMPANIES", "0-2"])
def test_record_type_names_a_company(name: str) -> None:
    assert record_type_id(name) == COMPANY


@pytest.mark.parametrize("name", [None, "", "contact", "contacts", "0-1", "deal"])
def test_any_other_record_type_is_a_contact(name: str | None) -> None:
    assert record_type_id(name) == CONTACT
