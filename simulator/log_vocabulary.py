"""The event log's vocabulary, registered once: `NoteType` (the `type` of a "note" entry) and `EffectName` (what
the record page does as HubSpot would: static/js/effects.js `handlers`).

A base module (no imports), so that every layer can use it, the asyncio-free hubspot one included. Both are
StrEnums: a member is the string it stands for, so the JSON, the store and readers comparing with strings keep
working. tests/test_log_vocabulary.py checks that effects.js handles every `EffectName`, and that the package
spells no note type or effect name outside these tables.
"""

from __future__ import annotations

from enum import StrEnum


class NoteType(StrEnum):
    """The `type` of a "note" entry: something callsim says, and about what."""

    HOST = "HOST"  # the mock host's remark on a message (a NACK explained, a fallback taken); `ref` is that message
    IFRAME_LOAD = "IFRAME_LOAD"  # the widget's iframe loaded a page: the handshake starts (again)
    SYNC_ACK_FAILED = "SYNC_ACK_FAILED"  # the page gave up waiting for SYNC_ACK (error)
    IGNORED_ORIGIN = "IGNORED_ORIGIN"  # an SDK-shaped message from an origin that is not the widget's was ignored
    DOCTOR = "DOCTOR"  # one handshake doctor finding: why the widget is silent
    PROVIDER = "PROVIDER"  # the calling provider (settings, overrides, claim) the page's session answers as
    HOST_CONFIGURED = "HOST_CONFIGURED"  # the faults changed how the mock host answers (error: settings refused)
    RELOAD = "RELOAD"  # the widget's iframe is reloaded (scenario step, fault, live reload)
    FIXTURES = "FIXTURES"  # the CRM fixtures file was reloaded (error: it is broken, the old records stay)
    DIAL_REFUSED = "DIAL_REFUSED"  # a Call click HubSpot would not turn into DIAL_NUMBER (warning)
    VISIBILITY = "VISIBILITY"  # a visibility change not told to the widget: no handshake yet
    CALL_UNATTACHED = "CALL_UNATTACHED"  # a call matched no record: where its engagement went (said once)
    RECORDING = "RECORDING"  # a call recording check found the recording playable
    PAGE_PROTOCOL = "PAGE_PROTOCOL"  # a page message callsim could not read or has no handler for (warning)
    INTERNAL = "INTERNAL"  # callsim itself failed on a page message (error)
    SCENARIO = "SCENARIO"  # a scenario started, stopped or finished (error: it failed)
    SCENARIO_STEP = "SCENARIO_STEP"  # one scenario step's result
    SCENARIO_PROMPT = "SCENARIO_PROMPT"  # a scenario instruction shown to the person
    TAB = "TAB"  # one user's record tabs: this tab's number, another tab opened, a call another tab answered
    RECEIVE_CALLS = "RECEIVE_CALLS"  # the user's "receive calls through" provider changed (or was refused)
    TASK_QUEUE = "TASK_QUEUE"  # a task queue started, moved to a task (opened, dialled or held back), stopped or ended


class EffectName(StrEnum):
    """What the record page does as HubSpot would: the `name` of a ToPage.EFFECT message, a key of the `handlers`
    object in static/js/effects.js."""

    STATE = "state"  # the mock host's view of the widget (handshake, login, calls): the page's state chips
    ENGAGEMENT = "engagement"  # an engagement was created or changed: its timeline card
    RECORD = "record"  # objectTypeId, objectId: a REST write changed that contact or company; redraw it if shown
    RESIZE = "resize"  # width and/or height: resize the widget's frame (each dimension on its own)
    ALERT = "alert"  # message: show the widget's error alert
    NAVIGATE = "navigate"  # objectTypeId, objectId, openIn: open a record (this tab or a new one)
    SET_WIDGET_URL = "set_widget_url"  # url: move the widget's iframe to another page
    SHOW_WIDGET = "show_widget"  # open the call panel (an outgoing call starts)
    HIDE_WIDGET = "hide_widget"  # close the call panel
    WINDOW_CALL = "window_call"  # externalCallId, status, direction: the call the user's calling window holds
    # Page settings sent as effects, not things HubSpot shows; they would fit better as ToPage kinds.
    HOST_FAULTS = "host_faults"  # dropFirstSyncs: the page's SYNC loop applies the faults changed after hello
    SYNC_FIELDS = "sync_fields"  # the SYNC fields as of now, for the page's SYNC loop
