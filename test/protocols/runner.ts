// Runs protocol suite cases through the whole generator: each case becomes a model, the model a
// generated package, and the package's client makes the case's call to a loopback HTTP server.
// Input cases compare the request the client put on the wire; output cases have the server send
// the case's response and compare what the client hands back (a result or a typed error).
import net from "node:net";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { isDeepStrictEqual } from "node:util";
import { Tagged, decode as cborDecode } from "cborg";
import { XMLParser } from "fast-xml-parser";
import { generate } from "../../generator/generate.js";
import type { ServiceIR } from "../../generator/ir/types.js";
import { caseModel, normalise, toInput, type SuiteCase } from "./suites.js";

export interface CaseResult {
  readonly case: SuiteCase;
  /** Undefined when the case passed; else the first difference found. */
  readonly failure: string | undefined;
}

interface Captured {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: Uint8Array;
}

type Reply = { status: number; headers: Record<string, string>; body: string | Uint8Array };

/**
 * A loopback HTTP/1.1 server answering each request with the reply set for the current case. It
 * writes the response by hand, so the client sees exactly the case's headers (a framework would
 * add Date, Connection and Keep-Alive, which a prefix-headers map would then collect): the body
 * ends when the connection closes.
 */
export class SuiteServer {
  readonly #sockets = new Set<net.Socket>();
  readonly #server = net.createServer((socket) => {
    this.#sockets.add(socket);
    socket.on("close", () => this.#sockets.delete(socket));
    socket.on("error", () => socket.destroy());
    let buffered = Buffer.alloc(0);
    socket.on("data", (chunk: Buffer) => {
      buffered = Buffer.concat([buffered, chunk]);
      const end = buffered.indexOf("\r\n\r\n");
      if (end < 0) return;
      const headText = buffered.subarray(0, end).toString("latin1");
      const length = Number(/\r\ncontent-length:\s*(\d+)/i.exec(headText)?.[1] ?? 0);
      if (buffered.length < end + 4 + length) return;
      const received: Record<string, string> = {};
      for (const line of headText.split("\r\n").slice(1)) {
        const colon = line.indexOf(":");
        const name = line.slice(0, colon).trim().toLowerCase();
        const value = line.slice(colon + 1).trim();
        received[name] = received[name] === undefined ? value : `${received[name]}, ${value}`;
      }
      this.received = { headers: received, body: new Uint8Array(buffered.subarray(end + 4, end + 4 + length)) };
      const { status, headers } = this.reply;
      let body = typeof this.reply.body === "string" ? Buffer.from(this.reply.body, "utf8") : Buffer.from(this.reply.body);
      // A case may declare a longer Content-Length than its JSON body: JSON allows the padding.
      const declared = Object.entries(headers).find(([k]) => k.toLowerCase() === "content-length")?.[1];
      if (declared !== undefined && Number(declared) > body.length)
        body = Buffer.concat([body, Buffer.alloc(Number(declared) - body.length, " ")]);
      const head = [`HTTP/1.1 ${status} Case`, ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`), "", ""].join("\r\n");
      socket.end(Buffer.concat([Buffer.from(head, "latin1"), body]));
    });
  });
  reply: Reply = { status: 200, headers: {}, body: "" };
  /** The headers and body of the last request, as they arrived. */
  received: { headers: Record<string, string>; body: Uint8Array } | undefined;
  port = 0;

  async start(): Promise<void> {
    await new Promise<void>((resolve) => this.#server.listen(0, "127.0.0.1", resolve));
    this.port = (this.#server.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    for (const socket of this.#sockets) socket.destroy();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }
}

function lowerKeys(headers: Record<string, string> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    const key = name.toLowerCase();
    out[key] = out[key] === undefined ? value : `${out[key]}, ${value}`;
  }
  return out;
}

/** Query pairs as a sorted multiset (URLSearchParams decodes `+` and percent escapes as forms do). */
function queryPairs(query: string): string[] {
  return [...new URLSearchParams(query)].map((pair) => JSON.stringify(pair)).sort();
}

/** A form body as a sorted multiset of decoded `key=value` pairs (`+` is a space, as forms write it). */
function formPairs(body: string): string[] {
  const decode = (s: string) => decodeURIComponent(s.replace(/\+/g, " "));
  return body === ""
    ? []
    : body
        .split("&")
        .map((pair) => {
          const eq = pair.indexOf("=");
          return JSON.stringify(eq < 0 ? [decode(pair)] : [decode(pair.slice(0, eq)), decode(pair.slice(eq + 1))]);
        })
        .sort();
}

// Parsed in document order, attributes and text exactly as written (no trimming, no number parsing).
const xmlParser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: "",
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  ignoreDeclaration: true,
  htmlEntities: true,
});

type XmlNodes = Array<Record<string, unknown>>;

/**
 * An XML document as a canonical tree: elements with their attributes sorted, text as written,
 * and whitespace-only text between elements (indentation) left out. Two documents that differ
 * only in attribute order and insignificant whitespace give equal trees.
 */
function canonicalXml(text: string): unknown {
  const walk = (nodes: XmlNodes): unknown[] => {
    const hasElements = nodes.some((n) => !("#text" in n));
    const out: unknown[] = [];
    for (const node of nodes) {
      if ("#text" in node) {
        const t = String(node["#text"]);
        if (hasElements && t.trim() === "") continue;
        const last = out.at(-1);
        // Adjacent text pieces (text around an entity or CDATA) are one text.
        if (typeof last === "string") out[out.length - 1] = last + t;
        else out.push(t);
        continue;
      }
      const name = Object.keys(node).find((k) => k !== ":@")!;
      const attributes = Object.entries((node[":@"] ?? {}) as Record<string, unknown>)
        .map(([k, v]) => [k, String(v)])
        .sort(([a], [b]) => (a! < b! ? -1 : a! > b! ? 1 : 0));
      out.push({ name, attributes, children: walk((node[name] ?? []) as XmlNodes) });
    }
    return out;
  };
  return walk(xmlParser.parse(text) as XmlNodes);
}

const show = (value: unknown): string => {
  const text = JSON.stringify(value, (_k, v: unknown) => (v === undefined ? "<undefined>" : v));
  return text === undefined ? String(value) : text.length > 300 ? `${text.slice(0, 300)}...` : text;
};

function compareRequest(c: SuiteCase, seen: Captured): string | undefined {
  const expected = c.testCase.serialized!;
  const method = expected.method ?? c.testCase.given.http?.method ?? "POST";
  if (seen.method !== method) return `method ${seen.method}, expected ${method}`;
  const afterScheme = seen.url.indexOf("//") + 2;
  const pathStart = seen.url.indexOf("/", afterScheme);
  const host = seen.url.slice(afterScheme, pathStart < 0 ? undefined : pathStart);
  const target = pathStart < 0 ? "/" : seen.url.slice(pathStart);
  const [seenPath, seenQuery = ""] = splitOnce(target, "?");
  const [wantPath, wantQuery = ""] = splitOnce(expected.uri, "?");
  if (seenPath !== wantPath) return `path ${seenPath}, expected ${wantPath}`;
  if (!isDeepStrictEqual(queryPairs(seenQuery), queryPairs(wantQuery))) return `query ${seenQuery}, expected ${wantQuery}`;
  if (expected.host !== undefined && host !== expected.host) return `host ${host}, expected ${expected.host}`;
  // Space after a list comma is optional whitespace in HTTP: "a,b" and "a, b" are one value.
  const listItems = (v: string | undefined) => v?.split(/\s*,\s*/);
  // A Content-Type given without parameters names the media type: a `charset` the client adds is the same type.
  const mediaType = (v: string | undefined) => v?.split(";")[0]!.trim();
  for (const [name, value] of Object.entries(lowerKeys(expected.headers))) {
    if (name === "content-type" && !value.includes(";") && mediaType(seen.headers[name]) === value) continue;
    if (seen.headers[name] !== value && !isDeepStrictEqual(listItems(seen.headers[name]), listItems(value))) {
      return `header ${name}: ${show(seen.headers[name])}, expected ${show(value)}`;
    }
  }
  for (const name of expected.requireHeaders ?? []) {
    if (seen.headers[name.toLowerCase()] === undefined) return `header ${name} is required but was not sent`;
  }
  for (const name of expected.forbidHeaders ?? []) {
    const value = seen.headers[name.toLowerCase()];
    // Node and fetch both frame a POST or PUT without a body with `Content-Length: 0`, as HTTP
    // asks of a method that defines content (RFC 9110, section 8.6): that says "no body" too.
    const emptyFraming = name.toLowerCase() === "content-length" && value === "0" && seen.body.length === 0;
    if (value !== undefined && !emptyFraming) return `header ${name} should not be sent`;
  }
  if (expected.body !== undefined) {
    const body = new TextDecoder().decode(seen.body);
    if (expected.body === "") {
      if (body !== "") return `body ${show(body)}, expected none`;
    } else if (isCborSuite(c)) {
      // The suites give CBOR as base64; equal data, however each side chose lengths and float widths.
      const got = cborData(seen.body);
      const want = cborData(Buffer.from(expected.body, "base64"));
      if (!isDeepStrictEqual(got, want)) return `body ${showCbor(got)}, expected ${showCbor(want)}`;
    } else if ((seen.headers["content-type"] ?? "").includes("json") && expected.body.trimStart().match(/^[[{"]/)) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(body);
      } catch {
        return `body is not JSON: ${show(body)}`;
      }
      if (!isDeepStrictEqual(parsed, JSON.parse(expected.body))) return `body ${show(parsed)}, expected ${expected.body}`;
    } else if ((seen.headers["content-type"] ?? "").startsWith("application/x-www-form-urlencoded")) {
      // A form body: the same pairs, in any order, however each is percent-encoded.
      if (!isDeepStrictEqual(formPairs(body), formPairs(expected.body))) return `body ${show(body)}, expected ${show(expected.body)}`;
    } else if (expected.body.trimStart().startsWith("<")) {
      let seenTree: unknown;
      try {
        seenTree = canonicalXml(body);
      } catch {
        return `body is not XML: ${show(body)}`;
      }
      if (!isDeepStrictEqual(seenTree, canonicalXml(expected.body))) return `body ${show(body)}, expected ${show(expected.body)}`;
    } else if (body !== expected.body) return `body ${show(body)}, expected ${show(expected.body)}`;
  }
  return undefined;
}

/** The rpc-v2-cbor suites: their bodies are base64-encoded CBOR. */
function isCborSuite(c: SuiteCase): boolean {
  return c.suite.metadata.protocol === "smithy-rpc-v2-cbor";
}

/** CBOR bytes as data: maps as Maps (compared without order), tags kept as tags; an error as its message. */
function cborData(bytes: Uint8Array): unknown {
  try {
    return cborDecode(bytes, { useMaps: true, tags: Tagged.preserve(1, 2, 3, 4) });
  } catch (err) {
    return `not CBOR: ${(err as Error).message}`;
  }
}

function showCbor(value: unknown): string {
  const plain = (v: unknown): unknown =>
    v instanceof Map
      ? Object.fromEntries([...v].map(([k, x]) => [String(k), plain(x)]))
      : v instanceof Tagged
        ? { tag: v.tag, value: plain(v.value) }
        : v instanceof Uint8Array
          ? { bytes: Buffer.from(v).toString("hex") }
          : Array.isArray(v)
            ? v.map(plain)
            : typeof v === "number" && !Number.isFinite(v)
              ? String(v)
              : typeof v === "bigint"
                ? `${v}n`
                : v;
  return show(plain(value));
}

function splitOnce(s: string, sep: string): [string, string?] {
  const i = s.indexOf(sep);
  return i < 0 ? [s] : [s.slice(0, i), s.slice(i + 1)];
}

function compareOutput(c: SuiteCase, ir: ServiceIR, outcome: { value?: unknown; error?: unknown }): string | undefined {
  const t = c.testCase;
  if (t.errorCode === undefined) {
    if (outcome.error !== undefined) return `rejected with ${describe(outcome.error)}`;
    const got = inSuiteForm(c, normalise(outcome.value));
    const want = inSuiteForm(c, t.result ?? {});
    return isDeepStrictEqual(got, want) ? undefined : `result ${show(got)}, expected ${show(want)}`;
  }
  if (outcome.error === undefined) return `resolved with ${show(normalise(outcome.value))}, expected error ${t.errorCode}`;
  const error = outcome.error as Error & Record<string, unknown>;
  const modelled = (t.given.errors ?? []).find((ref) => (c.suite.shapes[ref.shape]?.error?.code ?? ref.shape) === t.errorCode);
  const wantName = modelled === undefined ? t.errorCode : (ir.shapes.get(modelled.shape)?.typeName ?? modelled.shape);
  if (error.name !== wantName) return `error ${describe(error)}, expected ${wantName}`;
  if (t.errorMessage !== undefined && error.message !== t.errorMessage)
    return `error message ${show(error.message)}, expected ${show(t.errorMessage)}`;
  for (const [key, value] of Object.entries(t.error ?? {})) {
    const got = normalise(key === "message" || key === "Message" ? (error[key] ?? error.message) : error[key]);
    if (!isDeepStrictEqual(got, value)) return `error member ${key} ${show(got)}, expected ${show(value)}`;
  }
  return undefined;
}

/**
 * Where the suites and a JavaScript client write one fact differently: header names in a
 * `headers` map are compared without case (HTTP names have none, and fetch lowercases them), and
 * an unknown union member, `$unknown: [name, value]` here, is `SDK_UNKNOWN_MEMBER: { name }` there.
 */
function inSuiteForm(c: SuiteCase, value: unknown): unknown {
  const shapes = c.suite.shapes;
  const walk = (shapeName: string | undefined, v: unknown): unknown => {
    const shape = shapeName === undefined ? undefined : shapes[shapeName];
    if (shape === undefined || typeof v !== "object" || v === null) return v;
    if (shape.type === "list" && Array.isArray(v)) return v.map((item) => walk(shape.member?.shape, item));
    if (shape.type === "map") return Object.fromEntries(Object.entries(v).map(([k, item]) => [k, walk(shape.value?.shape, item)]));
    if (shape.type !== "structure") return v;
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(v)) {
      if (key === "$unknown" && Array.isArray(item)) {
        out["SDK_UNKNOWN_MEMBER"] = { name: item[0] };
        continue;
      }
      const member = shape.members?.[key];
      out[key] =
        member?.["location"] === "headers" && typeof item === "object" && item !== null
          ? Object.fromEntries(Object.entries(item).map(([k, h]) => [k.toLowerCase(), h]))
          : walk(member?.shape, item);
    }
    return out;
  };
  return walk(c.testCase.given.output?.shape, value);
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message.split("\n")[0]}` : String(error);
}

/** Generates, imports and runs one case. */
export async function runCase(c: SuiteCase, server: SuiteServer, workDir: string, index: number): Promise<CaseResult> {
  const dir = path.join(workDir, String(index));
  mkdirSync(dir, { recursive: true });
  const modelFile = path.join(dir, "service-2.json");
  writeFileSync(modelFile, JSON.stringify(caseModel(c), null, 1));
  let ir: ServiceIR;
  try {
    const generated = await generate({ model: modelFile, out: path.join(dir, "out"), format: false });
    ir = generated.packages[0]!.ir;
  } catch (err) {
    return { case: c, failure: `generation failed: ${describe(err)}` };
  }
  const mod = (await import(pathToFileURL(path.join(dir, "out", ir.packageName, "src", "index.ts")).href)) as Record<string, unknown>;
  const op = ir.operations[0]!;
  const captured: Captured[] = [];
  const ClientClass = mod[ir.names.client] as new (config: Record<string, unknown>) => { destroy?: () => void };
  const client = new ClientClass({
    region: "us-east-1",
    endpoint: c.suite.clientEndpoint ?? "https://example.com",
    credentials: { accessKeyId: "AKIDSUITE", secretAccessKey: "suite-secret" },
    maxAttempts: 1,
    // The client's own URL is recorded, then the request goes to the loopback server for real.
    fetch: async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
      const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
      const headers: Record<string, string> = {};
      new Headers(init?.headers).forEach((value, name) => (headers[name] = value));
      const body =
        init?.body instanceof Uint8Array
          ? init.body
          : typeof init?.body === "string"
            ? new TextEncoder().encode(init.body)
            : new Uint8Array();
      captured.push({ method: init?.method ?? "GET", url, headers, body });
      const target = new URL(url);
      const local = `http://127.0.0.1:${server.port}${target.pathname}${target.search}`;
      return fetch(local, {
        method: init?.method ?? "GET",
        headers: init?.headers ?? {},
        ...(body.length > 0 ? { body } : {}),
      });
    },
  });
  const t = c.testCase;
  server.received = undefined;
  server.reply =
    c.direction === "output" && t.response
      ? {
          status: t.response.status_code,
          headers: t.response.headers ?? {},
          body: isCborSuite(c) ? Buffer.from(t.response.body ?? "", "base64") : (t.response.body ?? ""),
        }
      : isCborSuite(c)
        ? { status: 200, headers: { "content-type": "application/cbor" }, body: "" }
        : { status: 200, headers: { "content-type": "application/json" }, body: ir.protocol === "json" ? "{}" : "" };
  const fn = mod[op.functionName] as (client: unknown, input: unknown) => Promise<unknown>;
  const input = op.input === undefined ? undefined : toInput(c.suite.shapes, op.input, t.params ?? {});
  const outcome: { value?: unknown; error?: unknown } = {};
  try {
    outcome.value = await fn(client, input ?? {});
  } catch (err) {
    outcome.error = err;
  } finally {
    client.destroy?.();
  }
  if (c.direction === "input") {
    const seen = captured[0];
    // Set by the server while the call ran (the compiler cannot see that through the reset above).
    const received = server.received as SuiteServer["received"];
    if (seen === undefined || received === undefined) return { case: c, failure: `no request was sent: ${describe(outcome.error)}` };
    // What went over the wire (framing headers included), at the URL the client chose.
    return { case: c, failure: compareRequest(c, { ...seen, headers: received.headers, body: received.body }) };
  }
  return { case: c, failure: compareOutput(c, ir, outcome) };
}

/** Runs every case that is not skipped; results come back in case order. */
export async function runCases(cases: readonly SuiteCase[], workDir: string, onResult?: (r: CaseResult) => void): Promise<CaseResult[]> {
  rmSync(workDir, { recursive: true, force: true });
  const server = new SuiteServer();
  await server.start();
  const results: CaseResult[] = [];
  try {
    for (const [i, c] of cases.entries()) {
      if (c.skip !== undefined) continue;
      const r = await runCase(c, server, workDir, i);
      results.push(r);
      onResult?.(r);
    }
  } finally {
    await server.stop();
  }
  return results;
}
