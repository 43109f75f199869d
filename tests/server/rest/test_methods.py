"""Methods on every /crm path of the app's router: a method a path does not take is 405, with `Allow` exactly the
path's methods and HubSpot's error shape; a literal segment (`search`, `batch`, `inbound-call`, ...) is never
taken for a sibling route's id; an unknown path is 404."""

from __future__ import annotations

import asyncio
import http.client
import json
import urllib.parse
from collections.abc import Callable
from functools import partial

import pytest
from aiohttp import web

from simulator.hubspot.crm.records import is_custom_type
from simulator.server.rest.path_params import OBJECT_TYPE_NAMES
from simulator.settings import DEFAULT_ACCESS_TOKEN
from tests.helpers.page_socket import Client
from tests.helpers.rest import AUTH, hubspot_error

METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE")
PARAM = "{}"
TYPE = "{type}"  # an object type of the associations API: only the names it takes, any other segment is no route
CUSTOM = "{custom}"  # a custom object's type id ("2-" and digits): any other segment is no route
SAMPLE_ID = "1"
SAMPLE_IDS = (SAMPLE_ID, "{objectId}")

Template = tuple[str, ...]  # a route's path segments, each parameter as PARAM


def crm_templates(app: web.Application) -> dict[Template, frozenset[str]]:
    """Every /crm route path of the router and the methods it takes (HEAD too: aiohttp answers it on a GET)."""
    found: dict[Template, set[str]] = {}
    for resource in app.router.resources():
        info = resource.get_info()
        path = str(info.get("path") or info.get("formatter") or "")
        if path.startswith("/crm/"):
            template = tuple(_part(part) for part in path.strip("/").split("/"))
            found.setdefault(template, set()).update(route.method for route in resource)
    return {template: frozenset(methods) for template, methods in found.items()}


def _sample(part: str, param: str = SAMPLE_ID) -> str:
    return {PARAM: param, TYPE: "contacts", CUSTOM: "2-3508482"}.get(part, part)


def _part(segment: str) -> str:
    if not segment.startswith("{"):
        return segment
    if segment.startswith("{custom_type"):
        return CUSTOM
    return TYPE if segment.endswith("object_type}") else PARAM


def _fits(part: str, value: str, beside: Callable[[], set[str]]) -> bool:
    if part == PARAM:
        return value not in beside()
    if part == TYPE:
        return value in OBJECT_TYPE_NAMES
    if part == CUSTOM:
        return is_custom_type(value)
    return value == part


def literals_beside(template: Template, i: int, templates: dict[Template, frozenset[str]]) -> set[str]:
    """The literal segments other routes have at position `i` after the same leading segments."""
    return {t[i] for t in templates if len(t) > i and t[:i] == template[:i] and t[i] != PARAM}


def owner(segments: Template, templates: dict[Template, frozenset[str]]) -> Template | None:
    """The one route that answers a concrete path: a parameter takes any segment but its siblings' literals."""

    def fits(template: Template) -> bool:
        return len(template) == len(segments) and all(
            _fits(part, value, partial(literals_beside, template, i, templates))
            for i, (part, value) in enumerate(zip(template, segments, strict=True))
        )

    owners = [template for template in templates if fits(template)]
    assert len(owners) <= 1, f"/{'/'.join(segments)} is answered by more than one route: {owners}"
    return owners[0] if owners else None


def probes(templates: dict[Template, frozenset[str]]) -> list[Template]:
    """Every route with its parameters filled in (an id, and one in braces as pasted from the docs), and each
    parameter replaced by each literal beside it."""
    found = {tuple(_sample(part, sample) for part in template) for template in templates for sample in SAMPLE_IDS}
    # An object type no route takes ("deals"): 404.
    found |= {tuple("deals" if part in (TYPE, CUSTOM) else _sample(part) for part in template)
              for template in templates if TYPE in template or CUSTOM in template}  # fmt: skip
    for template in templates:
        for i, part in enumerate(template):
            if part == PARAM:
                for word in literals_beside(template, i, templates):
                    filled = [_sample(p) for p in template]
                    found.add((*filled[:i], word, *filled[i + 1 :]))
    return sorted(found)


async def test_every_crm_path_answers_a_method_it_does_not_take_with_405_and_exactly_its_methods(
    client: Client,
) -> None:
    templates = crm_templates(client.app)
    assert len(templates) > 20
    wrong = []
    for segments in probes(templates):
        path, answerer = "/" + "/".join(segments), owner(segments, templates)
        for method in METHODS:
            response = await client.request(method, path)  # no credentials: routing answers before auth
            if answerer is None:
                body = await hubspot_error(response, 404, "OBJECT_NOT_FOUND")
                assert "No REST endpoint" in body["message"], (method, path)
            elif method not in templates[answerer]:
                await hubspot_error(response, 405, "VALIDATION_ERROR")
                if sorted(response.headers["Allow"].split(", ")) != sorted(templates[answerer]):
                    wrong.append(f"{method} {path}: Allow {response.headers['Allow']!r}, takes {templates[answerer]}")
            else:
                assert response.status == 401, (method, path, response.status)  # taken: every /crm route needs auth
    assert not wrong, "\n".join(wrong)


