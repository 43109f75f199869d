// The record's activity timeline: one card per call engagement, the same rules as server/page/engagement_view.py
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

// The transcript and recording blocks last pushed per engagement (server/rest/cards.py): a later push of the
// properties alone keeps them.
const extras = new Map();

function rememberExtras(engagement) {
  const key = String(engagement.id);
  const known = extras.get(key) || { transcripts: [], recording: null };
  if ("transcripts" in engagement) known.transcripts = engagement.transcripts || [];
  if ("recording" in engagement) known.recording = engagement.recording;
  extras.set(key, known);
  return known;
}

function transcriptBlock(transcript) {
  const section = el("section", "timeline-transcript");
  section.dataset.role = "transcript";
  section.dataset.transcriptId = transcript.id;
  const lines = el("ol", "transcript-lines");
  for (const line of transcript.utterances || []) {
    const item = el("li");
    item.append(el("strong", "transcript-speaker", line.speaker), ": ", el("span", "transcript-text", line.text));
    lines.append(item);
  }
  section.append(el("h4", "timeline-subhead", "Transcript"), lines);
  return section;
}

function recordingBlock(recording) {
  const section = el("section", `timeline-recording recording-${recording.state}`);
  section.dataset.role = "recording";
  section.dataset.state = recording.state;
  section.append(el("h4", "timeline-subhead", `Recording: ${recording.state}`));
  if (recording.audioUrl && /^https?:/i.test(recording.audioUrl)) {
    const audio = el("audio");
    audio.controls = true;
    audio.preload = "none";
    audio.src = recording.audioUrl;
    section.append(audio);
  }
  for (const problem of recording.problems || []) {
    const p = el("p", `recording-problem severity-${problem.severity}`);
    p.dataset.rule = problem.rule;
    p.append(el("code", null, problem.rule), " ", problem.text);
    section.append(p);
  }
  return section;
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
  const known = rememberExtras(engagement);
  if (known.recording) card.append(recordingBlock(known.recording));
  for (const transcript of known.transcripts) card.append(transcriptBlock(transcript));
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
  const card = timeline.querySelector(`[data-engagement-id="${CSS.escape(String(engagement.id))}"]`);
  if (!associatedWith(engagement, record)) {
    card?.remove(); // no longer this record's (the associations API removed it), or never was
    return;
  }
  $("#timeline-empty")?.remove();
  if (card?.dataset.extras && !extras.has(String(engagement.id))) {
    rememberExtras({ id: engagement.id, ...JSON.parse(card.dataset.extras) }); // the server-rendered card's blocks
  }
  const fresh = engagementCard(engagement, record.name);
  if (card) card.replaceWith(fresh);
  else timeline.prepend(fresh);
}
