// Nothing secret leaks from the generated IoT Managed Integrations client. The members to cover
// are found by walking the model (every member marked `sensitive`, or targeting a shape marked
// so), never listed by hand. Each gets distinctive canary values; the test drives the client
// through successes, retries, validation failures and broken responses, captures everything a
// caller or a log could see (error messages, util.inspect, JSON.stringify, String(), hook
// contexts, console output) and searches it for the canaries, the credentials and the
// Authorization header the server received. Outputs handed back to the caller keep their values.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import http from "node:http";
import { createHash } from "node:crypto";
import { readdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { inspect } from "node:util";
import type { AddressInfo } from "node:net";
import { loadModels } from "../generator/load/index.js";
import { DEFAULT_MODEL } from "./helpers.js";
import {
  IoTManagedIntegrations,
  IoTManagedIntegrationsClient,
  RequestValidationError,
  ResponseParseError,
  type ClientConfig,
  type ClientHooks,
  type Credentials,
} from "../generated/iot-managed-integrations/src/index.js";
import type { OperationSchema, Schema, SchemaRef } from "../generated/iot-managed-integrations/src/runtime/schema.js";

const REGION = "eu-west-1";
const OPERATIONS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../generated/iot-managed-integrations/src/operations");
/** What the client shows in place of a sensitive value. */
const REDACTED = "***";
/** A leak of this many consecutive characters of a canary counts: error texts may quote a fragment. */
const WINDOW = 6;

// ---------------------------------------------------------------------------------------------
// Canaries: deterministic, and drawn from letters no hex digest, UUID or date can contain.

const CANARY_ALPHABET = "ghijklmnopqrstuvwxyzGHIJKLMNOPQRSTUVWXYZ";

function canary(label: string): string {
  const digest = createHash("sha256").update(label).digest();
  let out = "Cnry";
  for (let i = 0; i < 20; i++) out += CANARY_ALPHABET[digest[i]! % CANARY_ALPHABET.length];
  return out;
}

interface Secret {
  readonly what: string;
  readonly value: string;
  /** Canaries leak by fragment; a signature or header value only whole. */
  readonly whole?: boolean;
}

function fragments(secret: Secret): string[] {
  if (secret.whole === true || secret.value.length <= WINDOW) return [secret.value];
  const out: string[] = [];
  for (let i = 0; i + WINDOW <= secret.value.length; i++) out.push(secret.value.slice(i, i + WINDOW));
  return out;
}

/** Every way a caller or a log might turn a value into text. */
function renderings(value: unknown): string[] {
  const out = [inspect(value, { depth: Infinity }), String(value)];
  try {
    out.push(JSON.stringify(value) ?? "");
  } catch (error) {
    out.push(String(error));
  }
  if (value instanceof Error) out.push(value.message, value.stack ?? "");
  return out;
}

function expectNoLeak(captured: readonly unknown[], secrets: readonly Secret[]): void {
  const texts = captured.flatMap(renderings);
  for (const secret of secrets) {
    for (const fragment of fragments(secret)) {
      const hit = texts.find((t) => t.includes(fragment));
      expect(hit, `${secret.what} leaked (${JSON.stringify(fragment)})`).toBeUndefined();
    }
  }
}

// ---------------------------------------------------------------------------------------------
// The model: which members are sensitive, found by walking it.

interface RawMemberRef {
  readonly shape: string;
  readonly location?: string;
  readonly locationName?: string;
  readonly sensitive?: boolean;
}

interface RawShape {
  readonly type: string;
  readonly members?: Readonly<Record<string, RawMemberRef>>;
  readonly required?: readonly string[];
  readonly member?: RawMemberRef;
  readonly key?: RawMemberRef;
  readonly value?: RawMemberRef;
  readonly min?: number;
  readonly max?: number;
  readonly pattern?: string;
  readonly enum?: readonly string[];
  readonly sensitive?: boolean;
}

interface RawOperation {
  readonly input?: { readonly shape: string };
  readonly output?: { readonly shape: string };
  readonly errors?: ReadonlyArray<{ readonly shape: string }>;
}

/** One step down from a structure, list or map; `shape` is where the step lands. */
type Step = { readonly shape: string } & (
  | { readonly member: string }
  | { readonly list: true }
  | { readonly mapValue: true; readonly keyShape: string }
  | { readonly mapKey: true; readonly valueShape: string }
);

interface Spot {
  readonly operation: string;
  readonly direction: "input" | "output" | "error";
  /** From the operation's input, output or error structure down to the sensitive value. */
  readonly steps: readonly Step[];
  /** The sensitive value's shape. */
  readonly shape: string;
  readonly label: string;
}

let shapes: Readonly<Record<string, RawShape>> = {};
let operations: Readonly<Record<string, RawOperation>> = {};

function shapeOf(name: string): RawShape {
  const shape = shapes[name];
  if (shape === undefined) throw new Error(`no shape ${name} in the model`);
  return shape;
}

function renderSteps(steps: readonly Step[]): string {
  return steps
    .map((s) => ("member" in s ? `.${s.member}` : "list" in s ? "[]" : "mapKey" in s ? "{key}" : "{value}"))
    .join("")
    .replace(/^\./, "");
}

function sensitiveSpots(): Spot[] {
  const spots: Spot[] = [];
  for (const [operation, op] of Object.entries(operations)) {
    const roots: Array<[Spot["direction"], string]> = [];
    if (op.input) roots.push(["input", op.input.shape]);
    if (op.output) roots.push(["output", op.output.shape]);
    for (const e of op.errors ?? []) roots.push(["error", e.shape]);
    for (const [direction, root] of roots) {
      const found = (steps: readonly Step[], shape: string): void => {
        spots.push({ operation, direction, steps, shape, label: `${operation} ${direction} ${renderSteps(steps)}` });
      };
      const walk = (name: string, steps: readonly Step[], seen: ReadonlySet<string>): void => {
        if (seen.has(name)) return;
        const shape = shapeOf(name);
        const inner = new Set(seen).add(name);
        if (shape.sensitive === true && steps.length > 0) return found(steps, name);
        if (shape.type === "structure") {
          for (const [member, ref] of Object.entries(shape.members ?? {})) {
            const next = [...steps, { member, shape: ref.shape }];
            if (ref.sensitive === true || shapeOf(ref.shape).sensitive === true) found(next, ref.shape);
            else walk(ref.shape, next, inner);
          }
        } else if (shape.type === "list" && shape.member) {
          walk(shape.member.shape, [...steps, { list: true, shape: shape.member.shape }], inner);
        } else if (shape.type === "map" && shape.key && shape.value) {
          if (shapeOf(shape.key.shape).sensitive === true)
            found([...steps, { mapKey: true, shape: shape.key.shape, valueShape: shape.value.shape }], shape.key.shape);
          walk(shape.value.shape, [...steps, { mapValue: true, shape: shape.value.shape, keyShape: shape.key.shape }], inner);
        }
      };
      walk(root, [], new Set());
    }
  }
  return spots;
}

/** The same walk over the generated schemas: the generator must mark exactly what the model marks. */
function generatedSensitivePaths(op: OperationSchema): string[] {
  const out: string[] = [];
  const isSensitive = (s: Schema): boolean => typeof s !== "string" && "sensitive" in s && s.sensitive === true;
  const walk = (ref: SchemaRef, prefix: string, direction: string, seen: ReadonlySet<Schema>): void => {
    const schema = typeof ref === "function" ? ref() : ref;
    if (typeof schema === "string" || seen.has(schema)) return;
    const inner = new Set(seen).add(schema);
    if (schema.type === "structure" && "members" in schema) {
      for (const [name, member] of Object.entries(schema.members)) {
        const target = typeof member.target === "function" ? member.target() : member.target;
        const here = prefix === "" ? name : `${prefix}.${name}`;
        if (member.sensitive === true || isSensitive(target)) out.push(`${op.name} ${direction} ${here}`);
        else walk(target, here, direction, inner);
      }
    } else if (schema.type === "list" && "member" in schema) {
      walk(schema.member, `${prefix}[]`, direction, inner);
    } else if (schema.type === "map" && "key" in schema) {
      const key = typeof schema.key === "function" ? schema.key() : schema.key;
      if (isSensitive(key)) out.push(`${op.name} ${direction} ${prefix}{key}`);
      walk(schema.value, `${prefix}{value}`, direction, inner);
    }
  };
  if (op.input) walk(op.input, "", "input", new Set());
  if (op.output) walk(op.output, "", "output", new Set());
  for (const e of op.errors) walk(e.schema, "", "error", new Set());
  return out;
}

// ---------------------------------------------------------------------------------------------
// Values: valid samples for the members around a secret, and the secret values themselves.

function matches(shape: RawShape, text: string): boolean {
  // The generated validators test patterns unanchored, as botocore models mean them.
  return (
    text.length >= (shape.min ?? 0) &&
    text.length <= (shape.max ?? Infinity) &&
    (shape.pattern === undefined || new RegExp(shape.pattern, "u").test(text)) &&
    (shape.enum === undefined || shape.enum.includes(text))
  );
}

/** A valid value with only the required members filled. */
function sample(name: string): unknown {
  const shape = shapeOf(name);
  switch (shape.type) {
    case "string": {
      const candidates = [...(shape.enum ?? []), "abc123", "a", "https://example.com/a", ""];
      const text = candidates.find((c) => matches(shape, c));
      if (text === undefined) throw new Error(`no sample string fits ${name}: extend sample()`);
      return text;
    }
    case "integer":
    case "long":
      return shape.min ?? 1;
    case "boolean":
      return true;
    case "structure": {
      const out: Record<string, unknown> = {};
      for (const member of shape.required ?? []) {
        const ref = shape.members?.[member];
        if (ref) out[member] = sample(ref.shape);
      }
      return out;
    }
    case "list":
      return [];
    case "map":
      return {};
    default:
      throw new Error(`sample() does not know ${shape.type} (${name}): extend it`);
  }
}

interface SecretValue {
  readonly value: unknown;
  readonly canaries: readonly string[];
}

/** A value of the shape carrying canaries, valid or (for validation tests) breaking a constraint. */
function secretValue(name: string, label: string, valid: boolean): SecretValue {
  const shape = shapeOf(name);
  switch (shape.type) {
    case "string": {
      const token = canary(label);
      if (!valid) {
        // Too long if the shape has a maximum, else the wrong type: either way the canary goes in.
        if (shape.max !== undefined) return { value: token.padEnd(shape.max + 1, "Q"), canaries: [token] };
        return { value: { [token]: token }, canaries: [token] };
      }
      const text = [token, `https://${token}.example`].find((c) => matches(shape, c));
      if (text === undefined) throw new Error(`no canary fits ${name}: extend secretValue()`);
      return { value: text, canaries: [token] };
    }
    case "map": {
      const key = secretValue(shape.key!.shape, `${label} key`, valid);
      const value = secretValue(shape.value!.shape, `${label} value`, valid);
      const keyText = typeof key.value === "string" ? key.value : key.canaries[0]!;
      return { value: { [keyText]: value.value }, canaries: [...key.canaries, ...value.canaries] };
    }
    case "list": {
      const item = secretValue(shape.member!.shape, `${label} item`, valid);
      return { value: [item.value], canaries: item.canaries };
    }
    case "structure": {
      const out = sample(name) as Record<string, unknown>;
      const canaries: string[] = [];
      for (const [member, ref] of Object.entries(shape.members ?? {})) {
        if (shapeOf(ref.shape).type !== "string" || shapeOf(ref.shape).enum) continue;
        const inner = secretValue(ref.shape, `${label}.${member}`, valid);
        out[member] = inner.value;
        canaries.push(...inner.canaries);
      }
      if (canaries.length === 0) throw new Error(`no member of ${name} can carry a canary: extend secretValue()`);
      return { value: out, canaries };
    }
    default:
      throw new Error(`secretValue() does not know ${shape.type} (${name}): extend it`);
  }
}

/** An empty container of the shape a step lands on, with a structure's required members filled. */
function containerOf(shape: string): unknown {
  const type = shapeOf(shape).type;
  return type === "structure" ? sample(shape) : type === "list" ? [] : {};
}

/** Puts `leaf` at the end of `steps` inside `root`, building what lies between. */
function place(root: Record<string, unknown>, steps: readonly Step[], leaf: unknown): void {
  let here: unknown = root;
  for (let i = 0; i < steps.length; i++) {
    const step = steps[i]!;
    if ("mapKey" in step) {
      (here as Record<string, unknown>)[leaf as string] = sample(step.valueShape);
      return;
    }
    const child = i === steps.length - 1 ? leaf : containerOf(step.shape);
    if ("member" in step) (here as Record<string, unknown>)[step.member] = child;
    else if ("list" in step) (here as unknown[]).push(child);
    else (here as Record<string, unknown>)[sample(step.keyShape) as string] = child;
    here = child;
  }
}

/** The value at the end of `steps`, as the client handed it back. */
function valueAt(root: unknown, steps: readonly Step[]): unknown {
  let here = root;
  for (const step of steps) {
    if ("member" in step) here = (here as Record<string, unknown>)[step.member];
    else if ("list" in step) here = (here as unknown[])[0];
    else if ("mapValue" in step) here = Object.values(here as Record<string, unknown>)[0];
    else here = Object.keys(here as Record<string, unknown>)[0];
  }
  return here;
}

/** The JSON body a service would send for `output`: members under their wire names. */
function wireJson(shapeName: string, value: unknown): unknown {
  const shape = shapeOf(shapeName);
  if (shape.type === "structure" && typeof value === "object" && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [member, item] of Object.entries(value)) {
      const ref = shape.members?.[member];
      if (ref === undefined) continue;
      if (ref.location !== undefined) throw new Error(`${shapeName}.${member} is bound to ${ref.location}: extend wireJson()`);
      out[ref.locationName ?? member] = wireJson(ref.shape, item);
    }
    return out;
  }
  if (shape.type === "list" && Array.isArray(value)) return value.map((v) => wireJson(shape.member!.shape, v));
  if (shape.type === "map" && typeof value === "object" && value !== null)
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, wireJson(shape.value!.shape, v)]));
  return value;
}

