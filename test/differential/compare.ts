// Comparing what the two clients did: the requests they put on the wire and the results they
// read back. Every difference is reported with where it is and both sides' values as text, so
// a rule in known-differences.ts can recognise it and a person can read it.
import { createHash, createHmac } from "node:crypto";
import { SignatureV4 } from "@smithy/signature-v4";
import type { CapturedRequest } from "./capture-server.js";
import { compareMarkupBodies } from "./xml.js";

export type Aspect =
  "sent" | "method" | "path" | "query" | "header" | "body" | "authorization" | "signature" | "outcome" | "output" | "error";

export interface Difference {
  readonly side: "request" | "response";
  readonly aspect: Aspect;
  /** A header name, query key, JSON path or property; "" for the whole aspect. */
  readonly where: string;
  readonly sdk: string;
  readonly svcgen: string;
}

/**
 * Headers that say nothing about the call: product tokens, the per-call invocation id and
 * attempt counter, and connection management. Authorization is compared on its own.
 */
export const NOT_MEANINGFUL = new Set([
  "user-agent",
  "x-amz-user-agent",
  "amz-sdk-invocation-id",
  "amz-sdk-request",
  "connection",
  "authorization",
]);

export const ABSENT = "(absent)";

const show = (value: unknown): string => (value === undefined ? ABSENT : typeof value === "string" ? value : JSON.stringify(value));

// ---------------------------------------------------------------------------------------------
// Requests

function parseJson(bytes: Uint8Array): { ok: true; value: unknown } | { ok: false } {
  if (bytes.length === 0) return { ok: false };
  try {
    return { ok: true, value: JSON.parse(Buffer.from(bytes).toString("utf8")) as unknown };
  } catch {
    return { ok: false };
  }
}

/** Differences between two JSON values, by path (`a.b[2]`); objects compare regardless of key order. */
export function diffJson(a: unknown, b: unknown, path: string, out: (where: string, a: unknown, b: unknown) => void): void {
  if (Object.is(a, b)) return;
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) {
      out(`${path}.length`, a.length, b.length);
      return;
    }
    a.forEach((item, i) => diffJson(item, b[i], `${path}[${i}]`, out));
    return;
  }
  const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
  if (isRecord(a) && isRecord(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const key of [...keys].sort()) diffJson(a[key], b[key], path === "" ? key : `${path}.${key}`, out);
    return;
  }
  out(path, a, b);
}

export function authorizationParts(
  header: string | undefined,
): { credential: string; signedHeaders: string; signature: string } | undefined {
  const m = /^AWS4-HMAC-SHA256 Credential=([^,]+), SignedHeaders=([^,]+), Signature=([0-9a-f]{64})$/.exec(header ?? "");
  return m === null ? undefined : { credential: m[1]!, signedHeaders: m[2]!, signature: m[3]! };
}

