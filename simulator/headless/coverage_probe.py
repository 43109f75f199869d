"""The event-coverage probe of `callsim audit`: every host -> widget type sent to a signed-in widget, observed.

Inside the widget frame an init script watches the SDK's handler lookups: the SDK dispatches a host message
with `handlerName in eventHandlers && eventHandlers[handlerName]`, then falls back to
`eventHandlers.defaultEventHandler`. Non-enumerable accessors on Object.prototype for those names are reached only
when the widget's handlers object lacks them, so they record "no own handler" for the message being dispatched
(and assign through to an own property, so widgets that build their handlers by assignment are unchanged).
"""

from __future__ import annotations

import asyncio
import json
from dataclasses import dataclass, replace
from typing import Any

from playwright.async_api import Error as PlaywrightError

from simulator.errors import CallsimError
from simulator.eventlog import LogEntry
from simulator.headless.driver import WIDGET_IFRAME
from simulator.headless.harness import open_page
from simulator.hubspot.sdk import samples
from simulator.hubspot.sdk.protocol import nacked_message_id, now_ms
from simulator.hubspot.sdk.versions import Profile
from simulator.hubspot.validator.coverage import HANDLER_NAMES, PROBED_TYPES, CoverageRow, Observation, classify_all
from simulator.server.page.session import Session
from simulator.server.serve import RunningServer
from simulator.settings import SIGN_IN_SELECTOR

HANDSHAKE_TIMEOUT = 15.0
DISPATCH_TIMEOUT = 2.0

_WATCH = """
(names) => {
  if (window.top === window || window.__callsimCoverage) return;
  const state = { current: null, seen: {}, missing: {} };
  window.__callsimCoverage = state;
  // Registered before the SDK's listener, so it marks the message the SDK is about to dispatch.
  window.addEventListener("message", (event) => {
    const id = event.data && typeof event.data === "object" ? event.data.messageId : undefined;
    if (typeof id !== "string") return;
    state.current = id;
    state.seen[id] = true;
    setTimeout(() => { if (state.current === id) state.current = null; }, 0);
  });
  for (const name of [...names, "defaultEventHandler"]) {
    Object.defineProperty(Object.prototype, name, {
      configurable: true,
      enumerable: false,
      get() {
        if (state.current && this !== Object.prototype) (state.missing[state.current] ||= []).push(name);
        return undefined;
      },
      set(value) {
        Object.defineProperty(this, name, { value, writable: true, enumerable: true, configurable: true });
      },
    });
  }
}
"""


@dataclass(frozen=True)
class ProbeResult:
    rows: list[CoverageRow]
    version: str | None  # the SDK version the widget's SYNC_ACK reported
    signed_in: bool
    notes: tuple[str, ...] = ()


async def install_watch(context: Any) -> None:
    """Add the handler-lookup watch to every frame of a browser context (it acts only inside iframes)."""
    await context.add_init_script(script=f"({_WATCH})({json.dumps(list(HANDLER_NAMES))})")


async def _wait_in(session: Session, kind: str, timeout: float, after: int = 0) -> LogEntry | None:
    return await session.log.wait_for(lambda e: e.direction == "in" and e.type == kind, after, timeout)


async def _widget_frame(page: Any) -> Any | None:
    handle = await page.query_selector(WIDGET_IFRAME)
    return await handle.content_frame() if handle is not None else None


async def _frame_state(page: Any) -> dict[str, Any] | None:
    frame = await _widget_frame(page)
    if frame is None:
        return None
    try:
        found = await frame.evaluate(
            "() => window.__callsimCoverage ? {seen: window.__callsimCoverage.seen, "
            "missing: window.__callsimCoverage.missing} : null"
        )
    except PlaywrightError:
        return None
    return found if isinstance(found, dict) else None


async def _sign_in(page: Any, session: Session, selector: str | None, after: int) -> bool:
    """Sign the widget in through its own button, as a user would (the sample widget's by default)."""
    if selector is None:
        return False
    frame = page.frame_locator(WIDGET_IFRAME)
    try:
        await frame.locator(selector).first.click(timeout=2000)
    except PlaywrightError:
        return False
    return await _wait_in(session, "LOGGED_IN", 3.0, after) is not None


