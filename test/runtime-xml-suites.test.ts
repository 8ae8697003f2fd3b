// The published query, ec2 and rest-xml compliance suites (and their legacy/ versions) run straight against the runtime's
// protocol objects: each case's `shapes` become runtime schemas through the small converter
// below (the same facts the generator emits; `npm run test:protocols` runs these suites through
// the generator itself), its params are
// serialized and compared with the expected request, its response parsed and compared with the
// expected result or error. No generator, no network.
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { ServiceException, type ExceptionInit, type ResponseMetadata } from "../generator/runtime/errors.js";
import type {
  ErrorSchema,
  MemberSchema,
  OperationSchema,
  Schema,
  SchemaRef,
  StructureSchema,
  XmlNamespace,
} from "../generator/runtime/schema.js";
import type { Protocol, ProtocolFacts } from "../generator/runtime/protocols/protocol.js";
import { awsQuery } from "../generator/runtime/protocols/query.js";
import { ec2Query } from "../generator/runtime/protocols/ec2.js";
import { restXml } from "../generator/runtime/protocols/rest-xml.js";
import { parseXml, type XmlElement } from "../generator/runtime/codecs/xml.js";
import { utf8Decode, utf8Encode } from "../generator/runtime/codecs/encoding.js";
import { SHARED } from "./helpers.js";
import type { RawCase, RawRef, RawShape, RawSuite } from "./protocols/suites.js";

const SUITES = path.join(SHARED, "corpus", "botocore", "protocol-tests");
const PROTOCOLS: Record<string, Protocol> = { query: awsQuery, ec2: ec2Query, "rest-xml": restXml };

/** Cases the runtime does not cover, and why. */
const SKIPS: Readonly<Record<string, string>> = {
  SDKAppliedContentEncoding_awsQuery: "request compression is the client's, not the protocol's",
  SDKAppliedContentEncoding_ec2Query: "request compression is the client's, not the protocol's",
  SDKAppendsGzipAndIgnoresHttpProvidedEncoding_ec2Query: "request compression is the client's, not the protocol's",
  SDKAppendedGzipAfterProvidedEncoding_restXml: "request compression is the client's, not the protocol's",
  QueryHostWithPath: "the endpoint's base path is the client's",
  "legacy: List in header #0": 'the rest-* binding joins header lists with ", " (an equally valid HTTP list)',
  "legacy: List in header #1": "the rest-* binding sends an empty list as an empty header",
  "legacy: REST XML Event Stream #0":
    "event streams are read by the client, not the protocol: test/eventstream-suites.test.ts runs these cases through generated clients",
  "legacy: REST XML Event Stream #1":
    "event streams are read by the client, not the protocol: test/eventstream-suites.test.ts runs these cases through generated clients",
  "legacy: REST XML Event Stream #2":
    "event streams are read by the client, not the protocol: test/eventstream-suites.test.ts runs these cases through generated clients",
  "legacy: Unions #1": "an unknown union member is kept as `$unknown: [name, text]`, not botocore's SDK_UNKNOWN_MEMBER",
  Ec2QueryHostWithPath: "the endpoint's base path is the client's",
};

// ---- a tiny converter: suite shapes → runtime schemas --------------------------------------

class BaseException extends ServiceException {
  constructor(init: ExceptionInit) {
    super({ ...init, name: init.name ?? "BaseException" });
  }
}

function namespaceOf(value: unknown): XmlNamespace | undefined {
  if (typeof value === "string") return { uri: value };
  if (typeof value === "object" && value !== null) {
    const ns = value as { uri: string; prefix?: string };
    return ns.prefix === undefined ? { uri: ns.uri } : { uri: ns.uri, prefix: ns.prefix };
  }
  return undefined;
}

