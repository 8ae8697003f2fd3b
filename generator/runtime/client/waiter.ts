// The polling loop behind every generated `waitUntilX`, and the few value helpers its compiled
// JMESPath acceptors call. The expressions themselves were compiled to code at generation time:
// there is no JMESPath interpreter here, only JMESPath's value rules (truthiness, equality,
// projections that drop nulls) written once.
import { invoke, type ServiceClient } from "./client.js";
import { brand } from "../brand.js";
import type { OperationSchema } from "../schema.js";

/** What every `waitUntilX` takes besides the operation's input. Times in seconds (fractions allowed). */
export interface WaiterParams<Client extends ServiceClient = ServiceClient> {
  readonly client: Client;
  /** The longest the whole wait may take. Required. */
  readonly maxWaitTime: number;
  /** The shortest sleep between attempts. Default: the waiter's own delay. */
  readonly minDelay?: number | undefined;
  /** The longest sleep between attempts. Default 120. */
  readonly maxDelay?: number | undefined;
  /** Ends the wait promptly, mid-sleep or mid-request, as ABORTED. */
  readonly abortSignal?: AbortSignal | undefined;
}

/** A method of the aggregated client takes the same, less the client. */
export type WaiterOptions = Omit<WaiterParams, "client">;

export type WaiterState = "SUCCESS" | "FAILURE" | "TIMEOUT" | "ABORTED";

export interface WaiterResult {
  readonly state: "SUCCESS";
  /** The response (or error) that satisfied the success acceptor. */
  readonly reason: unknown;
}

/** A wait that did not succeed: `.state` says how it ended, `.reason` holds the last response or error. */
export class WaiterError extends Error {
  readonly state: Exclude<WaiterState, "SUCCESS">;
  readonly reason: unknown;
  constructor(waiter: string, state: Exclude<WaiterState, "SUCCESS">, reason: unknown) {
    const why = state === "FAILURE" ? "reached a failure state" : state === "TIMEOUT" ? "timed out" : "was aborted";
    super(`waiter ${waiter} ${why}`);
    this.name = "WaiterError";
    this.state = state;
    this.reason = reason;
  }
}
brand(WaiterError, "WaiterError");

/** One acceptor, as generated code writes it; `select` is the compiled JMESPath argument. */
export type Acceptor =
  | {
      readonly state: "success" | "failure" | "retry";
      readonly matcher: "path" | "pathAll" | "pathAny";
      readonly select: (output: unknown) => unknown;
      readonly expected: unknown;
    }
  | { readonly state: "success" | "failure" | "retry"; readonly matcher: "error"; readonly expected: string | boolean }
  | { readonly state: "success" | "failure" | "retry"; readonly matcher: "status"; readonly expected: number };

export interface WaiterSpec {
  readonly name: string;
  /** Seconds: the default minDelay. */
  readonly delay: number;
  readonly acceptors: readonly Acceptor[];
}

type Outcome = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly error: unknown };

function statusOf(v: unknown): number | undefined {
  const meta = v !== null && typeof v === "object" ? (v as { $metadata?: { httpStatusCode?: unknown } }).$metadata : undefined;
  return typeof meta?.httpStatusCode === "number" ? meta.httpStatusCode : undefined;
}

function errorCode(e: unknown): string | undefined {
  if (e === null || typeof e !== "object") return undefined;
  const { name, code } = e as { name?: unknown; code?: unknown };
  return typeof code === "string" ? code : typeof name === "string" ? name : undefined;
}

function matches(a: Acceptor, outcome: Outcome): boolean {
  switch (a.matcher) {
    case "status":
      return statusOf(outcome.ok ? outcome.value : outcome.error) === a.expected;
    case "error":
      if (typeof a.expected === "boolean") return a.expected !== outcome.ok;
      return !outcome.ok && errorCode(outcome.error) === a.expected;
    default: {
      if (!outcome.ok) return false;
      let value: unknown;
      try {
        value = a.select(outcome.value);
      } catch {
        return false;
      }
      if (a.matcher === "path") return jmesEqual(value, a.expected);
      if (!Array.isArray(value) || value.length === 0) return false;
      return a.matcher === "pathAll" ? value.every((v) => jmesEqual(v, a.expected)) : value.some((v) => jmesEqual(v, a.expected));
    }
  }
}

/** The first acceptor that matches decides; no match retries, except an error, which fails. */
function decide(spec: WaiterSpec, outcome: Outcome): "success" | "failure" | "retry" {
  for (const a of spec.acceptors) if (matches(a, outcome)) return a.state;
  return outcome.ok ? "retry" : "failure";
}

function validate(spec: WaiterSpec, p: WaiterParams): { min: number; max: number; wait: number } {
  const min = p.minDelay ?? spec.delay;
  const max = p.maxDelay ?? 120;
  const positive = (n: number) => typeof n === "number" && Number.isFinite(n) && n > 0;
  if (!positive(p.maxWaitTime))
    throw new RangeError(`waiter ${spec.name}: maxWaitTime must be a positive number of seconds, got ${p.maxWaitTime}`);
  if (!positive(min)) throw new RangeError(`waiter ${spec.name}: minDelay must be a positive number of seconds, got ${min}`);
  if (!positive(max)) throw new RangeError(`waiter ${spec.name}: maxDelay must be a positive number of seconds, got ${max}`);
  if (max < min) throw new RangeError(`waiter ${spec.name}: maxDelay (${max}) is less than minDelay (${min})`);
  return { min, max, wait: p.maxWaitTime };
}

