// The XML side of the differential: canned responses for awsQuery, ec2 and restXml written from
// the protocol rules and the IR alone (independently of svcgen's runtime), and request bodies
// compared by meaning: form bodies as decoded key/value multisets, XML bodies as canonical trees.
import { XMLParser } from "fast-xml-parser";
import type { OperationIR, ServiceIR, ShapeIR, StructureIR } from "../../generator/ir/types.js";
import type { PlannedReply } from "./arbitraries.js";
import type { CapturedRequest } from "./capture-server.js";
import { restBindings, type Reply } from "./wire.js";

export const XML_PROTOCOLS = new Set(["query", "ec2", "rest-xml"]);

const utf8 = (text: string): Uint8Array => new Uint8Array(Buffer.from(text, "utf8"));

function shapeOf(ir: ServiceIR, name: string): ShapeIR {
  const shape = ir.shapes.get(name);
  if (shape === undefined) throw new Error(`shape ${name} is not in the IR`);
  return shape;
}

/**
 * Text content. Characters XML 1.0 cannot carry at all (most C0 controls, lone surrogates,
 * U+FFFE/U+FFFF) become `?`: no service can send them, and both clients read the same bytes, so
 * the replacement changes nothing compared. CR, LF and tab go as character references so that
 * end-of-line handling keeps them.
 */
function escapeText(text: string): string {
  let out = "";
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    if (ch === "&") out += "&amp;";
    else if (ch === "<") out += "&lt;";
    else if (ch === ">") out += "&gt;";
    else if (ch === '"') out += "&quot;";
    else if (ch === "'") out += "&apos;";
    else if (ch === "\r") out += "&#xD;";
    else if (ch === "\n") out += "&#xA;";
    else if (ch === "\t") out += "&#x9;";
    else if (c < 0x20 || (c >= 0xd800 && c <= 0xdfff) || c === 0xfffe || c === 0xffff) out += "?";
    else out += ch;
  }
  return out;
}

type Format = "iso8601" | "rfc822" | "unixTimestamp" | undefined;

function scalarText(shape: ShapeIR, value: unknown, format: Format): string {
  switch (shape.kind) {
    case "timestamp": {
      const date = value as Date;
      const wanted = format ?? shape.timestampFormat ?? "iso8601";
      return wanted === "iso8601" ? date.toISOString() : wanted === "rfc822" ? date.toUTCString() : String(date.getTime() / 1000);
    }
    case "blob":
      return Buffer.from(value as Uint8Array).toString("base64");
    case "float":
    case "double":
    case "bigDecimal": {
      const n = value as number;
      return Number.isNaN(n) ? "NaN" : n === Infinity ? "Infinity" : n === -Infinity ? "-Infinity" : String(n);
    }
    case "document":
      return escapeText(JSON.stringify(value));
    default:
      return escapeText(String(value));
  }
}

/** `<name>` content for a value of shape `name` (no surrounding element). */
function content(ir: ServiceIR, name: string, value: unknown, format: Format): { attrs: string; inner: string } {
  const shape = shapeOf(ir, name);
  switch (shape.kind) {
    case "structure":
      return structureContent(ir, shape, value as Record<string, unknown>, () => true);
    case "list": {
      const item = shape.memberName ?? "member";
      return { attrs: "", inner: (value as unknown[]).map((v) => element(ir, item, shape.member, v, undefined)).join("") };
    }
    case "map":
      return {
        attrs: "",
        inner: Object.entries(value as Record<string, unknown>)
          .map(([k, v]) => `<entry>${mapEntry(ir, shape, k, v)}</entry>`)
          .join(""),
      };
    default:
      return { attrs: "", inner: scalarText(shape, value, format) };
  }
}

function mapEntry(ir: ServiceIR, shape: Extract<ShapeIR, { kind: "map" }>, k: string, v: unknown): string {
  return element(ir, shape.keyName ?? "key", shape.key, k, undefined) + element(ir, shape.valueName ?? "value", shape.value, v, undefined);
}

function element(ir: ServiceIR, tag: string, target: string, value: unknown, format: Format): string {
  if (value === null) return `<${tag}/>`;
  const { attrs, inner } = content(ir, target, value, format);
  return `<${tag}${attrs}>${inner}</${tag}>`;
}

function structureContent(
  ir: ServiceIR,
  shape: StructureIR,
  value: Record<string, unknown>,
  include: (m: StructureIR["members"][number]) => boolean,
): { attrs: string; inner: string } {
  let attrs = "";
  let inner = "";
  for (const m of shape.members) {
    const v = value[m.name];
    if (v === undefined || !include(m)) continue;
    const tag = m.locationName ?? m.name;
    const target = shapeOf(ir, m.target);
    if (m.xmlAttribute) {
      attrs += ` ${tag}="${scalarText(target, v, m.timestampFormat)}"`;
      continue;
    }
    if (target.kind === "list" && (m.flattened || target.flattened)) {
      for (const item of v as unknown[]) inner += element(ir, tag, target.member, item, undefined);
    } else if (target.kind === "map" && (m.flattened || target.flattened)) {
      for (const [k, item] of Object.entries(v as Record<string, unknown>)) inner += `<${tag}>${mapEntry(ir, target, k, item)}</${tag}>`;
    } else inner += element(ir, tag, m.target, v, m.timestampFormat);
  }
  return { attrs, inner };
}

