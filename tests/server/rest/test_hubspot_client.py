"""HubSpot's own Python client (hubspot-api-client) against callsim: create, read, search, batch, errors."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import pytest

from simulator.settings import DEFAULT_ACCESS_TOKEN
from tests.helpers.page_socket import Client
from tests.helpers.rest import ADA, AUTH

hubspot = pytest.importorskip("hubspot")


def _client(test_client: Client) -> Any:
    # The client is synchronous (urllib3): each test runs it in a thread so the in-process server can answer.
    return hubspot.Client.create(access_token=DEFAULT_ACCESS_TOKEN, host=str(test_client.make_url("")).rstrip("/"))


def _create_and_read(api: Any) -> tuple[Any, Any]:
    from hubspot.crm.objects.calls import (  # type: ignore[import-untyped]
        AssociationSpec,
        PublicAssociationsForObject,
        PublicObjectId,
        SimplePublicObjectInputForCreate,
    )

    association = PublicAssociationsForObject(
        to=PublicObjectId(id=str(ADA)),
        types=[AssociationSpec(association_category="HUBSPOT_DEFINED", association_type_id=194)],
    )
    body = SimplePublicObjectInputForCreate(
        properties={"hs_timestamp": "2026-01-01T10:00:00.000Z", "hs_call_title": "From the client"},
        associations=[association],
    )
    created = api.crm.objects.calls.basic_api.create(simple_public_object_input_for_create=body)
    read = api.crm.objects.calls.basic_api.get_by_id(
        created.id, properties=["hs_call_title"], associations=["contacts"]
    )
    return created, read


async def test_create_and_read_a_call_with_the_official_client(client: Client) -> None:
    created, read = await asyncio.to_thread(_create_and_read, _client(client))
    assert isinstance(created.id, str) and read.id == created.id
    assert read.properties["hs_call_title"] == "From the client"
    assert read.associations["contacts"].results[0].id == str(ADA)
    assert read.associations["contacts"].results[0].type == "call_to_contact"


def _search_by_phone(api: Any) -> Any:
    from hubspot.crm.contacts import Filter, FilterGroup, PublicObjectSearchRequest  # type: ignore[import-untyped]

    request = PublicObjectSearchRequest(
        filter_groups=[FilterGroup(filters=[Filter(property_name="phone", operator="EQ", value="+16175550100")])],
        properties=["firstname", "phone"],
    )
    return api.crm.contacts.search_api.do_search(public_object_search_request=request)


async def test_a_caller_lookup_by_phone_with_the_official_client(client: Client) -> None:
    found = await asyncio.to_thread(_search_by_phone, _client(client))
    assert found.total == 1 and found.results[0].properties["firstname"] == "Ada"


def _batch_read(api: Any) -> Any:
    from hubspot.crm.objects.calls import (
        BatchReadInputSimplePublicObjectId,
        SimplePublicObjectId,
    )

    body = BatchReadInputSimplePublicObjectId(inputs=[SimplePublicObjectId(id="1")], properties=[],
                                              properties_with_history=[])  # fmt: skip
    return api.crm.objects.calls.batch_api.read(batch_read_input_simple_public_object_id=body)


async def test_a_partial_batch_parses_as_hubspots_207(client: Client) -> None:
    answer = await asyncio.to_thread(_batch_read, _client(client))
    assert answer.num_errors == 1 and answer.errors[0].category == "OBJECT_NOT_FOUND"


def _missing(api: Any) -> Any:
    from hubspot.crm.objects.calls import ApiException

    try:
        api.crm.objects.calls.basic_api.get_by_id("12345")
    except ApiException as error:
        return error
    raise AssertionError("no error for a missing call")


async def test_errors_reach_the_client_in_hubspots_shape(client: Client) -> None:
    error = await asyncio.to_thread(_missing, _client(client))
    assert error.status == 404 and json.loads(error.body)["category"] == "OBJECT_NOT_FOUND"


def _contact_lifecycle(api: Any) -> tuple[Any, Any, Any, int]:
    from hubspot.crm.contacts import (
        ApiException,
        SimplePublicObjectInput,
        SimplePublicObjectInputForCreate,
    )

    body = SimplePublicObjectInputForCreate(properties={"email": "client@example.com", "firstname": "Client",
                                                        "phone": "+1 617 555 0177"})  # fmt: skip
    created = api.crm.contacts.basic_api.create(simple_public_object_input_for_create=body)
    updated = api.crm.contacts.basic_api.update(
        created.id, simple_public_object_input=SimplePublicObjectInput(properties={"jobtitle": "Buyer"})
    )
    by_email = api.crm.contacts.basic_api.get_by_id("client@example.com", id_property="email", properties=["jobtitle"])
    try:
        api.crm.contacts.basic_api.create(simple_public_object_input_for_create=body)
        conflict = 0
    except ApiException as error:
        conflict = error.status
    api.crm.contacts.basic_api.archive(created.id)
    return created, updated, by_email, conflict


async def test_a_contact_created_updated_read_by_email_and_archived_with_the_official_client(client: Client) -> None:
    created, updated, by_email, conflict = await asyncio.to_thread(_contact_lifecycle, _client(client))
    assert updated.id == created.id and updated.properties["jobtitle"] == "Buyer"
    assert by_email.id == created.id and by_email.properties["jobtitle"] == "Buyer"
    assert conflict == 409  # the same email twice
    assert (await client.get(f"/crm/v3/objects/contacts/{created.id}")).status in (401, 404)


def _companies_batch(api: Any) -> Any:
    from hubspot.crm.companies import (  # type: ignore[import-untyped]
        BatchInputSimplePublicObjectBatchInputForCreate,
        SimplePublicObjectBatchInputForCreate,
    )

    inputs = [SimplePublicObjectBatchInputForCreate(properties={"name": f"Client Co {n}"}) for n in range(3)]
    body = BatchInputSimplePublicObjectBatchInputForCreate(inputs=inputs)
    return api.crm.companies.batch_api.create(batch_input_simple_public_object_batch_input_for_create=body)


async def test_a_batch_of_companies_with_the_official_client(client: Client) -> None:
    answer = await asyncio.to_thread(_companies_batch, _client(client))
    assert answer.status == "COMPLETE"
    assert sorted(r.properties["name"] for r in answer.results) == ["Client Co 0", "Client Co 1", "Client Co 2"]


def _associations_v4(api: Any, call_id: str) -> tuple[Any, Any, Any, Any]:
    from hubspot.crm.associations.v4 import (  # type: ignore[import-untyped]
        AssociationSpec,
        BatchInputPublicFetchAssociationsBatchRequest,
        PublicFetchAssociationsBatchRequest,
    )

    v4 = api.crm.associations.v4
    default = v4.basic_api.create_default("calls", call_id, "contacts", str(ADA))
    labelled = v4.basic_api.create(
        "calls", call_id, "companies", "77",
        [AssociationSpec(association_category="HUBSPOT_DEFINED", association_type_id=182)],
    )  # fmt: skip
    page = v4.basic_api.get_page("calls", call_id, "contacts")
    batch = BatchInputPublicFetchAssociationsBatchRequest(inputs=[PublicFetchAssociationsBatchRequest(id=call_id)])
    read = v4.batch_api.get_page("calls", "companies", batch_input_public_fetch_associations_batch_request=batch)
    v4.basic_api.archive("calls", call_id, "contacts", str(ADA))
    return default, labelled, page, read


async def test_associations_v4_with_the_official_client(client: Client) -> None:
    body = {"properties": {"hs_timestamp": "2026-01-01T10:00:00Z", "hs_call_title": "Linked by the client"}}
    call_id = str((await (await client.post("/crm/v3/objects/calls", json=body, headers=AUTH)).json())["id"])
    default, labelled, page, read = await asyncio.to_thread(_associations_v4, _client(client), call_id)
    assert default.results[0].association_spec.association_type_id == 194
    assert (labelled.from_object_id, labelled.to_object_id, labelled.labels) == (call_id, "77", [])
    assert [(r.to_object_id, r.association_types[0].type_id) for r in page.results] == [(str(ADA), 194)]
    assert read.results[0].to[0].to_object_id == "77"
    assert (await (await client.get(f"/crm/v4/objects/calls/{call_id}/associations/contacts", headers=AUTH)).json())[
        "results"
    ] == []  # archived by the client
