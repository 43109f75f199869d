"""The rate limits in the OpenAPI document: the X-HubSpot-RateLimit-* headers on each answer and the 429 body
(HubSpot's RATE_LIMIT shape, not its usual error shape), so schemathesis checks them like any other answer."""

from __future__ import annotations

from typing import Any

_INTEGER = {"schema": {"type": "integer", "minimum": 0}}
_STRING = {"type": "string"}

# Not `required`: a 401 (no credential to count against) carries none, and only developer-key calls the daily pair.
HEADERS: dict[str, Any] = {
    "X-HubSpot-RateLimit-Max": {"description": "requests allowed in the window", **_INTEGER},
    "X-HubSpot-RateLimit-Remaining": {"description": "requests still allowed in the window", **_INTEGER},
    "X-HubSpot-RateLimit-Interval-Milliseconds": {"description": "the rolling window's length", **_INTEGER},
    "X-HubSpot-RateLimit-Daily": {"description": "developer-key calls allowed a day", **_INTEGER},
    "X-HubSpot-RateLimit-Daily-Remaining": {"description": "developer-key calls still allowed today", **_INTEGER},
}

TOO_MANY_REQUESTS: dict[str, Any] = {
    "description": "a rate limit reached (or callsim's 429 fault); retry after `Retry-After` seconds",
    "headers": {**HEADERS, "Retry-After": {"description": "seconds to wait", "required": True, **_INTEGER}},
    "content": {
        "application/json": {
            "schema": {
                "type": "object",
                "properties": {
                    "status": _STRING,
                    "message": _STRING,
                    "errorType": {"type": "string", "enum": ["RATE_LIMIT"]},
                    "correlationId": _STRING,
                    "policyName": {"type": "string", "enum": ["TEN_SECONDLY_ROLLING", "SECONDLY", "DAILY"]},
                    "requestId": _STRING,
                },
                "required": ["status", "message", "errorType", "correlationId", "policyName"],
            }
        }
    },
}


def with_rate_limits(responses: dict[str, Any]) -> dict[str, Any]:
    """`responses` with the rate-limit headers on each and the 429 answer added."""
    described = {status: {**response, "headers": {**HEADERS, **response.get("headers", {})}}
                 for status, response in responses.items()}  # fmt: skip
    return {**described, "429": TOO_MANY_REQUESTS}