function converter(suite: RawSuite) {
  const cache = new Map<string, Schema>();
  // A reference's own timestampFormat (legacy suites) makes a timestamp schema of its own.
  const ref = (r: RawRef): SchemaRef =>
    typeof r["timestampFormat"] === "string"
      ? { type: "timestamp", format: r["timestampFormat"] as "iso8601" }
      : r["jsonvalue"] === true
        ? { type: "string", jsonvalue: true }
        : () => shape(r.shape);
  const shape = (name: string): Schema => {
    const cached = cache.get(name);
    if (cached !== undefined) return cached;
    const raw: RawShape = suite.shapes[name]!;
    let schema: Schema;
    switch (raw.type) {
      case "structure": {
        const members: Record<string, MemberSchema> = {};
        const s: Record<string, unknown> = { type: "structure", name, members };
        if (raw["payload"] !== undefined) s["payload"] = raw["payload"];
        if (raw["union"] === true) s["union"] = true;
        if (typeof raw["locationName"] === "string") s["xmlName"] = raw["locationName"];
        if (raw["xmlNamespace"] !== undefined) s["xmlNamespace"] = namespaceOf(raw["xmlNamespace"]);
        schema = s as unknown as StructureSchema;
        cache.set(name, schema);
        for (const [memberName, m] of Object.entries(raw.members ?? {})) {
          const member: Record<string, unknown> = { target: ref(m) };
          // Legacy suites put location and locationName on the target shape too.
          const targetShape = suite.shapes[m.shape]!;
          if (typeof targetShape["location"] === "string") {
            member["location"] = targetShape["location"];
            if (typeof targetShape["locationName"] === "string") member["locationName"] = targetShape["locationName"];
          }
          for (const trait of ["location", "locationName", "queryName"] as const)
            if (typeof m[trait] === "string") member[trait] = m[trait];
          for (const flag of ["xmlAttribute", "flattened", "idempotencyToken", "hostLabel"] as const)
            if (m[flag] === true) member[flag] = true;
          if (m["xmlNamespace"] !== undefined) member["xmlNamespace"] = namespaceOf(m["xmlNamespace"]);
          // A payload member's locationName equal to its own name is no rename: the shape names the root.
          if (memberName === raw["payload"] && member["locationName"] === memberName) delete member["locationName"];
          members[memberName] = member as unknown as MemberSchema;
        }
        return schema;
      }
      case "list": {
        const l: Record<string, unknown> = { type: "list", member: ref(raw.member!) };
        if (typeof raw.member!["locationName"] === "string") l["memberName"] = raw.member!["locationName"];
        if (raw.member!["xmlNamespace"] !== undefined) l["memberNamespace"] = namespaceOf(raw.member!["xmlNamespace"]);
        if (raw["flattened"] === true) l["flattened"] = true;
        schema = l as unknown as Schema;
        break;
      }
      case "map": {
        const m: Record<string, unknown> = { type: "map", key: ref(raw.key!), value: ref(raw.value!) };
        if (typeof raw.key!["locationName"] === "string") m["keyName"] = raw.key!["locationName"];
        if (typeof raw.value!["locationName"] === "string") m["valueName"] = raw.value!["locationName"];
        if (raw.key!["xmlNamespace"] !== undefined) m["keyNamespace"] = namespaceOf(raw.key!["xmlNamespace"]);
        if (raw.value!["xmlNamespace"] !== undefined) m["valueNamespace"] = namespaceOf(raw.value!["xmlNamespace"]);
        if (raw["flattened"] === true) m["flattened"] = true;
        schema = m as unknown as Schema;
        break;
      }
      case "timestamp":
        schema =
          typeof raw["timestampFormat"] === "string" ? { type: "timestamp", format: raw["timestampFormat"] as "iso8601" } : "timestamp";
        break;
      case "blob":
        schema = raw["streaming"] === true ? { type: "blob", streaming: true } : "blob";
        break;
      case "character":
        schema = "string";
        break;
      case "string":
        schema = raw["jsonvalue"] === true ? { type: "string", jsonvalue: true } : "string";
        break;
      default:
        schema = raw.type as Schema;
    }
    cache.set(name, schema);
    return schema;
  };
  const operation = (c: RawCase): OperationSchema => {
    const g = c.given;
    let input = g.input === undefined ? undefined : (shape(g.input.shape) as StructureSchema);
    if (input !== undefined && (g.input!["locationName"] !== undefined || g.input!["xmlNamespace"] !== undefined)) {
      // The shape's own xmlName wins over the operation input reference's locationName.
      const xmlName = input.xmlName ?? (g.input!["locationName"] as string | undefined);
      const xmlNamespace = namespaceOf(g.input!["xmlNamespace"]) ?? input.xmlNamespace;
      input = {
        ...input,
        ...(xmlName === undefined ? {} : { xmlName }),
        ...(xmlNamespace === undefined ? {} : { xmlNamespace }),
      };
    }
    const errors: ErrorSchema[] = (g.errors ?? []).map((e) => {
      const raw = suite.shapes[e.shape]!;
      const ctor = class extends BaseException {
        constructor(init: ExceptionInit) {
          super({ ...init, name: e.shape });
        }
      };
      const info = (raw["error"] ?? {}) as { code?: string; httpStatusCode?: number; senderFault?: boolean };
      return {
        code: info.code ?? e.shape,
        schema: shape(e.shape) as StructureSchema,
        ctor,
        fault: info.senderFault === false ? "server" : "client",
      };
    });
    const op: Record<string, unknown> = {
      name: g.name,
      method: g.http?.method ?? "POST",
      requestUri: g.http?.requestUri ?? "/",
      errors,
    };
    if (input !== undefined) op["input"] = input;
    if (g.output !== undefined) op["output"] = shape(g.output.shape);
    if (typeof g.output?.["resultWrapper"] === "string") op["resultWrapper"] = g.output["resultWrapper"];
    const endpoint = g["endpoint"] as { hostPrefix?: string } | undefined;
    if (endpoint?.hostPrefix !== undefined) op["hostPrefix"] = endpoint.hostPrefix;
    return op as unknown as OperationSchema;
  };
  const facts: ProtocolFacts & { readonly apiVersion: string } = {
    apiVersion: suite.metadata["apiVersion"] as string,
    baseException: BaseException,
  };
  return { operation, facts };
}

