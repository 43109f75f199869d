// The page's two DOM helpers, shared by every module.

/** The first element matching `selector` (in `root`, default the document), or null when there is none. */
export function $(selector, root = document) {
  return root.querySelector(selector);
}

/** A new element; `text` (anything but null/undefined, as a string) goes in as textContent, never as HTML. */
export function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined && text !== null) node.textContent = String(text);
  return node;
}

/**
 * Run `work` when the page is idle (at the latest after `timeoutMs`): panels that only show what happened render
 * after the tasks already queued, such as the widget's answer to a message just relayed to it, which runs on this
 * page's thread (same site, one renderer).
 */
export function whenIdle(work, timeoutMs = 100) {
  if (typeof requestIdleCallback === "function") requestIdleCallback(() => work(), { timeout: timeoutMs });
  else setTimeout(work, 0);
}
