"""callsim for widget teams' tests: a Python API (sync and async) and a pytest plugin.

Names load lazily, so the pytest plugin (simulator.testing.plugin) imports neither aiohttp nor Playwright.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from simulator.testing.aio import AsyncCallsim, AsyncWidgetSession, ExpectationFailed, Message, ProtocolViolation
    from simulator.testing.api import Callsim, WidgetSession

_WHERE = {
    "Callsim": "api",
    "WidgetSession": "api",
    "AsyncCallsim": "aio",
    "AsyncWidgetSession": "aio",
    "ExpectationFailed": "aio",
    "Message": "aio",
    "ProtocolViolation": "aio",
}
__all__ = [
    "AsyncCallsim",
    "AsyncWidgetSession",
    "Callsim",
    "ExpectationFailed",
    "Message",
    "ProtocolViolation",
    "WidgetSession",
]


def __getattr__(name: str) -> Any:
    if name not in _WHERE:
        raise AttributeError(f"module 'simulator.testing' has no attribute {name!r}")
    return getattr(importlib.import_module(f"simulator.testing.{_WHERE[name]}"), name)
