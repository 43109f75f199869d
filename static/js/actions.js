// The record page's buttons: Call (the header button and each number), open/minimize/close the widget, dismiss
// an alert. Every change of the widget's visibility goes to the server, which tells the widget.
import { config } from "./config.js";
import { applyEffect, minimizeWidget, onVisibilityChange, widgetLoggedIn, widgetMinimized } from "./effects.js";
import { ToServer } from "./page_protocol.js";
import { providerName } from "./providers.js";

/** Dial as HubSpot does: the record on screen now (config is live), or an alert when signed out. */
function dial(send, phoneProperty, number) {
  if (!widgetLoggedIn()) {
    const message = `You're signed out of ${providerName()}. Sign in within the calling widget to call.`;
    applyEffect("alert", { message, kind: "hubspot" });
    return;
  }
  applyEffect("show_widget", {});
  send({ kind: ToServer.DIAL, record: config.record, phoneProperty, number });
}

/** Wire the page's `data-action` buttons; `send` posts one message to the server. */
export function initActions(send) {
  onVisibilityChange(({ isMinimized, isHidden }) => send({ kind: ToServer.VISIBILITY, isMinimized, isHidden }));
  document.addEventListener("click", (event) => {
    const target = event.target.closest("[data-action]");
    if (!target) return;
    const action = target.dataset.action;
    if (action === "call") {
      event.preventDefault();
      dial(send, target.dataset.phoneProperty || null, target.dataset.number || null);
    } else if (action === "open-widget") {
      applyEffect("show_widget", {});
    } else if (action === "minimize-widget") {
      minimizeWidget(!widgetMinimized());
    } else if (action === "close-widget") {
      applyEffect("hide_widget", {});
    } else if (action === "dismiss-alert") {
      target.closest(".hs-alert").remove();
    }
  });
}
