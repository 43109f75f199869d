"""The doctor on a CDN script that cannot be reached: the installed copy and the exact --map-url, or where it looked."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import aiohttp
import pytest

from simulator.paths import PROJECT_DIR
from simulator.server.npm_packages import node_modules_near
from simulator.server.page.doctor import ScriptFailure, diagnose, script_finding
from simulator.server.widget_app import create_folder_app
from tests.helpers.react_widget import REACT_PREFIX, REACT_URL, react_widget_folder

HOST = "http://127.0.0.1:8500"
PAGE = "http://127.0.0.1:9025/"


def _offline(url: str) -> ScriptFailure:
    return ScriptFailure(url, "ClientConnectorDNSError: Name or service not known", offline=True)


def test_react_from_cdnjs_installed_in_the_widget_names_the_exact_map_url(tmp_path: Path) -> None:
    widget = react_widget_folder(tmp_path / "widget")
    finding = script_finding(_offline(REACT_URL), PAGE, roots=node_modules_near([widget]))
    react = (widget / "node_modules" / "react").resolve()
    assert finding.severity == "error" and "offline, or is cdnjs.cloudflare.com blocked?" in finding.detail
    assert finding.fix is not None
    assert f"react 18.2.0 is installed in {react}" in finding.fix
    assert f"`--map-url {REACT_PREFIX}={react}`" in finding.fix
    assert "callsim run --offline" in finding.fix


def test_a_package_that_is_not_installed_says_what_it_looked_for_and_where(tmp_path: Path) -> None:
    url = "https://unpkg.com/preact@10/dist/preact.umd.js"
    finding = script_finding(_offline(url), PAGE, roots=node_modules_near([tmp_path]))
    assert finding.fix is not None and "--map-url" not in finding.fix
    assert "looked for preact@10" in finding.fix and str((PROJECT_DIR / "node_modules").resolve()) in finding.fix
    assert "`npm install preact@10` in the widget's folder" in finding.fix


def test_optional_scripts_and_other_hosts_keep_their_own_fix(tmp_path: Path) -> None:
    roots = node_modules_near([tmp_path])
    fonts = script_finding(_offline("https://fonts.googleapis.com/css?family=Lexend&font.js"), PAGE, roots=roots)
    assert fonts.fix is not None and "--map-url" not in fonts.fix
    other = script_finding(_offline("https://cdn.example.com/react@18/umd/react.js"), PAGE, roots=roots)
    assert other.fix is not None and "--map-url" not in other.fix


async def _cdn_reachable() -> bool:
    try:
        async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=3)) as session, session.head(REACT_URL):
            return True
    except (TimeoutError, aiohttp.ClientError):
        return False


async def test_diagnose_a_served_react_widget_folder_offline(tmp_path: Path, aiohttp_server: Any) -> None:
    if await _cdn_reachable():
        pytest.skip("cdnjs answers from this machine: the offline case cannot happen here")
    widget = react_widget_folder(tmp_path / "widget")
    server = await aiohttp_server(create_folder_app(widget))
    findings = await diagnose(str(server.make_url("/")), HOST, near=[widget])
    fixes = [f.fix or "" for f in findings if f.code == "scripts-failed"]
    react = (widget / "node_modules" / "react").resolve()
    react_dom = (widget / "node_modules" / "react-dom").resolve()
    assert any(f"--map-url {REACT_PREFIX}={react}" in fix for fix in fixes), fixes
    assert any(f"--map-url https://cdnjs.cloudflare.com/ajax/libs/react-dom/18.2.0/={react_dom}" in f for f in fixes)
    sdk = [fix for fix in fixes if "calling-extensions-sdk@^0.9/" in fix]
    assert sdk and "@hubspot/calling-extensions-sdk 0.9.7 is installed" in sdk[0]
    assert "`callsim run` and `audit` answer it from their own copies of the SDK" in sdk[0]
