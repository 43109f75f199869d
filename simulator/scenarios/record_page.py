"""Which record page a scenario (or a claim) opens: the path for its context's record, and the URL with the claim."""

from __future__ import annotations

import dataclasses
from typing import Any
from urllib.parse import urlencode

from simulator.hubspot.crm.records import COMPANY, is_custom_type, record_type_id
from simulator.scenarios.model import Context


def record_path(context: Context) -> str:
    """The record page a scenario runs on: its context's record, else the first contact."""
    if context.record_id is None:
        return "/"
    type_id = record_type_id(context.record_type)
    if is_custom_type(type_id):
        return f"/objects/{type_id}/{context.record_id}"
    kind = "companies" if type_id == COMPANY else "contacts"
    return f"/{kind}/{context.record_id}"


def context_overrides(context: Context) -> dict[str, Any]:
    """What a scenario's `context:` sets, as HostContext.with_overrides names (unset fields keep the default)."""
    return {name: value for name, value in dataclasses.asdict(context).items() if value is not None}


def page_url(host_url: str, context: Context, widget: str | None, claim_token: str) -> str:
    """The record page for `context`, on `widget` (None: the call switcher's first), whose session goes to the
    claim's holder."""
    query = {"widget": widget, "claim": claim_token} if widget else {"claim": claim_token}
    return f"{host_url}{record_path(context)}?{urlencode(query)}"
