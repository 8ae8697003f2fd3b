// Request serialisation and response parsing for the AWS `rest-json` (restJson1) and `json`
// (awsJson 1.0 / 1.1) protocols, interpreting the schema constants of schema.ts.
//
// Everything that depends only on a schema (member partition by location, wire names, URI
// template, host prefix) is computed once per schema object and cached in a WeakMap, so a call
// only walks the values it is given.
import type {
  ErrorSchema,
  MemberSchema,
  OperationSchema,
  Schema,
  ServiceSchema,
  StructureSchema,
  TimestampFormat,
} from "./schema.js";
import { resolveSchema } from "./schema.js";
import type { RawResponse, ResponseMetadata } from "./errors.js";
import { RequestValidationError, ResponseParseError, ServiceException } from "./errors.js";
import {
  formatTimestamp,
  fromBase64,
  isCanonicalBase64,
  parseTimestamp,
  percentEncode,
  quoteHeaderItem,
  splitHeaderList,
  toBase64,
  toEpochSeconds,
  utf8Decode,
  utf8Encode,
} from "./codecs.js";

export interface HttpRequestParts {
  method: string;
  /** Percent-encoded path with its labels filled, without the endpoint's base path. */
  path: string;
  /** Raw (unencoded) pairs in order; a list repeats its key. Includes the requestUri's literal query. */
  query: Array<[string, string]>;
  /** Lower-case names. */
  headers: Record<string, string>;
  body: string | Uint8Array | undefined;
  /** The operation's hostPrefix with its labels filled, when it has one. */
  hostPrefix: string | undefined;
}

export interface HttpResponseParts {
  statusCode: number;
  /** Lower-case names; repeated headers joined with ", ". */
  headers: Readonly<Record<string, string>>;
  body: Uint8Array;
}

// ---------------------------------------------------------------------------------------------
// Plans: what a schema says, worked out once

interface MemberInfo {
  /** The member's name in the input or output object. */
  readonly name: string;
  /** JSON key, query key, URI label, or header name (lower-case) or prefix (lower-case). */
  readonly wire: string;
  /** The JSON key already quoted and followed by `:`, ready to concatenate. */
  readonly jsonKey: string;
  readonly target: Schema;
}

/** A map member spread over query keys or prefixed headers: its value schema resolved once. */
interface MapMemberInfo extends MemberInfo {
  readonly value: Schema;
}

type MemberTable = Readonly<Record<string, MemberInfo>>;

interface StructurePlan {
  /** Every member by name / by JSON key: nested structures and the json protocol's bodies. */
  readonly byName: MemberTable;
  readonly byWire: MemberTable;
  readonly tokens: readonly MemberInfo[];
  /** The member whose name is `message` in any case, to carry the error message. */
  readonly messageMember: string | undefined;
  rest: RestPlan | undefined;
}

/** The restJson1 partition of a top-level input, output or error structure. */
interface RestPlan {
  readonly labels: MemberTable;
  readonly query: readonly MemberInfo[];
  readonly queryMaps: readonly MapMemberInfo[];
  readonly headers: readonly MemberInfo[];
  readonly prefixHeaders: readonly MapMemberInfo[];
  readonly statusCode: MemberInfo | undefined;
  readonly payload: MemberInfo | undefined;
  /** Undefined when the structure has no body members: then no JSON body is sent at all. */
  readonly bodyByName: MemberTable | undefined;
  readonly bodyByWire: MemberTable;
}

interface LabelPart {
  /** The URI member the label names (unused for host labels, which are member names). */
  readonly member: MemberInfo | undefined;
  readonly label: string;
  readonly greedy: boolean;
}

interface OperationPlan {
  /** The whole path when it has no labels. */
  readonly staticPath: string | undefined;
  readonly pathParts: readonly (string | LabelPart)[];
  readonly literalQuery: readonly (readonly [string, string])[];
  readonly hostParts: readonly (string | LabelPart)[] | undefined;
  /** json protocol headers, filled on first use (they need the service). */
  jsonContentType: string | undefined;
  jsonTarget: string | undefined;
}

const structurePlans = new WeakMap<StructureSchema, StructurePlan>();
const operationPlans = new WeakMap<OperationSchema, OperationPlan>();
const errorTables = new WeakMap<readonly ErrorSchema[], ReadonlyMap<string, ErrorSchema>>();

function table(): Record<string, MemberInfo> {
  // No prototype: wire names such as `constructor` or `__proto__` must not find inherited values.
  return Object.create(null) as Record<string, MemberInfo>;
}

function memberInfo(name: string, member: MemberSchema, lowerCase: boolean): MemberInfo {
  const wire = member.locationName ?? name;
  return {
    name,
    wire: lowerCase ? wire.toLowerCase() : wire,
    jsonKey: JSON.stringify(wire) + ":",
    target: resolveSchema(member.target),
  };
}

function mapMemberInfo(name: string, member: MemberSchema, lowerCase: boolean): MapMemberInfo {
  const info = memberInfo(name, member, lowerCase);
  const t = info.target;
  return { ...info, value: typeof t === "object" && t.type === "map" ? resolveSchema(t.value) : "string" };
}

/**
 * The caller's value of a member: own properties only, so a member named `toString` or
 * `constructor` that the caller left out is absent, not Object.prototype's function.
 */
function ownMember(values: Readonly<Record<string, unknown>>, name: string): unknown {
  return Object.hasOwn(values, name) ? values[name] : undefined;
}

/** Calls `fn` with each set entry of the map member `info` of `values`. */
function forEachEntry(
  values: Readonly<Record<string, unknown>>,
  info: MapMemberInfo,
  fn: (key: string, value: unknown) => void,
): void {
  const map = ownMember(values, info.name);
  if (map === null || typeof map !== "object") return;
  for (const key in map) {
    const value = (map as Readonly<Record<string, unknown>>)[key];
    if (value !== undefined && value !== null) fn(key, value);
  }
}

