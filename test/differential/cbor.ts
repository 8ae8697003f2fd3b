// The rpc-v2-cbor differential: CloudWatch generated with the `protocol` option against the
// official @aws-sdk/client-cloudwatch configured with the SDK's own AwsSmithyRpcV2CborProtocol
// (it speaks awsJson by default, as svcgen does without the option). The same seeded inputs go
// through both to the capture server; requests compare method, path, headers and the CBOR bodies
// as decoded data (two encoders may choose other float widths, lengths or key orders for the
// same data, so bytes, Content-Length and the payload hash are not compared, and each signature
// is checked on its own); replies are CBOR written here with cborg from the planned output or
// error, and both clients must read the same result or raise the same error.
//   npx tsx test/differential/cbor.ts [--count N] [--seed N]
import path from "node:path";
import { rmSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import fc from "fast-check";
import { Tagged, decode, encode } from "cborg";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import { AwsSmithyRpcV2CborProtocol } from "@aws-sdk/core/protocols";
import { generate, GENERATOR_VERSION } from "../../generator/generate.js";
import type { OperationIR, ServiceIR } from "../../generator/ir/types.js";
import { CORPUS_MODELS, tempDir } from "../helpers.js";
import { Arbitraries, caseArbitrary, UnsatisfiableShape, type Case, type PlannedReply } from "./arbitraries.js";
import { CaptureServer, type CapturedRequest } from "./capture-server.js";
import { compareOutcomes, diffJson, NOT_MEANINGFUL, outcomeOf, signatureHolds, type Difference } from "./compare.js";
import { freezeClock, pinRandomUuid } from "./determinism.js";
import { explain } from "./known-differences.js";
import { CLOCK, CREDENTIALS, REGION } from "./runner.js";
import type { Reply } from "./wire.js";

export const CBOR_TARGET = { name: "cloudwatch-cbor", model: "cloudwatch/2010-08-01", sdkPackage: "@aws-sdk/client-cloudwatch" } as const;

/** Headers whose value follows the body's bytes, which two CBOR encoders may write differently. */
const FOLLOWS_BYTES = new Set(["content-length", "x-amz-content-sha256"]);

export interface CborReport {
  operations: number;
  inputs: number;
  passed: number;
  failed: number;
  /** Inputs whose request bodies were byte-identical (and so their signatures). */
  bodiesIdentical: number;
  /** How many inputs each known difference (known-differences.ts) explained something in. */
  readonly explained: Map<string, number>;
  readonly failures: { operation: string; index: number; differences: Difference[] }[];
}

type Module = Record<string, unknown>;
type Settled = { ok: true; value: unknown } | { ok: false; error: unknown };
type SdkClient = {
  send(command: unknown): Promise<unknown>;
  destroy(): void;
  middlewareStack: { addRelativeTo(middleware: unknown, options: Record<string, unknown>): void };
};

async function settle(call: () => Promise<unknown>): Promise<Settled> {
  try {
    return { ok: true, value: await call() };
  } catch (error) {
    return { ok: false, error };
  }
}

/** CBOR bytes as comparable data: maps as objects, tag 1 as `{ $epoch }`, bytes as base64. */
function cborData(bytes: Uint8Array): unknown {
  if (bytes.length === 0) return "(no body)";
  const plain = (v: unknown): unknown => {
    if (v instanceof Map) return Object.fromEntries([...v].map(([k, x]) => [String(k), plain(x)]));
    if (v instanceof Tagged) return v.tag === 1 ? { $epoch: v.value } : { $tag: v.tag, value: plain(v.value) };
    if (v instanceof Uint8Array) return { $bytes: Buffer.from(v).toString("base64") };
    if (Array.isArray(v)) return v.map(plain);
    if (typeof v === "number" && !Number.isFinite(v)) return String(v);
    return v;
  };
  try {
    return plain(decode(bytes, { useMaps: true, tags: Tagged.preserve(1, 2, 3, 4) }));
  } catch (error) {
    return `not CBOR: ${(error as Error).message}`;
  }
}

/** A planned value as the tree cborg encodes: dates as tag 1, structures and maps as Maps. */
function cborValue(value: unknown): unknown {
  if (value instanceof Date) return new Tagged(1, value.getTime() / 1000);
  if (value instanceof Uint8Array || value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) return value.map(cborValue);
  return new Map(Object.entries(value).map(([k, v]) => [k, cborValue(v)]));
}

/**
 * The service side: the output as one CBOR map; an error as a map with `__type` (namespaced, as
 * the service writes it), its code also in `x-amzn-query-error` for odd styles (CloudWatch is
 * awsQueryCompatible), with the status the model gives the error.
 */
function cborReply(ir: ServiceIR, plan: PlannedReply, requestId: string): Reply {
  const headers: Record<string, string> = {
    "x-amzn-requestid": requestId,
    "smithy-protocol": "rpc-v2-cbor",
    "content-type": "application/cbor",
  };
  if (plan.kind === "output") return { status: 200, headers, body: encode(cborValue(plan.value)) };
  const shape = ir.shapes.get(plan.shape);
  const exception = shape?.kind === "structure" ? shape.exception : undefined;
  const status = exception?.httpStatusCode ?? (exception?.fault === "server" ? 500 : 400);
  if (plan.style % 2 === 1 && exception !== undefined) {
    headers["x-amzn-query-error"] = `${exception.code};${exception.fault === "server" ? "Receiver" : "Sender"}`;
  }
  const body = new Map<string, unknown>([["__type", `com.amazonaws.cloudwatch#${plan.shape}`]]);
  for (const [k, v] of Object.entries(plan.value)) body.set(k, cborValue(v));
  return { status, headers, body: encode(body) };
}

function requestDifferences(sdk: CapturedRequest, ours: CapturedRequest): Difference[] {
  const diffs: Difference[] = [];
  const add = (aspect: Difference["aspect"], where: string, a: unknown, b: unknown) =>
    diffs.push({ side: "request", aspect, where, sdk: JSON.stringify(a) ?? "(absent)", svcgen: JSON.stringify(b) ?? "(absent)" });
  if (sdk.method !== ours.method) add("method", "", sdk.method, ours.method);
  if (sdk.path !== ours.path) add("path", "", sdk.path, ours.path);
  if (sdk.query.length > 0 || ours.query.length > 0) add("query", "", sdk.query, ours.query);
  for (const name of [...new Set([...Object.keys(sdk.headers), ...Object.keys(ours.headers)])].sort()) {
    if (NOT_MEANINGFUL.has(name) || FOLLOWS_BYTES.has(name)) continue;
    if (sdk.headers[name] !== ours.headers[name]) add("header", name, sdk.headers[name], ours.headers[name]);
  }
  diffJson(cborData(sdk.body), cborData(ours.body), "", (where, a, b) => add("body", where, a, b));
  return diffs;
}

/**
 * Known differences of this protocol's comparison beyond known-differences.ts. One: CloudWatch
 * gives two errors the query code `ResourceNotFound` (DashboardNotFoundError and
 * ResourceNotFound). Given that code in `x-amzn-query-error`, svcgen takes the operation's own
 * error (the one its `__type` names too), the official client the first of the service's.
 */
const SHARED_QUERY_CODE = "query-code-shared";
function sharedQueryCode(ir: ServiceIR, diff: Difference, reply: Reply): boolean {
  const header = reply.headers["x-amzn-query-error"];
  if (diff.aspect !== "error" || diff.where !== "name" || header === undefined) return false;
  const code = header.slice(0, header.indexOf(";"));
  const sharing = [...ir.shapes.values()].filter((s) => s.kind === "structure" && s.exception?.code === code).map((s) => s.name);
  return sharing.length > 1 && sharing.includes(diff.sdk) && sharing.includes(diff.svcgen);
}

function errorMembers(ir: ServiceIR): (name: string) => readonly string[] {
  return (name) => {
    const shape = ir.shapes.get(name);
    return shape?.kind === "structure" && shape.exception !== undefined ? shape.members.map((m) => m.name) : [];
  };
}

export async function runCbor(options: { count: number; seed: number }): Promise<CborReport> {
  const out = tempDir("differential-cbor");
  const server = await CaptureServer.start();
  const unfreeze = freezeClock(CLOCK);
  const uuids = pinRandomUuid();
  let sdkClient: SdkClient | undefined;
  let ourClient: { destroy(): void } | undefined;
  try {
    const { packages } = await generate({
      model: path.join(CORPUS_MODELS, CBOR_TARGET.model),
      out,
      format: false,
      packageOptions: { protocol: "smithy-rpc-v2-cbor" },
    });
    const ir = packages[0]!.ir;
    if (ir.protocol !== "smithy-rpc-v2-cbor") throw new Error(`generated ${ir.protocol}, not rpc-v2-cbor`);
    const ours = (await import(pathToFileURL(path.join(out, ir.packageName, "src", "index.ts")).href)) as Module;
    const sdk = (await import(CBOR_TARGET.sdkPackage)) as Module;
    const config = { region: REGION, endpoint: server.endpoint, credentials: CREDENTIALS, maxAttempts: 1 };
    const pinned = new URL(server.endpoint);
    sdkClient = new (sdk["CloudWatchClient"] as new (c: object) => SdkClient)({
      ...config,
      protocol: AwsSmithyRpcV2CborProtocol,
      requestHandler: new NodeHttpHandler(),
      endpointProvider: () => ({ url: pinned }),
    });
    ourClient = new (ours[ir.names.client] as new (c: object) => { destroy(): void })({
      ...config,
      endpointResolver: () => ({ url: server.endpoint }),
    });
    sdkClient.middlewareStack.addRelativeTo(
      (next: (args: { request: { headers: Record<string, string> } }) => Promise<unknown>) =>
        (args: { request: { headers: Record<string, string> } }) => {
          args.request.headers["x-amz-user-agent"] = `svcgen/${GENERATOR_VERSION}`;
          return next(args);
        },
      { relation: "before", toMiddleware: "httpSigningMiddleware", name: "sameProductToken" },
    );
    const facts = {
      credentials: CREDENTIALS,
      region: REGION,
      service: ir.signingName,
      date: new Date(CLOCK),
      port: Number(pinned.port),
    };
    const inputs = new Arbitraries(ir, "input");
    const outputs = new Arbitraries(ir, "output");
    const comparable = ir.operations.filter((op: OperationIR) => typeof sdk[`${op.name}Command`] === "function" && !op.eventStream);
    // Fewer inputs than operations (npm test's quick run): every k-th operation, one input each.
    const stride = Math.ceil(comparable.length / Math.min(options.count, comparable.length));
    const eligible = comparable.filter((_op, i) => i % stride === 0);
    const report: CborReport = {
      operations: eligible.length,
      inputs: 0,
      passed: 0,
      failed: 0,
      bodiesIdentical: 0,
      explained: new Map(),
      failures: [],
    };
    const memberNames = errorMembers(ir);
    const perOp = Math.max(1, Math.floor(options.count / eligible.length));
    for (const [n, op] of eligible.entries()) {
      let samples: Case[];
      try {
        samples = fc.sample(caseArbitrary(op, inputs, outputs), { seed: options.seed + n, numRuns: perOp });
      } catch (error) {
        if (error instanceof UnsatisfiableShape) continue;
        throw error;
      }
      const Command = sdk[`${op.name}Command`] as new (input: unknown) => unknown;
      const ourOperation = ours[op.functionName] as (client: unknown, input: unknown) => Promise<unknown>;
      for (const [index, sample] of samples.entries()) {
        const reply = cborReply(ir, sample.reply, `request-${index}`);
        server.reply = reply;
        server.take();
        uuids.restart(index + 1);
        const sdkResult = await settle(() => sdkClient!.send(new Command(structuredClone(sample.input))));
        const sdkSent = server.take();
        uuids.restart(index + 1);
        const ourResult = await settle(() => ourOperation(ourClient, structuredClone(sample.input)));
        const ourSent = server.take();
        const diffs: Difference[] = [];
        if (sdkSent.length !== 1 || ourSent.length !== 1) {
          diffs.push({
            side: "request",
            aspect: "sent",
            where: "",
            sdk: `${sdkSent.length} requests`,
            svcgen: `${ourSent.length} requests`,
          });
        } else {
          diffs.push(...requestDifferences(sdkSent[0]!, ourSent[0]!));
          if (Buffer.from(sdkSent[0]!.body).equals(Buffer.from(ourSent[0]!.body))) report.bodiesIdentical++;
          const [sdkHolds, ourHolds] = await Promise.all([signatureHolds(sdkSent[0]!, facts), signatureHolds(ourSent[0]!, facts)]);
          if (!sdkHolds || !ourHolds)
            diffs.push({ side: "request", aspect: "signature", where: "valid", sdk: String(sdkHolds), svcgen: String(ourHolds) });
        }
        diffs.push(...compareOutcomes(outcomeOf(sdkResult, memberNames), outcomeOf(ourResult, memberNames)));
        // The known differences of the JSON protocols hold here too where they are about results.
        const context = {
          service: CBOR_TARGET.name,
          operation: op.name,
          sdkRequest: sdkSent[0],
          ourRequest: ourSent[0],
          missingFromSdkModel: () => undefined,
          outputPayload: undefined,
          emptyResponseBody: false,
          otherRequestDifferencesExplained: false,
          signaturesHold: !diffs.some((d) => d.aspect === "signature"),
        };
        const unexplained: Difference[] = [];
        for (const diff of diffs) {
          const rule =
            diff.side !== "response" ? undefined : sharedQueryCode(ir, diff, reply) ? { id: SHARED_QUERY_CODE } : explain(diff, context);
          if (rule === undefined) unexplained.push(diff);
          else report.explained.set(rule.id, (report.explained.get(rule.id) ?? 0) + 1);
        }
        report.inputs++;
        if (unexplained.length === 0) report.passed++;
        else {
          report.failed++;
          report.failures.push({ operation: op.name, index, differences: unexplained });
        }
      }
    }
    return report;
  } finally {
    sdkClient?.destroy();
    ourClient?.destroy();
    uuids.restore();
    unfreeze();
    await server.close();
    rmSync(out, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const { values } = parseArgs({ options: { count: { type: "string", default: "200" }, seed: { type: "string", default: "20240315" } } });
  const report = await runCbor({ count: Number(values.count), seed: Number(values.seed) });
  console.log(
    `${CBOR_TARGET.name}: ${report.operations} operations, ${report.inputs} inputs tried, request bodies byte-identical ${report.bodiesIdentical}/${report.inputs}`,
  );
  for (const [id, n] of report.explained) console.log(`  explained in ${n} inputs [${id}]`);
  for (const f of report.failures.slice(0, 10)) {
    console.log(`  FAIL ${f.operation} (case ${f.index})`);
    for (const d of f.differences) console.log(`    ${d.side} ${d.aspect} ${d.where}: sdk ${d.sdk} | svcgen ${d.svcgen}`);
  }
  console.log(`${report.passed} passed, ${report.failed} failed`);
  process.exitCode = report.failed > 0 ? 1 : 0;
}
