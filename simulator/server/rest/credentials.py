"""A version's credential rule for a family of endpoints, checked before the handler runs (401 in HubSpot's shape).

A request passes when it carries one credential the rule accepts and that credential is right; another credential
sent beside it is ignored (as schemathesis and many clients send both). One that carries only credentials the rule
does not take gets a 401 naming what this version's endpoint accepts.
"""

from __future__ import annotations

import functools

from aiohttp import web

from simulator.server.rest.auth import RestHandler, check_developer_key, check_token
from simulator.server.rest.errors import hubspot_error
from simulator.server.rest.versions import ApiVersion, Credential, Family


def _named(accepted: frozenset[Credential]) -> str:
    return " or ".join(c.value for c in Credential if c in accepted)


def check(request: web.Request, version: ApiVersion, family: Family) -> None:
    """Raise 401 unless the request carries a credential `version` accepts for `family`, and it is right."""
    accepted = version.accepted(family)
    takes_key = Credential.DEVELOPER_KEY in accepted
    takes_token = bool(accepted - {Credential.DEVELOPER_KEY})
    has_key, has_token = "hapikey" in request.query, "Authorization" in request.headers
    if takes_key and (has_key or not takes_token):
        if has_key or not has_token:
            check_developer_key(request)
            return
    elif takes_token and (has_token or not has_key):
        check_token(request)
        return
    where = f"{request.method} {request.path}"
    given = "the developer API key (?hapikey=)" if has_key else "an access token (Authorization: Bearer)"
    raise hubspot_error(
        401,
        f"{where} does not take {given} in version {version.name}: {family.value} there take {_named(accepted)} "
        "(callsim serve prints both; docs/rest-api.md lists each endpoint's credential).",
        context={"accepted": [c.name for c in Credential if c in accepted]},
    )


def guarded(handler: RestHandler, version: ApiVersion, family: Family) -> RestHandler:
    """`handler` behind `version`'s credential rule for `family`."""

    @functools.wraps(handler)
    async def checked(request: web.Request) -> web.StreamResponse:
        check(request, version, family)
        return await handler(request)

    return checked