const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n';

function namespaceOf(ir: ServiceIR): string {
  return ir.protocol === "ec2"
    ? `http://ec2.amazonaws.com/doc/${ir.apiVersion}/`
    : ir.protocol === "query"
      ? `https://${ir.endpointPrefix}.amazonaws.com/doc/${ir.apiVersion}/`
      : "http://s3.amazonaws.com/doc/2006-03-01/";
}

function outputReply(ir: ServiceIR, op: OperationIR, value: Record<string, unknown>, requestId: string): Reply {
  const shape = op.output === undefined ? undefined : shapeOf(ir, op.output);
  const ns = namespaceOf(ir);
  if (ir.protocol === "query" || ir.protocol === "ec2") {
    const headers = { "content-type": "text/xml", "x-amzn-requestid": requestId };
    const { inner } = shape?.kind === "structure" ? structureContent(ir, shape, value, () => true) : { inner: "" };
    const body =
      ir.protocol === "ec2"
        ? `<${op.name}Response xmlns="${ns}"><requestId>${requestId}</requestId>${inner}</${op.name}Response>`
        : `<${op.name}Response xmlns="${ns}">` +
          (op.resultWrapper === undefined ? "" : `<${op.resultWrapper}>${inner}</${op.resultWrapper}>`) +
          `<ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></${op.name}Response>`;
    return { status: 200, headers, body: utf8(XML_DECLARATION + body) };
  }
  // restXml: bound members in headers and status; the payload member, or the rest, in the root.
  const headers: Record<string, string> = { "x-amz-request-id": requestId };
  let status = op.responseCode ?? 200;
  if (shape?.kind !== "structure") return { status, headers, body: new Uint8Array() };
  status = restBindings(ir, shape, value, headers) ?? status;
  let body = "";
  if (shape.payload !== undefined) {
    const member = shape.members.find((m) => m.name === shape.payload)!;
    const payload = value[shape.payload];
    const target = shapeOf(ir, member.target);
    if (payload !== undefined) {
      if (target.kind === "structure") {
        const tag = member.locationName ?? target.xmlName ?? target.name;
        const { attrs, inner } = structureContent(ir, target, payload as Record<string, unknown>, () => true);
        body = `<${tag} xmlns="${ns}"${attrs}>${inner}</${tag}>`;
      } else if (target.kind === "string") body = payload as string;
      else return { status, headers: { ...headers, "content-type": "application/octet-stream" }, body: payload as Uint8Array };
    }
  } else {
    const tag = shape.xmlName ?? shape.name;
    const { attrs, inner } = structureContent(ir, shape, value, (m) => m.location === undefined);
    body = `<${tag} xmlns="${ns}"${attrs}>${inner}</${tag}>`;
  }
  if (body === "") return { status, headers, body: new Uint8Array() };
  return { status, headers: { ...headers, "content-type": "application/xml" }, body: utf8(XML_DECLARATION + body) };
}

/** An error response in the protocol's envelope; the code is the exception's own. */
function errorReply(ir: ServiceIR, shapeName: string, value: Record<string, unknown>, requestId: string): Reply {
  const shape = shapeOf(ir, shapeName);
  if (shape.kind !== "structure") throw new Error(`${shapeName} is not a structure`);
  const code = shape.exception?.code ?? shape.name;
  const status = shape.exception?.httpStatusCode ?? (shape.exception?.fault === "server" ? 500 : 400);
  const headers: Record<string, string> = { "content-type": "text/xml" };
  // Services write the message as the envelope's `<Message>`, whatever the model calls the member
  // (IAM's and S3's are `message`); the other members go by their model names.
  const wire: StructureIR = {
    ...shape,
    members: shape.members.map((m) =>
      m.name.toLowerCase() === "message" && m.locationName === undefined ? { ...m, locationName: "Message" } : m,
    ),
  };
  const { inner } = structureContent(ir, wire, value, (m) => m.location === undefined);
  const type = shape.exception?.fault === "server" ? "Receiver" : "Sender";
  let body: string;
  if (ir.protocol === "query") {
    headers["x-amzn-requestid"] = requestId;
    body = `<ErrorResponse xmlns="${namespaceOf(ir)}"><Error><Type>${type}</Type><Code>${code}</Code>${inner}</Error><RequestId>${requestId}</RequestId></ErrorResponse>`;
  } else if (ir.protocol === "ec2") {
    body = `<Response><Errors><Error><Code>${code}</Code>${inner}</Error></Errors><RequestID>${requestId}</RequestID></Response>`;
  } else {
    headers["x-amz-request-id"] = requestId;
    headers["content-type"] = "application/xml";
    restBindings(ir, shape, value, headers);
    body = `<Error><Code>${code}</Code>${inner}<RequestId>${requestId}</RequestId></Error>`;
  }
  return { status, headers, body: utf8(XML_DECLARATION + body) };
}

