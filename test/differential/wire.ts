// The service side of the protocols: turns a planned output or error into the HTTP response a
// service would send, written from the protocol rules (awsJson 1.0/1.1, restJson1) and the IR
// alone, independently of svcgen's runtime, so both clients read the same bytes.
import type { MemberIR, OperationIR, ScalarIR, ServiceIR, ShapeIR, StructureIR } from "../../generator/ir/types.js";
import type { PlannedReply } from "./arbitraries.js";
import { XML_PROTOCOLS, xmlReplyFor } from "./xml.js";

export interface Reply {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Uint8Array;
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const base64 = (bytes: Uint8Array): string => Buffer.from(bytes).toString("base64");
const utf8 = (text: string): Uint8Array => new Uint8Array(Buffer.from(text, "utf8"));

function shapeOf(ir: ServiceIR, name: string): ShapeIR {
  const shape = ir.shapes.get(name);
  if (shape === undefined) throw new Error(`shape ${name} is not in the IR`);
  return shape;
}

function timestampText(date: Date, format: TimestampFormat): string {
  switch (format) {
    case "iso8601":
      return date.toISOString();
    case "unixTimestamp":
      return String(date.getTime() / 1000);
    default:
      return date.toUTCString();
  }
}

type TimestampFormat = ScalarIR["timestampFormat"];

/** A value in its JSON body form; `format` is the member's own timestamp format, if any. */
function toJson(ir: ServiceIR, name: string, value: unknown, format?: TimestampFormat): Json {
  const shape = shapeOf(ir, name);
  switch (shape.kind) {
    case "structure":
      return structureJson(ir, shape, value as Record<string, unknown>, () => true);
    case "list":
      return (value as unknown[]).map((item) => (item === null ? null : toJson(ir, shape.member, item)));
    case "map": {
      const out: { [key: string]: Json } = {};
      for (const [k, v] of Object.entries(value as Record<string, unknown>)) out[k] = v === null ? null : toJson(ir, shape.value, v);
      return out;
    }
    case "timestamp": {
      const date = value as Date;
      const wanted = format ?? shape.timestampFormat;
      return wanted === "iso8601" || wanted === "rfc822" ? timestampText(date, wanted) : date.getTime() / 1000;
    }
    case "blob":
      return base64(value as Uint8Array);
    case "float":
    case "double":
    case "bigDecimal": {
      const n = value as number;
      // JSON has no NaN or infinities: the protocols spell them as strings.
      return Number.isFinite(n) ? n : String(n);
    }
    default:
      return value as Json;
  }
}

function structureJson(
  ir: ServiceIR,
  shape: StructureIR,
  value: Record<string, unknown>,
  inBody: (m: MemberIR) => boolean,
): { [key: string]: Json } {
  const out: { [key: string]: Json } = {};
  for (const m of shape.members) {
    const v = value[m.name];
    if (v === undefined || !inBody(m)) continue;
    out[m.locationName ?? m.name] = toJson(ir, m.target, v, m.timestampFormat);
  }
  return out;
}

/** A header value: HTTP dates by default, lists joined with quoting. */
function headerText(ir: ServiceIR, name: string, value: unknown, format?: TimestampFormat): string {
  const shape = shapeOf(ir, name);
  if (shape.kind === "list") {
    const item = shapeOf(ir, shape.member);
    return (value as unknown[])
      .map((v) => {
        const text = headerText(ir, shape.member, v);
        return item.kind !== "timestamp" && /[,"]/.test(text) ? `"${text.replace(/["\\]/g, "\\$&")}"` : text;
      })
      .join(", ");
  }
  if (shape.kind === "timestamp") return timestampText(value as Date, format ?? shape.timestampFormat ?? "rfc822");
  if (shape.kind === "blob") return base64(value as Uint8Array);
  return String(value);
}

function memberHeader(ir: ServiceIR, m: MemberIR, value: unknown): string {
  // `jsonvalue`: the JSON text of the value, base64-encoded so any character survives.
  return m.jsonvalue ? base64(utf8(JSON.stringify(value))) : headerText(ir, m.target, value, m.timestampFormat);
}

/** restJson1: header, prefix-header and status-code members; the rest go to `body`. */
export function restBindings(
  ir: ServiceIR,
  shape: StructureIR,
  value: Record<string, unknown>,
  headers: Record<string, string>,
): number | undefined {
  let status: number | undefined;
  for (const m of shape.members) {
    const v = value[m.name];
    if (v === undefined) continue;
    if (m.location === "header") headers[(m.locationName ?? m.name).toLowerCase()] = memberHeader(ir, m, v);
    else if (m.location === "headers") {
      const map = shapeOf(ir, m.target);
      if (map.kind !== "map") continue;
      for (const [k, item] of Object.entries(v as Record<string, unknown>))
        headers[`${m.locationName ?? ""}${k}`.toLowerCase()] = headerText(ir, map.value, item);
    } else if (m.location === "statusCode") status = v as number;
  }
  return status;
}

const inJsonBody = (shape: StructureIR) => (m: MemberIR) => m.location === undefined && m.name !== shape.payload;

function jsonContentType(ir: ServiceIR): string {
  return `application/x-amz-json-${ir.jsonVersion ?? "1.0"}`;
}

function outputReply(ir: ServiceIR, op: OperationIR, value: Record<string, unknown>, requestId: string): Reply {
  const headers: Record<string, string> = { "x-amzn-requestid": requestId };
  const shape = op.output === undefined ? undefined : shapeOf(ir, op.output);
  if (ir.protocol === "json") {
    headers["content-type"] = jsonContentType(ir);
    const body = shape?.kind === "structure" ? structureJson(ir, shape, value, () => true) : {};
    return { status: 200, headers, body: utf8(JSON.stringify(body)) };
  }
  let status = op.responseCode ?? 200;
  if (shape?.kind !== "structure") return { status, headers, body: new Uint8Array() };
  status = restBindings(ir, shape, value, headers) ?? status;
  if (shape.payload !== undefined) {
    const member = shape.members.find((m) => m.name === shape.payload);
    const payload = value[shape.payload];
    if (member === undefined || payload === undefined) return { status, headers, body: new Uint8Array() };
    const target = shapeOf(ir, member.target);
    switch (target.kind) {
      case "blob":
        headers["content-type"] = "application/octet-stream";
        return { status, headers, body: payload as Uint8Array };
      case "string":
        headers["content-type"] = "text/plain";
        return { status, headers, body: utf8(payload as string) };
      default:
        headers["content-type"] = "application/json";
        return { status, headers, body: utf8(JSON.stringify(toJson(ir, member.target, payload))) };
    }
  }
  headers["content-type"] = "application/json";
  return { status, headers, body: utf8(JSON.stringify(structureJson(ir, shape, value, inJsonBody(shape)))) };
}

/**
 * An error response. `style` varies where the code travels, as services do: 0 the body's
 * `__type` with a namespace, 1 the body's bare code (`__type`, or `code` for restJson1),
 * 2 the `x-amzn-errortype` header with a `:uri` suffix, 3 header and body both.
 */
function errorReply(ir: ServiceIR, shapeName: string, value: Record<string, unknown>, style: number, requestId: string): Reply {
  const shape = shapeOf(ir, shapeName);
  if (shape.kind !== "structure") throw new Error(`${shapeName} is not a structure`);
  const code = shape.name;
  const headers: Record<string, string> = { "x-amzn-requestid": requestId };
  const status = shape.exception?.httpStatusCode ?? (shape.exception?.fault === "server" ? 500 : 400);
  let body: { [key: string]: Json };
  if (ir.protocol === "json") {
    headers["content-type"] = jsonContentType(ir);
    body = structureJson(ir, shape, value, () => true);
  } else {
    headers["content-type"] = "application/json";
    restBindings(ir, shape, value, headers);
    body = structureJson(ir, shape, value, inJsonBody(shape));
  }
  const namespace = `com.amazonaws.${ir.endpointPrefix}`;
  const bareKey = ir.protocol === "json" ? "__type" : "code";
  if (style === 0) body = { __type: `${namespace}#${code}`, ...body };
  else if (style === 1) body = { [bareKey]: code, ...body };
  else if (style === 2) headers["x-amzn-errortype"] = `${code}:http://internal.amazon.com/coral/${namespace}/`;
  else {
    headers["x-amzn-errortype"] = code;
    body = { __type: `${namespace}#${code}`, ...body };
  }
  return { status, headers, body: utf8(JSON.stringify(body)) };
}

export function replyFor(ir: ServiceIR, op: OperationIR, plan: PlannedReply, requestId: string): Reply {
  if (XML_PROTOCOLS.has(ir.protocol)) return xmlReplyFor(ir, op, plan, requestId);
  return plan.kind === "output"
    ? outputReply(ir, op, plan.value, requestId)
    : errorReply(ir, plan.shape, plan.value, plan.style, requestId);
}
