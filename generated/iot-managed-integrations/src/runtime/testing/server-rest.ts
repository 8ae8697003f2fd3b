// svcgen 0.1.0 runtime: copied verbatim from generator/runtime/testing/server-rest.ts; do not edit.
// What the rest-* server halves share: finding the operation a method and path call (the model's
// URI templates, `{Label}` one segment, `{Label+}` the rest, a literal query key required), and
// reading the HTTP bindings of the input (labels, query, headers) and writing those of an output
// or error (headers, prefixed headers, status code). Bodies are the protocol's own.
import { resolveSchema, type OperationSchema, type Schema, type StructureSchema } from "../schema.js";
import { setEntry } from "../codecs/members.js";
import { failedAt } from "../codecs/values.js";
import { headerText, readBindings, readHeader, restPlan, type RestPlan } from "../protocols/http-binding.js";
import type { MockSpec } from "./stubs.js";
import type { ServerRequest, ServerResponse } from "./server-protocol.js";

interface Template {
  readonly operation: OperationSchema;
  /** Path segments: literal text, or a label (greedy or not). */
  readonly segments: ReadonlyArray<string | { readonly label: string; readonly greedy: boolean }>;
  readonly literalQuery: ReadonlyArray<readonly [string, string | undefined]>;
  /** More literal segments and query keys: tried first. */
  readonly weight: number;
}

const templates = new WeakMap<MockSpec, readonly Template[]>();

