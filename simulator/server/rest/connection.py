"""Calling connection statuses (docs/protocol.md §7.3): is a user's calling app connected? Bearer token (versions.py).

A user is connected while a live session's widget last said LOGGED_IN (not LOGGED_OUT) for that user. The
provider's app is the calling app whose settings `url` is the session's widget URL; a widget no settings
describe (`--widget`, the sample) reports appId 0.
"""

from __future__ import annotations

from typing import Any

from aiohttp import web

from simulator.hubspot.rest.fields import whole_number
from simulator.hubspot.rest.objects import FieldError
from simulator.server.appkeys import SESSIONS, SETTINGS, STORE
from simulator.server.rest import params
from simulator.server.rest.errors import validation_error

UNREGISTERED_APP_ID = 0
BATCH_EXAMPLE = '{"inputs": [{"id": "1"}]}'
MAX_USER_ID = 2**63 - 1


def _user_id(raw: Any, where: str) -> tuple[int | None, FieldError | None]:
    return whole_number(raw, where, most=MAX_USER_ID, json_numbers=True, what="a HubSpot user id")


def providers(app: web.Application) -> dict[int, dict[str, Any]]:
    """user id -> provider, for every user whose widget is logged in in a live session."""
    apps = {str(s.body.get("url")): s for s in app[STORE].apps.list()}
    found: dict[int, dict[str, Any]] = {}
    for session in app[SESSIONS].live():
        if not session.host.session.logged_in:
            continue
        provider: dict[str, Any] = {"type": "THIRD_PARTY", "appId": UNREGISTERED_APP_ID}
        settings = apps.get(session.widget_url)
        if settings is not None:
            provider["appId"] = settings.app_id
            if settings.body.get("name"):
                provider["appName"] = str(settings.body["name"])
        found.setdefault(session.host.context.user_id, provider)
    return found


def status(user_id: int, connected: dict[int, dict[str, Any]]) -> dict[str, Any]:
    """ConnectionStatus: `{userId, connected, provider?}`; `userId` is a string, as in HubSpot's schema."""
    body: dict[str, Any] = {"userId": str(user_id), "connected": user_id in connected}
    if user_id in connected:
        body["provider"] = connected[user_id]
    return body


async def statuses(request: web.Request) -> web.Response:
    """GET …/connection-statuses?userId=…&userId=…"""
    raw = params.names(request, "userId")
    if not raw:
        raise validation_error([FieldError("userId", "userId is required: ?userId=1&userId=2", "REQUIRED")],
                               "Bad query")  # fmt: skip
    return _statuses(request.app, [(value, "userId") for value in raw], "Bad query")


async def me(request: web.Request) -> web.Response:
    """GET …/connection-statuses/me: the token's user (the one user callsim plays, Settings.user_id)."""
    return web.json_response(status(request.app[SETTINGS].user_id, providers(request.app)))


async def batch_read(request: web.Request) -> web.Response:
    """POST …/connection-statuses/batch/read {inputs: [{id}]}."""
    body = await params.json_body(request, BATCH_EXAMPLE)
    entries = params.inputs(body, BATCH_EXAMPLE)
    wanted = [
        (entry.get("id") if isinstance(entry, dict) else None, f"inputs[{i}].id") for i, entry in enumerate(entries)
    ]
    return _statuses(request.app, wanted, "Invalid batch input")


def _statuses(app: web.Application, wanted: list[tuple[Any, str]], what: str) -> web.Response:
    """The statuses of the users asked for (raw value, field name); 400 naming every bad one."""
    ids, errors = [], []
    for raw, field in wanted:
        user_id, error = _user_id(raw, field)
        if error is not None:
            errors.append(error)
        elif user_id is not None:
            ids.append(user_id)
    if errors:
        raise validation_error(errors, what)
    connected = providers(app)
    return web.json_response({"results": [status(i, connected) for i in dict.fromkeys(ids)]})
