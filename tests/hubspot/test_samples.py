"""The inject panel's pre-filled payloads (pure) and `GET /api/templates` (in-process server)."""

from __future__ import annotations

from typing import Any

from simulator.hubspot.crm.portal import FIRST_ENGAGEMENT_ID, Crm
from simulator.hubspot.host import Faults, Host, HostContext
from simulator.hubspot.sdk import samples as event_templates
from simulator.hubspot.sdk.protocol import HOST_TO_WIDGET, HOST_TO_WIDGET_UNUSUAL
from simulator.hubspot.state import Call, SessionState

NOW = 1_723_291_227_334
ADA = {"objectTypeId": "0-1", "objectId": 51}


def templates(record: Any = ADA, state: SessionState | None = None, crm: Crm | None = None) -> dict[str, Any]:
    host = Host(crm=crm or Crm.load())
    return event_templates.build(event_templates.inputs_for(host, record, NOW, state=state))


def test_every_host_type_but_sync_has_a_template() -> None:
    built = templates()
    assert set(built) == (HOST_TO_WIDGET - {"SYNC"}) | HOST_TO_WIDGET_UNUSUAL
    assert set(event_templates.INJECTABLE) | set(event_templates.UNUSUAL) == set(built)
    assert all(data is None or isinstance(data, dict) for data in built.values())


def test_dial_number_is_hubspots_payload_for_the_record() -> None:
    dial = templates()["DIAL_NUMBER"]
    assert dial["phoneNumber"] == "+16175550100" and dial["calleeInfo"] == {"calleeId": 51, "calleeObjectTypeId": "0-1"}
    assert dial["objectId"] == dial["subjectId"] == 51 and dial["objectType"] == "CONTACT"
    assert dial["startTimestamp"] == NOW and dial["portalId"] == 81431


def test_dial_number_for_a_company_record() -> None:
    dial = templates({"objectTypeId": "0-2", "objectId": "77"})["DIAL_NUMBER"]
    assert dial["calleeInfo"]["calleeObjectTypeId"] == "0-2" and dial["objectType"] == "COMPANY"


def test_caller_id_match_comes_from_the_crm() -> None:
    match = templates()["CALLER_ID_MATCH_SUCCEEDED"]["callerIdMatches"][0]
    assert match["callerIdType"] == "CONTACT" and (match["firstName"], match["lastName"]) == ("Ada", "Lovelace")
    assert match["objectCoordinates"] == {"portalId": 81431, "objectTypeId": "0-1", "objectId": 51}


def test_engagement_id_is_plausible_without_any_call() -> None:
    built = templates()
    assert built["CREATE_ENGAGEMENT_SUCCEEDED"] == {"engagementId": FIRST_ENGAGEMENT_ID}
    assert built["ENGAGEMENT_CREATED"] == built["UPDATE_ENGAGEMENT_SUCCEEDED"]


def test_engagement_id_is_the_records_latest_in_the_crm() -> None:
    crm = Crm.load()
    first = crm.create_engagement("a", "OUTBOUND", [("0-1", 51)], {}, NOW)
    crm.create_engagement("b", "OUTBOUND", [("0-1", 52)], {}, NOW)
    assert templates(crm=crm)["CREATE_ENGAGEMENT_SUCCEEDED"] == {"engagementId": first.id}


def test_the_sessions_last_call_wins() -> None:
    state = SessionState()
    state.put_call(Call("call-7", "OUTBOUND", "IN_PROGRESS", NOW, engagement_id=42))
    built = templates(state=state)
    assert built["CREATE_ENGAGEMENT_SUCCEEDED"] == {"engagementId": 42}
    assert built["FINALIZE_ENGAGEMENT_SUCCEEDED"] == {"engagementId": 42, "externalCallId": "call-7"}


def test_shapes_follow_the_protocol() -> None:
    built = templates()
    assert built["VISIBILITY_CHANGED"].keys() == {"isMinimized", "isHidden"}
    assert built["END_CALL"] is None
    for type_ in ("CREATE_ENGAGEMENT_FAILED", "UPDATE_ENGAGEMENT_FAILED", "CALLER_ID_MATCH_FAILED"):
        assert isinstance(built[type_]["error"]["message"], str)
    assert built["NAVIGATE_TO_RECORD_FAILED"]["objectCoordinates"]["objectId"] == 51


def test_unknown_record_falls_back_to_the_first_one() -> None:
    assert templates({"objectTypeId": "0-1", "objectId": 99999})["DIAL_NUMBER"]["phoneNumber"].startswith("+")
    assert templates(None)["DIAL_NUMBER"]["calleeInfo"]["calleeId"] == 51


def test_fault_values_name_every_setting() -> None:
    assert event_templates.fault_values()["reply_delay_ms"] == 0
    current = event_templates.fault_values(Faults(fail_create_engagement=True))
    assert current["fail_create_engagement"] is True and current["legacy_engagement_created"] is None


def test_host_context_portal_is_used() -> None:
    host = Host(context=HostContext(portal_id=1234), crm=Crm.load())
    built = event_templates.build(event_templates.inputs_for(host, ADA, NOW))
    assert built["DIAL_NUMBER"]["portalId"] == 1234
    assert built["CALLER_ID_MATCH_SUCCEEDED"]["callerIdMatches"][0]["objectCoordinates"]["portalId"] == 1234
