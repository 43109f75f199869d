// Demo mode (`?demo=1`, `callsim demo`): a presenter plays a scenario one step per Next, with plain-words captions.
// Back goes back in the story, not in the widget: it shows an earlier step's captions again, and Next walks forward
// through steps already played before it plays a new one. Restart plays the scenario again from a fresh widget.
import { config } from "./config.js";
import { $, el } from "./dom.js";
import { ToPage, ToServer } from "./page_protocol.js";

const FINISHED = new Set(["passed", "failed", "stopped", "error", "busy", "skipped"]);

const state = {
  history: [], // one {step, heading, captions, next, status} per step played
  cursor: -1, // the step on screen (an index into history)
  total: 0,
  phase: "idle", // idle | running | paused | finished
  outcome: null, // the finished status: {state, text}
  prompt: null, // {text, wait} while the player waits for the presenter
  upcoming: null, // the caption of the first step, before anything ran
};

async function loadScenarios(select) {
  const response = await fetch("/api/scenarios");
  const { scenarios } = await response.json();
  select.replaceChildren(...scenarios.map((scenario) => {
    const option = el("option", null, scenario.name);
    option.value = scenario.file;
    return option;
  }));
  const wanted = config.demo?.scenario;
  if (wanted && scenarios.some((scenario) => scenario.file === wanted)) select.value = wanted;
}

function stepText() {
  const shown = state.history[state.cursor];
  if (!shown) return state.phase === "running" ? "Starting…" : "Press Next (→) to start";
  const of = state.total ? ` of ${state.total}` : "";
  return `Step ${shown.step}${of}`;
}

function render(bar) {
  const shown = state.history[state.cursor];
  const latest = state.cursor === state.history.length - 1;
  $("[data-demo-step]", bar).textContent = stepText();
  bar.dataset.step = shown ? String(shown.step) : "0";
  bar.dataset.phase = state.phase;
  const heading = $("[data-demo-heading]", bar);
  heading.textContent = shown ? shown.heading || "" : "";
  heading.dataset.status = shown?.status || "";
  const captions = shown ? shown.captions : [];
  $("[data-demo-captions]", bar).replaceChildren(...captions.map((text) => {
    const item = el("li", null, text);
    item.dataset.kind = text.startsWith("callsim notices") ? "violation" : "message";
    return item;
  }));
  const prompt = $("[data-demo-prompt]", bar);
  prompt.hidden = !(state.prompt && latest);
  prompt.textContent = state.prompt ? `Your turn: ${state.prompt.text}` : "";
  document.body.toggleAttribute("data-demo-turn", !prompt.hidden); // outlines the widget: the presenter acts there
  const review = $("[data-demo-review]", bar);
  review.hidden = latest || !shown;
  review.textContent = `Looking back: the widget stays where step ${state.history.length} left it. Next goes forward again.`;
  $("[data-demo-next]", bar).textContent = nextText(shown, latest);
  $("[data-demo-action='back']", bar).disabled = state.cursor <= 0;
}

function nextText(shown, latest) {
  if (!latest) return "Next: show the following step again";
  if (state.phase === "finished") return state.outcome ? finishedText(state.outcome) : "";
  const upcoming = shown ? shown.next : state.upcoming;
  return upcoming ? `Next: ${upcoming}` : "";
}

function finishedText({ state: result, text }) {
  if (result === "passed") return "✓ The end: the scenario passed. Restart to present it again.";
  return `✗ The scenario ${result}${text ? `: ${text}` : ""}. Restart to try again.`;
}

function next(bar, send) {
  if (state.cursor < state.history.length - 1) {
    state.cursor += 1;
  } else if (state.prompt?.wait) {
    state.prompt = null;
    send({ kind: ToServer.PROMPT_DONE });
  } else if (state.phase === "idle" || state.phase === "finished") {
    start(bar, send);
  } else if (state.phase === "paused") {
    state.phase = "running";
    send({ kind: ToServer.SCENARIO_STEP });
  }
  render(bar);
}