async def _observe(
    page: Any, session: Session, host_type: str, data: Any, reaction_s: float
) -> tuple[Observation, Any]:
    """Send one type; wait until the frame saw it, then `reaction_s` for what the widget sends back. The message id
    comes back with the observation: a NACK that arrives after the window is still this message's (probe_coverage)."""
    entry = await session.send(host_type, data)
    message_id = entry.message.get("messageId") if isinstance(entry.message, dict) else None
    state: dict[str, Any] | None = None
    deadline = asyncio.get_running_loop().time() + DISPATCH_TIMEOUT
    while asyncio.get_running_loop().time() < deadline:
        state = await _frame_state(page)
        if state is None or message_id in state.get("seen", {}):
            break
        await asyncio.sleep(0.02)
    await asyncio.sleep(reaction_s)
    state = await _frame_state(page) or state
    later = [e for e in session.log.since(entry.seq) if e.direction == "in"]
    nacked = any(nacked_message_id(e.message) == message_id for e in later if isinstance(e.message, dict))
    replies = tuple(e.type for e in later if not (isinstance(e.message, dict) and nacked_message_id(e.message)))
    seen = state is not None and message_id in state.get("seen", {})
    missing = frozenset(state.get("missing", {}).get(message_id, ())) if state is not None and seen else frozenset()
    return Observation(host_type, True, nacked, seen, missing, replies), message_id


def _nacked_since(session: Session, seq: int) -> set[Any]:
    """The ids of the host messages the SDK answered with ERROR UNKNOWN_MESSAGE_TYPE after `seq`."""
    return {
        nacked_message_id(e.message)
        for e in session.log.since(seq)
        if e.direction == "in" and isinstance(e.message, dict) and nacked_message_id(e.message)
    }


async def probe_coverage(
    server: RunningServer, context: Any, widget: str, sign_in: str | None = SIGN_IN_SELECTOR, reaction_s: float = 1.0
) -> ProbeResult:
    """Open a record page in `context` (already networked and watched), handshake, sign in, send every type."""
    try:
        page, session = await open_page(server, context, widget, timeout=HANDSHAKE_TIMEOUT)
    except (CallsimError, PlaywrightError) as error:
        raise CallsimError(f"the coverage probe could not open a record page for {widget}: {error}") from None
    ack = await _wait_in(session, "SYNC_ACK", HANDSHAKE_TIMEOUT)
    if ack is None:
        rows = classify_all([Observation(t, sent=False) for t in PROBED_TYPES], Profile(None))
        return ProbeResult(rows, None, False, ("the widget never answered the handshake: nothing was probed",))
    version, profile = session.host.session.sdk_version, session.host.session.profile()
    initialized = await _wait_in(session, "INITIALIZED", 5.0)
    init_data = initialized.message.get("data") if initialized and isinstance(initialized.message, dict) else None
    signed_in = isinstance(init_data, dict) and init_data.get("isLoggedIn") is True
    notes: list[str] = []
    if not signed_in:
        signed_in = await _sign_in(page, session, sign_in, session.log.last_seq)
        if not signed_in:
            notes.append("could not sign the widget in (see --sign-in): events were sent to a signed-out widget")
    inputs = samples.inputs_for(session.host, None, now_ms(), session.host.session, widget)
    templates = samples.build(inputs)
    first = session.log.last_seq
    observed = [await _observe(page, session, t, templates.get(t), reaction_s) for t in PROBED_TYPES]
    # A NACK names the message it answers: one that came after its own window (a busy machine) still counts.
    nacked = _nacked_since(session, first)
    observations = [replace(o, nacked=o.nacked or message_id in nacked) for o, message_id in observed]
    if not any(o.dispatched for o in observations):
        notes.append("the widget frame could not be watched: verdicts come from the widget's reactions only")
    await page.close()
    return ProbeResult(classify_all(observations, profile), version, signed_in, tuple(notes))
