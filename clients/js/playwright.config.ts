// Playwright Test for the fixture (@callsim/client/test): e2e/ holds its specs, doc-examples/ the ones
// docs/javascript.md shows (written there by scripts/extract-doc-examples.mjs, `npm run e2e` runs it
// first). The browser settings are the doc's own config, so the doc's config is the one these tests use.
// Build first (npm run build): the specs import the package by its name, from dist/.

import { defineConfig } from "@playwright/test";

import documented from "./doc-examples/playwright.config.js";

export default defineConfig({
  ...documented,
  testDir: ".",
  testMatch: ["e2e/**/*.spec.ts", "doc-examples/**/*.spec.ts"],
  outputDir: "test-results",
  // two workers: two callsim servers, each test in its own browser context
  workers: 2,
  forbidOnly: true,
  retries: 0,
  // test/e2e.test.ts reads the JSON report (PLAYWRIGHT_JSON_OUTPUT_FILE) of `--reporter=list,json`
  reporter: "list",
});
