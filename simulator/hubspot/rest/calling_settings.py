"""Calling settings (docs/protocol.md §7.1): validation, the defaults HubSpot fills in, and what they make the host do.

Pure: the REST layer stores what `new_settings` / `settings_changes` return; the switcher and the sessions read
them back through `provider_entries` and `provider_context`.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any
from urllib.parse import urlsplit

from simulator.hubspot.context import HostContext, iframe_location_for
from simulator.hubspot.crm.records import COMPANY, CONTACT
from simulator.hubspot.rest.fields import INT32_MAX as INT32_MAX  # re-exported: the settings REST layer's bound
from simulator.hubspot.rest.objects import FieldError, iso

# SettingsRequest's fields and JSON types, in the spec's order.
SETTINGS_FIELDS: dict[str, type] = {
    "name": str,
    "url": str,
    "height": int,
    "width": int,
    "isReady": bool,
    "supportsCustomObjects": bool,
    "supportsInboundCalling": bool,
    "usesCallingWindow": bool,
    "usesRemote": bool,
}
# What a POST without the field gets. The spec marks every field required, HubSpot's clients and docs treat all
# but name/url as optional; isReady true is the SDK README's "default=true", usesCallingWindow true and
# supportsInboundCalling false are the receive-calls docs'; usesRemote and supportsCustomObjects are undocumented
# (§9.10): callsim assumes HubSpot shows the app everywhere (true) and dials only contacts/companies (false).
SETTINGS_DEFAULTS: dict[str, Any] = {
    "height": 600,
    "width": 400,
    "isReady": True,
    "supportsCustomObjects": False,
    "supportsInboundCalling": False,
    "usesCallingWindow": True,
    "usesRemote": True,
}
SETTINGS_REQUIRED = ("name", "url")
CHANNEL_FIELDS: dict[str, type] = {"url": str, "isReady": bool}
CHANNEL_REQUIRED = ("url", "isReady")
RECORDING_FIELDS: dict[str, type] = {"urlToRetrieveAuthedRecording": str}
RECORDING_REQUIRED = ("urlToRetrieveAuthedRecording",)
URL_FIELDS = frozenset({"url", "urlToRetrieveAuthedRecording"})
# The fields that change what the host does (the rest only change the switcher and the iframe).
HOST_FIELDS = ("supportsCustomObjects", "supportsInboundCalling", "usesCallingWindow", "usesRemote")
_TYPE_NAMES = {str: "a string", int: "a whole number", bool: "true or false"}


def check_fields(body: Mapping[str, Any], fields: Mapping[str, type], required: Sequence[str] = ()) -> list[FieldError]:
    """Every problem with `body`: missing required fields, unknown fields, wrong types and bad values."""
    errors = [FieldError(name, f"{name} is required", "REQUIRED") for name in required if body.get(name) is None]
    for name, value in body.items():
        expected = fields.get(name)
        if expected is None:
            errors.append(FieldError(name, _unknown(name, fields), "UNRECOGNIZED_FIELD"))
        elif value is None:
            if name not in required:
                errors.append(FieldError(name, f"{name} must be {_TYPE_NAMES[expected]}, not null"))
        elif message := _value_problem(name, value, expected):
            errors.append(FieldError(name, message))
    return errors


def _unknown(name: str, fields: Mapping[str, type]) -> str:
    close = difflib.get_close_matches(name, list(fields), n=1, cutoff=0.6)
    hint = f"did you mean {close[0]!r}? " if close else ""
    return f"Unrecognized field {name!r}; {hint}the fields are {', '.join(fields)}"


def _value_problem(name: str, value: Any, expected: type) -> str | None:
    # bool is an int in Python: `true` is not a width, and 1 is not a flag.
    if expected is int:
        if isinstance(value, bool) or not isinstance(value, int):
            return f"{name} must be a whole number of pixels, got {value!r}"
        return None if 1 <= value <= INT32_MAX else f"{name} must be between 1 and {INT32_MAX} pixels, got {value}"
    if expected is bool:
        return None if isinstance(value, bool) else f"{name} must be true or false, got {value!r}"
    if not isinstance(value, str):
        return f"{name} must be a string, got {value!r}"
    if name == "name" and not value.strip():
        return "name must not be empty: it is what the call switcher shows"
    if name in URL_FIELDS and not _http_url(value):
        return f"{name} must be an absolute http(s) URL such as https://localhost:9025/, got {value!r}"
    return None


def _http_url(value: str) -> bool:
    try:
        parts = urlsplit(value)
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.hostname)


def settings_response(body: Mapping[str, Any], created_at_ms: int, updated_at_ms: int) -> dict[str, Any]:
    """SettingsResponse: every field (stored or default) plus createdAt/updatedAt in ISO-8601."""
    merged = {**SETTINGS_DEFAULTS, **body}
    response = {name: merged.get(name) for name in SETTINGS_FIELDS}
    return {**response, "createdAt": iso(created_at_ms), "updatedAt": iso(updated_at_ms)}


def channel_response(body: Mapping[str, Any], created_at_ms: int, updated_at_ms: int) -> dict[str, Any]:
    """ChannelConnectionSettingsResponse."""
    return {
        "url": body.get("url"),
        "isReady": body.get("isReady"),
        "createdAt": iso(created_at_ms),
        "updatedAt": iso(updated_at_ms),
    }


def recording_response(body: Mapping[str, Any]) -> dict[str, Any]:
    """RecordingSettingsResponse (the spec has no timestamps here)."""
    return {"urlToRetrieveAuthedRecording": body.get("urlToRetrieveAuthedRecording")}


def app_provider(app_id: int, body: Mapping[str, Any]) -> dict[str, Any]:
    """The switcher's entry for a registered app: its settings as the page needs them."""
    merged = {**SETTINGS_DEFAULTS, **body}
    entry = {name: merged.get(name) for name in SETTINGS_FIELDS}
    return {"key": f"app:{app_id}", "appId": app_id, "source": "settings", **entry}


