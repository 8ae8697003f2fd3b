// Copies of what a call sends, safe to hand to hooks and logs: everything the model marks
// sensitive (a member, or a shape, list or map used by one) becomes "***". Works from the
// schema, so a secret nested three levels down in a list of structures is still hidden.
import {
  resolveSchema,
  type MemberSchema,
  type OperationSchema,
  type Schema,
  type SchemaRef,
  type StructureSchema,
} from "./schema.js";

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
      for (const key of Object.keys(value)) out[key] = redactAs(value[key], schema.value);
      return out;
    }
    default:
      return copy(value);
  }
}

function redactStructure(value: Record<string, unknown>, schema: StructureSchema): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    const member: MemberSchema | undefined = schema.members[key];
    const item = value[key];
    if (member === undefined) out[key] = copy(item);
    else if (member.sensitive === true && item !== undefined) out[key] = REDACTED;
    else out[key] = redactAs(item, member.target);
  }
  return out;
}

/** A deep copy of plain data (documents, members the schema does not know). */
function copy(value: unknown): unknown {
  if (typeof value !== "object" || value === null) return value;
  if (value instanceof Date) return new Date(value.getTime());
  if (value instanceof Uint8Array) return value.slice();
  if (Array.isArray(value)) return value.map(copy);
  if (!isRecord(value)) return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) out[key] = copy(value[key]);
  return out;
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

function hideHeaders(
  headers: Readonly<Record<string, string>>,
  rule: HeaderRule,
  credentials: boolean,
): Record<string, string> {
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
    query: (query) =>
      query.map(([k, v]) => [k, queryKeys.has(k) || (queryMap && !plainQueryKeys.has(k)) ? REDACTED : v]),
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
