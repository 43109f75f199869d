"""The calls API: create, read, list with paging, update, archive, associations."""

from __future__ import annotations

from tests.helpers.page_socket import Client
from tests.helpers.rest import ADA, AUTH, CALLS, call_body, hubspot_error


async def test_create_is_201_with_string_id_and_string_properties(client: Client) -> None:
    response = await client.post(CALLS, json=call_body(hs_call_duration="65000"), headers=AUTH)
    assert response.status == 201
    body = await response.json()
    assert isinstance(body["id"], str) and body["archived"] is False
    assert body["properties"]["hs_call_title"] == "Call" and body["properties"]["hs_object_id"] == body["id"]
    assert all(isinstance(v, str) for v in body["properties"].values())
    assert body["createdAt"].endswith("Z") and body["updatedAt"].endswith("Z")


async def test_read_returns_defaults_requested_properties_and_associations(client: Client) -> None:
    created = await (await client.post(CALLS, json=call_body(), headers=AUTH)).json()
    response = await client.get(
        f"{CALLS}/{created['id']}?properties=hs_call_title,hs_call_body&associations=contacts,companies", headers=AUTH
    )
    body = await response.json()
    assert response.status == 200
    assert body["properties"]["hs_call_title"] == "Call" and body["properties"]["hs_call_body"] is None
    assert set(body["properties"]) == {"hs_createdate", "hs_lastmodifieddate", "hs_object_id", "hs_call_title",
                                       "hs_call_body"}  # fmt: skip
    assert body["associations"] == {"contacts": {"results": [{"id": str(ADA), "type": "call_to_contact"}]}}


async def test_a_call_to_a_company_uses_type_182(client: Client) -> None:
    body = call_body()
    body["associations"] = [{"to": {"id": "77"}, "types": [{"associationCategory": "HUBSPOT_DEFINED",
                                                               "associationTypeId": 182}]}]  # fmt: skip
    created = await (await client.post(CALLS, json=body, headers=AUTH)).json()
    read = await (await client.get(f"{CALLS}/{created['id']}?associations=companies", headers=AUTH)).json()
    assert read["associations"]["companies"]["results"] == [{"id": "77", "type": "call_to_company"}]
    company = await (await client.get("/crm/v3/objects/companies/77?associations=calls", headers=AUTH)).json()
    assert {"id": created["id"], "type": "company_to_call"} in company["associations"]["calls"]["results"]


async def test_list_pages_with_after(client: Client) -> None:
    ids = [(await (await client.post(CALLS, json=call_body(), headers=AUTH)).json())["id"] for _ in range(3)]
    first = await (await client.get(f"{CALLS}?limit=2", headers=AUTH)).json()
    assert [r["id"] for r in first["results"]] == ids[:2]
    after = first["paging"]["next"]["after"]
    assert "after=" in first["paging"]["next"]["link"]
    second = await (await client.get(f"{CALLS}?limit=2&after={after}", headers=AUTH)).json()
    assert [r["id"] for r in second["results"]] == ids[2:] and "paging" not in second


async def test_update_merges_and_empty_string_clears(client: Client) -> None:
    created = await (await client.post(CALLS, json=call_body(hs_call_body="first"), headers=AUTH)).json()
    url = f"{CALLS}/{created['id']}"
    response = await client.patch(url, json={"properties": {"hs_call_status": "COMPLETED", "hs_call_body": ""}},
                                  headers=AUTH)  # fmt: skip
    body = await response.json()
    assert response.status == 200 and body["properties"]["hs_call_status"] == "COMPLETED"
    assert "hs_call_body" not in body["properties"] and body["properties"]["hs_call_title"] == "Call"


async def test_archive_hides_the_call_except_with_archived_true(client: Client) -> None:
    created = await (await client.post(CALLS, json=call_body(), headers=AUTH)).json()
    url = f"{CALLS}/{created['id']}"
    assert (await client.delete(url, headers=AUTH)).status == 204
    await hubspot_error(await client.get(url, headers=AUTH), 404, "OBJECT_NOT_FOUND")
    archived = await (await client.get(url + "?archived=true", headers=AUTH)).json()
    assert archived["archived"] is True and "archivedAt" in archived
    listed = await (await client.get(f"{CALLS}?archived=true", headers=AUTH)).json()
    assert [r["id"] for r in listed["results"]] == [created["id"]]
    assert (await client.delete(url, headers=AUTH)).status == 204  # again: still archived, still 204


async def test_the_date_versioned_path_is_the_same_api(client: Client) -> None:
    created = await (await client.post("/crm/objects/2026-03/calls", json=call_body(), headers=AUTH)).json()
    assert (await client.get(f"{CALLS}/{created['id']}", headers=AUTH)).status == 200


async def test_contacts_and_companies_read_and_list(client: Client) -> None:
    ada = await (await client.get(f"/crm/v3/objects/contacts/{ADA}?properties=phone", headers=AUTH)).json()
    assert ada["properties"]["firstname"] == "Ada" and ada["properties"]["phone"] == "+1 (617) 555-0100"
    listed = await (await client.get("/crm/v3/objects/companies?limit=100", headers=AUTH)).json()
    assert [r["properties"]["name"] for r in listed["results"]][0] == "Analytical Engines Ltd"
    await hubspot_error(await client.get("/crm/v3/objects/contacts/999", headers=AUTH), 404, "OBJECT_NOT_FOUND")
