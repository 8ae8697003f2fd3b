// Runs the published protocol compliance suites (rest-json, awsJson 1.1 and 1.0, and the
// query-compatible awsJson 1.0 suite) against the runtime's serialiser and parsers. The suites
// describe shapes in the botocore model form; a small throwaway converter below turns them into
// the schema constants the generator emits.
import { existsSync, readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { ServiceException } from "../generator/runtime/errors.js";
import type { ExceptionInit, ResponseMetadata } from "../generator/runtime/errors.js";
import { utf8Decode, utf8Encode } from "../generator/runtime/codecs.js";
import {
  deserializeError,
  deserializeOutput,
  serializeRequest,
} from "../generator/runtime/protocol.js";
import type { HttpResponseParts } from "../generator/runtime/protocol.js";
import { resolveSchema } from "../generator/runtime/schema.js";
import type {
  ErrorSchema,
  MemberSchema,
  OperationSchema,
  ScalarType,
  Schema,
  SchemaRef,
  ServiceSchema,
  StructureSchema,
  TimestampFormat,
} from "../generator/runtime/schema.js";

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const suitesDir =
  process.env["PROTOCOL_TESTS_DIR"] ??
  resolve(repoRoot, "../shared/corpus/botocore/protocol-tests");

// ---- the suite files' form --------------------------------------------------------------------

interface RawRef {
  shape: string;
}
interface RawMember extends RawRef {
  location?: string;
  locationName?: string;
  jsonvalue?: boolean;
  idempotencyToken?: boolean;
  hostLabel?: boolean;
}
interface RawShape {
  type: string;
  members?: Record<string, RawMember>;
  member?: RawRef;
  key?: RawRef;
  value?: RawRef;
  payload?: string;
  union?: boolean;
  document?: boolean;
  timestampFormat?: string;
  streaming?: boolean;
  eventstream?: boolean;
  exception?: boolean;
  fault?: boolean;
  error?: { code?: string; httpStatusCode?: number; senderFault?: boolean };
}
interface RawGiven {
  name: string;
  http: { method: string; requestUri: string; responseCode?: number };
  input?: RawRef;
  output?: RawRef;
  errors?: RawRef[];
  endpoint?: { hostPrefix?: string };
}
interface RawCase {
  id: string;
  given: RawGiven;
  params?: Record<string, unknown>;
  serialized?: {
    method: string;
    uri: string;
    body?: string;
    headers?: Record<string, string>;
    forbidHeaders?: string[];
    host?: string;
  };
  response?: { status_code: number; headers?: Record<string, string>; body?: string };
  result?: Record<string, unknown>;
  error?: Record<string, unknown>;
  errorCode?: string;
  errorMessage?: string;
}
interface RawSuite {
  description: string;
  metadata: {
    protocol: string;
    apiVersion: string;
    jsonVersion?: string;
    targetPrefix?: string;
    awsQueryCompatible?: object;
  };
  shapes: Record<string, RawShape>;
  cases: RawCase[];
}
interface IgnoreList {
  general: { input: { suites: string[] } };
  protocols: Record<string, { input?: { cases?: string[] }; output?: { cases?: string[] } }>;
}

// ---- the converter ----------------------------------------------------------------------------

const SCALARS = new Set<string>([
  "string",
  "boolean",
  "byte",
  "short",
  "integer",
  "long",
  "float",
  "double",
  "bigInteger",
  "bigDecimal",
  "timestamp",
  "blob",
]);

function converter(shapes: Record<string, RawShape>) {
  const cache = new Map<string, Schema>();
  const shapeOf = (name: string): RawShape => {
    const shape = shapes[name];
    if (shape === undefined) throw new Error(`suite refers to unknown shape ${name}`);
    return shape;
  };
  // Structures are referred to through thunks, as the generator does for recursive shapes.
  const ref = (name: string): SchemaRef =>
    shapeOf(name).type === "structure" ? () => schemaOf(name) : schemaOf(name);
  const memberOf = (raw: RawMember): MemberSchema => ({
    target: raw.jsonvalue ? { type: "string", jsonvalue: true } : ref(raw.shape),
    ...(raw.location === undefined
      ? {}
      : { location: raw.location as NonNullable<MemberSchema["location"]> }),
    ...(raw.locationName === undefined ? {} : { locationName: raw.locationName }),
    ...(raw.idempotencyToken ? { idempotencyToken: true as const } : {}),
    ...(raw.hostLabel ? { hostLabel: true as const } : {}),
  });
  function schemaOf(name: string): Schema {
    const cached = cache.get(name);
    if (cached !== undefined) return cached;
    const shape = shapeOf(name);
    let schema: Schema;
    switch (shape.type) {
      case "structure": {
        if (shape.document) {
          schema = "document";
          break;
        }
        const members: Record<string, MemberSchema> = {};
        const structure: StructureSchema = {
          type: "structure",
          name,
          members,
          ...(shape.payload === undefined ? {} : { payload: shape.payload }),
          ...(shape.union ? { union: true as const } : {}),
        };
        cache.set(name, structure);
        for (const [memberName, raw] of Object.entries(shape.members ?? {}))
          members[memberName] = memberOf(raw);
        return structure;
      }
      case "list":
        schema = { type: "list", member: ref(shape.member!.shape) };
        break;
      case "map":
        schema = { type: "map", key: ref(shape.key!.shape), value: ref(shape.value!.shape) };
        break;
      case "timestamp":
        schema =
          shape.timestampFormat === undefined
            ? "timestamp"
            : { type: "timestamp", format: shape.timestampFormat as TimestampFormat };
        break;
      case "blob":
        schema = shape.streaming ? { type: "blob", streaming: true } : "blob";
        break;
      default:
        if (!SCALARS.has(shape.type)) throw new Error(`unsupported shape type ${shape.type}`);
        schema = shape.type as ScalarType;
    }
    cache.set(name, schema);
    return schema;
  }
  return { schemaOf, shapeOf };
}

class SuiteServiceException extends ServiceException {
  constructor(init: ExceptionInit) {
    super({ ...init, name: init.name ?? "SuiteServiceException" });
  }
}

function buildOperation(
  suite: RawSuite,
  given: RawGiven,
): { service: ServiceSchema; op: OperationSchema } {
  const { schemaOf, shapeOf } = converter(suite.shapes);
  const structure = (ref: RawRef | undefined): StructureSchema | undefined => {
    if (ref === undefined) return undefined;
    const schema = schemaOf(ref.shape);
    if (typeof schema !== "object" || schema.type !== "structure")
      throw new Error(`${ref.shape} is not a structure`);
    return schema;
  };
  const errors: ErrorSchema[] = (given.errors ?? []).map(({ shape }) => {
    const raw = shapeOf(shape);
    // Named the way generated error classes name themselves.
    const ctor = class extends SuiteServiceException {
      constructor(init: ExceptionInit) {
        super({ ...init, name: shape });
      }
    };
    return {
      code: raw.error?.code ?? shape,
      schema: structure({ shape })!,
      ctor,
      fault: raw.fault ? "server" : "client",
      ...(raw.error?.httpStatusCode === undefined
        ? {}
        : { httpStatusCode: raw.error.httpStatusCode }),
    };
  });
  const input = structure(given.input);
  const output = structure(given.output);
  const op: OperationSchema = {
    name: given.name,
    method: given.http.method,
    requestUri: given.http.requestUri,
    errors,
    ...(given.http.responseCode === undefined ? {} : { responseCode: given.http.responseCode }),
    ...(given.endpoint?.hostPrefix === undefined ? {} : { hostPrefix: given.endpoint.hostPrefix }),
    ...(input === undefined ? {} : { input }),
    ...(output === undefined ? {} : { output }),
  };
  const meta = suite.metadata;
  const service: ServiceSchema = {
    serviceId: "Suite",
    apiVersion: meta.apiVersion,
    protocol: meta.protocol === "json" ? "json" : "rest-json",
    signingName: "suite",
    endpointPrefix: "suite",
    baseException: SuiteServiceException,
    ...(meta.jsonVersion === undefined ? {} : { jsonVersion: meta.jsonVersion }),
    ...(meta.targetPrefix === undefined ? {} : { targetPrefix: meta.targetPrefix }),
    ...(meta.awsQueryCompatible === undefined ? {} : { awsQueryCompatible: true as const }),
  };
  return { service, op };
}

// ---- values: suite form ⇄ runtime form ---------------------------------------------------------

/** Suite params give timestamps as epoch seconds, blobs as text and non-finite floats as words. */
function toInput(schema: Schema, value: unknown): unknown {
  if (value === null || value === undefined) return value;
  const type = typeof schema === "string" ? schema : schema.type;
  if (typeof schema === "object" && schema.type === "structure") {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
      const member = schema.members[key];
      out[key] = member === undefined ? item : toInput(resolveSchema(member.target), item);
    }
    return out;
  }
  if (typeof schema === "object" && schema.type === "list") {
    const itemSchema = resolveSchema(schema.member);
    return (value as unknown[]).map((item) => toInput(itemSchema, item));
  }
  if (typeof schema === "object" && schema.type === "map") {
    const valueSchema = resolveSchema(schema.value);
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>).map(([k, v]) => [
        k,
        toInput(valueSchema, v),
      ]),
    );
  }
  if (type === "timestamp" && typeof value === "number") return new Date(value * 1000);
  if (type === "blob" && typeof value === "string") return utf8Encode(value);
  if ((type === "float" || type === "double") && typeof value === "string") return Number(value);
  return value;
}

