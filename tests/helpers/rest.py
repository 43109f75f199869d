"""What REST tests share: the headers a client sends, a valid call body, HubSpot's error shape, a ready session."""

from __future__ import annotations

import json
import urllib.request
from typing import Any

from simulator.server.appkeys import SESSIONS
from simulator.server.page.page_protocol import ToPage, ToPageMessage, ToServer
from simulator.server.page.session import Session
from simulator.settings import DEFAULT_ACCESS_TOKEN
from tests.helpers.live_server import LiveServer
from tests.helpers.page_socket import WIDGET, Client

ORIGIN = WIDGET.rstrip("/")
_ids = iter(range(1, 10_000))

AUTH = {"Authorization": f"Bearer {DEFAULT_ACCESS_TOKEN}"}


CALLS = "/crm/v3/objects/calls"


ADA = 51  # fixture contact, phone +1 (617) 555-0100, company 77


def call_body(**properties: str) -> dict[str, Any]:
    """A valid create body for a call to Ada."""
    return {
        "properties": {"hs_timestamp": "2026-01-01T10:00:00.000Z", "hs_call_title": "Call", **properties},
        "associations": [
            {"to": {"id": str(ADA)}, "types": [{"associationCategory": "HUBSPOT_DEFINED", "associationTypeId": 194}]}
        ],
    }


async def hubspot_error(response: Any, status: int, category: str) -> dict[str, Any]:
    """The body, checked to be HubSpot's error shape with this status and category."""
    assert response.status == status, await response.text()
    body: dict[str, Any] = await response.json()
    assert body["status"] == "error" and body["category"] == category
    assert isinstance(body["message"], str) and body["message"]
    assert len(body["correlationId"]) == 36
    return body


async def widget(session: Session, type_: str, data: dict[str, Any] | None = None) -> None:
    message = {"type": type_, "messageId": f"1700000009999_{1700000010000 + next(_ids)}", "data": data or {}}
    await session.received(message, ORIGIN)


async def ready_session(client: Client) -> tuple[Session, list[ToPageMessage]]:
    """A session of the test server whose widget finished the handshake and signed in."""
    session = client.app[SESSIONS].create(WIDGET)
    to_page: list[ToPageMessage] = []
    session.attach(to_page.append)
    session.hello()
    await session.from_page({"kind": ToServer.IFRAME_LOAD, "url": WIDGET})
    sync = {"type": "SYNC", "messageId": "1700000000000_1700000000001", "hostUrl": "http://127.0.0.1:8500"}
    await session.from_page({"kind": ToServer.SYNC_SENT, "message": sync, "dropped": False})
    await session.received({**sync, "type": "SYNC_ACK", "version": "0.9.6", "iFrameUrl": ORIGIN}, ORIGIN)
    await widget(session, "INITIALIZED", {"isLoggedIn": True})
    return session, to_page


def engagement_effects(to_page: list[ToPageMessage]) -> list[dict[str, Any]]:
    effects: list[Any] = [m for m in to_page if m["kind"] == ToPage.EFFECT]
    return [dict(e["params"]) for e in effects if e["name"] == "engagement"]


def rest(server: LiveServer, method: str, path: str, body: Any = None) -> Any:
    """One authorised REST request; the answer's JSON (None for an empty answer, such as a 204)."""
    request = urllib.request.Request(
        server.url + path,
        data=None if body is None else json.dumps(body).encode(),
        method=method,
        headers={"Content-Type": "application/json", "Authorization": f"Bearer {DEFAULT_ACCESS_TOKEN}"},
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        text = response.read()
        return json.loads(text) if text else None
