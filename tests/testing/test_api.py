"""The Python API from both kinds of test: the sync fixtures inside a running loop, and the async API awaited."""

from __future__ import annotations

import pytest

from simulator.errors import CallsimError
from simulator.scenarios.model import Context
from simulator.testing import AsyncCallsim, Callsim, ExpectationFailed, WidgetSession

pytestmark = pytest.mark.browser


async def test_the_sync_session_works_inside_an_async_test(widget_session: WidgetSession) -> None:
    # Playwright's sync API would refuse here (a loop is running); the session's own loop thread does not care.
    widget_session.expect("SYNC_ACK")
    widget_session.expect("INITIALIZED", match={"isLoggedIn": False})
    widget_session.click('[data-action="sign-in"]')
    widget_session.expect("LOGGED_IN")
    sent = widget_session.send("VISIBILITY_CHANGED", {"isMinimized": True, "isHidden": False})
    widget_session.wait_for("#visibility", text="minimized")
    assert [(e.direction, e.type) for e in widget_session.log() if e.seq == sent.seq] == [("out", "VISIBILITY_CHANGED")]


def test_sessions_on_a_company_record_and_with_faults(callsim: Callsim) -> None:
    session = callsim.open_session(
        context=Context(record_type="company", record_id=77), host={"fail_create_engagement": True}
    )
    try:
        session.expect("INITIALIZED")
        session.click('[data-action="sign-in"]')
        session.expect("LOGGED_IN")
        session.dial("+16175550100")
        session.expect("OUTGOING_CALL_STARTED")
        failed = session.expect("CREATE_ENGAGEMENT_FAILED", source="host")
        assert failed.source == "host"
        with pytest.raises(CallsimError, match="invalid match"):
            session.expect("CALL_ENDED", match={"x": {"$nope": 1}})
        with pytest.raises(ExpectationFailed, match="no CALL_ENDED received"):
            session.expect("CALL_ENDED", within=0.2)
    finally:
        session.close()


async def test_the_async_api_places_a_call() -> None:
    async with AsyncCallsim() as callsim:
        session = await callsim.open_session()
        await session.expect("INITIALIZED", match={"isLoggedIn": False})
        await session.click('[data-action="sign-in"]')
        await session.expect("LOGGED_IN")
        await session.dial("+16175550100")
        call = await session.expect("OUTGOING_CALL_STARTED", match={"toNumber": "+16175550100"})
        await session.expect_none("CALL_ENDED", match={"externalCallId": call.data["externalCallId"]}, within=0.2)
        assert session.violations() == []
        await session.close()
