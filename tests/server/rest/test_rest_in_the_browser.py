"""End to end: a call POSTed and PATCHed by a script shows, live, on the open record page's timeline."""

from __future__ import annotations

from typing import Any

import pytest

from tests.helpers.live_server import LiveServer, open_record_page
from tests.helpers.rest import CALLS, call_body, rest

pytestmark = pytest.mark.browser


def test_a_script_posts_then_patches_a_call_and_the_timeline_follows(page: Any, live_server: LiveServer) -> None:
    open_record_page(page, live_server)  # Ada's record
    created = rest(live_server, "POST", CALLS, call_body(hs_call_title="Renewal call from the backend"))
    card = page.locator(f'#timeline [data-engagement-id="{created["id"]}"]')
    card.locator(":text('Renewal call from the backend')").first.wait_for()
    rest(live_server, "PATCH", f"{CALLS}/{created['id']}", {"properties": {"hs_call_body": "Patched by a script"}})
    card.locator(":text('Patched by a script')").first.wait_for()


def test_a_contact_patched_by_a_script_redraws_on_its_open_record_page(page: Any, live_server: LiveServer) -> None:
    open_record_page(page, live_server)  # Ada's record
    rest(
        live_server,
        "PATCH",
        "/crm/v3/objects/contacts/51",
        {"properties": {"lastname": "King", "jobtitle": "Countess"}},
    )
    page.locator("#record :text('Ada King')").first.wait_for()
    page.locator("#record :text('Countess')").first.wait_for()
    assert page.title().startswith("Ada King")


def test_a_call_associated_over_rest_joins_and_leaves_the_records_timeline(page: Any, live_server: LiveServer) -> None:
    open_record_page(page, live_server)  # Ada's record
    body = {"properties": {"hs_timestamp": "2026-01-01T10:00:00Z", "hs_call_title": "Associated later"}}
    created = rest(live_server, "POST", CALLS, body)
    card = page.locator(f'#timeline [data-engagement-id="{created["id"]}"]')
    pair = f"/crm/v4/objects/calls/{created['id']}/associations/contacts/51"
    spec = [{"associationCategory": "HUBSPOT_DEFINED", "associationTypeId": 194}]
    rest(live_server, "PUT", pair, spec)
    card.locator(":text('Associated later')").first.wait_for()
    rest(live_server, "DELETE", pair)
    card.wait_for(state="detached")