export function xmlReplyFor(ir: ServiceIR, op: OperationIR, plan: PlannedReply, requestId: string): Reply {
  return plan.kind === "output" ? outputReply(ir, op, plan.value, requestId) : errorReply(ir, plan.shape, plan.value, requestId);
}

// ---------------------------------------------------------------------------------------------
// Request bodies

const isForm = (req: CapturedRequest) => (req.headers["content-type"] ?? "").startsWith("application/x-www-form-urlencoded");
const looksXml = (req: CapturedRequest) => Buffer.from(req.body).toString("utf8").trimStart().startsWith("<");

/** Decoded `key=value` pairs with their counts (`+` is a space, as the form encoding says). */
export function formPairs(body: Uint8Array): Map<string, number> {
  const out = new Map<string, number>();
  for (const [k, v] of new URLSearchParams(Buffer.from(body).toString("utf8"))) {
    const pair = `${k}=${v}`;
    out.set(pair, (out.get(pair) ?? 0) + 1);
  }
  return out;
}

export type Canonical = { tag: string; attrs: Record<string, string>; children: (Canonical | string)[] };

const PARSER = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: "",
  removeNSPrefix: true,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  ignoreDeclaration: true,
  processEntities: true,
  // Character references (`&#xA;`, `&#10;`) decoded as XML decodes them; `&amp;#xA;` stays text.
  htmlEntities: true,
});

/**
 * An element tree without what XML says is insignificant here: the declaration, namespace
 * prefixes' spelling (removed; `xmlns` declarations kept by URI), attribute order (sorted),
 * whitespace-only text between elements, and how a character is written (itself or a reference;
 * raw CR and CRLF read as LF, as XML 1.0 §2.11 has every reader do).
 */
export function canonicalXml(text: string): Canonical[] {
  const walk = (nodes: Record<string, unknown>[]): (Canonical | string)[] => {
    const out: (Canonical | string)[] = [];
    for (const node of nodes) {
      for (const [key, value] of Object.entries(node)) {
        if (key === ":@") continue;
        if (key === "#text") {
          const t = String(value);
          if (t.trim() !== "") out.push(t);
          continue;
        }
        const rawAttrs = (node[":@"] ?? {}) as Record<string, string>;
        const attrs: Record<string, string> = {};
        for (const name of Object.keys(rawAttrs).sort()) attrs[name.startsWith("xmlns") ? "xmlns" : name] = String(rawAttrs[name]);
        out.push({ tag: key, attrs, children: walk(value as Record<string, unknown>[]) });
      }
    }
    return out;
  };
  return walk(PARSER.parse(text) as Record<string, unknown>[]) as Canonical[];
}

/**
 * The tree with each element's children ordered by tag name, a stable sort: elements of one name
 * (list items) keep their order, while the order of differently named members does not count.
 */
export function memberOrderFree(nodes: readonly (Canonical | string)[]): (Canonical | string)[] {
  const key = (n: Canonical | string) => (typeof n === "string" ? "" : n.tag);
  return nodes
    .map((n) => (typeof n === "string" ? n : { ...n, children: memberOrderFree(n.children) }))
    .sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

/**
 * Differences between the bodies, when they are forms or XML: undefined when neither is, so the
 * JSON or byte comparison decides.
 */
export function compareMarkupBodies(
  sdk: CapturedRequest,
  ours: CapturedRequest,
  add: (where: string, a: unknown, b: unknown) => void,
  diffJson: (a: unknown, b: unknown, path: string, out: (where: string, a: unknown, b: unknown) => void) => void,
): boolean {
  if (isForm(sdk) && isForm(ours)) {
    const a = formPairs(sdk.body);
    const b = formPairs(ours.body);
    for (const pair of [...new Set([...a.keys(), ...b.keys()])].sort()) {
      const na = a.get(pair) ?? 0;
      const nb = b.get(pair) ?? 0;
      if (na !== nb) add(pair.slice(0, pair.indexOf("=")), `${pair} ×${na}`, `${pair} ×${nb}`);
    }
    return true;
  }
  if (sdk.body.length > 0 && ours.body.length > 0 && looksXml(sdk) && looksXml(ours)) {
    let a: unknown;
    let b: unknown;
    try {
      a = canonicalXml(Buffer.from(sdk.body).toString("utf8"));
      b = canonicalXml(Buffer.from(ours.body).toString("utf8"));
    } catch (error) {
      add("(xml)", Buffer.from(sdk.body).toString("utf8"), `${Buffer.from(ours.body).toString("utf8")} (${String(error)})`);
      return true;
    }
    diffJson(a, b, "", add);
    return true;
  }
  return false;
}