function decodeSegment(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

function compile(spec: MockSpec): readonly Template[] {
  const cached = templates.get(spec);
  if (cached !== undefined) return cached;
  const out: Template[] = [];
  for (const { operation } of spec.operations) {
    const uri = operation.requestUri;
    const q = uri.indexOf("?");
    const path = q === -1 ? uri : uri.slice(0, q);
    const segments = path
      .split("/")
      .filter((s) => s !== "")
      .map((s) => {
        if (s.startsWith("{") && s.endsWith("}")) {
          const inner = s.slice(1, -1);
          return inner.endsWith("+") ? { label: inner.slice(0, -1), greedy: true } : { label: inner, greedy: false };
        }
        return decodeSegment(s);
      });
    const literalQuery: Array<readonly [string, string | undefined]> = [];
    if (q !== -1) {
      for (const part of uri.slice(q + 1).split("&")) {
        if (part === "") continue;
        const eq = part.indexOf("=");
        literalQuery.push(
          eq === -1 ? [decodeSegment(part), undefined] : [decodeSegment(part.slice(0, eq)), decodeSegment(part.slice(eq + 1))],
        );
      }
    }
    const weight =
      segments.filter((s) => typeof s === "string").length * 4 +
      literalQuery.length * 2 -
      (segments.some((s) => typeof s !== "string" && s.greedy) ? 1 : 0);
    out.push({ operation, segments, literalQuery, weight });
  }
  out.sort((a, b) => b.weight - a.weight);
  templates.set(spec, out);
  return out;
}

/** Labels of a path that matches the template, or undefined. */
function matchPath(template: Template, parts: readonly string[]): Map<string, string> | undefined {
  const labels = new Map<string, string>();
  let i = 0;
  for (let s = 0; s < template.segments.length; s++) {
    const segment = template.segments[s]!;
    if (typeof segment === "string") {
      if (parts[i] !== segment) return undefined;
      i++;
    } else if (segment.greedy) {
      const rest = template.segments.length - s - 1;
      const end = parts.length - rest;
      if (end <= i) return undefined;
      labels.set(segment.label, parts.slice(i, end).join("/"));
      i = end;
    } else {
      const part = parts[i];
      if (part === undefined || part === "") return undefined;
      labels.set(segment.label, part);
      i++;
    }
  }
  return i === parts.length ? labels : undefined;
}

/** The operation a request calls and the labels its path fills. */
export function findRoute(spec: MockSpec, request: ServerRequest): { operation: OperationSchema; labels: Map<string, string> } | undefined {
  const parts = request.path
    .split("/")
    .filter((s) => s !== "")
    .map(decodeSegment);
  for (const template of compile(spec)) {
    if (template.operation.method !== request.method) continue;
    if (!template.literalQuery.every(([key, value]) => request.query.some(([k, v]) => k === key && (value === undefined || v === value))))
      continue;
    const labels = matchPath(template, parts);
    if (labels !== undefined) return { operation: template.operation, labels };
  }
  return undefined;
}

/** Reads the labels, query members and headers of the input into `out`; returns the input's plan. */
export function readRequestBindings(
  schema: StructureSchema,
  request: ServerRequest,
  labels: ReadonlyMap<string, string>,
  out: Record<string, unknown>,
): RestPlan {
  const rest = restPlan(schema);
  for (const wire in rest.labels) {
    const info = rest.labels[wire]!;
    const text = labels.get(wire);
    if (text === undefined) continue;
    try {
      setEntry(out, info.name, readHeader(info.target, text));
    } catch (error) {
      failedAt(error, info.name);
    }
  }
  const bound = new Set<string>();
  for (const info of rest.query) {
    bound.add(info.wire);
    const values = request.query.filter(([key]) => key === info.wire).map(([, value]) => value);
    if (values.length === 0) continue;
    try {
      const target = info.target;
      if (typeof target === "object" && target.type === "list") {
        const item = resolveSchema(target.member);
        setEntry(
          out,
          info.name,
          values.map((v) => readHeader(item, v)),
        );
      } else setEntry(out, info.name, readHeader(target, values[0]!));
    } catch (error) {
      failedAt(error, info.name);
    }
  }
  for (const info of rest.queryMaps) {
    const map: Record<string, unknown> = {};
    let any = false;
    const isList = typeof info.value === "object" && info.value.type === "list";
    for (const [key, value] of request.query) {
      if (bound.has(key)) continue;
      any = true;
      if (isList) {
        const item = resolveSchema((info.value as { member: Schema }).member);
        const list = (Object.hasOwn(map, key) ? map[key] : undefined) as unknown[] | undefined;
        setEntry(map, key, [...(list ?? []), readHeader(item, value)]);
      } else if (!Object.hasOwn(map, key)) setEntry(map, key, readHeader(info.value, value));
    }
    if (any) setEntry(out, info.name, map);
  }
  readBindings({ ...rest, statusCode: undefined }, { statusCode: 0, headers: request.headers, body: request.body }, out);
  return rest;
}

/** The headers (and status, when a member binds it) of an output or error's HTTP bindings. */
export function writeResponseBindings(
  schema: StructureSchema,
  values: Readonly<Record<string, unknown>>,
  headers: Record<string, string>,
): { rest: RestPlan; statusCode: number | undefined } {
  const rest = restPlan(schema);
  for (const info of rest.headers) {
    const value = Object.hasOwn(values, info.name) ? values[info.name] : undefined;
    if (value === undefined || value === null || (Array.isArray(value) && value.length === 0)) continue;
    headers[info.wire] = headerText(info.target, value);
  }
  for (const info of rest.prefixHeaders) {
    const map = Object.hasOwn(values, info.name) ? values[info.name] : undefined;
    if (typeof map !== "object" || map === null) continue;
    for (const key of Object.keys(map)) {
      const value = (map as Record<string, unknown>)[key];
      if (value !== undefined && value !== null) headers[info.wire + key.toLowerCase()] = headerText(info.value, value);
    }
  }
  let statusCode: number | undefined;
  if (rest.statusCode !== undefined) {
    const value = Object.hasOwn(values, rest.statusCode.name) ? values[rest.statusCode.name] : undefined;
    if (typeof value === "number" && Number.isInteger(value) && value >= 200 && value <= 599) statusCode = value;
  }
  return { rest, statusCode };
}

/**
 * A rest-* success response: the request id under the protocol's header name, the output's HTTP
 * bindings, and its body as `writeBody` (the protocol's JSON or XML writer) makes it.
 */
export function restRespond(
  requestIdHeader: string,
  writeBody: (schema: StructureSchema, output: Readonly<Record<string, unknown>>, headers: Record<string, string>) => string | Uint8Array,
  operation: OperationSchema,
  output: Readonly<Record<string, unknown>>,
  requestId: string,
): ServerResponse {
  const headers: Record<string, string> = { [requestIdHeader]: requestId };
  if (operation.output === undefined) return { statusCode: operation.responseCode ?? 200, headers, body: "" };
  const body = writeBody(operation.output, output, headers);
  const { statusCode } = writeResponseBindings(operation.output, output, {});
  return { statusCode: statusCode ?? operation.responseCode ?? 200, headers, body };
}
