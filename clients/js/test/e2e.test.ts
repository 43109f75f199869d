// The Playwright Test suite, run as `npm run e2e` with a JSON report, and what the report says: every test as
// expected (the two test.fail() ones failed), a failed callsim expectation reported as callsim's diff at the
// spec's line, the session's log attached.
//
// The same run takes in the package as a widget's project gets it (docs/javascript.md, Install): `npm install
// --install-links` of this folder into a CommonJS project (what `npm init playwright` writes), with the doc's
// playwright.config.ts and spec there, importing @callsim/client/test from node_modules; playwright.config.ts
// runs that project's tests/ (CALLSIM_WIDGET_PROJECT) with its config's browser settings, so one Playwright
// start, worker and callsim serve both. This checks what the in-package specs cannot: `files` (dist/src is in the
// copy), the exports map from outside the package, a spec that require()s the ESM build, and one
// @playwright/test, the project's (linked to this package's).

import assert from "node:assert/strict";
import { cpSync, existsSync, mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { fileURLToPath } from "node:url";
import { run } from "./run.js";

// dist/test/e2e.test.js -> clients/js
const PACKAGE = fileURLToPath(new URL("../../", import.meta.url));
const DOC = fileURLToPath(new URL("../../../../docs/javascript.md", import.meta.url));
const EXAMPLES = join(PACKAGE, "doc-examples");
const SPEC = "e2e/widget.spec.ts";
const DOC_TEST = "the widget starts the dialled call and answers it";

interface ReportedError {
  message?: string;
  stack?: string;
  location?: { file: string; line: number; column: number };
}
interface ReportedResult {
  status: string;
  error?: ReportedError;
  errors: ReportedError[];
  attachments: { name: string; contentType: string; body?: string; path?: string }[];
  steps?: { title: string }[];
}
interface ReportedTest {
  file: string;
  title: string;
  status: string; // "expected", "unexpected", "flaky", "skipped"
  expectedStatus: string;
  annotations: { type: string; description?: string }[];
  results: ReportedResult[];
}

/** Every test of a Playwright JSON report, with its file and title. */
function testsOf(report: any): ReportedTest[] {
  const found: ReportedTest[] = [];
  const visit = (suite: any) => {
    for (const spec of suite.specs ?? []) {
      for (const t of spec.tests) found.push({ ...t, file: spec.file, title: spec.title });
    }
    for (const child of suite.suites ?? []) visit(child);
  };
  for (const suite of report.suites ?? []) visit(suite);
  return found;
}


/** Lines without their common indentation, trailing blanks dropped. */
function dedent(lines: string[]): string {
  const indent = Math.min(...lines.filter((l) => l.trim()).map((l) => l.length - l.trimStart().length));
  return lines
    .map((l) => l.slice(indent))
    .join("\n")
    .trimEnd();
}

describe("the Playwright suite with the fixture", { timeout: 300_000 }, () => {
  let folder: string;
  let output: string;
  let code: number;
  let install: { code: number; output: string };
  let installed: string;
  let project: string | undefined;
  let tests: ReportedTest[];
  const named = (title: string) => {
    const found = tests.find((t) => t.file === SPEC && t.title === title);
    assert.ok(found, `${SPEC} › ${title} is in the report:\n${output}`);
    return found;
  };

  before(async () => {
    assert.ok(
      existsSync(join(PACKAGE, "node_modules", "@playwright", "test")),
      "@playwright/test is not installed: run `npm ci` in clients/js",
    );
    assert.ok(existsSync(join(PACKAGE, "dist", "src", "fixture.js")), "dist/ is missing: npm run build");
    assert.ok(existsSync(join(EXAMPLES, "playwright.config.ts")), "doc-examples/ is missing: npm run build writes it");
    folder = await mkdtemp(join(tmpdir(), "callsim-e2e-"));
    const file = join(folder, "report.json");
    // the widget's project
    // in this package's folder, for this run's testDir to hold its tests (Playwright's one worker then serves
    // both); its own package.json and node_modules come first in its lookups
    project = await mkdtemp(join(PACKAGE, "widget-project-"));
    writeFileSync(join(project, "package.json"), JSON.stringify({ name: "widget", private: true }, null, 2));
    // the package has no dependencies: nothing to fetch
    install = await run(
      "npm",
      ["install", "--offline", "--no-audit", "--no-fund", "--ignore-scripts", "--save-dev", "--install-links", PACKAGE],
      { cwd: project },
    );
    installed = join(project, "node_modules", "@callsim", "client");
    // the project's @playwright/test: this package's, linked (npm would fetch the same version)
    mkdirSync(join(project, "node_modules", "@playwright"), { recursive: true });
    symlinkSync(join(PACKAGE, "node_modules", "@playwright", "test"), join(project, "node_modules", "@playwright", "test"));
    cpSync(join(EXAMPLES, "playwright.config.ts"), join(project, "playwright.config.ts"));
    mkdirSync(join(project, "tests"));
    cpSync(join(EXAMPLES, "widget.spec.ts"), join(project, "tests", "widget.spec.ts"));

    ({ code, output } = await run("npm", ["run", "--silent", "e2e", "--", "--reporter=list,json"], {
      cwd: PACKAGE,
      env: { PLAYWRIGHT_JSON_OUTPUT_FILE: file, CALLSIM_WIDGET_PROJECT: project },
    }));
    tests = testsOf(JSON.parse(await readFile(file, "utf8").catch(() => `{"suites": []}`)));
  });

  after(async () => {
    if (folder) await rm(folder, { recursive: true, force: true });
    if (project) await rm(project, { recursive: true, force: true });
  });

  test("npm run e2e passes: each test as expected", () => {
    assert.equal(code, 0, `npm run e2e failed (${code}):\n${output}`);
    const unexpected = tests.filter((t) => t.status !== "expected");
    assert.deepEqual(unexpected.map((t) => `${t.file} › ${t.title}: ${t.status}`), [], output);
    assert.equal(tests.filter((t) => t.file === SPEC).length, 4, output);
  });

  test("npm install --install-links, then the doc's Playwright spec in the widget's project", () => {
    assert.equal(install.code, 0, `npm install failed:\n${install.output}`);
    assert.ok(existsSync(join(installed, "dist", "src", "fixture.js")), "the copy has dist/src");
    assert.ok(!existsSync(join(installed, "node_modules")), "the copy has no node_modules of its own");
    // the doc's spec, passed in the widget's project (e2e/ does not hold it: this is the doc spec's one run)
    const doc = tests.filter((t) => t.title === DOC_TEST);
    assert.equal(doc.length, 1, output);
    assert.ok(doc[0]!.file.endsWith("widget.spec.ts") && doc[0]!.file !== SPEC, `${doc[0]!.file}:\n${output}`);
    assert.equal(doc[0]!.results[0]!.status, "passed", output);
    assert.match(output, /widget-project-\w+\/tests\/widget\.spec\.ts.*the widget starts the dialled call and answers it/, output);
  });

  test("a missing message: the error is callsim's diff, verbatim, at the spec's line, with the log attached", async () => {
    const missing = named("a missing message fails the test with callsim's diff");
    assert.equal(missing.expectedStatus, "failed");
    const [result] = missing.results;
    assert.equal(result!.status, "failed");
    const diff = missing.annotations.find((a) => a.type === "callsim-diff")?.description;
    assert.ok(diff, "the test noted what the server says for the same expectation");
    assert.match(diff, /no CALL_COMPLETED received/);

    const error = result!.error!;
    assert.equal(error.message, `ExpectationFailed: ${diff}`);
    // the boxed step: the failure points at the test's own line, not into the client
    const source = (await readFile(join(PACKAGE, SPEC), "utf8")).split("\n");
    const line = source.findIndex((l) => l.includes('widgetSession.expect("CALL_COMPLETED"')) + 1;
    assert.equal(error.location?.file, join(PACKAGE, SPEC));
    assert.equal(error.location?.line, line);
    const frames = (error.stack ?? "").split("\n").filter((l) => l.trimStart().startsWith("at "));
    assert.ok(frames.length > 0 && frames.every((l) => l.includes(SPEC)), `only the spec's frames:\n${error.stack}`);
    assert.ok(result!.steps?.some((s) => s.title === "callsim expect CALL_COMPLETED"), "the expectation is a step");

    const log = result!.attachments.find((a) => a.name === "callsim-log");
    assert.ok(log, `a callsim-log attachment: ${JSON.stringify(result!.attachments.map((a) => a.name))}`);
    assert.equal(log.contentType, "application/json");
    const entries = JSON.parse(Buffer.from(log.body!, "base64").toString("utf8")) as { type: string; session_id: string }[];
    assert.ok(entries.some((e) => e.type === "INITIALIZED"), "the log holds the session's messages");
    assert.equal(new Set(entries.map((e) => e.session_id)).size, 1, "one session's log");
  });

  test("a test that passes has no log attached", () => {
    const passed = named("sign in, dial, capture the call's id, and the widget answers that call");
    assert.equal(passed.results[0]!.status, "passed");
    assert.deepEqual(passed.results[0]!.attachments.filter((a) => a.name === "callsim-log"), []);
  });

  test("docs/javascript.md's failure is the one the fixture reports", async () => {
    const mismatch = named("a message that does not match fails with callsim's diff");
    const message = mismatch.results[0]!.error?.message ?? "";
    // the doc's ```text block under "How failures read": the message is its lines from ExpectationFailed
    // to the first blank line, the code frame's > line is the spec's call
    const doc = await readFile(DOC, "utf8");
    const block = /## How failures read[\s\S]*?```text\n([\s\S]*?)```/.exec(doc)?.[1];
    assert.ok(block, "docs/javascript.md has a text block under How failures read");
    const lines = block.split("\n");
    const first = lines.findIndex((l) => l.trimStart().startsWith("ExpectationFailed: "));
    const blank = lines.findIndex((l, i) => i > first && !l.trim());
    const seq = (text: string) => text.replace(/\bseq \d+:/g, "seq N:"); // the seq depends on the handshake
    assert.equal(seq(dedent(lines.slice(first, blank))), seq(message));
    const call = lines.find((l) => /^\s*> \d+ \|/.test(l))?.replace(/^\s*> \d+ \| ?/, "");
    const source = await readFile(join(PACKAGE, SPEC), "utf8");
    assert.ok(call && source.split("\n").includes(call), `the doc's > line is in ${SPEC}: ${call}`);
  });
});