function structurePlan(schema: StructureSchema): StructurePlan {
  let plan = structurePlans.get(schema);
  if (plan !== undefined) return plan;
  const byName = table();
  const byWire = table();
  const tokens: MemberInfo[] = [];
  let messageMember: string | undefined;
  for (const [name, member] of Object.entries(schema.members)) {
    const info = memberInfo(name, member, false);
    byName[name] = info;
    byWire[info.wire] = info;
    if (member.idempotencyToken) tokens.push(info);
    if (name.toLowerCase() === "message") messageMember = name;
  }
  plan = { byName, byWire, tokens, messageMember, rest: undefined };
  structurePlans.set(schema, plan);
  return plan;
}

function restPlan(schema: StructureSchema): RestPlan {
  const plan = structurePlan(schema);
  if (plan.rest !== undefined) return plan.rest;
  const labels = table();
  const query: MemberInfo[] = [];
  const queryMaps: MapMemberInfo[] = [];
  const headers: MemberInfo[] = [];
  const prefixHeaders: MapMemberInfo[] = [];
  let statusCode: MemberInfo | undefined;
  let bodyByName: Record<string, MemberInfo> | undefined;
  const bodyByWire = table();
  for (const [name, member] of Object.entries(schema.members)) {
    switch (member.location) {
      case "uri": {
        const info = memberInfo(name, member, false);
        labels[info.wire] = info;
        break;
      }
      case "querystring": {
        const info = memberInfo(name, member, false);
        if (typeof info.target === "object" && info.target.type === "map") {
          queryMaps.push(mapMemberInfo(name, member, false));
        } else query.push(info);
        break;
      }
      case "header":
        headers.push(memberInfo(name, member, true));
        break;
      case "headers":
        prefixHeaders.push(mapMemberInfo(name, member, true));
        break;
      case "statusCode":
        statusCode = memberInfo(name, member, false);
        break;
      case undefined: {
        if (name === schema.payload) break;
        const info = memberInfo(name, member, false);
        bodyByName ??= table();
        bodyByName[name] = info;
        bodyByWire[info.wire] = info;
        break;
      }
    }
  }
  const payloadMember = schema.payload === undefined ? undefined : schema.members[schema.payload];
  plan.rest = {
    labels,
    query,
    queryMaps,
    headers,
    prefixHeaders,
    statusCode,
    payload:
      payloadMember === undefined ? undefined : memberInfo(schema.payload!, payloadMember, false),
    bodyByName,
    bodyByWire,
  };
  return plan.rest;
}

const TEMPLATE_LABEL = /\{([^{}]+?)(\+)?\}/g;

