"""End to end: a transcript posted by a script shows on its call's card, live, after a PATCH and after a reload."""

from __future__ import annotations

from typing import Any

import pytest

from tests.helpers.live_server import LiveServer, open_record_page
from tests.helpers.rest import CALLS, call_body, rest

pytestmark = pytest.mark.browser
TRANSCRIPTS = "/crm/v3/extensions/calling/transcripts"


def test_a_posted_transcript_shows_on_the_card_and_stays(page: Any, live_server: LiveServer) -> None:
    open_record_page(page, live_server)  # Ada's record
    created = rest(live_server, "POST", CALLS, call_body(hs_call_title="Call with a transcript"))
    card = page.locator(f'#timeline [data-engagement-id="{created["id"]}"]')
    card.locator(":text('Call with a transcript')").first.wait_for()
    utterances = [
        {"speaker": {"id": "a", "name": "Agent Smith"}, "text": "<i>Hello</i> Ada", "startTimeMillis": 0,
         "endTimeMillis": 900},
        {"speaker": {"id": "c", "name": "Ada"}, "text": "Hi there", "startTimeMillis": 1000, "endTimeMillis": 1500},
    ]  # fmt: skip
    rest(
        live_server, "POST", TRANSCRIPTS, {"engagementId": int(created["id"]), "transcriptCreateUtterances": utterances}
    )
    lines = card.locator('[data-role="transcript"] li')
    lines.nth(1).wait_for()
    assert lines.all_inner_texts() == ["Agent Smith: <i>Hello</i> Ada", "Ada: Hi there"]  # text, never markup
    rest(live_server, "PATCH", f"{CALLS}/{created['id']}", {"properties": {"hs_call_body": "Patched"}})
    card.locator(":text('Patched')").first.wait_for()
    assert card.locator('[data-role="transcript"] li').count() == 2  # a properties-only push keeps the transcript
    page.reload()
    card = page.locator(f'#timeline [data-engagement-id="{created["id"]}"]')
    assert card.locator('[data-role="transcript"] li').all_inner_texts()[0] == "Agent Smith: <i>Hello</i> Ada"
    rest(live_server, "PATCH", f"{CALLS}/{created['id']}", {"properties": {"hs_call_body": "Again"}})
    card.locator(":text('Again')").first.wait_for()
    assert card.locator('[data-role="transcript"] li').count() == 2  # the server-rendered card's blocks are kept
