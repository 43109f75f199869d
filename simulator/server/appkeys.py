"""Typed keys for what the aiohttp apps share (aiohttp AppKey)."""

from __future__ import annotations

from aiohttp import web

from simulator.hubspot.crm.portal import Crm
from simulator.server.page.sessions import Sessions
from simulator.settings import Settings
from simulator.store import Store

SETTINGS = web.AppKey("settings", Settings)
SESSIONS = web.AppKey("sessions", Sessions)
CRM = web.AppKey("crm", Crm)
STORE = web.AppKey("store", Store)
PROVIDERS = web.AppKey("providers", list[dict[str, str]])