/** Splits a template into literal text and labels, resolving labels against the given members. */
function templateParts(template: string, members: MemberTable | undefined): (string | LabelPart)[] {
  const parts: (string | LabelPart)[] = [];
  let last = 0;
  for (const match of template.matchAll(TEMPLATE_LABEL)) {
    if (match.index > last) parts.push(template.slice(last, match.index));
    const label = match[1]!;
    parts.push({ label, greedy: match[2] === "+", member: members?.[label] });
    last = match.index + match[0].length;
  }
  if (last < template.length) parts.push(template.slice(last));
  return parts;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

function operationPlan(op: OperationSchema): OperationPlan {
  let plan = operationPlans.get(op);
  if (plan !== undefined) return plan;
  const queryStart = op.requestUri.indexOf("?");
  const pathTemplate = queryStart === -1 ? op.requestUri : op.requestUri.slice(0, queryStart);
  const literalQuery: (readonly [string, string])[] = [];
  if (queryStart !== -1) {
    for (const part of op.requestUri.slice(queryStart + 1).split("&")) {
      if (part === "") continue;
      const eq = part.indexOf("=");
      literalQuery.push(
        eq === -1
          ? [safeDecode(part), ""]
          : [safeDecode(part.slice(0, eq)), safeDecode(part.slice(eq + 1))],
      );
    }
  }
  const pathParts = templateParts(pathTemplate, op.input && restPlan(op.input).labels);
  // Host labels name their members directly.
  const hostParts =
    op.hostPrefix === undefined ? undefined : templateParts(op.hostPrefix, undefined);
  plan = {
    staticPath: pathParts.every((p) => typeof p === "string") ? pathTemplate : undefined,
    pathParts,
    literalQuery,
    hostParts,
    jsonContentType: undefined,
    jsonTarget: undefined,
  };
  operationPlans.set(op, plan);
  return plan;
}

// ---------------------------------------------------------------------------------------------
// Value conversion on the way out

function typeOf(schema: Schema): string {
  return typeof schema === "string" ? schema : schema.type;
}

function timestampFormatOf(schema: Schema): TimestampFormat | undefined {
  return typeof schema === "object" && "format" in schema ? schema.format : undefined;
}

function isJsonValue(schema: Schema): boolean {
  return typeof schema === "object" && "jsonvalue" in schema && schema.jsonvalue === true;
}

/** Inputs may give a Date, epoch seconds or timestamp text. */
function toDate(value: unknown): Date {
  if (value instanceof Date) return value;
  return parseTimestamp(value);
}

/** Inputs may give bytes (any view or buffer) or text, sent as UTF-8. */
function toBytes(value: unknown): Uint8Array {
  if (value instanceof Uint8Array) return value;
  if (typeof value === "string") return utf8Encode(value);
  if (value instanceof ArrayBuffer) return new Uint8Array(value);
  if (ArrayBuffer.isView(value))
    return new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
  throw new TypeError(`Expected bytes or a string, got ${typeof value}`);
}

/**
 * A scalar as text for a URI label, query value or header. `String` already writes the words
 * NaN, Infinity and -Infinity the protocol wants for non-finite floats.
 */
function scalarText(schema: Schema, value: unknown, timestampDefault: TimestampFormat): string {
  switch (typeOf(schema)) {
    case "timestamp":
      return formatTimestamp(toDate(value), timestampFormatOf(schema) ?? timestampDefault);
    case "blob":
      return toBase64(toBytes(value));
    case "document":
      return JSON.stringify(value);
    default:
      return typeof value === "string" ? value : String(value);
  }
}

/** Header text: timestamps default to HTTP dates, lists are joined, `jsonvalue` is base64. */
function headerText(schema: Schema, value: unknown): string {
  if (typeof schema === "object") {
    if (schema.type === "list") {
      const itemSchema = resolveSchema(schema.member);
      const isTimestamp = typeOf(itemSchema) === "timestamp";
      let text = "";
      for (const item of value as readonly unknown[]) {
        if (item === undefined || item === null) continue;
        const itemText = scalarText(itemSchema, item, "rfc822");
        // HTTP dates hold a comma by design; readers re-join them (see readHeaderList).
        text += (text === "" ? "" : ", ") + (isTimestamp ? itemText : quoteHeaderItem(itemText));
      }
      return text;
    }
    if (isJsonValue(schema)) return toBase64(utf8Encode(JSON.stringify(value)));
  }
  return scalarText(schema, value, "rfc822");
}

function bigNumberJson(value: unknown): string {
  if (typeof value === "bigint" || typeof value === "number") return String(value);
  const text = String(value);
  return /^-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?$/.test(text) ? text : JSON.stringify(text);
}

/** JSON text of a value (never undefined or null: callers skip those). */
function writeJson(schema: Schema, value: unknown): string {
  if (typeof schema === "object") {
    switch (schema.type) {
      case "structure":
        return writeStructure(
          structurePlan(schema).byName,
          value as Readonly<Record<string, unknown>>,
        );
      case "list": {
        const itemSchema = resolveSchema(schema.member);
        const items = value as readonly unknown[];
        let json = "[";
        for (let i = 0; i < items.length; i++) {
          const item = items[i];
          if (i > 0) json += ",";
          json += item === undefined || item === null ? "null" : writeJson(itemSchema, item);
        }
        return json + "]";
      }
      case "map": {
        const valueSchema = resolveSchema(schema.value);
        const entries = value as Readonly<Record<string, unknown>>;
        let json = "{";
        for (const key in entries) {
          const item = entries[key];
          if (item === undefined) continue;
          if (json.length > 1) json += ",";
          json +=
            JSON.stringify(key) + ":" + (item === null ? "null" : writeJson(valueSchema, item));
        }
        return json + "}";
      }
      case "timestamp": {
        const format = timestampFormatOf(schema);
        if (format !== undefined && format !== "unixTimestamp") {
          return '"' + formatTimestamp(toDate(value), format) + '"';
        }
        return String(toEpochSeconds(toDate(value)));
      }
      default:
        return writeScalarJson(schema.type, value);
    }
  }
  return writeScalarJson(schema, value);
}

function writeScalarJson(type: string, value: unknown): string {
  switch (type) {
    case "string":
      return JSON.stringify(typeof value === "string" ? value : String(value));
    case "boolean":
      return value === true || value === "true" ? "true" : "false";
    case "float":
    case "double": {
      const n = typeof value === "number" ? value : Number(value);
      return Number.isFinite(n) ? String(n) : '"' + String(n) + '"';
    }
    case "byte":
    case "short":
    case "integer":
    case "long":
      return typeof value === "number" || typeof value === "bigint"
        ? String(value)
        : String(Number(value));
    case "bigInteger":
    case "bigDecimal":
      return bigNumberJson(value);
    case "timestamp":
      return String(toEpochSeconds(toDate(value)));
    case "blob":
      return '"' + toBase64(toBytes(value)) + '"';
    case "document":
      return JSON.stringify(value) ?? "null";
    default:
      throw new TypeError(`Unknown schema type ${type}`);
  }
}

/**
 * A structure (or union) as a JSON object; members not in the table, undefined and null are left
 * out. Keys follow the model's member order, not the caller's, so equal inputs give equal bytes
 * (and payload hashes), whatever order an object was built in.
 */
function writeStructure(members: MemberTable, value: Readonly<Record<string, unknown>>): string {
  let json = "{";
  for (const key in members) {
    // Own members only: a member named `constructor` or `__proto__` must not find inherited values.
    if (!Object.hasOwn(value, key)) continue;
    const info = members[key]!;
    const item = value[key];
    if (item === undefined || item === null) continue;
    if (json.length > 1) json += ",";
    json += info.jsonKey + writeJson(info.target, item);
  }
  return json + "}";
}

// ---------------------------------------------------------------------------------------------
// Requests

function fillIdempotencyTokens(
  tokens: readonly MemberInfo[],
  input: Readonly<Record<string, unknown>>,
): Readonly<Record<string, unknown>> {
  let filled: Record<string, unknown> | undefined;
  for (const token of tokens) {
    if (ownMember(input, token.name) !== undefined) continue;
    filled ??= { ...input };
    setEntry(filled, token.name, crypto.randomUUID());
  }
  return filled ?? input;
}

const HOST_LABEL = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;

function fillHostPrefix(
  op: OperationSchema,
  parts: readonly (string | LabelPart)[],
  input: Readonly<Record<string, unknown>>,
): string {
  let host = "";
  for (const part of parts) {
    if (typeof part === "string") {
      host += part;
      continue;
    }
    const value = ownMember(input, part.label);
    if (typeof value !== "string" || !HOST_LABEL.test(value)) {
      throw new RequestValidationError(op.name, [
        {
          path: part.label,
          constraint: value === undefined ? "required" : "pattern",
          message:
            value === undefined
              ? "is required: it is part of the host name"
              : "must be a valid host label (letters, digits and inner hyphens, at most 63 characters)",
        },
      ]);
    }
    host += value;
  }
  return host;
}

function fillPath(
  op: OperationSchema,
  parts: readonly (string | LabelPart)[],
  input: Readonly<Record<string, unknown>>,
): string {
  let path = "";
  for (const part of parts) {
    if (typeof part === "string") {
      path += part;
      continue;
    }
    const member = part.member;
    const value = member === undefined ? undefined : ownMember(input, member.name);
    const text =
      member === undefined || value === undefined || value === null
        ? ""
        : scalarText(member.target, value, "iso8601");
    if (text === "") {
      throw new RequestValidationError(op.name, [
        {
          path: member?.name ?? part.label,
          constraint: "required",
          message: "is required and must not be empty: it is part of the request path",
        },
      ]);
    }
    if (isDotSegment(text, part.greedy)) {
      throw new RequestValidationError(op.name, [
        {
          path: member?.name ?? part.label,
          constraint: "pattern",
          message:
            "must not be `.` or `..` (or, in a path-like label, have such a segment): the server, a proxy or the signature would resolve it to another path",
        },
      ]);
    }
    path += percentEncode(text, part.greedy);
  }
  return path;
}

/**
 * Whether a label value is a dot-segment (a greedy label: has one between its slashes). Such
 * values are refused, not encoded: `.` is unreserved, so `%2E` is the same character to RFC 3986
 * normalisation, WHATWG URL parsing (fetch resolves `/a/%2E%2E` to `/`) and SigV4 path
 * normalisation, and the request would reach, and be signed for, another resource.
 */
function isDotSegment(text: string, greedy: boolean): boolean {
  if (!greedy) return text === "." || text === "..";
  let start = 0;
  for (let i = 0; i <= text.length; i++) {
    if (i < text.length && text.charCodeAt(i) !== 47) continue;
    const length = i - start;
    if (
      (length === 1 || length === 2) &&
      text.charCodeAt(start) === 46 &&
      (length === 1 || text.charCodeAt(start + 1) === 46)
    )
      return true;
    start = i + 1;
  }
  return false;
}

function appendQuery(
  query: Array<[string, string]>,
  key: string,
  schema: Schema,
  value: unknown,
): void {
  if (typeof schema === "object" && schema.type === "list") {
    const itemSchema = resolveSchema(schema.member);
    for (const item of value as readonly unknown[]) {
      if (item !== undefined && item !== null)
        query.push([key, scalarText(itemSchema, item, "iso8601")]);
    }
  } else {
    query.push([key, scalarText(schema, value, "iso8601")]);
  }
}

const JSON_CONTENT_TYPE = "application/json";

/**
 * Builds the HTTP request for one call. Idempotency tokens left unset are filled with a random
 * UUID; a missing URI label or an invalid host label throws RequestValidationError.
 */
export function serializeRequest(
  service: ServiceSchema,
  op: OperationSchema,
  input: Readonly<Record<string, unknown>>,
): HttpRequestParts {
  const plan = operationPlan(op);
  const schema = op.input;
  let values = input;
  if (schema !== undefined) {
    const tokens = structurePlan(schema).tokens;
    if (tokens.length > 0) values = fillIdempotencyTokens(tokens, input);
  }
  const hostPrefix =
    plan.hostParts === undefined ? undefined : fillHostPrefix(op, plan.hostParts, values);

  if (service.protocol === "json") {
    plan.jsonContentType ??= `application/x-amz-json-${service.jsonVersion ?? "1.0"}`;
    plan.jsonTarget ??=
      service.targetPrefix === undefined ? op.name : `${service.targetPrefix}.${op.name}`;
    const headers: Record<string, string> = {
      "content-type": plan.jsonContentType,
      "x-amz-target": plan.jsonTarget,
    };
    if (service.awsQueryCompatible) headers["x-amzn-query-mode"] = "true";
    const body = schema === undefined ? "{}" : writeStructure(structurePlan(schema).byName, values);
    return { method: "POST", path: "/", query: [], headers, body, hostPrefix };
  }

  const query: Array<[string, string]> = [];
  for (const [key, value] of plan.literalQuery) query.push([key, value]);
  const headers: Record<string, string> = {};
  const path = plan.staticPath ?? fillPath(op, plan.pathParts, values);
  if (schema === undefined)
    return { method: op.method, path, query, headers, body: undefined, hostPrefix };
  const rest = restPlan(schema);

  for (const info of rest.query) {
    const value = ownMember(values, info.name);
    if (value !== undefined && value !== null) appendQuery(query, info.wire, info.target, value);
  }
  if (rest.queryMaps.length > 0) {
    // Members bound to a query key win over a map entry with the same key.
    const taken = new Set<string>();
    for (const [key] of query) taken.add(key);
    for (const info of rest.queryMaps) {
      forEachEntry(values, info, (key, value) => {
        if (!taken.has(key)) appendQuery(query, key, info.value, value);
      });
    }
  }

  for (const info of rest.headers) {
    const value = ownMember(values, info.name);
    if (value !== undefined && value !== null) headers[info.wire] = headerText(info.target, value);
  }
  for (const info of rest.prefixHeaders) {
    forEachEntry(values, info, (key, value) => {
      headers[info.wire + key.toLowerCase()] = headerText(info.value, value);
    });
  }

  let body: string | Uint8Array | undefined;
  let contentType: string | undefined;
  if (rest.payload !== undefined) {
    const target = rest.payload.target;
    const value = ownMember(values, rest.payload.name);
    switch (typeOf(target)) {
      case "structure":
        if (value !== undefined && value !== null) {
          body = writeJson(target, value);
          contentType = JSON_CONTENT_TYPE;
        } else if (typeof target === "object" && target.type === "structure" && !target.union) {
          // An unset structure payload is still an (empty) JSON document; an unset union is no body.
          body = "{}";
          contentType = JSON_CONTENT_TYPE;
        }
        break;
      case "document":
        if (value !== undefined) {
          body = JSON.stringify(value);
          contentType = JSON_CONTENT_TYPE;
        }
        break;
      case "blob":
        // The content type says what the operation takes, even when this call sends no bytes.
        if (value !== undefined && value !== null) body = typeof value === "string" ? value : toBytes(value);
        contentType = "application/octet-stream";
        break;
      default:
        if (value !== undefined && value !== null) {
          body = typeof value === "string" ? value : String(value);
          contentType = "text/plain";
        }
    }
  } else if (rest.bodyByName !== undefined) {
    body = writeStructure(rest.bodyByName, values);
    contentType = JSON_CONTENT_TYPE;
  }
  if (contentType !== undefined && headers["content-type"] === undefined)
    headers["content-type"] = contentType;
  return { method: op.method, path, query, headers, body, hostPrefix };
}

// ---------------------------------------------------------------------------------------------
// Value conversion on the way in

function expectObject(value: unknown, what: string): Readonly<Record<string, unknown>> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new TypeError(`Expected a JSON object for ${what}, got ${describe(value)}`);
  }
  return value as Readonly<Record<string, unknown>>;
}

