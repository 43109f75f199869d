"""Fetching a call's recording as HubSpot does after `recordings/ready`, and judging what came back.

HubSpot's recordings guide: the app's `urlToRetrieveAuthedRecording` has `%s` replaced by the call's
`hs_call_external_id` and is asked with `?externalAccountId=&appId=`; it answers JSON `{authenticatedUrl}`; that
URL must serve the audio (an audio type, or octet-stream) and answer `Range` with 206 so users can seek.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any
from urllib.parse import quote

import aiohttp
from yarl import URL

from simulator.hubspot.crm.portal import Engagement
from simulator.hubspot.validator.rules import RECORDING_NO_RANGE, RECORDING_PROPERTIES, RECORDING_UNAVAILABLE, Violation

FETCH_TIMEOUT_SECONDS = 10.0
SNIFF_BYTES = 4096  # enough to know a body is there; the player streams the rest itself
# What HubSpot's player and transcription take (mp3, wav, flac, mp4 audio); octet-stream as the guide allows.
AUDIO_TYPES = frozenset({
    "audio/mpeg", "audio/mp3", "audio/wav", "audio/x-wav", "audio/wave", "audio/vnd.wave", "audio/flac",
    "audio/x-flac", "audio/mp4", "audio/x-m4a", "audio/m4a", "video/mp4", "application/octet-stream",
})  # fmt: skip
NEEDED_PROPERTIES = ("hs_call_external_id", "hs_call_external_account_id", "hs_call_app_id", "hs_call_source")
CHECKING, PLAYABLE, UNAVAILABLE = "checking", "playable", "unavailable"


@dataclass(frozen=True)
class RecordingCheck:
    """What callsim found fetching one engagement's recording; `violations` say what HubSpot would not take."""

    engagement_id: int
    state: str  # CHECKING | PLAYABLE | UNAVAILABLE
    app_id: int | None = None
    asked_url: str | None = None  # urlToRetrieveAuthedRecording, filled in
    audio_url: str | None = None  # the authenticatedUrl it answered
    content_type: str | None = None
    audio_status: int | None = None
    violations: tuple[Violation, ...] = field(default=())

    def failed(self, detail: str) -> RecordingCheck:
        return replace(self, state=UNAVAILABLE, violations=(*self.violations, RECORDING_UNAVAILABLE(detail)))

    def warned(self, violation: Violation) -> RecordingCheck:
        return replace(self, violations=(*self.violations, violation))

    def to_json(self) -> dict[str, Any]:
        """The card's recording block (and the page effect's)."""
        return {
            "engagementId": self.engagement_id,
            "state": self.state,
            "appId": self.app_id,
            "askedUrl": self.asked_url,
            "audioUrl": self.audio_url if self.state == PLAYABLE else None,
            "contentType": self.content_type,
            "audioStatus": self.audio_status,
            "problems": [{"rule": v.rule, "severity": v.severity, "text": v.explanation} for v in self.violations],
        }


def retrieve_url(template: str, engagement: Engagement, app_id: int, portal_id: int) -> tuple[str | None, str | None]:
    """(the URL HubSpot asks, None) or (None, why it cannot be built)."""
    props = engagement.properties
    external_id = str(props.get("hs_call_external_id") or engagement.external_call_id or "")
    if "%s" in template and not external_id:
        return None, (f"engagement {engagement.id} has no hs_call_external_id (nor an externalCallId) to put in "
                      f"place of %s in {template}")  # fmt: skip
    filled = template.replace("%s", quote(external_id, safe=""))
    try:
        url = URL(filled)
    except ValueError as error:
        return None, f"urlToRetrieveAuthedRecording {filled!r} is not a URL: {error}"
    if url.scheme not in ("http", "https") or not url.host:
        return None, f"urlToRetrieveAuthedRecording {filled!r} is not an http(s) URL"
    account = str(props.get("hs_call_external_account_id") or portal_id)
    return str(url.update_query({"externalAccountId": account, "appId": str(app_id)})), None


