// The HTTP binding the rest-* protocols share: which members of a structure go to URI labels, the
// query string, headers, prefixed headers and the status code, and which one is the payload; the
// text forms of those values on the way out and in. The body is the protocol's own (rest-json:
// JSON). Plans are computed once per schema object and cached in WeakMaps.
import { RequestValidationError } from "../errors.js";
import { resolveSchema, type OperationSchema, type Schema, type StructureSchema } from "../schema.js";
import { percentEncode, quoteHeaderItem, splitHeaderList, toBase64, utf8Decode, utf8Encode } from "../codecs/encoding.js";
import {
  forEachEntry,
  mapMemberInfo,
  memberInfo,
  ownMember,
  setEntry,
  table,
  type MapMemberInfo,
  type MemberInfo,
  type MemberTable,
} from "../codecs/members.js";
import { failedAt, isJsonValue, keyStep, readBase64, readScalar, scalarText, stepped, typeOf } from "../codecs/values.js";
import type { HttpResponseParts } from "./protocol.js";
import { templateParts, type LabelPart } from "./shared.js";

/** The restJson1 partition of a top-level input, output or error structure. */
export interface RestPlan {
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

interface OperationPlan {
  /** The whole path when it has no labels. */
  readonly staticPath: string | undefined;
  readonly pathParts: readonly (string | LabelPart)[];
  readonly literalQuery: readonly (readonly [string, string])[];
}

export const restPlans = new WeakMap<StructureSchema, RestPlan>();
const operationPlans = new WeakMap<OperationSchema, OperationPlan>();

export function restPlan(schema: StructureSchema): RestPlan {
  const cached = restPlans.get(schema);
  if (cached !== undefined) return cached;
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
  const plan: RestPlan = {
    labels,
    query,
    queryMaps,
    headers,
    prefixHeaders,
    statusCode,
    payload: payloadMember === undefined ? undefined : memberInfo(schema.payload!, payloadMember, false),
    bodyByName,
    bodyByWire,
  };
  restPlans.set(schema, plan);
  return plan;
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
      literalQuery.push(eq === -1 ? [safeDecode(part), ""] : [safeDecode(part.slice(0, eq)), safeDecode(part.slice(eq + 1))]);
    }
  }
  const pathParts = templateParts(pathTemplate, op.input && restPlan(op.input).labels);
  plan = {
    staticPath: pathParts.every((p) => typeof p === "string") ? pathTemplate : undefined,
    pathParts,
    literalQuery,
  };
  operationPlans.set(op, plan);
  return plan;
}

/** Header text: timestamps default to HTTP dates, lists are joined, `jsonvalue` is base64. */
export function headerText(schema: Schema, value: unknown): string {
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

function fillPath(op: OperationSchema, parts: readonly (string | LabelPart)[], input: Readonly<Record<string, unknown>>): string {
  let path = "";
  for (const part of parts) {
    if (typeof part === "string") {
      path += part;
      continue;
    }
    const member = part.member;
    const value = member === undefined ? undefined : ownMember(input, member.name);
    const text = member === undefined || value === undefined || value === null ? "" : scalarText(member.target, value, "iso8601");
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
    if ((length === 1 || length === 2) && text.charCodeAt(start) === 46 && (length === 1 || text.charCodeAt(start + 1) === 46)) return true;
    start = i + 1;
  }
  return false;
}

function appendQuery(query: Array<[string, string]>, key: string, schema: Schema, value: unknown): void {
  if (typeof schema === "object" && schema.type === "list") {
    const itemSchema = resolveSchema(schema.member);
    for (const item of value as readonly unknown[]) {
      if (item !== undefined && item !== null) query.push([key, scalarText(itemSchema, item, "iso8601")]);
    }
  } else {
    query.push([key, scalarText(schema, value, "iso8601")]);
  }
}

/** A weekday alone: the first half of an HTTP date that a header list split on its comma. */
const WEEKDAY = /^[A-Za-z]{3,9}$/;

export function readHeader(schema: Schema, text: string): unknown {
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

/** Header, prefix-header and status-code members of a restJson1 response. */
export function readBindings(rest: RestPlan, res: HttpResponseParts, out: Record<string, unknown>): void {
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

/** The method, path, query and headers of a request the input's HTTP bindings give; the body is the protocol's. */
export interface BoundRequest {
  readonly method: string;
  readonly path: string;
  readonly query: Array<[string, string]>;
  readonly headers: Record<string, string>;
  /** Undefined when the operation has no input. */
  readonly rest: RestPlan | undefined;
}

/** Binds the input's URI labels, query members and headers (a member bound to a query key wins over a map entry with that key). */
export function bindRequest(op: OperationSchema, values: Readonly<Record<string, unknown>>): BoundRequest {
  const plan = operationPlan(op);
  const schema = op.input;
  const query: Array<[string, string]> = [];
  for (const [key, value] of plan.literalQuery) query.push([key, value]);
  const headers: Record<string, string> = {};
  const path = plan.staticPath ?? fillPath(op, plan.pathParts, values);
  if (schema === undefined) return { method: op.method, path, query, headers, rest: undefined };
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
    if (value === undefined || value === null) continue;
    // A list with no items (or only null ones) is no header at all, not an empty one.
    if (Array.isArray(value) && !value.some((item) => item !== undefined && item !== null)) continue;
    headers[info.wire] = headerText(info.target, value);
  }
  for (const info of rest.prefixHeaders) {
    forEachEntry(values, info, (key, value) => {
      if (Array.isArray(value) && !value.some((item) => item !== undefined && item !== null)) return;
      headers[info.wire + key.toLowerCase()] = headerText(info.value, value);
    });
  }
  return { method: op.method, path, query, headers, rest };
}