function describe(value: unknown): string {
  return value === null ? "null" : Array.isArray(value) ? "an array" : typeof value;
}

/** Map keys come from the wire: `__proto__` must become a key, not a prototype. */
function setEntry(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === "__proto__") {
    Object.defineProperty(target, key, {
      value,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  } else {
    target[key] = value;
  }
}

/**
 * A value of a response that could not be read, and where it sits (`Items[3].Count`): thrown
 * through the readers, each adding its step, so a ResponseParseError names the member.
 */
class ReadError extends Error {
  /** Innermost step last; read back to front. */
  readonly #steps: string[] = [];

  constructor(cause: unknown) {
    super(cause instanceof Error ? cause.message : String(cause), { cause });
  }

  step(step: string): this {
    this.#steps.push(step);
    return this;
  }

  get path(): string {
    let path = "";
    for (let i = this.#steps.length - 1; i >= 0; i--) {
      const step = this.#steps[i]!;
      path += step.charCodeAt(0) === 91 || path === "" ? step : "." + step;
    }
    return path;
  }
}

function stepped(error: unknown, step: string): ReadError {
  return (error instanceof ReadError ? error : new ReadError(error)).step(step);
}

/** Rethrows `error` with one more step of its path. */
function failedAt(error: unknown, step: string): never {
  throw stepped(error, step);
}

/** A map key as a path step: quoted, and cut short (it comes from the wire). */
function keyStep(key: string): string {
  return "[" + JSON.stringify(key.length > 40 ? key.slice(0, 40) + "…" : key) + "]";
}

/** Reads the members of a JSON object into `out`; unknown keys and nulls are skipped. */
function readStructure(
  members: MemberTable,
  value: Readonly<Record<string, unknown>>,
  out: Record<string, unknown>,
): Record<string, unknown> {
  for (const key in value) {
    const info = members[key];
    if (info === undefined) continue;
    const item = value[key];
    if (item === undefined || item === null) continue;
    // An output member named `__proto__` stays an own property, never the output's prototype.
    try {
      setEntry(out, info.name, readJson(info.target, item));
    } catch (error) {
      failedAt(error, info.name);
    }
  }
  return out;
}

function readJson(schema: Schema, value: unknown): unknown {
  if (typeof schema === "string") return readScalar(schema, value);
  switch (schema.type) {
    case "structure": {
      const object = expectObject(value, schema.name);
      const out = readStructure(structurePlan(schema).byWire, object, {});
      if (schema.union === true && Object.keys(out).length === 0) {
        // A member added to the union after this client was generated: kept, not dropped.
        const unknown = Object.keys(object).find((key) => key !== "__type" && object[key] !== null);
        if (unknown !== undefined) out["$unknown"] = [unknown, object[unknown]];
      }
      return out;
    }
    case "list": {
      if (!Array.isArray(value))
        throw new TypeError(`Expected a JSON array, got ${describe(value)}`);
      const itemSchema = resolveSchema(schema.member);
      const items: unknown[] = [];
      // Nulls in (dense) lists and maps are dropped, as the protocol asks of clients.
      const list = value as readonly unknown[];
      for (let i = 0; i < list.length; i++) {
        const item = list[i];
        if (item === null) continue;
        try {
          items.push(readJson(itemSchema, item));
        } catch (error) {
          failedAt(error, `[${i}]`);
        }
      }
      return items;
    }
    case "map": {
      const valueSchema = resolveSchema(schema.value);
      const entries = expectObject(value, "a map");
      const map: Record<string, unknown> = {};
      for (const key in entries) {
        const item = entries[key];
        if (item === null || item === undefined) continue;
        try {
          setEntry(map, key, readJson(valueSchema, item));
        } catch (error) {
          failedAt(error, keyStep(key));
        }
      }
      return map;
    }
    default:
      return readScalar(schema.type, value);
  }
}

/**
 * Whether `text` is a decimal number as JSON writes one (an optional minus, digits, an optional
 * fraction and exponent): what a header or a quoted number may hold. A scan, not `Number()`,
 * which also reads "", " ", "0x1f" and "1_0"... as numbers.
 */
function isNumberText(text: string): boolean {
  const n = text.length;
  let i = 0;
  if (i < n && text.charCodeAt(i) === 45) i++;
  const digitsStart = i;
  while (i < n && isDigit(text.charCodeAt(i))) i++;
  if (i === digitsStart) return false;
  if (i < n && text.charCodeAt(i) === 46) {
    i++;
    const fractionStart = i;
    while (i < n && isDigit(text.charCodeAt(i))) i++;
    if (i === fractionStart) return false;
  }
  if (i < n && (text.charCodeAt(i) | 32) === 101) {
    i++;
    if (i < n && (text.charCodeAt(i) === 43 || text.charCodeAt(i) === 45)) i++;
    const exponentStart = i;
    while (i < n && isDigit(text.charCodeAt(i))) i++;
    if (i === exponentStart) return false;
  }
  return i === n;
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

/** A float or double: a number, or the text of one, or NaN, Infinity, -Infinity as text. */
function readFloat(value: unknown): number {
  if (typeof value === "number") return value;
  if (typeof value === "string") {
    if (isNumberText(value)) return Number(value);
    if (value === "NaN") return NaN;
    if (value === "Infinity") return Infinity;
    if (value === "-Infinity") return -Infinity;
  }
  throw new TypeError(`expected a number, got ${describe(value)}`);
}

// The ranges of the model's integer types. A long beyond 2^53 loses precision as a number but
// keeps its magnitude; one beyond 2^63 is not a long.
const BYTE_RANGE = 2 ** 7;
const SHORT_RANGE = 2 ** 15;
const INTEGER_RANGE = 2 ** 31;
const LONG_RANGE = 2 ** 63;

/** A whole number in [-range, range): `1.5`, `1e400` (Infinity), NaN or one out of range throw. */
function readInteger(value: unknown, type: string, range: number): number {
  const n =
    typeof value === "number"
      ? value
      : typeof value === "string" && isNumberText(value)
        ? Number(value)
        : undefined;
  if (n === undefined) throw new TypeError(`expected ${article(type)}, got ${describe(value)}`);
  if (!Number.isInteger(n)) throw new TypeError(`expected ${article(type)}, got a number that is not a whole one`);
  if (n < -range || n >= range) throw new TypeError(`expected ${article(type)}, got a number out of its range`);
  return n;
}

function article(type: string): string {
  return type === "integer" ? "an integer" : `a ${type}`;
}

/** A bigDecimal read as a number: any finite one. */
function readDecimal(value: unknown): number {
  const n = readFloat(value);
  if (!Number.isFinite(n)) throw new TypeError("expected a bigDecimal, got a number that is not finite");
  return n;
}

function readBoolean(value: unknown): boolean {
  if (typeof value === "boolean") return value;
  if (value === "true") return true;
  if (value === "false") return false;
  throw new TypeError(`expected a boolean, got ${describe(value)}`);
}

function readScalar(type: string, value: unknown): unknown {
  switch (type) {
    case "string":
      return typeof value === "string"
        ? value
        : typeof value === "object"
          ? JSON.stringify(value)
          : String(value);
    case "boolean":
      return readBoolean(value);
    case "float":
    case "double":
      return readFloat(value);
    case "integer":
      return readInteger(value, type, INTEGER_RANGE);
    case "long":
      return readInteger(value, type, LONG_RANGE);
    case "short":
      return readInteger(value, type, SHORT_RANGE);
    case "byte":
      return readInteger(value, type, BYTE_RANGE);
    case "bigInteger":
      return readInteger(value, type, Infinity);
    case "bigDecimal":
      return readDecimal(value);
    case "timestamp":
      return parseTimestamp(value);
    case "blob":
      return readBase64(value);
    case "document":
      return value;
    default:
      throw new TypeError(`Unknown schema type ${type}`);
  }
}

/** Bytes from canonical base64 only: other spellings are ambiguous or corrupt. */
function readBase64(value: unknown): Uint8Array {
  if (typeof value !== "string") throw new TypeError(`expected base64 text, got ${describe(value)}`);
  if (!isCanonicalBase64(value)) throw new TypeError("expected canonical base64 (standard alphabet, padded, no stray bits)");
  return fromBase64(value);
}

/** A weekday alone: the first half of an HTTP date that a header list split on its comma. */
const WEEKDAY = /^[A-Za-z]{3,9}$/;

function readHeader(schema: Schema, text: string): unknown {
  if (typeof schema === "object") {
    if (schema.type === "list") {
      const itemSchema = resolveSchema(schema.member);
      const items = splitHeaderList(text);
      const isTimestamp = typeOf(itemSchema) === "timestamp";
      const values: unknown[] = [];
      for (let i = 0; i < items.length; i++) {
        let item = items[i]!;
        if (isTimestamp && WEEKDAY.test(item) && i + 1 < items.length) item += ", " + items[++i]!;
        values.push(readHeader(itemSchema, item));
      }
      return values;
    }
    if (isJsonValue(schema)) return JSON.parse(utf8Decode(readBase64(text))) as unknown;
  }
  switch (typeOf(schema)) {
    case "string":
      return text;
    case "document":
      return JSON.parse(text) as unknown;
    default:
      return readScalar(typeOf(schema), text);
  }
}

function isBlank(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c !== 32 && c !== 10 && c !== 13 && c !== 9 && c !== 0xfeff) return false;
  }
  return true;
}

