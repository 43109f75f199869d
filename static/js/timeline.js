// The record's activity timeline: one card per call engagement, the same rules as server/engagement_view.py
// (title, unfinished "ghost" calls, labelled properties). Everything comes from the host's JSON: textContent only.
import { config } from "./config.js";
import { $, el } from "./dom.js";

// hs_call_status values after which a call is over (engagement_view.FINAL_STATUSES).
const FINAL_STATUSES = new Set(["COMPLETED", "BUSY", "CANCELED", "FAILED", "MISSED", "NO_ANSWER"]);
const GHOST_LABEL = "Call in progress / not completed";

const PROPERTY_LABELS = [
  ["hs_call_direction", "Direction"], ["hs_call_status", "Status"], ["hs_call_duration", "Duration"],
  ["hs_call_disposition", "Outcome"], ["hs_call_from_number", "From"], ["hs_call_to_number", "To"],
  ["hs_call_recording_url", "Recording"],
];

function duration(ms) {
  const seconds = Math.round(Number(ms) / 1000);
  if (!Number.isFinite(seconds)) return ms;
  return `${Math.floor(seconds / 60)}m ${seconds % 60}s`;
}

/** The other party's number: hs_call_to_number for an outbound call, hs_call_from_number for an inbound one. */
function callNumber(engagement) {
  const props = engagement.properties || {};
  return engagement.direction === "INBOUND" ? props.hs_call_from_number : props.hs_call_to_number;
}

/** hs_call_title, else "Call to/from" the record's name, else the number for the call's direction. */
export function callTitle(engagement, name) {
  const props = engagement.properties || {};
  if (props.hs_call_title) return String(props.hs_call_title);
  const who = name || callNumber(engagement) || "an unknown number";
  return `Call ${engagement.direction === "INBOUND" ? "from" : "to"} ${who}`;
}

function callStatus(engagement) {
  return String((engagement.properties || {}).hs_call_status || engagement.status || "");
}

/** A call started with createEngagement that will never be completed: the host's `unfinished` flag, or without
 * it, no CALL_COMPLETED and no final hs_call_status. */
export function isGhost(engagement) {
  if ("unfinished" in engagement) return engagement.unfinished === true;
  return !engagement.completed && !FINAL_STATUSES.has(callStatus(engagement));
}

function propertyList(props) {
  const dl = el("dl", "timeline-props");
  for (const [key, label] of PROPERTY_LABELS) {
    if (props[key] === undefined || props[key] === null || props[key] === "") continue;
    dl.append(el("dt", null, label), el("dd", null, key === "hs_call_duration" ? duration(props[key]) : props[key]));
  }
  return dl;
}

function engagementCard(engagement, name) {
  const props = engagement.properties || {};
  const ghost = isGhost(engagement);
  const card = el("li", ghost ? "timeline-card timeline-card-ghost" : "timeline-card");
  card.dataset.engagementId = engagement.id;
  card.dataset.ghost = String(ghost);
  const head = el("div", "timeline-head");
  const status = callStatus(engagement);
  head.append(el("span", "timeline-icon", "☎"), el("strong", "timeline-title", callTitle(engagement, name)),
    el("span", `badge status-${status.toLowerCase()}`, status));
  card.append(head);
  if (ghost) {
    const label = el("p", "timeline-ghost", GHOST_LABEL);
    label.dataset.role = "ghost-label";
    card.append(label);
  }
  if (props.hs_call_body) card.append(el("p", "timeline-body", props.hs_call_body));
  const dl = propertyList(props);
  dl.append(el("dt", null, "Engagement"), el("dd", null, engagement.id));
  card.append(dl);
  return card;
}

function associatedWith(engagement, record) {
  return (engagement.associations || []).some(
    (a) => a.objectTypeId === record.objectTypeId && String(a.objectId) === String(record.objectId));
}

/** The "engagement" effect: add or refresh the card when the call belongs to the record on screen. */
export function showEngagement(engagement) {
  const timeline = $("#timeline");
  if (!timeline) return; // the calling window shows no record
  const record = config.record;
  if (!associatedWith(engagement, record)) return; // another record's, or none (the session log says /calls)
  $("#timeline-empty")?.remove();
  const card = timeline.querySelector(`[data-engagement-id="${CSS.escape(String(engagement.id))}"]`);
  const fresh = engagementCard(engagement, record.name);
  if (card) card.replaceWith(fresh);
  else timeline.prepend(fresh);
}
