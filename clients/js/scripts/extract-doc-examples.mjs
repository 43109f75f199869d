// Writes every ```ts block of docs/javascript.md to doc-examples/, byte for byte, so callsim's tests run
// the doc's code as it stands: a Playwright spec (*.spec.ts) runs in `npm run e2e`, a node:test file
// (*.test.ts) is compiled by `npm run build` (tsconfig.json) and run by test/doc-examples.test.ts,
// and playwright.config.ts gives the e2e config its browser settings. Each block starts with a comment
// naming its file (`// tests/widget.spec.ts`); a block without one is refused, so none goes unrun.

import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { basename, dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const PACKAGE = join(dirname(fileURLToPath(import.meta.url)), "..");
const DOC = join(PACKAGE, "..", "..", "docs", "javascript.md");
const OUT = join(PACKAGE, "doc-examples");
const NAME = /^\/\/ (\S+\.(?:spec|test)\.ts|playwright\.config\.ts)\n/;

/** The doc's ```ts blocks: {name, line, code}, name being the file the block's first line names. */
export function docExamples(text) {
  const examples = [];
  const fence = /^```ts\n([\s\S]*?)^```$/gm;
  for (let found; (found = fence.exec(text)); ) {
    const line = text.slice(0, found.index).split("\n").length;
    const named = NAME.exec(found[1]);
    if (!named) {
      throw new Error(
        `docs/javascript.md:${line}: a \`\`\`ts block must start with a comment naming its file ` +
          `(// tests/NAME.spec.ts, // test/NAME.test.ts or // playwright.config.ts): every block is run`,
      );
    }
    examples.push({ name: basename(named[1]), line, code: found[1] });
  }
  const names = examples.map((e) => e.name);
  const twice = names.find((name, i) => names.indexOf(name) !== i);
  if (twice) throw new Error(`docs/javascript.md: two blocks write ${twice}`);
  return examples;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const examples = docExamples(readFileSync(DOC, "utf8"));
  if (!examples.some((e) => e.name.endsWith(".spec.ts"))) throw new Error("docs/javascript.md has no Playwright spec block");
  rmSync(OUT, { recursive: true, force: true }); // a block removed from the doc leaves no file behind
  mkdirSync(OUT);
  for (const { name, line, code } of examples) {
    writeFileSync(join(OUT, name), code);
    console.log(`${relative(PACKAGE, join(OUT, name))} <- docs/javascript.md:${line}`);
  }
}
