"""HubSpot's side of a session: the facade the session calls (state, answers, protocol checks, quirks).

The work lives in `state` (what HubSpot keeps), `answers`/`calls` (its replies), `rules` with
`incoming`/`outgoing`/`timers` (the protocol checks), `versions` (what each SDK understands),
`crm` (the records and engagements) and `context` (who the host is, which faults it injects).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from simulator.hubspot import answers
from simulator.hubspot.context import Faults, HostContext, Surface
from simulator.hubspot.crm.phones import country_of, normalize_e164
from simulator.hubspot.crm.portal import Crm
from simulator.hubspot.crm.records import CONTACT, OBJECT_TYPE_NAMES, Record
from simulator.hubspot.outcome import Effect, Outcome, Reply, Scope
from simulator.hubspot.sdk import protocol
from simulator.hubspot.sdk.protocol import SDK_MESSAGE_ID
from simulator.hubspot.state import PendingDial, SessionState
from simulator.hubspot.validator import ghosts
from simulator.hubspot.validator.incoming import check_incoming
from simulator.hubspot.validator.outgoing import check_outgoing
from simulator.hubspot.validator.rules import RULES, Rule, Violation
from simulator.hubspot.validator.timers import check_timers
from simulator.log_vocabulary import EffectName

MAX_OWN_REPLIES = 100

# Re-exported: the session and the scenario engine import these from here.
__all__ = ["RULES", "Effect", "Faults", "Host", "HostContext", "Outcome", "Reply", "Rule", "Violation"]


class Host:
    """One widget session as HubSpot sees it."""

    def __init__(
        self, context: HostContext | None = None, faults: Faults | None = None, crm: Crm | None = None
    ) -> None:
        self.context = context or HostContext()
        self.faults = faults or Faults()
        self.crm = crm if crm is not None else Crm.load()
        self.session = SessionState(
            supports_inbound_calling=self.context.supports_inbound_calling,
            uses_calling_window=self.context.uses_calling_window,
            iframe_location=self.context.iframe_location,
        )
        # Replies this host made itself and has not seen sent yet: they do not count as scenario mistakes.
        self._own_replies: list[tuple[str, Any]] = []

    def configure(self, faults: Faults) -> None:
        """Replace the faults mid-session (scenario `host:` steps, control API)."""
        self.faults = faults

    def receive(self, message: Any, origin: str | None, now_ms: int) -> Outcome:
        """A widget -> host message arrived (already origin-checked by the page)."""
        outcome = Outcome(violations=check_incoming(message, origin, self.session))
        if isinstance(message, dict) and isinstance(message.get("type"), str):
            self._learn_widget_id(message)
            dropped = message["type"] != "SYNC_ACK" and self.session.is_host_prefixed(message.get("messageId"))
            handler = None if dropped else answers.HANDLERS.get(message["type"])
            if dropped:
                outcome.notes.append(f"HubSpot drops {message['type']}: its id looks like a reply to the host")
            if handler is not None:
                if message["type"] == "SYNC_ACK":
                    data = message
                else:
                    data = message["data"] if isinstance(message.get("data"), dict) else {}
                handler(self._scope(now_ms, outcome), data, message)
        self._own_replies += [(reply.type, reply.data) for reply in outcome.replies]
        del self._own_replies[:-MAX_OWN_REPLIES]
        outcome.effects.append(Effect(EffectName.STATE, self.session.to_json()))
        return outcome

    def prepare(self, message_type: str, data: Any) -> list[Reply]:
        """A host event the page, the control API or a scenario wants sent: what actually goes out.

        Quirks live here (DIAL_NUMBER twice, objectId 0, ...); each such Reply has `injected` set.
        """
        faults = self.faults
        if message_type == "DIAL_NUMBER" and isinstance(data, dict):
            dial = dict(data)
            injected = []
            if faults.dial_object_id_zero:
                dial["objectId"] = 0
                dial["subjectId"] = 0
                injected.append("dial_object_id_zero")
            if faults.dial_omit_object_type and "objectType" in dial:
                del dial["objectType"]
                injected.append("dial_omit_object_type")
            first = Reply("DIAL_NUMBER", dial, injected="+".join(injected) or None)
            return [first, Reply("DIAL_NUMBER", dial, injected="duplicate_dial")] if faults.duplicate_dial else [first]
        if message_type == "VISIBILITY_CHANGED" and isinstance(data, dict) and faults.visibility_flaps > 0:
            flap = {**data, "isMinimized": not data.get("isMinimized", False)}
            flaps = [Reply(message_type, item, injected="visibility_flaps") for item in (flap, data)]
            return [Reply(message_type, data), *flaps * faults.visibility_flaps]
        return [Reply(message_type, data)]

    def sent(self, message: dict[str, Any], now_ms: int) -> Outcome:
        """A host -> widget message is about to be posted (SYNC and this host's own replies included)."""
        before = self.session.to_json()
        outcome = Outcome(violations=check_outgoing(message, self.session))
        if not isinstance(message, dict) or not isinstance(message.get("type"), str):
            return outcome
        message_type, data = message["type"], message.get("data")
        if (message_type, data) in self._own_replies:
            self._own_replies.remove((message_type, data))
            for violation in [v for v in outcome.violations if v.rule == "version.unsupported-type"]:
                # HubSpot answers every widget alike; an old widget refusing the answer is news, not a fault.
                outcome.violations.remove(violation)
                outcome.notes.append(f"{violation.explanation} (HubSpot sends it regardless)")
        self._apply_sent(message_type, data, message.get("messageId"), now_ms)
        if self.session.to_json() != before:
            outcome.effects.append(Effect(EffectName.STATE, self.session.to_json()))
        return outcome

    def tick(self, now_ms: int) -> Outcome:
        """Called about once a second: time-based rules (no SYNC_ACK, no INITIALIZED, END_CALL unanswered)."""
        outcome = Outcome(violations=check_timers(now_ms, self.session, self.context.handshake_timeout_ms))
        if any(v.rule == "handshake.timeout" for v in outcome.violations):
            self.session.handshake = "FAILED"
            outcome.notes.append("SYNC_ACK_FAILED: HubSpot marks the widget initialization as failed")
        if outcome.violations:
            outcome.effects.append(Effect(EffectName.STATE, self.session.to_json()))
        return outcome

    def page_loaded(self, widget_url: str, now_ms: int) -> Outcome:
        """The iframe fired `load`: the handshake starts again (§2.1); unfinished calls wait to be re-attached."""
        ghosts.orphan_unfinished(self.session)
        self.session.page_loaded(widget_url, now_ms)
        return Outcome(effects=[Effect(EffectName.STATE, self.session.to_json())])

    def closed(self, now_ms: int) -> Outcome:
        """The session ended (page gone): calls still unfinished leave ghost engagements (call.ghost)."""
        outcome = Outcome()
        ghosts.ghost_all(self.session, self.crm, now_ms, outcome)
        if outcome.violations:
            outcome.effects.append(Effect(EffectName.STATE, self.session.to_json()))
        return outcome

    def taken_elsewhere(self, external_call_id: str, what: str) -> Outcome:
        """Another record tab of this user `what` ("answered in tab 2") the call ringing here too: it stops ringing.

        With usesCallingWindow false an INCOMING_CALL rings in every open tab (§5.4); one answer ends the others'.
        """
        call = self.session.calls.get(external_call_id)
        if call is None or call.status != "RINGING":
            return Outcome()
        self.session.update_call(call, status="ELSEWHERE", elsewhere=what)
        outcome = Outcome(notes=[f"{call.describe()} was {what}: it stops ringing here"])
        outcome.effects.append(Effect(EffectName.STATE, self.session.to_json()))
        return outcome

    def receive_calls_through(self, elsewhere: str | None) -> Outcome:
        """The user's inbound provider changed: None rings here, a text says which provider receives calls instead."""
        if self.session.inbound_elsewhere == elsewhere:
            return Outcome()
        self.session.inbound_elsewhere = elsewhere
        return Outcome(effects=[Effect(EffectName.STATE, self.session.to_json())])

    def show_record(self, object_type_id: str, object_id: int) -> None:
        """The user is on this record's page now (a task queue moved on): calls placed here are associated with it."""
        self.context = replace(self.context, record_object_type_id=object_type_id, record_object_id=object_id)

    @property
    def host_instance(self) -> str | None:
        """The prefix of this host's message ids (learned from the SYNCs it sends, or set by the session)."""
        return self.session.host_instance

    @host_instance.setter
    def host_instance(self, instance_id: str | None) -> None:
        self.session.host_instance = instance_id

    def sync_fields(self, surface: Surface | str | None = None) -> dict[str, Any]:
        """The SYNC fields for the next load on `surface` (§2.2), with the active call's engagementId for a reload.

        None is the context's own location; the calling window page passes Surface.CALLING_WINDOW.
        """
        sync = self.context.sync_fields(surface)
        active = self.session.active_call()
        if active is not None and active.engagement_id is not None:
            sync["engagementId"] = active.engagement_id
        return sync

    def state(self) -> dict[str, Any]:
        """JSON-able state for the record page and `GET /api/sessions`."""
        return self.session.to_json()

    def dial_payload(
        self,
        record: Record | Mapping[str, Any] | None,
        phone_property: str | None,
        number: str | int | None = None,
        now_ms: int | None = None,
        subject: Record | Mapping[str, Any] | None = None,
    ) -> dict[str, Any]:
        """DIAL_NUMBER `data` as HubSpot builds it (§4) when the user clicks a number of `record`.

        `dial_payload(record, phone_property, number, now_ms)`; `number` None dials the record's
        `phone_property` phone (else its first); `dial_payload(record, phone_property, now_ms)` also works.
        `record` / `subject` are Contact/Company or page JSON `{objectTypeId, objectId}`; `subject` is the page
        the user is on (default: the context's record, else `record`). Raises ValueError when nothing can be dialled.
        """
        if isinstance(number, int) and now_ms is None:
            number, now_ms = None, number  # the three-argument form
        callee = self.crm.resolve(record)
        phones = list(callee.phones) if callee is not None else []
        if isinstance(number, str) and number.strip():
            dialled = normalize_e164(number) or number.strip()
            if callee is None:
                callee = next(iter(self._records_with(dialled)), None)
                phones = list(callee.phones) if callee is not None else []
            owned = [phone for phone in phones if phone.e164 == dialled]
            source = owned[0].property if owned else phone_property or "phone"
        else:
            chosen = [phone for phone in phones if phone.property == phone_property] or phones
            if not chosen:
                raise ValueError(f"nothing to dial: {record!r} has no phone number in the CRM")
            dialled = chosen[0].e164 or chosen[0].number
            source = chosen[0].property
        context = self.context
        on_page = self.crm.resolve(subject)
        if on_page is None and context.record_object_type_id and context.record_object_id:
            on_page = self.crm.record(context.record_object_type_id, context.record_object_id)
        on_page = on_page or callee
        payload: dict[str, Any] = {
            "phoneNumber": dialled,
            "phone_number": dialled,
            "countryCode": country_of(dialled) or "US",
            "calleeInfo": {
                "calleeId": callee.id if callee else 0,
                "calleeObjectTypeId": callee.object_type_id if callee else CONTACT,
            },
            "ownerId": context.owner_id,
            "subjectId": on_page.id if on_page else 0,
            "objectId": on_page.id if on_page else 0,
            "startTimestamp": now_ms if now_ms is not None else protocol.now_ms(),
            "portalId": context.portal_id,
            "toPhoneNumberSrc": source,
            "threadId": 0,
        }
        if on_page is not None:  # HubSpot omits objectType when the subject is 0 (§4)
            # A custom object: its type id (what HubSpot sends there is not documented; docs/protocol.md §4).
            payload["objectType"] = OBJECT_TYPE_NAMES.get(on_page.object_type_id, on_page.object_type_id)
        return payload

    def _records_with(self, e164: str) -> list[Record]:
        matches = self.crm.match_caller(e164, self.context.portal_id)
        found = [
            self.crm.record(m["objectCoordinates"]["objectTypeId"], m["objectCoordinates"]["objectId"]) for m in matches
        ]
        return [record for record in found if record is not None]

    def _scope(self, now_ms: int, outcome: Outcome) -> Scope:
        return Scope(self.session, self.crm, self.context, self.faults, now_ms, outcome)

    def _learn_widget_id(self, message: dict[str, Any]) -> None:
        message_id = message.get("messageId")
        if message["type"] == "SYNC_ACK" or not isinstance(message_id, str):
            return  # SYNC_ACK reuses the host's SYNC id (§2.3)
        self.session.remember_widget_id(message_id)
        if self.session.widget_instance is None and SDK_MESSAGE_ID.match(message_id):
            self.session.widget_instance = message_id.split("_", 1)[0]

    def _apply_sent(self, message_type: str, data: Any, message_id: Any, now_ms: int) -> None:
        session = self.session
        if isinstance(message_id, str):
            session.remember_sent(message_id, message_type)
        if message_type == "SYNC" and isinstance(message_id, str):
            session.pending_syncs.add(message_id)  # only a SYNC_ACK reusing one of these completes the handshake
            if session.host_instance is None and SDK_MESSAGE_ID.match(message_id):
                session.host_instance = message_id.split("_", 1)[0]
        if message_type == "SYNC" and session.handshake == "LOADING":
            session.handshake = "SYNCING"
            session.loaded_at_ms = session.loaded_at_ms or now_ms
        elif message_type == "DIAL_NUMBER" and isinstance(data, dict):
            session.pending_dial = PendingDial(dict(data), now_ms)
        elif message_type == "END_CALL" and session.active_call() is not None:
            session.end_call_sent_at_ms = now_ms  # with no call in progress there is nothing to answer
        elif message_type == "VISIBILITY_CHANGED" and isinstance(data, dict):
            session.minimized = data.get("isMinimized") is True
            session.hidden = data.get("isHidden") is True
        elif message_type == "SET_WIDGET_URL":
            session.initialized_count = 0  # both demos send INITIALIZED again (§11)
