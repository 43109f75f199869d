"""Calls merge and GDPR delete (issue 19, item 3) over real HTTP: gone for good (store and record page included).

hubspot-api-client 12 has no merge or GDPR delete for calls (only contacts, companies, deals and tickets), so plain
HTTP drives them.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from simulator.hubspot.rest.transcripts import CREATE_EXAMPLE as TRANSCRIPT_EXAMPLE
from simulator.server.appkeys import STORE
from simulator.server.rest.versions import VERSIONS, Family
from tests.helpers.page_socket import Client
from tests.helpers.rest import ADA, AUTH, CALLS, call_body, hubspot_error

COMPANY = 77  # Ada's company in the fixtures
CALL_PREFIXES = [v.prefix(Family.CALL_WRITES) for v in VERSIONS if v.prefix(Family.CALL_WRITES)]


async def _create(client: Client, prefix: str = "/crm/v3/objects", **properties: str) -> str:
    body = call_body(**properties)
    response = await client.post(f"{prefix}/calls", json=body, headers=AUTH)
    assert response.status == 201, await response.text()
    return str((await response.json())["id"])


async def _to_company(client: Client) -> str:
    body = call_body(hs_call_body="from the other call", hs_call_title="Other")
    to_company = [{"associationCategory": "HUBSPOT_DEFINED", "associationTypeId": 182}]
    body["associations"] = [{"to": {"id": str(COMPANY)}, "types": to_company}]
    response = await client.post(CALLS, json=body, headers=AUTH)
    assert response.status == 201, await response.text()
    return str((await response.json())["id"])


async def _status(client: Client, path: str, body: Any) -> int:
    return (await client.post(path, json=body, headers=AUTH)).status


@pytest.mark.parametrize("prefix", CALL_PREFIXES)
async def test_merge_keeps_the_primary_and_takes_in_the_other_in_every_version(client: Client, prefix: str) -> None:
    primary = await _create(client, prefix, hs_call_title="Primary")
    other = await _to_company(client)
    response = await client.post(f"{prefix}/calls/merge", json={"primaryObjectId": primary, "objectIdToMerge": other},
                                 headers=AUTH)  # fmt: skip
    assert response.status == 200, await response.text()
    merged = await response.json()
    assert merged["id"] == primary
    assert merged["properties"]["hs_call_title"] == "Primary"  # the primary's value wins
    read = await client.get(f"{prefix}/calls/{primary}?properties=hs_call_body,hs_merged_object_ids"
                            "&associations=contacts,companies", headers=AUTH)  # fmt: skip
    body = await read.json()
    assert body["properties"]["hs_call_body"] == "from the other call"  # the other's fills the primary's gaps
    assert body["properties"]["hs_merged_object_ids"] == other
    assert body["associations"]["contacts"]["results"][0]["id"] == str(ADA)
    assert body["associations"]["companies"]["results"][0]["id"] == str(COMPANY)
    for query in ("", "?archived=true"):
        await hubspot_error(await client.get(f"{prefix}/calls/{other}{query}", headers=AUTH), 404, "OBJECT_NOT_FOUND")


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"primaryObjectId": "30000000001"}, "objectIdToMerge"),
        ({"objectIdToMerge": "30000000001"}, "primaryObjectId"),
        ({"primaryObjectId": 30000000001, "objectIdToMerge": "30000000002"}, "primaryObjectId"),
        ({"primaryObjectId": "30000000001", "objectIdToMerge": "abc"}, "objectIdToMerge"),
        ({"primaryObjectId": "30000000001", "objectIdToMerge": "30000000001"}, "objectIdToMerge"),
    ],
)
async def test_a_bad_merge_body_answers_400_naming_the_field(client: Client, body: Any, field: str) -> None:
    response = await client.post(f"{CALLS}/merge", json=body, headers=AUTH)
    error = await hubspot_error(response, 400, "VALIDATION_ERROR")
    assert [e["in"] for e in error["errors"]] == [field], error


async def test_merging_an_unknown_or_archived_call_is_a_404_and_changes_nothing(client: Client) -> None:
    primary, archived = await _create(client), await _create(client)
    assert (await client.delete(f"{CALLS}/{archived}", headers=AUTH)).status == 204
    for other in ("39999999999", archived):
        body = {"primaryObjectId": primary, "objectIdToMerge": other}
        await hubspot_error(await client.post(f"{CALLS}/merge", json=body, headers=AUTH), 404, "OBJECT_NOT_FOUND")
    assert (await client.get(f"{CALLS}/{archived}?archived=true", headers=AUTH)).status == 200


@pytest.mark.parametrize("prefix", CALL_PREFIXES)
async def test_gdpr_delete_is_204_and_gone_for_good_unlike_archive(client: Client, prefix: str) -> None:
    call_id = await _create(client, prefix)
    assert await _status(client, f"{prefix}/calls/gdpr-delete", {"objectId": call_id}) == 204
    for query in ("", "?archived=true"):
        await hubspot_error(await client.get(f"{prefix}/calls/{call_id}{query}", headers=AUTH), 404, "OBJECT_NOT_FOUND")
    assert await _status(client, f"{prefix}/calls/gdpr-delete", {"objectId": call_id}) == 404


async def test_gdpr_delete_takes_an_archived_call_and_an_external_id(client: Client) -> None:
    archived, external = await _create(client), await _create(client, hs_call_external_id="ext-gdpr")
    assert (await client.delete(f"{CALLS}/{archived}", headers=AUTH)).status == 204
    assert await _status(client, f"{CALLS}/gdpr-delete", {"objectId": archived}) == 204
    body = {"objectId": "ext-gdpr", "idProperty": "hs_call_external_id"}
    assert await _status(client, f"{CALLS}/gdpr-delete", body) == 204
    for gone in (archived, external):
        assert (await client.get(f"{CALLS}/{gone}?archived=true", headers=AUTH)).status == 404


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, "objectId"),
        ({"objectId": 30000000001}, "objectId"),
        ({"objectId": "²"}, "objectId"),
        ({"objectId": "a@b.c", "idProperty": "email"}, "idProperty"),
        ({"objectId": "", "idProperty": "hs_call_external_id"}, "objectId"),
    ],
)
async def test_a_bad_gdpr_delete_body_answers_400_naming_the_field(client: Client, body: Any, field: str) -> None:
    response = await client.post(f"{CALLS}/gdpr-delete", json=body, headers=AUTH)
    error = await hubspot_error(response, 400, "VALIDATION_ERROR")
    assert [e["in"] for e in error["errors"]] == [field], error


async def test_merge_and_gdpr_delete_reach_the_store_and_the_record_pages_timeline(client: Client) -> None:
    primary, other, purged = await _create(client), await _create(client), await _create(client)
    transcript = {**json.loads(TRANSCRIPT_EXAMPLE), "engagementId": int(purged)}
    assert await _status(client, "/crm/v3/extensions/calling/transcripts", transcript) == 200
    assert client.app[STORE].transcripts.for_engagement(int(purged))
    assert await _status(client, f"{CALLS}/merge", {"primaryObjectId": primary, "objectIdToMerge": other}) == 200
    assert await _status(client, f"{CALLS}/gdpr-delete", {"objectId": purged}) == 204
    store = client.app[STORE]
    kept = {e.id for e in store.crm.engagements()} | {e.id for e in store.crm.engagements(archived=True)}
    assert int(primary) in kept and not {int(other), int(purged)} & kept
    assert store.transcripts.for_engagement(int(purged)) == []
    page = await (await client.get(f"/contacts/{ADA}")).text()
    assert f'data-engagement-id="{primary}"' in page
    assert f'data-engagement-id="{other}"' not in page and f'data-engagement-id="{purged}"' not in page