/** Runtime values in the suites' form: dates as epoch seconds, bytes as text, NaN as a word. */
function normalise(value: unknown): unknown {
  if (value instanceof Date) return value.getTime() / 1000;
  if (value instanceof Uint8Array) return utf8Decode(value);
  if (typeof value === "number" && !Number.isFinite(value)) return String(value);
  if (Array.isArray(value)) return value.map(normalise);
  if (typeof value === "object" && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value))
      if (item !== undefined) out[key] = normalise(item);
    return out;
  }
  return value;
}

function queryPairs(query: string): string[] {
  if (query === "") return [];
  return query
    .split("&")
    .map((part) => {
      const eq = part.indexOf("=");
      const key = decodeURIComponent(eq === -1 ? part : part.slice(0, eq));
      const value = eq === -1 ? "" : decodeURIComponent(part.slice(eq + 1));
      return JSON.stringify([key, value]);
    })
    .sort();
}

function lowerCaseKeys(headers: Record<string, string> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    const key = name.toLowerCase();
    out[key] = out[key] === undefined ? value : `${out[key]}, ${value}`;
  }
  return out;
}

const metadata: ResponseMetadata = { httpStatusCode: 200, attempts: 1, totalRetryDelay: 0 };

function responseOf(raw: NonNullable<RawCase["response"]>): HttpResponseParts {
  return {
    statusCode: raw.status_code,
    headers: lowerCaseKeys(raw.headers),
    body: utf8Encode(raw.body ?? ""),
  };
}

