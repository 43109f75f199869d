"""A callsim app for REST tests (aiohttp's real test client) and the headers a REST client sends."""

from __future__ import annotations

from typing import Any

import pytest

from simulator.server.app import create_app
from simulator.settings import DEFAULT_ACCESS_TOKEN, Settings
from tests.helpers.page_socket import WIDGET, Client

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


@pytest.fixture
async def client(aiohttp_client: Any) -> Client:
    app = create_app(Settings(port=0), sample_widget_url=WIDGET)
    return await aiohttp_client(app)  # type: ignore[no-any-return]


async def hubspot_error(response: Any, status: int, category: str) -> dict[str, Any]:
    """The body, checked to be HubSpot's error shape with this status and category."""
    assert response.status == status, await response.text()
    body: dict[str, Any] = await response.json()
    assert body["status"] == "error" and body["category"] == category
    assert isinstance(body["message"], str) and body["message"]
    assert len(body["correlationId"]) == 36
    return body
