"""Reads of custom objects on the objects API (`…/objects/2-3508482[/{id} | /search | /batch/read]`).

Custom objects come from the fixtures (`custom_objects`) and may change on a reload, so the route takes any
`2-…` type and finds it per request; a type the portal does not define answers HubSpot's 404. Read-only: callsim
writes no custom-object records.
"""

from __future__ import annotations

from collections.abc import Callable

from aiohttp import web

from simulator.hubspot.rest.objects import ObjectType, custom_type
from simulator.server.appkeys import CRM
from simulator.server.rest.auth import RestHandler
from simulator.server.rest.errors import hubspot_error


def custom(factory: Callable[[ObjectType], RestHandler]) -> RestHandler:
    """`factory`'s handler (objects.py) for the custom object the path names."""

    async def handler(request: web.Request) -> web.StreamResponse:
        type_id = request.match_info["custom_type"]
        known = request.app[CRM].custom_types
        if type_id not in known:
            defined = ", ".join(f"{t} ({c.plural})" for t, c in known.items()) or "none"
            raise hubspot_error(404, f"Unknown object type {type_id}: the fixtures' custom_objects define {defined}",
                                context={"objectType": [type_id]})  # fmt: skip
        return await factory(custom_type(type_id))(request)

    return handler
