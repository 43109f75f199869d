/**
 * A client for callsim's control API (docs/rest-api.md): start or attach to `callsim serve`, open a
 * record page with a calling widget in a Playwright page, send host events and expect the widget's
 * messages. Matching, diffs and scenarios stay in callsim (Python): this client only speaks HTTP, so
 * a JS test and a YAML scenario fail with the same words.
 *
 * No runtime dependencies: Node 20's fetch and child_process. Playwright pages are typed structurally,
 * so playwright-core (or playwright, or @playwright/test) is the caller's choice.
 */

import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";

/** The record page's iframe holding the widget (simulator/headless/driver.py WIDGET_IFRAME). */
export const WIDGET_IFRAME = "#hubspot-calling-extension-iframe";

/** Seconds an expectation waits by default, as callsim's Python API and scenarios do. */
export const EXPECT_WITHIN_S = 5;
/** Seconds an expectNone watches by default (the server's default for expect_none). */
export const EXPECT_NONE_WITHIN_S = 1;

// ---------------------------------------------------------------------------------------------
// Errors

/** Anything callsim refused or could not do; the message says what to do about it. */
export class CallsimError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** An HTTP answer other than the one expected: `status` and the server's `{"error"}` text. */
export class CallsimApiError extends CallsimError {
  constructor(
    message: string,
    readonly status: number,
    readonly body: unknown,
  ) {
    super(message);
  }
}

/** An expectation the widget did not meet; `message` is callsim's diff, verbatim (as `callsim run` prints it). */
export class ExpectationFailed extends CallsimError {}

// ---------------------------------------------------------------------------------------------
// Shapes the server sends

/** Who sent a message: the widget (log direction "in") or the mock HubSpot host ("out"). */
export type Source = "widget" | "host";

/** One log entry (docs/rest-api.md): a message either way, a note, or a violation. */
export interface LogEntry {
  seq: number;
  ts: number;
  session_id: string;
  direction: "in" | "out" | "note" | "violation";
  type: string;
  /** The raw wire message (for "in" and "out"). */
  message?: unknown;
  origin?: string;
  text?: string;
  rule?: string;
  severity?: string;
  ref?: number;
  injected?: string;
  [field: string]: unknown;
}

/**
 * A message entry with `data`: what `match` sees (the message's `data`; SYNC / SYNC_ACK's top-level
 * fields). `any`, not `unknown`, so a capture reads as `(await s.expect(...)).data.externalCallId`.
 */
export interface Entry extends LogEntry {
  data: any;
}

export interface Violations {
  violations: LogEntry[];
  /** Violations per rule id. */
  counts: Record<string, number>;
}

/** A CRM record the call is about: HubSpot's objectTypeId names ("contact" 0-1, "company" 0-2). */
export interface RecordRef {
  type: "contact" | "company";
  id: number;
}

/** What HubSpot tells the widget about who and where it is (the SYNC fields). */
export interface SessionContext {
  portalId?: number;
  userId?: number;
  ownerId?: number;
  record?: RecordRef;
  usesCallingWindow?: boolean;
  supportsInboundCalling?: boolean;
  [field: string]: unknown;
}

/** Host faults by their scenario `host:` names, e.g. `{fail_create_engagement: true}`. */
export type Faults = Record<string, unknown>;

/** Just what openSession needs of a Playwright Page. */
export interface PageLike {
  goto(url: string): Promise<unknown>;
}

/** Just what frame() needs of a Playwright Page; F is Playwright's FrameLocator. */
export interface FrameHost<F> {
  frameLocator(selector: string): F;
}

// ---------------------------------------------------------------------------------------------
// Commands: `callsim …` or `python -m simulator …`

interface CommandOptions {
  /** A Python with callsim installed: runs `python -m simulator` instead of `callsim`. */
  python?: string;
  env?: Record<string, string>;
}

function commandLine(python: string | undefined, args: string[]): [string, string[]] {
  const interpreter = python ?? process.env.CALLSIM_PYTHON;
  return interpreter ? [interpreter, ["-m", "simulator", ...args]] : ["callsim", args];
}

