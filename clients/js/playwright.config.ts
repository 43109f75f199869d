// Playwright Test for the fixture (@callsim/client/test): e2e/ holds its specs. The browser settings are the
// doc's own config (doc-examples/, written by scripts/extract-doc-examples.mjs, which `npm run e2e` runs
// first), so the doc's config is the one these tests use. The doc's spec runs where a reader runs it, in a
// project that installed the package: test/e2e.test.ts writes that project (a folder of its own in this one,
// with its own package.json and node_modules) and names it in CALLSIM_WIDGET_PROJECT; then its tests/ join
// this run, with the browser settings of that project's playwright.config.ts, the doc's as a CommonJS project
// loads it. One run, one worker and one callsim for both.
// Build first (npm run build): the specs import the package by its name, from dist/.

import { createRequire } from "node:module";
import { join } from "node:path";

import { defineConfig, type PlaywrightTestConfig } from "@playwright/test";

import documented from "./doc-examples/playwright.config.js";

const widget = process.env.CALLSIM_WIDGET_PROJECT;
// require()d, as a CommonJS project's file is (Playwright's hook compiles it)
const widgetConfig = widget
  ? (createRequire(import.meta.url)(join(widget, "playwright.config.ts")) as { default: PlaywrightTestConfig }).default
  : undefined;

export default defineConfig({
  ...documented,
  ...(widgetConfig ? { use: widgetConfig.use } : {}),
  testDir: ".",
  testMatch: ["e2e/**/*.spec.ts", ...(widget ? [join(widget, "tests", "*.spec.ts")] : [])],
  outputDir: "test-results",
  // one worker (one spec file per folder: its tests run in order, as e2e's second one checks): one callsim
  // server, each test in its own browser context
  workers: 1,
  forbidOnly: true,
  retries: 0,
  // test/e2e.test.ts reads the JSON report (PLAYWRIGHT_JSON_OUTPUT_FILE) of `--reporter=list,json`
  reporter: "list",
});
