"""`serve --offline`: a widget folder's pages get their installed CDN scripts from the folder's own origin."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from simulator.server.npm_packages import node_modules_near
from simulator.server.offline_pages import LOCAL_CDN
from simulator.server.widget_app import create_folder_app
from tests.helpers.react_widget import REACT_URL, react_widget_folder


async def test_installed_cdn_urls_point_at_the_folders_origin_and_are_served(
    tmp_path: Path, aiohttp_client: Any
) -> None:
    widget = react_widget_folder(tmp_path / "widget")
    html = (widget / "index.html").read_text()
    (widget / "index.html").write_text(
        html.replace("</body>", '<script src="https://unpkg.com/vue@3"></script></body>')
    )
    client = await aiohttp_client(create_folder_app(widget, node_modules_near([widget])))
    page = await (await client.get("/")).text()
    assert REACT_URL not in page and f'src="{LOCAL_CDN}cdnjs.cloudflare.com/ajax/libs/react/18.2.0/umd/' in page
    assert f"{LOCAL_CDN}unpkg.com/@hubspot/calling-extensions-sdk@^0.9/dist/main.js" in page
    assert '<script src="https://unpkg.com/vue@3">' in page  # not installed: left to the network
    react = await client.get(f"{LOCAL_CDN}cdnjs.cloudflare.com/ajax/libs/react/18.2.0/umd/react.production.min.js")
    assert react.status == 200 and react.headers["Content-Type"] == "application/javascript"
    assert await react.read() == (widget / "node_modules/react/umd/react.production.min.js").read_bytes()
    missing = await client.get(f"{LOCAL_CDN}unpkg.com/vue@3/dist/vue.global.js")
    assert missing.status == 404 and "vue@3" in await missing.text()


async def test_without_offline_the_page_is_served_as_it_is(tmp_path: Path, aiohttp_client: Any) -> None:
    widget = react_widget_folder(tmp_path / "widget", with_node_modules=False)
    client = await aiohttp_client(create_folder_app(widget))
    assert await (await client.get("/")).text() == (widget / "index.html").read_text()
    assert (await client.get(f"{LOCAL_CDN}unpkg.com/react@18/umd/react.development.js")).status == 404