// ---- comparisons ---------------------------------------------------------------------------

function formPairs(body: string): string[] {
  return body === ""
    ? []
    : body
        .split("&")
        .map((pair) => decodeURIComponent(pair.replace(/\+/g, " ")))
        .sort();
}

/** An XML tree without its whitespace-only text between elements and with attributes sorted. */
function normalizeXml(element: XmlElement): unknown {
  const attributes = Object.entries(element.attributes).sort(([a], [b]) => a.localeCompare(b));
  return element.children.length > 0
    ? { name: element.name, attributes, children: element.children.map(normalizeXml) }
    : { name: element.name, attributes, text: element.text };
}

/** Output values in the suites' JSON forms: epoch seconds, blobs as text, non-finite floats as words. */
function plain(value: unknown): unknown {
  if (value instanceof Date) return value.getTime() / 1000;
  if (value instanceof Uint8Array) return utf8Decode(value);
  if (typeof value === "number" && !Number.isFinite(value)) return String(value);
  if (Array.isArray(value)) return value.map(plain);
  if (typeof value === "object" && value !== null) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v)]));
  return value;
}

const $metadata: ResponseMetadata = { attempts: 1, totalRetryDelay: 0 };

/** The suite's cases, then the legacy suite's (ids `legacy: <description> #<n>`). */
function loadCases(direction: "input" | "output", protocol: string): Array<{ id: string; suite: RawSuite; c: RawCase }> {
  const cases: Array<{ id: string; suite: RawSuite; c: RawCase }> = [];
  for (const dir of [SUITES, path.join(SUITES, "legacy")]) {
    const suites = JSON.parse(readFileSync(path.join(dir, direction, `${protocol}.json`), "utf8")) as RawSuite[];
    for (const suite of suites) {
      suite.cases.forEach((c, i) => cases.push({ id: c.id ?? `legacy: ${suite.description} #${i}`, suite, c }));
    }
  }
  return cases;
}

