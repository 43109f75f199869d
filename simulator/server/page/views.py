"""The mock HubSpot pages: contact and company records, the calls index and the calling window. Handlers only render."""

from __future__ import annotations

import json
from typing import Any

import aiohttp_jinja2
from aiohttp import web
from yarl import URL

from simulator.hubspot.context import Faults, Surface
from simulator.hubspot.crm.portal import COMPANY, CONTACT, Contact, Crm
from simulator.hubspot.rest.calling_settings import cli_provider
from simulator.hubspot.sdk.protocol import MessageIds
from simulator.server.appkeys import CRM, SESSIONS, SETTINGS
from simulator.server.page.engagement_view import CALLS_PATH, calls_index_rows, timeline_card
from simulator.server.page.preload import preload_modules
from simulator.server.page.sessions import WORLD_COOKIE
from simulator.server.page.surface_query import framed_url, window_overrides
from simulator.server.page.switcher import session_context, switcher_providers
from simulator.server.rest.cards import card_extras

routes = web.RouteTableDef()
# The page kinds that are a surface of their own (hubspot/context.py); any other page is a record tab.
SURFACE_OF_PAGE = {"window": Surface.CALLING_WINDOW, "remote": Surface.REMOTE}


def _record_context(request: web.Request, object_type_id: str, object_id_text: str) -> dict[str, Any]:
    crm: Crm = request.app[CRM]
    try:
        object_id = int(object_id_text)
    except ValueError:
        raise web.HTTPNotFound(text=f"no record {object_id_text!r}") from None
    record = crm.record(object_type_id, object_id)
    custom = crm.custom_types.get(object_type_id)
    if record is None:
        what = custom.singular.lower() if custom else "company" if object_type_id == COMPANY else "contact"
        raise web.HTTPNotFound(text=f"no {what} with id {object_id}")
    company = crm.companies.get(record.company_id) if isinstance(record, Contact) and record.company_id else None
    people = [c for c in crm.contacts.values() if c.company_id == object_id] if object_type_id == COMPANY else []
    title = record.name
    return {
        "record": record,
        "kind": "custom" if custom else "contact" if object_type_id == CONTACT else "company",
        "custom_type": custom,
        "company": company,
        "people": people,
        "title": title,
        "record_json": json.dumps({"objectTypeId": object_type_id, "objectId": object_id, "name": title}),
        "engagements": [
            {**timeline_card(e, title), **card_extras(request.app, e.id)}
            for e in reversed(crm.engagements_for(object_type_id, object_id))
        ],  # fmt: skip
        "contacts": list(crm.contacts.values()),
        "companies": list(crm.companies.values()),
        "nav_objects": _custom_object_links(crm),
    }


def _custom_object_links(crm: Crm) -> list[dict[str, str]]:
    """The navigation bar's entry per custom object: its first record (HubSpot lists them under CRM)."""
    links = []
    for type_id, custom in crm.custom_types.items():
        ids = sorted(i for t, i in crm.custom_records if t == type_id)
        if ids:
            links.append({"label": custom.plural, "href": f"/objects/{type_id}/{ids[0]}"})
    return links


def _page(request: web.Request, object_type_id: str, object_id: str, page: str = "record") -> web.Response:
    context = _record_context(request, object_type_id, object_id)
    if request.query.get("fragment") == "record":
        return aiohttp_jinja2.render_template("_record.html", request, context)
    settings = request.app[SETTINGS]
    providers = switcher_providers(request.app)
    override = widget_override(request.query.get("widget"), providers) or _claimed_widget(request)
    if override is not None:
        context_ = request.app[SESSIONS].context
        providers = [cli_provider("cli:query", "Widget from ?widget=", override, context_), *providers]
    sync = rendered_sync_fields(request, providers[0]["key"], page)
    config = {
        "page": page,
        "providers": providers,
        "selectedUrl": framed_url(providers[0]["url"], page, sync.get("usesCallingWindow")),  # the head start's
        "selectedKey": providers[0]["key"],
        "widgetOverride": override,
        "record": None if page == "remote" else json.loads(context["record_json"]),  # the remote has no record
        "width": providers[0]["width"],
        "height": providers[0]["height"],
        "handshakeTimeoutMs": settings.handshake_timeout_ms,
        "demo": demo_options(request),
        "claim": request.query.get(
            "claim"
        ),  # a harness's token: the page's hello hands it back (server/page/sessions.py)
        "sync": sync,
        "usesCallingWindow": window_overrides(page, request.query).get("uses_calling_window"),  # the hello's
        "frameUsesCallingWindow": claimed_uses_calling_window(request, page),  # framedUrl's, over the provider's
        # The rest of what the head start's SYNC loop needs before the socket's hello (static/js/headstart.js):
        # the host's message id prefix (the hello hands it back) and the claim's drop_first_syncs.
        "instanceId": str(MessageIds().instance_id),
        "dropFirstSyncs": rendered_drop_first_syncs(request),
    }
    context.update(
        providers=[p for p in providers if p["isReady"]],
        testing_providers=[p for p in providers if not p["isReady"]],
        config_json=script_json(config),
        page=page,
        portal_id=settings.portal_id,
        demo=config["demo"] is not None,
        modules=preload_modules(),
    )
    template = {"window": "window.html", "remote": "remote.html"}.get(page, "record.html")
    response = aiohttp_jinja2.render_template(template, request, context)
    claim = request.app[SESSIONS].peek_claim(request.query.get("claim"))
    if claim is not None and claim.group is not None:
        # The browser context of a played scenario's page: a calling window its widget opens itself (window.open,
        # no claim in the URL) joins that scenario's world (page/socket.py), not the user's hand-opened pages.
        response.set_cookie(WORLD_COOKIE, claim.group, httponly=True, samesite="Lax", path="/")
    return response


