// npm run test:endpoints: every case of every endpoint-tests-1.json in the corpus. Each rule set
// is compiled by the generator's own compiler into a module beside a copy of the runtime's
// rule-language library, imported, and run on the case's params; url, headers and properties are
// compared deeply, errors by message. All modules are then type-checked under the generated
// packages' strict flags. Options: --only a,b (service folders), --no-typecheck, --verbose.
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { spawnSync } from "node:child_process";
import { fileURLToPath, pathToFileURL } from "node:url";
import { isDeepStrictEqual } from "node:util";
import { compileRuleSet } from "../../generator/emit/endpoints/compile.js";
import { loadPartitions } from "../../generator/emit/endpoints/partitions.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const MODELS = process.env.CORPUS_MODELS_DIR ?? path.join(ROOT, "../shared/corpus/botocore/models");
const args = process.argv.slice(2);
const only = args.includes("--only") ? new Set(args[args.indexOf("--only") + 1]!.split(",")) : undefined;
const typecheck = !args.includes("--no-typecheck");
const verbose = args.includes("--verbose");

interface TestCase {
  documentation?: string;
  params?: Record<string, unknown>;
  expect: {
    endpoint?: { url: string; headers?: Record<string, string[]>; properties?: Record<string, unknown> };
    error?: string;
  };
}

const started = performance.now();
const out = mkdtempSync(path.join(tmpdir(), "svcgen-endpoints-"));
mkdirSync(path.join(out, "runtime", "endpoints"), { recursive: true });
writeFileSync(path.join(out, "package.json"), JSON.stringify({ type: "module" }));
// The rule-language library and what it imports.
for (const rel of ["endpoints/endpoints.ts", "brand.ts"]) cpSync(path.join(ROOT, "generator/runtime", rel), path.join(out, "runtime", rel));
const partitions = loadPartitions();

// Cases whose expectation no version of their rule set can give (the test file was written for
// a rule set the corpus does not have). Each must still fail, so a fixed corpus is noticed.
const KNOWN: ReadonlyMap<string, string> = new Map([
  [
    "cloudsearch/2011-02-01 #29",
    'expects the error "Invalid Configuration: Missing Region", which its rule set (the only version) does not contain: it builds a host from the unset region as the AWS SDKs\' rule engines do',
  ],
]);

const suites: Array<{ name: string; module: string; cases: TestCase[]; staleOf?: string }> = [];
type Resolve = (p: unknown) => { url: string; headers?: unknown; properties?: unknown };
let compileFailures = 0;
let stale = 0;
for (const service of readdirSync(MODELS).sort()) {
  if (only && !only.has(service)) continue;
  const versions = readdirSync(path.join(MODELS, service)).sort();
  const newest = versions.at(-1)!;
  const read = (version: string, file: string) => {
    const f = path.join(MODELS, service, version, file);
    return existsSync(f) ? readFileSync(f, "utf8") : undefined;
  };
  for (const version of versions) {
    const ruleText = read(version, "endpoint-rule-set-1.json");
    const testText = read(version, "endpoint-tests-1.json");
    if (ruleText === undefined || testText === undefined) continue;
    // An older version folder may carry the newest version's test file beside its own, older
    // rule set: a case its own rule set fails is run against the newest rule set it was written for.
    const newestRules = read(newest, "endpoint-rule-set-1.json");
    const isStale =
      version !== newest && testText === read(newest, "endpoint-tests-1.json") && newestRules !== undefined && newestRules !== ruleText;
    const name = `${service}/${version}`;
    const problems: string[] = [];
    const compiled = compileRuleSet(JSON.parse(ruleText), partitions, "./runtime/endpoints/endpoints.js", (p, m) =>
      problems.push(`${p}: ${m}`),
    );
    const cases = (JSON.parse(testText) as { testCases: TestCase[] }).testCases;
    if (compiled === undefined) {
      compileFailures += cases.length;
      console.log(`FAIL ${name}: the rule set did not compile\n  ${problems.slice(0, 5).join("\n  ")}`);
      continue;
    }
    const module = path.join(out, `${service}-${version}.ts`);
    writeFileSync(module, compiled.source);
    suites.push({ name, module, cases, ...(isStale ? { staleOf: path.join(out, `${service}-${newest}.ts`) } : {}) });
  }
}
const compiledAt = performance.now();

