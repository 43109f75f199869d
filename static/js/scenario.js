// The scenario panel: pick a scenario, Run it, Step through it for a demo, Stop it. Results land in the event log.
import { $ } from "./dom.js";
import { ToPage, ToServer } from "./page_protocol.js";

let stepping = false;

async function loadScenarios() {
  const response = await fetch("/api/scenarios");
  showScenarios(await response.json());
}

/** Fill the picker (keeping the selection if the file is still there) and show the files' errors. */
function showScenarios({ scenarios, errors }) {
  const select = $("#scenario-file");
  const selected = select.value;
  select.replaceChildren();
  for (const scenario of scenarios) {
    const option = document.createElement("option");
    option.value = scenario.file;
    option.textContent = scenario.stale ? `${scenario.name} (last valid version)` : scenario.name;
    option.dataset.description = scenario.description || "";
    select.append(option);
  }
  if (scenarios.some((scenario) => scenario.file === selected)) select.value = selected;
  showErrors(errors || []);
  showDescription();
}

function showErrors(errors) {
  let list = $("#scenario-errors");
  if (!list) {
    list = document.createElement("ul");
    list.id = "scenario-errors";
    list.className = "scenario-errors";
    list.setAttribute("role", "alert");
    list.style.cssText = "color:#b42318;font-family:monospace;font-size:12px;margin:4px 0;padding-left:16px";
    $("#scenario-description").after(list);
  }
  list.replaceChildren(...errors.map((text) => Object.assign(document.createElement("li"), { textContent: text })));
  list.hidden = errors.length === 0;
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

function showStatus(status) {
  if (status.state !== "running" && status.state !== "paused") { hidePrompt(); stepping = false; }
  const detail = status.step ? `step ${status.step}` : status.text || status.name || "";
  setState(status.state, detail);
}

/** Wire the panel (if the page has one); returns the handlers for the server's scenario message kinds. */
export function initScenarioPanel(send) {
  const panel = $("#scenario-panel");
  panel?.addEventListener("click", (event) => {
    const action = event.target.closest("[data-action]")?.dataset.action;
    const file = $("#scenario-file").value;
    if (action === "scenario-run") {
      stepping = false;
      send({ kind: ToServer.SCENARIO_START, file, stepwise: false });
    } else if (action === "scenario-step") {
      if (stepping) send({ kind: ToServer.SCENARIO_STEP });
      else send({ kind: ToServer.SCENARIO_START, file, stepwise: true });
      stepping = true;
    } else if (action === "scenario-stop") {
      send({ kind: ToServer.SCENARIO_STOP });
    } else if (action === "prompt-done") {
      hidePrompt();
      send({ kind: ToServer.PROMPT_DONE });
    }
  });
  if (panel) {
    $("#scenario-file").addEventListener("change", showDescription);
    loadScenarios();
  }
  return {
    [ToPage.PROMPT]: showPrompt,
    [ToPage.PROMPT_CLEAR]: hidePrompt,
    [ToPage.SCENARIO_STATUS]: showStatus,
    [ToPage.SCENARIOS]: (message) => { if (panel) showScenarios(message); },
  };
}
