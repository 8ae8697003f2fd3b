// svcgen 0.1.0 runtime: copied verbatim from generator/runtime/redact.ts; do not edit.
// Copies of what a call sends, safe to hand to hooks and logs: everything the model marks
// sensitive (a member, or a shape, list or map used by one) becomes "***". Works from the
// schema, so a secret nested three levels down in a list of structures is still hidden.
import { resolveSchema, type MemberSchema, type OperationSchema, type Schema, type SchemaRef, type StructureSchema } from "./schema.js";

export const REDACTED = "***";

/** Deep copy of `value` read as `schema`, with every sensitive value replaced by "***". */
export function redact(value: unknown, schema: StructureSchema): unknown {
  return redactAs(value, schema);
}

function isSensitive(schema: Schema): boolean {
  return typeof schema !== "string" && "sensitive" in schema && schema.sensitive === true;
}

function redactAs(value: unknown, ref: SchemaRef): unknown {
  if (value === undefined || value === null) return value;
  const schema = resolveSchema(ref);
  if (isSensitive(schema)) return REDACTED;
  if (typeof schema === "string") return copy(value);
  switch (schema.type) {
    case "structure":
      return isRecord(value) ? redactStructure(value, schema) : copy(value);
    case "list":
      return Array.isArray(value) ? value.map((item: unknown) => redactAs(item, schema.member)) : copy(value);
    case "map": {
      if (!isRecord(value)) return copy(value);
      // A key may itself be the secret; then nothing of the map can be shown.
      if (isSensitive(resolveSchema(schema.key))) return REDACTED;
      const out: Record<string, unknown> = {};
      for (const key of Object.keys(value)) put(out, key, redactAs(value[key], schema.value));
      return out;
    }
    default:
      return copy(value);
  }
}

function redactStructure(value: Record<string, unknown>, schema: StructureSchema): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    const member: MemberSchema | undefined = Object.hasOwn(schema.members, key) ? schema.members[key] : undefined;
    const item = value[key];
    if (member === undefined) put(out, key, copy(item));
    else put(out, key, member.sensitive === true && item !== undefined ? REDACTED : redactAs(item, member.target));
  }
  return out;
}

/**
 * A deep copy as plain data (documents, members the schema does not know): objects of any class
 * become plain objects of their own enumerable members, so a hook never holds the caller's
 * object nor reaches its prototype; every key, `__proto__` included, stays an own key.
 */
function copy(value: unknown): unknown {
  if (typeof value !== "object" || value === null) return value;
  if (value instanceof Date) return new Date(value.getTime());
  if (value instanceof Uint8Array) return value.slice();
  if (Array.isArray(value)) return value.map(copy);
  const source = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(source)) put(out, key, copy(source[key]));
  return out;
}

/** `out[key] = value`, except that `__proto__` becomes an own key instead of the prototype. */
function put(out: Record<string, unknown>, key: string, value: unknown): void {
  if (key === "__proto__") Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
  else out[key] = value;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** True when a member's value would show a secret wherever it travels. */
function carriesSecret(member: MemberSchema): boolean {
  return member.sensitive === true || schemaCarriesSecret(resolveSchema(member.target));
}

function schemaCarriesSecret(schema: Schema): boolean {
  if (isSensitive(schema)) return true;
  if (typeof schema === "string") return false;
  if (schema.type === "list") return isSensitive(resolveSchema(schema.member));
  if (schema.type === "map") return isSensitive(resolveSchema(schema.key)) || isSensitive(resolveSchema(schema.value));
  return false;
}

/**
 * Hides the secrets that left the input for the URL or headers (sensitive members bound to a
 * URI label, query key, header or header prefix, or a host label). Built once per operation.
 */
export interface WireRedactor {
  readonly hostPrefix: boolean;
  path(path: string): string;
  query(query: ReadonlyArray<readonly [string, string]>): Array<[string, string]>;
  requestHeaders(headers: Readonly<Record<string, string>>): Record<string, string>;
  responseHeaders(headers: Readonly<Record<string, string>>): Record<string, string>;
}

/** Request headers that carry credentials; never shown to hooks. */
const CREDENTIAL_HEADERS: ReadonlySet<string> = new Set(["authorization", "x-amz-security-token"]);
export const REDACTED_CREDENTIAL = "REDACTED";

const redactors = new WeakMap<OperationSchema, WireRedactor>();

export function wireRedactor(operation: OperationSchema): WireRedactor {
  let redactor = redactors.get(operation);
  if (redactor === undefined) {
    redactor = buildWireRedactor(operation);
    redactors.set(operation, redactor);
  }
  return redactor;
}

interface HeaderRule {
  readonly names: ReadonlySet<string>;
  readonly prefixes: readonly string[];
}

function headerRule(schema: StructureSchema | undefined): HeaderRule {
  const names = new Set<string>();
  const prefixes: string[] = [];
  if (schema) {
    for (const [name, member] of Object.entries(schema.members)) {
      if (!carriesSecret(member)) continue;
      const wire = (member.locationName ?? name).toLowerCase();
      if (member.location === "header") names.add(wire);
      else if (member.location === "headers") prefixes.push(wire);
    }
  }
  return { names, prefixes };
}

function hideHeaders(headers: Readonly<Record<string, string>>, rule: HeaderRule, credentials: boolean): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of Object.keys(headers)) {
    const lower = name.toLowerCase();
    if (credentials && CREDENTIAL_HEADERS.has(lower)) out[name] = REDACTED_CREDENTIAL;
    else if (rule.names.has(lower) || rule.prefixes.some((p) => lower.startsWith(p))) out[name] = REDACTED;
    else out[name] = headers[name] ?? "";
  }
  return out;
}

