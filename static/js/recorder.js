// "Save as scenario": the session so far, as scenario YAML the server writes (GET /api/sessions/{id}/scenario.yaml),
// downloaded as a file. The server does the recording: it has the whole log, the page may have cleared its view.
import { $ } from "./dom.js";

async function saveScenario(button) {
  const session = document.body.dataset.session;
  const status = $("#recorder-status");
  if (!session) {
    status.textContent = "no session yet: wait for the widget to load";
    return;
  }
  button.disabled = true;
  try {
    const response = await fetch(`/api/sessions/${encodeURIComponent(session)}/scenario.yaml`);
    if (!response.ok) throw new Error(`the server answered ${response.status}`);
    const text = await response.text();
    const link = document.createElement("a");
    link.href = URL.createObjectURL(new Blob([text], { type: "application/yaml" }));
    link.download = `recorded-${session}.yaml`;
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
    status.textContent = `saved ${link.download}: replay it with callsim run`;
  } catch (error) {
    status.textContent = `could not save the scenario: ${error.message}`;
  } finally {
    button.disabled = false;
  }
}

/** Wire the Save as scenario button (if the page has one). */
export function initRecorder() {
  const button = $("[data-action='save-scenario']");
  button?.addEventListener("click", () => saveScenario(button));
}
