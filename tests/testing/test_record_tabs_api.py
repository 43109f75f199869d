"""The Python API's record tabs, "receive calls through" and task queues (issue 18, items 3 to 5), on the sample
widget."""

from __future__ import annotations

import pytest

from simulator.errors import CallsimError
from simulator.scenarios.model import Context
from simulator.testing import Callsim, WidgetSession

pytestmark = pytest.mark.browser
USER = 6161  # a user of these tests only: the inbound provider is the server's, per user


def ready(session: WidgetSession) -> None:
    session.expect("INITIALIZED")
    session.click('[data-action="sign-in"]')
    session.click('[data-action="toggle-availability"]')
    session.expect("USER_AVAILABLE")


def test_an_incoming_call_rings_in_two_tabs_and_stops_in_the_first_when_the_second_answers(callsim: Callsim) -> None:
    first = callsim.open_session(context=Context(user_id=USER, uses_calling_window=False))
    try:
        second = first.open_tab({"type": "company", "id": 77})
        assert (first.tab, second.tab) == (1, 2)
        sync = second.expect("SYNC", source="host")
        assert sync.raw["userId"] == USER and sync.raw["usesCallingWindow"] is False
        ready(first)
        ready(second)
        first.click('[data-action="simulate-incoming"]')
        call = first.expect("INCOMING_CALL")
        second.expect("INCOMING_CALL", match={"externalCallId": call.data["externalCallId"]})
        second.click('[data-action="answer"]')
        second.expect("CALL_ANSWERED")
        first.wait_for("#status", text="Answered in another tab")
        notes = [e.text for e in first.log() if e.type == "HOST"]
        assert any("was answered in tab 2: it stops ringing here" in (text or "") for text in notes)
        second.close()
    finally:
        first.close()


def test_receive_calls_through_another_provider_ignores_this_ones_calls(callsim: Callsim) -> None:
    # The sample widget at another URL: not the call switcher's "sample" provider.
    session = callsim.open_session(callsim.sample_widget_url + "?copy=1", context=Context(user_id=USER + 1))
    try:
        with pytest.raises(CallsimError, match="no provider 'nope' in the call switcher; expected one of sample"):
            session.receive_calls_through("nope")
        ready(session)
        said = session.receive_calls_through("sample")
        assert said == f"user {USER + 1} receives calls through 'Sample softphone (callsim)' (sample)"
        session.click('[data-action="simulate-incoming"]')
        session.expect("INCOMING_CALL")
        session.expect_none("CALLER_ID_MATCH_SUCCEEDED", source="host", within=0.5)
        notes = [e.text or "" for e in session.log() if e.type == "HOST"]
        assert any(text.startswith("HubSpot ignores INCOMING_CALL: user 6162 receives calls through") for text in notes)
        session.receive_calls_through(None)
    finally:
        session.close()


def test_a_task_queue_from_python(callsim: Callsim) -> None:
    session = callsim.open_session(context=Context(user_id=USER + 2))
    try:
        session.expect("INITIALIZED")
        session.click('[data-action="sign-in"]')
        with pytest.raises(CallsimError, match="task queue: no task queue in this tab: start one first"):
            session.skip_task()
        queue = session.start_task_queue([{"type": "contact", "id": 51}, {"type": "contact", "id": 52}])
        assert queue["status"] == "RUNNING" and queue["task"] == 1
        session.expect("DIAL_NUMBER", source="host", match={"objectId": 51})
        session.expect("CALL_ANSWERED")
        session.click('[data-action="hang-up"]')
        session.click('[data-action="save-call"]')
        session.expect("CALL_COMPLETED")
        session.expect("DIAL_NUMBER", source="host", match={"objectId": 52, "phoneNumber": "+16175550102"})
        assert session.stop_task_queue()["status"] == "STOPPED"
    finally:
        session.close()
