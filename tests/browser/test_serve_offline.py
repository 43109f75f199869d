"""`serve --offline --widget-dir`: a widget shaped like HubSpot's React demo handshakes in real Chromium with its
React and SDK from the folder's node_modules, the browser's own requests unrouted (as a user's browser is)."""

from __future__ import annotations

from pathlib import Path

import pytest

from simulator.testing.aio import AsyncCallsim
from tests.helpers.react_widget import react_widget_folder

pytestmark = pytest.mark.browser


async def test_a_react_widget_folder_signs_in_offline(tmp_path: Path) -> None:
    folder = react_widget_folder(tmp_path / "widget")
    async with AsyncCallsim(widget_dir=folder, offline=True) as callsim:
        assert callsim.server.widget_dir_url is not None
        session = await callsim.open_session(callsim.server.widget_dir_url)
        try:
            await session.expect("INITIALIZED", {"sizeInfo": {"height": 650}}, within=10)  # the React widget's
            await session.click('[data-action="sign-in"]')
            await session.expect("LOGGED_IN")
        finally:
            await session.close()
