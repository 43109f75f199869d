"""The session state HubSpot keeps (docs/protocol.md §5.1)."""

from __future__ import annotations

from simulator.hubspot.state import Call, PendingDial, SessionState


def test_new_state_to_json() -> None:
    state = SessionState()
    data = state.to_json()
    assert data["handshake"] == "LOADING"
    assert data["callStatus"] == "IDLE"
    assert data["calls"] == [] and data["activeCall"] is None and data["pendingDial"] is None
    assert data["supportsInboundCalling"] is True
    assert all(key[0].islower() and "_" not in key for key in data)


def test_page_loaded_resets_the_widget_but_keeps_calls() -> None:
    state = SessionState(handshake="READY", sdk_version="0.9.6", initialized=True, initialized_count=2, logged_in=True)
    state.put_call(Call("c1", "OUTBOUND", "IN_PROGRESS", 1_000))
    state.page_loaded("http://w.example/", 5_000)
    assert (state.handshake, state.sdk_version, state.initialized, state.logged_in) == ("SYNCING", None, False, False)
    assert state.initialized_count == 0 and state.loaded_at_ms == 5_000
    assert state.active_call() is not None


def test_call_status_dialing_then_active() -> None:
    state = SessionState()
    state.pending_dial = PendingDial({"phoneNumber": "+16175550100"}, 1_000)
    assert state.call_status() == "DIALING"
    assert state.to_json()["pendingDial"] == {"phoneNumber": "+16175550100"}
    call = state.put_call(Call("c1", "OUTBOUND", "STARTED", 1_000))
    assert state.call_status() == "STARTED"
    state.update_call(call, status="COMPLETED", completed_at_ms=9_000)
    state.pending_dial = None
    assert state.call_status() == "IDLE"
    assert state.to_json()["calls"][0]["completedAt"] == 9_000


def test_resolve_call_by_id_or_active() -> None:
    state = SessionState()
    state.put_call(Call("old", "OUTBOUND", "COMPLETED", 1_000))
    state.put_call(Call("new", "INBOUND", "RINGING", 2_000))
    assert state.resolve_call("old") is state.calls["old"]
    assert state.resolve_call("missing") is None
    assert state.resolve_call(None) is state.calls["new"]
    # With no call in progress an id-less event is about no call: not silently the latest one (issue 8).
    state.update_call(state.calls["new"], status="TRANSFERRED")
    assert state.resolve_call(None) is None


def test_legacy_call_keys() -> None:
    state = SessionState()
    assert state.new_call_key("abc") == ("abc", False)
    assert state.new_call_key(None) == ("legacy-1", True)
    assert state.new_call_key("") == ("legacy-2", True)
    call = state.put_call(Call("legacy-1", "OUTBOUND", "STARTED", 0, legacy_key=True))
    assert call.to_json()["externalCallId"] is None and call.to_json()["key"] == "legacy-1"


def test_engagement_owner() -> None:
    state = SessionState()
    state.put_call(Call("c1", "OUTBOUND", "STARTED", 0, engagement_id=7))
    assert state.engagement_owner(7) is state.calls["c1"]
    assert state.engagement_owner(8) is None


def test_call_timer_fields() -> None:
    call = Call("c1", "OUTBOUND", "ENDED", 1_000, answered_at_ms=3_000, ended_at_ms=9_000, end_status="COMPLETED")
    data = call.to_json()
    assert (data["startedAt"], data["answeredAt"], data["endedAt"], data["endStatus"]) == (
        1_000,
        3_000,
        9_000,
        "COMPLETED",
    )


def test_sent_ids_are_bounded() -> None:
    state = SessionState()
    for n in range(600):
        state.remember_sent(f"1_{n}", "SYNC")
    assert len(state.sent_ids) == 500 and "1_0" not in state.sent_ids and "1_599" in state.sent_ids


def test_size_to_json() -> None:
    state = SessionState(size=(400, 650))
    assert state.to_json()["size"] == {"width": 400, "height": 650}