/** The body as a JSON object, or undefined when it is empty; throws when it is anything else. */
function parseJsonObject(body: Uint8Array): Readonly<Record<string, unknown>> | undefined {
  if (body.length === 0) return undefined;
  const text = utf8Decode(body);
  if (isBlank(text)) return undefined;
  return expectObject(JSON.parse(text) as unknown, "the response body");
}

/** Header, prefix-header and status-code members of a restJson1 response. */
function readBindings(rest: RestPlan, res: HttpResponseParts, out: Record<string, unknown>): void {
  for (const info of rest.headers) {
    const text = res.headers[info.wire];
    if (text === undefined) continue;
    try {
      setEntry(out, info.name, readHeader(info.target, text));
    } catch (error) {
      failedAt(error, info.name);
    }
  }
  for (const info of rest.prefixHeaders) {
    let map: Record<string, unknown> | undefined;
    for (const name in res.headers) {
      if (!name.startsWith(info.wire)) continue;
      map ??= {};
      const key = name.slice(info.wire.length);
      try {
        setEntry(map, key, readHeader(info.value, res.headers[name]!));
      } catch (error) {
        failedAt(stepped(error, keyStep(key)), info.name);
      }
    }
    if (map !== undefined) setEntry(out, info.name, map);
  }
  if (rest.statusCode !== undefined) setEntry(out, rest.statusCode.name, res.statusCode);
}

