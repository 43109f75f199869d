"""The mock CRM: the built-in records, caller-ID matching and engagements."""

from __future__ import annotations

import pytest

from simulator.hubspot.crm.portal import Crm
from simulator.hubspot.crm.records import Company, Contact


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
