"""Contact and company writes (issue 19, item 4): create, update, archive, batches, upsert; HubSpot's checks."""

from __future__ import annotations

from typing import Any

import pytest

from simulator.server.appkeys import CRM
from tests.helpers.page_socket import Client
from tests.helpers.rest import ADA, AUTH, hubspot_error

CONTACTS, COMPANIES = "/crm/v3/objects/contacts", "/crm/v3/objects/companies"
VERSIONED = ("/crm/v3/objects", "/crm/objects/2025-09", "/crm/objects/2026-03", "/crm/objects/2026-09")


async def create(client: Client, path: str, **properties: str) -> dict[str, Any]:
    response = await client.post(path, json={"properties": properties}, headers=AUTH)
    assert response.status == 201, await response.text()
    body: dict[str, Any] = await response.json()
    assert response.headers["Location"].endswith(f"{path}/{body['id']}")
    return body


@pytest.mark.parametrize("prefix", VERSIONED)
async def test_a_contact_created_in_any_version_is_read_back_and_matched_as_a_caller(
    client: Client, prefix: str
) -> None:
    created = await create(client, f"{prefix}/contacts", email="new@example.com", firstname="Nia",
                           lastname="Okafor", phone="+1 617 555 0123", website="example.com")  # fmt: skip
    assert created["properties"]["firstname"] == "Nia" and created["properties"]["website"] == "example.com"
    assert created["createdAt"] == created["updatedAt"] and not created["createdAt"].startswith("2024-01-01")
    read = await (await client.get(f"{CONTACTS}/{created['id']}?properties=phone,website", headers=AUTH)).json()
    assert read["properties"]["phone"] == "+1 617 555 0123" and read["properties"]["website"] == "example.com"
    matches = client.app[CRM].match_caller("+16175550123", 1)
    assert [m["objectCoordinates"]["objectId"] for m in matches] == [int(created["id"])]


async def test_the_record_page_shows_a_written_contact_at_once(client: Client) -> None:
    created = await create(client, CONTACTS, firstname="Nia", lastname="Okafor", phone="+16175550123")
    page = await client.get(f"/contacts/{created['id']}")
    assert page.status == 200 and "Nia Okafor" in await page.text()
    await client.patch(f"{CONTACTS}/{created['id']}", json={"properties": {"lastname": "Adeyemi"}}, headers=AUTH)
    assert "Nia Adeyemi" in await (await client.get(f"/contacts/{created['id']}")).text()


async def test_update_changes_only_the_given_properties_and_empty_clears(client: Client) -> None:
    response = await client.patch(
        f"{CONTACTS}/{ADA}", json={"properties": {"jobtitle": "Analyst", "mobilephone": ""}}, headers=AUTH
    )
    assert response.status == 200, await response.text()
    body = await (await client.get(f"{CONTACTS}/{ADA}?properties=jobtitle,mobilephone,phone", headers=AUTH)).json()
    assert body["properties"]["jobtitle"] == "Analyst" and body["properties"]["mobilephone"] is None
    assert body["properties"]["phone"] == "+1 (617) 555-0100"  # untouched
    assert client.app[CRM].match_caller("+16175550101", 1) == []  # the cleared mobile no longer rings as Ada


async def test_a_contact_is_updated_by_email_with_id_property(client: Client) -> None:
    response = await client.patch(
        f"{CONTACTS}/ADA@analytical-engines.example.com?idProperty=email",
        json={"properties": {"firstname": "Augusta"}},
        headers=AUTH,
    )
    assert response.status == 200, await response.text()
    assert client.app[CRM].contacts[ADA].first_name == "Augusta"