function readPayload(info: MemberInfo, body: Uint8Array, out: Record<string, unknown>): void {
  try {
    readPayloadValue(info, body, out);
  } catch (error) {
    failedAt(error, info.name);
  }
}

function readPayloadValue(info: MemberInfo, body: Uint8Array, out: Record<string, unknown>): void {
  const target = info.target;
  switch (typeOf(target)) {
    case "blob":
      // A streaming payload is always there (possibly empty); a plain blob only when sent.
      if (body.length > 0 || (typeof target === "object" && "streaming" in target))
        setEntry(out, info.name, body);
      break;
    case "structure": {
      const value = parseJsonObject(body);
      if (value !== undefined) setEntry(out, info.name, readJson(target, value));
      break;
    }
    case "document": {
      const text = utf8Decode(body);
      if (!isBlank(text)) setEntry(out, info.name, JSON.parse(text) as unknown);
      break;
    }
    default:
      if (body.length > 0) setEntry(out, info.name, readScalar(typeOf(target), utf8Decode(body)));
  }
}

function rawResponse(res: HttpResponseParts): RawResponse {
  return { statusCode: res.statusCode, headers: res.headers, body: utf8Decode(res.body) };
}

/**
 * Reads a success response into the operation's output members (the caller adds `$metadata`,
 * used here only for errors). A body that should be JSON but is not (or is not an object), or a
 * value of the wrong type, throws ResponseParseError keeping the status and raw text.
 */
