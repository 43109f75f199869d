// HubSpot's localStorage overrides for calling providers (docs/protocol.md §7.2), set in the console, then reload.
// Merge order: defaults -> the server's providers (REST settings) -> these overrides.

export const KEYS = Object.freeze({
  EXTENSIONS: "LocalSettings:Calling:CallingExtensions",
  LEGACY_EXTENSIONS: "LocalSettings:Sales:CallingExtensions", // deprecated, still read by HubSpot as a fallback
  INSTALL_DEMO: "LocalSettings:Calling:installDemoWidget",
  INBOUND: "LocalSettings:Calling:supportsInboundCalling",
});

const FIELDS = Object.freeze({
  name: "string", url: "string", height: "number", width: "number", isReady: "boolean",
  supportsCustomObjects: "boolean", supportsInboundCalling: "boolean", usesCallingWindow: "boolean",
  usesRemote: "boolean",
});
// What a provider added only by an override gets (the settings endpoints' defaults, docs/rest-api.md "Calling settings endpoints").
const DEFAULTS = Object.freeze({
  height: 600, width: 400, isReady: true, supportsCustomObjects: false, supportsInboundCalling: false,
  usesCallingWindow: true, usesRemote: true,
});
// HubSpot's demo providers. The hosted URLs are callsim's assumption (the sources name no address); offline
// they cannot load, but HubSpot lists them, so callsim does too.
const DEMOS = Object.freeze({
  local: { name: "Demo Widget Local", url: "https://localhost:9025/" },
  "app:js": { name: "Demo Widget JS", url: "https://github.hubspot.com/calling-extensions-sdk/demo-minimal-js/" },
  app: { name: "Demo Widget React", url: "https://github.hubspot.com/calling-extensions-sdk/demo-react-ts/" },
});

/** The fields of one override object that have the right type; what was wrong goes to `problems`. */
function checked(raw, source, problems) {
  const fields = {};
  for (const [name, value] of Object.entries(raw)) {
    const type = FIELDS[name];
    if (!type) problems.push(`${source}: unknown field ${JSON.stringify(name)} ignored`);
    else if (typeof value !== type || (type === "number" && !(value > 0))) {
      problems.push(`${source}: ${name} must be a ${type === "number" ? "positive number" : type}; ignored`);
    } else fields[name] = value;
  }
  return fields;
}

/** The override objects in one key: a JSON object (HubSpot's shape) or a list of them. */
function read(storage, key, problems) {
  const text = storage.getItem(key);
  if (text === null) return [];
  let value;
  try {
    value = JSON.parse(text);
  } catch {
    problems.push(`${key}: not JSON, ignored`);
    return [];
  }
  const list = Array.isArray(value) ? value : [value];
  return list.flatMap((item) => {
    if (item && typeof item === "object" && !Array.isArray(item)) return [checked(item, key, problems)];
    problems.push(`${key}: expected a JSON object of settings fields`);
    return [];
  });
}

/** The providers with this browser's overrides applied; each changed one lists its changes in `overrides`. */
export function applyOverrides(serverProviders, storage = localStorage) {
  const problems = [];
  const providers = serverProviders.map((p) => ({ ...p, overrides: {} }));
  const patch = (fields, source) => {
    const existing = providers.find((p) => p.name === fields.name);
    if (existing) {
      Object.assign(existing, fields);
      Object.assign(existing.overrides, fields);
    } else if (typeof fields.url !== "string") {
      problems.push(`${source}: no provider is named ${JSON.stringify(fields.name)}; a new one needs a url`);
    } else {
      const key = `local:${fields.name}`;
      providers.push({ ...DEFAULTS, key, appId: null, source: "override", ...fields, overrides: { ...DEFAULTS, ...fields } });
    }
  };
  for (const key of [KEYS.LEGACY_EXTENSIONS, KEYS.EXTENSIONS]) {
    for (const fields of read(storage, key, problems)) {
      if (typeof fields.name === "string") patch(fields, key);
      else problems.push(`${key}: a name is required (the app to change, or the new provider's name)`);
    }
  }
  const demo = storage.getItem(KEYS.INSTALL_DEMO);
  if (demo !== null) {
    const chosen = DEMOS[demo] || DEMOS[demo.replace(/^"|"$/g, "")];
    if (chosen) patch({ ...chosen }, KEYS.INSTALL_DEMO);
    else problems.push(`${KEYS.INSTALL_DEMO}: expected "local", "app:js" or "app"`);
  }
  if (storage.getItem(KEYS.INBOUND) === "true") {
    for (const p of providers) {
      p.supportsInboundCalling = true;
      p.overrides.supportsInboundCalling = true;
    }
  }
  return { providers, problems };
}
