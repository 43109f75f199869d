// The host side of SYNC/SYNC_ACK exactly as the SDK's own host mode does it (docs/protocol.md §2.1):
// on every iframe load, SYNC now and every 100 ms until SYNC_ACK; after 30 s, SYNC_ACK_FAILED.
import { originOf } from "./protocol.js";

const SYNC_INTERVAL_MS = 100;

export class Handshake {
  constructor({ iframe, ids, syncFields, timeoutMs, dropFirstSyncs, onSync, onReady, onFailed }) {
    Object.assign(this, { iframe, ids, syncFields, timeoutMs, onSync, onReady, onFailed });
    this.dropFirstSyncs = dropFirstSyncs || 0;
    this.dropped = 0;
    this.ready = false;
    this.failed = false;
    this.pending = new Set();
    this.widgetOrigin = originOf(iframe.src);
    this.timer = null;
    iframe.addEventListener("load", () => this.restart());
    iframe.addEventListener("error", () => this.fail("the iframe fired an error event"));
  }

  /** Called on every iframe load: a reload or navigation means a fresh handshake, with the latest `syncFields`. */
  restart() {
    clearTimeout(this.timer);
    this.ready = false;
    this.failed = false;
    this.pending.clear();
    this.widgetOrigin = originOf(this.iframe.src);
    this.firstSyncSent = Date.now();
    this.loop();
  }

  loop() {
    if (this.ready || this.failed) return;
    if (Date.now() - this.firstSyncSent > this.timeoutMs) {
      this.fail(`no SYNC_ACK within ${this.timeoutMs / 1000} s`);
      return;
    }
    const sync = { type: "SYNC", messageId: this.ids.next(), hostUrl: location.origin, ...this.syncFields };
    if (this.dropFirstSyncs > 0) {
      this.dropFirstSyncs -= 1; // fault injection: this SYNC is "lost" and never posted
      this.dropped += 1;
      this.onSync(sync, true);
    } else {
      this.pending.add(sync.messageId);
      this.iframe.contentWindow.postMessage(sync, this.widgetOrigin);
      this.onSync(sync, false);
    }
    this.timer = setTimeout(() => this.loop(), SYNC_INTERVAL_MS);
  }

  /** A SYNC_ACK from the widget's origin: ready if it answers one of our SYNCs. */
  acknowledge(message) {
    if (!this.pending.has(message.messageId)) return false;
    this.pending.clear();
    this.ready = true;
    clearTimeout(this.timer);
    // After the handshake the host targets the origin the widget reports (§1.3).
    if (typeof message.iFrameUrl === "string" && message.iFrameUrl) this.widgetOrigin = message.iFrameUrl;
    this.onReady(message);
    return true;
  }

  fail(reason) {
    if (this.ready || this.failed) return;
    this.failed = true;
    clearTimeout(this.timer);
    this.onFailed(reason);
  }

  post(message) {
    this.iframe.contentWindow.postMessage(message, this.widgetOrigin);
  }
}