// ---- the checks -------------------------------------------------------------------------------

function checkInput(suite: RawSuite, testCase: RawCase): void {
  const { service, op } = buildOperation(suite, testCase.given);
  const params =
    op.input === undefined
      ? {}
      : (toInput(op.input, testCase.params ?? {}) as Record<string, unknown>);
  const request = serializeRequest(service, op, params);
  const expected = testCase.serialized!;

  expect(request.method).toBe(expected.method);
  const queryStart = expected.uri.indexOf("?");
  expect(request.path).toBe(queryStart === -1 ? expected.uri : expected.uri.slice(0, queryStart));
  expect(request.query.map((pair) => JSON.stringify(pair)).sort()).toEqual(
    queryPairs(queryStart === -1 ? "" : expected.uri.slice(queryStart + 1)),
  );
  for (const [name, value] of Object.entries(lowerCaseKeys(expected.headers))) {
    expect(request.headers[name], `header ${name}`).toBe(value);
  }
  for (const name of expected.forbidHeaders ?? []) {
    expect(request.headers[name.toLowerCase()], `forbidden header ${name}`).toBeUndefined();
  }
  if (expected.host !== undefined)
    expect((request.hostPrefix ?? "") + "example.com").toBe(expected.host);
  if (expected.body !== undefined) {
    const body =
      request.body === undefined
        ? ""
        : typeof request.body === "string"
          ? request.body
          : utf8Decode(request.body);
    if (expected.body === "") {
      expect(body).toBe("");
    } else if ((request.headers["content-type"] ?? "").includes("json")) {
      expect(JSON.parse(body)).toEqual(JSON.parse(expected.body));
    } else {
      expect(body).toBe(expected.body);
    }
  }
}

