// The handshake's head start (docs/performance.md "Handshake"): the SYNC loop starts on the iframe base.html's head
// makes, with the SYNC the server rendered into the page, not once page.js's modules and the socket's hello are in.
// What it tells the server meanwhile waits here and goes out, in order, right behind page.js's hello.
import { config } from "./config.js";
import { startWidget } from "./widget.js";

/** Page -> server messages held until `connect(send)`, then sent in order; later ones go straight through. */
function makeOutbox() {
  const queue = [];
  let forward = null;
  return {
    send(payload) {
      if (forward) forward(payload);
      else queue.push(payload);
    },
    connect(send) {
      forward = send;
      queue.splice(0).forEach(send);
    },
  };
}

export const early = makeOutbox();

// Set by base.html's inline script when it made the iframe (the server's choice of widget is the page's).
window.callsimHeadStart?.then(() => {
  const rendered = { instanceId: config.instanceId, sync: config.sync, dropFirstSyncs: config.dropFirstSyncs };
  startWidget(rendered, config.selectedUrl, early.send);
});