function buildWireRedactor(operation: OperationSchema): WireRedactor {
  const input = operation.input;
  const labels = new Set<string>();
  const queryKeys = new Set<string>();
  const plainQueryKeys = new Set<string>();
  let queryMap = false;
  let hostPrefix = false;
  if (input) {
    for (const [name, member] of Object.entries(input.members)) {
      const secret = carriesSecret(member);
      const wire = member.locationName ?? name;
      if (member.hostLabel === true && secret) hostPrefix = true;
      if (member.location === "uri" && secret) labels.add(wire);
      if (member.location === "querystring") {
        // A query member bound to a map spreads its keys over the query string.
        if (schemaIsMap(member.target)) queryMap ||= secret;
        else (secret ? queryKeys : plainQueryKeys).add(wire);
      }
    }
  }
  const literalQuery = operation.requestUri.split("?")[1];
  if (literalQuery) for (const part of literalQuery.split("&")) plainQueryKeys.add(part.split("=")[0] ?? "");
  const request = headerRule(input);
  const response = headerRule(operation.output);
  const pathPattern = labels.size > 0 ? labelPattern(operation.requestUri, labels) : undefined;
  return {
    hostPrefix,
    path: (path) => (pathPattern === undefined ? path : hidePathLabels(path, pathPattern)),
    query: (query) => query.map(([k, v]) => [k, queryKeys.has(k) || (queryMap && !plainQueryKeys.has(k)) ? REDACTED : v]),
    requestHeaders: (headers) => hideHeaders(headers, request, true),
    responseHeaders: (headers) => hideHeaders(headers, response, false),
  };
}

function schemaIsMap(ref: SchemaRef): boolean {
  const schema = resolveSchema(ref);
  return typeof schema !== "string" && schema.type === "map";
}

interface LabelPattern {
  readonly regex: RegExp;
  /** For each capture group: whether it holds a secret label. */
  readonly secret: readonly boolean[];
}

/** A regex matching the encoded path the template produces, one group per label. */
function labelPattern(requestUri: string, secretLabels: ReadonlySet<string>): LabelPattern {
  const template = requestUri.split("?")[0] ?? "";
  const secret: boolean[] = [];
  let source = "^";
  let last = 0;
  for (const m of template.matchAll(/\{([^}+]+)(\+?)\}/g)) {
    source += escapeRegex(template.slice(last, m.index));
    source += m[2] === "+" ? "(.*)" : "([^/]*)";
    secret.push(secretLabels.has(m[1] ?? ""));
    last = m.index + m[0].length;
  }
  source += escapeRegex(template.slice(last)) + "$";
  return { regex: new RegExp(source, "d"), secret };
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

function hidePathLabels(path: string, pattern: LabelPattern): string {
  const m = pattern.regex.exec(path);
  // A path the template cannot explain may hold the secret anywhere: show none of it.
  if (m === null || m.indices === undefined) return "/" + REDACTED;
  let out = "";
  let last = 0;
  for (let group = 1; group < m.length; group++) {
    const span = m.indices[group];
    if (span === undefined || pattern.secret[group - 1] !== true) continue;
    out += path.slice(last, span[0]) + REDACTED;
    last = span[1];
  }
  return out + path.slice(last);
}

// ---------------------------------------------------------------------------------------------
// Errors: what the platform and the runtime say about a failed exchange may quote a value it
// refused (fetch quotes a header value with a line break, a URL error quotes the URL). Before
// an error leaves the client, every secret of the call is replaced in its message, its stack
// and its causes. This runs on the failure path only.

/**
 * Shorter values are not searched for: replacing two or three characters wherever they occur
 * would garble every message, and so short a secret is not one a message can be said to leak.
 */
const MIN_SECRET_LENGTH = 4;
/** How deep a chain of causes is followed. */
const MAX_CAUSE_DEPTH = 8;

/**
 * The texts a call's secrets may appear as in an error: each value as given, trimmed (header
 * values are trimmed before they are checked), line by line, and percent-encoded (as in a URL).
 * Longest first, so a value is hidden whole before any part of it.
 */
export function secretTexts(values: Iterable<string>, encode: (text: string) => string): string[] {
  const out = new Set<string>();
  const add = (text: string): void => {
    if (text.length >= MIN_SECRET_LENGTH) out.add(text);
  };
  for (const value of values) {
    add(value);
    add(value.trim());
    add(encode(value));
    let start = 0;
    for (let i = 0; i <= value.length; i++) {
      const c = i < value.length ? value.charCodeAt(i) : 10;
      if (c === 10 || c === 13 || c === 0) {
        add(value.slice(start, i).trim());
        start = i + 1;
      }
    }
  }
  return [...out].sort((a, b) => b.length - a.length);
}