function checkOutput(suite: RawSuite, testCase: RawCase): void {
  const { service, op } = buildOperation(suite, testCase.given);
  const response = responseOf(testCase.response!);
  if (testCase.errorCode === undefined) {
    const output = deserializeOutput(service, op, response, metadata);
    expect(normalise(output)).toEqual(testCase.result ?? {});
    return;
  }
  const error = deserializeError(service, op, response, metadata);
  const modelled = op.errors.find((candidate) => error instanceof candidate.ctor);
  expect(modelled?.code ?? error.name).toBe(testCase.errorCode);
  if (modelled !== undefined) expect(error.name).toBe(modelled.schema.name);
  if (testCase.errorMessage !== undefined) expect(error.message).toBe(testCase.errorMessage);
  const expectedMembers = testCase.error ?? {};
  const record = error as unknown as Record<string, unknown>;
  for (const [key, value] of Object.entries(expectedMembers)) {
    expect(normalise(key === "message" ? error.message : record[key]), `member ${key}`).toEqual(
      value,
    );
  }
  const extra = Object.keys(record).filter(
    (key) => !["$fault", "$metadata", "name"].includes(key) && !(key in expectedMembers),
  );
  expect(extra).toEqual([]);
}

// ---- which cases run ----------------------------------------------------------------------------

function usesEventStream(suite: RawSuite, given: RawGiven): boolean {
  const seen = new Set<string>();
  const visit = (name: string): boolean => {
    if (seen.has(name)) return false;
    seen.add(name);
    const shape = suite.shapes[name];
    if (shape === undefined) return false;
    if (shape.eventstream) return true;
    const refs = [shape.member, shape.key, shape.value, ...Object.values(shape.members ?? {})];
    return refs.some((ref) => ref !== undefined && visit(ref.shape));
  };
  return [given.input, given.output].some((ref) => ref !== undefined && visit(ref.shape));
}

const available = existsSync(resolve(suitesDir, "input/rest-json.json"));
const ignoreList: IgnoreList | undefined = available
  ? (JSON.parse(
      readFileSync(resolve(suitesDir, "protocol-tests-ignore-list.json"), "utf8"),
    ) as IgnoreList)
  : undefined;

function skipReason(
  protocolKey: string,
  direction: "input" | "output",
  suite: RawSuite,
  testCase: RawCase,
): string | undefined {
  if (direction === "input" && ignoreList?.general.input.suites.includes(suite.description)) {
    return "whole suite on the ignore list (request compression, checksums, host paths or token autofill)";
  }
  if (ignoreList?.protocols[protocolKey]?.[direction]?.cases?.includes(testCase.id))
    return "on the ignore list";
  if (usesEventStream(suite, testCase.given)) return "event streams are not supported";
  return undefined;
}

const SUITES = ["rest-json", "json", "json_1_0", "json_1_0-query-compatible"] as const;

describe.skipIf(!available)("protocol compliance suites", () => {
  for (const protocolKey of SUITES) {
    for (const direction of ["input", "output"] as const) {
      const file = resolve(suitesDir, direction, `${protocolKey}.json`);
      if (!existsSync(file)) continue;
      const suites = JSON.parse(readFileSync(file, "utf8")) as RawSuite[];
      describe(`${direction}/${protocolKey}`, () => {
        for (const suite of suites) {
          for (const testCase of suite.cases) {
            const reason = skipReason(protocolKey, direction, suite, testCase);
            if (reason !== undefined) {
              it.skip(`${testCase.id} (skipped: ${reason})`, () => {});
              continue;
            }
            it(testCase.id, () =>
              direction === "input" ? checkInput(suite, testCase) : checkOutput(suite, testCase),
            );
          }
        }
      });
    }
  }
});
