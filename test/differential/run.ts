// `npm run test:differential`: svcgen's generated clients against the official AWS SDK clients,
// per service. Options: --count N (inputs per service, default 200), --seed N, --service a,b,
// --operation A,B, --verbose (every failing case in full). Exit code 1 when any input fails.
import { parseArgs } from "node:util";
import { NOT_COMPARED } from "./known-differences.js";
import { runService, type ServiceReport } from "./runner.js";
import { SERVICES } from "./services.js";

const { values } = parseArgs({
  options: {
    count: { type: "string", default: "200" },
    seed: { type: "string", default: "20240315" },
    service: { type: "string" },
    operation: { type: "string" },
    verbose: { type: "boolean", default: false },
  },
});
const count = Number(values.count);
const seed = Number(values.seed);
if (!Number.isInteger(count) || count < 1 || !Number.isInteger(seed)) {
  console.error("usage: run.ts [--count N>=1] [--seed INTEGER] [--service a,b] [--operation A,B] [--verbose]");
  process.exit(2);
}
const wanted = values.service?.split(",");
const targets = SERVICES.filter((s) => wanted === undefined || wanted.includes(s.name));
if (targets.length === 0) {
  console.error(`no such service; known: ${SERVICES.map((s) => s.name).join(", ")}`);
  process.exit(2);
}

const MAX_SHOWN = 5;

function print(report: ServiceReport, verbose: boolean): void {
  console.log(
    `${report.service}: ${report.operations} operations, ${report.inputs} inputs tried, ` +
      `${report.requestMismatches} request mismatches, ${report.responseMismatches} response mismatches, ` +
      `Authorization byte-identical ${report.authorizationEqual}/${report.inputs}`,
  );
  if (report.paginated.walks > 0)
    console.log(`  paginators: ${report.paginated.walks} walks, ${report.paginated.requests} pages requested (counted in the inputs)`);
  const ep = report.endpoints;
  console.log(
    ep.notCompared !== undefined
      ? `  endpoints: not compared: ${ep.notCompared}`
      : `  endpoints: ${ep.equal}/${ep.cases} URLs identical, ${ep.refusedByBoth} refused by both, ${ep.mismatches.length} mismatches`,
  );
  for (const m of ep.mismatches) console.log(`  ENDPOINT MISMATCH ${m}`);
  if (verbose) for (const sample of ep.samples) console.log(`    ${sample}`);
  failed += ep.mismatches.length;
  for (const s of report.skipped) console.log(`  skipped ${s.operation}: ${s.reason}`);
  for (const { rule, count: n } of report.explained.values()) console.log(`  explained in ${n} inputs [${rule.id}] ${rule.summary}`);
  for (const failure of verbose ? report.failures : report.failures.slice(0, MAX_SHOWN)) {
    console.log(`  FAIL ${failure.operation} (seed ${failure.seed}, case ${failure.index})`);
    for (const d of failure.differences)
      console.log(`    ${d.side} ${d.aspect}${d.where === "" ? "" : ` ${d.where}`}: sdk ${d.sdk} | svcgen ${d.svcgen}`);
    if (verbose) {
      console.log(
        `    input ${JSON.stringify(failure.input, (_k, v: unknown) => (v instanceof Uint8Array ? `bytes:${Buffer.from(v).toString("base64")}` : v))}`,
      );
      console.log(`    reply ${failure.reply}`);
    }
  }
  if (!verbose && report.failures.length > MAX_SHOWN)
    console.log(`  ... ${report.failures.length - MAX_SHOWN} more failing inputs (--verbose shows all)`);
}

console.log("Not compared, by design:");
for (const note of NOT_COMPARED) console.log(`  - ${note}`);

let passed = 0;
let failed = 0;
for (const target of targets) {
  try {
    const report = await runService(target, { count, seed, operations: values.operation?.split(",") });
    print(report, values.verbose);
    passed += report.passed;
    failed += report.failed;
  } catch (error) {
    // A service that cannot be generated or loaded counts as one failure, and the others still run.
    console.log(`${target.name}: could not run: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    failed++;
  }
}
console.log(`${passed} passed, ${failed} failed`);
process.exitCode = failed > 0 ? 1 : 0;
