"""/openapi.json stays true: every route under /crm is in it, described, and nothing else is."""

from __future__ import annotations

from typing import Any

import schemathesis

from simulator.server.rest.openapi import OPERATIONS, described, rest_routes, shape
from tests.helpers.page_socket import Client

METHODS = ("get", "post", "put", "patch", "delete")


async def document_of(client: Client) -> dict[str, Any]:
    response = await client.get("/openapi.json")  # no credentials: the document is public
    assert response.status == 200 and response.content_type == "application/json"
    body: dict[str, Any] = await response.json()
    return body


async def test_every_crm_route_is_in_the_document_and_vice_versa(client: Client) -> None:
    document = await document_of(client)
    registered = {(method, shape(path)) for method, path in rest_routes(client.app)}
    documented = {(m.upper(), shape(path)) for path, item in document["paths"].items() for m in item if m in METHODS}
    assert registered and registered == documented
    undocumented = [(m, p) for p, item in document["paths"].items() for m, o in item.items()
                    if isinstance(o, dict) and o.get("x-callsim-undocumented")]  # fmt: skip
    assert undocumented == [], "describe these routes in simulator/server/rest/openapi.py OPERATIONS"


async def test_every_route_has_a_description_of_its_own(client: Client) -> None:
    for method, path in rest_routes(client.app):
        hit = described(method, path)
        assert hit is not None, f"{method} {path} is served but not described"
        assert hit[0].startswith("/crm/") and shape(hit[0]) == shape(path)


def test_every_described_operation_has_a_success_answer_and_hubspots_error() -> None:
    for (method, path), operation in OPERATIONS.items():
        codes = set(operation["responses"])
        assert "default" in codes and any(c.startswith("2") for c in codes), (method, path)
        assert operation["responses"]["default"]["content"]["application/json"]["schema"]["$ref"].endswith("/Error")


async def test_the_document_is_a_valid_openapi_3_schema_schemathesis_can_load(client: Client) -> None:
    document = await document_of(client)
    assert document["openapi"].startswith("3.")
    schema = schemathesis.openapi.from_dict(document)
    operations = [result.ok() for result in schema.get_all_operations()]  # type: ignore[union-attr]
    assert len(operations) == len(rest_routes(client.app))