afterEach(() => {
  vi.restoreAllMocks();
});

for (const protocol of ["query", "ec2", "rest-xml"]) {
  describe(`${protocol} requests`, () => {
    for (const { id, suite, c } of loadCases("input", protocol)) {
      it.skipIf(SKIPS[id] !== undefined)(id, () => {
        vi.spyOn(crypto, "randomUUID").mockReturnValue("00000000-0000-4000-8000-000000000000");
        const { operation, facts } = converter(suite);
        const op = operation(c);
        const req = PROTOCOLS[protocol]!.serializeRequest(facts, op, c.params ?? {});
        const expected = c.serialized!;
        if (expected.method !== undefined) expect(req.method).toBe(expected.method);
        const [expectedPath, expectedQuery = ""] = expected.uri.split("?", 2) as [string, string?];
        expect(req.path).toBe(expectedPath);
        expect(req.query.map(([k, v]) => (v === "" && !expectedQuery.includes(`${k}=`) ? k : `${k}=${v}`)).sort()).toEqual(
          formPairs(expectedQuery),
        );
        for (const [name, value] of Object.entries(expected.headers ?? {})) {
          const actual = req.headers[name.toLowerCase()];
          if (name.toLowerCase() === "content-type") expect(actual?.split(";")[0]).toBe(value.split(";")[0]);
          else expect(actual).toBe(value);
        }
        for (const name of expected.forbidHeaders ?? []) expect(req.headers[name.toLowerCase()]).toBeUndefined();
        if (expected.host !== undefined && op.hostPrefix !== undefined) expect(expected.host.startsWith(req.hostPrefix ?? "")).toBe(true);
        const body = req.body === undefined ? "" : typeof req.body === "string" ? req.body : utf8Decode(req.body as Uint8Array);
        const expectedBody = expected.body ?? "";
        if (protocol !== "rest-xml") expect(formPairs(body)).toEqual(formPairs(expectedBody));
        else if (expectedBody.trimStart().startsWith("<"))
          expect(normalizeXml(parseXml(body)!)).toEqual(normalizeXml(parseXml(expectedBody)!));
        else expect(body).toBe(expectedBody);
      });
    }
  });

  describe(`${protocol} responses`, () => {
    for (const { id, suite, c } of loadCases("output", protocol)) {
      it.skipIf(SKIPS[id] !== undefined)(id, () => {
        const { operation, facts } = converter(suite);
        const op = operation(c);
        const response = c.response!;
        const res = {
          statusCode: response.status_code,
          headers: Object.fromEntries(Object.entries(response.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v])),
          body: utf8Encode(response.body ?? ""),
        };
        if (c.errorCode !== undefined || c.error !== undefined) {
          const error = PROTOCOLS[protocol]!.deserializeError(facts, op, res, $metadata);
          // The code names the modelled error (its class), or the base exception for unknown codes.
          const modelled = op.errors.find((e) => e.code === c.errorCode);
          if (modelled !== undefined) expect(error).toBeInstanceOf(modelled.ctor);
          else expect(error.name).toBe(c.errorCode);
          if (c.errorMessage !== undefined) expect(error.message).toBe(c.errorMessage);
          const members = Object.fromEntries(
            Object.entries(c.error ?? {}).map(([k]) => [k, plain((error as unknown as Record<string, unknown>)[k])]),
          );
          expect(members).toEqual(c.error ?? {});
          return;
        }
        const out = PROTOCOLS[protocol]!.deserializeOutput(facts, op, res, $metadata);
        expect(plain(out)).toEqual(c.result ?? {});
      });
    }
  });
}
