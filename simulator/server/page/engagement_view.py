"""How a call engagement reads to a person: its title, whether it is unfinished, its properties as labelled rows.

static/js/timeline.js applies the same rules to the cards the page adds live; keep the two in step.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from simulator.hubspot.crm.portal import CONTACT, Crm, Engagement

# hs_call_status values after which a call is over; anything else on an engagement nobody completed is unfinished.
FINAL_STATUSES: frozenset[str] = frozenset({"COMPLETED", "BUSY", "CANCELED", "FAILED", "MISSED", "NO_ANSWER"})
GHOST_LABEL = "Call in progress / not completed"
CALLS_PATH = "/calls"

PROPERTY_LABELS: tuple[tuple[str, str], ...] = (
    ("hs_call_direction", "Direction"),
    ("hs_call_status", "Status"),
    ("hs_call_duration", "Duration"),
    ("hs_call_disposition", "Outcome"),
    ("hs_call_from_number", "From"),
    ("hs_call_to_number", "To"),
    ("hs_call_recording_url", "Recording"),
)


def call_number(direction: Any, properties: Mapping[str, Any]) -> str | None:
    """The other party's number: hs_call_to_number for an outbound call, hs_call_from_number for an inbound one."""
    key = "hs_call_from_number" if direction == "INBOUND" else "hs_call_to_number"
    value = properties.get(key)
    return str(value) if value else None


def call_title(engagement: Mapping[str, Any], name: str | None = None) -> str:
    """hs_call_title, else "Call to/from" the record's name, else the number for the call's direction."""
    properties = engagement.get("properties") or {}
    if properties.get("hs_call_title"):
        return str(properties["hs_call_title"])
    direction = engagement.get("direction")
    who = name or call_number(direction, properties) or "an unknown number"
    return f"Call {'from' if direction == 'INBOUND' else 'to'} {who}"


def call_status(engagement: Mapping[str, Any]) -> str:
    properties = engagement.get("properties") or {}
    return str(properties.get("hs_call_status") or engagement.get("status") or "")


def is_ghost(engagement: Mapping[str, Any]) -> bool:
    """A call started with createEngagement that will never be completed (the host's `unfinished` flag).

    Without the flag (a host that does not judge it), any engagement with no CALL_COMPLETED and no final
    hs_call_status counts.
    """
    if "unfinished" in engagement:
        return engagement["unfinished"] is True
    return not engagement.get("completed") and call_status(engagement) not in FINAL_STATUSES


def duration_text(value: Any) -> str:
    """Milliseconds as "Xm Ys" (what the timeline shows); anything else unchanged."""
    try:
        seconds = round(float(value) / 1000)
    except (TypeError, ValueError):
        return str(value)
    return f"{seconds // 60}m {seconds % 60}s"


def property_rows(properties: Mapping[str, Any]) -> list[tuple[str, str]]:
    """The labelled properties a timeline card lists, in HubSpot's order; empty ones left out."""
    rows: list[tuple[str, str]] = []
    for key, label in PROPERTY_LABELS:
        value = properties.get(key)
        if value is None or value == "":
            continue
        rows.append((label, duration_text(value) if key == "hs_call_duration" else str(value)))
    return rows


def timeline_card(engagement: Engagement, name: str | None) -> dict[str, Any]:
    """What _timeline_card.html renders for one engagement on the timeline of the record called `name`."""
    data = engagement.to_json()
    return {
        "id": engagement.id,
        "title": call_title(data, name),
        "status": call_status(data),
        "ghost": is_ghost(data),
        "ghost_label": GHOST_LABEL,
        "body": data["properties"].get("hs_call_body"),
        "rows": property_rows(data["properties"]),
    }


def _time_text(ms: int) -> str:
    return datetime.fromtimestamp(ms / 1000, UTC).strftime("%Y-%m-%d %H:%M:%S UTC")


def calls_index_rows(crm: Crm) -> list[dict[str, Any]]:
    """Every engagement of the CRM, newest first, attached to a record or not (the calls index page)."""
    rows: list[dict[str, Any]] = []
    for engagement in sorted(crm.engagements.values(), key=lambda e: (e.created_at_ms, e.id), reverse=True):
        data = engagement.to_json()
        properties = data["properties"]
        records = [r for r in (crm.record(type_id, object_id) for type_id, object_id in engagement.associations) if r]
        links = [{"name": r.name, "href": f"/{'contacts' if r.object_type_id == CONTACT else 'companies'}/{r.id}"}
                 for r in records]  # fmt: skip
        rows.append({
            "id": engagement.id,
            "title": call_title(data, records[0].name if records else None),
            "direction": engagement.direction,
            "from_number": properties.get("hs_call_from_number") or "",
            "to_number": properties.get("hs_call_to_number") or "",
            "status": call_status(data),
            "ghost": is_ghost(data),
            "time": _time_text(engagement.created_at_ms),
            "time_iso": datetime.fromtimestamp(engagement.created_at_ms / 1000, UTC).isoformat(),
            "duration": duration_text(properties["hs_call_duration"]) if properties.get("hs_call_duration") else "",
            "records": links,
        })  # fmt: skip
    return rows


class UnattachedCalls:
    """Notes, once per engagement, that a call matched no record and where it went instead."""

    def __init__(self) -> None:
        self._noted: set[Any] = set()

    def note(self, effect_name: str, params: Mapping[str, Any]) -> str | None:
        """The note for an engagement effect attached to no record, the first time that engagement is seen."""
        if effect_name != "engagement" or params.get("associations") or params.get("id") in self._noted:
            return None
        self._noted.add(params.get("id"))
        direction = params.get("direction")
        number = call_number(direction, params.get("properties") or {}) or "an unknown number"
        way = "from" if direction == "INBOUND" else "to"
        return f"call {way} {number} matched no record: listed at {CALLS_PATH}"
