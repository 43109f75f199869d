"""The associations API (issue 19, item 2): v4 as HubSpot's clients call it, the dated versions' object paths."""

from __future__ import annotations

from typing import Any

import pytest

from simulator.hubspot.crm.records import CONTACT
from simulator.server.appkeys import CRM
from tests.helpers.page_socket import Client
from tests.helpers.rest import ADA, AUTH, CALLS, hubspot_error

V4 = "/crm/v4/objects"
NO_COMPANY = 81  # a fixture contact with no company
SPEC = [{"associationCategory": "HUBSPOT_DEFINED", "associationTypeId": 194}]


async def new_call(client: Client) -> str:
    body = {"properties": {"hs_timestamp": "2026-01-01T10:00:00Z", "hs_call_title": "Unlinked"}}
    response = await client.post(CALLS, json=body, headers=AUTH)
    assert response.status == 201
    return str((await response.json())["id"])


async def listed(client: Client, path: str) -> list[dict[str, Any]]:
    response = await client.get(path, headers=AUTH)
    assert response.status == 200, await response.text()
    results: list[dict[str, Any]] = (await response.json())["results"]
    return results


@pytest.mark.parametrize("prefix", [V4, "/crm/objects/2025-09", "/crm/objects/2026-03", "/crm/objects/2026-09"])
async def test_a_default_association_shows_from_both_ends(client: Client, prefix: str) -> None:
    call = await new_call(client)
    response = await client.put(f"{prefix}/calls/{call}/associations/default/contacts/{ADA}", headers=AUTH)
    assert response.status == 200, await response.text()
    body = await response.json()
    assert body["status"] == "COMPLETE"
    assert body["results"] == [{"from": {"id": call}, "to": {"id": str(ADA)},
                                "associationSpec": {"associationCategory": "HUBSPOT_DEFINED",
                                                    "associationTypeId": 194}}]  # fmt: skip
    assert response.headers["Location"].endswith(f"{prefix}/calls/{call}/associations/default/contacts/{ADA}")
    assert await listed(client, f"{prefix}/calls/{call}/associations/contacts") == [
        {"toObjectId": str(ADA), "associationTypes": [{"category": "HUBSPOT_DEFINED", "typeId": 194, "label": None}]}
    ]
    from_contact = await listed(client, f"{prefix}/0-1/{ADA}/associations/call")  # type ids and singulars too
    assert call in [r["toObjectId"] for r in from_contact]
    assert (CONTACT, ADA) in client.app[CRM].engagements[int(call)].associations  # the timeline's own data


async def test_a_labelled_put_answers_201_and_delete_removes_it(client: Client) -> None:
    call = await new_call(client)
    pair = f"{V4}/calls/{call}/associations/contacts/{ADA}"
    response = await client.put(pair, json=SPEC, headers=AUTH)
    assert response.status == 201, await response.text()
    assert await response.json() == {"fromObjectTypeId": "0-48", "fromObjectId": call, "toObjectTypeId": "0-1",
                                     "toObjectId": str(ADA), "labels": []}  # fmt: skip
    assert response.headers["Location"].endswith(pair)
    assert (await client.delete(pair, headers=AUTH)).status == 204
    assert await listed(client, f"{V4}/calls/{call}/associations/contacts") == []
    assert (await client.delete(pair, headers=AUTH)).status == 204  # none left: still 204, as HubSpot


async def test_a_type_the_pair_does_not_have_is_refused_naming_it(client: Client) -> None:
    call = await new_call(client)
    wrong = [{"associationCategory": "HUBSPOT_DEFINED", "associationTypeId": 279}]
    response = await client.put(f"{V4}/calls/{call}/associations/contacts/{ADA}", json=wrong, headers=AUTH)
    body = await hubspot_error(response, 400, "VALIDATION_ERROR")
    assert body["errors"][0]["in"] == "body[0]" and "194" in body["message"]
    empty = await client.put(f"{V4}/calls/{call}/associations/contacts/{ADA}", json=[], headers=AUTH)
    await hubspot_error(empty, 400, "VALIDATION_ERROR")


