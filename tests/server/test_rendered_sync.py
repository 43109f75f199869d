"""A page carries its session's SYNC from its first byte: the render knows the claim's context (issue 17), and the
host's message id prefix and dropped SYNCs too, so the page's head start can SYNC before its hello (issue 20)."""

from __future__ import annotations

import json
import re
from typing import Any

from simulator.hubspot.crm.portal import Crm
from simulator.server.app import create_app
from simulator.server.appkeys import SESSIONS
from simulator.settings import Settings
from tests.helpers.page_socket import WIDGET, Client, own_origin, receive_kind

CONFIG = re.compile(r'<script id="callsim-config" type="application/json">(.*?)</script>', re.S)


async def rendered_config(client: Client, path: str) -> dict[str, Any]:
    response = await client.get(path)
    assert response.status == 200
    found = CONFIG.search(await response.text())
    assert found is not None, "the page has no callsim-config script"
    return json.loads(found.group(1))  # type: ignore[no-any-return]


async def hello_for(client: Client, config: dict[str, Any]) -> dict[str, Any]:
    """Say the page's hello as page.js does (its provider key, claim and instance id) and return the server's."""
    ws = await client.ws_connect("/ws", headers={"Origin": own_origin(client)})
    provider = {"key": config["selectedKey"], "name": "sample"}
    await ws.send_json({"kind": "hello", "widgetUrl": WIDGET, "page": config["page"], "provider": provider,
                        "claim": config["claim"], "instanceId": config.get("instanceId")})  # fmt: skip
    hello = await receive_kind(ws, "hello")
    await ws.close()
    return hello


def first_contact() -> int:
    return next(iter(Crm.load().contacts))


async def test_a_claimed_pages_render_carries_the_claims_sync_fields(aiohttp_client: Any) -> None:
    app = create_app(Settings(port=0), sample_widget_url=WIDGET)
    client: Client = await aiohttp_client(app)
    claim = app[SESSIONS].claim({"portal_id": 424242, "user_id": 7, "owner_id": 8, "uses_calling_window": False})
    config = await rendered_config(client, f"/contacts/{first_contact()}?claim={claim.token}")
    assert config["sync"] == {"portalId": 424242, "userId": 7, "ownerId": 8, "usesCallingWindow": False}
    hello = await hello_for(client, config)
    assert hello["sync"] == config["sync"]  # the render and the session agree, before any SYNC is sent
    assert (await claim.session).host.context.portal_id == 424242


async def test_an_unclaimed_page_and_the_calling_window_render_the_servers_defaults(aiohttp_client: Any) -> None:
    settings = Settings(port=0)
    client: Client = await aiohttp_client(create_app(settings, sample_widget_url=WIDGET))
    record = await rendered_config(client, f"/contacts/{first_contact()}")
    assert record["sync"]["portalId"] == settings.portal_id and record["sync"]["iframeLocation"] == "widget"
    assert record["sync"] == (await hello_for(client, record))["sync"]
    window = await rendered_config(client, f"/calling-integration-popup-ui/{settings.portal_id}")
    assert window["sync"]["iframeLocation"] == "window"
    assert window["sync"] == (await hello_for(client, window))["sync"]


async def test_the_rendered_instance_id_and_dropped_syncs_are_the_sessions(aiohttp_client: Any) -> None:
    app = create_app(Settings(port=0), sample_widget_url=WIDGET)
    client: Client = await aiohttp_client(app)
    claim = app[SESSIONS].claim({}, {"drop_first_syncs": 2})
    config = await rendered_config(client, f"/contacts/{first_contact()}?claim={claim.token}")
    assert config["instanceId"].isdigit() and config["dropFirstSyncs"] == 2
    hello = await hello_for(client, config)
    assert (hello["instanceId"], hello["dropFirstSyncs"]) == (config["instanceId"], 2)
    session = await claim.session
    assert session.ids.next().startswith(config["instanceId"] + "_")  # the server's own host messages share it
    unclaimed = await rendered_config(client, f"/contacts/{first_contact()}")
    assert unclaimed["dropFirstSyncs"] == 0 and unclaimed["instanceId"] != ""


async def test_a_hello_without_a_usable_instance_id_gets_a_fresh_one(aiohttp_client: Any) -> None:
    client: Client = await aiohttp_client(create_app(Settings(port=0), sample_widget_url=WIDGET))
    config = await rendered_config(client, f"/contacts/{first_contact()}")
    for sent in (None, "12ab", "١٢٣", "9" * 40):
        hello = await hello_for(client, {**config, "instanceId": sent})
        assert hello["instanceId"].isdigit() and hello["instanceId"] != sent