/** Exponential backoff with jitter, as the SDK's waiters sleep: seconds. */
function backoff(min: number, max: number, attempt: number): number {
  const ceiling = Math.log(max / min) / Math.log(2) + 1;
  if (attempt > ceiling) return max;
  return min + Math.random() * (min * 2 ** (attempt - 1) - min);
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener("abort", done, { once: true });
  });
}

/** Polls `operation` until an acceptor says success or failure, the time is up, or the signal aborts. */
export async function waitFor(
  operation: OperationSchema,
  spec: WaiterSpec,
  params: WaiterParams,
  input: object | undefined,
): Promise<WaiterResult> {
  const { min, max, wait } = validate(spec, params);
  const signal = params.abortSignal;
  const deadline = Date.now() + wait * 1000;
  let reason: unknown;
  for (let attempt = 0; ; attempt++) {
    if (signal?.aborted) throw new WaiterError(spec.name, "ABORTED", reason);
    if (attempt > 0) {
      const delay = backoff(min, max, attempt) * 1000;
      if (Date.now() + delay > deadline) throw new WaiterError(spec.name, "TIMEOUT", reason);
      await sleep(delay, signal);
      if (signal?.aborted) throw new WaiterError(spec.name, "ABORTED", reason);
    }
    let outcome: Outcome;
    try {
      outcome = { ok: true, value: await invoke(params.client, operation, input, { signal }) };
    } catch (error) {
      if (signal?.aborted) throw new WaiterError(spec.name, "ABORTED", reason);
      outcome = { ok: false, error };
    }
    reason = outcome.ok ? outcome.value : outcome.error;
    const state = decide(spec, outcome);
    if (state === "success") return { state: "SUCCESS", reason };
    if (state === "failure") throw new WaiterError(spec.name, "FAILURE", reason);
  }
}

// ---------------------------------------------------------------------------------------------
// JMESPath's value rules, for the compiled acceptor expressions.

type JsonObject = Record<string, unknown>;
const isJsonObject = (v: unknown): v is JsonObject => v !== null && typeof v === "object" && !Array.isArray(v);

/** `a`: an object's own member, else null. */
export function jmesField(v: unknown, name: string): unknown {
  if (!isJsonObject(v) || !Object.hasOwn(v, name)) return null;
  return v[name] ?? null;
}

/** `a[i]`: negative counts from the end; null outside a list or past its ends. */
export function jmesIndex(v: unknown, i: number): unknown {
  if (!Array.isArray(v)) return null;
  const at = i < 0 ? v.length + i : i;
  return at >= 0 && at < v.length ? (v[at] ?? null) : null;
}

const keep = (xs: unknown[]): unknown[] => xs.filter((x) => x !== null && x !== undefined);

/** `a[*].b`: null unless a list; nulls are dropped. */
export function jmesProject(v: unknown, f: (item: unknown) => unknown): unknown {
  return Array.isArray(v) ? keep(v.map(f)) : null;
}

/** `a.*.b`: over an object's values. */
export function jmesProjectValues(v: unknown, f: (item: unknown) => unknown): unknown {
  return isJsonObject(v) ? keep(Object.values(v).map(f)) : null;
}

/** `a[?cond].b` */
export function jmesFilter(v: unknown, cond: (item: unknown) => unknown, f: (item: unknown) => unknown): unknown {
  return Array.isArray(v) ? keep(v.filter((x) => jmesTruthy(cond(x))).map(f)) : null;
}

/** `a[]`: one level of lists merged; null unless a list. */
export function jmesFlatten(v: unknown): unknown {
  if (!Array.isArray(v)) return null;
  const out: unknown[] = [];
  for (const x of v)
    if (Array.isArray(x)) out.push(...x);
    else out.push(x);
  return out;
}

/** False for null, false, "", [] and {}; true for everything else, 0 included. */
export function jmesTruthy(v: unknown): boolean {
  if (v === null || v === undefined || v === false || v === "") return false;
  if (Array.isArray(v)) return v.length > 0;
  if (isJsonObject(v)) return Object.keys(v).length > 0;
  return true;
}

export function jmesEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === undefined || b === undefined) return (a ?? null) === (b ?? null);
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((x, i) => jmesEqual(x, b[i]));
  if (isJsonObject(a) && isJsonObject(b)) {
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every((k) => Object.hasOwn(b, k) && jmesEqual(a[k], b[k]));
  }
  return false;
}

/** `<`, `<=`, `>`, `>=`: numbers only; anything else is null. */
export function jmesCompare(a: unknown, op: "<" | "<=" | ">" | ">=", b: unknown): boolean | null {
  if (typeof a !== "number" || typeof b !== "number") return null;
  return op === "<" ? a < b : op === "<=" ? a <= b : op === ">" ? a > b : a >= b;
}

/** `a || b` */
export function jmesOr(a: unknown, b: () => unknown): unknown {
  return jmesTruthy(a) ? a : b();
}

/** `a && b` */
export function jmesAnd(a: unknown, b: () => unknown): unknown {
  return jmesTruthy(a) ? b() : a;
}

/** length(): strings (in code points), lists and objects; null for anything else. */
export function jmesLength(v: unknown): number | null {
  if (typeof v === "string") return [...v].length;
  if (Array.isArray(v)) return v.length;
  if (isJsonObject(v)) return Object.keys(v).length;
  return null;
}

/** contains(): a list holding an equal value, or a string holding a substring; null for anything else. */
export function jmesContains(subject: unknown, search: unknown): boolean | null {
  if (Array.isArray(subject)) return subject.some((x) => jmesEqual(x, search));
  if (typeof subject === "string") return typeof search === "string" ? subject.includes(search) : false;
  return null;
}