async def test_taking_another_contacts_email_answers_409_with_the_existing_id(client: Client) -> None:
    response = await client.post(
        CONTACTS, json={"properties": {"email": "Ada@Analytical-Engines.example.com"}}, headers=AUTH
    )
    body = await hubspot_error(response, 409, "CONFLICT")
    assert body["message"] == f"Contact already exists. Existing ID: {ADA}"
    assert body["errors"][0]["in"] == "email"
    other = await create(client, CONTACTS, email="other@example.com")
    moved = await client.patch(
        f"{CONTACTS}/{other['id']}", json={"properties": {"email": "ada@analytical-engines.example.com"}}, headers=AUTH
    )
    await hubspot_error(moved, 409, "CONFLICT")


@pytest.mark.parametrize(
    ("properties", "field", "code"),
    [
        ({"email": "not-an-email"}, "email", "INVALID_EMAIL"),
        ({"phone": "call me maybe"}, "phone", "INVALID_PHONE_NUMBER"),
        ({"phone": "12"}, "phone", "INVALID_PHONE_NUMBER"),
        ({"mobilephone": "+1 617 555 0100 0100 0100"}, "mobilephone", "INVALID_PHONE_NUMBER"),
        ({"lifecyclestage": "friend"}, "lifecyclestage", "INVALID_OPTION"),
        ({"numemployees": "5,000"}, "numemployees", "INVALID_INTEGER"),
        ({"favourite_colour": "blue"}, "favourite_colour", "PROPERTY_DOESNT_EXIST"),
        ({"hs_object_id": "5"}, "hs_object_id", "READ_ONLY_VALUE"),
        ({"associatedcompanyid": "999"}, "associatedcompanyid", "INVALID_VALUE"),
    ],
)
async def test_hubspots_checks_name_the_bad_property(
    client: Client, properties: dict[str, str], field: str, code: str
) -> None:
    before = len(client.app[CRM].contacts)
    body = await hubspot_error(await client.post(CONTACTS, json={"properties": properties}, headers=AUTH), 400,
                               "VALIDATION_ERROR")  # fmt: skip
    assert [(e["in"], e["code"]) for e in body["errors"]] == [(field, code)]
    assert len(client.app[CRM].contacts) == before  # nothing was created


async def test_a_phone_with_an_extension_is_a_phone(client: Client) -> None:
    created = await create(client, COMPANIES, name="Ext Inc", phone="(617) 555-0150 ext 12")
    assert created["properties"]["phone"] == "(617) 555-0150 ext 12"


async def test_archive_hides_a_company_and_archived_reads_find_it(client: Client) -> None:
    company = await create(client, COMPANIES, name="Gone Ltd", phone="+1 617 555 0160")
    assert (await client.delete(f"{COMPANIES}/{company['id']}", headers=AUTH)).status == 204
    assert (await client.get(f"{COMPANIES}/{company['id']}", headers=AUTH)).status == 404
    archived = await (await client.get(f"{COMPANIES}/{company['id']}?archived=true", headers=AUTH)).json()
    assert archived["archived"] is True and archived["properties"]["name"] == "Gone Ltd"
    assert client.app[CRM].match_caller("+16175550160", 1) == []
    assert (await client.delete(f"{COMPANIES}/{company['id']}", headers=AUTH)).status == 204  # again: still 204
    assert (await client.delete(f"{COMPANIES}/999999", headers=AUTH)).status == 404


async def test_batch_create_refuses_the_bad_inputs_and_creates_the_rest(client: Client) -> None:
    inputs = [{"properties": {"email": "one@example.com"}}, {"properties": {"email": "bad"}},
              {"properties": {"email": "ONE@example.com"}}]  # fmt: skip
    response = await client.post(f"{CONTACTS}/batch/create", json={"inputs": inputs}, headers=AUTH)
    assert response.status == 207, await response.text()
    body = await response.json()
    assert [r["properties"]["email"] for r in body["results"]] == ["one@example.com"]
    assert [(e["context"]["index"], e["category"]) for e in body["errors"]] == [
        (["1"], "VALIDATION_ERROR"),
        (["2"], "CONFLICT"),  # the same email twice in one batch
    ]


