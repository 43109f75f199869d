"""One call in several record tabs, and "receive calls through", as HubSpot's host sees them (issue 18, items 3-4)."""

from __future__ import annotations

from simulator.hubspot.host import Host
from tests.helpers.hubspot_host import ORIGIN, T0, fresh_crm, ready, widget

RING = {"externalCallId": "in-1", "fromNumber": "+16175550100", "toNumber": "+16175550199", "createEngagement": True}


def ring(host: Host, call_id: str = "in-1") -> None:
    host.receive(widget("INCOMING_CALL", {**RING, "externalCallId": call_id}), ORIGIN, T0 + 1_000)


def test_a_call_another_tab_answered_stops_ringing_and_is_settled_here() -> None:
    host = ready()
    ring(host)
    outcome = host.taken_elsewhere("in-1", "answered in tab 2")
    call = host.state()["calls"][0]
    assert call["status"] == "ELSEWHERE" and call["elsewhere"] == "answered in tab 2"
    assert outcome.notes == ["call 'in-1' was answered in tab 2: it stops ringing here"]
    assert host.state()["activeCall"] is None and host.state()["callStatus"] == "IDLE"
    assert host.session.unfinished_calls() == []  # no ghost when this tab closes
    ring(host, "in-2")  # the next call here is not concurrent with it
    assert host.state()["activeCall"]["externalCallId"] == "in-2"


def test_only_a_ringing_call_stops() -> None:
    host = ready()
    ring(host)
    host.receive(widget("CALL_ANSWERED", {"externalCallId": "in-1"}), ORIGIN, T0 + 2_000)
    assert host.taken_elsewhere("in-1", "answered in tab 2").notes == []
    assert host.taken_elsewhere("unknown", "answered in tab 2").notes == []
    assert host.state()["activeCall"]["status"] == "IN_PROGRESS"


def test_the_widget_reporting_a_call_another_tab_took_breaks_the_order_rule() -> None:
    host = ready()
    ring(host)
    host.taken_elsewhere("in-1", "answered in tab 2")
    outcome = host.receive(widget("CALL_ANSWERED", {"externalCallId": "in-1"}), ORIGIN, T0 + 2_000)
    texts = [v.explanation for v in outcome.violations if v.rule == "call.order"]
    assert texts == ["CALL_ANSWERED for call 'in-1', which was answered in tab 2"]


def test_the_same_call_raised_in_two_tabs_shares_one_engagement() -> None:
    crm = fresh_crm()
    first, second = ready(crm=crm), ready(crm=crm)
    ring(first)
    outcome = second.receive(widget("INCOMING_CALL", RING), ORIGIN, T0 + 1_100)
    replies = {reply.type: reply.data for reply in outcome.replies}
    assert replies["CREATE_ENGAGEMENT_SUCCEEDED"] == {"engagementId": first.state()["calls"][0]["engagementId"]}
    assert len(crm.engagements) == 1
    assert any("already has engagement" in note for note in outcome.notes)


def test_a_completed_calls_id_reused_gets_a_new_engagement() -> None:
    crm = fresh_crm()
    first, second = ready(crm=crm), ready(crm=crm)
    ring(first)
    first.receive(widget("CALL_ENDED", {"externalCallId": "in-1", "callEndStatus": "CANCELED"}), ORIGIN, T0 + 1_050)
    second.receive(widget("INCOMING_CALL", RING), ORIGIN, T0 + 1_100)
    assert len(crm.engagements) == 2  # the first one is no longer ringing: not the same call


def test_incoming_call_from_a_provider_the_user_does_not_receive_calls_through_is_ignored() -> None:
    host = ready()
    host.receive_calls_through("user 1 receives calls through 'Other' (app:7), not 'Mine' (sample)")
    outcome = host.receive(widget("INCOMING_CALL", RING), ORIGIN, T0 + 1_000)
    assert outcome.replies == []
    assert outcome.notes == [
        "HubSpot ignores INCOMING_CALL: user 1 receives calls through 'Other' (app:7), not 'Mine' (sample)"
    ]
    assert host.state()["calls"] == [] and host.state()["inboundElsewhere"]
    host.receive_calls_through(None)
    outcome = host.receive(widget("INCOMING_CALL", RING), ORIGIN, T0 + 2_000)
    assert [reply.type for reply in outcome.replies] == ["CALLER_ID_MATCH_SUCCEEDED", "CREATE_ENGAGEMENT_SUCCEEDED"]


def test_a_call_raised_twice_in_one_tab_is_not_shared_with_itself() -> None:
    crm = fresh_crm()
    host = ready(crm=crm)
    ring(host)
    outcome = host.receive(widget("INCOMING_CALL", RING), ORIGIN, T0 + 1_100)
    assert not any("already has engagement" in note for note in outcome.notes)
    assert "call.order" in [v.rule for v in outcome.violations]
