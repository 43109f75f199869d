// The handshake doctor's panel: why the widget did not answer, and what to do about it.
import { $, el } from "./dom.js";

export function showDoctor(findings, title) {
  const panel = $("#doctor");
  panel.textContent = "";
  panel.append(el("h3", null, title || "The widget has not answered the handshake yet"));
  const list = el("ul");
  for (const finding of findings) {
    const item = el("li", `finding finding-${finding.severity || "info"}`);
    item.dataset.finding = finding.code;
    item.append(el("strong", null, finding.title), el("p", null, finding.detail));
    if (finding.fix) item.append(el("p", "fix", `Fix: ${finding.fix}`));
    list.append(item);
  }
  panel.append(list);
  panel.hidden = false;
}

export function hideDoctor() {
  $("#doctor").hidden = true;
}

export function checkMixedContent(widgetUrl) {
  const url = new URL(widgetUrl, location.href);
  if (location.protocol === "https:" && url.protocol === "http:") {
    showDoctor([{
      code: "mixed-content", severity: "error", title: "Mixed content",
      detail: `This page is served over HTTPS but the widget URL ${url.href} is plain HTTP; the browser blocks it.`,
      fix: "Serve the widget over HTTPS too, or open callsim over http://.",
    }], "The widget cannot load");
  }
}
