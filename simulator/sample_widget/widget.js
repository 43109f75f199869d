// callsim's sample softphone: a small but real Calling Extensions SDK widget.
// It behaves like a production softphone (sign-in, availability, dial, answer, hang up, wrap-up),
// so scenarios exercise user actions inside the widget, not only host events.
"use strict";

const FROM_NUMBER = "+16175550199";
const ANSWER_AFTER_MS = 800;
const HANG_UP_AFTER_END_CALL_MS = 200;

const $ = (selector) => document.querySelector(selector);
const state = { loggedIn: false, available: false, call: null, size: { width: 400, height: 600 } };
// With usesCallingWindow false each of the user's record tabs holds an instance of this widget; like HubSpot's
// demo (SDK PRs #256, #263) they share a call over a BroadcastChannel: an incoming call rings in every tab, and
// answering (or rejecting) it in one stops the ringing in the others.
let tabs = null;

if (typeof window.default !== "function") {
  document.body.textContent = "The Calling Extensions SDK did not load (/sdk/main.js). Run `npm ci` in the callsim checkout.";
  throw new Error("SDK missing");
}
const CallingExtensions = window.default; // the UMD bundle has no library name (docs/protocol.md §10)

const cti = new CallingExtensions({
  debugMode: false,
  eventHandlers: {
    onReady: (data) => {
      if (data && data.usesCallingWindow === false && !tabs) joinTabs(data);
      cti.initialized({ isLoggedIn: state.loggedIn, isAvailable: state.available, sizeInfo: state.size });
    },
    onDialNumber: (data) => {
      $("#number").value = (data && data.phoneNumber) || "";
      if (state.loggedIn && !state.call && $("#auto-dial").checked) startOutgoingCall();
    },
    onEngagementCreated: (data) => rememberEngagement(data),
    onCreateEngagementSucceeded: (data) => rememberEngagement(data),
    onCreateEngagementFailed: (data) => showAlert(errorText(data, "HubSpot could not create the call engagement")),
    onUpdateEngagementSucceeded: () => setStatus("Saved"),
    onUpdateEngagementFailed: (data) => showAlert(errorText(data, "HubSpot could not save the call")),
    onCallerIdMatchSucceeded: (data) => showCaller((data && data.callerIdMatches) || []),
    onCallerIdMatchFailed: () => showCaller([]),
    onEndCall: () => setTimeout(() => { if (state.call && state.call.phase !== "ended") endCall("COMPLETED"); }, HANG_UP_AFTER_END_CALL_MS),
    onVisibilityChanged: (data) => {
      $("#visibility").textContent = data && data.isHidden ? "hidden" : data && data.isMinimized ? "minimized" : "visible";
    },
    onSetCallState: (data) => { $("#call-state").textContent = JSON.stringify(data === undefined ? null : data); },
    onNavigateToRecordFailed: (data) => showAlert("HubSpot could not open that record"),
    onFinalizeEngagementSucceeded: () => setStatus("Saved"),
    onFinalizeEngagementFailed: (data) => showAlert(errorText(data, "HubSpot could not finalize the call")),
    defaultEventHandler: (event) => console.info("[sample softphone] unhandled host event", event),
  },
});

function errorText(data, fallback) {
  return (data && data.error && data.error.message) || fallback;
}

function rememberEngagement(data) {
  if (state.call && data && data.engagementId) state.call.engagementId = data.engagementId;
}

function setStatus(text) { $("#status").textContent = text; }

function showAlert(text) {
  const alert = $("#alert");
  alert.textContent = text;
  alert.hidden = false;
}

function showCaller(matches) {
  const first = matches[0];
  let name = "Unknown caller";
  if (first) name = first.name || [first.firstName, first.lastName].filter(Boolean).join(" ") || name;
  $("#caller").textContent = name;
}

function show(panel) {
  for (const id of ["dialer", "ringing", "in-call", "wrap-up"]) $("#" + id).hidden = id !== panel;
}

function newCall(direction, number) {
  state.call = { id: crypto.randomUUID(), direction, number, engagementId: null, startedAt: Date.now(), answeredAt: null, phase: "started" };
  $("#alert").hidden = true;
  $("#caller").textContent = "";
  return state.call;
}

function startOutgoingCall() {
  const number = $("#number").value.trim();
  if (!number) return showAlert("Enter a number to call");
  const call = newCall("OUTBOUND", number);
  cti.outgoingCall({ externalCallId: call.id, toNumber: number, fromNumber: FROM_NUMBER, callStartTime: call.startedAt, createEngagement: true });
  setStatus("Dialing");
  show("in-call");
  setTimeout(() => { if (state.call === call && call.phase === "started") answerCall(); }, ANSWER_AFTER_MS);
}

function simulateIncomingCall() {
  if (state.call) return showAlert("Finish the current call first");
  const call = newCall("INBOUND", $("#incoming-number").value.trim());
  ring(call);
  tell({ kind: "incoming", id: call.id, number: call.number, startedAt: call.startedAt });
}

