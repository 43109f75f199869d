"""recordings/ready: callsim fetches the recording from a real local server as HubSpot would, and says what is wrong."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer

from simulator.server.appkeys import STORE
from simulator.server.rest.cards import RECORDING_CHECKS
from simulator.server.rest.recording_check import CHECKING, PLAYABLE, UNAVAILABLE, RecordingCheck
from simulator.settings import DEFAULT_API_KEY
from tests.helpers.page_socket import Client
from tests.helpers.rest import ADA, AUTH, CALLS, call_body, engagement_effects, hubspot_error, ready_session

READY = "/crm/v3/extensions/calling/recordings/ready"
KEY = {"hapikey": DEFAULT_API_KEY}
AUDIO = b"ID3" + bytes(2048)
APP_ID = 4242
NEEDED = {"hs_call_external_id": "ext-1", "hs_call_external_account_id": "acct-9", "hs_call_app_id": str(APP_ID),
          "hs_call_source": "INTEGRATIONS_PLATFORM"}  # fmt: skip


def recording_server() -> tuple[web.Application, list[dict[str, Any]]]:
    """A widget backend: `/authed/{kind}/{externalId}` answers {authenticatedUrl} to `/audio/{kind}`."""
    asked: list[dict[str, Any]] = []

    async def authed(request: web.Request) -> web.Response:
        kind = request.match_info["kind"]
        asked.append({"externalId": request.match_info["external_id"], **request.query})
        if kind == "broken":
            return web.Response(status=500, text="boom")
        if kind == "not-json":
            return web.Response(text="https://example.invalid/call.mp3")
        return web.json_response({"authenticatedUrl": str(request.url.with_path(f"/audio/{kind}").with_query(None))})

    async def audio(request: web.Request) -> web.Response:
        kind = request.match_info["kind"]
        ranged = request.headers.get("Range") == "bytes=0-"
        if kind == "good" and ranged:
            headers = {"Content-Range": f"bytes 0-{len(AUDIO) - 1}/{len(AUDIO)}", "Accept-Ranges": "bytes"}
            return web.Response(status=206, body=AUDIO, content_type="audio/mpeg", headers=headers)
        if kind == "no-range":
            return web.Response(body=AUDIO, content_type="audio/wav")
        if kind == "html":
            return web.Response(text="<html>login</html>", content_type="text/html")
        if kind == "empty":
            return web.Response(status=206, body=b"", content_type="audio/mpeg")
        return web.Response(status=404)

    app = web.Application()
    app.router.add_get("/authed/{kind}/{external_id}", authed)
    app.router.add_get("/audio/{kind}", audio)
    return app, asked


@pytest.fixture
async def backend(aiohttp_server: Any) -> tuple[TestServer, list[dict[str, Any]]]:
    app, asked = recording_server()
    return await aiohttp_server(app), asked


async def call_with(client: Client, **properties: str) -> int:
    response = await client.post(CALLS, json=call_body(**properties), headers=AUTH)
    assert response.status == 201, await response.text()
    return int((await response.json())["id"])


async def checked(client: Client, engagement_id: int) -> RecordingCheck:
    """The recording check once the background fetch is done."""
    for _ in range(200):
        check = client.app[RECORDING_CHECKS].by_engagement.get(engagement_id)
        if check is not None and check.state != CHECKING:
            return check
        await asyncio.sleep(0.02)
    raise AssertionError("the recording check did not finish")


async def ready(client: Client, server: TestServer, kind: str, **properties: str) -> RecordingCheck:
    template = str(server.make_url(f"/authed/{kind}/")) + "%s"
    client.app[STORE].recordings.create(APP_ID, {"urlToRetrieveAuthedRecording": template})
    engagement_id = await call_with(client, **{**NEEDED, **properties})
    response = await client.post(READY, json={"engagementId": engagement_id}, params=KEY)
    assert response.status == 204, await response.text()
    return await checked(client, engagement_id)


async def test_a_good_recording_is_playable_and_asked_as_hubspot_asks(client: Client, backend: Any) -> None:
    server, asked = backend
    session, to_page = await ready_session(client)
    check = await ready(client, server, "good")
    assert check.state == PLAYABLE and check.violations == ()
    assert check.content_type == "audio/mpeg" and check.audio_status == 206
    assert asked == [{"externalId": "ext-1", "externalAccountId": "acct-9", "appId": str(APP_ID)}]
    pushed = engagement_effects(to_page)[-1]
    assert pushed["recording"]["state"] == PLAYABLE and pushed["recording"]["audioUrl"].endswith("/audio/good")
    assert any(e.type == "RECORDING" for e in session.log.entries)
    page = await (await client.get(f"/contacts/{ADA}")).text()
    assert "<audio controls" in page and 'data-state="playable"' in page


@pytest.mark.parametrize(
    ("kind", "rule", "state", "words"),
    [
        ("no-range", "recording.no-range", PLAYABLE, "not 206"),
        ("html", "recording.unavailable", UNAVAILABLE, "text/html"),
        ("empty", "recording.unavailable", UNAVAILABLE, "empty body"),
        ("missing", "recording.unavailable", UNAVAILABLE, "answered 404"),
        ("broken", "recording.unavailable", UNAVAILABLE, "answered 500"),
        ("not-json", "recording.unavailable", UNAVAILABLE, "authenticatedUrl"),
    ],
)
async def test_a_bad_recording_is_a_named_warning_in_the_live_log_and_on_the_card(
    client: Client, backend: Any, kind: str, rule: str, state: str, words: str
) -> None:
    server, _ = backend
    session, to_page = await ready_session(client)
    check = await ready(client, server, kind)
    assert check.state == state
    assert [v.rule for v in check.violations] == [rule] and words in check.violations[0].explanation
    logged = [e for e in session.log.entries if e.type == rule]
    assert logged and logged[0].to_json()["severity"] == "warning"
    problems = engagement_effects(to_page)[-1]["recording"]["problems"]
    assert [p["rule"] for p in problems] == [rule]
    page = await (await client.get(f"/contacts/{ADA}")).text()
    assert f'data-rule="{rule}"' in page
    assert ("<audio controls" in page) == (state == PLAYABLE)


async def test_missing_properties_are_named_and_without_an_external_id_nothing_is_asked(
    client: Client, backend: Any
) -> None:
    server, asked = backend
    template = str(server.make_url("/authed/good/")) + "%s"
    client.app[STORE].recordings.create(7, {"urlToRetrieveAuthedRecording": template})
    engagement_id = await call_with(client)  # none of hs_call_external_id, ..._account_id, _app_id, _source
    assert (await client.post(READY, json={"engagementId": engagement_id}, headers=AUTH)).status == 204
    check = await checked(client, engagement_id)
    assert [v.rule for v in check.violations] == ["recording.properties", "recording.unavailable"]
    assert "hs_call_external_id" in check.violations[0].explanation and "%s" in check.violations[1].explanation
    assert asked == []


async def test_an_unreachable_backend_and_no_settings_are_failures_not_silence(client: Client) -> None:
    engagement_id = await call_with(client, **NEEDED)
    assert (await client.post(READY, json={"engagementId": engagement_id}, params=KEY)).status == 204
    check = await checked(client, engagement_id)
    assert check.state == UNAVAILABLE and "no app has recording settings" in check.violations[-1].explanation
    client.app[STORE].recordings.create(APP_ID, {"urlToRetrieveAuthedRecording": "http://127.0.0.1:9/rec/%s"})
    assert (await client.post(READY, json={"engagementId": engagement_id}, params=KEY)).status == 204
    await asyncio.sleep(0)
    check = await checked(client, engagement_id)
    assert check.state == UNAVAILABLE and "fetching the recording failed" in check.violations[-1].explanation


async def test_errors_are_hubspots(client: Client) -> None:
    await hubspot_error(await client.post(READY, json={"engagementId": 1}), 401, "INVALID_AUTHENTICATION")
    await hubspot_error(await client.post(READY, json={"engagementId": 1}, params={"hapikey": "no"}), 401,
                        "INVALID_AUTHENTICATION")  # fmt: skip
    error = await hubspot_error(await client.post(READY, json={}, params=KEY), 400, "VALIDATION_ERROR")
    assert error["errors"][0]["in"] == "engagementId"
    await hubspot_error(await client.post(READY, json={"engagementId": 5}, params=KEY), 404, "OBJECT_NOT_FOUND")
    await hubspot_error(await client.post(READY, data="[]", params=KEY), 400, "VALIDATION_ERROR")
