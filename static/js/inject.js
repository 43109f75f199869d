// The "Inject HubSpot event" panel: send any host -> widget type, and set this session's host faults.
// Templates come from GET /api/templates for the record on the page and this session's last call.
import { config } from "./config.js";
import { $, el } from "./dom.js";
import { ToServer } from "./page_protocol.js";

let send = () => {};
let latest = null; // the last /api/templates answer
let faultBaseline = {}; // fault values as the server last reported them

function currentRecord() {
  // The live config: the navigate effect swaps the record without reloading the page.
  return config.record || {};
}

function templatesUrl() {
  const record = currentRecord();
  const query = new URLSearchParams({ objectTypeId: record.objectTypeId || "", objectId: String(record.objectId ?? "") });
  if (document.body.dataset.session) query.set("session", document.body.dataset.session);
  return `/api/templates?${query}`;
}

async function loadTemplates() {
  const response = await fetch(templatesUrl());
  if (!response.ok) throw new Error(`GET /api/templates answered ${response.status}`);
  latest = await response.json();
  return latest;
}

function option(type) {
  const node = el("option", null, type);
  node.value = type;
  return node;
}

function fillTypes(select, templates) {
  if (select.dataset.filled) return;
  const usual = el("optgroup");
  usual.label = "HubSpot sends";
  templates.injectable.forEach((type) => usual.append(option(type)));
  const unusual = el("optgroup");
  unusual.label = "Never sent by HubSpot (testing only)";
  templates.unusual.forEach((type) => unusual.append(option(type)));
  select.replaceChildren(usual, unusual);
  select.value = templates.injectable.includes("DIAL_NUMBER") ? "DIAL_NUMBER" : templates.injectable[0];
  select.dataset.filled = "1";
}

function fillData(type) {
  const data = latest && type in latest.types ? latest.types[type] : {};
  $("#inject-data").value = JSON.stringify(data, null, 2);
  showError(null);
}

function showError(text) {
  const node = $("#inject-error");
  node.textContent = text || "";
  node.hidden = !text;
}

/** The textarea as `data`: a JSON object, or null for a message without `data`. */
export function parseData(text) {
  const trimmed = text.trim();
  if (!trimmed) return { ok: true, data: null };
  let data;
  try {
    data = JSON.parse(trimmed);
  } catch (error) {
    return { ok: false, error: `Not valid JSON: ${error.message}` };
  }
  if (data !== null && (typeof data !== "object" || Array.isArray(data))) {
    return { ok: false, error: "data must be a JSON object (or null to send no data)" };
  }
  return { ok: true, data };
}

function sendEvent() {
  const type = $("#inject-type").value;
  if (!type) return showError("Choose a type first");
  const parsed = parseData($("#inject-data").value);
  if (!parsed.ok) return showError(parsed.error);
  showError(null);
  send({ kind: ToServer.INJECT, type, data: parsed.data });
}

function faultInput(name, value) {
  let input;
  if (typeof value === "boolean") {
    input = el("input");
    input.type = "checkbox";
    input.checked = value;
  } else if (typeof value === "number") {
    input = el("input");
    input.type = "number";
    input.min = "0";
    input.step = "1";
    input.value = String(value);
  } else {
    input = el("select"); // a tri-state setting: null means "decided by the SDK version"
    for (const [label, choice] of [["auto", "null"], ["on", "true"], ["off", "false"]]) {
      const item = el("option", null, label);
      item.value = choice;
      input.append(item);
    }
    input.value = JSON.stringify(value);
  }
  input.name = name;
  input.dataset.fault = name;
  return input;
}

function renderFaults(faults) {
  faultBaseline = { ...faults };
  const rows = Object.entries(faults).map(([name, value]) => {
    const row = el("label", "fault-row");
    row.append(el("span", null, name), faultInput(name, value));
    return row;
  });
  $("[data-role='faults-fields']").replaceChildren(...rows);
}

function faultValue(input) {
  if (input.type === "checkbox") return input.checked;
  if (input.type === "number") return Number.parseInt(input.value || "0", 10);
  return JSON.parse(input.value);
}

/** Only the settings the user changed, so the log says what was switched on. */
function changedFaults() {
  const settings = {};
  for (const input of document.querySelectorAll("[data-fault]")) {
    const value = faultValue(input);
    if (value !== faultBaseline[input.dataset.fault]) settings[input.dataset.fault] = value;
  }
  return settings;
}

function applyFaults() {
  const settings = changedFaults();
  if (Object.keys(settings).length === 0) return;
  send({ kind: ToServer.CONFIGURE_HOST, settings });
  faultBaseline = { ...faultBaseline, ...settings };
}

async function refresh(fillFaults) {
  try {
    const templates = await loadTemplates();
    fillTypes($("#inject-type"), templates);
    fillData($("#inject-type").value);
    if (fillFaults) renderFaults(templates.faults);
  } catch (error) {
    showError(String(error.message || error));
  }
}

/** Wire the panel; `options.send` posts one JSON message over the page socket. */
export function initInjectPanel(options) {
  const panel = $("#inject-panel");
  if (!panel) return;
  send = options.send;
  panel.addEventListener("toggle", () => { if (panel.open) refresh(true); });
  $("#inject-type").addEventListener("change", () => refresh(false));
  panel.querySelector("[data-action='inject-reset']").addEventListener("click", () => refresh(false));
  panel.querySelector("[data-role='inject-form']").addEventListener("submit", (event) => {
    event.preventDefault();
    sendEvent();
  });
  panel.querySelector("[data-role='faults-form']").addEventListener("submit", (event) => {
    event.preventDefault();
    applyFaults();
  });
}
