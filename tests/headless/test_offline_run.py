"""`callsim run` in real Chromium against widget origins of a developer's machine: a dev server with a self-signed
certificate, a widget page that loads the SDK from jsDelivr with no network, and one shaped like HubSpot's React demo
(React from cdnjs) that `--offline` serves from its node_modules."""

from __future__ import annotations

import io
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import pytest
from aiohttp import web

from simulator.headless.run import run_command
from simulator.headless.run_options import RunOptions
from simulator.server.tls import ensure_certificates, server_context
from simulator.server.widget_app import create_folder_app
from tests.helpers.react_widget import REACT_PREFIX, REACT_URL, SIGN_IN_SCENARIO, react_widget_folder
from tests.helpers.widget_folder import JSDELIVR_SDK, SCENARIO, cdn_sdk_widget_folder, widget_folder

pytestmark = pytest.mark.browser
FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


@asynccontextmanager
async def _origin(folder: Path, tls_dir: Path | None = None) -> AsyncIterator[str]:
    """Serve a widget folder on 127.0.0.1, over HTTPS with a certificate no browser trusts when tls_dir is given."""
    runner = web.AppRunner(create_folder_app(folder), access_log=None)
    await runner.setup()
    context = server_context(ensure_certificates(tls_dir)[0]) if tls_dir else None
    await web.TCPSite(runner, "127.0.0.1", 0, ssl_context=context).start()
    try:
        yield f"{'https' if context else 'http'}://127.0.0.1:{runner.addresses[0][1]}/"
    finally:
        await runner.cleanup()


def _scenario_file(tmp_path: Path) -> str:
    path = tmp_path / "starts.yaml"
    path.write_text(SCENARIO)
    return str(path)


async def test_run_loads_a_widget_whose_dev_server_certificate_is_self_signed(tmp_path: Path) -> None:
    folder = widget_folder(tmp_path / "widget")
    async with _origin(folder, tmp_path / "untrusted-ca") as url:
        out = io.StringIO()
        assert await run_command(RunOptions([_scenario_file(tmp_path)], widget=url), out) == 0, out.getvalue()
        refused = io.StringIO()
        options = RunOptions([_scenario_file(tmp_path)], widget=url, refuse_self_signed=True, timeout=2)
        assert await run_command(options, refused) == 1
    assert "1 passed" in out.getvalue()
    assert "The widget's HTTPS certificate is not trusted" in refused.getvalue()


async def test_a_widget_that_loads_the_sdk_from_jsdelivr_passes_offline(tmp_path: Path) -> None:
    folder = cdn_sdk_widget_folder(tmp_path / "widget")
    assert JSDELIVR_SDK in (folder / "index.html").read_text()
    async with _origin(folder) as url:
        out = io.StringIO()
        code = await run_command(RunOptions([_scenario_file(tmp_path)], widget=url), out)
    assert code == 0, out.getvalue()
    assert "@latest/dist/main.js served from a local copy of SDK 0.9.7" in out.getvalue()


def _sign_in_scenario(tmp_path: Path) -> str:
    path = tmp_path / "signs-in.yaml"
    path.write_text(SIGN_IN_SCENARIO)
    return str(path)


async def test_a_react_demo_like_widget_runs_offline_with_offline_and_no_map_url(tmp_path: Path) -> None:
    folder = react_widget_folder(tmp_path / "widget")
    async with _origin(folder) as url:
        out = io.StringIO()
        options = RunOptions([_sign_in_scenario(folder)], widget=url, offline=True, screenshots=False)
        code = await run_command(options, out)
    assert code == 0, out.getvalue()
    react = (folder / "node_modules" / "react" / "umd" / "react.production.min.js").resolve()
    assert f"{REACT_URL} served from {react} (--offline)" in out.getvalue()
    assert "react-dom.production.min.js served from" in out.getvalue()


async def test_without_offline_the_react_widget_fails_and_the_doctor_names_the_map_url(tmp_path: Path) -> None:
    folder = react_widget_folder(tmp_path / "widget")
    async with _origin(folder) as url:
        out = io.StringIO()
        options = RunOptions([_sign_in_scenario(folder)], widget=url, timeout=3, screenshots=False)
        if await run_command(options, out) == 0:
            pytest.skip("cdnjs answered: this machine is online, the offline case cannot happen here")
    react = (folder / "node_modules" / "react").resolve()
    assert f"--map-url {REACT_PREFIX}={react}" in out.getvalue(), out.getvalue()