async def test_search_and_batch_are_never_taken_for_an_id(client: Client) -> None:
    templates = crm_templates(client.app)
    for prefix in ("/crm/v3/objects", "/crm/objects/2026-03"):
        for kind in ("calls", "contacts", "companies"):
            assert owner(tuple(f"{prefix}/{kind}/search".strip("/").split("/")), templates) is not None
            for method in ("GET", "PATCH", "DELETE", "OPTIONS"):
                response = await client.request(method, f"{prefix}/{kind}/search", headers=AUTH)
                await hubspot_error(response, 405, "VALIDATION_ERROR")
                assert response.headers["Allow"] == "POST"
            response = await client.get(f"{prefix}/{kind}/batch/read", headers=AUTH)
            await hubspot_error(response, 405, "VALIDATION_ERROR")
            assert response.headers["Allow"] == "POST"
            await hubspot_error(await client.get(f"{prefix}/{kind}/batch", headers=AUTH), 404, "OBJECT_NOT_FOUND")
    # The calling settings' {appId} takes no sibling's name either: these are transcripts' and inbound-call's paths.
    response = await client.post("/crm/v3/extensions/calling/transcripts/settings", json={}, headers=AUTH)
    await hubspot_error(response, 405, "VALIDATION_ERROR")
    assert response.headers["Allow"] == "DELETE, GET, HEAD"
    response = await client.get("/crm/v3/extensions/calling/inbound-call/settings?hapikey=x")
    await hubspot_error(response, 404, "OBJECT_NOT_FOUND")


async def test_the_issues_examples(client: Client) -> None:
    response = await client.options("/crm/v3/objects/calls/search", headers=AUTH)
    body = await hubspot_error(response, 405, "VALIDATION_ERROR")
    assert response.headers["Allow"] == "POST" and "allowed: POST" in body["message"]
    assert set(body) == {"status", "message", "correlationId", "category"}
    response = await client.request("TRACE", "/crm/v3/objects/calls", headers=AUTH)
    await hubspot_error(response, 405, "VALIDATION_ERROR")
    assert response.headers["Allow"] == "GET, HEAD, POST"
    for call_id in ("1", "{callId}"):  # a path pasted from the docs is still the calls route
        response = await client.request("TRACE", f"/crm/v3/objects/calls/{call_id}", headers=AUTH)
        await hubspot_error(response, 405, "VALIDATION_ERROR")
        assert response.headers["Allow"] == "DELETE, GET, HEAD, PATCH"
    body = await (await client.get("/crm/v3/objects/calls/{callId}", headers=AUTH)).json()
    assert not body["message"].startswith("No REST endpoint")  # the route answers, whatever it makes of the id


async def test_unknown_paths_stay_404(client: Client) -> None:
    for path in ("/crm/v3/objects/deals", "/crm/v3/objects/calls/1/extra", "/crm/nothing", "/crm/v3/objects"):
        for method in METHODS:
            body = await hubspot_error(await client.request(method, path, headers=AUTH), 404, "OBJECT_NOT_FOUND")
            assert "No REST endpoint" in body["message"]


async def test_the_walk_sees_every_crm_route_dated_twins_included(client: Client) -> None:
    templates = crm_templates(client.app)
    assert templates[("crm", "v3", "objects", "calls", PARAM)] == {"GET", "HEAD", "PATCH", "DELETE"}
    assert templates[("crm", "objects", "2026-03", "calls", "search")] == {"POST"}
    siblings = {"search", "batch", "merge", "gdpr-delete"}
    assert literals_beside(("crm", "v3", "objects", "calls", PARAM), 4, templates) == siblings


def _raw(url: str, method: str, path: str) -> tuple[int, str | None, dict[str, object]]:
    """One request with the standard library's HTTP client: status, Allow and the JSON body."""
    parts = urllib.parse.urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname or "127.0.0.1", parts.port, timeout=10)
    try:
        connection.request(method, path, headers=AUTH)
        response = connection.getresponse()
        return response.status, response.getheader("Allow"), json.loads(response.read())
    finally:
        connection.close()


async def test_a_plain_http_client_gets_405_with_allow_for_trace_and_options(client: Client) -> None:
    url = str(client.make_url(""))
    for method, path, allow in (
        ("TRACE", "/crm/v3/objects/calls", "GET, HEAD, POST"),
        ("TRACE", "/crm/extensions/calling/v3/connection-statuses/me", "GET, HEAD"),
        ("OPTIONS", "/crm/objects/2026-03/companies/search", "POST"),
        ("GET", "/crm/v3/objects/calls/search", "POST"),
    ):
        status, allowed, body = await asyncio.to_thread(_raw, url, method, path)
        assert (status, allowed, body["category"]) == (405, allow, "VALIDATION_ERROR"), (method, path, body)


async def test_hubspots_client_reading_call_search_gets_405_not_a_missing_call(client: Client) -> None:
    hubspot = pytest.importorskip("hubspot")
    from hubspot.crm.objects.calls import ApiException  # type: ignore[import-untyped]

    api = hubspot.Client.create(access_token=DEFAULT_ACCESS_TOKEN, host=str(client.make_url("")).rstrip("/"))
    with pytest.raises(ApiException) as raised:
        await asyncio.to_thread(api.crm.objects.calls.basic_api.get_by_id, call_id="search")
    assert raised.value.status == 405 and raised.value.headers["Allow"] == "POST"
    assert json.loads(raised.value.body)["category"] == "VALIDATION_ERROR"
