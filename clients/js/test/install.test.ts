// The package as a widget's project gets it (docs/javascript.md, Install): `npm install --install-links`
// of this folder into a CommonJS project (what `npm init playwright` writes), then the doc's
// playwright.config.ts and spec run there, importing @callsim/client/test from node_modules. This checks
// what the in-package suites cannot: `files` (dist/src is in the copy), the exports map from outside the
// package, a spec that require()s the ESM build, and one @playwright/test, the project's.

import assert from "node:assert/strict";
import { cpSync, existsSync, mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { run } from "./run.js";

// dist/test/install.test.js -> clients/js
const PACKAGE = fileURLToPath(new URL("../../", import.meta.url));
const EXAMPLES = join(PACKAGE, "doc-examples");


test("npm install --install-links, then the doc's Playwright spec in the widget's project", { timeout: 180_000 }, async () => {
  assert.ok(existsSync(join(PACKAGE, "dist", "src", "fixture.js")), "dist/ is missing: npm run build");
  assert.ok(existsSync(join(EXAMPLES, "playwright.config.ts")), "doc-examples/ is missing: npm run build writes it");
  const project = await mkdtemp(join(tmpdir(), "callsim-widget-"));
  try {
    writeFileSync(join(project, "package.json"), JSON.stringify({ name: "widget", private: true }, null, 2));
    // the package has no dependencies: nothing to fetch
    const install = await run(
      "npm",
      ["install", "--offline", "--no-audit", "--no-fund", "--ignore-scripts", "--save-dev", "--install-links", PACKAGE],
      { cwd: project },
    );
    assert.equal(install.code, 0, `npm install failed:\n${install.output}`);
    const installed = join(project, "node_modules", "@callsim", "client");
    assert.ok(existsSync(join(installed, "dist", "src", "fixture.js")), "the copy has dist/src");
    assert.ok(!existsSync(join(installed, "node_modules")), "the copy has no node_modules of its own");
    // the project's @playwright/test: this package's, linked (npm would fetch the same version)
    mkdirSync(join(project, "node_modules", "@playwright"));
    symlinkSync(join(PACKAGE, "node_modules", "@playwright", "test"), join(project, "node_modules", "@playwright", "test"));

    cpSync(join(EXAMPLES, "playwright.config.ts"), join(project, "playwright.config.ts"));
    mkdirSync(join(project, "tests"));
    cpSync(join(EXAMPLES, "widget.spec.ts"), join(project, "tests", "widget.spec.ts"));
    const cli = join(project, "node_modules", "@playwright", "test", "cli.js");
    const result = await run(process.execPath, [cli, "test", "--reporter=list"], { cwd: project });
    assert.equal(result.code, 0, `playwright test failed in the widget's project:\n${result.output}`);
    // the doc's spec, passed (the package's own `npm run e2e` runs only e2e/: this is the doc spec's one run)
    assert.match(result.output, /1 passed/, result.output);
    assert.match(result.output, /widget\.spec\.ts.*the widget starts the dialled call and answers it/, result.output);
  } finally {
    await rm(project, { recursive: true, force: true });
  }
});