async def test_contact_to_company_is_the_contacts_one_company(client: Client) -> None:
    response = await client.put(f"{V4}/contacts/{NO_COMPANY}/associations/default/companies/79", headers=AUTH)
    assert response.status == 200, await response.text()
    assert client.app[CRM].contacts[NO_COMPANY].company_id == 79
    assert await listed(client, f"{V4}/contacts/{NO_COMPANY}/associations/companies") == [
        {"toObjectId": "79", "associationTypes": [{"category": "HUBSPOT_DEFINED", "typeId": 279, "label": None},
                                                  {"category": "HUBSPOT_DEFINED", "typeId": 1, "label": "Primary"}]}
    ]  # fmt: skip
    people = await listed(client, f"{V4}/companies/79/associations/contacts")
    assert str(NO_COMPANY) in [p["toObjectId"] for p in people]
    second = await client.put(f"{V4}/contacts/{NO_COMPANY}/associations/default/companies/78", headers=AUTH)
    body = await hubspot_error(second, 400, "VALIDATION_ERROR")
    assert "one company per contact" in body["message"]
    assert (await client.delete(f"{V4}/companies/79/associations/contacts/{NO_COMPANY}", headers=AUTH)).status == 204
    assert client.app[CRM].contacts[NO_COMPANY].company_id is None


async def test_unknown_objects_and_types(client: Client) -> None:
    missing = await client.put(f"{V4}/calls/999/associations/default/contacts/{ADA}", headers=AUTH)
    await hubspot_error(missing, 404, "OBJECT_NOT_FOUND")
    unknown_type = await client.put(f"{V4}/calls/1/associations/default/deals/1", headers=AUTH)
    assert unknown_type.status == 404  # no route: callsim serves no deals
    same = await client.get(f"{V4}/contacts/{ADA}/associations/contacts", headers=AUTH)
    await hubspot_error(same, 400, "VALIDATION_ERROR")


async def test_the_beta_lists_a_calls_associations_only_and_v3_serves_none(client: Client) -> None:
    call = await new_call(client)
    await client.put(f"{V4}/calls/{call}/associations/default/companies/77", headers=AUTH)
    beta = await listed(client, f"/crm/objects/2026-09-beta/calls/{call}/associations/companies")
    assert [r["toObjectId"] for r in beta] == ["77"]
    assert (
        await client.get(f"/crm/objects/2026-09-beta/contacts/{ADA}/associations/calls", headers=AUTH)
    ).status == 404
    assert (await client.put(f"/crm/objects/2026-09-beta/calls/{call}/associations/default/companies/77",
                             headers=AUTH)).status == 404  # fmt: skip
    assert (await client.get(f"/crm/v3/objects/calls/{call}/associations/companies", headers=AUTH)).status == 404


async def test_batches_create_read_and_archive(client: Client) -> None:
    one, two = await new_call(client), await new_call(client)
    base = "/crm/v4/associations/calls/contacts/batch"
    inputs = [{"from": {"id": one}, "to": {"id": str(ADA)}, "types": SPEC}]
    created = await client.post(f"{base}/create", json={"inputs": inputs}, headers=AUTH)
    assert created.status == 201, await created.text()
    assert (await created.json())["results"][0]["toObjectId"] == str(ADA)
    default = await client.post(f"{base}/associate/default", json={"inputs": [{"from": {"id": two},
                                "to": {"id": "52"}}]}, headers=AUTH)  # fmt: skip
    assert default.status == 200, await default.text()
    read = await client.post(f"{base}/read", json={"inputs": [{"id": one}, {"id": two}, {"id": "999"}]}, headers=AUTH)
    assert read.status == 207
    body = await read.json()
    assert {r["from"]["id"]: [t["toObjectId"] for t in r["to"]] for r in body["results"]} == {
        one: [str(ADA)], two: ["52"]}  # fmt: skip
    assert body["errors"][0]["context"]["ids"] == ["999"]
    archive = {"inputs": [{"from": {"id": one}, "to": [{"id": str(ADA)}]}]}
    assert (await client.post(f"{base}/archive", json=archive, headers=AUTH)).status == 204
    labels = {"inputs": [{"from": {"id": two}, "to": {"id": "52"}, "types": SPEC}]}
    assert (await client.post(f"{base}/labels/archive", json=labels, headers=AUTH)).status == 204
    crm = client.app[CRM]
    assert crm.engagements[int(one)].associations == () and crm.engagements[int(two)].associations == ()


async def test_a_bad_batch_input_names_the_field(client: Client) -> None:
    response = await client.post("/crm/v4/associations/calls/contacts/batch/create",
                                 json={"inputs": [{"from": {"id": 1}, "to": {"id": "51"}}]}, headers=AUTH)  # fmt: skip
    body = await hubspot_error(response, 400, "VALIDATION_ERROR")
    assert body["errors"][0]["in"] == "inputs[0].from.id"


async def test_associations_need_a_token(client: Client) -> None:
    response = await client.get(f"{V4}/contacts/{ADA}/associations/calls")
    await hubspot_error(response, 401, "INVALID_AUTHENTICATION")
