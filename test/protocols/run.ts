// `npm run test:protocols`: every JSON-protocol case of the compliance suites through the
// generator. One line per failing case, one per skipped case with its reason, then the counts.
// PROTOCOL_TESTS_DIR points it at another copy of the suites; `--include-ignored` also runs the
// cases the ignore list names (to see which of them pass anyway); `--sample` runs the sample
// `npm test` runs (every skipped case reported, one in 8 of the others from each suite file).
import path from "node:path";
import { ROOT } from "../helpers.js";
import { runCases } from "./runner.js";
import { SUITES_DIR, listCases, sampleCases } from "./suites.js";

const started = performance.now();
const includeIgnored = process.argv.includes("--include-ignored");
const listed = listCases(SUITES_DIR).map((c) => (includeIgnored && c.skip?.includes("ignore list") ? { ...c, skip: undefined } : c));
const cases = process.argv.includes("--sample") ? sampleCases(listed) : listed;
if (cases.length === 0) {
  console.error(`no protocol suites under ${SUITES_DIR}`);
  process.exit(1);
}
for (const c of cases) if (c.skip !== undefined) console.log(`skip ${c.file} ${c.id}: ${c.skip}`);
const results = await runCases(cases, path.join(ROOT, ".vitest-tmp", "protocols"), (r) => {
  if (r.failure !== undefined) console.log(`FAIL ${r.case.file} ${r.case.id}: ${r.failure}`);
});
const failed = results.filter((r) => r.failure !== undefined).length;
const skipped = cases.length - results.length;
console.log(`${results.length - failed} passed, ${failed} failed, ${skipped} skipped (${((performance.now() - started) / 1000).toFixed(1)} s, suites from ${SUITES_DIR})`);
process.exitCode = failed > 0 ? 1 : 0;
