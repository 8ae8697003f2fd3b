// `npm run test:mocks`: for a sample of corpus models of every protocol, generates the package,
// starts its mock server and round-trips one generated call per operation (roundtrip.ts). Prints
// a line per model and each failure; then (without --only) runs `svcgen mock` as a process
// (cli.ts). Exits 1 when anything fails.
//   --only a,b   these services only
import path from "node:path";
import { rmSync } from "node:fs";
import { generate } from "../../generator/generate.js";
import { CORPUS_MODELS, ROOT } from "../helpers.js";
import { listCorpusModels } from "../corpus/models.js";
import { checkMockCommand } from "./cli.js";
import { roundTrip } from "./roundtrip.js";

/** Two or three models per protocol: small and large, the XML ones with payloads and attributes. */
export const MOCK_SAMPLE: Readonly<Record<string, readonly string[]>> = {
  "rest-json": ["account", "lambda", "iot-managed-integrations"],
  json: ["dynamodb", "kinesis", "secretsmanager"],
  query: ["sdb", "elb", "iam"],
  ec2: ["ec2"],
  "rest-xml": ["route53", "cloudfront"],
  "smithy-rpc-v2-cbor": ["cloudwatch"],
};

const args = process.argv.slice(2);
const onlyAt = args.indexOf("--only");
const only = onlyAt === -1 ? undefined : args[onlyAt + 1]?.split(",");
const wanted = only ?? Object.values(MOCK_SAMPLE).flat();
const { models } = listCorpusModels(CORPUS_MODELS);
const out = path.join(ROOT, ".vitest-tmp", "mocks");
rmSync(out, { recursive: true, force: true });

const started = performance.now();
let failures = 0;
let operations = 0;
let passed = 0;
for (const name of wanted) {
  const model = models
    .filter((m) => m.name.split("/")[0] === name)
    .sort((a, b) => (a.name < b.name ? -1 : 1))
    .at(-1);
  if (model === undefined) {
    console.log(`FAIL ${name}: not in the corpus`);
    failures++;
    continue;
  }
  const t0 = performance.now();
  const { packages } = await generate({ model: model.dir, out: path.join(out, name), format: false });
  const pkg = packages[0]!;
  const result = await roundTrip(path.join(out, name, pkg.ir.packageName), pkg.ir);
  operations += result.operations;
  passed += result.passed;
  failures += result.failed.length;
  console.log(
    `${result.failed.length === 0 ? "ok  " : "FAIL"} ${name} (${model.protocol}): ${result.passed} of ${result.operations} operations round-trip, ${result.skipped.length} skipped, ${result.failed.length} failed (${Math.round(performance.now() - t0)} ms)`,
  );
  if (result.errorPath !== undefined) console.log(`       error path: ${result.errorPath}`);
  for (const [op, why] of result.failed) console.log(`       ${op}: ${why}`);
  for (const [op, why] of result.skipped.slice(0, 5)) console.log(`       skipped ${op}: ${why}`);
}
if (only === undefined) {
  const t0 = performance.now();
  const problems = await checkMockCommand();
  failures += problems.length;
  console.log(`${problems.length === 0 ? "ok  " : "FAIL"} svcgen mock as a process (sdb): ${Math.round(performance.now() - t0)} ms`);
  for (const p of problems) console.log(`       ${p}`);
}
console.log(`${passed} passed, ${failures} failed (${operations} operations, ${Math.round((performance.now() - started) / 1000)} s)`);
process.exit(failures === 0 ? 0 : 1);
