// Endpoint resolution against the AWS SDK v3. Three rule sets of the corpus (a small one, DynamoDB's
// with its account-id rules, and S3's, the largest) are compiled by svcgen's own compiler; the peer
// is the SDK's reference engine, `resolveEndpoint(ruleSet)` of @smithy/core/endpoints (formerly
// @smithy/util-endpoints) with the AWS functions of @aws-sdk/core/client registered, run on the
// same rule set object. Where the installed SDK client ships its own binary decision diagram of
// the rules (DynamoDB), that engine (`decideEndpoint(bdd)`, what the client runs today) is timed
// too. Every param set must give the same endpoint on both sides before anything is timed; the
// timing runs in a child process on bundled code (endpoints-child.ts). The bundle part measures
// what the rules and their engine add to the one-operation browser bundle of each side.
import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type * as esbuild from "esbuild";
import { compileRuleSet } from "../../generator/emit/endpoints/compile.js";
import { loadPartitions } from "../../generator/emit/endpoints/partitions.js";
import { bundle, sizeEntry, type Bundle } from "./bundle.js";
import type { GeneratedClient } from "./clients.js";
import type { EndpointCase, EndpointOptions, EndpointResults } from "./endpoints-child.js";
import { bytes, type Reporter } from "./report.js";
import { CORPUS_MODELS, ROOT } from "./services.js";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const CHILD = path.join(HERE, "endpoints-child.ts");

interface SuiteSpec {
  readonly key: string;
  readonly model: string;
  readonly cases: readonly EndpointCase[];
  /** The installed SDK client module holding this service's decision diagram, if any. */
  readonly bddModule?: string;
  /** Its EndpointCache's parameters (the SDK client's endpoint/endpointResolver.js; the rule set's, sorted, without S3's Key, Prefix and CopySource). */
  readonly sdkCacheParams: readonly string[];
  /** The operation of the cached path, its input, and the endpointParams svcgen emits for it (generator/emit/operations.ts). */
  readonly operation: {
    readonly name: string;
    readonly input: Record<string, unknown>;
    readonly endpointParams?: string;
  };
}

const ACCOUNT = "111122223333";
const SUITES: readonly SuiteSpec[] = [
  {
    key: "iot-managed-integrations",
    model: "iot-managed-integrations",
    cases: [
      { name: "region", base: { Region: "us-east-1" } },
      { name: "fips", base: { Region: "us-east-1", UseFIPS: true } },
      { name: "china", base: { Region: "cn-north-1" } },
    ],
    sdkCacheParams: ["Endpoint", "Region", "UseFIPS"],
    operation: { name: "ListAccountAssociations", input: { MaxResults: 50 } },
  },
  {
    key: "dynamodb",
    model: "dynamodb",
    cases: [
      { name: "region", base: { Region: "us-east-1" } },
      { name: "fips", base: { Region: "us-east-1", UseFIPS: true } },
      { name: "dualstack", base: { Region: "us-east-1", UseDualStack: true } },
      {
        name: "accountid",
        base: { Region: "us-east-1", AccountId: ACCOUNT, AccountIdEndpointMode: "preferred" },
        extra: { ResourceArn: "Music" },
      },
    ],
    bddModule: "@aws-sdk/client-dynamodb/dist-es/endpoint/bdd.js",
    sdkCacheParams: [
      "AccountId",
      "AccountIdEndpointMode",
      "Endpoint",
      "IsSearchOperation",
      "Region",
      "ResourceArn",
      "ResourceArnList",
      "UseDualStack",
      "UseFIPS",
    ],
    operation: {
      name: "GetItem",
      input: { TableName: "Music", Key: { Artist: { S: "No One You Know" } } },
      endpointParams: "(input) => ({ ResourceArn: input.TableName })",
    },
  },
  {
    key: "s3",
    model: "s3",
    cases: [
      { name: "region", base: { Region: "us-east-1" } },
      { name: "fips", base: { Region: "us-east-1", UseFIPS: true } },
      { name: "dualstack", base: { Region: "us-east-1", UseDualStack: true } },
      {
        name: "bucket",
        base: { Region: "us-west-2" },
        extra: { Bucket: "amzn-s3-demo-bucket", Key: "photos/2024/cat.jpg" },
      },
    ],
    sdkCacheParams: [
      "Accelerate",
      "Bucket",
      "DisableAccessPoints",
      "DisableMultiRegionAccessPoints",
      "DisableS3ExpressSessionAuth",
      "Endpoint",
      "ForcePathStyle",
      "Region",
      "UseArnRegion",
      "UseDualStack",
      "UseFIPS",
      "UseGlobalEndpoint",
      "UseObjectLambdaEndpoint",
      "UseS3ExpressControlEndpoint",
    ],
    operation: {
      name: "GetObject",
      input: { Bucket: "amzn-s3-demo-bucket", Key: "photos/2024/cat.jpg" },
      endpointParams: "(input) => ({ Bucket: input.Bucket, Key: input.Key })",
    },
  },
];

