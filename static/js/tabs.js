// Several record tabs of one user: this page's tab number, the New tab button, and opening the tab the server asks
// for (OPEN_TAB: a URL whose claim gives the new page this user's context).
import { config } from "./config.js";
import { $, el } from "./dom.js";
import { applyEffect } from "./effects.js";
import { ToServer } from "./page_protocol.js";

let pending = null; // the window the New tab click opened, waiting for the server's URL

/** Show this page's number among its user's record tabs (the hello's `tab`). */
export function showTab(tab) {
  const badge = $("#tab-number");
  if (!badge || !tab) return;
  badge.textContent = `Tab ${tab}`;
  badge.hidden = false;
  document.body.dataset.tab = String(tab);
}

/** Wire the New tab button; `send` posts to the server. */
export function initTabs(send) {
  document.addEventListener("click", (event) => {
    const target = event.target.closest('[data-action="open-tab"]');
    if (!target) return;
    // Opened now, inside the click, so no pop-up blocker stops it; it goes to the claimed URL when the server answers.
    pending = window.open("", "_blank");
    send({ kind: ToServer.OPEN_TAB, record: config.record });
  });
}

/** The server's OPEN_TAB: load `url` in the window the click opened, else in a new one (a control API request). */
export function openTab({ url }) {
  const target = pending;
  pending = null;
  if (target && !target.closed) {
    target.location.href = url;
    return;
  }
  if (window.open(url, "_blank")) return;
  // Blocked (no click to allow it): a link the user can follow.
  applyEffect("alert", { message: `The browser blocked the new tab: open ${url}`, kind: "hubspot" });
  const link = el("a", null, "Open the new tab");
  link.href = url;
  link.target = "_blank";
  $("#alerts").lastElementChild?.append(link);
}
