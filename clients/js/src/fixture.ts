/**
 * A Playwright Test fixture for callsim: `import { test, expect } from "@callsim/client/test"`.
 *
 * - `callsim` (worker-scoped): one `callsim serve` per worker (startCallsim), stopped when the worker ends.
 * - `widgetSession` (test-scoped): a record page with the widget in the test's own `page` (its own browser
 *   context), claimed so parallel workers never swap sessions; the page is closed after the test.
 * - options: `callsimSession` (openSession's widgetUrl, context, faults) and `callsimServer` (startCallsim's
 *   python, args, env), set with `test.use({...})` or in playwright.config.ts.
 *
 * widgetSession's calls are boxed steps: a missed expectation fails the test at the line that called it,
 * with callsim's diff as the error's message (as `callsim run` prints it), and a failed test gets the
 * session's log attached as "callsim-log" (JSON).
 */

import { expect, test as base, type Page, type TestInfo } from "@playwright/test";

import {
  Callsim,
  startCallsim,
  WidgetSession,
  type Entry,
  type ExpectOptions,
  type Faults,
  type OpenSessionOptions,
  type RecordRef,
  type StartOptions,
} from "./index.js";

export * from "./index.js";
export { expect };

/** The `callsimSession` option: how each test's record page is opened (Callsim.openSession's options). */
export type CallsimSessionOptions = OpenSessionOptions;
/** The `callsimServer` option: how each worker's `callsim serve` is started (startCallsim's options). */
export type CallsimServerOptions = StartOptions;

export interface CallsimTestFixtures {
  /** Options for the test's record page: `test.use({callsimSession: {context: {...}, faults: {...}}})`. */
  callsimSession: CallsimSessionOptions;
  /** The test's record page with the widget, in the test's `page`; its calls are steps in the report. */
  widgetSession: WidgetSession<Page>;
}

export interface CallsimWorkerFixtures {
  /** Options for each worker's server, e.g. `{args: ["--widget", "http://localhost:9025/"]}`. */
  callsimServer: CallsimServerOptions;
  /** This worker's `callsim serve` (one per worker). */
  callsim: Callsim;
}

/** The name of the log attached to a failed test. */
export const CALLSIM_LOG_ATTACHMENT = "callsim-log";

/**
 * A WidgetSession whose calls are Playwright steps. `box: true` makes a failure point at the test's line
 * (not inside this package) and keeps the error's message: for expect/expectNone, callsim's diff.
 */
class SteppedSession extends WidgetSession<Page> {
  override async send(type: string, data?: Record<string, unknown>): Promise<Entry> {
    return await base.step(`callsim send ${type}`, () => super.send(type, data), { box: true });
  }

  override async dial(phoneNumber?: string, record?: RecordRef, options: { phoneProperty?: string } = {}): Promise<Entry> {
    const what = phoneNumber ?? (record ? `${record.type} ${record.id}` : "the record");
    return await base.step(`callsim dial ${what}`, () => super.dial(phoneNumber, record, options), { box: true });
  }

  override async expect(type: string, match?: unknown, options: ExpectOptions = {}): Promise<Entry> {
    return await base.step(`callsim expect ${type}`, () => super.expect(type, match, options), { box: true });
  }

  override async expectNone(type: string, match?: unknown, options: ExpectOptions = {}): Promise<void> {
    return await base.step(`callsim expectNone ${type}`, () => super.expectNone(type, match, options), { box: true });
  }

  override async configureHost(faults: Faults): Promise<Record<string, unknown>> {
    const names = Object.keys(faults).join(", ") || "no faults";
    return await base.step(`callsim configureHost ${names}`, () => super.configureHost(faults), { box: true });
  }
}

function failed(testInfo: TestInfo): boolean {
  // a test.fail() test that failed as expected counts too: its log is what shows why
  return testInfo.status !== "passed" && testInfo.status !== "skipped";
}

async function attachLog(session: WidgetSession<Page>, testInfo: TestInfo): Promise<void> {
  let body: string;
  try {
    body = JSON.stringify(await session.log(), null, 2);
  } catch (error) {
    body = JSON.stringify({ error: `could not read session ${session.id}'s log: ${(error as Error).message}` });
  }
  await testInfo.attach(CALLSIM_LOG_ATTACHMENT, { body, contentType: "application/json" });
}

export const test = base.extend<CallsimTestFixtures, CallsimWorkerFixtures>({
  callsimServer: [{}, { scope: "worker", option: true }],
  callsimSession: [{}, { option: true }],

  callsim: [
    async ({ callsimServer }, use) => {
      const callsim = await startCallsim(callsimServer);
      try {
        await use(callsim);
      } finally {
        await callsim.stop();
      }
    },
    // startCallsim waits up to 30 s for the banner; the worker's fixtures get a minute
    { scope: "worker", timeout: 60_000, title: "callsim serve" },
  ],

  widgetSession: async ({ callsim, callsimSession, page }, use, testInfo) => {
    const opened = await callsim.openSession(page, callsimSession);
    const session = new SteppedSession(callsim, opened.id, page);
    try {
      await use(session);
    } finally {
      if (failed(testInfo)) await attachLog(session, testInfo);
      await page.close(); // the page's WebSocket closes, and so does its session
    }
  },
});
