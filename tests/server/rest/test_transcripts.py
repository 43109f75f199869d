"""The transcripts API: create for an engagement, read, delete, every error in HubSpot's shape, and the card."""

from __future__ import annotations

from typing import Any

import pytest

from tests.helpers.page_socket import Client
from tests.helpers.rest import ADA, AUTH, CALLS, call_body, engagement_effects, hubspot_error, ready_session

TRANSCRIPTS = "/crm/v3/extensions/calling/transcripts"


def utterance(text: str = "Hello", **fields: Any) -> dict[str, Any]:
    return {"speaker": {"id": "agent-1", "name": "Ada Agent", "email": "ada@example.com"}, "text": text,
            "startTimeMillis": 0, "endTimeMillis": 1200, **fields}  # fmt: skip


async def new_call(client: Client) -> int:
    response = await client.post(CALLS, json=call_body(), headers=AUTH)
    assert response.status == 201, await response.text()
    return int((await response.json())["id"])


async def test_create_read_and_delete(client: Client) -> None:
    call_id = await new_call(client)
    body = {"engagementId": call_id, "transcriptCreateUtterances": [utterance(), utterance("Bye", languageCode="en")]}
    created = await client.post(TRANSCRIPTS, json=body, headers=AUTH)
    assert created.status == 200, await created.text()
    transcript_id = (await created.json())["id"]
    assert isinstance(transcript_id, str) and transcript_id.isdigit()

    read = await client.get(f"{TRANSCRIPTS}/{transcript_id}", headers=AUTH)
    assert read.status == 200
    got = await read.json()
    assert got["id"] == transcript_id and got["engagementId"] == call_id
    assert got["transcriptSource"] == "INTEGRATOR_GENERATED"
    assert got["createdAt"].endswith("Z") and got["updatedAt"].endswith("Z")
    first, second = got["transcriptUtterances"]
    assert first["speaker"] == {"id": "agent-1", "name": "Ada Agent", "email": "ada@example.com"}
    assert (first["text"], first["startTimeMillis"], first["endTimeMillis"]) == ("Hello", 0, 1200)
    assert "languageCode" not in first and second["languageCode"] == "en"
    assert first["id"] != second["id"]

    assert (await client.delete(f"{TRANSCRIPTS}/{transcript_id}", headers=AUTH)).status == 204
    await hubspot_error(await client.get(f"{TRANSCRIPTS}/{transcript_id}", headers=AUTH), 404, "OBJECT_NOT_FOUND")
    await hubspot_error(await client.delete(f"{TRANSCRIPTS}/{transcript_id}", headers=AUTH), 404, "OBJECT_NOT_FOUND")


async def test_the_date_versioned_twin_serves_the_same_transcripts(client: Client) -> None:
    call_id = await new_call(client)
    body = {"engagementId": str(call_id), "transcriptCreateUtterances": [utterance()]}  # a numeric string is fine
    created = await client.post("/crm/extensions/calling/2026-03/transcripts", json=body, headers=AUTH)
    assert created.status == 200
    transcript_id = (await created.json())["id"]
    assert (await client.get(f"{TRANSCRIPTS}/{transcript_id}", headers=AUTH)).status == 200


async def test_unknown_engagement_is_404(client: Client) -> None:
    body = {"engagementId": 999, "transcriptCreateUtterances": [utterance()]}
    error = await hubspot_error(await client.post(TRANSCRIPTS, json=body, headers=AUTH), 404, "OBJECT_NOT_FOUND")
    assert "999" in error["message"]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"transcriptCreateUtterances": []}, "engagementId"),
        ({"engagementId": "x", "transcriptCreateUtterances": []}, "engagementId"),
        ({"engagementId": True, "transcriptCreateUtterances": []}, "engagementId"),
        ({"engagementId": 1}, "transcriptCreateUtterances"),
        ({"engagementId": 1, "transcriptCreateUtterances": [{**utterance(), "text": None}]},
         "transcriptCreateUtterances[0].text"),
        ({"engagementId": 1, "transcriptCreateUtterances": [{**utterance(), "speaker": {"id": "a"}}]},
         "transcriptCreateUtterances[0].speaker.name"),
        ({"engagementId": 1, "transcriptCreateUtterances": [utterance(startTimeMillis=-1)]},
         "transcriptCreateUtterances[0].startTimeMillis"),
        ({"engagementId": 1, "transcriptCreateUtterances": [utterance(startTimeMillis=5, endTimeMillis=1)]},
         "transcriptCreateUtterances[0].endTimeMillis"),
        ({"engagementId": 1, "transcriptCreateUtterances": [utterance(languageCode=3)]},
         "transcriptCreateUtterances[0].languageCode"),
    ],
)  # fmt: skip
async def test_bad_bodies_are_400_naming_the_field(client: Client, body: dict[str, Any], field: str) -> None:
    error = await hubspot_error(await client.post(TRANSCRIPTS, json=body, headers=AUTH), 400, "VALIDATION_ERROR")
    assert field in [e["in"] for e in error["errors"]] and field in error["message"]


async def test_not_json_and_no_token(client: Client) -> None:
    await hubspot_error(await client.post(TRANSCRIPTS, data="{", headers=AUTH), 400, "VALIDATION_ERROR")
    await hubspot_error(await client.post(TRANSCRIPTS, json={}), 401, "INVALID_AUTHENTICATION")
    await hubspot_error(await client.get(f"{TRANSCRIPTS}/1"), 401, "INVALID_AUTHENTICATION")
    await hubspot_error(await client.get(f"{TRANSCRIPTS}/abc", headers=AUTH), 404, "OBJECT_NOT_FOUND")


async def test_the_card_shows_who_said_what(client: Client) -> None:
    call_id = await new_call(client)
    body = {"engagementId": call_id, "transcriptCreateUtterances": [utterance("Hi <b>there</b>")]}
    assert (await client.post(TRANSCRIPTS, json=body, headers=AUTH)).status == 200
    page = await (await client.get(f"/contacts/{ADA}")).text()
    assert 'data-role="transcript"' in page and "Ada Agent" in page
    assert "Hi &lt;b&gt;there&lt;/b&gt;" in page and "<b>there</b>" not in page


async def test_a_transcript_is_pushed_live_and_kept_on_later_pushes(client: Client) -> None:
    session, to_page = await ready_session(client)
    call_id = await new_call(client)
    body = {"engagementId": call_id, "transcriptCreateUtterances": [utterance("Live words")]}
    transcript_id = (await (await client.post(TRANSCRIPTS, json=body, headers=AUTH)).json())["id"]
    pushed = engagement_effects(to_page)[-1]
    assert pushed["id"] == call_id and pushed["recording"] is None
    assert pushed["transcripts"] == [
        {"id": transcript_id, "utterances": [{"speaker": "Ada Agent", "text": "Live words", "startTimeMillis": 0}]}
    ]
    assert (await client.delete(f"{TRANSCRIPTS}/{transcript_id}", headers=AUTH)).status == 204
    assert engagement_effects(to_page)[-1]["transcripts"] == []
    assert session.live