const CASE_LABELS: Record<string, string> = {
  region: "plain region",
  fips: "FIPS",
  dualstack: "dual-stack",
  china: "China partition",
  accountid: "account id + table",
  bucket: "virtual-hosted bucket",
};

const ops = (v: number) => `${Math.round(v).toLocaleString("en-US")} ops/s`;
const versionOf = (pkg: string) =>
  (JSON.parse(readFileSync(path.join(ROOT, "node_modules", pkg, "package.json"), "utf8")) as { version: string }).version;

export async function endpoints(report: Reporter, dir: string, options: EndpointOptions): Promise<void> {
  const out = path.join(dir, "endpoints");
  mkdirSync(path.join(out, "runtime"), { recursive: true });
  mkdirSync(path.join(out, "runtime", "endpoints"), { recursive: true });
  for (const rel of ["endpoints/endpoints.ts", "brand.ts"])
    cpSync(path.join(ROOT, "generator", "runtime", rel), path.join(out, "runtime", rel));
  const partitions = loadPartitions();
  const sizes: string[] = [];
  const lines = [`import { readFileSync } from "node:fs";`, `import { runEndpoints } from ${JSON.stringify(CHILD)};`];
  const suiteCode: string[] = [];
  for (const [i, s] of SUITES.entries()) {
    const version = readdirSync(path.join(CORPUS_MODELS, s.model)).sort().at(-1)!;
    const ruleFile = path.join(CORPUS_MODELS, s.model, version, "endpoint-rule-set-1.json");
    const text = readFileSync(ruleFile, "utf8");
    const problems: string[] = [];
    const compiled = compileRuleSet(JSON.parse(text), partitions, "./runtime/endpoints/endpoints.js", (p, m) =>
      problems.push(`${p}: ${m}`),
    );
    if (compiled === undefined) throw new Error(`${s.key}: the rule set did not compile: ${problems.slice(0, 3).join("; ")}`);
    const module = path.join(out, `${s.key}.ts`);
    writeFileSync(module, compiled.source);
    sizes.push(`${s.key} ${bytes(text.length)} of JSON`);
    lines.push(`import { resolveEndpoint as svcgen${i} } from ${JSON.stringify(module)};`);
    if (s.bddModule !== undefined) lines.push(`import { bdd as bdd${i} } from ${JSON.stringify(s.bddModule)};`);
    suiteCode.push(
      `{ key: ${JSON.stringify(s.key)}, svcgen: svcgen${i}, ruleSet: JSON.parse(readFileSync(${JSON.stringify(ruleFile)}, "utf8")), ` +
        `cases: ${JSON.stringify(s.cases)}, sdkCacheParams: ${JSON.stringify(s.sdkCacheParams)}, ` +
        `${s.bddModule !== undefined ? `bdd: bdd${i}, ` : ""}` +
        `operation: { name: ${JSON.stringify(s.operation.name)}, input: ${JSON.stringify(s.operation.input)}${s.operation.endpointParams !== undefined ? `, endpointParams: ${s.operation.endpointParams}` : ""} } }`,
    );
  }
  lines.push(
    `const results = runEndpoints([${suiteCode.join(",\n")}], JSON.parse(process.argv[2]));`,
    `process.stdout.write(JSON.stringify(results) + "\\n");`,
  );
  const file = path.join(dir, "endpoints.mjs");
  writeFileSync(file, (await bundle(lines.join("\n") + "\n", "node")).code);
  const r = spawnSync(process.execPath, [file, JSON.stringify(options)], {
    encoding: "utf8",
    timeout: 900_000,
    maxBuffer: 64 * 1024 * 1024,
  });
  if (r.status !== 0)
    throw new Error(`endpoints child exited ${r.status ?? r.signal}: ${r.stderr.trim().split("\n").slice(-3).join(" | ")}`);
  const results = JSON.parse(r.stdout.trim().split("\n").pop() ?? "{}") as EndpointResults;
  if (results.mismatches.length > 0) throw new Error(`endpoints differ: ${results.mismatches.join("; ")}`);

  report.note(
    `endpoints: rule sets from the corpus (${sizes.join(", ")}) compiled by svcgen's compiler vs the SDK's reference engine resolveEndpoint(ruleSet) ` +
      `of @smithy/core ${versionOf("@smithy/core")} (/endpoints; formerly @smithy/util-endpoints) with awsEndpointFunctions of @aws-sdk/core ${versionOf("@aws-sdk/core")} ` +
      `(/client; formerly @aws-sdk/util-endpoints) registered as customEndpointFunctions.aws, as SDK clients do; the same rule set object and params on both sides, ` +
      `and every param set gave the same URL, headers and properties on both before timing: ` +
      Object.entries(results.urls)
        .map(([k, u]) => `${k} ${u}`)
        .join(", "),
  );
  report.note(
    `endpoints: bundled child process; each call gets a fresh copy of its params on both sides (the SDK's engine writes defaults into its argument); ` +
      `${options.warmupMs} ms warm-up per function, then ${options.rounds} alternating rounds of ~${options.batchMs} ms batches`,
  );
  report.note(
    `endpoints: the installed SDK clients (@aws-sdk/client-dynamodb ${versionOf("@aws-sdk/client-dynamodb")}) no longer ship the rule set: they run decideEndpoint over a ` +
      "binary decision diagram built from it (endpoint/bdd.js). DynamoDB's diagram is timed as well where it gives the same endpoint; the corpus has no installed client for the other two",
  );
  for (const [name, s] of Object.entries(results.uncached)) {
    const [key, which] = name.split(".") as [string, string];
    const o = report.figure(`endpoint.${name}.uncached.svcgen`, "ops/s", s.svcgen).median;
    const p = report.figure(`endpoint.${name}.uncached.sdk`, "ops/s", s.sdk).median;
    const ratio = o / p;
    const met = report.ratio(`endpoint.${name}.uncached.svcgen_over_sdk`, ratio, { text: "≥ 10", met: (v) => v >= 10 });
    report.row({
      section: "Endpoint resolution",
      what: `${key}, ${CASE_LABELS[which] ?? which}, uncached`,
      svcgen: ops(o),
      peer: `${ops(p)} (resolveEndpoint)`,
      ratio: ratio.toFixed(1),
      target: "≥ 10",
      met,
    });
    if (s.bdd !== undefined) {
      const b = report.figure(`endpoint.${name}.uncached.sdk_bdd`, "ops/s", s.bdd).median;
      const bratio = o / b;
      report.ratio(`endpoint.${name}.uncached.svcgen_over_sdk_bdd`, bratio);
      report.row({
        section: "Endpoint resolution",
        what: `${key}, ${CASE_LABELS[which] ?? which}, uncached, vs the installed client's decision diagram`,
        svcgen: ops(o),
        peer: `${ops(b)} (decideEndpoint)`,
        ratio: bratio.toFixed(1),
        target: "",
        met: undefined,
      });
    }
  }
  report.note(
    "endpoints, cached: svcgen = the steps callEndpoint repeats per call (the operation's endpointParams(input), JSON.stringify of it, Map lookup, kept as the last endpoint); " +
      "SDK = its defaultEndpointResolver's: the endpoint params in one object (client's and the operation's context params), EndpointCache.get, which hashes the parameters " +
      "its client lists; the SDK's asynchronous assembly of those params from its middleware instructions is not counted. Operations: " +
      SUITES.map((s) => `${s.key} ${s.operation.name}`).join(", "),
  );
  for (const [name, s] of Object.entries(results.cached)) {
    const [key, which] = name.split(".") as [string, string];
    const suite = SUITES.find((x) => x.key === key)!;
    const o = report.figure(`endpoint.${key}.cached.svcgen`, "ops/s", s.svcgen).median;
    const p = report.figure(`endpoint.${key}.cached.sdk`, "ops/s", s.sdk).median;
    const ratio = o / p;
    report.ratio(`endpoint.${key}.cached.svcgen_over_sdk`, ratio);
    report.row({
      section: "Endpoint resolution",
      what: `${key}, ${suite.operation.name}, ${CASE_LABELS[which] ?? which}, cached`,
      svcgen: ops(o),
      peer: `${ops(p)} (EndpointCache)`,
      ratio: ratio.toFixed(2),
      target: "",
      met: undefined,
    });
  }
}

