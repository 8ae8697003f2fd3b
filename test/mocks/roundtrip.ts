// One generated call per operation through a mock server: for a package generated from a model,
// start its mock server, make a valid input for each operation from the model (the same sampler
// the server uses, seeded per operation), call the operation with the generated client, and
// check both directions of the protocol: the input the server read equals the one sent, and the
// output the client read equals the sample the server wrote. Used by `npm run test:mocks` over a
// sample of each protocol's corpus models, and by the mocks test on small ones.
import { isDeepStrictEqual } from "node:util";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { ServiceIR } from "../../generator/ir/types.js";

export interface RoundTripResult {
  readonly operations: number;
  readonly passed: number;
  /** Operations skipped, with why (an event stream, no valid sample input). */
  readonly skipped: ReadonlyArray<readonly [string, string]>;
  readonly failed: ReadonlyArray<readonly [string, string]>;
  /** The error half, when checked: which call came back as which error. */
  readonly errorPath: string | undefined;
}

type Module = Record<string, unknown>;
const load = (file: string): Promise<Module> => import(pathToFileURL(file).href) as Promise<Module>;

/** Strips what a sample and a parsed value may legitimately differ in: `$metadata`, and members the other side lacks as empty containers. */
function comparable(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(comparable);
  if (value instanceof Date || value instanceof Uint8Array) return value;
  if (typeof value === "object" && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) if (key !== "$metadata" && item !== undefined) out[key] = comparable(item);
    return out;
  }
  return value;
}

function firstDifference(a: unknown, b: unknown, at = ""): string {
  if (isDeepStrictEqual(a, b)) return "";
  if (typeof a === "object" && a !== null && typeof b === "object" && b !== null && !(a instanceof Date) && !(a instanceof Uint8Array)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const key of keys) {
      const d = firstDifference((a as Module)[key], (b as Module)[key], `${at}.${key}`);
      if (d !== "") return d;
    }
  }
  const show = (v: unknown) => (v instanceof Uint8Array ? `bytes(${v.length})` : JSON.stringify(v)?.slice(0, 120));
  return `${at || "(root)"}: ${show(a)} != ${show(b)}`;
}

