// The scenario panel: pick a scenario, Run it, Step through it for a demo, Stop it. Results land in the event log.
import { serverHandlers, socket } from "./page.js";

const $ = (selector) => document.querySelector(selector);
const panel = $("#scenario-panel");
let stepping = false;

async function loadScenarios() {
  const response = await fetch("/api/scenarios");
  const { scenarios } = await response.json();
  const select = $("#scenario-file");
  for (const scenario of scenarios) {
    const option = document.createElement("option");
    option.value = scenario.file;
    option.textContent = scenario.name;
    option.dataset.description = scenario.description || "";
    select.append(option);
  }
  showDescription();
}

function showDescription() {
  const option = $("#scenario-file").selectedOptions[0];
  $("#scenario-description").textContent = option ? option.dataset.description : "";
}

function setState(state, detail) {
  const chip = $("#scenario-state");
  chip.dataset.state = state;
  chip.textContent = detail ? `${state} · ${detail}` : state;
}

function showPrompt({ text, wait }) {
  $("#scenario-prompt-text").textContent = text;
  $("#scenario-prompt").hidden = false;
  $("[data-action='prompt-done']").hidden = !wait;
}

function hidePrompt() {
  $("#scenario-prompt").hidden = true;
}

serverHandlers.prompt = showPrompt;
serverHandlers.prompt_clear = hidePrompt;
serverHandlers.scenario_status = (status) => {
  if (status.state !== "running" && status.state !== "paused") { hidePrompt(); stepping = false; }
  const detail = status.step ? `step ${status.step}` : status.text || status.name || "";
  setState(status.state, detail);
};

panel?.addEventListener("click", (event) => {
  const action = event.target.closest("[data-action]")?.dataset.action;
  const file = $("#scenario-file").value;
  if (action === "scenario-run") {
    stepping = false;
    socket.send({ kind: "scenario_start", file, stepwise: false });
  } else if (action === "scenario-step") {
    if (stepping) socket.send({ kind: "scenario_step" });
    else socket.send({ kind: "scenario_start", file, stepwise: true });
    stepping = true;
  } else if (action === "scenario-stop") {
    socket.send({ kind: "scenario_stop" });
  } else if (action === "prompt-done") {
    hidePrompt();
    socket.send({ kind: "prompt_done" });
  }
});

if (panel) {
  $("#scenario-file").addEventListener("change", showDescription);
  loadScenarios();
}
