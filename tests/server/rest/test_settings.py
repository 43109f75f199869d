"""The calling settings endpoints (§7.1) over aiohttp's test client: every method, every error, and the switcher."""

from __future__ import annotations

from typing import Any

import pytest

from simulator.settings import DEFAULT_API_KEY
from tests.helpers.page_socket import Client, open_page, own_origin, receive_kind
from tests.helpers.rest import AUTH, hubspot_error

KEY = f"?hapikey={DEFAULT_API_KEY}"
BASE = "/crm/v3/extensions/calling/123/settings"
SEED = {
    "name": "My widget",
    "url": "https://localhost:9025/",
    "width": 400,
    "height": 600,
    "isReady": True,
    "supportsInboundCalling": True,
}


async def post(client: Client, path: str, body: Any) -> Any:
    return await client.post(path + KEY, json=body)


async def test_the_seeds_curl_example_creates_settings_with_every_field(client: Client) -> None:
    response = await post(client, BASE, SEED)
    assert response.status == 200, await response.text()
    body = await response.json()
    assert {k: body[k] for k in SEED} == SEED
    assert body["usesCallingWindow"] is True and body["usesRemote"] is True and body["supportsCustomObjects"] is False
    assert body["createdAt"].endswith("Z") and body["createdAt"] == body["updatedAt"]
    got = await (await client.get(BASE + KEY)).json()
    assert got == body


async def test_post_fills_in_the_defaults(client: Client) -> None:
    body = await (await post(client, BASE, {"name": "A", "url": "https://a.example/"})).json()
    assert (body["width"], body["height"], body["isReady"], body["supportsInboundCalling"]) == (400, 600, True, False)


async def test_a_second_post_is_409_already_exists(client: Client) -> None:
    await post(client, BASE, SEED)
    error = await hubspot_error(await post(client, BASE, SEED), 409, "CONFLICT")
    assert error["subCategory"] == "CallingSettingError.SETTINGS_ALREADY_EXISTS" and "PATCH" in error["message"]


async def test_patch_changes_only_the_fields_given_and_delete_removes(client: Client) -> None:
    created = await (await post(client, BASE, SEED)).json()
    response = await client.patch(BASE + KEY, json={"isReady": False, "width": 500})
    patched = await response.json()
    assert response.status == 200 and patched["isReady"] is False and patched["width"] == 500
    assert patched["name"] == "My widget" and patched["createdAt"] == created["createdAt"]
    assert (await client.delete(BASE + KEY)).status == 204
    await hubspot_error(await client.get(BASE + KEY), 404, "OBJECT_NOT_FOUND")
    await hubspot_error(await client.delete(BASE + KEY), 404, "OBJECT_NOT_FOUND")


@pytest.mark.parametrize("query", ["", "?hapikey=wrong"])
async def test_a_missing_or_wrong_key_is_401(client: Client, query: str) -> None:
    for method in ("get", "post", "patch", "delete"):
        response = await client.request(method, BASE + query, json=SEED)
        error = await hubspot_error(response, 401, "INVALID_AUTHENTICATION")
        assert "hapikey" in error["message"]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"url": "https://a.example/"}, "name"),
        ({"name": "A"}, "url"),
        ({**SEED, "width": "400"}, "width"),
        ({**SEED, "isReady": "true"}, "isReady"),
        ({**SEED, "url": "ftp://a.example/"}, "url"),
        ({**SEED, "colour": "red"}, "colour"),
    ],
)
async def test_a_bad_body_is_400_naming_the_field(client: Client, body: dict[str, Any], field: str) -> None:
    error = await hubspot_error(await post(client, BASE, body), 400, "VALIDATION_ERROR")
    assert field in error["message"] and [e["in"] for e in error["errors"]] == [field]


