"""Every SDK version the npm registry serves, in real Chromium: handshake, version, one full outbound call.

One server and one browser for the module; a fresh page per version loads the probe widget
(`/matrix?sdk=X`) through the record page's `?widget=` override (a provider's origin only).
"""

from __future__ import annotations

import urllib.parse
from typing import Any

import pytest

from simulator.paths import installed_sdk_versions
from tests.helpers.live_server import LiveServer, api, session_of, wait_until

pytestmark = pytest.mark.browser

# What SYNC_ACK.version says for each npm version (docs/protocol.md §10): the string baked into the bundle.
REPORTED = {
    "0.0.6": "0.0.1",
    "0.0.10": "0.0.1",
    "0.0.14": "0.0.1",
    "0.1.0": "0.0.1",
    "0.1.4": "0.0.1",
    "0.2.1": "0.2.1-beta.0",
    "0.5.0": "0.5.0-rc.0",
    "0.5.1": "0.5.1-beta.0",
    "0.8.1-alpha.1": "0.8.1-alpha.0",
    "0.9.0": "0.8.4-beta.0",
    "0.9.3": "0.9.3-beta.0",
    "0.9.4": "0.9.4-beta.0",
    "0.9.7": "0.9.7-beta.0",
}
LEGACY = {"0.0.6", "0.0.10", "0.0.14", "0.1.0", "0.1.4"}  # < 0.1.8: ENGAGEMENT_CREATED
VERSIONS = installed_sdk_versions()


def entries(server: LiveServer, session: str) -> list[dict[str, Any]]:
    return list(api(server, f"/api/sessions/{session}/log")["entries"])


def first(server: LiveServer, session: str, direction: str, type_: str) -> dict[str, Any] | None:
    return next((e for e in entries(server, session) if e["direction"] == direction and e["type"] == type_), None)


def test_the_matrix_covers_every_registry_version() -> None:
    assert set(VERSIONS) == set(REPORTED), "npm ci installs the whole matrix (package.json)"


@pytest.mark.parametrize("version", VERSIONS)
def test_sdk_version_handshakes_and_completes_an_outbound_call(
    page: Any, live_server: LiveServer, version: str
) -> None:
    probe = f"{live_server.widget_url}/matrix?sdk={urllib.parse.quote(version)}"
    page.goto(f"{live_server.url}/contacts/51?widget={urllib.parse.quote(probe, safe='')}")
    session = session_of(page)
    wait_until(lambda: first(live_server, session, "in", "INITIALIZED"), timeout=15)
    summary = api(live_server, f"/api/sessions/{session}")
    assert summary["widgetUrl"] == probe and summary["handshake"] == "READY"
    assert summary["sdkVersion"] == REPORTED[version], f"SDK {version} reported {summary['sdkVersion']!r}"

    dial = api(live_server, "/api/templates?objectTypeId=0-1&objectId=51")["types"]["DIAL_NUMBER"]
    api(live_server, f"/api/sessions/{session}/events", {"type": "DIAL_NUMBER", "data": dial})
    completed = wait_until(lambda: first(live_server, session, "in", "CALL_COMPLETED"), timeout=10)
    assert isinstance(completed, dict)

    issued_type = "ENGAGEMENT_CREATED" if version in LEGACY else "CREATE_ENGAGEMENT_SUCCEEDED"
    issued = first(live_server, session, "out", issued_type)
    assert issued is not None, f"the host sent no {issued_type} to SDK {version}"
    engagement_id = issued["message"]["data"]["engagementId"]
    types = [e["type"] for e in entries(live_server, session) if e["direction"] == "in"]
    assert types.index("OUTGOING_CALL_STARTED") < types.index("CALL_ENDED") < types.index("CALL_COMPLETED")
    assert completed["message"]["data"]["engagementId"] == engagement_id

    call = api(live_server, f"/api/sessions/{session}")["state"]["calls"][-1]
    assert call["status"] == "COMPLETED" and call["engagementId"] == engagement_id
    card = page.locator(f'#timeline [data-engagement-id="{engagement_id}"]')
    card.locator(".status-completed").wait_for()
    state = summary["state"]
    handshake_ms = state["syncAckAt"] - state["loadedAt"]
    print(f"SDK {version}: reports {summary['sdkVersion']}, iframe load -> SYNC_ACK {handshake_ms} ms, {engagement_id}")


def test_the_widget_override_accepts_only_a_providers_origin() -> None:
    from simulator.server.page.views import widget_override

    providers = [{"name": "Sample", "url": "http://127.0.0.1:8501/"}, {"name": "Widget", "url": "about:blank"}]
    assert (
        widget_override("http://127.0.0.1:8501/matrix?sdk=0.0.6", providers) == "http://127.0.0.1:8501/matrix?sdk=0.0.6"
    )
    for refused in ("https://evil.example/", "http://127.0.0.1:8502/", "javascript:alert(1)", "about:blank", "", None):
        assert widget_override(refused, providers) is None