/** Every scalar of `value` that `schema` marks sensitive, as text (blobs excepted). */
export function sensitiveValues(value: unknown, schema: StructureSchema): string[] {
  const out: string[] = [];
  collectSecrets(value, schema, false, out, 0);
  return out;
}

function collectSecrets(value: unknown, ref: SchemaRef, inSecret: boolean, out: string[], depth: number): void {
  if (value === undefined || value === null || depth > 64) return;
  const schema = resolveSchema(ref);
  const secret = inSecret || isSensitive(schema);
  if (typeof value !== "object") {
    if (secret) out.push(String(value));
    return;
  }
  if (value instanceof Date) {
    if (secret) out.push(value.toISOString(), String(value.getTime() / 1000));
    return;
  }
  if (value instanceof Uint8Array) return;
  if (typeof schema === "string") {
    if (secret) collectAll(value, out, depth);
    return;
  }
  switch (schema.type) {
    case "structure": {
      if (!isRecord(value)) return;
      for (const key of Object.keys(value)) {
        const member = Object.hasOwn(schema.members, key) ? schema.members[key] : undefined;
        if (member === undefined) {
          if (secret) collectAll(value[key], out, depth);
        } else collectSecrets(value[key], member.target, secret || member.sensitive === true, out, depth + 1);
      }
      return;
    }
    case "list":
      if (Array.isArray(value)) for (const item of value) collectSecrets(item, schema.member, secret, out, depth + 1);
      return;
    case "map": {
      if (!isRecord(value)) return;
      const keySecret = secret || isSensitive(resolveSchema(schema.key));
      for (const key of Object.keys(value)) {
        if (keySecret) out.push(key);
        collectSecrets(value[key], schema.value, keySecret, out, depth + 1);
      }
      return;
    }
    default:
      if (secret) collectAll(value, out, depth);
  }
}

/** Every scalar inside a secret document or unknown member of a secret structure. */
function collectAll(value: unknown, out: string[], depth: number): void {
  if (value === undefined || value === null || depth > 64) return;
  if (typeof value !== "object") {
    out.push(String(value));
    return;
  }
  if (value instanceof Uint8Array || value instanceof Date) return;
  if (Array.isArray(value)) {
    for (const item of value) collectAll(item, out, depth + 1);
    return;
  }
  for (const key of Object.keys(value)) {
    out.push(key);
    collectAll((value as Record<string, unknown>)[key], out, depth + 1);
  }
}

function hideIn(text: string, secrets: readonly string[]): string {
  for (const secret of secrets) if (text.includes(secret)) text = text.split(secret).join(REDACTED);
  return text;
}

/**
 * `error` with every secret text replaced by "***" in its message, stack, other own text
 * properties and causes. An error this runtime made (`own`) is changed in place; any other
 * (the platform's, a hook's, an abort reason) is left untouched and replaced by a copy with the
 * same prototype, so `instanceof` and `name` still hold. Returns `error` itself when it shows
 * no secret.
 */
export function scrubError(error: unknown, secrets: readonly string[], own: (error: Error) => boolean): unknown {
  return scrub(error, secrets, own, 0);
}

function scrub(error: unknown, secrets: readonly string[], own: (error: Error) => boolean, depth: number): unknown {
  if (secrets.length === 0) return error;
  if (typeof error === "string") return hideIn(error, secrets);
  if (!(error instanceof Error) || depth > MAX_CAUSE_DEPTH) return error;
  const changes = new Map<PropertyKey, unknown>();
  for (const key of Object.getOwnPropertyNames(error)) {
    const descriptor = Object.getOwnPropertyDescriptor(error, key);
    if (descriptor === undefined || !("value" in descriptor)) continue;
    const value: unknown = descriptor.value;
    let next: unknown = value;
    if (typeof value === "string") next = hideIn(value, secrets);
    else if (key === "cause") next = scrub(value, secrets, own, depth + 1);
    else if (key === "errors" && Array.isArray(value)) {
      const items = value.map((item: unknown) => scrub(item, secrets, own, depth + 1));
      if (items.some((item, i) => item !== value[i])) next = items;
    }
    if (next !== value) changes.set(key, next);
  }
  if (changes.size === 0) return error;
  const target: Error = own(error) ? error : copyError(error);
  for (const [key, value] of changes) {
    const descriptor = Object.getOwnPropertyDescriptor(target, key);
    Object.defineProperty(target, key, { ...descriptor, value });
  }
  return target;
}

function copyError(error: Error): Error {
  const copy = Object.create(Object.getPrototypeOf(error) as object | null) as Error;
  for (const key of Reflect.ownKeys(error)) {
    const descriptor = Object.getOwnPropertyDescriptor(error, key);
    if (descriptor !== undefined) Object.defineProperty(copy, key, descriptor);
  }
  return copy;
}
