"""`POST /crm/v3/extensions/calling/inbound-call` (docs/protocol.md §7.1): CompletedThirdPartyCallRequest checked and
turned into the call engagement HubSpot logs for it. Pure: the REST layer gives the Crm and the clock."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from simulator.hubspot.crm.portal import Crm, Engagement
from simulator.hubspot.rest.fields import INT32_MAX, is_digits
from simulator.hubspot.rest.objects import FieldError, check_call_properties, parse_timestamp

FINAL_CALL_STATUSES = (
    "BUSY", "CALLING_CRM_USER", "CANCELED", "COMPLETED", "CONNECTING", "FAILED", "HOLD", "IN_PROGRESS", "MISSED",
    "NO_ANSWER", "QUEUED", "RINGING", "UNKNOWN",
)  # fmt: skip
PHONE_NUMBER_TYPES = (
    "FIXED_LINE", "FIXED_LINE_OR_MOBILE", "MOBILE", "PAGER", "PERSONAL_NUMBER", "PREMIUM_RATE", "SHARED_COST",
    "TOLL_FREE", "UAN", "UNKNOWN", "VOICEMAIL", "VOIP",
)  # fmt: skip
REQUIRED = (
    "createEngagement", "engagementProperties", "externalCallId", "finalCallStatus", "fromNumber",
    "potentialRecipientUserIds", "toNumber",
)  # fmt: skip
OPTIONAL = ("callStartedTimestamp", "durationSeconds", "userId")
ENDED = frozenset({"BUSY", "CANCELED", "COMPLETED", "FAILED", "MISSED", "NO_ANSWER"})
EXAMPLE = (
    '{"externalCallId": "call-1", "createEngagement": true, "engagementProperties": {}, "finalCallStatus": '
    '"COMPLETED", "fromNumber": {"e164Number": "+16175550100", "phoneNumberType": "MOBILE"}, "toNumber": '
    '{"e164Number": "+16175550199", "phoneNumberType": "FIXED_LINE"}, "potentialRecipientUserIds": [9876543]}'
)


@dataclass(frozen=True)
class InboundCall:
    """A checked CompletedThirdPartyCallRequest."""

    external_call_id: str
    create_engagement: bool
    properties: Mapping[str, str]
    final_status: str
    from_number: str
    to_number: str
    started_at_ms: int | None
    duration_seconds: int | None


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _phone_errors(name: str, value: Any) -> list[FieldError]:
    if not isinstance(value, Mapping):
        return [FieldError(name, f'{name} must be an object like {{"e164Number": "+16175550100", '
                                 f'"phoneNumberType": "MOBILE"}}, got {value!r}')]  # fmt: skip
    errors = []
    number = value.get("e164Number")
    if not isinstance(number, str) or not number.startswith("+") or not is_digits(number[1:]):
        errors.append(FieldError(f"{name}.e164Number", f"{name}.e164Number must be E.164 like +16175550100"))
    if value.get("phoneNumberType") not in PHONE_NUMBER_TYPES:
        kinds = ", ".join(PHONE_NUMBER_TYPES)
        got = value.get("phoneNumberType")
        errors.append(
            FieldError(f"{name}.phoneNumberType", f"{name}.phoneNumberType must be one of {kinds}; got {got!r}")
        )
    if value.get("extension") is not None and not isinstance(value.get("extension"), str):
        errors.append(FieldError(f"{name}.extension", f"{name}.extension must be a string"))
    for key in value:
        if key not in ("e164Number", "phoneNumberType", "extension"):
            errors.append(FieldError(f"{name}.{key}", f"Unrecognized field {name}.{key!r}", "UNRECOGNIZED_FIELD"))
    return errors


def parse_inbound_call(body: Mapping[str, Any]) -> tuple[InboundCall | None, list[FieldError]]:
    """The request, or every field that is missing or wrong."""
    errors = [FieldError(name, f"{name} is required", "REQUIRED") for name in REQUIRED if body.get(name) is None]
    for key in body:
        if key not in REQUIRED and key not in OPTIONAL:
            errors.append(FieldError(key, f"Unrecognized field {key!r}; the fields are "
                                          f"{', '.join((*REQUIRED, *OPTIONAL))}", "UNRECOGNIZED_FIELD"))  # fmt: skip
    external = body.get("externalCallId")
    if external is not None and (not isinstance(external, str) or not external.strip()):
        errors.append(FieldError("externalCallId", "externalCallId must be your system's call id, a non-empty string"))
    create = body.get("createEngagement")
    if create is not None and not isinstance(create, bool):
        errors.append(FieldError("createEngagement", f"createEngagement must be true or false, got {create!r}"))
    status = body.get("finalCallStatus")
    if status is not None and status not in FINAL_CALL_STATUSES:
        errors.append(FieldError("finalCallStatus", f"finalCallStatus must be one of {', '.join(FINAL_CALL_STATUSES)}; "
                                                    f"got {status!r}"))  # fmt: skip
    for name in ("fromNumber", "toNumber"):
        if body.get(name) is not None:
            errors += _phone_errors(name, body[name])
    recipients = body.get("potentialRecipientUserIds")
    if recipients is not None and (not isinstance(recipients, list) or not all(_is_int(r) for r in recipients)):
        errors.append(FieldError("potentialRecipientUserIds", "potentialRecipientUserIds must be a list of user ids"))
    for name in ("durationSeconds", "userId"):
        value = body.get(name)
        if value is not None and (not _is_int(value) or not 0 <= value <= INT32_MAX):
            errors.append(FieldError(name, f"{name} must be a whole number ≥ 0, got {value!r}"))
    started = body.get("callStartedTimestamp")
    started_ms = parse_timestamp(started) if isinstance(started, str) and not is_digits(started.strip()) else None
    if started is not None and started_ms is None:
        errors.append(FieldError("callStartedTimestamp", "callStartedTimestamp must be an ISO-8601 date-time like "
                                                         f"2026-01-01T10:00:00Z, got {started!r}"))  # fmt: skip
    properties = body.get("engagementProperties")
    if properties is not None:
        if not isinstance(properties, Mapping) or not all(isinstance(v, str) for v in properties.values()):
            example = '{"hs_call_title": "Support"}'
            message = f"engagementProperties must map property names to string values, e.g. {example}"
            errors.append(FieldError("engagementProperties", message))
        else:
            errors += [FieldError(f"engagementProperties.{e.field}", e.message, e.code)
                       for e in check_call_properties(properties, creating=False)]  # fmt: skip
    if errors:
        return None, errors
    return InboundCall(
        external_call_id=body["externalCallId"],
        create_engagement=body["createEngagement"],
        properties=dict(body["engagementProperties"]),
        final_status=body["finalCallStatus"],
        from_number=body["fromNumber"]["e164Number"],
        to_number=body["toNumber"]["e164Number"],
        started_at_ms=started_ms,
        duration_seconds=body.get("durationSeconds"),
    ), []


def log_inbound_call(crm: Crm, call: InboundCall, matches: list[dict[str, Any]], now_ms: int) -> Engagement:
    """The INBOUND call engagement HubSpot creates, on the first caller-ID match's timeline (as the SDK flow)."""
    properties: dict[str, str] = {
        "hs_timestamp": str(call.started_at_ms if call.started_at_ms is not None else now_ms),
        "hs_call_direction": "INBOUND",
        "hs_call_status": call.final_status,
        "hs_call_from_number": call.from_number,
        "hs_call_to_number": call.to_number,
    }
    if call.duration_seconds is not None:
        properties["hs_call_duration"] = str(call.duration_seconds * 1000)  # the property is milliseconds (§8)
    associations = []
    if matches:
        coordinates = matches[0]["objectCoordinates"]
        associations.append((coordinates["objectTypeId"], int(coordinates["objectId"])))
        properties["hs_call_callee_object_type_id"] = coordinates["objectTypeId"]
        properties["hs_call_callee_object_id"] = str(coordinates["objectId"])
    properties.update(call.properties)
    engagement = crm.create_engagement(
        call.external_call_id, "INBOUND", associations, properties, now_ms, status=call.final_status
    )
    if call.final_status in ENDED:
        engagement = crm.update_engagement(engagement.id, now_ms, completed=True)
    return engagement
