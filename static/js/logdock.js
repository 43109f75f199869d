// The event log's dock: beside the widget (default) or full width, collapsed or open, resized by its top edge.
// The choice survives reloads (localStorage), so a layout someone picked stays picked.

const STORAGE_KEY = "callsim.eventlog.dock";
const DEFAULT_HEIGHT = 250;
const MIN_HEIGHT = 90;
const KEY_STEP = 20;

function defaults() {
  return { dock: "beside", collapsed: false, height: DEFAULT_HEIGHT };
}

function loadState() {
  try {
    const saved = JSON.parse(localStorage.getItem(STORAGE_KEY) || "{}");
    const state = { ...defaults(), ...saved };
    if (state.dock !== "beside" && state.dock !== "full") state.dock = "beside";
    if (!Number.isFinite(state.height)) state.height = DEFAULT_HEIGHT;
    state.collapsed = Boolean(state.collapsed);
    return state;
  } catch {
    return defaults(); // unreadable or blocked storage: the default layout
  }
}

function saveState(state) {
  try {
    localStorage.setItem(STORAGE_KEY, JSON.stringify(state));
  } catch {
    // storage blocked (private mode): the layout only lasts for this page
  }
}

function clampHeight(height) {
  const max = Math.max(MIN_HEIGHT, window.innerHeight - 120);
  return Math.round(Math.min(Math.max(height, MIN_HEIGHT), max));
}

/** The space a fixed dock takes at the bottom of the page, so the body can scroll everything above it. */
function publishSpace(root) {
  const fixed = getComputedStyle(root).position === "fixed";
  const space = fixed ? root.offsetHeight : 0;
  document.documentElement.style.setProperty("--log-space", `${space}px`);
}

function render(root, state) {
  root.dataset.dock = state.dock;
  root.dataset.collapsed = String(state.collapsed);
  root.style.height = state.collapsed ? "" : `${clampHeight(state.height)}px`;
  const toggle = root.querySelector("[data-action='log-collapse']");
  toggle.textContent = state.collapsed ? "▸" : "▾";
  toggle.title = state.collapsed ? "Expand the event log" : "Collapse the event log";
  toggle.setAttribute("aria-expanded", String(!state.collapsed));
  const dock = root.querySelector("[data-action='log-dock']");
  dock.textContent = state.dock === "beside" ? "Full width" : "Beside widget";
  dock.title = state.dock === "beside" ? "Dock the log across the full width" : "Dock the log beside the widget";
  publishSpace(root);
}

function startDrag(root, state, event) {
  const handle = event.currentTarget;
  handle.setPointerCapture(event.pointerId);
  const move = (moved) => {
    state.height = clampHeight(window.innerHeight - moved.clientY);
    state.collapsed = false;
    render(root, state);
  };
  const stop = () => {
    handle.removeEventListener("pointermove", move);
    handle.removeEventListener("pointerup", stop);
    handle.removeEventListener("pointercancel", stop);
    saveState(state);
  };
  handle.addEventListener("pointermove", move);
  handle.addEventListener("pointerup", stop);
  handle.addEventListener("pointercancel", stop);
  event.preventDefault(); // no text selection while dragging
}

function onResizeKey(root, state, event) {
  const step = { ArrowUp: KEY_STEP, ArrowDown: -KEY_STEP }[event.key];
  if (!step) return;
  state.height = clampHeight(state.height + step);
  state.collapsed = false;
  render(root, state);
  saveState(state);
  event.preventDefault();
}

/** Make the event log `root` a dock: collapse, full width / beside the widget, drag or arrow keys to resize. */
export function initLogDock(root) {
  const state = loadState();
  const change = (update) => {
    Object.assign(state, update);
    render(root, state);
    saveState(state);
  };
  root.querySelector("[data-action='log-collapse']").addEventListener("click", () => change({ collapsed: !state.collapsed }));
  root.querySelector("[data-action='log-dock']").addEventListener("click", () => {
    change({ dock: state.dock === "beside" ? "full" : "beside" });
  });
  const handle = root.querySelector("[data-role='log-resize']");
  handle.addEventListener("pointerdown", (event) => startDrag(root, state, event));
  handle.addEventListener("keydown", (event) => onResizeKey(root, state, event));
  window.addEventListener("resize", () => render(root, state));
  render(root, state);
}
