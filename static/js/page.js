// The record page: HubSpot's call switcher, the widget iframe, and the relay to callsim's server.
import { EventLog } from "./eventlog.js";
import { Handshake } from "./handshake.js";
import { looksLikeSdkMessage, makeMessageIds, originOf } from "./protocol.js";
import { openSocket } from "./socket.js";
import { showDoctor, hideDoctor, checkMixedContent } from "./doctor.js";
import { applyEffect, renderState } from "./effects.js";
import { initInjectPanel } from "./inject.js";

const config = JSON.parse(document.getElementById("callsim-config").textContent);
const $ = (selector) => document.querySelector(selector);
const log = new EventLog($("#event-log"));
const reportedOrigins = new Set();
let handshake = null;
let widgetState = {};
let doctorTimer = null;

const switcher = $("#provider");
const storedUrl = sessionStorage.getItem("callsim.provider");
// `?widget=URL` (a provider's origin only, checked by the server) wins for this page load; drop it to switch.
const initialUrl = config.widgetOverride
  || (config.providers.some((p) => p.url === storedUrl) ? storedUrl : config.selectedUrl);
switcher.value = initialUrl;

const socket = openSocket("/ws", onServerMessage, () => {
  $("#connection").textContent = "disconnected from callsim: restart `callsim serve` and reload";
  $("#connection").hidden = false;
});
socket.send({ kind: "hello", widgetUrl: initialUrl, page: config.page, record: config.record });
initInjectPanel({ send: (payload) => socket.send(payload) });

function onServerMessage(payload) {
  switch (payload.kind) {
    case "hello": return start(payload);
    case "post": return handshake && handshake.post(payload.message);
    case "entry": return log.add(payload.entry);
    case "effect": return effect(payload.name, payload.params || {});
    case "doctor": return showDoctor(payload.findings, payload.title);
    case "reload_widget": return reloadWidget();
    default:
      if (serverHandlers[payload.kind]) return serverHandlers[payload.kind](payload);
      console.warn("callsim: unknown server message", payload);
  }
}

function start(hello) {
  document.body.dataset.session = hello.session;
  $("#session-id").textContent = hello.session;
  const iframe = document.createElement("iframe");
  iframe.id = "hubspot-calling-extension-iframe";
  iframe.allow = "microphone; autoplay";
  iframe.title = "Calling widget";
  iframe.style.width = `${config.width}px`;
  iframe.style.height = `${config.height}px`;
  const ids = makeMessageIds(hello.instanceId);
  iframe.src = initialUrl;
  // Registered before the handshake's own listener, so the log shows the load before its SYNCs.
  iframe.addEventListener("load", () => {
    socket.send({ kind: "iframe_load", url: iframe.src });
    clearTimeout(doctorTimer);
    // A healthy widget answers the first SYNC within ~0.5 s (PROTOCOL.md §10-11); after 3 s, explain.
    doctorTimer = setTimeout(() => {
      if (!handshake.ready) socket.send({ kind: "diagnose", url: iframe.src, final: false });
    }, 3000);
  });

  handshake = new Handshake({
    iframe, ids,
    syncFields: hello.sync,
    timeoutMs: config.handshakeTimeoutMs,
    dropFirstSyncs: hello.dropFirstSyncs,
    onSync: (message, dropped) => socket.send({ kind: "sync_sent", message, dropped }),
    onReady: () => { clearTimeout(doctorTimer); hideDoctor(); },
    onFailed: (reason) => {
      socket.send({ kind: "handshake_failed", reason });
      socket.send({ kind: "diagnose", url: iframe.src, final: true });
    },
  });
  $("#widget-frame").append(iframe);
  checkMixedContent(initialUrl);
  renderState(hello.state || {});
}

window.addEventListener("message", (event) => {
  if (!handshake) return;
  const message = event.data;
  if (event.origin !== handshake.widgetOrigin) {
    // Only the widget's origin is listened to, as in the SDK (§1.4); a SDK-shaped message from elsewhere
    // usually means the widget redirected to another origin, which the doctor should say once.
    if (looksLikeSdkMessage(message) && !reportedOrigins.has(event.origin)) {
      reportedOrigins.add(event.origin);
      socket.send({ kind: "ignored", origin: event.origin, type: message.type });
    }
    return;
  }
  if (message && message.type === "SYNC_ACK") handshake.acknowledge(message);
  socket.send({ kind: "received", message, origin: event.origin });
});

function effect(name, params) {
  if (name === "state") {
    widgetState = params;
    renderState(params);
    return;
  }
  if (name === "host_faults") {
    if (handshake) handshake.dropFirstSyncs = params.dropFirstSyncs || 0; // counts from the next SYNC
    return;
  }
  if (name === "set_widget_url") {
    const iframe = $("#hubspot-calling-extension-iframe");
    iframe.src = params.url;
    return;
  }
  applyEffect(name, params);
}

switcher.addEventListener("change", () => {
  sessionStorage.setItem("callsim.provider", switcher.value);
  location.reload(); // a new provider is a new widget session, as when a HubSpot user switches
});

function dial(phoneProperty, number) {
  if (!widgetState.loggedIn) {
    const provider = switcher.options[switcher.selectedIndex].textContent;
    applyEffect("alert", { message: `You're signed out of ${provider}. Sign in within the calling widget to call.`, kind: "hubspot" });
    return;
  }
  applyEffect("show_widget", {});
  socket.send({ kind: "dial", record: config.record, phoneProperty, number });
}

document.addEventListener("click", (event) => {
  const target = event.target.closest("[data-action]");
  if (!target) return;
  const action = target.dataset.action;
  if (action === "call") {
    event.preventDefault();
    dial(target.dataset.phoneProperty || null, target.dataset.number || null);
  } else if (action === "open-widget") {
    applyEffect("show_widget", {});
  } else if (action === "close-widget") {
    applyEffect("hide_widget", {});
  } else if (action === "dismiss-alert") {
    target.closest(".hs-alert").remove();
  }
});

/** Handlers other modules add for server message kinds of their own (scenario.js). */
const serverHandlers = {};

/** Reload the widget page: a fresh widget means a fresh handshake (§2.1). */
function reloadWidget() {
  const iframe = $("#hubspot-calling-extension-iframe");
  if (iframe) iframe.src = iframe.src;
}

export { socket, config, originOf, serverHandlers, reloadWidget };
