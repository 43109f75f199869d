"""Typed keys for what the aiohttp apps share (aiohttp AppKey)."""

from __future__ import annotations

from typing import Any

from aiohttp import web

from .registry import Sessions
from .settings import Settings

SETTINGS = web.AppKey("settings", Settings)
SESSIONS = web.AppKey("sessions", Sessions)
CRM = web.AppKey("crm", Any)
PROVIDERS = web.AppKey("providers", list)
