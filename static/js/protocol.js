// The SDK's wire format as the host page speaks it (docs/protocol.md §1-§2).

/** Origin (`protocol//host[:port]`) of a URL, resolved against this page. */
export function originOf(url) {
  try {
    return new URL(url, location.href).origin;
  } catch {
    return null;
  }
}

/** Host message ids in the SDK's format, `<instanceId>_<Date.now()>` (§1.2). */
export function makeMessageIds(instanceId) {
  let last = 0;
  return {
    instanceId,
    next() {
      last = Math.max(Date.now(), last + 1);
      return `${instanceId}_${last}`;
    },
    isOwn(messageId) {
      return typeof messageId === "string" && messageId.startsWith(instanceId);
    },
  };
}

/** True when a posted object looks like an SDK message (worth reporting when it comes from elsewhere). */
export function looksLikeSdkMessage(data) {
  return Boolean(data) && typeof data === "object" && typeof data.type === "string" && "messageId" in data;
}
