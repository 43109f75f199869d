"""The calling settings endpoints (docs/protocol.md §7.1): `/crm/v3/extensions/calling/{appId}/settings[...]` and
`POST .../inbound-call`; each version's paths and credentials come from versions.py (version_routes.py).

Settings live in the store; every write of an app's calling settings updates the call switcher of open pages.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from aiohttp import web

from simulator.hubspot.rest import calling_settings as cs
from simulator.hubspot.rest.fields import FieldError, shown, whole_number
from simulator.hubspot.rest.inbound_call import EXAMPLE as INBOUND_EXAMPLE
from simulator.hubspot.rest.inbound_call import log_inbound_call, parse_inbound_call
from simulator.hubspot.sdk.protocol import now_ms
from simulator.server.appkeys import CRM, SETTINGS, STORE
from simulator.server.page.switcher import providers_changed
from simulator.server.rest import params
from simulator.server.rest.errors import hubspot_error, validation_error
from simulator.server.rest.live import REST_WRITES
from simulator.store import AlreadyExists, AppSettings, NotFound, StoredSettings

SETTINGS_EXAMPLE = '{"name": "My widget", "url": "https://localhost:9025/", "width": 400, "height": 600}'
CHANNEL_EXAMPLE = '{"url": "https://example.com/channels", "isReady": true}'
RECORDING_EXAMPLE = '{"urlToRetrieveAuthedRecording": "https://example.com/recordings/%s"}'


def app_id(request: web.Request) -> int:
    """The path's appId (an int32 in the spec), or 400 naming it."""
    raw = request.match_info["app_id"]
    number, error = whole_number(raw, "appId", 1, cs.INT32_MAX, what="an int32", code="INVALID_INTEGER")
    if number is not None:
        return number
    raise hubspot_error(
        400,
        f"appId {shown(raw)} is not valid: it is your app's id, a whole number between 1 and {cs.INT32_MAX} "
        "(the number in your developer account's app URL)",
        errors=[error] if error else [],
        context={"appId": [raw]},
    )


def _missing(request: web.Request, what: str, path: str) -> web.HTTPException:
    app = request.match_info["app_id"]
    return hubspot_error(
        404,
        f"No {what} for app {app}. Create them first with POST {path}",
        context={"appId": [app]},
    )


def _exists(request: web.Request, what: str, path: str, sub_category: str) -> web.HTTPException:
    app = request.match_info["app_id"]
    return hubspot_error(
        409,
        f"App {app} already has {what}. Change them with PATCH {path}, or DELETE them and POST again",
        sub_category=sub_category,
        context={"appId": [app]},
    )


class SettingsKind:
    """One settings resource (calling, channel connection, recording): its checks, responses and repository."""

    def __init__(
        self,
        what: str,
        suffix: str,
        fields: Mapping[str, type],
        required: tuple[str, ...],
        example: str,
        respond: Callable[[StoredSettings], dict[str, Any]],
        repository: Callable[[web.Application], AppSettings],
        defaults: Mapping[str, Any] | None = None,
        sub_category: str = "CallingSettingError.SETTINGS_ALREADY_EXISTS",
        switcher: bool = False,
    ) -> None:
        self.what, self.suffix, self.fields, self.required = what, suffix, fields, required
        self.example, self.respond, self.repository = example, respond, repository
        self.defaults = dict(defaults or {})
        self.sub_category = sub_category
        self.switcher = switcher  # writes change the call switcher

    def path(self, request: web.Request) -> str:
        return f"/crm/v3/extensions/calling/{request.match_info['app_id']}/settings{self.suffix}"

    def _written(self, request: web.Request, stored: StoredSettings) -> web.Response:
        if self.switcher:
            providers_changed(request.app)
        return web.json_response(self.respond(stored))

    async def get(self, request: web.Request) -> web.StreamResponse:
        stored = self.repository(request.app).get(app_id(request))
        if stored is None:
            raise _missing(request, self.what, self.path(request))
        return web.json_response(self.respond(stored))

    async def create(self, request: web.Request) -> web.StreamResponse:
        key = app_id(request)
        body = await params.json_body(request, self.example)
        errors = cs.check_fields(body, self.fields, self.required)
        if errors:
            raise validation_error(errors, f"Invalid {self.what}; send e.g. {self.example}. Problems")
        try:
            stored = self.repository(request.app).create(key, {**self.defaults, **body})
        except AlreadyExists:
            raise _exists(request, self.what, self.path(request), self.sub_category) from None
        return self._written(request, stored)

    async def update(self, request: web.Request) -> web.StreamResponse:
        key = app_id(request)
        body = await params.json_body(request, self.example)
        errors = cs.check_fields(body, self.fields)
        if not body:
            errors.append(FieldError("body", f"send at least one of {', '.join(self.fields)}", "REQUIRED"))
        if errors:
            raise validation_error(errors, f"Invalid {self.what} update. Problems")
        try:
            stored = self.repository(request.app).patch(key, body)
        except NotFound:
            raise _missing(request, self.what, self.path(request)) from None
        return self._written(request, stored)

    async def delete(self, request: web.Request) -> web.StreamResponse:
        try:
            self.repository(request.app).delete(app_id(request))
        except NotFound:
            raise _missing(request, self.what, self.path(request)) from None
        if self.switcher:
            providers_changed(request.app)
        return web.Response(status=204)


CALLING = SettingsKind(
    "calling settings",
    "",
    cs.SETTINGS_FIELDS,
    cs.SETTINGS_REQUIRED,
    SETTINGS_EXAMPLE,
    lambda s: cs.settings_response(s.body, s.created_at_ms, s.updated_at_ms),
    lambda app: app[STORE].apps,
    defaults=cs.SETTINGS_DEFAULTS,
    switcher=True,
)
CHANNEL = SettingsKind(
    "channel connection settings",
    "/channel-connection",
    cs.CHANNEL_FIELDS,
    cs.CHANNEL_REQUIRED,
    CHANNEL_EXAMPLE,
    lambda s: cs.channel_response(s.body, s.created_at_ms, s.updated_at_ms),
    lambda app: app[STORE].channel_connections,
    sub_category="CallingSettingError.CHANNEL_CONNECTION_SETTINGS_ALREADY_EXIST",
)
RECORDING = SettingsKind(
    "recording settings",
    "/recording",
    cs.RECORDING_FIELDS,
    cs.RECORDING_REQUIRED,
    RECORDING_EXAMPLE,
    lambda s: cs.recording_response(s.body),
    lambda app: app[STORE].recordings,
    sub_category="CallingSettingError.RECORDING_SETTINGS_ALREADY_EXIST",
)


async def inbound_call(request: web.Request) -> web.StreamResponse:
    """Log a call your system handled: caller-ID matches from the CRM, and the engagement when asked."""
    body = await params.json_body(request, INBOUND_EXAMPLE)
    call, errors = parse_inbound_call(body)
    if call is None:
        raise validation_error(errors, "Invalid CompletedThirdPartyCallRequest. Problems")
    app = request.app
    matches = app[CRM].match_caller(call.from_number, app[SETTINGS].portal_id)
    if call.create_engagement:
        writes = app[REST_WRITES]
        writes.creating = True  # an engagement from REST, not from a widget (duplicate checks tell them apart)
        try:
            log_inbound_call(app[CRM], call, matches, now_ms())
        finally:
            writes.creating = False
    return web.json_response({"callerIdMatches": matches})