async def test_a_body_that_is_not_a_json_object_is_400(client: Client) -> None:
    response = await client.post(BASE + KEY, data="[1]", headers={"Content-Type": "application/json"})
    error = await hubspot_error(response, 400, "VALIDATION_ERROR")
    assert "JSON object" in error["message"]
    await hubspot_error(await client.patch(BASE + KEY, json={}), 400, "VALIDATION_ERROR")


async def test_app_ids_are_int32(client: Client) -> None:
    for bad in ("abc", "0", "2147483648", "-1"):
        error = await hubspot_error(
            await client.get(f"/crm/v3/extensions/calling/{bad}/settings{KEY}"), 400, "VALIDATION_ERROR"
        )
        assert "appId" in error["message"]


async def test_an_unknown_app_is_404_saying_how_to_create(client: Client) -> None:
    error = await hubspot_error(await client.patch(BASE + KEY, json={"isReady": True}), 404, "OBJECT_NOT_FOUND")
    assert "POST /crm/v3/extensions/calling/123/settings" in error["message"]


async def test_the_date_versioned_path_is_the_same_resource(client: Client) -> None:
    await post(client, BASE, SEED)
    body = await (await client.get(f"/crm/extensions/calling/2026-03/123/settings{KEY}")).json()
    assert body["name"] == "My widget"


async def test_channel_connection_settings(client: Client) -> None:
    path = BASE + "/channel-connection"
    await hubspot_error(await client.get(path + KEY), 404, "OBJECT_NOT_FOUND")
    error = await hubspot_error(await post(client, path, {"url": "https://a.example/c"}), 400, "VALIDATION_ERROR")
    assert [e["in"] for e in error["errors"]] == ["isReady"]
    created = await (await post(client, path, {"url": "https://a.example/c", "isReady": False})).json()
    assert created["url"] == "https://a.example/c" and created["isReady"] is False and "createdAt" in created
    await hubspot_error(await post(client, path, {"url": "https://a.example/c", "isReady": False}), 409, "CONFLICT")
    patched = await (await client.patch(path + KEY, json={"isReady": True})).json()
    assert patched["isReady"] is True and patched["url"] == "https://a.example/c"
    assert (await client.delete(path + KEY)).status == 204


async def test_recording_settings(client: Client) -> None:
    path = BASE + "/recording"
    body = {"urlToRetrieveAuthedRecording": "https://a.example/recordings/%s"}
    assert await (await post(client, path, body)).json() == body
    changed = {"urlToRetrieveAuthedRecording": "https://b.example/r/%s"}
    assert await (await client.patch(path + KEY, json=changed)).json() == changed
    assert await (await client.get(path + KEY)).json() == changed
    response = await client.delete(path + KEY)
    assert response.status == 405 and (await response.json())["status"] == "error"


def inbound(create: bool) -> dict[str, Any]:
    return {
        "externalCallId": "pbx-42",
        "createEngagement": create,
        "engagementProperties": {"hs_call_title": "Support line"},
        "finalCallStatus": "COMPLETED",
        "fromNumber": {"e164Number": "+16175550100", "phoneNumberType": "MOBILE"},
        "toNumber": {"e164Number": "+16175550199", "phoneNumberType": "FIXED_LINE"},
        "potentialRecipientUserIds": [9876543],
    }


async def test_inbound_call_answers_caller_id_matches_from_the_crm(client: Client) -> None:
    response = await post(client, "/crm/v3/extensions/calling/inbound-call", inbound(False))
    assert response.status == 200, await response.text()
    matches = (await response.json())["callerIdMatches"]
    assert matches[0]["callerIdType"] == "CONTACT" and matches[0]["objectCoordinates"]["objectId"] == 51
    calls = await (await client.get("/crm/v3/objects/calls", headers=AUTH)).json()
    assert calls["results"] == []