export async function roundTrip(packageDir: string, ir: ServiceIR, seed = 1): Promise<RoundTripResult> {
  const src = path.join(packageDir, "src");
  const testing = await load(path.join(src, "testing.ts"));
  const index = await load(path.join(src, "index.ts"));
  const { Sampler } = await load(path.join(src, "runtime", "testing", "sample.ts"));
  const { facts } = await load(path.join(src, "testing-facts.ts"));
  const Client = index[ir.names.client] as new (config: object) => { destroy(): void };
  const server = (await (testing["startMockServer"] as (o: object) => Promise<unknown>)({ seed })) as {
    url: string;
    calls(op: string): object[];
    close(): Promise<void>;
  };
  const clientConfig = {
    region: "us-east-1",
    endpoint: server.url,
    credentials: { accessKeyId: "AKID", secretAccessKey: "SECRET" },
    maxAttempts: 1,
    strictOutput: true,
    // S3-style services put the bucket in the host unless told not to.
    ...(ir.endpoints.options.some((o) => o.option === "forcePathStyle") ? { forcePathStyle: true } : {}),
    // Endpoint rules that build the host from an input (an ARN's account) still reach the mock server.
    fetch: (url: string | URL | Request, init?: RequestInit) => {
      const target = new URL(url instanceof Request ? url.url : url);
      const origin = new URL(server.url);
      target.protocol = origin.protocol;
      target.host = origin.host;
      return fetch(target, init);
    },
  };
  const client = new Client(clientConfig);
  const skipped: Array<[string, string]> = [];
  const failed: Array<[string, string]> = [];
  let passed = 0;
  let errorPath: string | undefined;
  try {
    for (const op of ir.operations) {
      if (op.eventStream) {
        skipped.push([op.name, "event stream"]);
        continue;
      }
      const opModule = await load(path.join(src, "operations", `${op.fileName}.ts`));
      const schema = Object.values(opModule).find((v) => typeof v === "object" && v !== null && (v as Module)["name"] === op.name) as
        { input?: object; output?: object; validateInput?: (v: unknown) => unknown[] } | undefined;
      const call = opModule[op.functionName] as (client: unknown, input: object) => Promise<object>;
      const Sampling = Sampler as new (facts: unknown, seed: string) => { structure(s: object, depth?: number, omit?: string[]): Module };
      const input = schema?.input === undefined ? {} : new Sampling(facts, `input:${seed}:${op.name}`).structure(schema.input);
      if ((schema?.validateInput?.(input) ?? []).length > 0) {
        skipped.push([op.name, "no valid sample input (a required member's pattern has no sample)"]);
        continue;
      }
      const tokens = (op.paginator?.outputToken ?? []).filter((t) => /^[A-Za-z0-9_]+$/.test(t));
      const expected = schema?.output === undefined ? {} : new Sampling(facts, `${seed}:${op.name}`).structure(schema.output, 0, tokens);
      // A member bound to the status code reads the operation's success status.
      for (const m of op.outputShape?.members ?? []) if (m.location === "statusCode") expected[m.name] = op.responseCode ?? 200;
      try {
        const output = await call(client, input);
        const received = server.calls(op.name).at(-1);
        const sent = comparable(input) as Module;
        const read = comparable(received) as Module;
        // Idempotency tokens the client filled are in what the server read, not in what was sent.
        for (const m of op.inputShape?.members ?? []) if (m.idempotencyToken && !(m.name in sent)) delete read[m.name];
        const inDiff = firstDifference(sent, read);
        const outDiff = firstDifference(comparable(expected), comparable(output));
        if (inDiff !== "") failed.push([op.name, `request: ${inDiff}`]);
        else if (outDiff !== "") failed.push([op.name, `response: ${outDiff}`]);
        else passed++;
      } catch (error) {
        failed.push([op.name, `${(error as Error).name}: ${(error as Error).message.split("\n")[0]!.slice(0, 300)}`]);
      }
    }
    // The error half: an input missing a required member, sent unchecked, comes back as the
    // model's validation error (or the plain ValidationException), read by the client's own parser.
    const members = (o: (typeof ir.operations)[number]) => o.inputShape?.members ?? [];
    const op = ir.operations.find(
      (o) => !o.eventStream && members(o).some((m) => m.required) && !members(o).some((m) => m.required && m.location === "uri"),
    );
    if (op !== undefined) {
      const lax = new Client({ ...clientConfig, validateInput: false });
      const opModule = await load(path.join(src, "operations", `${op.fileName}.ts`));
      const call = opModule[op.functionName] as (client: unknown, input: object) => Promise<object>;
      const caught: unknown = await call(lax, {}).catch((e: unknown) => e);
      const error = caught instanceof Error ? (caught as Error & { $metadata?: { httpStatusCode?: number } }) : undefined;
      const status = error?.$metadata?.httpStatusCode;
      const modelled = [...ir.shapes.values()].filter((sh) => sh.kind === "structure" && sh.exception !== undefined).map((sh) => sh.name);
      if (error === undefined || status === undefined || status < 400) {
        failed.push([`${op.name} (missing member)`, `expected a validation error, got ${String(caught)}`]);
      } else if (![...modelled, "ValidationException"].includes(error.name) || !/invalid input: .*is required/.test(error.message)) {
        failed.push([`${op.name} (missing member)`, `${error.name}: ${error.message.slice(0, 200)}`]);
      } else errorPath = `${op.name} without its required members: ${error.name} (HTTP ${status})`;
      lax.destroy();
    }
  } finally {
    client.destroy();
    await server.close();
  }
  return { operations: ir.operations.length, passed, skipped, failed, errorPath };
}
