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
