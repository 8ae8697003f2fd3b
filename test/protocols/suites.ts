// The published protocol compliance suites, read as data: which files and cases apply to the
// protocols svcgen generates, why a case is skipped, and how one case becomes a whole model.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { SUPPORTED_PROTOCOLS } from "../../generator/ir/protocol.js";
import { SHARED } from "../helpers.js";

export const SUITES_DIR = process.env["PROTOCOL_TESTS_DIR"] ?? path.join(SHARED, "corpus", "botocore", "protocol-tests");

export interface RawRef {
  shape: string;
  [trait: string]: unknown;
}
export interface RawShape {
  type: string;
  members?: Record<string, RawRef>;
  member?: RawRef;
  key?: RawRef;
  value?: RawRef;
  eventstream?: boolean;
  error?: { code?: string };
  [trait: string]: unknown;
}
export interface RawGiven {
  name: string;
  http?: { method: string; requestUri?: string; responseCode?: number };
  input?: RawRef;
  output?: RawRef;
  errors?: RawRef[];
  [trait: string]: unknown;
}
export interface RawCase {
  id?: string;
  given: RawGiven;
  params?: Record<string, unknown>;
  serialized?: {
    method?: string;
    uri: string;
    body?: string;
    headers?: Record<string, string>;
    forbidHeaders?: string[];
    requireHeaders?: string[];
    host?: string;
  };
  response?: { status_code: number; headers?: Record<string, string>; body?: string };
  result?: Record<string, unknown>;
  error?: Record<string, unknown>;
  errorCode?: string;
  errorMessage?: string;
}
export interface RawSuite {
  description: string;
  clientEndpoint?: string;
  metadata: Record<string, unknown> & { protocol: string };
  shapes: Record<string, RawShape>;
  cases: RawCase[];
}

export interface SuiteCase {
  /** `input/rest-json.json`, `legacy/output/json.json`, ... */
  readonly file: string;
  readonly direction: "input" | "output";
  /** The protocol key of the ignore list (the file name): rest-json, json, json_1_0, query, ... */
  readonly protocolKey: string;
  /** The case's own id, or its place in the file for suites that have none. */
  readonly id: string;
  readonly suite: RawSuite;
  readonly testCase: RawCase;
  /** Why the case does not run, when it does not. */
  readonly skip: string | undefined;
}

/**
 * The suite files' protocol keys (file names without `.json`) in the order they run: the JSON
 * protocols first, then XML and query, then rpc-v2-cbor; any other file found follows (its cases
 * skipped when svcgen does not support its protocol).
 */
export const PROTOCOL_KEYS = [
  "rest-json",
  "json",
  "json_1_0",
  "json_1_0-query-compatible",
  "query",
  "ec2",
  "rest-xml",
  "smithy-rpc-v2-cbor",
  "smithy-rpc-v2-cbor-query-compatible",
  "smithy-rpc-v2-cbor-non-query-compatible",
] as const;

/** The suite files in one folder (`input/`, `legacy/output/`...), known protocols first. */
function suiteFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const found = readdirSync(dir)
    .filter((f) => f.endsWith(".json"))
    .map((f) => f.slice(0, -".json".length));
  const known: readonly string[] = PROTOCOL_KEYS;
  return [...known.filter((k) => found.includes(k)), ...found.filter((k) => !known.includes(k)).sort()];
}

/** Cases svcgen does not pass that the ignore list does not name, by id, and why. */
export const KNOWN_GAPS: Readonly<Record<string, string>> = {
  "legacy/input/rest-xml.json#21.1 Endpoint host trait":
    "the case puts an XML body on a GET, which the fetch this runner records requests through refuses to send (the client fails before sending); the node transport sends it (test/runtime-json-rules.test.ts)",
};

interface IgnoreList {
  general?: { input?: { suites?: string[] } };
  protocols?: Record<string, { input?: { cases?: string[] }; output?: { cases?: string[] } }>;
}

function usesEventStream(suite: RawSuite, given: RawGiven): boolean {
  const seen = new Set<string>();
  const visit = (name: string): boolean => {
    if (seen.has(name)) return false;
    seen.add(name);
    const shape = suite.shapes[name];
    if (shape === undefined) return false;
    if (shape.eventstream === true) return true;
    const refs = [shape.member, shape.key, shape.value, ...Object.values(shape.members ?? {})];
    return refs.some((ref) => ref !== undefined && visit(ref.shape));
  };
  return [given.input, given.output].some((ref) => ref !== undefined && visit(ref.shape));
}

