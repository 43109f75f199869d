"""The Python API's calling window and tab moves (issue 18, item 7): `open_window()`, `navigate(record)` and
`close()`, on the sample widget (SDK 0.9.7) in headless Chromium, host and widget on different origins."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from simulator.errors import CallsimError
from simulator.scenarios.model import Context
from simulator.testing import Callsim

pytestmark = pytest.mark.browser
USER = 7171  # a user of these tests only: the window and the tabs are linked per user


async def _chip(page: Any) -> str:
    await page.wait_for_selector("#call-state:has-text('Calling window')", timeout=10_000)
    return str(await page.text_content("#call-state"))


def test_a_call_in_the_window_survives_the_record_tabs_navigation(callsim: Callsim) -> None:
    first = callsim.open_session(context=Context(user_id=USER, uses_calling_window=True, record_type="contact",
                                                 record_id=51))  # fmt: skip
    try:
        window = first.open_window()
        assert (window.kind, first.kind) == ("window", "record")
        sync = window.expect("SYNC", source="host")
        assert sync.raw["iframeLocation"] == "window" and sync.raw["userId"] == USER
        window.expect("INITIALIZED")
        window.click('[data-action="sign-in"]')
        window.fill("#number", "+16175550100")
        window.click('[data-action="call"]')
        call_id = window.expect("OUTGOING_CALL_STARTED").data["externalCallId"]
        window.expect("CALL_ANSWERED", match={"externalCallId": call_id})
        before = first.id
        assert first.navigate({"type": "company", "id": 77}) is first
        assert first.id != before and "/companies/77?" in first.page.url
        first.expect("INITIALIZED")  # the new page's widget: expects look at the new session only
        # The new page shows the window's call at once, and its own handshake does not hide it.
        assert callsim.call(_chip(first.page), 15) == "Calling window · Outbound · IN_PROGRESS"
        window.click('[data-action="hang-up"]')
        window.expect("CALL_ENDED", match={"externalCallId": call_id, "callEndStatus": "COMPLETED"})
        assert callsim.call(_chip(first.page), 15) == "Calling window · Outbound · ENDED"
        window.click('[data-action="save-call"]')
        window.expect("CALL_COMPLETED", match={"externalCallId": call_id})
        assert window.violations() == [] and first.violations() == []
        window.close()
    finally:
        first.close()


def test_navigate_refuses_what_it_cannot_do(callsim: Callsim) -> None:
    first = callsim.open_session(context=Context(user_id=USER + 1, uses_calling_window=True))
    try:
        with pytest.raises(CallsimError, match="navigate: no company 999"):
            first.navigate({"type": "company", "id": 999})
        window = first.open_window()
        with pytest.raises(CallsimError, match="navigate: only a record tab shows a record \\(this is the window\\)"):
            window.navigate({"type": "company", "id": 77})
    finally:
        first.close()


CLOSING = """\
name: Tabs and the window close
context: {userId: 8181, usesCallingWindow: true}
steps:
  - expect: INITIALIZED
  - open_tab: 2
  - expect: INITIALIZED
    tab: 2
  - open_window: true
  - expect: INITIALIZED
    tab: window
  - close_tab: 2
  - close_tab: window
  - wait: 300ms
  - open_tab: 3
  - expect: INITIALIZED
    tab: 3
"""


def test_close_tab_closes_the_tab_and_the_window(callsim: Callsim, tmp_path: Path) -> None:
    path = tmp_path / "closing.yaml"
    path.write_text(CLOSING)
    run = callsim.run_scenario(path)
    assert run.passed, run.result.to_json()
    assert [lane for lane, _ in run.surfaces] == ["tab 2", "tab 3", "window"]  # the record tabs' lanes first
    _, third = run.surfaces[1]
    said = [e["text"] for e in third if e["direction"] == "note" and e["type"] == "TAB"]
    # The server numbers a user's open record tabs: tab 2 was closed, so the new page takes its number, and the
    # only other tab it names is tab 1 (the window, closed too, is no record tab anyway).
    assert said[0].startswith("record tab 2 of user 8181; the user's other tabs: tab 1 (session ")
    assert "tab 2 (session" not in said[0]


def test_the_remote_opens_from_the_tabs_nav_bar_as_a_surface_of_the_same_user(callsim: Callsim) -> None:
    first = callsim.open_session(context=Context(user_id=USER + 2))
    try:
        remote = first.open_remote()
        assert remote.kind == "remote" and remote.id != first.id
        sync = remote.expect("SYNC", source="host")
        assert sync.raw["iframeLocation"] == "remote" and sync.raw["userId"] == USER + 2
        remote.expect("INITIALIZED")
        remote.click('[data-action="sign-in"]')  # in the remote's own widget, a frame of the tab's panel
        remote.expect("LOGGED_IN")
        first.expect_none("LOGGED_IN", within=0.3)  # the tab's instance said nothing
        remote.expect_none("DIAL_NUMBER", source="host", within=0.3)  # no record on screen (SDK issue #204)
        remote.close()
        assert callsim.call(first.page.locator("#calling-remote").is_hidden(), 5)
        with pytest.raises(CallsimError, match="open_remote: the remote is in a record tab's navigation bar"):
            remote.open_remote()
    finally:
        first.close()