// ---------------------------------------------------------------------------------------------
// The generated package's operations, found by listing its modules.

type OperationFn = (
  client: IoTManagedIntegrationsClient,
  input: never,
  options?: { signal?: AbortSignal },
) => Promise<Record<string, unknown>>;

const operationFns = new Map<string, OperationFn>();
const operationSchemas = new Map<string, OperationSchema>();

async function loadOperations(): Promise<void> {
  for (const file of readdirSync(OPERATIONS_DIR)
    .filter((f) => f.endsWith(".ts"))
    .sort()) {
    const mod = (await import(path.join(OPERATIONS_DIR, file.replace(/\.ts$/, ".js")))) as Record<string, unknown>;
    for (const value of Object.values(mod)) {
      if (typeof value === "object" && value !== null && "requestUri" in value && "name" in value) {
        const schema = value as OperationSchema;
        operationSchemas.set(schema.name, schema);
        const fn = mod[schema.name.charAt(0).toLowerCase() + schema.name.slice(1)];
        if (typeof fn === "function") operationFns.set(schema.name, fn as OperationFn);
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------
// The service: a programmable loopback server that records what it received.

interface Received {
  readonly url: string;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: string;
}

type Handler = (req: Received, res: http.ServerResponse, attempt: number) => void;

let server: http.Server;
let endpoint: string;
let handler: Handler = (_req, res) => res.end();
const received: Received[] = [];
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown): void => {
  unhandled.push(reason);
};
const clients: IoTManagedIntegrationsClient[] = [];
/** Everything the client printed: it has no logger, so nothing is the only right amount. */
const consoleOutput: unknown[] = [];

function respond(res: http.ServerResponse, status: number, body: string, headers: Record<string, string> = {}): void {
  if (res.destroyed) return;
  res.writeHead(status, { "content-type": "application/json", "x-amzn-requestid": "req-secrets", ...headers });
  res.end(body);
}

beforeAll(async () => {
  process.on("unhandledRejection", onUnhandled);
  const [model] = await loadModels(DEFAULT_MODEL);
  const document = model!.document as { shapes: Record<string, RawShape>; operations: Record<string, RawOperation> };
  shapes = document.shapes;
  operations = document.operations;
  await loadOperations();
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const r: Received = { url: req.url ?? "", headers: req.headers, body: Buffer.concat(chunks).toString("utf8") };
      received.push(r);
      handler(r, res, received.length);
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  process.off("unhandledRejection", onUnhandled);
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
  expect(unhandled).toEqual([]);
});

beforeEach(() => {
  consoleOutput.length = 0;
  for (const method of ["log", "info", "warn", "error", "debug", "trace"] as const) {
    vi.spyOn(console, method).mockImplementation((...args: unknown[]) => void consoleOutput.push(...args));
  }
  vi.spyOn(process, "emitWarning").mockImplementation((...args: unknown[]) => void consoleOutput.push(...args));
});

afterEach(() => {
  for (const c of clients.splice(0)) c.destroy();
  received.length = 0;
  vi.restoreAllMocks();
  expect(unhandled).toEqual([]);
});

/** A client whose hooks record every context they are shown. */
function makeClient(hookLog: unknown[], extra: Partial<ClientConfig> = {}): IoTManagedIntegrationsClient {
  const hooks: ClientHooks = {
    beforeRequest: (c) => void hookLog.push(c),
    afterResponse: (c) => void hookLog.push(c),
    onRetry: (c) => void hookLog.push(c),
  };
  const client = new IoTManagedIntegrationsClient({
    region: REGION,
    endpoint,
    credentials: { accessKeyId: "AKIDSECRETS", secretAccessKey: "not-the-point-here" },
    retry: { baseDelayMs: 1 },
    timeoutMs: 2_000,
    hooks,
    ...extra,
  });
  clients.push(client);
  return client;
}

function operationFn(name: string): OperationFn {
  const fn = operationFns.get(name);
  if (fn === undefined) throw new Error(`no generated function for ${name}`);
  return fn;
}

/** The operation's required input members, plus the secret at its spot. */
function inputWith(spot: Spot, leaf: unknown): Record<string, unknown> {
  const root = sample(operations[spot.operation]!.input!.shape) as Record<string, unknown>;
  place(root, spot.steps, leaf);
  return root;
}

/** The JSON text of the operation's required output members, plus the secret at its spot. */
function outputWith(spot: Spot, leaf: unknown): string {
  const shape = operations[spot.operation]!.output!.shape;
  const root = sample(shape) as Record<string, unknown>;
  place(root, spot.steps, leaf);
  return JSON.stringify(wireJson(shape, root));
}

const leafOf = (spot: Spot, secret: SecretValue): unknown => {
  const last = spot.steps[spot.steps.length - 1];
  return last !== undefined && "mapKey" in last ? (secret.value as string) : secret.value;
};

const asSecrets = (spot: Spot, canaries: readonly string[]): Secret[] =>
  canaries.map((value) => ({ what: `${spot.label} (canary ${value})`, value }));

// ---------------------------------------------------------------------------------------------

let spots: Spot[] = [];

describe("the sensitive members of the default model", () => {
  beforeAll(() => {
    spots = sensitiveSpots();
  });

  afterAll(() => {
    console.log(`secrets: ${spots.length} sensitive members covered: ${spots.map((s) => s.label).join("; ")}`);
  });

  it("are found by walking the model, and the generated schemas mark exactly those", () => {
    expect(spots.length).toBeGreaterThan(0);
    const fromModel = spots.map((s) => s.label).sort();
    const fromGenerated = [...operationSchemas.values()].flatMap(generatedSensitivePaths).sort();
    expect(fromGenerated).toEqual(fromModel);
    // Error shapes carry no secrets today; one that did would need its own scenario here.
    expect(spots.filter((s) => s.direction === "error").map((s) => s.label)).toEqual([]);
  });

  describe("sensitive input members", () => {
    it("are sent intact but shown redacted to every hook, across a retry", async () => {
      const inputs = spots.filter((s) => s.direction === "input");
      expect(inputs.length).toBeGreaterThan(0);
      for (const spot of inputs) {
        const secret = secretValue(spot.shape, spot.label, true);
        const hookLog: unknown[] = [];
        const outputShape = operations[spot.operation]!.output?.shape;
        handler = (_req, res, attempt) =>
          attempt === 1
            ? respond(res, 503, JSON.stringify({ message: "try again" }), {
                "x-amzn-errortype": "ServiceUnavailableException",
              })
            : respond(res, 200, outputShape === undefined ? "" : JSON.stringify(wireJson(outputShape, sample(outputShape))));
        const input = inputWith(spot, leafOf(spot, secret));
        const output = await operationFn(spot.operation)(makeClient(hookLog), input as never);
        expect(output.$metadata).toMatchObject({ attempts: 2 });
        // Sent intact: the canaries are on the wire (else this test could not see a leak).
        const wire = received.map((r) => decodeURIComponent(r.url) + JSON.stringify(r.headers) + r.body).join("\n");
        for (const c of secret.canaries) expect(wire, spot.label).toContain(c);
        // Shown redacted before, after and between the attempts: beforeRequest, afterResponse,
        // onRetry, then beforeRequest and afterResponse again.
        expect(hookLog).toHaveLength(5);
        // A secret map key hides its whole map: the value shown is the map's.
        const shown = spot.steps.filter((s) => !("mapKey" in s));
        for (const context of hookLog) {
          expect(valueAt((context as { input: unknown }).input, shown), spot.label).toBe(REDACTED);
        }
        expectNoLeak([...hookLog, ...consoleOutput], asSecrets(spot, secret.canaries));
      }
    });

    it("never appear in a RequestValidationError, its issues, or any rendering of it", async () => {
      for (const spot of spots.filter((s) => s.direction === "input")) {
        const secret = secretValue(spot.shape, spot.label, false);
        const error = await operationFn(spot.operation)(makeClient([]), inputWith(spot, leafOf(spot, secret)) as never).catch(
          (e: unknown) => e,
        );
        expect(error, spot.label).toBeInstanceOf(RequestValidationError);
        const issues = (error as RequestValidationError).issues;
        const top = spot.steps[0] as { member: string };
        // The invalid secret was checked, and reported under its member, keys shown as [*].
        expect(
          issues.some((i) => i.path.startsWith(top.member)),
          spot.label,
        ).toBe(true);
        expect(received).toHaveLength(0);
        expectNoLeak([error, issues, ...issues, ...consoleOutput], asSecrets(spot, secret.canaries));
      }
    });

    it("never appear in the error of a failed call, whatever the failure", async () => {
      const failures: Array<[string, Handler, Partial<ClientConfig>, boolean]> = [
        ["connection reset", (_r, res) => res.socket?.resetAndDestroy(), {}, false],
        [
          "modelled 400",
          (_r, res) => respond(res, 400, JSON.stringify({ message: "rejected" }), { "x-amzn-errortype": "ValidationException" }),
          {},
          false,
        ],
        ["500 without a code", (_r, res) => respond(res, 500, "<html>oops</html>", { "content-type": "text/html" }), {}, false],
        ["malformed 200", (_r, res) => respond(res, 200, "{oops"), {}, false],
        ["no response (timeout)", () => undefined, { timeoutMs: 150 }, false],
        ["no response (abort)", () => undefined, {}, true],
      ];
      for (const spot of spots.filter((s) => s.direction === "input")) {
        const secret = secretValue(spot.shape, spot.label, true);
        for (const [failure, h, extra, abort] of failures) {
          handler = h;
          const controller = new AbortController();
          const pending = operationFn(spot.operation)(
            makeClient([], { maxAttempts: 1, ...extra }),
            inputWith(spot, leafOf(spot, secret)) as never,
            {
              signal: controller.signal,
            },
          );
          if (abort) setTimeout(() => controller.abort(), 30);
          const error = await pending.catch((e: unknown) => e);
          expect(error, `${spot.label}: ${failure}`).toBeInstanceOf(Error);
          expectNoLeak([error, ...consoleOutput], asSecrets(spot, secret.canaries));
        }
      }
    });
  });

  describe("sensitive output members", () => {
    it("reach the caller with their values, and no hook sees them", async () => {
      const outputs = spots.filter((s) => s.direction === "output");
      expect(outputs.length).toBeGreaterThan(0);
      for (const spot of outputs) {
        const secret = secretValue(spot.shape, spot.label, true);
        const hookLog: unknown[] = [];
        handler = (_req, res) => respond(res, 200, outputWith(spot, leafOf(spot, secret)));
        const input = sample(operations[spot.operation]!.input!.shape);
        const output = await operationFn(spot.operation)(makeClient(hookLog), input as never);
        expect(valueAt(output, spot.steps), spot.label).toEqual(leafOf(spot, secret));
        expect(hookLog.length).toBe(2);
        expectNoLeak([...hookLog, ...consoleOutput], asSecrets(spot, secret.canaries));
      }
    });

    it("never appear in a ResponseParseError, however the body is broken around them", async () => {
      for (const spot of spots.filter((s) => s.direction === "output")) {
        const secret = secretValue(spot.shape, spot.label, true);
        const body = outputWith(spot, leafOf(spot, secret));
        const token = secret.canaries[secret.canaries.length - 1]!;
        const brokenBodies: Array<[string, string]> = [
          // A value left unquoted: the JSON parser's own message would quote the text around it.
          ["secret unquoted", body.replace(new RegExp(`"([^"]*${token}[^"]*)"(?!\\s*:)`), "$1")],
          ["cut off just after the secret", body.slice(0, body.indexOf(token) + token.length + 1)],
          ["valid JSON of the wrong shape", `[${body}]`],
          ["garbage after the secret", body.replace(token, `${token}\u0000`)],
        ];
        for (const [broken, text] of brokenBodies) {
          expect(text, `${spot.label}: ${broken}`).not.toBe(body);
          handler = (_req, res) => respond(res, 200, text);
          const input = sample(operations[spot.operation]!.input!.shape);
          const error = await operationFn(spot.operation)(makeClient([]), input as never).catch((e: unknown) => e);
          expect(error, `${spot.label}: ${broken}`).toBeInstanceOf(ResponseParseError);
          expectNoLeak([error, ...consoleOutput], asSecrets(spot, secret.canaries));
          // The raw body stays available to a caller who asks for it explicitly.
          expect((error as ResponseParseError).$response.body).toBe(text);
        }
      }
    });
  });
});

// ---------------------------------------------------------------------------------------------
// Credentials and the Authorization header.

describe("credentials and the Authorization header", () => {
  const credentials: Credentials = {
    accessKeyId: "AKIDSECRETSTEST",
    secretAccessKey: canary("secret access key"),
    sessionToken: canary("session token"),
  };
  const credentialSecrets: Secret[] = [
    { what: "the secret access key", value: credentials.secretAccessKey },
    { what: "the session token", value: credentials.sessionToken! },
  ];

  /** The Authorization headers the server saw, whole and their signatures. */
  function wireSecrets(): Secret[] {
    return received.flatMap((r) => {
      const authorization = String(r.headers.authorization ?? "");
      const signature = /Signature=([0-9a-f]{64})/.exec(authorization)?.[1] ?? "";
      expect(signature).not.toBe("");
      return [
        { what: "the Authorization header", value: authorization, whole: true },
        { what: "the request signature", value: signature, whole: true },
      ];
    });
  }

  it("stay out of hooks, errors and their renderings in every outcome", async () => {
    // What each outcome settles as: an error's name, or undefined for a result.
    const outcomes: Array<[string, Handler, Partial<ClientConfig>, string | undefined]> = [
      [
        "success after a retry",
        (_r, res, n) =>
          n % 2 === 1 ? respond(res, 503, "{}", { "x-amzn-errortype": "ServiceUnavailableException" }) : respond(res, 200, '{"Items": []}'),
        {},
        undefined,
      ],
      [
        "modelled 403",
        (_r, res) => respond(res, 403, JSON.stringify({ message: "denied" }), { "x-amzn-errortype": "AccessDeniedException" }),
        { maxAttempts: 1 },
        "AccessDeniedException",
      ],
      [
        "500 without a code",
        (_r, res) => respond(res, 500, "upstream failed", { "content-type": "text/plain" }),
        { maxAttempts: 2 },
        "Http500Error",
      ],
      ["malformed 200", (_r, res) => respond(res, 200, '{"Items": [nope'), {}, "ResponseParseError"],
      ["connection reset", (_r, res) => res.socket?.resetAndDestroy(), { maxAttempts: 2 }, "NetworkError"],
      [
        "body over maxResponseBytes",
        (_r, res) => respond(res, 200, `{"Items": [], "Pad": "${"x".repeat(4096)}"}`),
        { maxResponseBytes: 1024 },
        "NetworkError",
      ],
      ["timeout", () => undefined, { timeoutMs: 150 }, "TimeoutError"],
    ];
    for (const provider of [false, true]) {
      for (const [outcome, h, extra, settlesAs] of outcomes) {
        received.length = 0;
        handler = h;
        const hookLog: unknown[] = [];
        const client = makeClient(hookLog, {
          credentials: provider ? () => Promise.resolve(credentials) : credentials,
          ...extra,
        });
        const result = await operationFn("ListAccountAssociations")(client, { MaxResults: 10 } as never).catch((e: unknown) => e);
        const what = `${outcome}${provider ? " (provider)" : ""}`;
        expect(result instanceof Error ? result.name : undefined, what).toBe(settlesAs);
        expect(received.length, what).toBeGreaterThan(0);
        expect(hookLog.length, what).toBeGreaterThan(0);
        // The credentials were on the wire, so a leak would be visible.
        for (const r of received) expect(r.headers["x-amz-security-token"], what).toBe(credentials.sessionToken);
        for (const context of hookLog) {
          const headers = (context as { headers: Record<string, string> }).headers;
          expect(headers.authorization, what).toBe("REDACTED");
          expect(headers["x-amz-security-token"], what).toBe("REDACTED");
        }
        expectNoLeak([result, ...hookLog, client, ...consoleOutput], [...credentialSecrets, ...wireSecrets()]);
      }
    }
  });

  it("stay out of a RequestValidationError, an abort, and the clients themselves", async () => {
    handler = () => undefined;
    const client = makeClient([], { credentials });
    const validation = await operationFn("ListAccountAssociations")(client, { MaxResults: 0 } as never).catch((e: unknown) => e);
    expect(validation).toBeInstanceOf(RequestValidationError);
    const controller = new AbortController();
    const pending = operationFn("ListAccountAssociations")(client, {} as never, { signal: controller.signal });
    setTimeout(() => controller.abort(), 30);
    const aborted = await pending.catch((e: unknown) => e);
    expect((aborted as Error).name).toBe("AbortError");
    const aggregated = new IoTManagedIntegrations({ region: REGION, endpoint, credentials });
    clients.push(aggregated);
    const rendered = [
      validation,
      aborted,
      client,
      aggregated,
      inspect(client, { showHidden: true, depth: Infinity }),
      inspect(aggregated, { showHidden: true, depth: Infinity }),
      Object.entries(client),
      ...consoleOutput,
    ];
    expectNoLeak(rendered, [...credentialSecrets, ...wireSecrets()]);
    // What a client does show: enough to tell clients apart.
    expect(JSON.parse(JSON.stringify(client)) as unknown).toMatchObject({ region: REGION });
  });
});