export function compareRequests(sdk: CapturedRequest, ours: CapturedRequest): Difference[] {
  const diffs: Difference[] = [];
  const add = (aspect: Aspect, where: string, a: unknown, b: unknown) =>
    diffs.push({ side: "request", aspect, where, sdk: show(a), svcgen: show(b) });
  if (sdk.method !== ours.method) add("method", "", sdk.method, ours.method);
  if (sdk.path !== ours.path) add("path", "", sdk.path, ours.path);

  // The query as a multiset of pairs exactly as sent.
  const count = (pairs: CapturedRequest["query"]) => {
    const m = new Map<string, number>();
    for (const [k, v] of pairs) m.set(`${k}=${v}`, (m.get(`${k}=${v}`) ?? 0) + 1);
    return m;
  };
  const qa = count(sdk.query);
  const qb = count(ours.query);
  for (const pair of [...new Set([...qa.keys(), ...qb.keys()])].sort()) {
    const na = qa.get(pair) ?? 0;
    const nb = qb.get(pair) ?? 0;
    if (na !== nb) add("query", pair.slice(0, pair.indexOf("=")), `${pair} ×${na}`, `${pair} ×${nb}`);
  }

  const names = new Set([...Object.keys(sdk.headers), ...Object.keys(ours.headers)]);
  for (const name of [...names].sort()) {
    if (NOT_MEANINGFUL.has(name)) continue;
    if (sdk.headers[name] !== ours.headers[name]) add("header", name, sdk.headers[name], ours.headers[name]);
  }

  const ja = parseJson(sdk.body);
  const jb = parseJson(ours.body);
  if (compareMarkupBodies(sdk, ours, (where, a, b) => add("body", where, a, b), diffJson)) {
    // Forms and XML compared by meaning (xml.ts); equal meaning in other bytes still signs differently.
    if (!diffs.some((d) => d.aspect === "body") && Buffer.compare(Buffer.from(sdk.body), Buffer.from(ours.body)) !== 0)
      add("body", "(bytes)", Buffer.from(sdk.body).toString("utf8"), Buffer.from(ours.body).toString("utf8"));
  } else if (ja.ok && jb.ok) {
    const before = diffs.length;
    diffJson(ja.value, jb.value, "", (where, a, b) => add("body", where, a, b));
    // Equal JSON, different bytes: the payload hash and the signature still differ.
    if (diffs.length === before && Buffer.compare(Buffer.from(sdk.body), Buffer.from(ours.body)) !== 0) {
      add("body", "(bytes)", Buffer.from(sdk.body).toString("utf8"), Buffer.from(ours.body).toString("utf8"));
    }
  } else if (Buffer.compare(Buffer.from(sdk.body), Buffer.from(ours.body)) !== 0) {
    add("body", "", Buffer.from(sdk.body).toString("utf8"), Buffer.from(ours.body).toString("utf8"));
  }

  const authA = sdk.headers.authorization;
  const authB = ours.headers.authorization;
  if (authA !== authB) {
    const pa = authorizationParts(authA);
    const pb = authorizationParts(authB);
    if (pa?.credential !== pb?.credential) add("authorization", "Credential", pa?.credential, pb?.credential);
    if (pa?.signedHeaders !== pb?.signedHeaders) add("authorization", "SignedHeaders", pa?.signedHeaders, pb?.signedHeaders);
    else add("authorization", "Signature", pa?.signature, pb?.signature);
  }
  return diffs;
}

// ---------------------------------------------------------------------------------------------
// Signatures: each request re-signed by the reference signer over exactly what arrived

type SourceData = string | ArrayBuffer | ArrayBufferView;

const bytesOf = (data: SourceData): string | Uint8Array =>
  typeof data === "string"
    ? data
    : ArrayBuffer.isView(data)
      ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength)
      : new Uint8Array(data);

/** The hash the reference signer asks for, on node:crypto. */
class NodeSha256 {
  readonly #secret: SourceData | undefined;
  #hash: { update(data: string | Uint8Array): void; digest(): Buffer };
  constructor(secret?: SourceData) {
    this.#secret = secret;
    this.#hash = NodeSha256.#create(secret);
  }
  static #create(secret: SourceData | undefined): { update(data: string | Uint8Array): void; digest(): Buffer } {
    return secret === undefined ? createHash("sha256") : createHmac("sha256", bytesOf(secret));
  }
  update(data: SourceData): void {
    this.#hash.update(bytesOf(data));
  }
  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.#hash.digest());
  }
  reset(): void {
    this.#hash = NodeSha256.#create(this.#secret);
  }
}

export interface SigningFacts {
  readonly credentials: {
    readonly accessKeyId: string;
    readonly secretAccessKey: string;
    readonly sessionToken?: string;
  };
  readonly region: string;
  readonly service: string;
  readonly date: Date;
  readonly port: number;
}

/** Whether the request's Authorization header is what the reference SigV4 signer computes for it. */
export async function signatureHolds(req: CapturedRequest, facts: SigningFacts): Promise<boolean> {
  const parts = authorizationParts(req.headers.authorization);
  if (parts === undefined) return false;
  const headers: Record<string, string> = {};
  for (const name of parts.signedHeaders.split(";"))
    if (name !== "x-amz-security-token" && name !== "x-amz-date") headers[name] = req.headers[name] ?? "";
  const query: Record<string, string | string[]> = {};
  for (const [k, v] of req.query) {
    const key = decodeURIComponent(k);
    const value = decodeURIComponent(v);
    const prev = query[key];
    query[key] = prev === undefined ? value : Array.isArray(prev) ? [...prev, value] : [prev, value];
  }
  const signer = new SignatureV4({
    credentials: facts.credentials,
    region: facts.region,
    service: facts.service,
    sha256: NodeSha256,
    applyChecksum: false,
    // S3 signs the path as sent, without the second round of percent-encoding other services use.
    uriEscapePath: facts.service !== "s3",
  });
  const signed = await signer.sign(
    {
      method: req.method,
      protocol: "http:",
      hostname: "127.0.0.1",
      port: facts.port,
      path: req.path,
      query,
      headers,
      body: Buffer.from(req.body),
    },
    { signingDate: facts.date },
  );
  return signed.headers.authorization === req.headers.authorization;
}

