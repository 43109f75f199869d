"""The handshake doctor against real HTTP servers that misbehave in each way it names."""

from __future__ import annotations

from typing import Any

import pytest
from aiohttp import web

from simulator.server.doctor import diagnose, frame_blockers

HOST = "http://127.0.0.1:8500"


async def widget_server(aiohttp_server: Any) -> Any:
    async def page(request: web.Request) -> web.Response:
        return web.Response(
            text='<script src="/sdk.js"></script><script>new CallingExtensions({})</script>', content_type="text/html"
        )

    async def sdk(request: web.Request) -> web.Response:
        return web.Response(text="// sdk", content_type="application/javascript")

    async def deny(request: web.Request) -> web.Response:
        return web.Response(text="<p>no</p>", content_type="text/html", headers={"X-Frame-Options": "DENY"})

    async def csp(request: web.Request) -> web.Response:
        return web.Response(
            text="<p>no</p>",
            content_type="text/html",
            headers={"Content-Security-Policy": "default-src 'self'; frame-ancestors 'self'"},
        )

    async def away(request: web.Request) -> web.Response:
        raise web.HTTPFound("http://elsewhere.example/widget")

    async def broken_script(request: web.Request) -> web.Response:
        return web.Response(text='<script src="/missing.js"></script>', content_type="text/html")

    async def moves_on(request: web.Request) -> web.Response:
        return web.Response(
            text="<script>location.replace('https://elsewhere.example/')</script>", content_type="text/html"
        )

    async def plain(request: web.Request) -> web.Response:
        return web.Response(text="<p>hello</p>", content_type="text/html")

    app = web.Application()
    app.router.add_get("/ok", page)
    app.router.add_get("/sdk.js", sdk)
    app.router.add_get("/deny", deny)
    app.router.add_get("/csp", csp)
    app.router.add_get("/away", away)
    app.router.add_get("/broken", broken_script)
    app.router.add_get("/plain", plain)
    app.router.add_get("/moves-on", moves_on)
    return await aiohttp_server(app)


@pytest.mark.parametrize(
    ("path", "code", "words"),
    [
        ("/deny", "frame-denied", "X-Frame-Options: DENY"),
        ("/csp", "frame-denied", "frame-ancestors"),
        ("/away", "redirect-origin", "http://elsewhere.example/widget"),
        ("/nothing-here", "http-status", "404"),
        ("/broken", "scripts-failed", "the widget page loaded but its scripts failed"),
        ("/plain", "no-sdk", "does not mention the Calling Extensions SDK"),
        ("/moves-on", "script-redirect", "sends the browser elsewhere"),
    ],
)
async def test_each_cause_is_named_with_a_fix(aiohttp_server: Any, path: str, code: str, words: str) -> None:
    server = await widget_server(aiohttp_server)
    findings = await diagnose(str(server.make_url(path)), HOST)
    assert [f.code for f in findings][:1] == [code]
    assert words in findings[0].detail and findings[0].fix


async def test_a_healthy_page_that_already_answered_has_no_findings(aiohttp_server: Any) -> None:
    server = await widget_server(aiohttp_server)
    assert await diagnose(str(server.make_url("/ok")), HOST, handshake_seen=True) == []


async def test_an_unreachable_page_and_a_non_http_url() -> None:
    unreachable = await diagnose("http://127.0.0.1:1/", HOST)
    assert unreachable[0].code == "unreachable" and "did not load" in unreachable[0].title
    assert (await diagnose("file:///tmp/widget.html", HOST))[0].code == "bad-url"


def test_frame_ancestors_listing_the_host_allows_framing() -> None:
    headers = {"Content-Security-Policy": f"frame-ancestors {HOST} https://app.hubspot.com"}
    assert frame_blockers(headers, "http://127.0.0.1:9025/", HOST) == []
    assert frame_blockers({"X-Frame-Options": "SAMEORIGIN"}, "http://127.0.0.1:9025/", HOST)[0].code == "frame-denied"
