"""A callsim app for REST tests (aiohttp's real test client) and the headers a REST client sends."""

from __future__ import annotations

from typing import Any

import pytest

from simulator.server.app import create_app
from simulator.settings import Settings
from tests.helpers.page_socket import WIDGET, Client


@pytest.fixture
async def client(aiohttp_client: Any) -> Client:
    # Rate limits counted, never enforced: on a real clock they would make a test's outcome depend on its speed
    # (test_rate_limits.py enforces them on a clock it moves).
    app = create_app(Settings(port=0, rest_rate_limit=False), sample_widget_url=WIDGET)
    return await aiohttp_client(app)  # type: ignore[no-any-return]