function ring(call) {
  cti.incomingCall({ externalCallId: call.id, fromNumber: call.number, toNumber: FROM_NUMBER, callStartTime: call.startedAt, createEngagement: true });
  setStatus("Ringing");
  show("ringing");
}

/** The user's other tabs, when HubSpot hosts one instance per record tab (onReady: usesCallingWindow false). */
function joinTabs(data) {
  if (typeof BroadcastChannel !== "function") return;
  tabs = new BroadcastChannel(`callsim-sample-softphone:${data.portalId}:${data.userId}`);
  tabs.addEventListener("message", ({ data: news }) => {
    if (!news || typeof news.id !== "string") return;
    if (news.kind === "incoming" && state.loggedIn && !state.call) {
      // The same call (same externalCallId) rings here too.
      const call = newCall("INBOUND", String(news.number || ""));
      Object.assign(call, { id: news.id, startedAt: news.startedAt });
      ring(call);
    } else if (news.kind === "taken" && state.call && state.call.id === news.id && state.call.phase === "started") {
      state.call = null; // the tab that took it reports the call; this one says nothing more about it
      setStatus(news.answered ? "Answered in another tab" : "Rejected in another tab");
      show("dialer");
    }
  });
}

function tell(news) {
  if (tabs) tabs.postMessage(news);
}

function answerCall() {
  const call = state.call;
  call.phase = "answered";
  call.answeredAt = Date.now();
  cti.callAnswered({ externalCallId: call.id });
  if (call.direction === "INBOUND") tell({ kind: "taken", id: call.id, answered: true });
  setStatus("Connected");
  show("in-call");
}

function endCall(status) {
  const call = state.call;
  call.phase = "ended";
  call.endedAt = Date.now();
  call.endStatus = status;
  cti.callEnded({ externalCallId: call.id, engagementId: call.engagementId, callEndStatus: status });
  setStatus("Call ended");
  show("wrap-up");
  $("#notes").focus();
}

function saveCall() {
  const call = state.call;
  const duration = call.answeredAt ? call.endedAt - call.answeredAt : 0;
  cti.callCompleted({
    externalCallId: call.id,
    engagementId: call.engagementId,
    hideWidget: $("#hide-after-save").checked, // HubSpot closes the widget on true (not in a task queue)
    engagementProperties: {
      hs_call_title: (call.direction === "OUTBOUND" ? "Call to " : "Call from ") + call.number,
      hs_call_body: $("#notes").value,
      hs_call_duration: String(duration),
      hs_call_status: call.endStatus === "COMPLETED" ? "COMPLETED" : "CANCELED",
      hs_call_direction: call.direction,
    },
  });
  state.call = null;
  $("#notes").value = "";
  setStatus("Saved");
  show("dialer");
}

function tickTimer() {
  const call = state.call;
  const timer = $("#timer");
  if (!call || !call.answeredAt || call.phase === "ended") { timer.textContent = ""; return; }
  const seconds = Math.floor((Date.now() - call.answeredAt) / 1000);
  timer.textContent = `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, "0")}`;
}

const actions = {
  "sign-in": () => {
    state.loggedIn = true;
    $("#agent-name").textContent = $("#agent").value || "Agent";
    $("#signed-out").hidden = true;
    $("#signed-in").hidden = false;
    cti.userLoggedIn();
    setStatus("Ready");
  },
  "sign-out": () => {
    state.loggedIn = false;
    cti.userLoggedOut();
    $("#signed-in").hidden = true;
    $("#signed-out").hidden = false;
    setStatus("Signed out");
  },
  "toggle-availability": (button) => {
    state.available = !state.available;
    button.setAttribute("aria-pressed", String(state.available));
    button.textContent = state.available ? "Available" : "Unavailable";
    if (state.available) cti.userAvailable(); else cti.userUnavailable();
  },
  call: () => { if (!state.call) startOutgoingCall(); },
  answer: () => { if (state.call && state.call.phase === "started") answerCall(); },
  reject: () => {
    if (!state.call || state.call.phase !== "started") return;
    const id = state.call.id;
    endCall("CANCELED");
    tell({ kind: "taken", id, answered: false });
  },
  "hang-up": () => { if (state.call && state.call.phase !== "ended") endCall("COMPLETED"); },
  "save-call": () => { if (state.call && state.call.phase === "ended") saveCall(); },
  "simulate-incoming": () => { if (state.loggedIn) simulateIncomingCall(); },
  "report-error": () => cti.sendError({ message: "Microphone permission denied" }),
  resize: () => {
    state.size = { width: state.size.width + 20, height: state.size.height + 20 };
    cti.resizeWidget(state.size);
  },
};

document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-action]");
  if (!button || button.closest("form")) return; // the wrap-up form submits on its own
  actions[button.dataset.action](button);
});
$("#wrap-up").addEventListener("submit", (event) => { event.preventDefault(); actions["save-call"](); });
setInterval(tickTimer, 500);
