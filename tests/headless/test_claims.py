"""A claimed page gets its own context: a scenario's `context:` and `open_session(context=…)` reach the SYNC.

Before the claim token, the provider's context (built from the server's defaults) overwrote the scenario's right
after the session was made, so another portal, user or `usesCallingWindow: false` never reached the widget.
Every test here drives a real Chromium, the real server and the sample widget on the real SDK.
"""

from __future__ import annotations

import asyncio
import io
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
import pytest_asyncio

from simulator.headless.run import run_scenarios
from simulator.headless.run_options import RunOptions
from simulator.scenarios.model import Context
from simulator.server.appkeys import SESSIONS
from simulator.testing import AsyncCallsim

# One event loop for the module, so the AsyncCallsim below (a server and a browser) serves every test that opens
# sessions, instead of one start each.
pytestmark = [pytest.mark.browser, pytest.mark.asyncio(loop_scope="module")]
SERVER_PORTAL = 123_456  # the server's default portal: a page opened without a claim gets it


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def callsim() -> AsyncIterator[AsyncCallsim]:
    async with AsyncCallsim(portal_id=SERVER_PORTAL) as running:
        yield running


SCENARIO = """\
name: {name}
context: {{portalId: {portal}, userId: {user}, ownerId: {owner}, usesCallingWindow: false}}
steps:
  - expect: SYNC
    from: host
    match:
      portalId: {portal}
      userId: {user}
      ownerId: {owner}
      usesCallingWindow: false
      iframeLocation: {{$absent: true}}
  - expect: SYNC_ACK
  - expect: INITIALIZED
"""


def write_scenarios(folder: Path, count: int) -> list[tuple[str, int]]:
    """`count` scenarios, each for its own portal, user and owner; their (name, portal) in order."""
    made = []
    for index in range(count):
        name, portal = f"Portal {index}", 700_000 + index
        text = SCENARIO.format(name=name, portal=portal, user=8_100 + index, owner=9_100 + index)
        (folder / f"portal-{index:02d}.yaml").write_text(text)
        made.append((name, portal))
    return made


def synced_portals(log: list[dict[str, Any]]) -> set[int]:
    """The portalIds of every SYNC the page posted to the widget."""
    return {e["message"]["portalId"] for e in log if e["direction"] == "out" and e["type"] == "SYNC"}


async def test_a_scenarios_context_reaches_the_sync_the_widget_receives(tmp_path: Path) -> None:
    [(name, portal)] = write_scenarios(tmp_path, 1)
    [run] = await run_scenarios(RunOptions([str(tmp_path)], workers=1, screenshots=False), io.StringIO())
    assert run.passed, run.result
    assert synced_portals(run.log) == {portal}
    assert any(e["type"] == "PROVIDER" and "claimed with context" in e["text"] for e in run.log)


async def test_two_workers_give_every_page_its_own_context_every_time(tmp_path: Path) -> None:
    made = write_scenarios(tmp_path, 6)
    runs = await run_scenarios(RunOptions([str(tmp_path)], workers=2, screenshots=False), io.StringIO())
    assert [run.name for run in runs] == [name for name, _ in made]
    for run, (_, portal) in zip(runs, made, strict=True):
        assert run.passed, run.result
        assert synced_portals(run.log) == {portal}


async def test_open_session_with_a_context_gets_exactly_that_sync(callsim: AsyncCallsim) -> None:
    context = Context(portal_id=515151, user_id=4242, owner_id="owner-7", uses_calling_window=False)
    session = await callsim.open_session(context=context)
    try:
        sync = await session.expect("SYNC", source="host")
        assert {k: sync.data.get(k) for k in ("portalId", "userId", "ownerId", "usesCallingWindow")} == {
            "portalId": 515151,
            "userId": 4242,
            "ownerId": "owner-7",
            "usesCallingWindow": False,
        }
        assert "iframeLocation" not in sync.data
        await session.expect("SYNC_ACK")
    finally:
        await session.close()


async def test_sessions_opened_at_the_same_moment_are_not_swapped(callsim: AsyncCallsim) -> None:
    for round_ in range(3):
        portals = (610_000 + 2 * round_, 610_001 + 2 * round_)
        sessions = await asyncio.gather(*(callsim.open_session(context=Context(portal_id=p)) for p in portals))
        try:
            for session, portal in zip(sessions, portals, strict=True):
                await session.expect("SYNC", {"portalId": portal}, source="host")
                assert session.session.host.context.portal_id == portal
        finally:
            for session in sessions:
                await session.close()


async def test_a_page_opened_by_hand_keeps_the_servers_defaults(callsim: AsyncCallsim) -> None:
    claimed = await callsim.open_session(context=Context(portal_id=999))
    page = await claimed.page.context.new_page()  # the same record page, without a claim token
    try:
        await page.goto(f"{callsim.host_url}/?widget={callsim.sample_widget_url}")
        await page.wait_for_function("document.body.dataset.session")
        by_hand = callsim.server.app[SESSIONS].get(await page.evaluate("document.body.dataset.session"))
        assert by_hand is not None and by_hand.host.context.portal_id == SERVER_PORTAL
        assert claimed.session.host.context.portal_id == 999
    finally:
        await page.close()
        await claimed.close()
