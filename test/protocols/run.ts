// `npm run test:protocols`: every case of the compliance suites through the generator (rest-json,
// json, query, ec2, rest-xml, smithy-rpc-v2-cbor and the legacy suites; cases of any other
// protocol are listed as skipped). One line per failing case, one per skipped case with its reason, the counts per
// protocol, then one last line `N passed, N failed, N skipped` over every case.
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
// Per protocol (the suite's metadata.protocol; json_1_0 and query-compatible suites count as json).
const perProtocol = new Map<string, { passed: number; failed: number; skipped: number }>();
const row = (protocol: string) => {
  let r = perProtocol.get(protocol);
  if (!r) perProtocol.set(protocol, (r = { passed: 0, failed: 0, skipped: 0 }));
  return r;
};
for (const c of cases) if (c.skip !== undefined) row(c.suite.metadata.protocol).skipped++;
for (const r of results) row(r.case.suite.metadata.protocol)[r.failure === undefined ? "passed" : "failed"]++;
for (const [protocol, r] of [...perProtocol].sort(([a], [b]) => (a < b ? -1 : 1))) {
  console.log(`  ${protocol}: ${r.passed} passed, ${r.failed} failed, ${r.skipped} skipped`);
}
console.log(`(${((performance.now() - started) / 1000).toFixed(1)} s, suites from ${SUITES_DIR})`);
console.log(`${results.length - failed} passed, ${failed} failed, ${skipped} skipped`);
process.exitCode = failed > 0 ? 1 : 0;
