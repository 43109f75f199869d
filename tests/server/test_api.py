"""The control API and the page WebSocket against a real in-process server (no browser)."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import pytest

from simulator.server.app import create_app
from simulator.settings import Settings
from tests.helpers.page_socket import WIDGET, Client, open_page, receive_kind


@pytest.fixture
async def client(aiohttp_client: Any) -> Client:
    app = create_app(Settings(port=0), sample_widget_url=WIDGET)
    return await aiohttp_client(app)  # type: ignore[no-any-return]


async def test_record_page_renders_a_contact(client: Client) -> None:
    response = await client.get("/")
    text = await response.text()
    assert response.status == 200
    assert "Ada Lovelace" in text and 'id="provider"' in text and WIDGET in text


async def test_unknown_record_is_404(client: Client) -> None:
    assert (await client.get("/contacts/999999")).status == 404
    assert (await client.get("/contacts/not-a-number")).status == 404


async def test_websocket_from_a_foreign_origin_is_refused(client: Client) -> None:
    response = await client.get(
        "/ws",
        headers={
            "Origin": "http://evil.example",
            "Upgrade": "websocket",
            "Connection": "Upgrade",
            "Sec-WebSocket-Version": "13",
            "Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZQ==",
        },
    )
    assert response.status == 403


async def test_hello_creates_a_listed_session_with_sync_fields(client: Client) -> None:
    ws, hello = await open_page(client)
    assert hello["sync"]["portalId"] == 81431 and hello["sync"]["iframeLocation"] == "widget"
    assert hello["instanceId"].isdigit() and len(hello["instanceId"]) == 13
    sessions = (await (await client.get("/api/sessions")).json())["sessions"]
    assert [s["id"] for s in sessions] == [hello["session"]]
    assert sessions[0]["widgetUrl"] == WIDGET
    await ws.close()


async def test_widget_messages_are_logged_with_direction_and_origin(client: Client) -> None:
    ws, hello = await open_page(client)
    ack = {
        "type": "SYNC_ACK",
        "messageId": f"{hello['instanceId']}_1",
        "version": "0.9.7-beta.0",
        "iFrameUrl": "http://127.0.0.1:9999",
    }
    await ws.send_json({"kind": "received", "message": ack, "origin": "http://127.0.0.1:9999"})
    await ws.send_json(
        {
            "kind": "received",
            "message": {"type": "INITIALIZED", "messageId": "1_2", "data": {}},
            "origin": "http://127.0.0.1:9999",
        }
    )
    await receive_kind(ws, "entry")
    log = await (await client.get(f"/api/sessions/{hello['session']}/log")).json()
    incoming = [e for e in log["entries"] if e["direction"] == "in"]
    assert [e["type"] for e in incoming][:2] == ["SYNC_ACK", "INITIALIZED"]
    assert incoming[0]["origin"] == "http://127.0.0.1:9999" and incoming[0]["session_id"] == hello["session"]
    since = incoming[0]["seq"]
    later = await (await client.get(f"/api/sessions/{hello['session']}/log?since={since}")).json()
    assert all(e["seq"] > since for e in later["entries"]) and later["entries"]
    await ws.close()


async def test_posting_an_event_relays_it_to_the_page_with_a_host_message_id(client: Client) -> None:
    ws, hello = await open_page(client)
    response = await client.post(
        f"/api/sessions/{hello['session']}/events",
        json={"type": "VISIBILITY_CHANGED", "data": {"isMinimized": True, "isHidden": False}},
    )
    assert response.status == 202
    posted = await receive_kind(ws, "post")
    message = posted["message"]
    assert message["type"] == "VISIBILITY_CHANGED" and message["data"]["isMinimized"] is True
    assert message["messageId"].startswith(hello["instanceId"] + "_")
    entry = (await response.json())["entry"]
    assert entry["direction"] == "out" and entry["message"] == message
    await ws.close()


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("not json", "must be JSON"),
        ("[1, 2]", "must be a JSON object"),
        ("{}", 'missing "type"'),
        ('{"type": "DIAL_NUMBER", "data": 5}', '"data" must be a JSON object'),
    ],
)
async def test_bad_event_requests_get_a_4xx_with_a_json_error(client: Client, body: str, expected: str) -> None:
    ws, hello = await open_page(client)
    response = await client.post(
        f"/api/sessions/{hello['session']}/events", data=body, headers={"Content-Type": "application/json"}
    )
    assert response.status == 400
    assert expected in (await response.json())["error"]
    await ws.close()


async def test_unknown_session_and_bad_since_are_4xx(client: Client) -> None:
    missing = await client.get("/api/sessions/nope/log")
    assert missing.status == 404 and "no session" in (await missing.json())["error"]
    ws, hello = await open_page(client)
    bad = await client.get(f"/api/sessions/{hello['session']}/log?since=abc")
    assert bad.status == 400 and "since" in (await bad.json())["error"]
    wrong_method = await client.delete(f"/api/sessions/{hello['session']}/log")
    assert wrong_method.status == 405 and "error" in await wrong_method.json()
    await ws.close()


async def test_cross_origin_posts_are_refused(client: Client) -> None:
    ws, hello = await open_page(client)
    response = await client.post(
        f"/api/sessions/{hello['session']}/events", json={"type": "END_CALL"}, headers={"Origin": "http://evil.example"}
    )
    assert response.status == 403
    await ws.close()


async def test_stream_pushes_new_entries_as_server_sent_events(client: Client) -> None:
    ws, hello = await open_page(client)
    response = await client.get(f"/api/sessions/{hello['session']}/stream")
    assert response.headers["Content-Type"].startswith("text/event-stream")
    await client.post(f"/api/sessions/{hello['session']}/events", json={"type": "END_CALL"})
    seen: list[dict[str, Any]] = []
    while not any(e.get("type") == "END_CALL" for e in seen):
        line = (await asyncio.wait_for(response.content.readline(), 5)).decode()
        if line.startswith("data: "):
            seen.append(json.loads(line[6:]))
    assert seen[-1]["direction"] == "out"
    response.close()
    await ws.close()


async def test_malformed_page_messages_are_logged_and_the_session_goes_on(client: Client) -> None:
    ws, hello = await open_page(client)
    await ws.send_str("{not json")
    await ws.send_json({"kind": "received", "message": "just a string", "origin": "http://127.0.0.1:9999"})
    await ws.send_json(
        {"kind": "received", "message": {"type": "LOGGED_IN", "messageId": "1_1"}, "origin": "http://127.0.0.1:9999"}
    )
    await asyncio.sleep(0.1)
    log = await (await client.get(f"/api/sessions/{hello['session']}/log")).json()
    types = [e["type"] for e in log["entries"]]
    assert "PAGE_PROTOCOL" in types and "(malformed)" in types and "LOGGED_IN" in types
    await ws.close()


async def test_closed_sessions_leave_the_live_list_but_keep_their_log(client: Client) -> None:
    ws, hello = await open_page(client)
    await ws.close()
    await asyncio.sleep(0.05)
    assert (await (await client.get("/api/sessions")).json())["sessions"] == []
    everything = (await (await client.get("/api/sessions?all=1")).json())["sessions"]
    assert everything[0]["id"] == hello["session"] and everything[0]["live"] is False
    ended = await client.post(f"/api/sessions/{hello['session']}/events", json={"type": "END_CALL"})
    assert ended.status == 409


async def test_a_widget_url_cannot_break_out_of_the_page_config(client: Client) -> None:
    hostile = WIDGET + "</script><script>alert(1)</script>"
    response = await client.get("/", params={"widget": hostile})
    text = await response.text()
    assert response.status == 200 and "<script>alert(1)" not in text
    assert "\\u003c/script\\u003e\\u003cscript\\u003ealert(1)" in text  # still there, as inert JSON


async def test_a_dns_rebinding_host_name_is_refused(client: Client) -> None:
    response = await client.get("/api/sessions", headers={"Host": f"evil.example:{client.port}"})
    assert response.status == 403
    assert (await client.get("/api/sessions", headers={"Host": f"localhost:{client.port}"})).status == 200
    assert (await client.get("/api/sessions", headers={"Host": f"[::1]:{client.port}"})).status == 200
