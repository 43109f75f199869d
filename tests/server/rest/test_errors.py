"""Auth and HubSpot's error shape on every REST failure: 401, 400 naming the field, 404, 405, 403, never a 500."""

from __future__ import annotations

import pytest

from simulator.settings import DEFAULT_API_KEY, rest_credentials
from tests.helpers.page_socket import Client
from tests.helpers.rest import AUTH, CALLS, call_body, hubspot_error


@pytest.mark.parametrize("headers", [{}, {"Authorization": "Bearer wrong"}, {"Authorization": "Basic abc"}])
async def test_objects_need_the_bearer_token(client: Client, headers: dict[str, str]) -> None:
    for response in (
        await client.get(CALLS, headers=headers),
        await client.post(CALLS, json=call_body(), headers=headers),
        await client.post("/crm/v3/objects/contacts/search", json={}, headers=headers),
    ):
        body = await hubspot_error(response, 401, "INVALID_AUTHENTICATION")
        assert "Bearer" in body["message"]
    assert (await client.get(CALLS, headers=AUTH)).status == 200


async def test_the_developer_key_does_not_open_the_objects_api(client: Client) -> None:
    await hubspot_error(await client.get(f"{CALLS}?hapikey={DEFAULT_API_KEY}"), 401, "INVALID_AUTHENTICATION")


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"properties": {"hs_call_title": "x"}}, "hs_timestamp"),
        ({"properties": {"hs_timestamp": "tomorrow"}}, "hs_timestamp"),
        ({"properties": {"hs_timestamp": "1", "hs_call_direction": "SIDEWAYS"}}, "hs_call_direction"),
        ({"properties": {"hs_timestamp": "1", "hs_call_duration": "1m"}}, "hs_call_duration"),
        ({"properties": {"hs_timestamp": "1", "hs_call_recording_url": "http://a/b.mp3"}}, "hs_call_recording_url"),
        ({"properties": {"hs_timestamp": "1", "hs_call_titel": "typo"}}, "hs_call_titel"),
        ({"properties": {"hs_timestamp": "1", "hs_call_body": ["a"]}}, "hs_call_body"),
        ({"properties": "x"}, "properties"),
        ({"properties": {"hs_timestamp": "1"}, "associations": [{"to": {"id": "999"}, "types": [
            {"associationCategory": "HUBSPOT_DEFINED", "associationTypeId": 194}]}]}, "associations[0].to.id"),
        ({"properties": {"hs_timestamp": "1"}, "associations": [{"to": {"id": "51"}, "types": [
            {"associationCategory": "HUBSPOT_DEFINED", "associationTypeId": 1}]}]}, "associations[0].types[0]"),
        ({"properties": {"hs_timestamp": "1"}, "associations": [{"to": {}}]}, "associations[0].to.id"),
    ],
)  # fmt: skip
async def test_a_bad_create_is_400_naming_the_field(client: Client, body: object, field: str) -> None:
    error = await hubspot_error(await client.post(CALLS, json=body, headers=AUTH), 400, "VALIDATION_ERROR")
    assert field in [e["in"] for e in error["errors"]] and field in error["message"]


@pytest.mark.parametrize("text", ["", "{", "[1]", "null", '"x"'])
async def test_a_body_that_is_not_a_json_object_is_400(client: Client, text: str) -> None:
    response = await client.post(CALLS, data=text, headers={**AUTH, "Content-Type": "application/json"})
    await hubspot_error(response, 400, "VALIDATION_ERROR")


async def test_bad_query_parameters_are_400(client: Client) -> None:
    for query in ("limit=0", "limit=abc", "limit=101", "after=x", "archived=maybe"):
        await hubspot_error(await client.get(f"{CALLS}?{query}", headers=AUTH), 400, "VALIDATION_ERROR")


async def test_unknown_ids_and_routes_are_404_and_wrong_methods_405(client: Client) -> None:
    await hubspot_error(await client.get(f"{CALLS}/abc", headers=AUTH), 404, "OBJECT_NOT_FOUND")
    await hubspot_error(await client.patch(f"{CALLS}/1", json={"properties": {}}, headers=AUTH), 404,
                        "OBJECT_NOT_FOUND")  # fmt: skip
    await hubspot_error(await client.delete(f"{CALLS}/1", headers=AUTH), 404, "OBJECT_NOT_FOUND")
    await hubspot_error(await client.get("/crm/v3/objects/deals", headers=AUTH), 404, "OBJECT_NOT_FOUND")
    response = await client.put(CALLS, json={}, headers=AUTH)
    await hubspot_error(response, 405, "VALIDATION_ERROR")
    assert "POST" in response.headers["Allow"]
    # A method no route of a known path takes: 405 naming the ones it does.
    response = await client.put("/crm/v3/objects/contacts/51", json={}, headers=AUTH)
    await hubspot_error(response, 405, "VALIDATION_ERROR")
    assert response.headers["Allow"] == "DELETE, GET, HEAD, PATCH"


async def test_a_foreign_page_cannot_write_even_with_the_token(client: Client) -> None:
    response = await client.post(CALLS, json=call_body(), headers={**AUTH, "Origin": "http://evil.example"})
    await hubspot_error(response, 403, "FORBIDDEN")


async def test_the_page_api_keeps_its_own_error_shape(client: Client) -> None:
    body = await (await client.get("/api/sessions/nope")).json()
    assert "error" in body and "category" not in body


def test_credentials_come_from_options_then_env_then_defaults() -> None:
    assert rest_credentials("127.0.0.1", "t", "k", {}) == ("t", "k")
    assert rest_credentials("127.0.0.1", None, None, {"CALLSIM_ACCESS_TOKEN": "et", "CALLSIM_API_KEY": "ek"}) == (
        "et", "ek")  # fmt: skip
    token, key = rest_credentials("0.0.0.0", None, None, {})
    assert token != rest_credentials("127.0.0.1", None, None, {})[0] and len(key) > 20  # random off loopback
