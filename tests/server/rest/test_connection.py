"""Connection statuses: a user is connected while a live session's widget is logged in."""

from __future__ import annotations

from simulator.server.appkeys import SESSIONS, STORE
from simulator.settings import DEFAULT_USER_ID
from tests.helpers.page_socket import WIDGET, Client
from tests.helpers.rest import AUTH, hubspot_error, ready_session, widget

STATUSES = "/crm/extensions/calling/v3/connection-statuses"
USER = str(DEFAULT_USER_ID)  # userId is a string in HubSpot's ConnectionStatus


async def test_nobody_is_connected_without_a_logged_in_widget(client: Client) -> None:
    got = await (await client.get(f"{STATUSES}?userId={DEFAULT_USER_ID}&userId=5", headers=AUTH)).json()
    assert got == {"results": [{"userId": USER, "connected": False}, {"userId": "5", "connected": False}]}
    me = await (await client.get(f"{STATUSES}/me", headers=AUTH)).json()
    assert me == {"userId": USER, "connected": False}


async def test_logged_in_connects_the_sessions_user_and_logged_out_disconnects(client: Client) -> None:
    client.app[STORE].apps.create(321, {"name": "My dialer", "url": WIDGET})
    session, _ = await ready_session(client)  # INITIALIZED isLoggedIn: true
    provider = {"type": "THIRD_PARTY", "appId": 321, "appName": "My dialer"}
    me = await (await client.get(f"{STATUSES}/me", headers=AUTH)).json()
    assert me == {"userId": USER, "connected": True, "provider": provider}
    batch = {"inputs": [{"id": str(DEFAULT_USER_ID)}, {"id": "77"}]}
    got = await (await client.post(f"{STATUSES}/batch/read", json=batch, headers=AUTH)).json()
    assert got["results"] == [{"userId": USER, "connected": True, "provider": provider},
                              {"userId": "77", "connected": False}]  # fmt: skip
    await widget(session, "LOGGED_OUT")
    me = await (await client.get(f"{STATUSES}/me", headers=AUTH)).json()
    assert me["connected"] is False
    await widget(session, "LOGGED_IN")
    assert (await (await client.get(f"{STATUSES}/me", headers=AUTH)).json())["connected"] is True
    client.app[SESSIONS].close(session)
    assert (await (await client.get(f"{STATUSES}/me", headers=AUTH)).json())["connected"] is False


async def test_a_widget_no_settings_describe_reports_app_0(client: Client) -> None:
    await ready_session(client)
    got = await (await client.get(f"{STATUSES}?userId={DEFAULT_USER_ID}", headers=AUTH)).json()
    assert got["results"][0]["provider"] == {"type": "THIRD_PARTY", "appId": 0}


async def test_errors_are_hubspots(client: Client) -> None:
    await hubspot_error(await client.get(f"{STATUSES}/me"), 401, "INVALID_AUTHENTICATION")
    error = await hubspot_error(await client.get(STATUSES, headers=AUTH), 400, "VALIDATION_ERROR")
    assert error["errors"][0]["in"] == "userId"
    await hubspot_error(await client.get(f"{STATUSES}?userId=abc", headers=AUTH), 400, "VALIDATION_ERROR")
    bad = {"inputs": [{"id": "x"}]}
    error = await hubspot_error(await client.post(f"{STATUSES}/batch/read", json=bad, headers=AUTH), 400,
                                "VALIDATION_ERROR")  # fmt: skip
    assert error["errors"][0]["in"] == "inputs[0].id"
    await hubspot_error(await client.post(f"{STATUSES}/batch/read", json={}, headers=AUTH), 400, "VALIDATION_ERROR")


async def test_user_ids_are_strings_in_every_answer_and_in_the_document(client: Client) -> None:
    # HubSpot's ConnectionStatus has `userId` as a string, whether asked by query, as /me or by batch.
    await ready_session(client)
    batch = {"inputs": [{"id": "12"}, {"id": USER}]}
    answers = [
        (await (await client.get(f"{STATUSES}?userId={DEFAULT_USER_ID}&userId=12", headers=AUTH)).json())["results"],
        [await (await client.get(f"{STATUSES}/me", headers=AUTH)).json()],
        (await (await client.post(f"{STATUSES}/batch/read", json=batch, headers=AUTH)).json())["results"],
    ]
    assert [[status["userId"] for status in statuses] for statuses in answers] == [[USER, "12"], [USER], ["12", USER]]
    assert all(isinstance(status["connected"], bool) for statuses in answers for status in statuses)
    schemas = (await (await client.get("/openapi.json")).json())["components"]["schemas"]
    assert schemas["ConnectionStatus"]["properties"]["userId"] == {"type": "string"}
