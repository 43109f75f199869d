// The fixture (@callsim/client/test) against callsim's sample widget: each test gets its worker's callsim
// and a record page in its own page. The two test.fail() tests fail on purpose; test/e2e.test.ts reads
// the JSON report and checks what they carry (callsim's diff as the error, the callsim-log attachment).

import { expect, test, WIDGET_IFRAME } from "@callsim/client/test";

const NUMBER = "+16175550100";

test.use({ callsimSession: { context: { record: { type: "contact", id: 51 } } } });

// the first test's session and server, seen from the next test in the same worker
let previous: { sessionId: string; callsimUrl: string } | undefined;

test("sign in, dial, capture the call's id, and the widget answers that call", async ({ widgetSession, page }) => {
  const widget = widgetSession.frame();
  await widget.locator("#agent").fill("Ada Lovelace");
  await widget.locator('[data-action="sign-in"]').click();
  await expect(widget.locator("#agent-name")).toHaveText("Ada Lovelace");
  await widgetSession.expect("LOGGED_IN");

  await widgetSession.dial(NUMBER);
  const started = await widgetSession.expect("OUTGOING_CALL_STARTED", {
    toNumber: NUMBER,
    externalCallId: { $any: "string" },
  });
  const id: string = started.data.externalCallId;
  expect(id).not.toBe("");
  const answered = await widgetSession.expect("CALL_ANSWERED", { externalCallId: id });
  expect(answered.seq).toBeGreaterThan(started.seq);

  // frame() is the record page's widget iframe in this test's page
  await expect(page.frameLocator(WIDGET_IFRAME).locator('[data-action="hang-up"]')).toBeVisible();
  const { violations } = await widgetSession.violations();
  expect(violations.filter((v) => v.severity === "error")).toEqual([]);
  previous = { sessionId: widgetSession.id, callsimUrl: widgetSession.callsim.url };
});

test("the next test in the worker: the same callsim, a new session, the last one closed", async ({ widgetSession, callsim }) => {
  expect(previous, "the first test ran before this one, in this worker").toBeDefined();
  expect(callsim.url).toBe(previous!.callsimUrl);
  expect(widgetSession.id).not.toBe(previous!.sessionId);
  await expect.poll(async () => (await callsim.sessions()).map((s) => s.id)).not.toContain(previous!.sessionId);
  await widgetSession.expect("INITIALIZED");
});

test("a missing message fails the test with callsim's diff", async ({ widgetSession, callsim }) => {
  test.fail(); // on purpose: test/e2e.test.ts checks the error against the server's own words
  await widgetSession.expect("INITIALIZED");
  const response = await fetch(`${callsim.url}api/sessions/${widgetSession.id}/expect`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ type: "CALL_COMPLETED", match: {}, after: widgetSession.cursor, within: 0.5 }),
  });
  const server = (await response.json()) as { ok: boolean; error: string };
  test.info().annotations.push({ type: "callsim-diff", description: server.error });
  await widgetSession.expect("CALL_COMPLETED", {}, { within: 0.5 }); // nobody hung up
});

test("a message that does not match fails with callsim's diff", async ({ widgetSession }) => {
  test.fail(); // on purpose: docs/javascript.md's "How failures read" shows this test's error
  await widgetSession.expect("INITIALIZED", { sizeInfo: { width: 300 } }, { within: 1 });
});