async def test_inbound_call_creates_the_engagement_when_asked(client: Client) -> None:
    response = await client.post("/crm/v3/extensions/calling/inbound-call", json=inbound(True), headers=AUTH)
    assert response.status == 200, await response.text()
    calls = await (
        await client.get(
            "/crm/v3/objects/calls?associations=contacts&properties=hs_call_direction,hs_call_title", headers=AUTH
        )
    ).json()
    (call,) = calls["results"]
    assert (
        call["properties"]["hs_call_direction"] == "INBOUND" and call["properties"]["hs_call_title"] == "Support line"
    )
    assert call["associations"]["contacts"]["results"][0]["id"] == "51"


async def test_inbound_call_errors(client: Client) -> None:
    await hubspot_error(
        await client.post("/crm/v3/extensions/calling/inbound-call", json=inbound(True)), 401, "INVALID_AUTHENTICATION"
    )
    body = {**inbound(True), "finalCallStatus": "DONE"}
    error = await hubspot_error(
        await post(client, "/crm/v3/extensions/calling/inbound-call", body), 400, "VALIDATION_ERROR"
    )
    assert [e["in"] for e in error["errors"]] == ["finalCallStatus"] and "COMPLETED" in error["message"]


async def test_registered_apps_are_in_the_switcher_ready_or_testing(client: Client) -> None:
    await post(client, BASE, SEED)
    await post(
        client,
        "/crm/v3/extensions/calling/7/settings",
        {"name": "Beta app", "url": "https://b.example/", "isReady": False},
    )
    page = await (await client.get("/")).text()
    assert 'value="app:123"' in page and "My widget" in page
    testing = page[page.index('data-role="testing-providers"') : page.index("</optgroup>")]
    assert 'value="app:7"' in testing and "My widget" not in testing


async def test_an_open_page_hears_of_settings_changes(client: Client) -> None:
    ws, _ = await open_page(client)
    await post(client, BASE, SEED)
    message = await receive_kind(ws, "providers")
    assert any(p["key"] == "app:123" and p["width"] == 400 for p in message["providers"])
    await client.patch(BASE + KEY, json={"name": "Renamed"})
    message = await receive_kind(ws, "providers")
    assert any(p["name"] == "Renamed" for p in message["providers"])
    await ws.close()


async def hello_as(client: Client, provider: dict[str, Any]) -> tuple[Any, dict[str, Any]]:
    ws = await client.ws_connect("/ws", headers={"Origin": own_origin(client)})
    await ws.send_json({"kind": "hello", "widgetUrl": SEED["url"], "page": "record", "provider": provider})
    return ws, await receive_kind(ws, "hello")


async def test_the_chosen_apps_settings_shape_its_session(client: Client) -> None:
    await post(client, BASE, {**SEED, "usesCallingWindow": False, "supportsInboundCalling": False})
    ws, hello = await hello_as(client, {"key": "app:123", "name": "My widget", "overrides": {}})
    assert hello["sync"]["usesCallingWindow"] is False and "iframeLocation" not in hello["sync"]
    summary = await (await client.get(f"/api/sessions/{hello['session']}/log")).json()
    note = next(e for e in summary["entries"] if e["type"] == "PROVIDER")
    assert "app 123" in note["text"] and "'supportsInboundCalling': False" in note["text"]
    await ws.close()
    # A localStorage override on top of the stored settings (§7.2).
    ws, hello = await hello_as(client, {"key": "app:123", "overrides": {"usesCallingWindow": True}})
    assert hello["sync"]["usesCallingWindow"] is True and hello["sync"]["iframeLocation"] == "widget"
    await ws.close()


async def test_custom_object_records_dial_only_with_supports_custom_objects(client: Client) -> None:
    await post(client, BASE, SEED)
    ws, hello = await hello_as(client, {"key": "app:123", "overrides": {}})
    record = {"objectTypeId": "2-9001", "objectId": 5}
    await ws.send_json({"kind": "dial", "record": record, "number": "+16175550100"})
    entry = await receive_kind(ws, "entry")
    while entry["entry"]["type"] != "DIAL_REFUSED":
        entry = await receive_kind(ws, "entry")
    assert "supportsCustomObjects" in entry["entry"]["text"]
    await ws.close()