def rendered_sync_fields(request: web.Request, provider_key: str, page: str) -> dict[str, Any]:
    """The SYNC fields this page's session will start with, known from its first byte (issue 17, item 1).

    The same derivation as the page socket's (server/page/socket.py `_shape_host`): the provider's settings, then the
    claim's context. The hello's fields stay authoritative: a page's localStorage overrides are only known there.
    """
    context, _ = session_context(request.app, {"key": provider_key})
    claim = request.app[SESSIONS].peek_claim(request.query.get("claim"))
    if claim is not None and claim.context:
        context = context.with_overrides(**claim.context)
    context = context.with_overrides(**window_overrides(page, request.query))  # as socket.py's _shape_host
    fields = context.sync_fields(SURFACE_OF_PAGE.get(page))
    fields.pop("hostUrl", None)  # the page sends its own true origin (§1.3)
    return fields


def claimed_uses_calling_window(request: web.Request, page: str) -> bool | None:
    """usesCallingWindow as the window's query or the page's claim sets it over the provider's (None: neither)."""
    own = window_overrides(page, request.query).get("uses_calling_window")
    claim = request.app[SESSIONS].peek_claim(request.query.get("claim"))
    claimed = claim.context.get("uses_calling_window") if claim is not None else None
    return own if own is not None else claimed if isinstance(claimed, bool) else None


def rendered_drop_first_syncs(request: web.Request) -> int:
    """The claim's drop_first_syncs, as its session will have it (faults it refuses close the socket anyway)."""
    claim = request.app[SESSIONS].peek_claim(request.query.get("claim"))
    try:
        return Faults.from_mapping(dict(claim.faults)).drop_first_syncs if claim is not None else 0
    except ValueError:
        return 0


def demo_options(request: web.Request) -> dict[str, Any] | None:
    """`?demo=1[&scenario=FILE]`: the presenter's page (no developer panels), the scenario to preselect."""
    if request.query.get("demo") not in ("1", "true", "yes"):
        return None
    return {"scenario": request.query.get("scenario") or None}


def script_json(value: Any) -> str:
    """JSON safe inside a <script> element: a URL with `</script>` in it cannot end the element."""
    return json.dumps(value).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _origin(url: str) -> str | None:
    try:
        parsed = URL(url)
    except ValueError:
        return None
    if parsed.scheme not in ("http", "https") or not parsed.host:
        return None
    return str(parsed.origin())


def _claimed_widget(request: web.Request) -> str | None:
    """The widget the page's claim was made for (`callsim run --server`, the claims API), whatever its origin."""
    claim = request.app[SESSIONS].peek_claim(request.query.get("claim"))
    wanted = request.query.get("widget")
    return wanted if claim is not None and wanted and claim.widget == wanted else None


def widget_override(url: str | None, providers: list[dict[str, Any]]) -> str | None:
    """`?widget=URL` for this page load only, if URL is on a provider's origin (never an arbitrary site)."""
    if not url:
        return None
    origin = _origin(url)
    allowed = {_origin(provider["url"]) for provider in providers} - {None}
    return url if origin is not None and origin in allowed else None


@routes.get("/")
async def home(request: web.Request) -> web.Response:
    crm: Crm = request.app[CRM]
    if crm.contacts:
        first = next(iter(crm.contacts.values()))
        return _page(request, CONTACT, str(first.id))
    if crm.companies:
        first_company = next(iter(crm.companies.values()))
        return _page(request, COMPANY, str(first_company.id))
    raise web.HTTPNotFound(text="the CRM fixtures have no records")


@routes.get("/contacts/{object_id}")
async def contact(request: web.Request) -> web.Response:
    return _page(request, CONTACT, request.match_info["object_id"])


@routes.get("/companies/{object_id}")
async def company(request: web.Request) -> web.Response:
    return _page(request, COMPANY, request.match_info["object_id"])


@routes.get("/objects/{object_type_id}/{object_id}")
async def custom_record(request: web.Request) -> web.Response:
    """A custom object's record page ("2-…" types from the fixtures' `custom_objects`)."""
    type_id = request.match_info["object_type_id"]
    if type_id not in request.app[CRM].custom_types:
        raise web.HTTPNotFound(text=f"no custom object {type_id!r} in the fixtures' custom_objects")
    return _page(request, type_id, request.match_info["object_id"])


@routes.get("/calling-remote")
async def calling_remote(request: web.Request) -> web.Response:
    """The calling remote (`iframeLocation: "remote"`): the record page's navigation bar shows this page in its
    phone icon's panel. No record is on screen there: HubSpot sends no DIAL_NUMBER from it (SDK issue #204)."""
    crm: Crm = request.app[CRM]
    first = next(iter(crm.contacts.values()))  # renders the shared templates; the page sends no record
    return _page(request, CONTACT, str(first.id), page="remote")


@routes.get(CALLS_PATH)
async def calls(request: web.Request) -> web.Response:
    """HubSpot's calls index: every call engagement, including those that matched no record."""
    crm: Crm = request.app[CRM]
    context = {
        "title": "Calls",
        "page": "calls",
        "portal_id": request.app[SETTINGS].portal_id,
        "calls": calls_index_rows(crm),
    }
    return aiohttp_jinja2.render_template("calls.html", request, context)


@routes.get("/calling-integration-popup-ui/{portal_id}")
async def calling_window(request: web.Request) -> web.Response:
    """HubSpot's calling window, which widgets open with window.open (docs/protocol.md §11)."""
    crm: Crm = request.app[CRM]
    first = next(iter(crm.contacts.values()))
    return _page(request, CONTACT, str(first.id), page="window")