async def test_batch_update_and_archive(client: Client) -> None:
    a = await create(client, COMPANIES, name="A")
    b = await create(client, COMPANIES, name="B")
    inputs = [{"id": a["id"], "properties": {"city": "Lyon"}}, {"id": "999999", "properties": {"city": "Nice"}}]
    response = await client.post(f"{COMPANIES}/batch/update", json={"inputs": inputs}, headers=AUTH)
    assert response.status == 207
    body = await response.json()
    assert body["results"][0]["properties"]["city"] == "Lyon"
    assert body["errors"][0]["context"]["ids"] == ["999999"]
    archive = {"inputs": [{"id": a["id"]}, {"id": b["id"]}, {"id": "999999"}]}
    assert (await client.post(f"{COMPANIES}/batch/archive", json=archive, headers=AUTH)).status == 204
    crm = client.app[CRM]
    assert int(a["id"]) not in crm.companies and int(b["id"]) not in crm.companies


async def test_batch_upsert_by_email_creates_new_contacts_and_updates_known_ones(client: Client) -> None:
    inputs = [
        {"idProperty": "email", "id": "ada@analytical-engines.example.com", "properties": {"jobtitle": "Countess"}},
        {"idProperty": "email", "id": "new@example.com", "properties": {"firstname": "New"}},
    ]
    response = await client.post(f"{CONTACTS}/batch/upsert", json={"inputs": inputs}, headers=AUTH)
    assert response.status == 200, await response.text()
    results = (await response.json())["results"]
    assert [(r["new"], r["properties"].get("email")) for r in results] == [
        (False, "ada@analytical-engines.example.com"),
        (True, "new@example.com"),
    ]
    assert client.app[CRM].contacts[ADA].job_title == "Countess"


async def test_companies_cannot_be_upserted_by_email(client: Client) -> None:
    inputs = [{"idProperty": "email", "id": "x@example.com", "properties": {"name": "X"}}]
    body = await hubspot_error(
        await client.post(f"{COMPANIES}/batch/upsert", json={"inputs": inputs}, headers=AUTH), 400, "VALIDATION_ERROR"
    )
    assert body["errors"][0]["in"] == "inputs[0].idProperty"


async def test_writes_need_a_token(client: Client) -> None:
    response = await client.post(CONTACTS, json={"properties": {"firstname": "X"}})
    await hubspot_error(response, 401, "INVALID_AUTHENTICATION")


async def test_the_beta_version_serves_no_contact_writes(client: Client) -> None:
    response = await client.post("/crm/objects/2026-09-beta/contacts", json={"properties": {}}, headers=AUTH)
    assert response.status == 404


async def test_a_contact_is_read_by_email(client: Client) -> None:
    response = await client.get(f"{CONTACTS}/ada@analytical-engines.example.com?idProperty=email", headers=AUTH)
    assert response.status == 200, await response.text()
    assert (await response.json())["id"] == str(ADA)
    missing = await client.get(f"{CONTACTS}/nobody@example.com?idProperty=email", headers=AUTH)
    await hubspot_error(missing, 404, "OBJECT_NOT_FOUND")


async def test_associations_on_a_record_create_are_refused_with_the_way_to_link(client: Client) -> None:
    link = [{"to": {"id": "77"}, "types": [{"associationCategory": "HUBSPOT_DEFINED", "associationTypeId": 279}]}]
    single = await client.post(CONTACTS, json={"properties": {"firstname": "X"}, "associations": link}, headers=AUTH)
    body = await hubspot_error(single, 400, "VALIDATION_ERROR")
    assert body["errors"][0]["in"] == "associations" and "associatedcompanyid" in body["message"]
    inputs = [{"properties": {"firstname": "Y"}, "associations": link}, {"properties": {"firstname": "Z"}}]
    batch = await client.post(f"{CONTACTS}/batch/create", json={"inputs": inputs}, headers=AUTH)
    assert batch.status == 207
    assert (await batch.json())["errors"][0]["errors"][0]["in"] == "inputs[0].associations"
