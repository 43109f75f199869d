"""One host page with its widget: the page's adapter of a conversation (hubspot/conversation.py).

The conversation keeps the log and HubSpot's answers; this module links it to a record page's socket:
the page's message kinds, its SYNC loop, the doctor, reloads.
"""

from __future__ import annotations

import asyncio
import secrets
from collections.abc import Awaitable, Callable, Coroutine, Mapping
from typing import Any

from simulator.eventlog import EventLog, LogEntry
from simulator.hubspot.context import Surface
from simulator.hubspot.conversation import Conversation
from simulator.hubspot.host import Effect, Host, HostContext
from simulator.hubspot.rest.calling_settings import custom_object_refusal
from simulator.hubspot.sdk.protocol import MessageIds, now_ms
from simulator.hubspot.task_queue import TaskQueue
from simulator.log_vocabulary import EffectName, NoteType
from simulator.server.page import page_protocol, task_queues
from simulator.server.page.doctor import navigated_away
from simulator.server.page.engagement_view import UnattachedCalls
from simulator.server.page.page_protocol import ToPage, ToServer

PageSender = Callable[[page_protocol.ToPageMessage], None]  # queues a JSON message for the page
PageHandler = Callable[[Mapping[str, Any]], Awaitable[None]]  # one page message kind, already parsed JSON
Heard = Callable[["Session", LogEntry], None]  # told of each widget message after the host answered it
Diagnoser = Callable[[str, bool], Awaitable[list[Any]]]  # (widget url, handshake seen) -> doctor findings