// ---------------------------------------------------------------------------------------------
// Results

/** What a call produced, in a form both clients can be compared in. */
export type Outcome =
  | { readonly ok: true; readonly output: unknown; readonly status: unknown; readonly requestId: unknown }
  | {
      readonly ok: false;
      readonly name: string;
      readonly fault: unknown;
      readonly status: unknown;
      readonly message: unknown;
      readonly members: unknown;
    };

/**
 * Plain JSON-comparable data: dates as ISO text, bytes as base64, undefined members dropped,
 * non-finite numbers as their names, `$metadata` left out (its facts are compared separately).
 */
export function normalise(value: unknown): unknown {
  if (value === undefined || value === null) return value;
  if (value instanceof Date) return { $date: Number.isNaN(value.getTime()) ? "Invalid Date" : value.toISOString() };
  if (value instanceof Uint8Array) return { $bytes: Buffer.from(value).toString("base64") };
  if (typeof value === "number") return Number.isFinite(value) ? value : String(value);
  if (typeof value === "bigint") return `${value}n`;
  if (Array.isArray(value)) return value.map(normalise);
  if (typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      if (key === "$metadata") continue;
      const item = normalise((value as Record<string, unknown>)[key]);
      if (item !== undefined) out[key] = item;
    }
    return out;
  }
  return value;
}

interface ErrorLike {
  name?: unknown;
  message?: unknown;
  $fault?: unknown;
  $metadata?: { httpStatusCode?: unknown };
}

/** An outcome from a settled call; `memberNames` are the error shape's members when it is modelled. */
export function outcomeOf(
  result: { ok: true; value: unknown } | { ok: false; error: unknown },
  memberNames: (errorName: string) => readonly string[],
): Outcome {
  if (result.ok) {
    const meta = (result.value as { $metadata?: { httpStatusCode?: unknown; requestId?: unknown } }).$metadata;
    return { ok: true, output: normalise(result.value), status: meta?.httpStatusCode, requestId: meta?.requestId };
  }
  const error = result.error as ErrorLike & Record<string, unknown>;
  const name = typeof error?.name === "string" ? error.name : String(error);
  const members: Record<string, unknown> = {};
  for (const m of memberNames(name)) if (m !== "message") members[m] = error[m];
  return {
    ok: false,
    name,
    fault: error?.$fault,
    status: error?.$metadata?.httpStatusCode,
    message: error?.message,
    members: normalise(members),
  };
}

export function compareOutcomes(sdk: Outcome, ours: Outcome): Difference[] {
  const diffs: Difference[] = [];
  const add = (aspect: Aspect, where: string, a: unknown, b: unknown) =>
    diffs.push({ side: "response", aspect, where, sdk: show(a), svcgen: show(b) });
  if (sdk.ok !== ours.ok) {
    const describe = (o: Outcome) => (o.ok ? "output" : `${o.name}: ${String(o.message)}`);
    add("outcome", "", describe(sdk), describe(ours));
    return diffs;
  }
  if (sdk.ok && ours.ok) {
    if (sdk.status !== ours.status) add("output", "$metadata.httpStatusCode", sdk.status, ours.status);
    if (sdk.requestId !== ours.requestId) add("output", "$metadata.requestId", sdk.requestId, ours.requestId);
    diffJson(sdk.output, ours.output, "", (where, a, b) => add("output", where, a, b));
    return diffs;
  }
  if (!sdk.ok && !ours.ok) {
    if (sdk.name !== ours.name) add("error", "name", sdk.name, ours.name);
    if (sdk.fault !== ours.fault) add("error", "$fault", sdk.fault, ours.fault);
    if (sdk.status !== ours.status) add("error", "$metadata.httpStatusCode", sdk.status, ours.status);
    if (sdk.message !== ours.message) add("error", "message", sdk.message, ours.message);
    diffJson(sdk.members, ours.members, "", (where, a, b) => add("error", where, a, b));
  }
  return diffs;
}
