// HubSpot's call switcher: which widget this page loads, and switching to another provider.
import { config } from "./config.js";
import { $ } from "./dom.js";

const STORAGE_KEY = "callsim.provider";

/** The widget URL for this page load; wires the switcher so a change reloads the page with the new provider. */
export function initProviders() {
  const switcher = $("#provider");
  const storedUrl = sessionStorage.getItem(STORAGE_KEY);
  // `?widget=URL` (a provider's origin only, checked by the server) wins for this page load; drop it to switch.
  const widgetUrl = config.widgetOverride
    || (config.providers.some((p) => p.url === storedUrl) ? storedUrl : config.selectedUrl);
  switcher.value = widgetUrl;
  switcher.addEventListener("change", () => {
    sessionStorage.setItem(STORAGE_KEY, switcher.value);
    location.reload(); // a new provider is a new widget session, as when a HubSpot user switches
  });
  return widgetUrl;
}

/** The chosen provider's name, as the switcher shows it. */
export function providerName() {
  const switcher = $("#provider");
  return switcher.options[switcher.selectedIndex].textContent;
}
