"""The handshake doctor against real HTTP servers that misbehave in each way it names."""

from __future__ import annotations

from typing import Any

import pytest
from aiohttp import web

from simulator.server.page.doctor import Finding, diagnose, frame_blockers, script_role

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
        ("/broken", "scripts-failed", "the widget's SDK failed to load"),
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


# Nothing listens on port 1: a CDN the machine cannot reach, as when offline.
OFFLINE_CDN = "http://127.0.0.1:1"
SDK_PATH = "/npm/@hubspot/calling-extensions-sdk@latest/dist/main.js"


async def script_pages(aiohttp_server: Any) -> Any:
    """Pages whose scripts fail in each way that matters differently to the handshake."""
    pages = {
        "/cdn-offline": f'<script src="{OFFLINE_CDN}{SDK_PATH}"></script>',
        "/sdk-404": f'<script src="{SDK_PATH}"></script>',
        "/bundle-404": '<script type="module" src="/assets/index-4f2a.js"></script>',
        "/react-404": (
            '<script src="/react@18/umd/react.production.min.js"></script>'
            '<script src="/sdk/calling-extensions-sdk.js"></script>'
        ),
        "/extras-offline": (
            '<script src="/sdk/calling-extensions-sdk.js"></script>'
            f'<script src="{OFFLINE_CDN}/jquery-3.7.1.min.js"></script>'
            f'<script src="{OFFLINE_CDN}/css2?family=Inter&font.js"></script>'
            "<script>new CallingExtensions({})</script>"
        ),
        "/sdk-and-jquery-404": f'<script src="{SDK_PATH}"></script><script src="/jquery.min.js"></script>',
    }

    async def page(request: web.Request) -> web.Response:
        return web.Response(text=pages[request.path], content_type="text/html")

    async def sdk(request: web.Request) -> web.Response:
        return web.Response(text="// sdk", content_type="application/javascript")

    app = web.Application()
    for path in pages:
        app.router.add_get(path, page)
    app.router.add_get("/sdk/calling-extensions-sdk.js", sdk)
    return await aiohttp_server(app)


def no_title_in_detail(findings: list[Finding]) -> bool:
    return all(f.title.lower() not in f.detail.lower() for f in findings)


async def test_an_offline_cdn_sdk_says_the_page_loaded_but_its_scripts_failed(aiohttp_server: Any) -> None:
    server = await script_pages(aiohttp_server)
    findings = await diagnose(str(server.make_url("/cdn-offline")), HOST)
    first = findings[0]
    assert (first.code, first.severity) == ("scripts-failed", "error")
    assert f"the widget page loaded but its scripts failed: {OFFLINE_CDN}{SDK_PATH}" in first.detail
    assert "the widget's SDK" in first.detail and "the handshake cannot happen" in first.detail
    assert first.fix and "npm install @hubspot/calling-extensions-sdk" in first.fix
    assert no_title_in_detail(findings)


async def test_a_missing_sdk_or_bundle_is_the_sdk_failing(aiohttp_server: Any) -> None:
    server = await script_pages(aiohttp_server)
    for path, script in (("/sdk-404", SDK_PATH), ("/bundle-404", "/assets/index-4f2a.js")):
        findings = await diagnose(str(server.make_url(path)), HOST)
        first = findings[0]
        assert first.severity == "error", path
        assert f"the widget's SDK failed to load: {server.make_url(script)} (HTTP 404)" in first.detail
        assert "the handshake cannot happen" in first.detail
        assert first.fix and f"serves {script}" in first.fix and "calling-extensions-sdk" in first.fix
        assert [f.code for f in findings] == ["scripts-failed"] and no_title_in_detail(findings)


async def test_a_missing_react_build_is_a_script_the_widget_needs(aiohttp_server: Any) -> None:
    server = await script_pages(aiohttp_server)
    findings = await diagnose(str(server.make_url("/react-404")), HOST)
    assert len(findings) == 1 and findings[0].severity == "error"
    assert findings[0].detail.startswith("a script the widget needs failed: ")
    assert "react.production.min.js (HTTP 404)" in findings[0].detail
    assert findings[0].fix and "calling-extensions-sdk" not in findings[0].fix
    assert no_title_in_detail(findings)


async def test_offline_jquery_and_fonts_are_optional_and_do_not_hide_the_real_cause(aiohttp_server: Any) -> None:
    server = await script_pages(aiohttp_server)
    findings = await diagnose(str(server.make_url("/extras-offline")), HOST)
    optional = [f for f in findings if f.code == "optional-script-failed"]
    assert {f.severity for f in optional} == {"warning", "info"}
    assert all("an optional script" in f.detail and "does not depend on it" in f.detail for f in optional)
    assert not any(f.severity == "error" for f in findings)
    # The optional failures do not explain the silence, so the doctor still says the SDK never answered.
    assert findings[-1].code == "no-sdk"
    assert no_title_in_detail(findings)


async def test_only_the_sdk_gets_the_sdk_fix_and_comes_first(aiohttp_server: Any) -> None:
    server = await script_pages(aiohttp_server)
    findings = await diagnose(str(server.make_url("/sdk-and-jquery-404")), HOST)
    assert [(f.code, f.severity) for f in findings] == [
        ("scripts-failed", "error"),
        ("optional-script-failed", "warning"),
    ]
    assert findings[0].fix and "calling-extensions-sdk" in findings[0].fix
    assert findings[1].fix and "calling-extensions-sdk" not in findings[1].fix


def test_script_roles() -> None:
    page = "http://127.0.0.1:9025/"
    assert script_role("https://cdn.jsdelivr.net/npm/@hubspot/calling-extensions-sdk@0.9/dist/main.js", page) == "sdk"
    assert script_role("https://unpkg.com/react-dom@18/umd/react-dom.production.min.js", page) == "needed"
    assert script_role("https://code.jquery.com/jquery-3.7.1.min.js", page) == "optional"
    assert script_role("https://www.googletagmanager.com/gtag/js?id=G-1", page) == "optional"
    assert script_role("http://127.0.0.1:9025/main.js", page) == "sdk"  # the page's bundle, where the SDK lives
    assert script_role("http://127.0.0.1:9025/main.js", page, sdk_elsewhere=True) == "needed"