/** Replaces one file's contents in a bundle (the endpoint rules with a trivial resolver). */
function stub(name: string, match: (file: string) => boolean, contents: string): esbuild.Plugin {
  return {
    name,
    setup(build) {
      build.onLoad({ filter: /\.(ts|js)$/ }, (args) => (match(args.path) ? { contents, loader: "ts" } : undefined));
    },
  };
}

const TRIVIAL = "`https://service.${String(params?.Region)}.amazonaws.com`";
const SVCGEN_STUB = `export function resolveEndpoint(params: any = {}) { return { url: ${TRIVIAL} }; }\n`;
const SDK_STUB = `export const defaultEndpointResolver = (params: any) => ({ url: new URL(${TRIVIAL}) });\n`;

const sum = (b: Bundle, match: (file: string) => boolean) => b.inputs.filter(([f]) => match(f)).reduce((n, [, v]) => n + v, 0);
const svcgenEndpointFile = (f: string) => /(^|\/)src\/(runtime\/endpoints\/)?endpoints\.ts$/.test(f);
const sdkEndpointFile = (f: string) =>
  /\/endpoint\/(bdd|ruleset|endpointResolver)\.js$/.test(f) ||
  /util-endpoints\//.test(f) ||
  /node_modules\/@(smithy|aws-sdk)\/util-endpoints\//.test(f);

