"""Object ids in request bodies are JSON strings, as HubSpot's schemas type them (issue 19; docs/rest-api.md).

HubSpot's reference for the CRM batch endpoints types `inputs[].id` as a required string (SimplePublicObjectId for
batch/read and batch/archive, SimplePublicObjectBatchInput for batch/update; developers.hubspot.com/docs/api-reference
/latest/crm/objects/objects/batch/get-objects), and an association's `to.id` too (PublicObjectId); every example
sends a string ("430001"). callsim refuses a JSON number there with a 400 naming the input, rather than coercing it:
a backend that passes here sends what HubSpot documents, not what its deserializer happens to tolerate.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.helpers.page_socket import Client
from tests.helpers.rest import ADA, AUTH, CALLS, call_body, hubspot_error

PREFIXES = ("/crm/v3/objects", "/crm/objects/2026-03")
BATCHES = [f"{p}/{kind}/batch/read" for p in PREFIXES for kind in ("calls", "contacts", "companies")] + [
    f"{p}/calls/batch/{verb}" for p in PREFIXES for verb in ("update", "archive")
]


async def _call(client: Client) -> str:
    response = await client.post(CALLS, json=call_body(), headers=AUTH)
    assert response.status == 201, await response.text()
    return str((await response.json())["id"])


def _refused_number(body: dict[str, Any], field: str, number: int) -> None:
    [error] = [e for e in body["errors"] if e["in"] == field]
    assert f'must be a string, e.g. "{number}"' in error["message"], error


@pytest.mark.parametrize("path", BATCHES)
async def test_a_json_number_id_in_a_batch_gets_400_saying_send_a_string(client: Client, path: str) -> None:
    inputs = [{"id": ADA, "properties": {"hs_call_body": "x"}}]
    body = await hubspot_error(await client.post(path, json={"inputs": inputs}, headers=AUTH), 400, "VALIDATION_ERROR")
    _refused_number(body, "inputs[0].id", ADA)
    assert body["context"]["properties"] == ["inputs[0].id"]


async def test_the_same_id_as_a_string_is_read(client: Client) -> None:
    response = await client.post(f"{PREFIXES[0]}/contacts/batch/read", json={"inputs": [{"id": str(ADA)}]},
                                 headers=AUTH)  # fmt: skip
    assert response.status == 200 and [r["id"] for r in (await response.json())["results"]] == [str(ADA)]


async def test_batch_archive_with_a_number_archives_nothing(client: Client) -> None:
    call = await _call(client)
    inputs = [{"id": call}, {"id": int(call)}]
    response = await client.post(f"{CALLS}/batch/archive", json={"inputs": inputs}, headers=AUTH)
    _refused_number(await hubspot_error(response, 400, "VALIDATION_ERROR"), "inputs[1].id", int(call))
    assert (await client.get(f"{CALLS}/{call}", headers=AUTH)).status == 200


async def test_batch_update_with_a_number_updates_the_rest_and_answers_207(client: Client) -> None:
    call = await _call(client)
    inputs = [{"id": call, "properties": {"hs_call_body": "kept"}}, {"id": int(call), "properties": {}}]
    response = await client.post(f"{CALLS}/batch/update", json={"inputs": inputs}, headers=AUTH)
    body = await response.json()
    assert response.status == 207 and [r["properties"]["hs_call_body"] for r in body["results"]] == ["kept"]
    [error] = body["errors"]
    assert error["category"] == "VALIDATION_ERROR" and error["errors"][0]["in"] == "inputs[1].id"


async def test_an_association_to_a_json_number_gets_400(client: Client) -> None:
    body = call_body()
    body["associations"][0]["to"]["id"] = ADA
    response = await client.post(CALLS, json=body, headers=AUTH)
    _refused_number(await hubspot_error(response, 400, "VALIDATION_ERROR"), "associations[0].to.id", ADA)
    response = await client.post(f"{CALLS}/batch/create", json={"inputs": [body]}, headers=AUTH)
    _refused_number(await hubspot_error(response, 400, "VALIDATION_ERROR"), "inputs[0].associations[0].to.id", ADA)
