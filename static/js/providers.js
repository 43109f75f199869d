// HubSpot's call switcher: the providers the calling settings describe (ready ones, then a "testing" group),
// with this browser's localStorage overrides on top; which one this page loads, and switching to another.
import { config } from "./config.js";
import { $, el } from "./dom.js";
import { applyOverrides } from "./overrides.js";

const STORAGE_KEY = "callsim.providerKey";
const TESTING_LABEL = "Testing (isReady: false)";
let current = null; // the provider this page loaded

/** Fill the switcher: ready providers as HubSpot lists them, the others under the testing heading. */
function render(providers) {
  const switcher = $("#provider");
  switcher.replaceChildren();
  const option = (p) => {
    const node = el("option", null, p.name);
    node.value = p.key;
    node.dataset.url = p.url;
    node.title = `${p.url} (${p.width}x${p.height}; usesCallingWindow ${p.usesCallingWindow}, `
      + `supportsInboundCalling ${p.supportsInboundCalling})`;
    return node;
  };
  for (const p of providers.filter((p) => p.isReady)) switcher.append(option(p));
  const testing = providers.filter((p) => !p.isReady);
  if (testing.length) {
    const group = el("optgroup");
    group.label = TESTING_LABEL;
    group.dataset.role = "testing-providers";
    for (const p of testing) group.append(option(p));
    switcher.append(group);
  }
  if (current && !providers.some((p) => p.key === current.key)) {
    switcher.append(option({ ...current, name: `${current.name} (no longer registered)` })); // still loaded
  }
  if (current) switcher.value = current.key;
}

/** Warn once about overrides that could not apply (the console is where they were typed). */
function report(problems) {
  for (const problem of problems) console.warn(`callsim: localStorage override: ${problem}`);
}

/**
 * The window's and remote's widget URL says where it is, as HubSpot's popup evidently tells demo-minimal-js (it reads
 * both from its own query): with usesCallingWindow false the SYNC has no iframeLocation (docs/protocol.md §5.4).
 */
function framedUrl(url, provider) {
  const where = { window: "window", remote: "remote" }[config.page];
  if (!where) return url;
  const framed = new URL(url, location.href);
  framed.searchParams.set("iframeLocation", where);
  // The window's query or the page's claim, else the provider's (with this browser's overrides), as the server's.
  const own = typeof config.frameUsesCallingWindow === "boolean" ? config.frameUsesCallingWindow : provider.usesCallingWindow;
  if (own === false) framed.searchParams.set("usesCallingWindow", "false");
  return framed.href;
}

/** The widget URL for this page load; sets the iframe size and `config.provider` (sent in hello) from its settings. */
export function initProviders() {
  const { providers, problems } = applyOverrides(config.providers);
  report(problems);
  const stored = sessionStorage.getItem(STORAGE_KEY);
  // `?widget=URL` (a provider's origin only, checked by the server) wins for this page load; drop it to switch.
  current = (config.widgetOverride && providers.find((p) => p.key === config.selectedKey))
    || providers.find((p) => p.key === stored)
    || providers.find((p) => p.key === config.selectedKey)
    || providers[0];
  config.width = current.width;
  config.height = current.height;
  config.provider = { key: current.key, name: current.name, overrides: current.overrides, problems };
  render(providers);
  const switcher = $("#provider");
  switcher.addEventListener("change", () => {
    sessionStorage.setItem(STORAGE_KEY, switcher.value);
    location.reload(); // a new provider is a new widget session, as when a HubSpot user switches
  });
  return framedUrl(current.url, current);
}

/** The calling settings changed on the server: show the providers as they are now (the loaded widget stays). */
export function providersChanged(serverProviders) {
  const { providers } = applyOverrides(serverProviders);
  render(providers);
}

/** The chosen provider's name, as the switcher shows it. */
export function providerName() {
  return current ? current.name : $("#provider").selectedOptions[0]?.textContent;
}

/** The provider this page's widget is (its settings: usesRemote, usesCallingWindow...). */
export function currentProvider() {
  return current;
}
