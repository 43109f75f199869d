// Every effect (server messages of kind "effect"): what the page does when HubSpot would: resize, alert,
// navigate, hide/show, timeline, the widget's state chips, host faults and moving the widget.
import { config, showRecord } from "./config.js";
import { $, el } from "./dom.js";
import { showRemoteAvailability } from "./remote.js";
import { showEngagement } from "./timeline.js";
import { moveWidget, setDropFirstSyncs, setSyncFields } from "./widget.js";

let timerInterval = null;
let widgetState = {}; // the mock host's view of the widget, from the last "state" effect
let windowCall = null; // the call the user's calling window holds (usesCallingWindow), from "window_call"
let visibility = { isMinimized: false, isHidden: false }; // what the user sees of the widget now
let visibilityListener = () => {};

function px(value) {
  return typeof value === "number" ? `${value}px` : value; // the SDK's formatSize (§1.5)
}

/** True once the widget has said LOGGED_IN (and not LOGGED_OUT since). */
export function widgetLoggedIn() {
  return Boolean(widgetState.loggedIn);
}

/** `listener({isMinimized, isHidden})` hears every change of the widget's visibility, whoever made it. */
export function onVisibilityChange(listener) {
  visibilityListener = listener;
}

/** Minimize (or restore) the widget in the call panel, as the call switcher's control does. */
export function minimizeWidget(minimized) {
  setVisibility({ isMinimized: minimized, isHidden: false });
}

/** True while the widget is minimized. */
export function widgetMinimized() {
  return visibility.isMinimized;
}

function setVisibility(next) {
  const panel = $("#call-panel");
  if (!panel) return;
  panel.classList.toggle("is-hidden", next.isHidden);
  panel.classList.toggle("is-minimized", next.isMinimized);
  $("#reopen-widget").hidden = !next.isHidden;
  const minimize = $('[data-action="minimize-widget"]');
  if (minimize) minimize.setAttribute("aria-pressed", String(next.isMinimized));
  if (next.isMinimized === visibility.isMinimized && next.isHidden === visibility.isHidden) return;
  visibility = { ...next };
  visibilityListener({ ...next }); // the session tells the widget: VISIBILITY_CHANGED
}

function recordPath(objectTypeId, objectId) {
  if (/^2-\d+$/.test(objectTypeId)) return `/objects/${objectTypeId}/${objectId}`; // a custom object's record
  return objectTypeId === "0-2" ? `/companies/${objectId}` : `/contacts/${objectId}`;
}

/** Do what effect `name` asks; an unknown name is only a console warning. */
export function applyEffect(name, params) {
  const handler = handlers[name];
  if (handler) handler(params);
  else console.warn("callsim: unknown effect", name, params);
}

const handlers = {
  state(state) {
    widgetState = state;
    renderState(state);
    showRemoteAvailability(state);
  },
  host_faults({ dropFirstSyncs }) {
    setDropFirstSyncs(dropFirstSyncs || 0); // counts from the next SYNC
  },
  set_widget_url({ url }) {
    moveWidget(url);
  },
  sync_fields(fields) {
    setSyncFields(fields);
  },
  resize({ width, height }) {
    // Each dimension on its own: a message that gives only the width keeps the height (§1.5).
    const iframe = $("#hubspot-calling-extension-iframe");
    if (!iframe) return;
    if (width) iframe.style.width = px(width);
    if (height) iframe.style.height = px(height);
  },
  alert({ message, kind }) {
    const alert = el("div", "hs-alert");
    alert.setAttribute("role", "alert");
    alert.append(el("strong", null, kind === "hubspot" ? "HubSpot" : "Calling widget error"), el("span", "hs-alert-text", message));
    const close = el("button", "hs-alert-close", "×");
    close.dataset.action = "dismiss-alert";
    close.setAttribute("aria-label", "Dismiss");
    alert.append(close);
    $("#alerts").append(alert);
  },
  hide_widget() {
    setVisibility({ isMinimized: false, isHidden: true });
  },
  show_widget() {
    setVisibility({ isMinimized: false, isHidden: false });
  },
  async navigate({ objectTypeId, objectId, openIn }) {
    const path = recordPath(objectTypeId, objectId);
    if (openIn === "NEW_TAB") {
      // The record opens in a new page; this one, and its widget, stay as they are.
      window.open(new URL(path, location.origin).href, "_blank", "noopener");
      return;
    }
    if (await showRecordFrom(path)) history.pushState(null, "", path);
  },
  async record({ objectTypeId, objectId }) {
    // A REST write changed a record: redraw it if it is the one on screen (its name, phones, company).
    if (config.record?.objectTypeId === objectTypeId && String(config.record.objectId) === String(objectId)) {
      await showRecordFrom(recordPath(objectTypeId, objectId));
    }
  },
  engagement(engagement) {
    showEngagement(engagement);
  },
  window_call({ status, direction }) {
    // The user's calling window holds the call (usesCallingWindow): this tab shows its state, as HubSpot's does.
    windowCall = { status, direction };
    showWindowCall();
  },
};

