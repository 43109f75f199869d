"""Claims and expectations over HTTP, against a real in-process server and a page speaking its socket protocol."""

from __future__ import annotations

import asyncio
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from simulator import __version__
from simulator.server.app import create_app
from simulator.settings import Settings
from tests.helpers.page_socket import WIDGET, Client, own_origin, receive_kind

WIDGET_ORIGIN = "http://127.0.0.1:9999"


@pytest.fixture
async def client(aiohttp_client: Any) -> Client:
    app = create_app(Settings(port=0), sample_widget_url=WIDGET)
    return await aiohttp_client(app)  # type: ignore[no-any-return]


async def _open_claimed_page(client: Client, body: dict[str, Any]) -> tuple[Any, dict[str, Any], str]:
    """POST /api/claims, then a page that opens the URL it answered: (socket, its hello, the claimed session id)."""
    made = await client.post("/api/claims", json=body)
    assert made.status == 201, await made.text()
    claim = await made.json()
    url = urlsplit(claim["url"])
    rendered = await client.get(f"{url.path}?{url.query}")
    assert rendered.status == 200
    waiting = asyncio.ensure_future(client.get(f"/api/claims/{claim['claim']}/session?within=5"))
    ws = await client.ws_connect("/ws", headers={"Origin": own_origin(client)})
    await ws.send_json({"kind": "hello", "widgetUrl": WIDGET, "page": "record", "claim": claim["claim"]})
    hello = await receive_kind(ws, "hello")
    answer = await waiting
    assert answer.status == 200, await answer.text()
    return ws, hello, (await answer.json())["sessionId"]


async def _widget_says(ws: Any, message: dict[str, Any]) -> None:
    await ws.send_json({"kind": "received", "message": message, "origin": WIDGET_ORIGIN})


async def test_a_claimed_page_gets_the_claims_context_and_its_session_id(client: Client) -> None:
    record = {"type": "company", "id": 77}
    body = {"context": {"portalId": 4242, "userId": 77, "usesCallingWindow": False, "record": record}}
    made = await client.post("/api/claims", json={**body, "widgetUrl": WIDGET})
    claim = await made.json()
    url = urlsplit(claim["url"])
    assert url.path == "/companies/77" and parse_qs(url.query) == {"claim": [claim["claim"]], "widget": [WIDGET]}
    ws, hello, session_id = await _open_claimed_page(client, body)
    assert hello["session"] == session_id
    assert hello["sync"]["portalId"] == 4242 and hello["sync"]["userId"] == 77
    assert hello["sync"]["usesCallingWindow"] is False and "iframeLocation" not in hello["sync"]
    summary = await (await client.get(f"/api/sessions/{session_id}")).json()
    assert summary["id"] == session_id
    await ws.close()


async def test_the_claims_session_answers_once_and_a_missing_page_is_408(client: Client) -> None:
    ws, _, session_id = await _open_claimed_page(client, {})
    await ws.close()
    made = await (await client.post("/api/claims", json={})).json()
    late = await client.get(f"/api/claims/{made['claim']}/session?within=0.2")
    assert late.status == 408 and "within 0.2 s" in (await late.json())["error"]
    unknown = await client.get("/api/claims/nope/session")
    assert unknown.status == 404 and "POST /api/claims" in (await unknown.json())["error"]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"context": {"portalId": "x"}}, "context.portalId: expected an integer"),
        ({"context": {"portalld": 1}}, "did you mean 'portalId'"),
        ({"context": {"record": {"type": "contact"}}}, "context.record: missing key 'id'"),
        ({"host": {"fail_create_engagment": True}}, "host: "),
        ({"host": []}, '"host" must be a JSON object'),
        ({"widgetUrl": "ftp://x"}, '"widgetUrl" must be an http(s) URL'),
    ],
)
async def test_a_bad_claim_is_400_naming_the_field(client: Client, body: dict[str, Any], field: str) -> None:
    answer = await client.post("/api/claims", json=body)
    assert answer.status == 400
    assert field in (await answer.json())["error"]


async def test_expect_matches_after_the_last_match_and_a_miss_is_the_runners_diff(client: Client) -> None:
    ws, _, session_id = await _open_claimed_page(client, {})
    await _widget_says(ws, {"type": "LOGGED_IN", "messageId": "1_1"})
    await _widget_says(ws, {"type": "USER_AVAILABLE", "messageId": "1_2"})
    base = f"/api/sessions/{session_id}"
    first = await (await client.post(f"{base}/expect", json={"type": "LOGGED_IN", "within": 2})).json()
    assert first["ok"] is True and first["entry"]["type"] == "LOGGED_IN"
    after = first["entry"]["seq"]
    again = {"type": "LOGGED_IN", "after": after, "within": 0.2}
    missed = await (await client.post(f"{base}/expect", json=again)).json()
    assert missed["ok"] is False and "LOGGED_IN" in missed["error"]
    none = await (await client.post(f"{base}/expect_none", json={"type": "USER_AVAILABLE", "within": 0.3})).json()
    assert none["ok"] is False and "expected no USER_AVAILABLE" in none["error"]
    await ws.close()


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, '"type" is required'),
        ({"type": "X", "from": "page"}, '"from" must be "widget" or "host"'),
        ({"type": "X", "after": -1}, '"after" must be a log seq'),
        ({"type": "X", "within": 0}, "within must be a number of seconds"),
        ({"type": "X", "within": "soon"}, "within must be a number of seconds"),
        ({"type": "X", "match": {"$bogus": 1}}, "invalid match: match: a matcher has exactly one of"),
    ],
)
async def test_a_bad_expectation_is_400_naming_the_field(client: Client, body: dict[str, Any], field: str) -> None:
    ws, _, session_id = await _open_claimed_page(client, {})
    answer = await client.post(f"/api/sessions/{session_id}/expect", json=body)
    assert answer.status == 400
    assert field in (await answer.json())["error"]
    await ws.close()


async def test_dial_sends_dial_number_as_the_record_page_builds_it(client: Client) -> None:
    ws, _, session_id = await _open_claimed_page(client, {})
    answer = await client.post(f"/api/sessions/{session_id}/dial", json={"phoneNumber": "+16175550100"})
    assert answer.status == 202, await answer.text()
    entry = (await answer.json())["entry"]
    assert entry["type"] == "DIAL_NUMBER" and entry["data"]["phoneNumber"] == "+16175550100"
    bad = await client.post(f"/api/sessions/{session_id}/dial", json={"phoneNumber": 5})
    assert bad.status == 400 and '"phoneNumber" must be a string' in (await bad.json())["error"]
    await ws.close()


async def test_the_server_says_which_callsim_it_is_and_where_its_sample_widget_is(client: Client) -> None:
    info = await (await client.get("/api/server")).json()
    assert info == {"name": "callsim", "version": __version__, "sampleWidgetUrl": WIDGET}


async def test_a_claimed_page_loads_the_claims_widget_and_no_other_page_may(client: Client) -> None:
    """A claim's widgetUrl is loaded on any origin (the caller is the control API); the same ?widget= without the
    claim is not, since a page URL alone must never frame an arbitrary site."""
    elsewhere = "http://localhost:7777/my-widget/"
    made = await (await client.post("/api/claims", json={"widgetUrl": elsewhere})).json()
    url = urlsplit(made["url"])
    claimed = await (await client.get(f"{url.path}?{url.query}")).text()
    unclaimed = await (await client.get("/?widget=" + elsewhere)).text()
    assert '"widgetOverride": "http://localhost:7777/my-widget/"' in claimed.replace("\\u0026", "&")
    assert elsewhere not in unclaimed
