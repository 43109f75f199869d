"""Batch create/read/update/archive (207 on partial failure) and search over calls, contacts and companies."""

from __future__ import annotations

from typing import Any

import pytest

from tests.helpers.page_socket import Client
from tests.helpers.rest import ADA, AUTH, CALLS, call_body, hubspot_error


async def _create(client: Client, **properties: str) -> str:
    body = await (await client.post(CALLS, json=call_body(**properties), headers=AUTH)).json()
    return str(body["id"])


async def test_batch_create_201_then_207_when_some_inputs_are_refused(client: Client) -> None:
    response = await client.post(f"{CALLS}/batch/create", json={"inputs": [call_body(), call_body()]}, headers=AUTH)
    body = await response.json()
    assert response.status == 201 and body["status"] == "COMPLETE" and len(body["results"]) == 2
    assert body["startedAt"] and body["completedAt"]
    bad = {"properties": {"hs_call_title": "no timestamp"}}
    response = await client.post(f"{CALLS}/batch/create", json={"inputs": [call_body(), bad]}, headers=AUTH)
    body = await response.json()
    assert response.status == 207 and len(body["results"]) == 1 and body["numErrors"] == 1
    error = body["errors"][0]
    assert error["category"] == "VALIDATION_ERROR" and error["context"]["index"] == ["1"]
    assert error["errors"][0]["in"] == "inputs[1].hs_timestamp"


async def test_batch_create_with_nothing_valid_is_400(client: Client) -> None:
    response = await client.post(f"{CALLS}/batch/create", json={"inputs": [{"properties": {}}]}, headers=AUTH)
    await hubspot_error(response, 400, "VALIDATION_ERROR")


async def test_batch_read_207_names_missing_ids(client: Client) -> None:
    known = await _create(client)
    response = await client.post(
        f"{CALLS}/batch/read", json={"inputs": [{"id": known}, {"id": "1"}], "properties": ["hs_call_title"]},
        headers=AUTH,
    )  # fmt: skip
    body = await response.json()
    assert response.status == 207 and [r["id"] for r in body["results"]] == [known]
    assert body["results"][0]["properties"]["hs_call_title"] == "Call"
    assert body["errors"][0]["category"] == "OBJECT_NOT_FOUND" and body["errors"][0]["context"] == {"ids": ["1"]}
    contacts = await client.post("/crm/v3/objects/contacts/batch/read", json={"inputs": [{"id": str(ADA)}]},
                                 headers=AUTH)  # fmt: skip
    assert contacts.status == 200 and (await contacts.json())["results"][0]["properties"]["firstname"] == "Ada"


async def test_batch_update_200_and_207(client: Client) -> None:
    first, second = await _create(client), await _create(client)
    inputs = [{"id": first, "properties": {"hs_call_body": "a"}}, {"id": second, "properties": {"hs_call_body": "b"}}]
    response = await client.post(f"{CALLS}/batch/update", json={"inputs": inputs}, headers=AUTH)
    assert response.status == 200
    assert sorted(r["properties"]["hs_call_body"] for r in (await response.json())["results"]) == ["a", "b"]
    inputs = [{"id": first, "properties": {"hs_call_body": "c"}}, {"id": "5", "properties": {"hs_call_body": "d"}},
              {"id": second, "properties": {"hs_call_status": "DONE"}}]  # fmt: skip
    response = await client.post(f"{CALLS}/batch/update", json={"inputs": inputs}, headers=AUTH)
    body = await response.json()
    assert response.status == 207 and body["numErrors"] == 2
    categories = {e["category"]: e for e in body["errors"]}
    assert categories["OBJECT_NOT_FOUND"]["context"]["ids"] == ["5"]
    assert categories["VALIDATION_ERROR"]["errors"][0]["in"] == "inputs[2].hs_call_status"


async def test_batch_archive_is_204(client: Client) -> None:
    known = await _create(client)
    response = await client.post(f"{CALLS}/batch/archive", json={"inputs": [{"id": known}, {"id": "9"}]}, headers=AUTH)
    assert response.status == 204
    assert (await client.get(f"{CALLS}/{known}", headers=AUTH)).status == 404


def _eq(name: str, value: str, operator: str = "EQ") -> dict[str, Any]:
    return {"filterGroups": [{"filters": [{"propertyName": name, "operator": operator, "value": value}]}],
            "properties": ["firstname", "phone"]}  # fmt: skip


@pytest.mark.parametrize("number", ["+16175550100", "+1 (617) 555-0100", "6175550100"])
@pytest.mark.parametrize("operator", ["EQ", "CONTAINS_TOKEN"])
async def test_a_backend_finds_the_caller_by_phone(client: Client, number: str, operator: str) -> None:
    response = await client.post("/crm/v3/objects/contacts/search", json=_eq("phone", number, operator), headers=AUTH)
    body = await response.json()
    assert response.status == 200 and body["total"] == 1
    assert body["results"][0]["id"] == str(ADA) and body["results"][0]["properties"]["firstname"] == "Ada"


async def test_company_search_by_phone_and_query(client: Client) -> None:
    response = await client.post("/crm/v3/objects/companies/search", json=_eq("phone", "+15105550142"), headers=AUTH)
    assert [r["id"] for r in (await response.json())["results"]] == ["78"]
    response = await client.post("/crm/v3/objects/companies/search", json={"query": "harbor"}, headers=AUTH)
    assert [r["id"] for r in (await response.json())["results"]] == ["78"]


async def test_call_search_with_sorts_and_paging(client: Client) -> None:
    for duration in ("3000", "1000", "2000"):
        await _create(client, hs_call_duration=duration)
    body = {
        "filterGroups": [{"filters": [{"propertyName": "hs_call_duration", "operator": "GTE", "value": "1500"}]}],
        "sorts": [{"propertyName": "hs_call_duration", "direction": "DESCENDING"}],
        "properties": ["hs_call_duration"],
        "limit": 1,
    }
    first = await (await client.post(f"{CALLS}/search", json=body, headers=AUTH)).json()
    assert first["total"] == 2 and first["results"][0]["properties"]["hs_call_duration"] == "3000"
    second = await (await client.post(f"{CALLS}/search", json={**body, "after": first["paging"]["next"]["after"]},
                                      headers=AUTH)).json()  # fmt: skip
    assert second["results"][0]["properties"]["hs_call_duration"] == "2000" and "paging" not in second


async def test_a_bad_search_names_the_field(client: Client) -> None:
    body = {"filterGroups": [{"filters": [{"propertyName": "phone", "operator": "LIKE", "value": "1"}]}]}
    response = await client.post("/crm/v3/objects/contacts/search", json=body, headers=AUTH)
    error = await hubspot_error(response, 400, "VALIDATION_ERROR")
    assert error["errors"][0]["in"] == "filterGroups[0].filters[0].operator" and "LIKE" in error["message"]
