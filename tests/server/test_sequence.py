"""GET /api/sessions/{id}/sequence.svg, and the ?demo=1 page, against a real in-process server (no browser)."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import Any

import pytest

from simulator.server.app import create_app
from simulator.settings import Settings
from tests.helpers.page_socket import WIDGET, Client, open_page, receive_kind

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture
async def client(aiohttp_client: Any) -> Client:
    app = create_app(Settings(port=0), sample_widget_url=WIDGET)
    return await aiohttp_client(app)  # type: ignore[no-any-return]


async def test_the_live_diagram_draws_the_session_log(client: Client) -> None:
    ws, hello = await open_page(client)
    hostile = {"type": "<b>INITIALIZED</b>", "messageId": "1_2", "data": {}}
    await ws.send_json({"kind": "received", "message": hostile, "origin": "http://127.0.0.1:9999"})
    await receive_kind(ws, "entry")
    response = await client.get(f"/api/sessions/{hello['session']}/sequence.svg")
    assert response.status == 200 and response.content_type == "image/svg+xml"
    assert "default-src 'none'" in response.headers["Content-Security-Policy"]
    text = await response.text()
    assert "<b>" not in text
    arrows = [g for g in ET.fromstring(text).iter(f"{SVG}g") if "seq-arrow" in g.get("class", "")]
    assert [a.get("data-direction") for a in arrows][:1] == ["in"]
    await ws.close()


async def test_an_unknown_session_is_404(client: Client) -> None:
    assert (await client.get("/api/sessions/nope/sequence.svg")).status == 404


async def test_demo_flag_renders_the_presenter_bar(client: Client) -> None:
    plain = await (await client.get("/")).text()
    demo = await (await client.get("/?demo=1&scenario=resize.yaml")).text()
    assert 'id="demo-bar"' not in plain and 'data-demo="on"' not in plain
    assert 'id="demo-bar"' in demo and 'data-demo="on"' in demo and '"scenario": "resize.yaml"' in demo
    assert 'id="sequence-panel"' in plain
