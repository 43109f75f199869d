"""Call transcripts as HubSpot's transcripts API takes and returns them (docs/protocol.md §7.3); pure validation.

Create: `{engagementId, transcriptCreateUtterances: [{speaker {id, name, email?}, text, startTimeMillis,
endTimeMillis, languageCode?}]}`. Read: the same utterances with ids, `transcriptSource: INTEGRATOR_GENERATED`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from simulator.hubspot.rest.fields import parse_whole
from simulator.hubspot.rest.objects import FieldError, iso

INTEGRATOR_GENERATED = "INTEGRATOR_GENERATED"
MAX_UTTERANCES = 10_000  # a bound on one body; HubSpot's own is not documented
CREATE_EXAMPLE = (
    '{"engagementId": 30000000001, "transcriptCreateUtterances": [{"speaker": {"id": "agent-1", "name": "Ada"}, '
    '"text": "Hello", "startTimeMillis": 0, "endTimeMillis": 1200}]}'
)


@dataclass(frozen=True)
class Utterance:
    """One speaker's words in a transcript, times in ms from the call's start."""

    speaker: Mapping[str, str]
    text: str
    start_ms: int
    end_ms: int
    language_code: str | None = None

    def to_json(self, utterance_id: str) -> dict[str, Any]:
        """TranscriptUtterance as GET returns it."""
        body: dict[str, Any] = {
            "id": utterance_id,
            "speaker": dict(self.speaker),
            "text": self.text,
            "startTimeMillis": self.start_ms,
            "endTimeMillis": self.end_ms,
        }
        if self.language_code is not None:
            body["languageCode"] = self.language_code
        return body

    def to_store(self) -> dict[str, Any]:
        """The create form (kept in the store)."""
        body = self.to_json("")
        del body["id"]
        return body


def _int(value: Any) -> int | None:
    """An int64 as JSON carries it (a number, or a digit string as Jackson coerces); None if not one."""
    return parse_whole(value, json_numbers=True)


def _speaker(raw: Any, where: str) -> tuple[dict[str, str], list[FieldError]]:
    if not isinstance(raw, Mapping):
        return {}, [FieldError(where, f"{where} is required: an object like {{\"id\": \"agent-1\", \"name\": \"Ada\"}}",
                               "REQUIRED")]  # fmt: skip
    speaker: dict[str, str] = {}
    errors: list[FieldError] = []
    for key in ("id", "name"):
        value = raw.get(key)
        if not isinstance(value, str) or not value:
            errors.append(FieldError(f"{where}.{key}", f"{where}.{key} is required: a non-empty string", "REQUIRED"))
        else:
            speaker[key] = value
    email = raw.get("email")
    if email is not None:
        if isinstance(email, str):
            speaker["email"] = email
        else:
            errors.append(FieldError(f"{where}.email", f"{where}.email must be a string"))
    return speaker, errors


def _utterance(raw: Any, where: str) -> tuple[Utterance | None, list[FieldError]]:
    if not isinstance(raw, Mapping):
        return None, [
            FieldError(where, f"{where} must be an object with speaker, text, startTimeMillis, endTimeMillis")
        ]
    speaker, errors = _speaker(raw.get("speaker"), f"{where}.speaker")
    text = raw.get("text")
    if not isinstance(text, str):
        errors.append(FieldError(f"{where}.text", f"{where}.text is required: a string", "REQUIRED"))
    times: dict[str, int] = {}
    for key in ("startTimeMillis", "endTimeMillis"):
        value = _int(raw.get(key))
        if value is None:
            message = f"{where}.{key} is required: ms from the call's start (a whole number >= 0), got {raw.get(key)!r}"
            errors.append(FieldError(f"{where}.{key}", message, "REQUIRED"))
        else:
            times[key] = value
    if len(times) == 2 and times["endTimeMillis"] < times["startTimeMillis"]:
        errors.append(FieldError(f"{where}.endTimeMillis", f"{where}.endTimeMillis is before startTimeMillis"))
    language = raw.get("languageCode")
    if language is not None and not isinstance(language, str):
        errors.append(FieldError(f"{where}.languageCode", f'{where}.languageCode must be a string like "en-US"'))
        language = None
    if errors or not isinstance(text, str):
        return None, errors
    return Utterance(speaker, text, times["startTimeMillis"], times["endTimeMillis"], language), []


def parse_create(body: Mapping[str, Any]) -> tuple[int | None, list[Utterance], list[FieldError]]:
    """(engagementId, utterances, errors) of a create body; nothing is usable when errors is not empty."""
    errors: list[FieldError] = []
    engagement_id = _int(body.get("engagementId"))
    if engagement_id is None:
        errors.append(FieldError("engagementId", "engagementId is required: the call's id (an int64), got "
                                                 f"{body.get('engagementId')!r}", "REQUIRED"))  # fmt: skip
    raw = body.get("transcriptCreateUtterances")
    utterances: list[Utterance] = []
    if not isinstance(raw, list):
        errors.append(FieldError("transcriptCreateUtterances", "transcriptCreateUtterances is required: a list of "
                                 "{speaker, text, startTimeMillis, endTimeMillis}", "REQUIRED"))  # fmt: skip
    elif len(raw) > MAX_UTTERANCES:
        errors.append(FieldError("transcriptCreateUtterances", f"at most {MAX_UTTERANCES} utterances a transcript"))
    else:
        for i, item in enumerate(raw):
            utterance, found = _utterance(item, f"transcriptCreateUtterances[{i}]")
            errors += found
            if utterance is not None:
                utterances.append(utterance)
    return (engagement_id if not errors else None), (utterances if not errors else []), errors


def stored_utterances(body: Mapping[str, Any]) -> list[Utterance]:
    """The utterances of a transcript the store kept (written by `Utterance.to_store`)."""
    found: list[Utterance] = []
    for raw in body.get("utterances") or ():
        utterance, _ = _utterance(raw, "stored")
        if utterance is not None:
            found.append(utterance)
    return found


def transcript_json(transcript_id: int, engagement_id: int, body: Mapping[str, Any], created_ms: int) -> dict[str, Any]:
    """TranscriptResponse: what GET /transcripts/{id} returns."""
    utterances = stored_utterances(body)
    return {
        "id": str(transcript_id),
        "engagementId": engagement_id,
        "transcriptSource": INTEGRATOR_GENERATED,
        "transcriptUtterances": [u.to_json(f"{transcript_id}-{i + 1}") for i, u in enumerate(utterances)],
        "createdAt": iso(created_ms),
        "updatedAt": iso(created_ms),
    }