class Session:
    """The server's record of one record page: the source of truth for what crossed the wire."""

    def __init__(
        self,
        widget_url: str,
        context: HostContext,
        crm: Any = None,
        page_kind: str = "record",
        diagnoser: Diagnoser | None = None,
        instance_id: Any = None,
    ) -> None:
        self.id = secrets.token_hex(4)
        self.widget_url = widget_url
        self.page_kind = page_kind
        # One surface of its user (hubspot/context.py): the calling window and the remote pages are theirs, any other
        # page a record tab.
        self.surface = {"window": Surface.CALLING_WINDOW, "remote": Surface.REMOTE}.get(page_kind)
        self.created_ms = now_ms()
        host = Host(context=context, crm=crm)
        ids = MessageIds(page_instance_id(instance_id))
        self.conversation = Conversation(EventLog(self.id), host, ids, wire=self, later=_call_later)
        self.live = True
        self._page: PageSender | None = None
        self._tasks: set[asyncio.Task[None]] = set()
        self._diagnoser = diagnoser
        self._unattached = UnattachedCalls()  # says once where a call that matched no record went
        # Page message kind -> handler; features outside the session (the scenario player) add theirs by on_page.
        self._handlers: dict[str, PageHandler] = {
            ToServer.RECEIVED: self._on_received,
            ToServer.SYNC_SENT: self._on_sync_sent,
            ToServer.IFRAME_LOAD: self._on_iframe_load,
            ToServer.HANDSHAKE_FAILED: self._on_handshake_failed,
            ToServer.IGNORED: self._on_ignored,
            ToServer.DIAGNOSE: self._on_diagnose,
            ToServer.DIAL: self._on_dial,
            ToServer.INJECT: self._on_inject,
            ToServer.CONFIGURE_HOST: self._on_configure_host,
            ToServer.VISIBILITY: self._on_visibility,
        }
        self._synced: dict[str, Any] | None = None  # the SYNC fields the page has
        self.tab: int | None = None  # its number among its user's record tabs (server/page/tabs.py)
        self.provider_key: str | None = None  # the call switcher's provider this page loaded (its key)
        self.provider_name: str | None = None
        self.inbound: str | None = None  # the provider key its user receives calls through (None: any)
        self.claimed: dict[str, Any] = {}  # the claim's context overrides: another tab of this user gets them too
        self.group: str | None = None  # its claim's group: the surfaces it is linked to (sessions.py); None by hand
        self._heard: list[Heard] = []
        self.task_queue: TaskQueue | None = None  # the tab's task queue, run by server/page/task_queues.py
        self._reloaded_calls: set[str] = set()  # calls reload_widget_mid_call already reloaded the widget for

    @property
    def log(self) -> EventLog:
        return self.conversation.log

    @property
    def host(self) -> Host:
        return self.conversation.host

    @property
    def ids(self) -> MessageIds:
        return self.conversation.ids

    def use_context(self, context: HostContext) -> None:
        """Start over as another host (portal, user, record, settings): only before the page says hello."""
        self.conversation.use_context(context)

    # -- the page ------------------------------------------------------------------------------
    def attach(self, page: PageSender) -> None:
        self._page = page

    async def end(self) -> None:
        """The page went away: HubSpot's last word on the session (calls never completed become ghosts)."""
        self._page = None
        self.conversation.closed()

    def detach(self) -> None:
        self._page = None
        self.live = False
        self.conversation.cancel_pending()
        for task in self._tasks:
            task.cancel()

    def _to_page(self, payload: page_protocol.ToPageMessage) -> None:
        if self._page is not None:
            self._page(payload)

    def notify_page(self, payload: page_protocol.ToPageMessage) -> None:
        """Tell the record page something (scenario status, prompts); nothing happens if it is gone."""
        self._to_page(payload)

    def hello(self) -> page_protocol.Hello:
        """What the page needs to speak for this session: its id, host message ids, SYNC fields."""
        self._synced = self.sync_fields()
        return {
            "kind": ToPage.HELLO,
            "session": self.id,
            "instanceId": str(self.ids.instance_id),
            "sync": self._synced,
            "dropFirstSyncs": self.host.faults.drop_first_syncs,
            "state": self.host.state(),
            "tab": self.tab,
            "inbound": self.inbound,
        }

    def sync_fields(self) -> dict[str, Any]:
        """The SYNC fields (§2.2) as of now: `engagementId` while a call is active, so a reloaded widget re-attaches."""
        fields = self.host.sync_fields(self.surface)
        fields.pop("hostUrl", None)  # the page sends its own true origin (§1.3)
        return fields

    def _push_sync_fields(self, always: bool = False) -> None:
        """Keep the page's SYNC loop current: the SYNC right after a reload must already carry the new fields."""
        fields = self.sync_fields()
        if always or fields != self._synced:
            self._synced = fields
            self._to_page(page_protocol.effect(EffectName.SYNC_FIELDS, fields))

    def reload_widget(self, reason: str) -> None:
        """Reload the widget's iframe in the page (a scenario `reload: widget` step, a fault, live reload)."""
        self.log.append("note", NoteType.RELOAD, text=f"{reason}; reloading the widget")
        self._to_page(page_protocol.reload_widget())

    # -- host -> widget --------------------------------------------------------------------------
    async def send(self, message_type: str, data: Any = None) -> LogEntry:
        """Post a host event to the widget (quirks may turn it into several); returns the first entry."""
        return self.conversation.send(message_type, data)[0].entry

    def configure_host(self, settings: Mapping[str, Any]) -> None:
        """Change how the mock host answers from now on (Faults names; ValueError on a bad one)."""
        faults = self.conversation.configure_faults(settings)
        # The page's SYNC loop applies drop_first_syncs: it must hear of a change made after hello.
        self._to_page(page_protocol.effect(EffectName.HOST_FAULTS, {"dropFirstSyncs": faults.drop_first_syncs}))

    # -- the conversation's wire: what it posts and shows goes to the page ----------------------
    def post(self, message: dict[str, Any]) -> None:
        self._to_page(page_protocol.post(message))

    def effect(self, effect: Effect) -> None:
        if text := self._unattached.note(effect.name, effect.params):
            self.log.append("note", NoteType.CALL_UNATTACHED, text=text)
        self._to_page(page_protocol.effect(effect.name, effect.params))

    def outcome_applied(self) -> None:
        if self._synced is not None:  # after hello: the page's SYNC loop follows the host
            self._push_sync_fields()

    # -- widget -> host --------------------------------------------------------------------------
    def on_page(self, kind: str, handler: PageHandler) -> None:
        """Handle one more page message kind (the scenario player's); a kind has one handler."""
        if kind in self._handlers:
            raise ValueError(f"page message {kind!r} already has a handler")
        self._handlers[kind] = handler

    async def from_page(self, payload: Mapping[str, Any]) -> None:
        """Handle one message from the record page's WebSocket (already parsed JSON)."""
        kind = payload.get("kind")
        handler = self._handlers.get(kind) if isinstance(kind, str) else None
        if handler is None:
            self.log.append("note", NoteType.PAGE_PROTOCOL, severity="warning", text=f"unknown page message {kind!r}")
            return
        await handler(payload)

    async def _on_received(self, payload: Mapping[str, Any]) -> None:
        await self.received(payload.get("message"), _text(payload.get("origin")))

    async def _on_sync_sent(self, payload: Mapping[str, Any]) -> None:
        message = payload.get("message")
        if isinstance(message, dict):
            self.conversation.sync_sent(message, dropped=bool(payload.get("dropped")))  # dropped: never posted

    async def _on_iframe_load(self, payload: Mapping[str, Any]) -> None:
        self.widget_url = _text(payload.get("url")) or self.widget_url
        self.log.append("note", NoteType.IFRAME_LOAD, text=f"widget page loaded: {self.widget_url}; handshake starts")
        self.conversation.page_loaded(self.widget_url)
        self._push_sync_fields(always=True)  # the loop's later SYNCs carry them even if a change raced the load

    async def _on_handshake_failed(self, payload: Mapping[str, Any]) -> None:
        self.log.append("note", NoteType.SYNC_ACK_FAILED, severity="error", text=_text(payload.get("reason")))

    async def _on_ignored(self, payload: Mapping[str, Any]) -> None:
        origin, type_ = _text(payload.get("origin")), _text(payload.get("type"))
        text = f"ignored {type_ or 'a message'} from {origin}: not the widget's origin"
        self.log.append("note", NoteType.IGNORED_ORIGIN, origin=origin, text=text)

    async def _on_diagnose(self, payload: Mapping[str, Any]) -> None:
        self._spawn(self._diagnose(_text(payload.get("url")) or self.widget_url, bool(payload.get("final"))))

    async def _on_dial(self, payload: Mapping[str, Any]) -> None:
        if refusal := custom_object_refusal(payload.get("record"), self.host.context):  # supportsCustomObjects
            self.log.append("note", NoteType.DIAL_REFUSED, severity="warning", text=refusal)
            return
        try:
            await self.dial(payload.get("record"), _text(payload.get("phoneProperty")), _text(payload.get("number")))
        except ValueError as error:  # nothing to dial on this record
            self.log.append("note", NoteType.DIAL_REFUSED, severity="warning", text=str(error))

    async def _on_inject(self, payload: Mapping[str, Any]) -> None:
        await self.send(str(payload.get("type")), payload.get("data"))

    async def _on_configure_host(self, payload: Mapping[str, Any]) -> None:
        settings = payload.get("settings")
        try:
            self.configure_host(settings if isinstance(settings, dict) else {})
        except ValueError as error:
            self.log.append("note", NoteType.HOST_CONFIGURED, severity="error", text=f"faults refused: {error}")

    async def _on_visibility(self, payload: Mapping[str, Any]) -> None:
        data = {"isMinimized": payload.get("isMinimized") is True, "isHidden": payload.get("isHidden") is True}
        if self.host.state().get("handshake") != "READY":
            # HubSpot posts nothing but SYNC before SYNC_ACK (§2.4): the widget learns nothing.
            self.log.append("note", NoteType.VISIBILITY, text=f"widget visibility {data} not sent: no handshake yet")
            return
        await self.send("VISIBILITY_CHANGED", data)

    async def received(self, message: Any, origin: str | None) -> LogEntry:
        entry = self.conversation.received(message, origin)
        if entry.type == "CALL_ANSWERED" and self.host.faults.reload_widget_mid_call:
            self._reload_mid_call()
        for heard in list(self._heard):
            heard(self, entry)
        return entry

    def on_heard(self, listener: Heard) -> None:
        """Tell `listener` of every widget message once the host answered it (the user's other tabs listen)."""
        self._heard.append(listener)

    def task_queue_action(self, action: str, tasks: Any = None) -> str:
        """Start (with `tasks`, records like {"type": "contact", "id": 51}), skip or stop this tab's task queue
        (a scenario's `task_queue:` step); a ValueError says what is wrong. Returns where the queue is now."""
        queue = task_queues.act(self, self.host.crm, action, tasks)
        return f"task queue {queue.status.lower()}" + (f", task {queue.index + 1}" if queue.current else "")

    def taken_elsewhere(self, external_call_id: str, what: str) -> None:
        """Another tab of this user `what` ("answered in tab 2") a call ringing here too: it stops ringing here."""
        self.conversation.apply(self.host.taken_elsewhere(external_call_id, what), None)

    def receive_calls_through(self, provider: str | None, elsewhere: str | None) -> None:
        """The user's inbound provider is `provider` (None: any); `elsewhere` says why this one does not ring."""
        self.inbound = provider
        self.conversation.apply(self.host.receive_calls_through(elsewhere), None)

    def _reload_mid_call(self) -> None:
        """The fault: reload the widget once per call, right after it is answered."""
        call = self.host.state().get("activeCall")
        key = call.get("externalCallId") if isinstance(call, dict) else None
        if not isinstance(key, str) or key in self._reloaded_calls:
            return
        self._reloaded_calls.add(key)
        self.reload_widget("reload_widget_mid_call: the call is in progress")

    async def tick(self) -> None:
        self.conversation.tick()

    def _spawn(self, work: Coroutine[Any, Any, None]) -> None:
        task = asyncio.get_running_loop().create_task(work)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def dial(self, record: Any, phone_property: str | None, number: str | None) -> LogEntry:
        """The user clicked Call (or a number) on the record page: DIAL_NUMBER as HubSpot builds it."""
        data = self.host.dial_payload(record, phone_property, number, now_ms())
        return await self.send("DIAL_NUMBER", data)

    async def _diagnose(self, url: str, final: bool) -> None:
        if self._diagnoser is None:
            return
        seen = any(e.type == "SYNC_ACK" and e.direction == "in" for e in self.log.entries)
        findings = await self._diagnoser(url, seen)
        loads = self._loads_since_handshake()
        already = any(f.code == "script-redirect" for f in findings)
        if loads >= 2 and not already:  # the page moved on by itself: that, not a missing SDK, is the likely story
            findings = [navigated_away(url, loads), *(f for f in findings if f.code != "no-sdk")]
        self._report(findings, final)

    def _loads_since_handshake(self) -> int:
        loads = 0
        for entry in reversed(self.log.entries):
            if entry.direction == "in" and entry.type == "SYNC_ACK":
                break
            loads += entry.type == NoteType.IFRAME_LOAD
        return loads

    def _report(self, findings: list[Any], final: bool) -> None:
        """Doctor findings: notes in the log and the panel in the page."""
        if not findings:
            return
        for finding in findings:
            self.log.append(
                "note", NoteType.DOCTOR, severity=finding.severity, text=f"{finding.title}: {finding.detail}"
            )
        title = "The widget did not answer the handshake" if final else "The widget has not answered the handshake yet"
        self._to_page(page_protocol.doctor(title, [f.to_json() for f in findings]))

    def summary(self) -> dict[str, Any]:
        state = self.host.state()
        return {
            "id": self.id,
            "live": self.live,
            "createdMs": self.created_ms,
            "page": self.page_kind,
            "tab": self.tab,
            "user": {"portalId": self.host.context.portal_id, "userId": self.host.context.user_id},
            "provider": self.provider_key,
            "receiveCallsThrough": self.inbound,
            "taskQueue": self.task_queue.to_json() if self.task_queue is not None else None,
            "widgetUrl": self.widget_url,
            "sdkVersion": state.get("sdkVersion"),
            "handshake": state.get("handshake"),
            "messages": self.log.last_seq,
            "violations": self.log.violations,
            "state": state,
        }


def _call_later(seconds: float, callback: Callable[[], None]) -> asyncio.TimerHandle:
    return asyncio.get_running_loop().call_later(seconds, callback)


def page_instance_id(value: Any) -> int | None:
    """The host instance id a page rendered and sent back in its hello (ASCII digits), else None for a fresh one."""
    if isinstance(value, str) and value.isascii() and value.isdigit() and len(value) <= 16:
        return int(value)
    return None


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) else None
