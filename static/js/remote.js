// The calling remote: with usesRemote, the navigation bar's phone icon opens the widget's remote instance
// (iframeLocation "remote", the /calling-remote page) in a panel, and the icon shows whether the widget says the
// user is available. The panel's page is made on first open, so the record page's own start pays nothing for it.
import { $ } from "./dom.js";
import { currentProvider } from "./providers.js";

export function initRemote() {
  const button = $("[data-action='toggle-remote']");
  const panel = $("#calling-remote");
  if (!button || !panel) return;
  const provider = currentProvider();
  if (!provider || !provider.usesRemote) return; // the app has no remote: HubSpot shows no icon
  button.hidden = false;
  button.addEventListener("click", () => {
    if (!panel.firstElementChild) {
      const frame = document.createElement("iframe");
      frame.className = "calling-remote-frame";
      frame.title = "Calling remote";
      frame.src = "/calling-remote"; // same origin, same tab: its switcher picks this page's provider (sessionStorage)
      panel.append(frame);
    }
    panel.hidden = !panel.hidden;
    button.setAttribute("aria-expanded", String(!panel.hidden));
  });
}

/** The icon follows the widget's USER_AVAILABLE / USER_UNAVAILABLE (and its sign-in), as HubSpot's does. */
export function showRemoteAvailability(state) {
  const button = $("[data-action='toggle-remote']");
  if (!button) return;
  const available = Boolean(state.loggedIn && state.available);
  button.dataset.state = available ? "available" : "unavailable";
  button.title = `Calling remote: ${available ? "available" : "unavailable"}`;
}
