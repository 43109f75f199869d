// The live sequence diagram: the server draws it (simulator/scenarios/sequence.py, the same SVG the HTML report
// shows); this module re-fetches it as entries arrive, at most once per MIN_GAP_MS, and shows an arrow's JSON on click.
import { $, whenIdle } from "./dom.js";

const MIN_GAP_MS = 200;
const KEPT = 5000; // entries kept for the JSON view; the diagram itself is drawn by the server
const UNSAFE = "script, foreignObject, iframe, a";

/** The server's SVG text as DOM nodes, parsed as XML; anything able to run or navigate is dropped first. */
function parseSvg(text) {
  const doc = new DOMParser().parseFromString(text, "image/svg+xml");
  const svg = doc.documentElement;
  if (svg.nodeName !== "svg") return null;
  svg.querySelectorAll(UNSAFE).forEach((node) => node.remove());
  for (const node of svg.querySelectorAll("*")) {
    for (const attribute of [...node.attributes]) {
      if (attribute.name.startsWith("on")) node.removeAttribute(attribute.name);
    }
  }
  return document.importNode(svg, true);
}

export class SequencePanel {
  constructor(root) {
    this.root = root;
    this.drawing = $("[data-sequence-drawing]", root);
    this.json = $("[data-sequence-json]", root);
    this.count = $("[data-sequence-count]", root);
    this.details = $("[data-sequence-details]", root);
    this.stale = false;
    this.entries = new Map();
    this.messages = 0;
    this.timer = null;
    this.fetching = false;
    this.again = false;
    this.lastFetch = 0;
    this.selected = null;
    this.drawing.addEventListener("click", (event) => this.select(event.target.closest("[data-seq]")));
    // Closed, the panel costs nothing: the server draws the whole session per fetch, off the relay's path only then.
    this.details?.addEventListener("toggle", () => { if (this.isOpen() && this.stale) this.schedule(); });
    this.drawing.addEventListener("keydown", (event) => {
      if (event.key === "Enter" || event.key === " ") this.select(event.target.closest("[data-seq]"));
    });
  }

  add(entry) {
    this.entries.set(entry.seq, entry);
    if (this.entries.size > KEPT) this.entries.delete(this.entries.keys().next().value);
    if (entry.direction === "in" || entry.direction === "out") this.messages += 1;
    if (entry.direction === "note") return;
    if (this.isOpen()) this.schedule();
    else {
      this.stale = true;
      this.count.textContent = this.messages ? `${this.messages} message${this.messages === 1 ? "" : "s"}` : "no messages yet";
    }
  }

  isOpen() {
    return !this.details || this.details.open;
  }

  /** One fetch per frame and per MIN_GAP_MS at most; entries that arrive meanwhile are drawn by the next one. */
  schedule() {
    if (this.fetching) { this.again = true; return; }
    if (this.timer !== null) return;
    const wait = Math.max(0, this.lastFetch + MIN_GAP_MS - Date.now());
    this.timer = setTimeout(() => whenIdle(() => { this.timer = null; this.refresh(); }), wait);
  }

  async refresh() {
    const session = document.body.dataset.session;
    if (!session) return;
    this.fetching = true;
    this.stale = false;
    this.lastFetch = Date.now();
    try {
      const response = await fetch(`/api/sessions/${encodeURIComponent(session)}/sequence.svg`);
      if (response.ok) this.show(parseSvg(await response.text()));
    } catch {
      // the server is gone: the connection banner says so; the last drawing stays
    } finally {
      this.fetching = false;
      if (this.again) { this.again = false; this.schedule(); }
    }
  }

  show(svg) {
    if (!svg) return;
    const scroll = this.drawing;
    const atBottom = scroll.scrollTop + scroll.clientHeight >= scroll.scrollHeight - 8;
    this.drawing.replaceChildren(svg);
    if (atBottom) scroll.scrollTop = scroll.scrollHeight; // follow the newest arrow unless someone scrolled up
    const arrows = Number(svg.dataset.arrows || 0);
    this.count.textContent = arrows ? `${arrows} arrow${arrows === 1 ? "" : "s"}` : "no messages yet";
    if (this.selected !== null) this.mark(this.selected);
  }

  select(arrow) {
    if (!arrow) return;
    const seq = Number(arrow.dataset.seq);
    const entry = this.entries.get(seq);
    this.selected = seq;
    this.mark(seq);
    this.json.textContent = entry ? JSON.stringify(entry, null, 2) : `entry #${seq} is no longer kept in the page`;
    this.json.hidden = false;
    this.json.dataset.seq = String(seq);
  }

  mark(seq) {
    for (const arrow of this.drawing.querySelectorAll(".seq-arrow[data-selected]")) delete arrow.dataset.selected;
    const arrow = this.drawing.querySelector(`.seq-arrow[data-seq="${seq}"]`);
    if (arrow) arrow.dataset.selected = "";
  }
}

/** The panel, if the page has one (the record page does; the calling window does not). */
export function initSequence(root) {
  return root ? new SequencePanel(root) : null;
}