def cli_provider(key: str, name: str, url: str, context: HostContext) -> dict[str, Any]:
    """The switcher's entry for a widget named on the command line (or the sample): the server's settings."""
    return {
        "key": key,
        "appId": None,
        "source": "cli",
        "name": name,
        "url": url,
        "height": SETTINGS_DEFAULTS["height"],
        "width": SETTINGS_DEFAULTS["width"],
        "isReady": True,
        "supportsCustomObjects": context.supports_custom_objects,
        "supportsInboundCalling": context.supports_inbound_calling,
        "usesCallingWindow": bool(context.uses_calling_window),
        "usesRemote": context.uses_remote,
    }


def provider_entries(cli: Sequence[Mapping[str, Any]], apps: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """The call switcher's choices: command-line widgets, ready apps, the sample, then apps still in testing."""
    sample = [dict(p) for p in cli if p["key"] == "sample"]
    first = [dict(p) for p in cli if p["key"] != "sample"]
    ready = [dict(app) for app in apps if app.get("isReady")]
    testing = [dict(app) for app in apps if not app.get("isReady")]
    return [*first, *ready, *sample, *testing]


def host_fields(raw: Any) -> tuple[dict[str, bool], list[str]]:
    """The host-changing fields of a page's override (trusted no further than their types), and what was dropped."""
    if not isinstance(raw, Mapping):
        return {}, []
    kept = {name: raw[name] for name in HOST_FIELDS if isinstance(raw.get(name), bool)}
    dropped = [name for name in HOST_FIELDS if name in raw and name not in kept]
    return kept, dropped


def provider_context(base: HostContext, fields: Mapping[str, Any]) -> HostContext:
    """The host as an app with these settings configures it (only the fields given change anything).

    usesCallingWindow false: HubSpot omits iframeLocation from SYNC (PR #252), so the context has none.
    """
    changes: dict[str, Any] = {}
    if isinstance(fields.get("supportsInboundCalling"), bool):
        changes["supports_inbound_calling"] = fields["supportsInboundCalling"]
    if isinstance(fields.get("supportsCustomObjects"), bool):
        changes["supports_custom_objects"] = fields["supportsCustomObjects"]
    if isinstance(fields.get("usesRemote"), bool):
        changes["uses_remote"] = fields["usesRemote"]
    if isinstance(fields.get("usesCallingWindow"), bool):
        uses = fields["usesCallingWindow"]
        changes["uses_calling_window"] = uses
        changes["iframe_location"] = iframe_location_for(uses, base.iframe_location)
    return replace(base, **changes)


def custom_object_refusal(record: Any, context: HostContext) -> str | None:
    """Why HubSpot offers no click-to-dial on this record (a custom object and supportsCustomObjects false)."""
    type_id = record.get("objectTypeId") if isinstance(record, Mapping) else None
    if not isinstance(type_id, str) or type_id in (CONTACT, COMPANY) or context.supports_custom_objects:
        return None
    return (
        f"HubSpot does not offer this app on {type_id} records: they are custom objects and the app's "
        "supportsCustomObjects setting is false (PATCH it to true to dial from custom objects)"
    )
