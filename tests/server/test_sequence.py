"""GET /api/sessions/{id}/sequence.svg, and the ?demo=1 page, against a real in-process server (no browser)."""

from __future__ import annotations

import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest

from simulator.errors import CallsimError
from simulator.server.app import create_app
from simulator.server.demo import demo_serve_args
from simulator.settings import Settings
from tests.helpers.live_server import ROOT
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


def test_callsim_demo_serves_the_library_or_a_file_and_opens_the_demo_page(tmp_path: Path) -> None:
    argv, query = demo_serve_args("resize", None, 8600, open_page=True)
    assert argv == ["serve", "--quiet", "--port", "8600", "--open"] and query == "?demo=1&scenario=resize.yaml"
    mine = tmp_path / "my call.yaml"
    mine.write_text("name: x\nsteps: []\n", encoding="utf-8")
    argv, query = demo_serve_args(str(mine), "http://127.0.0.1:3000/", None, open_page=False)
    assert argv == ["serve", "--quiet", "--scenarios", str(tmp_path), "--widget", "http://127.0.0.1:3000/"]
    assert query == "?demo=1&scenario=my+call.yaml"
    assert demo_serve_args(None, None, None, open_page=False) == (["serve", "--quiet"], "?demo=1")
    with pytest.raises(CallsimError, match="no scenario 'nope'"):
        demo_serve_args("nope", None, None, open_page=False)


def test_callsim_demo_ephemeral_writes_nothing_to_the_data_directory(tmp_path: Path) -> None:
    assert demo_serve_args("resize", None, None, open_page=False, ephemeral=True)[0] == ["serve", "--quiet",
                                                                                        "--ephemeral"]  # fmt: skip
    data_dir = tmp_path / "data"
    env = {**os.environ, "CALLSIM_DATA_DIR": str(data_dir), "PYTHONUNBUFFERED": "1"}
    demo = subprocess.Popen([sys.executable, "-m", "simulator", "demo", "resize", "--ephemeral", "--no-open",
                             "--port", "0"], cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            text=True)  # fmt: skip
    try:
        assert demo.stdout is not None
        printed = []
        for line in demo.stdout:  # the banner ends with the demo page's URL (or the output ends: it failed)
            printed.append(line)
            if "demo=1" in line:
                break
        assert any("in memory (--ephemeral)" in line for line in printed), printed
        assert any("demo=1&scenario=resize.yaml" in line for line in printed), printed
        assert not data_dir.exists()
    finally:
        demo.terminate()
        demo.wait(10)
        if demo.stdout is not None:
            demo.stdout.close()
