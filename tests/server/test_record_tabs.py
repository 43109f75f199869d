"""One user's record tabs as sessions (server/page/tabs.py, inbound.py): numbers, a call answered in one tab
stopping the others, a new tab's claim, and the inbound provider applied per tab. The browser side is in
tests/browser/test_record_tabs.py."""

from __future__ import annotations

import pytest

from simulator.hubspot.context import HostContext
from simulator.hubspot.crm.portal import Crm
from simulator.server.page import record_refs, tabs
from simulator.server.page.session import Session
from simulator.server.page.sessions import Sessions
from tests.helpers.hubspot_host import ORIGIN, handshaken, widget

W = "https://w.test/"
RING = {"externalCallId": "in-1", "fromNumber": "+16175550100", "toNumber": "+16175550199", "createEngagement": True}


def registry() -> Sessions:
    return Sessions(HostContext(uses_calling_window=False, iframe_location=None), Crm.load(), sinks=[])


def tab(sessions: Sessions, context: HostContext | None = None) -> Session:
    session = sessions.create(W)
    session.use_context(context or sessions.context)
    tabs.join(sessions, session)
    return session


def notes(session: Session, type_: str = "TAB") -> list[str]:
    return [e.text or "" for e in session.log.entries if e.direction == "note" and e.type == type_]


async def test_tabs_are_numbered_per_user_and_a_closed_tabs_number_is_reused() -> None:
    sessions = registry()
    first, second = tab(sessions), tab(sessions)
    stranger = tab(sessions, sessions.context.with_overrides(user_id=77))
    assert (first.tab, second.tab, stranger.tab) == (1, 2, 1)
    assert notes(second) == [f"record tab 2 of user {sessions.context.user_id}; the user's other tabs: tab 1 "
                             f"(session {first.id})"]  # fmt: skip
    sessions.close(first)
    assert tab(sessions).tab == 1
    assert sessions.create(W, page_kind="window").tab is None


async def test_answering_in_one_tab_stops_the_ringing_in_the_others_only() -> None:
    sessions = registry()
    first, second, third = [await handshaken(tab(sessions)) for _ in range(3)]
    for session in (first, second):
        await session.received(widget("INCOMING_CALL", RING), ORIGIN)
    assert "call 'in-1' rings in tab 2 and in tab 1" in notes(second)
    await second.received(widget("CALL_ANSWERED", {"externalCallId": "in-1"}), ORIGIN)
    assert first.host.state()["calls"][0]["status"] == "ELSEWHERE"
    assert first.host.state()["calls"][0]["elsewhere"] == "answered in tab 2"
    assert second.host.state()["activeCall"]["status"] == "IN_PROGRESS"
    assert third.host.state()["calls"] == []  # it never rang there
    assert "tab 2 answered call 'in-1': it stops ringing in tab 1" in notes(second)


async def test_rejecting_in_one_tab_says_how_it_ended() -> None:
    sessions = registry()
    first, second = [await handshaken(tab(sessions)) for _ in range(2)]
    for session in (first, second):
        await session.received(widget("INCOMING_CALL", RING), ORIGIN)
    ended = {"externalCallId": "in-1", "callEndStatus": "CANCELED"}
    await first.received(widget("CALL_ENDED", ended), ORIGIN)
    assert second.host.state()["calls"][0]["elsewhere"] == "ended (CANCELED) in tab 1"


async def test_a_new_tab_claims_the_openers_user_settings_and_record() -> None:
    sessions = registry()
    opener = tab(sessions, sessions.context.with_overrides(user_id=5, record_type="company", record_id=77))
    opener.claimed = {"user_id": 5, "record_type": "company", "record_id": 77}
    claim, url = tabs.open_tab_claim(sessions, opener, "http://127.0.0.1:8500")
    assert url.startswith("http://127.0.0.1:8500/companies/77?widget=https%3A%2F%2Fw.test%2F&claim=")
    assert claim.widget == W
    assert claim.context["user_id"] == 5 and claim.context["uses_calling_window"] is False
    claim, url = tabs.open_tab_claim(sessions, opener, "http://h", ("0-1", 51))
    assert "/contacts/51?" in url and claim.context["record_type"] == "contact"


@pytest.mark.parametrize(
    ("record", "error"),
    [
        ("51", '"record" must be an object'),
        ({"type": "deal", "id": 1}, '"record.type" must be one of'),
        ({"id": "x"}, '"record.id" must be a whole number'),
        ({"id": True}, '"record.id" must be a whole number'),
    ],
)
def test_a_bad_record_says_what_was_expected(record: object, error: str) -> None:
    with pytest.raises(ValueError, match=error.replace("(", r"\(")):
        record_refs.record_coordinates(record)


def test_records_in_either_shape() -> None:
    assert record_refs.record_coordinates({"type": "company", "id": "77"}) == ("0-2", 77)
    assert record_refs.record_coordinates({"objectTypeId": "0-1", "objectId": 51}) == ("0-1", 51)
    assert record_refs.record_coordinates(None) is None


async def test_a_tab_told_of_the_users_inbound_provider_rings_only_for_its_own() -> None:
    sessions = registry()
    own, other = tab(sessions), tab(sessions)
    own.receive_calls_through("sample", None)
    other.receive_calls_through("sample", "user 1 receives calls through 'Sample' (sample), not 'Yours' (cli:widget)")
    assert own.host.state()["inboundElsewhere"] is None
    assert other.host.state()["inboundElsewhere"].endswith("not 'Yours' (cli:widget)")
    assert own.summary()["receiveCallsThrough"] == "sample" and own.hello()["inbound"] == "sample"


async def test_with_the_calling_window_each_tabs_calls_stay_its_own() -> None:
    sessions = Sessions(HostContext(), Crm.load(), sinks=[])  # usesCallingWindow true: the window holds the call
    first, second = [await handshaken(tab(sessions)) for _ in range(2)]
    for session in (first, second):
        await session.received(widget("INCOMING_CALL", RING), ORIGIN)
    await second.received(widget("CALL_ANSWERED", {"externalCallId": "in-1"}), ORIGIN)
    assert first.host.state()["activeCall"]["status"] == "RINGING"
    assert not any("stops ringing" in text for text in notes(second))


def test_a_new_tabs_note_names_a_few_of_many_tabs() -> None:
    sessions = registry()
    for _ in range(8):
        last = tab(sessions)
    assert notes(last)[0].endswith(" and 2 more") and notes(last)[0].count("(session ") == 5
