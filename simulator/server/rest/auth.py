"""The REST API's credentials, checked as HubSpot checks them (401 INVALID_AUTHENTICATION in HubSpot's shape).

Objects APIs take `Authorization: Bearer <access token>` (a private app's or OAuth token); the calling-settings
endpoints take the developer API key as `?hapikey=`. Both values are printed by `callsim serve`.
"""

from __future__ import annotations

import functools
import hmac
from collections.abc import Awaitable, Callable

from aiohttp import web

from simulator.hubspot.rest.rate_limits import Credential
from simulator.server.appkeys import SETTINGS
from simulator.server.rest import rate_limit
from simulator.server.rest.errors import hubspot_error

RestHandler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def _same(given: str, expected: str) -> bool:
    return hmac.compare_digest(given.encode(), expected.encode())


def check_token(request: web.Request) -> None:
    """Raise 401 unless the request carries `Authorization: Bearer <the access token>`; 429 past its rate limit."""
    expected = request.app[SETTINGS].access_token
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if not header:
        raise hubspot_error(
            401,
            "Authentication credentials not found. This API takes a private app or OAuth access token: send "
            "`Authorization: Bearer <token>` (callsim serve prints the token; --access-token sets it).",
        )
    if scheme.lower() != "bearer" or not _same(token.strip(), expected):
        raise hubspot_error(
            401,
            "The access token in the Authorization header is not valid for this portal. Send "
            "`Authorization: Bearer <token>` with the token callsim serve printed at start.",
        )
    rate_limit.count(request, Credential.TOKEN)


def check_developer_key(request: web.Request) -> None:
    """Raise 401 unless the query carries `hapikey=<the developer API key>`; 429 past its rate limits."""
    expected = request.app[SETTINGS].api_key
    given = request.query.get("hapikey")
    if not given:
        raise hubspot_error(
            401,
            "Authentication credentials not found. This API takes the developer API key as `?hapikey=<key>` "
            "(callsim serve prints the key; --api-key sets it).",
        )
    if not _same(given, expected):
        raise hubspot_error(
            401,
            "The API key provided is invalid. Use the developer API key callsim serve printed at start "
            "(`?hapikey=<key>`).",
        )
    rate_limit.count(request, Credential.DEVELOPER_KEY)


def bearer_required(handler: RestHandler) -> RestHandler:
    """Decorator: the handler runs only for requests with the access token."""

    @functools.wraps(handler)
    async def checked(request: web.Request) -> web.StreamResponse:
        check_token(request)
        return await handler(request)

    return checked


def hapikey_required(handler: RestHandler) -> RestHandler:
    """Decorator: the handler runs only for requests with the developer API key."""

    @functools.wraps(handler)
    async def checked(request: web.Request) -> web.StreamResponse:
        check_developer_key(request)
        return await handler(request)

    return checked
