"""How engagements read: titles from the record's name or the call's number, unfinished calls, the /calls index."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest

from simulator.hubspot.context import HostContext
from simulator.hubspot.crm.portal import Crm
from simulator.hubspot.host import Effect
from simulator.server.app import create_app
from simulator.server.appkeys import CRM
from simulator.server.page.engagement_view import UnattachedCalls, call_title, is_ghost, property_rows
from simulator.server.page.session import Session
from simulator.settings import Settings
from tests.helpers.page_socket import WIDGET, Client

OUTBOUND = {
    "direction": "OUTBOUND",
    "properties": {"hs_call_to_number": "+16175550100", "hs_call_from_number": "+1999"},
}
INBOUND = {"direction": "INBOUND", "properties": {"hs_call_from_number": "+15550001111", "hs_call_to_number": "+1888"}}


def test_a_title_names_the_record() -> None:
    assert call_title(OUTBOUND, "Ada Lovelace") == "Call to Ada Lovelace"
    assert call_title(INBOUND, "Ada Lovelace") == "Call from Ada Lovelace"


def test_without_a_record_the_title_takes_the_number_for_the_calls_direction() -> None:
    assert call_title(OUTBOUND) == "Call to +16175550100"
    assert call_title(INBOUND) == "Call from +15550001111"
    assert call_title({"direction": "INBOUND", "properties": {}}) == "Call from an unknown number"


def test_hs_call_title_wins() -> None:
    assert call_title({**OUTBOUND, "properties": {"hs_call_title": "Renewal"}}, "Ada Lovelace") == "Renewal"


@pytest.mark.parametrize(
    ("engagement", "ghost"),
    [
        ({"status": "IN_PROGRESS", "properties": {"hs_call_status": "IN_PROGRESS"}, "completed": False}, True),
        ({"status": "CONNECTING", "properties": {"hs_call_status": "CONNECTING"}, "completed": False}, True),
        ({"status": "COMPLETED", "properties": {"hs_call_status": "COMPLETED"}, "completed": False}, False),
        ({"status": "NO_ANSWER", "properties": {"hs_call_status": "NO_ANSWER"}, "completed": False}, False),
        ({"status": "IN_PROGRESS", "properties": {}, "completed": True}, False),
        ({"status": "IN_PROGRESS", "properties": {}, "completed": False, "unfinished": False}, False),  # a live call
        ({"status": "IN_PROGRESS", "properties": {}, "completed": False, "unfinished": True}, True),
    ],
)
def test_an_engagement_nobody_completed_is_a_ghost(engagement: dict[str, Any], ghost: bool) -> None:
    assert is_ghost(engagement) is ghost


def test_property_rows_label_and_format() -> None:
    rows = property_rows({"hs_call_duration": "65000", "hs_call_to_number": "+1617", "hs_call_body": "x", "x": "y"})
    assert rows == [("Duration", "1m 5s"), ("To", "+1617")]


def test_unattached_calls_are_noted_once_with_where_they_went() -> None:
    notes = UnattachedCalls()
    params = {"id": 7, "associations": [], **INBOUND}
    assert notes.note("engagement", params) == "call from +15550001111 matched no record: listed at /calls"
    assert notes.note("engagement", params) is None  # the status updates of the same call say nothing more
    assert notes.note("engagement", {**params, "id": 8, "associations": [{"objectTypeId": "0-1"}]}) is None
    assert notes.note("resize", {"id": 9}) is None


async def test_the_session_logs_where_an_unattached_call_went() -> None:
    session = Session(WIDGET, HostContext())
    session.effect(Effect("engagement", {"id": 7, "associations": [], **INBOUND}))
    notes = [e for e in session.log.entries if e.type == "CALL_UNATTACHED"]
    assert len(notes) == 1 and notes[0].text == "call from +15550001111 matched no record: listed at /calls"


@pytest.fixture
async def client(aiohttp_client: Any) -> Client:
    app = create_app(Settings(port=0), sample_widget_url=WIDGET)
    return await aiohttp_client(app)  # type: ignore[no-any-return]


def crm_of(client: Client) -> Crm:
    return client.app[CRM]


async def test_the_calls_index_lists_every_engagement_attached_or_not(client: Client) -> None:
    crm = crm_of(client)
    crm.create_engagement("a", "OUTBOUND", [("0-1", 51)], {"hs_call_to_number": "+16175550100"}, 1_700_000_000_000)
    stranger = crm.create_engagement(
        "b", "INBOUND", [], {"hs_call_from_number": "+15550001111", "hs_call_status": "RINGING"}, 1_700_000_060_000
    )
    response = await client.get("/calls")
    text = await response.text()
    assert response.status == 200
    assert text.index(f'data-engagement-id="{stranger.id}"') < text.index('href="/contacts/51"')  # newest first
    assert 'data-unattached="true"' in text and "Call from +15550001111" in text and "No record" in text
    assert "Call to Ada Lovelace" in text and "2023-11-14 22:14:20 UTC" in text
    assert "page.js" not in text  # no widget, no socket on the index


async def test_the_calls_index_escapes_what_a_widget_wrote(client: Client) -> None:
    crm_of(client).create_engagement("c", "INBOUND", [], {"hs_call_from_number": "<img src=x>"}, 1_700_000_000_000)
    text = await (await client.get("/calls")).text()
    assert "<img src=x>" not in text and "&lt;img src=x&gt;" in text


async def test_the_calls_index_without_calls_says_so(client: Client) -> None:
    text = await (await client.get("/calls")).text()
    assert 'data-role="calls-empty"' in text


async def test_the_record_page_links_to_the_calls_index(client: Client) -> None:
    text = await (await client.get("/")).text()
    assert 'href="/calls"' in text


async def test_server_rendered_cards_have_titles_and_mark_unfinished_calls(client: Client) -> None:
    crm = crm_of(client)
    ghost = crm.create_engagement("d", "OUTBOUND", [("0-1", 51)], {"hs_call_status": "IN_PROGRESS"}, 1_700_000_000_000)
    if hasattr(ghost, "unfinished"):  # the host marks ghosts itself: mark this one as it would
        crm.engagements[ghost.id] = replace(ghost, unfinished=True)
    text = await (await client.get("/contacts/51")).text()
    assert "Call to Ada Lovelace" in text and 'data-ghost="true"' in text and "Call in progress / not completed" in text
