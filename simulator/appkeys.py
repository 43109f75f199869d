"""Typed keys for what the aiohttp apps share (aiohttp AppKey)."""

from __future__ import annotations

from aiohttp import web

from .crm import Crm
from .registry import Sessions
from .settings import Settings

SETTINGS = web.AppKey("settings", Settings)
SESSIONS = web.AppKey("sessions", Sessions)
CRM = web.AppKey("crm", Crm)
PROVIDERS = web.AppKey("providers", list[dict[str, str]])