function start(bar, send) {
  Object.assign(state, { history: [], cursor: -1, phase: "running", outcome: null, prompt: null, upcoming: null });
  send({ kind: ToServer.SCENARIO_START, file: $("[data-demo-scenario]", bar).value, stepwise: true });
}

function back(bar) {
  if (state.cursor > 0) state.cursor -= 1;
  render(bar);
}

function restart(bar, send) {
  if (state.phase === "running" || state.phase === "paused") send({ kind: ToServer.SCENARIO_STOP });
  Object.assign(state, { history: [], cursor: -1, phase: "idle", outcome: null, prompt: null, upcoming: null });
  render(bar);
}

/** The player's status: a step played (with its captions), paused for Next, or the end. */
function onStatus(bar, status) {
  if (status.total) state.total = status.total;
  if (status.state === "running" && status.step) {
    const { heading, captions = [], next: upcoming } = status.demo || {};
    state.history.push({ step: status.step, heading, captions, next: upcoming, status: status.stepStatus });
    state.cursor = state.history.length - 1;
  } else if (status.state === "running") {
    state.upcoming = status.demo?.next || null;
  } else if (status.state === "paused") {
    state.phase = "paused";
  } else if (FINISHED.has(status.state)) {
    state.phase = "finished";
    state.prompt = null;
    state.outcome = { state: status.state, text: status.text || "" };
  }
  render(bar);
}

function isTyping(target) {
  return target instanceof HTMLElement && target.closest("input, textarea, select, [contenteditable]") !== null;
}

function onKey(bar, send, event) {
  if (isTyping(event.target) || event.altKey || event.ctrlKey || event.metaKey) return;
  if (event.key === "ArrowRight" || event.key === " ") next(bar, send);
  else if (event.key === "ArrowLeft") back(bar);
  else return;
  event.preventDefault(); // Space would also press a focused button, and scroll the page
}

/** Chain a handler after the one the page already has for `kind` (the scenario panel keeps working underneath). */
function after(handlers, kind, extra) {
  const first = handlers[kind];
  handlers[kind] = (message) => { first?.(message); extra(message); };
}

/**
 * Demo mode never hides the widget: when the call panel (the widget at the size it asked for) reaches below the
 * presenter's bar, it is scaled down to end above it (at 1280×720 a 600 px widget did not fit).
 */
function fitCallPanel(bar) {
  const panel = $("#call-panel");
  if (!panel) return;
  panel.style.zoom = "";
  const top = panel.getBoundingClientRect().top + window.scrollY;
  const room = bar.getBoundingClientRect().top - top - 8;
  const needed = panel.getBoundingClientRect().height;
  panel.style.zoom = needed > room && room > 0 ? String(Math.max(0.5, room / needed)) : "";
}

function keepCallPanelInView(bar) {
  let queued = false;
  const fit = () => {
    if (queued) return;
    queued = true;
    requestAnimationFrame(() => { queued = false; fitCallPanel(bar); });
  };
  window.addEventListener("resize", fit);
  const observer = new ResizeObserver(fit); // the widget resizes itself; the bar grows with captions
  observer.observe(bar);
  const frame = $("#hubspot-calling-extension-iframe");
  if (frame) observer.observe(frame);
  fit();
}

/** Wire demo mode if the page was opened with ?demo=1; `handlers` (server kind -> handler) gain the demo's. */
export function initDemo(send, handlers) {
  const bar = $("#demo-bar");
  if (!config.demo || !bar) return;
  bar.addEventListener("click", (event) => {
    const action = event.target.closest("[data-demo-action]")?.dataset.demoAction;
    if (action === "next") next(bar, send);
    else if (action === "back") back(bar);
    else if (action === "restart") restart(bar, send);
  });
  document.addEventListener("keydown", (event) => onKey(bar, send, event));
  after(handlers, ToPage.SCENARIO_STATUS, (status) => onStatus(bar, status));
  after(handlers, ToPage.PROMPT, (prompt) => { state.prompt = prompt; render(bar); });
  after(handlers, ToPage.PROMPT_CLEAR, () => { state.prompt = null; render(bar); });
  loadScenarios($("[data-demo-scenario]", bar));
  render(bar);
  keepCallPanelInView(bar);
}
