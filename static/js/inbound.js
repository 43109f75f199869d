// "Receive calls through": the provider this user's incoming calls ring in (any, until the user picks one).
import { config } from "./config.js";
import { $, el } from "./dom.js";
import { ToServer } from "./page_protocol.js";

/** The select's choices: any provider, then the switcher's (a ?widget= page's own is not a choice). */
export function listInbound(providers) {
  const select = $("#inbound-provider");
  if (!select) return;
  const chosen = select.value;
  const any = el("option", null, "Any provider");
  any.value = "";
  const options = providers.filter((p) => p.key !== "cli:query").map((provider) => {
    const option = el("option", null, provider.name);
    option.value = provider.key;
    return option;
  });
  select.replaceChildren(any, ...options);
  showInbound(chosen);
}

/** Fill the select with the switcher's providers and send the user's choice to the server. */
export function initInbound(send) {
  const select = $("#inbound-provider");
  if (!select) return;
  listInbound(config.providers);
  select.addEventListener("change", () => {
    send({ kind: ToServer.RECEIVE_CALLS_THROUGH, provider: select.value || null });
  });
}

/** The user's choice as the server has it now (hello's `inbound`, or an INBOUND message). */
export function showInbound(provider) {
  const select = $("#inbound-provider");
  if (!select) return;
  if (provider && ![...select.options].some((option) => option.value === provider)) {
    const option = el("option", null, provider);
    option.value = provider;
    select.append(option);
  }
  select.value = provider || "";
}
