"""`GET /api/templates`: the inject panel's pre-filled payloads, served by an in-process server."""

from __future__ import annotations

from typing import Any

from simulator.hubspot.crm.portal import Crm
from simulator.hubspot.sdk import samples
from simulator.server.app import create_app


async def test_the_endpoint_answers_types_and_faults(aiohttp_client: Any) -> None:
    client = await aiohttp_client(create_app(crm=Crm.load()))
    response = await client.get("/api/templates?objectTypeId=0-1&objectId=51")
    assert response.status == 200
    body = await response.json()
    assert body["types"]["DIAL_NUMBER"]["calleeInfo"]["calleeId"] == 51
    assert body["faults"] == samples.fault_values()
    assert "SYNC" not in body["injectable"] and body["unusual"] == ["READY", "SET_WIDGET_URL", "UNLOADING"]


async def test_the_endpoint_refuses_an_unknown_session(aiohttp_client: Any) -> None:
    client = await aiohttp_client(create_app(crm=Crm.load()))
    response = await client.get("/api/templates?session=nope")
    assert response.status == 404 and "nope" in (await response.json())["error"]