let passed = 0;
let knownFailures = 0;
let failed = compileFailures;
const show = (v: unknown) => JSON.stringify(v);
for (const suite of suites) {
  const load = async (module: string) => ((await import(pathToFileURL(module).href)) as { resolveEndpoint: Resolve }).resolveEndpoint;
  const resolveEndpoint = await load(suite.module);
  const newest = suite.staleOf === undefined ? undefined : await load(suite.staleOf);
  const run = (resolve: Resolve, c: TestCase): { endpoint?: unknown; error?: string } => {
    try {
      const r = resolve(c.params ?? {});
      return {
        endpoint: {
          url: r.url,
          ...(r.headers ? { headers: r.headers } : {}),
          ...(r.properties ? { properties: r.properties } : {}),
        },
      };
    } catch (e) {
      return { error: e instanceof Error ? e.message : String(e) };
    }
  };
  for (const [i, c] of suite.cases.entries()) {
    const label = `${suite.name} #${i} ${c.documentation ?? ""}`;
    let actual = run(resolveEndpoint, c);
    const want =
      c.expect.endpoint !== undefined
        ? {
            endpoint: {
              url: c.expect.endpoint.url,
              ...(c.expect.endpoint.headers && Object.keys(c.expect.endpoint.headers).length > 0
                ? { headers: c.expect.endpoint.headers }
                : {}),
              ...(c.expect.endpoint.properties && Object.keys(c.expect.endpoint.properties).length > 0
                ? { properties: c.expect.endpoint.properties }
                : {}),
            },
          }
        : { error: c.expect.error };
    let ok = isDeepStrictEqual(JSON.parse(JSON.stringify(actual)), want);
    if (!ok && newest !== undefined) {
      actual = run(newest, c);
      ok = isDeepStrictEqual(JSON.parse(JSON.stringify(actual)), want);
      if (ok) stale++;
    }
    const known = KNOWN.get(`${suite.name} #${i}`);
    if (known !== undefined) {
      if (ok) {
        failed++;
        console.log(`FAIL ${label}: listed as known to fail, but passes now; take it off the list`);
      } else {
        knownFailures++;
        console.log(`known ${label}: ${known}`);
      }
    } else if (ok) passed++;
    else {
      failed++;
      console.log(`FAIL ${label}\n  params:   ${show(c.params)}\n  expected: ${show(want)}\n  actual:   ${show(actual)}`);
    }
  }
  if (verbose) console.log(`ok ${suite.name} (${suite.cases.length} cases)`);
}
const ranAt = performance.now();

let typeErrors = 0;
if (typecheck && suites.length > 0) {
  const own = JSON.parse(readFileSync(path.join(ROOT, "generated/iot-managed-integrations/tsconfig.json"), "utf8")) as {
    compilerOptions: Record<string, unknown>;
  };
  const config = {
    compilerOptions: {
      ...own.compilerOptions,
      noEmit: true,
      rootDir: ".",
      outDir: undefined,
      declaration: false,
      types: [],
    },
    include: ["*.ts", "runtime/**/*.ts"],
  };
  writeFileSync(path.join(out, "tsconfig.json"), JSON.stringify(config));
  const tsc = spawnSync(process.execPath, [path.join(ROOT, "node_modules/typescript/bin/tsc"), "-p", path.join(out, "tsconfig.json")], {
    encoding: "utf8",
    cwd: out,
  });
  const lines = `${tsc.stdout}${tsc.stderr}`.split("\n").filter((l) => /error TS\d+/.test(l));
  typeErrors = lines.length;
  for (const l of lines.slice(0, 30)) console.log(`TYPE ${l}`);
  if (tsc.status !== 0 && lines.length === 0) {
    typeErrors = 1;
    console.log(`TYPE tsc failed: ${tsc.stdout}${tsc.stderr}`.slice(0, 2000));
  }
}
const done = performance.now();
rmSync(out, { recursive: true, force: true });
console.log(
  `endpoint rule sets: ${suites.length} compiled (${((compiledAt - started) / 1000).toFixed(1)} s), cases run in ${((ranAt - compiledAt) / 1000).toFixed(1)} s` +
    (typecheck ? `, strict type-check ${((done - ranAt) / 1000).toFixed(1)} s with ${typeErrors} error(s)` : ""),
);
if (stale > 0)
  console.log(
    `${stale} cases sit beside an older rule set than the one they were written for (their test file is the newest version's) and pass on the newest rule set`,
  );
if (knownFailures > 0) console.log(`${knownFailures} case(s) known to fail, listed above with the reason`);
if (typeErrors > 0) failed++;
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
