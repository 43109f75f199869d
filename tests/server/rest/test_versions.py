"""Every API version of versions.py, driven over real HTTP: its endpoints answer, its credential rules hold, and a
path it does not serve answers HubSpot's 404. v3 also through HubSpot's Python client."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import pytest

from simulator.hubspot.rest.fields import INT32_MAX
from simulator.hubspot.rest.inbound_call import EXAMPLE as INBOUND_EXAMPLE
from simulator.hubspot.rest.transcripts import CREATE_EXAMPLE as TRANSCRIPT_EXAMPLE
from simulator.server.rest.versions import BY_NAME, V3, VERSIONS, ApiVersion, Family, coordinates_id_error
from simulator.settings import DEFAULT_ACCESS_TOKEN, DEFAULT_API_KEY
from tests.helpers.page_socket import Client
from tests.helpers.rest import ADA, AUTH, call_body, hubspot_error

KEY = {"hapikey": DEFAULT_API_KEY}
NAMES = [version.name for version in VERSIONS]
APP = 4242


async def _ok(response: Any, status: int = 200) -> Any:
    assert response.status == status, await response.text()
    return await response.json() if status != 204 else None


async def _drive_objects(client: Client, version: ApiVersion) -> str | None:
    """Reads of every object type the version serves, and the call writes; the id of a call it made, if any."""
    base = version.prefix(Family.OBJECT_READS)
    if base is None:  # v4: the associations API only
        return None
    for name in version.object_types:
        await _ok(await client.get(f"{base}/{name}?limit=1", headers=AUTH))
        await _ok(await client.post(f"{base}/{name}/search", json={"limit": 1}, headers=AUTH))
    if "contacts" in version.object_types:
        read = await _ok(await client.post(f"{base}/contacts/batch/read", json={"inputs": [{"id": str(ADA)}]},
                                           headers=AUTH))  # fmt: skip
        assert [r["id"] for r in read["results"]] == [str(ADA)]
    if "calls" not in version.object_types:
        return None
    calls = f"{base}/calls"
    created = await _ok(await client.post(calls, json=call_body(hs_call_title=version.name), headers=AUTH), 201)
    got = await _ok(await client.get(f"{calls}/{created['id']}?properties=hs_call_title", headers=AUTH))
    assert got["properties"]["hs_call_title"] == version.name
    patch = {"properties": {"hs_call_body": "notes"}}
    await _ok(await client.patch(f"{calls}/{created['id']}", json=patch, headers=AUTH))
    batch = {"inputs": [{"id": created["id"], "properties": {"hs_call_title": "again"}}]}
    await _ok(await client.post(f"{calls}/batch/update", json=batch, headers=AUTH))
    return str(created["id"])


async def _drive_calling(client: Client, version: ApiVersion, call_id: str) -> None:
    calling = version.prefix(Family.SETTINGS)
    assert calling is not None
    settings = {"name": version.name, "url": "https://localhost:9025/"}
    await _ok(await client.post(f"{calling}/{APP}/settings", json=settings, params=KEY))
    assert (await _ok(await client.get(f"{calling}/{APP}/settings", params=KEY)))["name"] == version.name
    await _ok(await client.post(f"{calling}/{APP}/settings/recording", params=KEY,
                                json={"urlToRetrieveAuthedRecording": "https://127.0.0.1:1/%s"}))  # fmt: skip
    await _ok(await client.delete(f"{calling}/{APP}/settings", params=KEY), 204)
    transcript = {**json.loads(TRANSCRIPT_EXAMPLE), "engagementId": int(call_id)}
    made = await _ok(await client.post(f"{calling}/transcripts", json=transcript, headers=AUTH))
    await _ok(await client.get(f"{calling}/transcripts/{made['id']}", headers=AUTH))
    await _ok(await client.post(f"{calling}/inbound-call", json=json.loads(INBOUND_EXAMPLE), headers=AUTH))
    await _ok(await client.post(f"{calling}/recordings/ready", json={"engagementId": int(call_id)}, headers=AUTH), 204)


async def _drive_associations(client: Client, version: ApiVersion) -> None:
    """A call associated with Ada and listed back, through whichever association families the version serves."""
    made = await _ok(await client.post("/crm/v3/objects/calls", json={"properties": {
        "hs_timestamp": "2026-01-01T10:00:00Z"}}, headers=AUTH), 201)  # fmt: skip
    call = made["id"]
    if writes := version.prefix(Family.ASSOCIATION_WRITES):
        await _ok(await client.put(f"{writes}/calls/{call}/associations/default/contacts/{ADA}", headers=AUTH))
    if batches := version.prefix(Family.ASSOCIATION_BATCHES):
        inputs = {"inputs": [{"from": {"id": call}, "to": {"id": "77"}}]}
        await _ok(await client.post(f"{batches}/calls/companies/batch/associate/default", json=inputs, headers=AUTH))
    if reads := version.prefix(Family.ASSOCIATION_READS):
        if not writes:
            await _ok(await client.put(f"/crm/v4/objects/calls/{call}/associations/default/contacts/{ADA}",
                                       headers=AUTH))  # fmt: skip
        listed = await _ok(await client.get(f"{reads}/calls/{call}/associations/contacts", headers=AUTH))
        assert [r["toObjectId"] for r in listed["results"]] == [str(ADA)]


@pytest.mark.parametrize("name", NAMES)
async def test_each_version_serves_its_endpoints(client: Client, name: str) -> None:
    version = BY_NAME[name]
    await _drive_associations(client, version)
    call_id = await _drive_objects(client, version)
    if version.prefix(Family.SETTINGS) is not None:
        assert call_id is not None
        await _drive_calling(client, version, call_id)
    if version.prefix(Family.CONNECTION) is not None:
        me = await _ok(await client.get(f"{version.prefix(Family.CONNECTION)}/me", headers=AUTH))
        assert isinstance(me["userId"], str)


@pytest.mark.parametrize("name", NAMES)
async def test_each_version_refuses_the_credentials_it_does_not_take(client: Client, name: str) -> None:
    version = BY_NAME[name]
    objects = f"{version.prefix(Family.OBJECT_READS)}/calls"
    if version.prefix(Family.OBJECT_READS) is None:  # v4: the associations API only
        objects = f"{version.prefix(Family.ASSOCIATION_READS)}/calls/1/associations/contacts"
    body = await hubspot_error(await client.get(objects, params=KEY), 401, "INVALID_AUTHENTICATION")
    assert "does not take the developer API key" in body["message"] and name in body["message"]
    calling = version.prefix(Family.SETTINGS)
    if calling is None:
        return
    body = await hubspot_error(await client.get(f"{calling}/{APP}/settings", headers=AUTH), 401,
                               "INVALID_AUTHENTICATION")  # fmt: skip
    assert body["context"]["accepted"] == ["DEVELOPER_KEY"] and "hapikey" in body["message"]
    for path in ("transcripts", "inbound-call", "recordings/ready"):
        response = await client.post(f"{calling}/{path}", json={}, params=KEY)
        if version in (V3, BY_NAME["2026-03"]) and path != "transcripts":
            assert response.status == 400, await response.text()  # the key is taken here: the empty body is not
            continue
        body = await hubspot_error(response, 401, "INVALID_AUTHENTICATION")
        tokens = ["OAUTH"] if name == "2025-09" else ["OAUTH", "PRIVATE_APP"]
        assert body["context"]["accepted"] == tokens, (path, body)


@pytest.mark.parametrize(
    ("path", "named"),
    [
        ("/crm/objects/2026-09-beta/contacts", "Version 2026-09-beta serves"),
        ("/crm/extensions/calling/2026-09-beta/transcripts/1", "callsim serves the versions v3, v4, 2025-09"),
        ("/crm/extensions/calling/2026-09/connection-statuses/me", "Version 2026-09 serves"),
        ("/crm/objects/2024-01/calls", "callsim serves the versions"),
        ("/crm/objects/2025-09/deals", "object types: calls, contacts, companies"),
    ],
)
async def test_a_path_a_version_does_not_serve_is_hubspots_404_naming_what_it_does(
    client: Client, path: str, named: str
) -> None:
    body = await hubspot_error(await client.get(path, headers=AUTH), 404, "OBJECT_NOT_FOUND")
    assert named in body["message"], body["message"]


def test_object_coordinates_ids_are_int32_in_the_dated_versions_and_int64_in_v3() -> None:
    for name in ("2025-09", "2026-09", "2026-09-beta"):
        assert coordinates_id_error(BY_NAME[name], INT32_MAX) is None
        assert "int32" in str(coordinates_id_error(BY_NAME[name], INT32_MAX + 1))
    for name in ("v3", "2026-03"):
        assert coordinates_id_error(BY_NAME[name], INT32_MAX + 1) is None


async def test_v3_through_hubspots_python_client(client: Client) -> None:
    hubspot = pytest.importorskip("hubspot")
    api = hubspot.Client.create(access_token=DEFAULT_ACCESS_TOKEN, host=str(client.make_url("")).rstrip("/"))
    created = await _ok(await client.post("/crm/v3/objects/calls", json=call_body(), headers=AUTH), 201)
    read = await asyncio.to_thread(api.crm.objects.calls.basic_api.get_by_id, created["id"])
    page = await asyncio.to_thread(api.crm.contacts.basic_api.get_page, limit=1)
    assert read.id == created["id"] and len(page.results) == 1
