"""The call switcher's providers: the command line's widgets plus the apps the calling settings describe (§7.1),
kept current on open pages, and the host context a page's chosen provider gives its session."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from aiohttp import web

from simulator.hubspot.context import HostContext
from simulator.hubspot.rest.calling_settings import (
    HOST_FIELDS,
    app_provider,
    cli_provider,
    host_fields,
    provider_entries,
)
from simulator.hubspot.rest.calling_settings import provider_context as context_with
from simulator.hubspot.rest.fields import parse_whole
from simulator.server.appkeys import PROVIDERS, SESSIONS, STORE
from simulator.server.page import page_protocol


def switcher_providers(app: web.Application) -> list[dict[str, Any]]:
    """The call switcher's choices now: the command line's widgets and every app the calling settings describe."""
    base = app[SESSIONS].context
    cli = [cli_provider(p["key"], p["name"], p["url"], base) for p in app[PROVIDERS]]
    apps = [app_provider(stored.app_id, stored.body) for stored in app[STORE].apps.list()]
    return provider_entries(cli, apps)


def providers_changed(app: web.Application) -> None:
    """Settings were written: every open page's switcher shows the apps as they are now (no restart, no reload)."""
    message = page_protocol.providers(switcher_providers(app))
    for session in app[SESSIONS].live():
        session.notify_page(message)


def provider_identity(app: web.Application, raw: Any, widget_url: str) -> tuple[str | None, str | None]:
    """(key, name) of the provider a page loaded. A `?widget=` page (key cli:query, as `callsim run` opens them) is
    the switcher's provider with that URL when there is one, so "receive calls through" can name it."""
    provider = raw if isinstance(raw, Mapping) else {}
    key = provider.get("key") if isinstance(provider.get("key"), str) else None
    name = provider.get("name") if isinstance(provider.get("name"), str) else key
    if key == "cli:query":
        listed = next((p for p in switcher_providers(app) if p["url"] == widget_url), None)
        if listed is not None:
            return listed["key"], listed["name"]
    return key, name


def session_context(app: web.Application, raw: Any) -> tuple[HostContext, str]:
    """The host context for the provider a page chose (its key and localStorage overrides), and a log line.

    A registered app's stored settings apply; the page's overrides (HubSpot's LocalSettings, §7.2) go on top.
    Command-line widgets keep the server's settings unless an override changes them.
    """
    base: HostContext = app[SESSIONS].context
    provider = raw if isinstance(raw, Mapping) else {}
    key = provider.get("key") if isinstance(provider.get("key"), str) else None
    overrides, dropped = host_fields(provider.get("overrides"))
    fields: dict[str, Any] = {}
    described = "the server's settings"
    app_id = parse_whole(key[4:]) if key is not None and key.startswith("app:") else None
    if app_id is not None:
        stored = app[STORE].apps.get(app_id)
        if stored is not None:
            entry = app_provider(stored.app_id, stored.body)
            fields = {name: entry[name] for name in HOST_FIELDS}
            described = f"app {stored.app_id}'s calling settings"
        else:
            described = f"the server's settings ({key} has no calling settings any more)"
    fields.update(overrides)
    context = context_with(base, fields) if fields else base
    name = provider.get("name") if isinstance(provider.get("name"), str) else key or "the widget"
    text = f"provider {name!r}: {described}"
    if overrides:
        text += f", localStorage overrides {overrides}"
    if dropped:
        text += f" (ignored overrides of the wrong type: {', '.join(dropped)})"
    settings = {
        "supportsInboundCalling": context.supports_inbound_calling,
        "usesCallingWindow": context.uses_calling_window,
        "supportsCustomObjects": context.supports_custom_objects,
        "usesRemote": context.uses_remote,
    }
    return context, f"{text}; host: {settings}"