/** Every case of every suite file under `dir`, in file order; those of unsupported protocols are skipped. */
export function listCases(dir = SUITES_DIR): SuiteCase[] {
  const ignoreFile = path.join(dir, "protocol-tests-ignore-list.json");
  const ignore: IgnoreList = existsSync(ignoreFile) ? (JSON.parse(readFileSync(ignoreFile, "utf8")) as IgnoreList) : {};
  const out: SuiteCase[] = [];
  for (const prefix of ["", "legacy/"]) {
    for (const direction of ["input", "output"] as const) {
      for (const protocolKey of suiteFiles(path.join(dir, prefix, direction))) {
        const file = `${prefix}${direction}/${protocolKey}.json`;
        const suites = JSON.parse(readFileSync(path.join(dir, file), "utf8")) as RawSuite[];
        suites.forEach((suite, s) =>
          suite.cases.forEach((testCase, c) => {
            const id = testCase.id ?? `${file}#${s}.${c} ${suite.description}`;
            let skip: string | undefined;
            if (!SUPPORTED_PROTOCOLS.has(suite.metadata.protocol)) {
              skip = `${suite.metadata.protocol}: not supported yet`;
            } else if (direction === "input" && ignore.general?.input?.suites?.includes(suite.description)) {
              skip = `the whole suite "${suite.description}" is on the ignore list`;
            } else if (testCase.id !== undefined && ignore.protocols?.[protocolKey]?.[direction]?.cases?.includes(testCase.id)) {
              skip = "on the ignore list";
            } else if (KNOWN_GAPS[id] !== undefined) {
              skip = KNOWN_GAPS[id];
            } else if (usesEventStream(suite, testCase.given)) {
              skip = "event streams: test/eventstream-suites.test.ts runs these cases through generated clients (their bodies are binary)";
            }
            out.push({ file, direction, protocolKey, id, suite, testCase, skip });
          }),
        );
      }
    }
  }
  return out;
}

/**
 * The sample `npm test` runs (`npm run test:protocols -- --sample`): every case that is skipped
 * (so the skips are still reported), and of the others the 1st, (every+1)th, ... of each suite
 * file, so every protocol, direction and the legacy suites take part.
 */
export function sampleCases(cases: readonly SuiteCase[], every = 12): SuiteCase[] {
  const seen = new Map<string, number>();
  return cases.filter((c) => {
    if (c.skip !== undefined) return true;
    const n = seen.get(c.file) ?? 0;
    seen.set(c.file, n + 1);
    return n % every === 0;
  });
}

/**
 * One case as a complete botocore-form model with the case's operation as its only one. The
 * suites leave out what their own runner never reads (names, a json service's target prefix, the
 * http binding of an output-only or json case): those get neutral values here.
 */
export function caseModel(c: SuiteCase): Record<string, unknown> {
  const { metadata } = c.suite;
  const given = c.testCase.given;
  return {
    version: "2.0",
    metadata: {
      apiVersion: "2020-01-01",
      endpointPrefix: "suite",
      signingName: "suite",
      signatureVersion: "v4",
      serviceId: "Suite",
      ...(metadata.protocol === "json" ? { targetPrefix: "Suite" } : {}),
      ...metadata,
    },
    operations: { [given.name]: { ...given, http: { method: "POST", requestUri: "/", ...given.http } } },
    shapes: c.suite.shapes,
  };
}

/** Suite params give timestamps as epoch seconds, blobs as text and non-finite floats as words. */
export function toInput(shapes: Record<string, RawShape>, shapeName: string, value: unknown): unknown {
  if (value === null || value === undefined) return value;
  const shape = shapes[shapeName];
  if (shape === undefined) return value;
  switch (shape.type) {
    case "structure": {
      if (shape["document"] === true || typeof value !== "object") return value;
      const out: Record<string, unknown> = {};
      for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
        const member = shape.members?.[key];
        out[key] = member === undefined ? item : toInput(shapes, member.shape, item);
      }
      return out;
    }
    case "list":
      return Array.isArray(value) ? value.map((item) => toInput(shapes, shape.member!.shape, item)) : value;
    case "map":
      return Object.fromEntries(
        Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, toInput(shapes, shape.value!.shape, v)]),
      );
    case "timestamp":
      return typeof value === "number" ? new Date(value * 1000) : value;
    case "blob":
      return typeof value === "string" ? new TextEncoder().encode(value) : value;
    case "float":
    case "double":
      return typeof value === "string" ? Number(value) : value;
    default:
      return value;
  }
}

/** Values handed back by a client, in the suites' form: dates as epoch seconds, bytes as text. */
export function normalise(value: unknown): unknown {
  if (value instanceof Date) return value.getTime() / 1000;
  if (value instanceof Uint8Array) return new TextDecoder().decode(value);
  if (typeof value === "number" && !Number.isFinite(value)) return String(value);
  if (Array.isArray(value)) return value.map(normalise);
  if (typeof value === "object" && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) if (item !== undefined && key !== "$metadata") out[key] = normalise(item);
    return out;
  }
  return value;
}
