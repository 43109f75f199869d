// The client against a real `callsim serve` (started by the client), a real system Chromium and callsim's
// sample widget on the real SDK, on its own origin. CALLSIM_PYTHON names a Python with callsim installed
// (else the `callsim` command); CALLSIM_BROWSER a Chrome/Chromium (else /usr/bin/chromium).

import assert from "node:assert/strict";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, describe, test } from "node:test";
import { fileURLToPath } from "node:url";

import { chromium, type Browser, type Page } from "playwright-core";

import {
  attachCallsim,
  CALLSIM_SERIES,
  Callsim,
  CallsimError,
  ExpectationFailed,
  runScenario,
  startCallsim,
  type Entry,
  type WidgetSession,
} from "../src/index.js";

const BROWSER = process.env.CALLSIM_BROWSER ?? "/usr/bin/chromium";
// dist/test/client.test.js -> the repository's root
const REPO = fileURLToPath(new URL("../../../../", import.meta.url));
const NUMBER = "+16175550100";

describe("a session on the sample widget", () => {
  let callsim: Callsim;
  let browser: Browser;
  let page: Page;
  let session: WidgetSession<Page>;

  before(async () => {
    [callsim, browser] = await Promise.all([
      startCallsim(),
      chromium.launch({ executablePath: BROWSER, args: ["--disable-gpu", "--disable-quic"] }),
    ]);
    page = await browser.newPage();
    session = await callsim.openSession(page);
  });

  after(async () => {
    await browser?.close();
    await callsim?.stop();
  });

  test("the banner gives both origins", () => {
    assert.match(callsim.url, /^http:\/\/127\.0\.0\.1:\d+\/$/);
    assert.match(callsim.sampleWidgetUrl ?? "", /^http:\/\/127\.0\.0\.1:\d+\/$/);
    assert.notEqual(new URL(callsim.url).port, new URL(callsim.sampleWidgetUrl!).port);
  });

  test("sign in, dial, capture the call's id, and the widget answers that call", async () => {
    const initialized = await session.expect("INITIALIZED", { sizeInfo: { width: { $any: "number" } } });
    assert.equal(typeof initialized.seq, "number");
    assert.equal(session.cursor, initialized.seq);

    await session.frame().locator('[data-action="sign-in"]').click();
    await session.expect("LOGGED_IN");

    const dialled = await session.dial(NUMBER);
    assert.equal(dialled.type, "DIAL_NUMBER");
    assert.equal(dialled.direction, "out");

    const started = await session.expect("OUTGOING_CALL_STARTED", {
      toNumber: NUMBER,
      externalCallId: { $any: "string" },
    });
    const id: string = started.data.externalCallId;
    assert.ok(id.length > 0);
    const answered = await session.expect("CALL_ANSWERED", { externalCallId: id });
    assert.ok(answered.seq > started.seq, "each expect searches after the last match");
    assert.equal(session.cursor, answered.seq);

    const { violations, counts } = await session.violations();
    assert.ok(Array.isArray(violations));
    assert.equal(typeof counts, "object");
    const errors = violations.filter((v) => v.severity === "error");
    assert.deepEqual(errors, [], "the sample widget breaks no protocol rule");
  });

  test("a missed expectation rejects with callsim's diff, verbatim", async () => {
    const failure = await session.expect("CALL_COMPLETED", {}, { within: 0.5 }).then(
      () => assert.fail("CALL_COMPLETED should not come: nobody hung up"),
      (error: unknown) => error,
    );
    assert.ok(failure instanceof ExpectationFailed, `not an ExpectationFailed: ${String(failure)}`);
    assert.ok(failure instanceof Error);
    // what the server itself says for the same expectation (the diff `callsim run` prints)
    const response = await fetch(`${callsim.url}api/sessions/${session.id}/expect`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ type: "CALL_COMPLETED", match: {}, after: session.cursor, within: 0.5 }),
    });
    const server = (await response.json()) as { ok: boolean; error: string };
    assert.equal(server.ok, false);
    assert.equal(failure.message, server.error);
    assert.match(failure.message, /no CALL_COMPLETED received/);
  });

  test("expectNone passes when nothing matching comes, and fails on what came", async () => {
    await session.expectNone("CALL_COMPLETED", undefined, { within: 0.3 });
    // the host's DIAL_NUMBER came after seq 0: expectNone from the host side sees it only past the cursor
    await session.send("END_CALL");
    await assert.rejects(session.expectNone("END_CALL", undefined, { from: "host", within: 0.3 }), ExpectationFailed);
  });

  test("an invalid matcher is the caller's mistake: a 400, not a wait", async () => {
    await assert.rejects(session.expect("CALL_ENDED", { $nope: 1 }), (error: unknown) => {
      assert.ok(error instanceof CallsimError && !(error instanceof ExpectationFailed), String(error));
      assert.match((error as Error).message, /400/);
      return true;
    });
  });

  test("log() and stream() read the same entries", async () => {
    const log = await session.log();
    assert.ok(log.length > 0);
    const loggedIn = log.find((e) => e.type === "LOGGED_IN");
    assert.ok(loggedIn, "LOGGED_IN is in the log");

    const seen: Entry[] = [];
    for await (const entry of session.stream()) {
      seen.push(entry);
      if (entry.seq >= loggedIn.seq) break; // breaking the loop closes the connection
    }
    assert.deepEqual(
      seen.map((e) => e.seq),
      log.filter((e) => e.seq <= loggedIn.seq).map((e) => e.seq),
    );
    assert.equal(seen.at(-1)!.type, "LOGGED_IN");
  });

  test("configureHost sets a fault and refuses an unknown one", async () => {
    await session.configureHost({ fail_create_engagement: true });
    await assert.rejects(session.configureHost({ no_such_fault: true }), /400/);
  });

  test("attachCallsim reaches a running server, and says when there is none", async () => {
    const attached = await attachCallsim(callsim.url);
    assert.equal(attached.url, callsim.url);
    assert.ok((await attached.sessions()).some((s) => s.id === session.id));
    await assert.rejects(attachCallsim("http://127.0.0.1:9/"), /no callsim at http:\/\/127\.0\.0\.1:9\//);
  });

  test("attachCallsim learns the sample widget's URL, and refuses what is not callsim", async () => {
    assert.equal((await attachCallsim(callsim.url)).sampleWidgetUrl, callsim.sampleWidgetUrl);
    await assert.rejects(attachCallsim(callsim.sampleWidgetUrl!), /has no GET \/api\/server: it is not callsim/);
  });

  test("attachCallsim refuses a callsim of another release, naming both", async () => {
    const other = createServer((request, response) => {
      response.setHeader("Content-Type", "application/json");
      response.end(JSON.stringify({ name: "callsim", version: "9.4.0", sampleWidgetUrl: null }));
    });
    await new Promise<void>((resolve) => other.listen(0, "127.0.0.1", resolve));
    const { port } = other.address() as AddressInfo;
    try {
      await assert.rejects(
        attachCallsim(`http://127.0.0.1:${port}/`),
        new RegExp(`callsim 9\\.4\\.0 at .*this client speaks callsim ${CALLSIM_SERIES.replace(".", "\\.")}\\.x`),
      );
    } finally {
      other.close();
    }
  });

  // runScenario on this file's server (`callsim run --server`, args passed through); the doc's example
  // (doc-examples.test) plays its scenarios with a `callsim run` of their own, runScenario's default
  test("runScenario plays YAML with callsim's engine: resize.yaml passes", async () => {
    const result = await runScenario(`${REPO}scenarios/resize.yaml`, { args: ["--server", callsim.url] });
    assert.equal(result.exitCode, 0, `callsim run failed:\n${result.stdout}\n${result.stderr}`);
    assert.ok(result.report, "a JSON report was written");
  });
});

describe("startCallsim errors say what to do", () => {
  test("a missing program", async () => {
    await assert.rejects(startCallsim({ python: "/nonexistent/bin/python" }), /callsim is not installed/);
  });

  test("a program that exits before the banner: its stderr", async () => {
    // node -m simulator: node refuses -m on stderr and exits
    await assert.rejects(startCallsim({ python: process.execPath }), (error: unknown) => {
      assert.ok(error instanceof CallsimError);
      assert.match((error as Error).message, /stopped \(exit \d+\) before it served:\n.*-m/s);
      return true;
    });
  });
});
