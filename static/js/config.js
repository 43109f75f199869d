// The page's config as the server rendered it: ONE live object. Navigating to another record changes it in place,
// so every reader (the Call button, the inject panel, the timeline) sees the record on screen, not the first one.
import { $ } from "./dom.js";

export const config = JSON.parse($("#callsim-config").textContent);

/** The page now shows `record` ({objectTypeId, objectId, name}). */
export function showRecord(record) {
  config.record = record;
}
