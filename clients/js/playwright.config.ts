// Playwright Test for the fixture (@callsim/client/test): e2e/ holds its specs. The browser settings are the
// doc's own config (doc-examples/, written by scripts/extract-doc-examples.mjs, which `npm run e2e` runs
// first), so the doc's config is the one these tests use; the doc's spec runs where a reader runs it, in a
// project that installed the package (test/install.test.ts), not a second time here.
// Build first (npm run build): the specs import the package by its name, from dist/.

import { defineConfig } from "@playwright/test";

import documented from "./doc-examples/playwright.config.js";

export default defineConfig({
  ...documented,
  testDir: ".",
  testMatch: ["e2e/**/*.spec.ts"],
  outputDir: "test-results",
  // one worker (one spec file: its tests run in order, as the second one checks): one callsim server, each test
  // in its own browser context
  workers: 1,
  forbidOnly: true,
  retries: 0,
  // test/e2e.test.ts reads the JSON report (PLAYWRIGHT_JSON_OUTPUT_FILE) of `--reporter=list,json`
  reporter: "list",
});
