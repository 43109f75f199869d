"""Which origins may talk to the server: the host page's own, on a loopback or configured name."""

from __future__ import annotations

from aiohttp import web
from aiohttp.typedefs import Handler
from yarl import URL

from simulator.server.appkeys import SETTINGS
from simulator.server.rest.errors import error_body, is_rest

LOOPBACK_NAMES = ("127.0.0.1", "localhost", "[::1]")


def allowed_origins(request: web.Request) -> set[str]:
    settings = request.app[SETTINGS]
    port = request.url.port or settings.port
    names = {settings.host, *LOOPBACK_NAMES}
    return {f"http://{name}:{port}" for name in names} | {f"https://{name}:{port}" for name in names}


def origin_allowed(request: web.Request) -> bool:
    """True for the page's own origin. Checking the name too stops DNS-rebinding pages."""
    return request.headers.get("Origin") in allowed_origins(request)


@web.middleware
async def reject_rebound_hosts(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Bound to loopback, answer only loopback names: a DNS-rebinding page (evil.example -> 127.0.0.1)
    would otherwise read the API with its own Host and no Origin to check."""
    settings = request.app[SETTINGS]
    try:
        host = URL(f"http://{request.host}").host
    except ValueError:
        host = None
    loopback = {"127.0.0.1", "localhost", "::1"}
    if settings.host in loopback and host not in loopback:
        return web.json_response({"error": f"host {request.host!r} is not served here; use 127.0.0.1"}, status=403)
    return await handler(request)


@web.middleware
async def reject_foreign_writes(request: web.Request, handler: Handler) -> web.StreamResponse:
    """A web page on another origin must not drive the API (CSRF): its POSTs carry a foreign Origin."""
    origin = request.headers.get("Origin")
    if request.method not in ("GET", "HEAD", "OPTIONS") and origin is not None and not origin_allowed(request):
        message = f"requests from origin {origin} are not allowed"
        if is_rest(request):  # REST clients send no Origin; a foreign page must not write with a leaked token
            return web.json_response(error_body(403, message, "FORBIDDEN"), status=403)
        return web.json_response({"error": message}, status=403)
    return await handler(request)
