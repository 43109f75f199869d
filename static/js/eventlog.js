// The live event log panel. Everything a widget sent is shown with textContent, never as HTML.
import { el, whenIdle } from "./dom.js";
import { initLogDock } from "./logdock.js";

const ARROWS = { out: "→ widget", in: "← widget", note: "• callsim", violation: "⚠ rule" };
const MAX_ROWS = 2000;

function clock(ts) {
  const date = new Date(ts * 1000);
  return date.toTimeString().slice(0, 8) + "." + String(date.getMilliseconds()).padStart(3, "0");
}

function summary(entry) {
  if (entry.direction === "violation") return `${entry.rule} (${entry.severity}): ${entry.text}`;
  if (entry.text) return entry.text;
  const message = entry.message;
  if (!message || typeof message !== "object") return JSON.stringify(message);
  if (entry.type === "SYNC_ACK") return `SDK ${message.version ?? "?"} at ${message.iFrameUrl ?? "?"}`;
  const data = message.data;
  if (data === undefined) return "";
  const text = JSON.stringify(data);
  return text.length > 140 ? text.slice(0, 137) + "…" : text;
}

function isSync(entry) {
  return entry.direction === "out" && entry.type === "SYNC" && !entry.injected;
}

export class EventLog {
  constructor(root) {
    this.list = root.querySelector("[data-log-list]");
    this.filter = root.querySelector("[data-log-filter]");
    this.counters = {
      error: root.querySelector("[data-log-count='error']"),
      warning: root.querySelector("[data-log-count='warning']"),
    };
    this.violations = { error: 0, warning: 0 };
    this.pending = [];
    this.filter.addEventListener("input", () => this.applyFilter());
    root.querySelector("[data-action='clear-log']").addEventListener("click", () => {
      this.list.textContent = "";
    });
    initLogDock(root);
  }

  /** Queue an entry; rows are built in a batch when the page is idle, so rendering stays off the relay's path. */
  add(entry) {
    this.pending.push(entry);
    if (this.pending.length === 1) whenIdle(() => this.flush());
  }

  flush() {
    const pane = this.list.parentElement;
    const atBottom = pane.scrollHeight - pane.scrollTop - pane.clientHeight < 120;
    const rows = document.createDocumentFragment();
    let last = this.list.lastElementChild;
    for (const entry of this.pending.splice(0)) {
      // SYNC goes out every 100 ms until the widget answers: one row with a count, not 300 rows.
      if (isSync(entry) && last && last.dataset.type === "SYNC" && last.dataset.direction === "out") {
        last.dataset.repeat = String(Number(last.dataset.repeat || 1) + 1);
        last.querySelector(".log-repeat").textContent = `×${last.dataset.repeat}`;
        continue;
      }
      last = this.row(entry);
      rows.append(last);
    }
    this.list.append(rows);
    while (this.list.childElementCount > MAX_ROWS) this.list.firstElementChild.remove();
    if (atBottom) pane.scrollTop = pane.scrollHeight;
  }

  row(entry) {
    const row = el("li", `log-row log-${entry.direction}${entry.severity ? " sev-" + entry.severity : ""}`);
    row.dataset.direction = entry.direction;
    row.dataset.type = entry.type;
    row.dataset.seq = entry.seq;
    if (entry.rule) row.dataset.rule = entry.rule;
    const head = el("div", "log-head");
    head.append(el("span", "log-time", clock(entry.ts)), el("span", "log-dir", ARROWS[entry.direction] || entry.direction),
      el("span", "log-type", entry.type));
    if (entry.severity === "warning" || entry.severity === "error") {
      head.append(el("span", `badge badge-${entry.severity}`, entry.severity)); // amber or red, before the text
    }
    head.append(el("span", "log-summary", summary(entry)));
    if (entry.injected) head.append(el("span", "badge badge-injected", `injected: ${entry.injected}`));
    if (isSync(entry)) head.append(el("span", "badge log-repeat", ""));
    row.append(head);
    if (entry.message !== undefined) {
      const details = el("pre", "log-json");
      details.textContent = JSON.stringify(entry.message, null, 2);
      details.hidden = true;
      row.append(details);
      head.addEventListener("click", () => { details.hidden = !details.hidden; });
    }
    if (entry.direction === "violation") this.countViolation(entry.severity);
    this.matches(row);
    return row;
  }

  /** Warnings and errors are counted apart: amber and red badges in the header. */
  countViolation(severity) {
    const kind = severity === "warning" ? "warning" : "error";
    const count = (this.violations[kind] += 1);
    const counter = this.counters[kind];
    counter.textContent = `${count} ${kind}${count === 1 ? "" : "s"}`;
    counter.hidden = false;
  }

  matches(row) {
    const needle = this.filter.value.trim().toLowerCase();
    row.hidden = Boolean(needle) && !row.textContent.toLowerCase().includes(needle);
  }

  applyFilter() {
    for (const row of this.list.children) this.matches(row);
  }
}
