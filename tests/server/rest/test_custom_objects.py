"""Custom objects on the objects API (issue 19 item 1, issue 18 item 6): read by type id in every version."""

from __future__ import annotations

import pytest

from tests.helpers.page_socket import Client
from tests.helpers.rest import AUTH, hubspot_error

PROJECTS = "2-3508482"


@pytest.mark.parametrize("prefix", ["/crm/v3/objects", "/crm/objects/2025-09", "/crm/objects/2026-03",
                                    "/crm/objects/2026-09"])  # fmt: skip
async def test_a_custom_objects_records_are_listed_read_searched_and_batch_read(client: Client, prefix: str) -> None:
    base = f"{prefix}/{PROJECTS}"
    listed = await (await client.get(base, headers=AUTH)).json()
    assert [(r["id"], r["properties"]["name"]) for r in listed["results"]] == [
        ("101", "Boston office fit-out"), ("102", "Oakland warehouse move")]  # fmt: skip
    one = await (await client.get(f"{base}/101?properties=phone", headers=AUTH)).json()
    assert one["properties"]["phone"] == "+1 (617) 555-0130"
    search = {"filterGroups": [{"filters": [{"propertyName": "phone", "operator": "EQ", "value": "+15105550131"}]}]}
    found = await (await client.post(f"{base}/search", json=search, headers=AUTH)).json()
    assert [r["id"] for r in found["results"]] == ["102"]
    batch = await client.post(f"{base}/batch/read", json={"inputs": [{"id": "101"}, {"id": "9"}]}, headers=AUTH)
    assert batch.status == 207 and (await batch.json())["errors"][0]["context"]["ids"] == ["9"]


async def test_an_unknown_custom_object_is_hubspots_404_naming_the_defined_ones(client: Client) -> None:
    body = await hubspot_error(await client.get("/crm/v3/objects/2-1", headers=AUTH), 404, "OBJECT_NOT_FOUND")
    assert PROJECTS in body["message"] and "Projects" in body["message"]
    missing = await client.get(f"/crm/v3/objects/{PROJECTS}/999", headers=AUTH)
    await hubspot_error(missing, 404, "OBJECT_NOT_FOUND")


async def test_custom_objects_are_read_only(client: Client) -> None:
    response = await client.post(f"/crm/v3/objects/{PROJECTS}", json={"properties": {"name": "x"}}, headers=AUTH)
    assert response.status == 405 and "GET" in response.headers["Allow"]
