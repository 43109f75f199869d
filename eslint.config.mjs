// ESLint for callsim's JavaScript, no bundler: the record page's ES modules and the sample widget's classic scripts.
import js from "@eslint/js";
import globals from "globals";

const rules = {
  ...js.configs.recommended.rules,
  "no-unused-vars": ["error", { args: "none" }],
  eqeqeq: ["error", "always"],
  "prefer-const": "error",
  "no-var": "error",
};

export default [
  { linterOptions: { reportUnusedDisableDirectives: "error" } },
  {
    files: ["static/js/**/*.js"],
    languageOptions: { ecmaVersion: 2022, sourceType: "module", globals: { ...globals.browser } },
    rules,
  },
  {
    files: ["simulator/sample_widget/**/*.js"], // loaded with <script src>, next to the SDK's UMD bundle
    languageOptions: { ecmaVersion: 2022, sourceType: "script", globals: { ...globals.browser } },
    rules,
  },
];
