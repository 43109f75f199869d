// docs/javascript.md's node:test example (the plain client and runScenario), as a reader runs it: in a
// project where `callsim init` wrote scenarios/. `npm run build` wrote it to doc-examples/ and compiled
// it to dist/doc-examples/ (tsconfig.json); its Playwright spec runs in test/e2e.test.ts.

import assert from "node:assert/strict";
import { existsSync, readdirSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { run } from "./run.js";

// dist/test/doc-examples.test.js -> dist/doc-examples
const COMPILED = fileURLToPath(new URL("../doc-examples/", import.meta.url));


test("the doc's node:test file passes in a project with callsim init's scenarios/", { timeout: 180_000 }, async () => {
  assert.ok(existsSync(COMPILED), `${COMPILED} is missing: npm run build writes and compiles the doc's examples`);
  const files = readdirSync(COMPILED).filter((name) => name.endsWith(".test.js"));
  assert.ok(files.length > 0, `the doc has a node:test example (${COMPILED})`);

  const project = await mkdtemp(join(tmpdir(), "callsim-doc-"));
  try {
    const python = process.env.CALLSIM_PYTHON;
    const [program, args] = python ? [python, ["-m", "simulator", "init", project]] : ["callsim", ["init", project]];
    const init = await run(program, args, { cwd: project });
    assert.equal(init.code, 0, `callsim init failed:\n${init.output}`);

    const result = await run(process.execPath, ["--test", ...files.map((name) => join(COMPILED, name))], { cwd: project });
    assert.equal(result.code, 0, `the doc's example failed:\n${result.output}`);
    assert.match(result.output, /^# pass [1-9]/m, result.output);
    assert.match(result.output, /^# fail 0$/m, result.output);
  } finally {
    await rm(project, { recursive: true, force: true });
  }
});
