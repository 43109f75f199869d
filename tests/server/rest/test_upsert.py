"""Calls batch upsert (issue 19, item 3) and `Location` on 201 creates, over real HTTP and HubSpot's Python client."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from simulator.server.rest.versions import VERSIONS, Family
from simulator.settings import DEFAULT_ACCESS_TOKEN
from tests.helpers.page_socket import Client
from tests.helpers.rest import AUTH, CALLS, call_body, hubspot_error

UPSERT = f"{CALLS}/batch/upsert"
WHEN = "2026-01-01T10:00:00Z"
CALL_PREFIXES = [v.prefix(Family.CALL_WRITES) for v in VERSIONS if v.prefix(Family.CALL_WRITES)]


def _by_external(external: str, **properties: str) -> dict[str, Any]:
    return {"idProperty": "hs_call_external_id", "id": external, "properties": {"hs_timestamp": WHEN, **properties}}


async def _post(client: Client, path: str, body: Any, status: int) -> Any:
    response = await client.post(path, json=body, headers=AUTH)
    assert response.status == status, await response.text()
    return await response.json()


@pytest.mark.parametrize("prefix", CALL_PREFIXES)
async def test_a_create_answers_201_with_the_new_calls_location_in_every_version(client: Client, prefix: str) -> None:
    response = await client.post(f"{prefix}/calls", json=call_body(), headers=AUTH)
    assert response.status == 201
    created = await response.json()
    location = response.headers["Location"]
    assert location == str(client.make_url(f"{prefix}/calls/{created['id']}"))
    again = await client.session.get(location, headers=AUTH)  # the absolute URL itself, as a client follows it
    assert (await again.json())["id"] == created["id"]


@pytest.mark.parametrize("prefix", CALL_PREFIXES)
async def test_upsert_by_external_id_creates_then_updates_the_same_call_in_every_version(
    client: Client, prefix: str
) -> None:
    first = await _post(client, f"{prefix}/calls/batch/upsert", {"inputs": [_by_external("ext-1", hs_call_title="A")]},
                        200)  # fmt: skip
    [made] = first["results"]
    assert made["new"] is True and made["properties"]["hs_call_external_id"] == "ext-1"
    second = await _post(client, f"{prefix}/calls/batch/upsert", {"inputs": [_by_external("ext-1", hs_call_title="B")]},
                         200)  # fmt: skip
    [updated] = second["results"]
    assert updated["id"] == made["id"] and updated["new"] is False
    read = await (await client.get(f"{prefix}/calls/{made['id']}?properties=hs_call_title", headers=AUTH)).json()
    assert read["properties"]["hs_call_title"] == "B"


async def test_upsert_by_object_id_updates_and_an_unknown_id_is_a_207_error(client: Client) -> None:
    created = await _post(client, CALLS, call_body(), 201)
    unknown = {"idProperty": "hs_object_id", "id": "39999999999", "properties": {"hs_call_body": "x"}}
    body = {"inputs": [{"id": created["id"], "properties": {"hs_call_body": "notes"}}, unknown]}
    answer = await _post(client, UPSERT, body, 207)
    assert [(r["id"], r["new"]) for r in answer["results"]] == [(created["id"], False)]
    assert answer["numErrors"] == 1
    assert answer["errors"][0]["category"] == "OBJECT_NOT_FOUND"
    assert answer["errors"][0]["context"]["ids"] == ["39999999999"]


async def test_the_url_idproperty_is_the_default_for_inputs_without_one(client: Client) -> None:
    body = {"inputs": [{"id": "ext-url", "properties": {"hs_timestamp": WHEN}}]}
    answer = await _post(client, f"{UPSERT}?idProperty=hs_call_external_id", body, 200)
    assert answer["results"][0]["properties"]["hs_call_external_id"] == "ext-url"


async def test_a_refused_input_beside_a_good_one_is_a_207_naming_its_field(client: Client) -> None:
    body = {"inputs": [_by_external("ext-ok"), {"idProperty": "hs_call_title", "id": "x", "properties": {}},
                       _by_external("ext-bad", hs_call_status="SOMETIMES")]}  # fmt: skip
    answer = await _post(client, UPSERT, body, 207)
    assert [r["properties"]["hs_call_external_id"] for r in answer["results"]] == ["ext-ok"]
    named = [error["context"]["properties"] for error in answer["errors"]]
    assert named == [["inputs[1].idProperty"], ["inputs[2].hs_call_status"]]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"inputs": [{"idProperty": "hs_call_external_id", "properties": {"hs_timestamp": WHEN}}]}, "inputs[0].id"),
        ({"inputs": [{"id": 30000000001, "properties": {}}]}, "inputs[0].id"),
        ({"inputs": [{"id": "²", "properties": {}}]}, "inputs[0].id"),
        ({"inputs": [{"idProperty": "email", "id": "a@b.c", "properties": {}}]}, "inputs[0].idProperty"),
        ({"inputs": [_by_external("no-time") | {"properties": {"hs_call_title": "x"}}]}, "inputs[0].hs_timestamp"),
        ({"inputs": [_by_external("e") | {"properties": "nope"}]}, "inputs[0].properties"),
        ({"inputs": [_by_external("e", hs_call_external_id="other")]}, "inputs[0].properties.hs_call_external_id"),
        ({"inputs": [_by_external("twice"), _by_external("twice")]}, "inputs[1].id"),
        ({"inputs": ["a string"]}, "inputs[0]"),
        ({}, "inputs"),
    ],
)
async def test_a_bad_upsert_body_answers_400_naming_the_field(client: Client, body: Any, field: str) -> None:
    error = await hubspot_error(await client.post(UPSERT, json=body, headers=AUTH), 400, "VALIDATION_ERROR")
    assert field in error["message"], error["message"]
    assert field in [e["in"] for e in error["errors"]]


async def test_an_upserted_call_is_persisted_like_any_call_write(client: Client) -> None:
    from simulator.server.appkeys import STORE

    answer = await _post(client, UPSERT, {"inputs": [_by_external("ext-store", hs_call_title="Kept")]}, 200)
    stored = {e.id: e for e in client.app[STORE].crm.engagements()}
    assert stored[int(answer["results"][0]["id"])].properties["hs_call_title"] == "Kept"


hubspot = pytest.importorskip("hubspot")


def _upsert_with_the_client(host: str) -> Any:
    from hubspot.crm.objects.calls import (  # type: ignore[import-untyped]
        BatchInputSimplePublicObjectBatchInputUpsert,
        SimplePublicObjectBatchInputUpsert,
    )

    api = hubspot.Client.create(access_token=DEFAULT_ACCESS_TOKEN, host=host)
    inputs = [SimplePublicObjectBatchInputUpsert(id="ext-client", id_property="hs_call_external_id",
                                                 properties={"hs_timestamp": WHEN, "hs_call_title": n})
              for n in ("first",)]  # fmt: skip
    first = api.crm.objects.calls.batch_api.upsert(BatchInputSimplePublicObjectBatchInputUpsert(inputs=inputs))
    inputs[0].properties = {"hs_call_title": "second"}
    second = api.crm.objects.calls.batch_api.upsert(BatchInputSimplePublicObjectBatchInputUpsert(inputs=inputs))
    return first, second


async def test_hubspots_python_client_upserts_a_call(client: Client) -> None:
    host = str(client.make_url("")).rstrip("/")
    first, second = await asyncio.to_thread(_upsert_with_the_client, host)
    assert first.results[0].new is True and second.results[0].new is False
    assert first.results[0].id == second.results[0].id
    assert second.results[0].properties["hs_call_title"] == "second"