export function deserializeOutput(
  service: ServiceSchema,
  op: OperationSchema,
  res: HttpResponseParts,
  $metadata: ResponseMetadata,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const schema = op.output;
  if (schema === undefined) return out;
  try {
    if (service.protocol === "json") {
      const body = parseJsonObject(res.body);
      if (body !== undefined) readStructure(structurePlan(schema).byWire, body, out);
      return out;
    }
    const rest = restPlan(schema);
    readBindings(rest, res, out);
    if (rest.payload !== undefined) {
      readPayload(rest.payload, res.body, out);
    } else if (rest.bodyByName !== undefined) {
      const body = parseJsonObject(res.body);
      if (body !== undefined) readStructure(rest.bodyByWire, body, out);
    }
    return out;
  } catch (caught) {
    // A value that could not be read is named by its path: `Items[3].Count: expected an integer...`.
    const where = caught instanceof ReadError ? caught.path + ": " : "";
    const cause: unknown = caught instanceof ReadError ? caught.cause : caught;
    // The JSON parser quotes the text around a syntax error, and that text may be a value the
    // model marks sensitive: such a message (and its error) stays out; $response keeps the body.
    const quoting = cause instanceof SyntaxError && cause.message.includes('"');
    const reason = quoting
      ? "the body is not valid JSON"
      : cause instanceof Error
        ? cause.message
        : String(cause);
    throw new ResponseParseError(
      `${op.name}: could not read the HTTP ${res.statusCode} response as ${schema.name}: ${where}${reason}`,
      $metadata,
      rawResponse(res),
      quoting ? undefined : { cause },
    );
  }
}

// ---------------------------------------------------------------------------------------------
// Errors

/** `ns#Code:uri` → `Code`: the part before the first `:`, then after the `#`. */
function sanitizeErrorCode(raw: string): string | undefined {
  let code = raw;
  const colon = code.indexOf(":");
  if (colon !== -1) code = code.slice(0, colon);
  const hash = code.indexOf("#");
  if (hash !== -1) code = code.slice(hash + 1);
  code = code.trim();
  return code === "" ? undefined : code;
}

/**
 * The error code of an error response: the `x-amzn-errortype` header, else the body's `__type`,
 * else its `code` (or `Code`); namespace and URI suffix removed. Undefined when there is none.
 */
export function errorCode(res: HttpResponseParts, parsedBody: unknown): string | undefined {
  const header = res.headers["x-amzn-errortype"];
  if (header !== undefined) {
    const code = sanitizeErrorCode(header);
    if (code !== undefined) return code;
  }
  if (typeof parsedBody === "object" && parsedBody !== null) {
    const body = parsedBody as Readonly<Record<string, unknown>>;
    for (const key of ["__type", "code", "Code"]) {
      const value = body[key];
      if (typeof value === "string") {
        const code = sanitizeErrorCode(value);
        if (code !== undefined) return code;
      }
    }
  }
  return undefined;
}