function notInstalled(program: string): CallsimError {
  return new CallsimError(
    `callsim is not installed: ${program} was not found. Install it from its repository or a wheel ` +
      `(pipx install /path/to/callsim; see docs/install.md), or pass {python: "/path/to/venv/bin/python"} ` +
      `(or set CALLSIM_PYTHON) to run it as python -m simulator`,
  );
}

// ---------------------------------------------------------------------------------------------
// HTTP

async function call<T>(
  base: string,
  method: "GET" | "POST",
  path: string,
  body?: unknown,
  expected: number[] = [200],
): Promise<{ status: number; json: T }> {
  const url = base + path;
  let response: Response;
  try {
    response = await fetch(url, {
      method,
      headers: body === undefined ? {} : { "Content-Type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    throw new CallsimError(`${method} ${url}: ${cause?.code ?? cause?.message ?? String(error)} (is callsim running?)`);
  }
  const text = await response.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = text;
  }
  if (!expected.includes(response.status)) {
    const said = (json as { error?: unknown } | undefined)?.error ?? text.slice(0, 500);
    throw new CallsimApiError(`${method} ${path}: ${response.status} ${String(said)}`, response.status, json);
  }
  return { status: response.status, json: json as T };
}

/** What `match` sees of an entry, as callsim's matched_data: SYNC/SYNC_ACK carry their fields at the top level. */
function matchedData(entry: LogEntry): unknown {
  const message = entry.message;
  if (message === null || typeof message !== "object" || Array.isArray(message)) return null;
  if (entry.type === "SYNC" || entry.type === "SYNC_ACK") {
    const { type: _type, messageId: _id, ...fields } = message as Record<string, unknown>;
    return fields;
  }
  return (message as { data?: unknown }).data ?? null;
}

/** The entry with `data` (the server may send it; else it is derived as callsim does). */
function withData(entry: LogEntry): Entry {
  return "data" in entry ? (entry as Entry) : { ...entry, data: matchedData(entry) };
}

// ---------------------------------------------------------------------------------------------
// Callsim: one server

export interface OpenSessionOptions {
  /** The widget page to load (default: the server's first widget, the sample unless --widget). */
  widgetUrl?: string;
  context?: SessionContext;
  /** Host faults set before the handshake, e.g. `{drop_first_syncs: 2}`. */
  faults?: Faults;
  /** Seconds to wait for the opened page to say hello (default 15). */
  within?: number;
}

export class Callsim {
  /** The record page's origin with a trailing slash, e.g. `http://127.0.0.1:8500/`. */
  readonly url: string;
  /** The built-in sample widget (its own origin), when known. */
  readonly sampleWidgetUrl: string | undefined;
  private readonly base: string;
  private readonly child: ChildProcess | undefined;

  constructor(url: string, sampleWidgetUrl?: string, child?: ChildProcess) {
    this.base = url.replace(/\/+$/, "");
    this.url = this.base + "/";
    this.sampleWidgetUrl = sampleWidgetUrl === undefined ? undefined : sampleWidgetUrl.replace(/\/*$/, "/");
    this.child = child;
  }

  /** @internal JSON over HTTP to this server; a 4xx/5xx is a CallsimApiError with the server's words. */
  request<T>(method: "GET" | "POST", path: string, body?: unknown, expected?: number[]): Promise<{ status: number; json: T }> {
    return call<T>(this.base, method, path, body, expected);
  }

  /** Live sessions (`all`: closed ones too), as GET /api/sessions lists them. */
  async sessions(all = false): Promise<Record<string, unknown>[]> {
    const { json } = await this.request<{ sessions: Record<string, unknown>[] }>("GET", `/api/sessions${all ? "?all=1" : ""}`);
    return json.sessions;
  }

  /**
   * Open a record page in `page` with the widget and return its session. A claim ties the page we open to
   * its session, so two tests opening pages at once never get each other's (and context/faults reach SYNC).
   */
  async openSession<P extends PageLike>(page: P, options: OpenSessionOptions = {}): Promise<WidgetSession<P>> {
    const body: Record<string, unknown> = {};
    if (options.widgetUrl !== undefined) body.widgetUrl = options.widgetUrl;
    if (options.context !== undefined) body.context = options.context;
    if (options.faults !== undefined) body.host = options.faults;
    const claim = await this.request<{ claim: string; url: string }>("POST", "/api/claims", body, [200, 201]);
    await page.goto(claim.json.url);
    const within = options.within ?? 15;
    const answer = await this.request<{ sessionId?: string; error?: string }>(
      "GET",
      `/api/claims/${encodeURIComponent(claim.json.claim)}/session?within=${within}`,
      undefined,
      [200, 408],
    );
    if (answer.status === 408 || !answer.json.sessionId) {
      throw new CallsimError(
        `the record page ${claim.json.url} did not open its session within ${within} s: ${answer.json.error ?? "no session"} ` +
          `(did page.goto load it? a page that never runs its script never says hello)`,
      );
    }
    return new WidgetSession(this, answer.json.sessionId, page);
  }

  /** Stop the server this client started (SIGTERM, then SIGKILL after 5 s); attached servers are left running. */
  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    child.kill("SIGTERM");
    const killer = setTimeout(() => child.kill("SIGKILL"), 5000);
    await exited;
    clearTimeout(killer);
  }
}

export interface StartOptions extends CommandOptions {
  /** More `callsim serve` arguments, e.g. `["--widget", "http://localhost:9025/"]`. */
  args?: string[];
  /** Seconds to wait for the banner (default 30). */
  within?: number;
}

const BANNER = /callsim: (record page|sample widget)\s+(https?:\/\/\S+?)\/?\s/;

/**
 * Start `callsim serve --port 0 --ephemeral --quiet` (free ports, nothing kept) and wait for its banner.
 * Call `stop()` when done; the server is also killed when this Node process exits.
 */
export async function startCallsim(options: StartOptions = {}): Promise<Callsim> {
  const [program, args] = commandLine(options.python, [
    "serve",
    "--port",
    "0",
    "--ephemeral",
    "--quiet",
    ...(options.args ?? []),
  ]);
  const child = spawn(program, args, {
    env: { ...process.env, ...options.env, PYTHONUNBUFFERED: "1" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const killOnExit = () => child.kill("SIGKILL"); // never leave a server behind a crashed test run
  process.once("exit", killOnExit);
  child.once("exit", () => process.removeListener("exit", killOnExit));

  const stderr: string[] = [];
  child.stderr!.setEncoding("utf8");
  child.stderr!.on("data", (chunk: string) => {
    stderr.push(...chunk.split("\n"));
    stderr.splice(0, Math.max(0, stderr.length - 50));
  });
  const lastLines = () => stderr.filter((line) => line.trim()).slice(-10).join("\n");

  const within = options.within ?? 30;
  const urls = await new Promise<Record<string, string>>((resolve, reject) => {
    const found: Record<string, string> = {};
    const lines = createInterface({ input: child.stdout! });
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new CallsimError(`${program} ${args.join(" ")} printed no banner within ${within} s\n${lastLines()}`));
    }, within * 1000);
    const done = (error?: Error) => {
      clearTimeout(timer);
      child.removeListener("exit", onExit);
      if (error) reject(error);
      else resolve(found);
    };
    const onExit = (code: number | null, signal: string | null) => {
      // stderr may still be in flight when "exit" fires: give it a moment
      setTimeout(() => {
        const how = code !== null ? `exit ${code}` : `signal ${signal}`;
        done(new CallsimError(`${program} ${args.join(" ")} stopped (${how}) before it served:\n${lastLines() || "(no output on stderr)"}`));
      }, 100);
    };
    child.once("exit", onExit);
    child.once("error", (error: NodeJS.ErrnoException) => {
      process.removeListener("exit", killOnExit); // a program that never started has no "exit" to remove it
      done(error.code === "ENOENT" ? notInstalled(program) : new CallsimError(`${program}: ${error.message}`));
    });
    lines.on("line", (line) => {
      const matched = BANNER.exec(line + "\n");
      if (matched) found[matched[1]!] = matched[2]!;
      if (found["record page"] && found["sample widget"] && Object.keys(found).length === 2) {
        done();
        // keep reading stdout so a chatty server never blocks on a full pipe
        lines.removeAllListeners("line");
        child.stdout!.resume();
      }
    });
  });
  const callsim = new Callsim(urls["record page"]!, urls["sample widget"], child);
  try {
    await checkServer(callsim); // a `callsim` on the PATH may be another release than this client's
  } catch (error) {
    await callsim.stop();
    throw error;
  }
  return callsim;
}

/** The callsim releases this client speaks: the same major.minor (callsim's control API changes with it). */
export const CALLSIM_SERIES = "0.1";

interface ServerInfo {
  name?: string;
  version?: string;
  sampleWidgetUrl?: string | null;
}

/** Check the server at `callsim.url` is a callsim this client speaks; its answer (for the sample widget's URL). */
async function checkServer(callsim: Callsim): Promise<ServerInfo> {
  let info: ServerInfo;
  try {
    info = (await callsim.request<ServerInfo>("GET", "/api/server")).json;
  } catch (error) {
    if (error instanceof CallsimApiError && error.status === 404) {
      throw new CallsimError(
        `${callsim.url} has no GET /api/server: it is not callsim, or a callsim older than ${CALLSIM_SERIES}.x (update it)`,
      );
    }
    throw new CallsimError(
      `no callsim at ${callsim.url}: ${(error as Error).message}. Start one with \`callsim serve\` (or use startCallsim())`,
    );
  }
  if (info?.name !== "callsim") throw new CallsimError(`${callsim.url} answers, but it is not callsim`);
  const series = (info.version ?? "").split(".").slice(0, 2).join(".");
  if (series !== CALLSIM_SERIES) {
    throw new CallsimError(
      `callsim ${info.version} at ${callsim.url}, but this client speaks callsim ${CALLSIM_SERIES}.x: ` +
        `install the client from the same callsim checkout (clients/js) or callsim ${CALLSIM_SERIES}.x`,
    );
  }
  return info;
}

/** A Callsim for a server already running at `url`: checks it is a callsim this client speaks. */
export async function attachCallsim(url: string, options: { sampleWidgetUrl?: string } = {}): Promise<Callsim> {
  const probe = new Callsim(url, options.sampleWidgetUrl);
  const info = await checkServer(probe);
  return options.sampleWidgetUrl || !info.sampleWidgetUrl ? probe : new Callsim(url, info.sampleWidgetUrl);
}

// ---------------------------------------------------------------------------------------------
// WidgetSession: one record page with a widget in it

export interface ExpectOptions {
  /** Who sends the message (default "widget"). */
  from?: Source;
  /** Seconds to wait (default 5 for expect, 1 for expectNone). */
  within?: number;
}

export class WidgetSession<P = PageLike> {
  /**
   * Seq of the last matched message: each expect searches after it, as callsim's Python API and
   * scenarios do, so `expect(A); expect(B)` means B after A.
   */
  cursor = 0;

  constructor(
    readonly callsim: Callsim,
    readonly id: string,
    /** The page the record page was opened in. */
    readonly page: P,
  ) {}

  private path(rest: string): string {
    return `/api/sessions/${encodeURIComponent(this.id)}/${rest}`;
  }

  /** This session's summary (widget URL, SDK version, handshake state, counts). */
  async summary(): Promise<Record<string, unknown>> {
    const { json } = await this.callsim.request<Record<string, unknown>>("GET", `/api/sessions/${encodeURIComponent(this.id)}`);
    return json;
  }

  /** Post a host event (DIAL_NUMBER, END_CALL, …) to the widget; returns the entry that went out. */
  async send(type: string, data?: Record<string, unknown>): Promise<Entry> {
    const body = data === undefined ? { type } : { type, data };
    const { json } = await this.callsim.request<{ entry: LogEntry }>("POST", this.path("events"), body, [200, 202]);
    return withData(json.entry);
  }

  /**
   * The user clicks Call: DIAL_NUMBER as HubSpot builds it, for `phoneNumber`, else the record's phone
   * (`phoneProperty`, e.g. "mobilephone"), else the page's record. Returns the entry that went out.
   */
  async dial(phoneNumber?: string, record?: RecordRef, options: { phoneProperty?: string } = {}): Promise<Entry> {
    const body: Record<string, unknown> = {};
    if (phoneNumber !== undefined) body.phoneNumber = phoneNumber;
    if (record !== undefined) body.record = record;
    if (options.phoneProperty !== undefined) body.phoneProperty = options.phoneProperty;
    const { json } = await this.callsim.request<{ entry: LogEntry }>("POST", this.path("dial"), body, [200, 202]);
    return withData(json.entry);
  }

  /**
   * Wait for the next `type` (from the widget unless `from: "host"`) after the last match whose data
   * matches `match` partially (callsim's matchers: `{$any: "string"}`, `{$regex: …}`, …). Returns the entry;
   * throws ExpectationFailed with callsim's diff.
   */
  async expect(type: string, match?: unknown, options: ExpectOptions = {}): Promise<Entry> {
    const within = options.within ?? EXPECT_WITHIN_S;
    const answer = await this.callsim.request<{ ok: boolean; entry?: LogEntry; error?: string }>(
      "POST",
      this.path("expect"),
      this.expectation(type, match, options.from, within),
    );
    if (!answer.json.ok || !answer.json.entry) throw new ExpectationFailed(answer.json.error ?? `no ${type} within ${within} s`);
    this.cursor = Math.max(this.cursor, answer.json.entry.seq);
    return withData(answer.json.entry);
  }

  /** Fail (ExpectationFailed) if a matching `type` arrives within `within` s after the last match. */
  async expectNone(type: string, match?: unknown, options: ExpectOptions = {}): Promise<void> {
    const within = options.within ?? EXPECT_NONE_WITHIN_S;
    const answer = await this.callsim.request<{ ok: boolean; error?: string }>(
      "POST",
      this.path("expect_none"),
      this.expectation(type, match, options.from, within),
    );
    if (!answer.json.ok) throw new ExpectationFailed(answer.json.error ?? `unexpected ${type}`);
  }

  private expectation(type: string, match: unknown, from: Source | undefined, within: number): Record<string, unknown> {
    const body: Record<string, unknown> = { type, after: this.cursor, within };
    if (match !== undefined) body.match = match;
    if (from !== undefined) body.from = from;
    return body;
  }

  /** Change how the mock HubSpot answers from now on, e.g. `{fail_create_engagement: true}`; returns the summary. */
  async configureHost(faults: Faults): Promise<Record<string, unknown>> {
    // api/control.py hands the body itself to Session.configure_host: the faults, not wrapped
    const { json } = await this.callsim.request<Record<string, unknown>>("POST", this.path("host"), faults);
    return json;
  }

  /** Every violation logged so far (warnings included) and counts per rule. */
  async violations(): Promise<Violations> {
    const { json } = await this.callsim.request<Violations>("GET", this.path("violations"));
    return json;
  }

  /** The session's log: every message both ways, notes and violations, after `since` (a seq). */
  async log(since = 0): Promise<Entry[]> {
    const { json } = await this.callsim.request<{ entries: LogEntry[]; last: number }>("GET", this.path(`log?since=${since}`));
    return json.entries.map(withData);
  }

  /**
   * The log as it happens: entries after `since`, then each new one, until the loop breaks, `signal`
   * aborts or the session's stream ends. Server-sent events read with fetch (Node 20 has no EventSource).
   */
  async *stream(options: { since?: number; signal?: AbortSignal } = {}): AsyncGenerator<Entry, void, undefined> {
    const controller = new AbortController();
    const abort = () => controller.abort();
    options.signal?.addEventListener("abort", abort, { once: true });
    const url = this.callsim.url.replace(/\/$/, "") + this.path(`stream?since=${options.since ?? 0}`);
    try {
      const response = await fetch(url, { signal: controller.signal, headers: { Accept: "text/event-stream" } });
      if (!response.ok || !response.body) {
        throw new CallsimApiError(`GET ${url}: ${response.status} ${await response.text()}`, response.status, undefined);
      }
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = "";
      for (;;) {
        let chunk: { done: boolean; value?: string };
        try {
          chunk = await reader.read();
        } catch (error) {
          if (controller.signal.aborted) return;
          throw error;
        }
        if (chunk.done) return;
        buffer += (chunk.value ?? "").replace(/\r\n?/g, "\n");
        let end: number;
        while ((end = buffer.indexOf("\n\n")) >= 0) {
          const event = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          // an event's data: lines joined by \n (the SSE spec); ": keep-alive" comments carry none
          const data = event
            .split("\n")
            .filter((line) => line.startsWith("data:"))
            .map((line) => line.slice(5).replace(/^ /, ""))
            .join("\n");
          if (data) yield withData(JSON.parse(data) as LogEntry);
        }
      }
    } catch (error) {
      if (controller.signal.aborted && (error as Error).name === "AbortError") return;
      throw error;
    } finally {
      options.signal?.removeEventListener("abort", abort);
      controller.abort(); // a loop that breaks closes the connection
    }
  }

  /** The widget's frame in `page` (default: this session's page), e.g. `s.frame().locator("button").click()`. */
  frame(): P extends FrameHost<infer F> ? F : never;
  frame<F>(page: FrameHost<F>): F;
  frame<F>(page?: FrameHost<F>): F {
    const host = (page ?? this.page) as unknown as Partial<FrameHost<F>>;
    if (typeof host.frameLocator !== "function") {
      throw new CallsimError("frame(page) needs a Playwright Page (with frameLocator)");
    }
    return host.frameLocator(WIDGET_IFRAME);
  }
}

/** The widget's frame in a record page: `page.frameLocator(WIDGET_IFRAME)`. */
export function widgetFrame<F>(page: FrameHost<F>): F {
  return page.frameLocator(WIDGET_IFRAME);
}

// ---------------------------------------------------------------------------------------------
// Scenarios: played by callsim's own engine

export interface RunScenarioOptions extends CommandOptions {
  /** Run against this widget page (default: the scenario's `widget:`, else the sample widget). */
  widget?: string;
  /** More `callsim run` arguments, e.g. `["--strict"]` or `["--browser", path]`. */
  args?: string[];
  cwd?: string;
}

export interface ScenarioResult {
  /** callsim run's exit code: 0 when every scenario passed. */
  exitCode: number;
  /** The JSON report (`callsim run --json`); null when callsim wrote none (e.g. a bad argument). */
  report: any;
  stdout: string;
  stderr: string;
}

/** Play YAML scenario files (or folders) with `callsim run FILE --json TMP`: one engine, callsim's. */
export async function runScenario(file: string | string[], options: RunScenarioOptions = {}): Promise<ScenarioResult> {
  const folder = await mkdtemp(join(tmpdir(), "callsim-run-"));
  const reportFile = join(folder, "report.json");
  const files = Array.isArray(file) ? file : [file];
  const widget = options.widget === undefined ? [] : ["--widget", options.widget];
  const [program, args] = commandLine(options.python, ["run", ...files, "--json", reportFile, ...widget, ...(options.args ?? [])]);
  try {
    const child = spawn(program, args, {
      cwd: options.cwd,
      env: { ...process.env, ...options.env, PYTHONUNBUFFERED: "1" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout!.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
    child.stderr!.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    const exitCode = await new Promise<number>((resolve, reject) => {
      child.once("error", (error: NodeJS.ErrnoException) =>
        reject(error.code === "ENOENT" ? notInstalled(program) : new CallsimError(`${program}: ${error.message}`)),
      );
      child.once("close", (code, signal) => resolve(code ?? (signal ? 128 : 1)));
    });
    let report: unknown = null;
    try {
      report = JSON.parse(await readFile(reportFile, "utf8"));
    } catch {
      report = null; // no report: stderr says why
    }
    return { exitCode, report, stdout, stderr };
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}
