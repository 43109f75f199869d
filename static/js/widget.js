// The widget's iframe and the host's side of the handshake; what the widget posts goes to the server.
import { config } from "./config.js";
import { checkMixedContent, hideDoctor } from "./doctor.js";
import { $ } from "./dom.js";
import { Handshake } from "./handshake.js";
import { ToServer } from "./page_protocol.js";
import { looksLikeSdkMessage, makeMessageIds } from "./protocol.js";

const IFRAME_ID = "hubspot-calling-extension-iframe";
// As the SDK's host mode, plus speaker-selection, which Firefox needs for setSinkId (docs/protocol.md §1.5).
const IFRAME_ALLOW = "microphone; autoplay; speaker-selection";
const reportedOrigins = new Set();
let handshake = null;
let doctorTimer = null;

/** The iframe base.html's head start made, if it loads `widgetUrl`; else a new one (not yet in the page). */
function adoptOrCreate(widgetUrl) {
  const early = document.getElementById(IFRAME_ID);
  if (early && early.src === new URL(widgetUrl, location.href).href) return early;
  early?.remove(); // another provider or an override won: that load is not this session's widget
  const iframe = document.createElement("iframe");
  iframe.id = IFRAME_ID;
  iframe.allow = IFRAME_ALLOW;
  iframe.title = "Calling widget";
  iframe.src = widgetUrl;
  return iframe;
}

/**
 * Load the widget at `widgetUrl` for the session the server's hello describes; `send` talks to the server.
 * The head start (headstart.js) calls it first with the hello the server rendered into the page: the real hello then
 * only brings the SYNC fields up to date.
 */
export function startWidget(hello, widgetUrl, send) {
  if (handshake) {
    handshake.syncFields = hello.sync;
    handshake.dropFirstSyncs = Math.max(0, (hello.dropFirstSyncs || 0) - handshake.dropped);
    return;
  }
  const iframe = adoptOrCreate(widgetUrl);
  iframe.style.width = `${config.width}px`;
  iframe.style.height = `${config.height}px`;
  const ids = makeMessageIds(hello.instanceId);
  const onLoad = () => {
    send({ kind: ToServer.IFRAME_LOAD, url: iframe.src });
    clearTimeout(doctorTimer);
    // A healthy widget answers the first SYNC within ~0.5 s (docs/protocol.md §10-11); after 3 s, explain.
    doctorTimer = setTimeout(() => {
      if (!handshake.ready) send({ kind: ToServer.DIAGNOSE, url: iframe.src, final: false });
    }, 3000);
  };
  // Registered before the handshake's own listener, so the log shows the load before its SYNCs.
  iframe.addEventListener("load", onLoad);

  handshake = new Handshake({
    iframe, ids,
    syncFields: hello.sync,
    timeoutMs: config.handshakeTimeoutMs,
    dropFirstSyncs: hello.dropFirstSyncs,
    onSync: (message, dropped) => send({ kind: ToServer.SYNC_SENT, message, dropped }),
    onReady: () => { clearTimeout(doctorTimer); hideDoctor(); },
    onFailed: (reason) => {
      send({ kind: ToServer.HANDSHAKE_FAILED, reason });
      send({ kind: ToServer.DIAGNOSE, url: iframe.src, final: true });
    },
  });
  if (!iframe.isConnected) $("#widget-frame").append(iframe);
  else if (Number(iframe.dataset.loads) > 0) {
    // The head start's page loaded before this module ran: that load starts the handshake now, as a load would.
    onLoad();
    handshake.restart();
  }
  checkMixedContent(widgetUrl);
  listen(send);
}

/** Relay what the widget posts; only the widget's origin is listened to, as in the SDK (§1.4). */
function listen(send) {
  window.addEventListener("message", (event) => {
    const message = event.data;
    if (event.origin !== handshake.widgetOrigin) {
      // A SDK-shaped message from elsewhere usually means the widget redirected to another origin:
      // the doctor should say so, once per origin.
      if (looksLikeSdkMessage(message) && !reportedOrigins.has(event.origin)) {
        reportedOrigins.add(event.origin);
        send({ kind: ToServer.IGNORED, origin: event.origin, type: message.type });
      }
      return;
    }
    if (message && message.type === "SYNC_ACK") handshake.acknowledge(message);
    send({ kind: ToServer.RECEIVED, message, origin: event.origin });
  });
}

/** Post a host message to the widget (nothing before the widget exists). */
export function postToWidget(message) {
  if (handshake) handshake.post(message);
}

/** Reload the widget page: a fresh widget means a fresh handshake (§2.1). */
export function reloadWidget() {
  const iframe = $(`#${IFRAME_ID}`);
  if (iframe) iframe.src = iframe.src; // eslint-disable-line no-self-assign -- assigning src reloads the frame
}

/** Load another URL in the widget's iframe (SET_WIDGET_URL). */
export function moveWidget(url) {
  $(`#${IFRAME_ID}`).src = url;
}

/** The SYNC loop sends these fields from its next SYNC on (the server keeps them current: §2.2 engagementId). */
export function setSyncFields(fields) {
  if (handshake) handshake.syncFields = fields;
}

/** The SYNC loop drops this many SYNCs, counting from the next one (a host fault). */
export function setDropFirstSyncs(count) {
  if (handshake) handshake.dropFirstSyncs = count;
}