def missing_properties(engagement: Engagement) -> Violation | None:
    """The properties HubSpot's recording fetch needs that the call lacks."""
    missing = [name for name in NEEDED_PROPERTIES if not engagement.properties.get(name)]
    source = engagement.properties.get("hs_call_source")
    if source and source != "INTEGRATIONS_PLATFORM":
        missing.append(f"hs_call_source={source!r} (must be INTEGRATIONS_PLATFORM)")
    if not missing:
        return None
    return RECORDING_PROPERTIES(f"engagement {engagement.id} lacks {', '.join(missing)}: HubSpot would not fetch its "
                                "recording (callsim went on with what it had)")  # fmt: skip


async def _json_of(response: aiohttp.ClientResponse) -> Any:
    text = await response.text(errors="replace")
    try:
        return json.loads(text)
    except ValueError:  # not JSON, or an integer of more than 4300 digits
        return None


async def check_recording(
    http: aiohttp.ClientSession, template: str, engagement: Engagement, app_id: int, portal_id: int
) -> RecordingCheck:
    """Fetch the recording as HubSpot would and say whether HubSpot could play it."""
    check = RecordingCheck(engagement.id, CHECKING, app_id)
    missing = missing_properties(engagement)
    if missing is not None:
        check = check.warned(missing)
    asked, why = retrieve_url(template, engagement, app_id, portal_id)
    if asked is None:
        return check.failed(why or "no URL")
    check = replace(check, asked_url=asked)
    timeout = aiohttp.ClientTimeout(total=FETCH_TIMEOUT_SECONDS)
    try:
        async with http.get(asked, timeout=timeout, headers={"Accept": "application/json"}) as response:
            if not 200 <= response.status < 300:
                return check.failed(f"GET {asked} answered {response.status}; HubSpot needs 200 with JSON "
                                    '{"authenticatedUrl": "https://…"}')  # fmt: skip
            answer = await _json_of(response)
        audio_url = answer.get("authenticatedUrl") if isinstance(answer, Mapping) else None
        if not isinstance(audio_url, str) or URL(audio_url).scheme not in ("http", "https"):
            got = str(answer)[:120]
            return check.failed(f"GET {asked} did not answer JSON with an http(s) `authenticatedUrl` (got {got!r}); "
                                'answer {"authenticatedUrl": "https://…/call.mp3"}')  # fmt: skip
        check = replace(check, audio_url=audio_url)
        return await _check_audio(http, check, audio_url, timeout)
    except (TimeoutError, aiohttp.ClientError, ValueError) as error:
        return check.failed(f"fetching the recording failed: {type(error).__name__}: {error or 'timed out'}")


async def _check_audio(
    http: aiohttp.ClientSession, check: RecordingCheck, audio_url: str, timeout: aiohttp.ClientTimeout
) -> RecordingCheck:
    async with http.get(audio_url, timeout=timeout, headers={"Range": "bytes=0-"}) as response:
        content_type = response.content_type.lower()
        check = replace(check, content_type=content_type, audio_status=response.status)
        if not 200 <= response.status < 300:
            return check.failed(f"GET {audio_url} (Range: bytes=0-) answered {response.status}; HubSpot needs 206")
        if content_type not in AUDIO_TYPES:
            return check.failed(f"{audio_url} is {content_type or 'untyped'}, not audio HubSpot plays: serve "
                                "audio/mpeg, audio/wav, audio/flac, audio/mp4 or application/octet-stream")  # fmt: skip
        if not await response.content.read(SNIFF_BYTES):
            return check.failed(f"{audio_url} answered {response.status} with an empty body")
        if response.status != 206:
            check = check.warned(RECORDING_NO_RANGE(f"{audio_url} answered `Range: bytes=0-` with {response.status}, "
                                                    "not 206 Partial Content: users cannot seek in it"))  # fmt: skip
    return replace(check, state=PLAYABLE)
