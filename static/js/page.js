// The record page: wires the modules together and routes the server's messages to them. Nothing else lives here.
import { initActions } from "./actions.js";
import { config } from "./config.js";
import { initDemo } from "./demo.js";
import { showDoctor } from "./doctor.js";
import { $ } from "./dom.js";
import { applyEffect, renderState } from "./effects.js";
import { EventLog } from "./eventlog.js";
import { early } from "./headstart.js";
import { initInbound, listInbound, showInbound } from "./inbound.js";
import { initInjectPanel } from "./inject.js";
import { ToPage, ToServer } from "./page_protocol.js";
import { initProviders, providersChanged } from "./providers.js";
import { initRecorder } from "./recorder.js";
import { initRemote, showRemoteAvailability } from "./remote.js";
import { initScenarioPanel } from "./scenario.js";
import { initSequence } from "./sequence.js";
import { openSocket } from "./socket.js";
import { initTabs, openTab, showTab } from "./tabs.js";
import { initTaskQueue, showTaskQueue } from "./taskqueue.js";
import { postToWidget, reloadWidget, startWidget } from "./widget.js";

const log = new EventLog($("#event-log"));
const sequence = initSequence($("#sequence-panel"));
const widgetUrl = initProviders();

const socket = openSocket("/ws", onServerMessage, () => {
  $("#connection").textContent = "disconnected from callsim: restart `callsim serve` and reload";
  $("#connection").hidden = false;
});
const send = (payload) => socket.send(payload);
send({
  kind: ToServer.HELLO, widgetUrl, page: config.page, record: config.record, provider: config.provider, claim: config.claim,
  instanceId: config.instanceId, usesCallingWindow: config.usesCallingWindow,
});
early.connect(send); // what the head start's SYNC loop logged so far, right behind the hello
initInjectPanel({ send });
initActions(send);
initRecorder();
initTabs(send);
initInbound(send);
initTaskQueue(send);
initRemote();

/** Server message kind -> what handles it. */
const handlers = {
  [ToPage.HELLO]: (hello) => {
    document.body.dataset.session = hello.session;
    $("#session-id").textContent = hello.session;
    startWidget(hello, widgetUrl, send);
    renderState(hello.state || {});
    showRemoteAvailability(hello.state || {});
    showTab(hello.tab);
    showInbound(hello.inbound);
  },
  [ToPage.POST]: (payload) => postToWidget(payload.message),
  [ToPage.ENTRY]: (payload) => { log.add(payload.entry); sequence?.add(payload.entry); },
  [ToPage.EFFECT]: (payload) => applyEffect(payload.name, payload.params || {}),
  [ToPage.DOCTOR]: (payload) => showDoctor(payload.findings, payload.title),
  [ToPage.RELOAD_WIDGET]: () => reloadWidget(),
  [ToPage.PROVIDERS]: (payload) => { providersChanged(payload.providers); listInbound(payload.providers); },
  [ToPage.OPEN_TAB]: (payload) => openTab(payload),
  [ToPage.INBOUND]: (payload) => showInbound(payload.provider),
  [ToPage.TASK_QUEUE]: (payload) => showTaskQueue(payload),
  ...initScenarioPanel(send),
};
initDemo(send, handlers);

function onServerMessage(payload) {
  const handler = handlers[payload.kind];
  if (handler) handler(payload);
  else console.warn("callsim: unknown server message", payload);
}

export { socket }; // for tests that speak the page protocol directly