function errorTable(errors: readonly ErrorSchema[]): ReadonlyMap<string, ErrorSchema> {
  let map = errorTables.get(errors);
  if (map !== undefined) return map;
  const byCode = new Map<string, ErrorSchema>();
  // Codes first, so a shape name never hides another error's custom code.
  for (const error of errors) if (!byCode.has(error.code)) byCode.set(error.code, error);
  for (const error of errors)
    if (!byCode.has(error.schema.name)) byCode.set(error.schema.name, error);
  map = byCode;
  errorTables.set(errors, map);
  return map;
}

function findError(
  service: ServiceSchema,
  op: OperationSchema,
  code: string,
): ErrorSchema | undefined {
  return (
    errorTable(op.errors).get(code) ??
    (service.errors === undefined ? undefined : errorTable(service.errors).get(code))
  );
}

function bodyMessage(body: unknown): string | undefined {
  if (typeof body !== "object" || body === null) return undefined;
  const record = body as Readonly<Record<string, unknown>>;
  for (const key of ["message", "Message", "errorMessage"]) {
    const value = record[key];
    if (typeof value === "string") return value;
  }
  return undefined;
}

function snippet(text: string): string {
  const trimmed = text.trim();
  return trimmed.length > 200 ? trimmed.slice(0, 200) + "…" : trimmed;
}

function readErrorMembers(
  service: ServiceSchema,
  schema: StructureSchema,
  res: HttpResponseParts,
  body: unknown,
  message: string | undefined,
): Record<string, unknown> {
  const members: Record<string, unknown> = {};
  const plan = structurePlan(schema);
  const object =
    typeof body === "object" && body !== null && !Array.isArray(body)
      ? (body as Readonly<Record<string, unknown>>)
      : undefined;
  if (service.protocol === "rest-json") {
    const rest = restPlan(schema);
    readBindings(rest, res, members);
    if (object !== undefined) readStructure(rest.bodyByWire, object, members);
  } else if (object !== undefined) {
    readStructure(plan.byWire, object, members);
  }
  if (
    plan.messageMember !== undefined &&
    members[plan.messageMember] === undefined &&
    message !== undefined
  ) {
    members[plan.messageMember] = message;
  }
  return members;
}

/**
 * Turns an error response into an exception; never throws.
 *
 * - A code the model knows (searched in the operation's errors, then the service's) gives an
 *   instance of that error's class, with its members read from the headers and the body.
 * - An unknown code gives the service's base exception named after the code.
 * - No code at all (empty, non-JSON or code-less body, e.g. from a proxy) gives the base
 *   exception named `Http<status>Error` (`Http502Error`), its message quoting the body's start.
 * Every one keeps the raw status, headers and body text in `$response`.
 */
export function deserializeError(
  service: ServiceSchema,
  op: OperationSchema,
  res: HttpResponseParts,
  $metadata: ResponseMetadata,
): ServiceException {
  let raw: RawResponse = { statusCode: res.statusCode, headers: res.headers, body: "" };
  const statusFault: "client" | "server" = res.statusCode >= 500 ? "server" : "client";
  try {
    raw = rawResponse(res);
    let body: unknown;
    if (!isBlank(raw.body)) {
      try {
        body = JSON.parse(raw.body) as unknown;
      } catch {
        body = undefined;
      }
    }
    let code = errorCode(res, body);
    let fault = statusFault;
    const queryError = service.awsQueryCompatible ? res.headers["x-amzn-query-error"] : undefined;
    if (queryError !== undefined) {
      // `Code;Sender` or `Code;Receiver`: the code the service's query-protocol clients knew.
      const semicolon = queryError.indexOf(";");
      const queryCode = (semicolon === -1 ? queryError : queryError.slice(0, semicolon)).trim();
      if (queryCode !== "") code = queryCode;
      if (semicolon !== -1)
        fault = queryError.slice(semicolon + 1).trim() === "Receiver" ? "server" : "client";
    }
    const message = bodyMessage(body);
    if (code === undefined) {
      return new service.baseException({
        name: `Http${res.statusCode}Error`,
        message:
          message ??
          (res.statusCode >= 300 && res.statusCode < 400
            ? `HTTP ${res.statusCode} redirect, not followed (Location: ${snippet(res.headers["location"] ?? "none")})`
            : raw.body.trim() === ""
            ? `HTTP ${res.statusCode} with an empty body and no error code`
            : `HTTP ${res.statusCode} with no error code; body starts: ${snippet(raw.body)}`),
        $fault: statusFault,
        $metadata,
        $response: raw,
      });
    }
    const known = findError(service, op, code);
    if (known === undefined) {
      // An error the model does not list keeps its body's fields, the way a modelled one would.
      const fields =
        typeof body === "object" && body !== null && !Array.isArray(body)
          ? Object.fromEntries(Object.entries(body).filter(([key]) => !/^(?:__type|code|Code|message|Message)$/.test(key)))
          : undefined;
      return new service.baseException({
        name: code,
        message: message ?? `${code} (HTTP ${res.statusCode})`,
        $fault: fault,
        $metadata,
        $response: raw,
        ...(fields === undefined ? {} : { members: fields }),
      });
    }
    let members: Record<string, unknown> | undefined;
    try {
      members = readErrorMembers(service, known.schema, res, body, message);
    } catch {
      // Members of the wrong type are dropped rather than hiding the error itself.
      members = undefined;
    }
    return new known.ctor({
      message: message ?? `${code} (HTTP ${res.statusCode})`,
      $fault: known.fault,
      $metadata,
      $response: raw,
      ...(members === undefined ? {} : { members }),
    });
  } catch (cause) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    return new ServiceException({
      name: `Http${res.statusCode}Error`,
      message: `HTTP ${res.statusCode}: the error response could not be read (${reason})`,
      $fault: statusFault,
      $metadata,
      $response: raw,
    });
  }
}
