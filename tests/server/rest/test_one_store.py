"""One engagement store: SDK-created calls are REST objects, REST writes reach live pages, duplicates are flagged."""

from __future__ import annotations

import asyncio

from simulator.hubspot.sdk.protocol import now_ms
from simulator.hubspot.validator.rules import ENGAGEMENT_DUPLICATE
from simulator.server.appkeys import CRM
from simulator.server.page.session import Session
from tests.helpers.page_socket import Client
from tests.helpers.rest import ADA, AUTH, CALLS, call_body, engagement_effects, ready_session, widget


async def sdk_call_to_ada(session: Session) -> int:
    """The user dials Ada; the widget starts the call with createEngagement: true."""
    await session.dial({"objectTypeId": "0-1", "objectId": ADA}, "phone", None)
    await widget(session, "OUTGOING_CALL_STARTED",
                 {"externalCallId": "c-1", "toNumber": "+16175550100", "createEngagement": True})  # fmt: skip
    engagement_id = session.host.state()["activeCall"]["engagementId"]
    assert isinstance(engagement_id, int)
    return engagement_id


async def test_an_sdk_engagement_is_readable_and_patchable_over_rest_and_the_page_sees_the_patch(
    client: Client,
) -> None:
    session, to_page = await ready_session(client)
    engagement_id = await sdk_call_to_ada(session)
    read = await (await client.get(f"{CALLS}/{engagement_id}?associations=contacts", headers=AUTH)).json()
    assert read["id"] == str(engagement_id)
    assert read["associations"]["contacts"]["results"][0]["id"] == str(ADA)
    response = await client.patch(f"{CALLS}/{engagement_id}", json={"properties": {"hs_call_body": "From the backend"}},
                                  headers=AUTH)  # fmt: skip
    assert response.status == 200
    pushed = engagement_effects(to_page)[-1]
    assert pushed["id"] == engagement_id and pushed["properties"]["hs_call_body"] == "From the backend"


async def test_a_rest_call_lands_in_the_same_id_space_and_on_live_pages(client: Client) -> None:
    session, to_page = await ready_session(client)
    sdk_id = await sdk_call_to_ada(session)
    created = await (await client.post(CALLS, json=call_body(hs_timestamp="2020-01-01T00:00:00Z"), headers=AUTH)).json()
    assert int(created["id"]) == sdk_id + 1
    assert engagement_effects(to_page)[-1]["id"] == int(created["id"])
    await asyncio.sleep(0)
    assert not [e for e in session.log.entries if e.type == ENGAGEMENT_DUPLICATE.name]  # years apart: no duplicate


async def test_a_backend_post_for_the_widgets_own_call_is_flagged_as_a_duplicate(client: Client) -> None:
    session, _ = await ready_session(client)
    engagement_id = await sdk_call_to_ada(session)
    stamp = client.app[CRM].engagements[engagement_id].properties["hs_timestamp"]
    response = await client.post(CALLS, json=call_body(hs_timestamp=stamp), headers=AUTH)
    assert response.status == 201  # HubSpot takes it: the warning is the widget's
    await asyncio.sleep(0)
    flagged = [e for e in session.log.entries if e.type == ENGAGEMENT_DUPLICATE.name]
    assert len(flagged) == 1 and flagged[0].severity == "warning" and flagged[0].direction == "violation"
    assert str(engagement_id) in (flagged[0].text or "")


async def test_the_duplicate_is_flagged_when_the_backend_posts_first(client: Client) -> None:
    session, _ = await ready_session(client)
    response = await client.post(CALLS, json=call_body(hs_timestamp=str(now_ms())), headers=AUTH)
    assert response.status == 201
    await sdk_call_to_ada(session)
    await asyncio.sleep(0)
    assert len([e for e in session.log.entries if e.type == ENGAGEMENT_DUPLICATE.name]) == 1