/** The window's call in the call chip while this tab has no call of its own (its own call wins). */
function showWindowCall() {
  const chip = $("#call-state");
  if (!chip || !windowCall || (widgetState.activeCall && widgetState.activeCall.status)) return;
  const { status, direction } = windowCall;
  chip.textContent = `Calling window · ${direction === "INBOUND" ? "Inbound" : "Outbound"} · ${status}`;
  chip.dataset.state = String(status).toLowerCase();
}

/** Swap in the record section the server renders for `path`; false when there is none (gone, or an error). */
async function showRecordFrom(path) {
  const response = await fetch(`${path}?fragment=record`);
  if (!response.ok) return false;
  const doc = new DOMParser().parseFromString(await response.text(), "text/html");
  const fresh = doc.querySelector("#record");
  if (!fresh) return false;
  $("#record").replaceWith(fresh); // server-rendered and escaped by the template engine
  showRecord(JSON.parse(fresh.dataset.record));
  document.title = fresh.dataset.title;
  return true;
}

function clockText(ms) {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, "0")}`;
}

/** The call the chips describe: the active one, else the last one (so ENDED/COMPLETED stay visible). */
function shownCall(state) {
  if (state.activeCall) return state.activeCall;
  const calls = state.calls || [];
  return calls.length ? calls[calls.length - 1] : null;
}

function callText(state, call) {
  if (!call) return state.callStatus === "DIALING" ? "Dialing…" : "No call";
  if (call.status === "ELSEWHERE") return `Inbound · ${call.elsewhere}`; // another tab of the user took it
  return `${call.direction === "INBOUND" ? "Inbound" : "Outbound"} · ${call.status}`;
}

/** In progress: a live timer from CALL_ANSWERED; ended: the talk time, frozen. */
function renderTimer(call) {
  clearInterval(timerInterval);
  const timer = $("#call-timer");
  if (!timer) return;
  timer.textContent = "";
  if (!call || !call.answeredAt) return;
  if (call.endedAt) {
    timer.textContent = clockText(call.endedAt - call.answeredAt);
    return;
  }
  const tick = () => { timer.textContent = clockText(Date.now() - call.answeredAt); };
  tick();
  timerInterval = setInterval(tick, 500);
}

/** The call panel's chips (handshake, SDK, login, availability, call) and timer. */
export function renderState(state) {
  const set = (id, text, flag) => {
    const node = $(id);
    if (!node) return;
    node.textContent = text;
    if (flag !== undefined) node.dataset.state = flag;
  };
  set("#handshake-state", state.handshake || "LOADING", (state.handshake || "loading").toLowerCase());
  set("#sdk-version", state.sdkVersion ? `SDK ${state.sdkVersion}` : "SDK ?");
  set("#login-state", state.loggedIn ? "Logged in" : "Logged out", state.loggedIn ? "on" : "off");
  set("#availability-state", state.available ? "Available" : "Unavailable", state.available ? "on" : "off");
  const dialing = !state.activeCall && state.callStatus === "DIALING"; // DIAL_NUMBER sent, no call yet
  const call = dialing ? null : shownCall(state);
  set("#call-state", callText(state, call), call ? call.status.toLowerCase() : (state.callStatus || "idle").toLowerCase());
  if (!call) showWindowCall(); // a handshake in this tab does not hide the call the window holds
  renderTimer(call);
}