/**
 * What the rules cost in the one-operation browser bundle, gzip: the bundle minus the same bundle
 * with the rules replaced by a trivial resolver, on each side (gzip does not add up per file).
 */
export async function endpointBundles(report: Reporter, clients: readonly GeneratedClient[]): Promise<void> {
  report.note(
    "endpoint bundle cost: gzip bytes of the one-operation browser bundle minus the same bundle with the endpoint resolver replaced by a trivial one " +
      "(svcgen: src/endpoints.ts; SDK: endpoint/endpointResolver.js, whose bdd.js, decideEndpoint, EndpointCache and AWS functions then drop out); " +
      "minified bytes of the endpoint inputs from esbuild's metafile beside it",
  );
  for (const client of clients) {
    const s = client.service;
    const pkgEndpoints = path.join(path.dirname(client.index), "endpoints.ts");
    const sdkResolver = new RegExp(`node_modules/${s.sdkPackage.replace("/", "\\/")}/dist-es/endpoint/endpointResolver\\.js$`);
    const ours = await bundle(sizeEntry("svcgen", client), "browser", { svcgen: client });
    const oursStub = await bundle(sizeEntry("svcgen", client), "browser", {
      svcgen: client,
      plugins: [stub("svcgen-stub", (f) => f === pkgEndpoints, SVCGEN_STUB)],
    });
    const peer = await bundle(sizeEntry("sdk", client), "browser");
    const peerStub = await bundle(sizeEntry("sdk", client), "browser", {
      plugins: [stub("sdk-stub", (f) => sdkResolver.test(f), SDK_STUB)],
    });
    if (oursStub.raw >= ours.raw || peerStub.raw >= peer.raw)
      throw new Error(`${s.key}: stubbing the endpoint resolver did not shrink a bundle (the stub missed its file)`);
    const o = ours.gzip - oursStub.gzip;
    const p = peer.gzip - peerStub.gzip;
    const name = `bundle.${s.key}.browser.endpoints`;
    report.exact(`${name}.gzip.svcgen`, "B", o);
    report.exact(`${name}.gzip.sdk`, "B", p);
    report.exact(`${name}.raw.svcgen`, "B", ours.raw - oursStub.raw);
    report.exact(`${name}.raw.sdk`, "B", peer.raw - peerStub.raw);
    const ratio = o / p;
    const met = report.ratio(`${name}.gzip.ratio`, ratio, { text: "< 1", met: (v) => v < 1 });
    report.row({
      section: "Endpoint resolution",
      what: `${s.operation}, browser bundle: the endpoint rules and their engine, minified + gzip`,
      svcgen: bytes(o),
      peer: bytes(p),
      ratio: ratio.toFixed(3),
      target: "< 1 (below the SDK's)",
      met,
    });
    report.note(
      `${name}: metafile, minified bytes of the endpoint inputs: svcgen src/endpoints.ts + src/runtime/endpoints/endpoints.ts ${bytes(sum(ours, svcgenEndpointFile))}; ` +
        `SDK endpoint/*.js + util-endpoints ${bytes(sum(peer, sdkEndpointFile))} (whole bundles ${bytes(ours.gzip)} and ${bytes(peer.gzip)} gzip)`,
    );
  }
}
