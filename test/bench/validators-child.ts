// Runs in the validators child process, bundled by esbuild as an application ships code (the
// harness itself runs under a TypeScript loader whose helpers would tax closures in the generated
// code). Checks that svcgen's validators and Ajv give the same verdict on every sample, then times
// both in interleaved rounds. Prints one JSON line.
import { Ajv } from "ajv";
import {
  validateListAccountAssociationsRequest,
  validateListAccountAssociationsResponse,
} from "../../generated/iot-managed-integrations/src/validators.js";

export interface ValidatorOptions {
  readonly rounds: number;
  /** Each timed batch runs about this long. */
  readonly batchMs: number;
  /** Each function first runs about this long untimed, so the JIT has settled before the rounds. */
  readonly warmupMs: number;
}

export interface ValidatorSchemas {
  readonly input: Record<string, unknown>;
  readonly output: Record<string, unknown>;
}

export interface ValidatorResults {
  readonly mismatches: readonly string[];
  readonly inputCases: number;
  readonly outputCases: number;
  /** ops/s per round, per timed sample. */
  readonly samples: Record<string, { svcgen: number[]; ajv: number[] }>;
}

const STATES = ["ASSOCIATION_IN_PROGRESS", "ASSOCIATION_SUCCEEDED", "ASSOCIATION_FAILED", "REFRESH_TOKEN_EXPIRED"];
const ARN_PREFIX = "arn:aws:iotmanagedintegrations:eu-west-1:123456789012:account-association/";
// The shortest prefix the ARN pattern accepts: room for length cases at the model's minimum (67).
const SHORT_ARN_PREFIX = "arn:aws:iotmanagedintegrations:r:1:account-association/";

function item(i: number): Record<string, unknown> {
  const id = `aa${(0x5f3a9c + i * 7919).toString(16)}${i}`;
  return {
    AccountAssociationId: id,
    AssociationState: STATES[i % STATES.length],
    ...(i % 5 === 0 ? { ErrorMessage: "Refresh token expired at the third party" } : {}),
    ConnectorDestinationId: `cd-${(i % 3) + 1}`,
    Name: `Living room hub ${i}`,
    Description: `Association of the living room hub number ${i} with the vendor cloud`,
    Arn: ARN_PREFIX + id,
  };
}

/** A page as it arrives: JSON text, parsed. */
function page(items: Array<Record<string, unknown>>, nextToken?: unknown): unknown {
  return JSON.parse(JSON.stringify(nextToken === undefined ? { Items: items } : { Items: items, NextToken: nextToken })) as unknown;
}

const items50 = (): Array<Record<string, unknown>> => Array.from({ length: 50 }, (_, i) => item(i));
const withLast = (patch: Record<string, unknown>) => {
  const items = items50();
  items[49] = { ...items[49], ...patch };
  return items;
};
const smile = "\u{1F600}";

const VALID_INPUT = { ConnectorDestinationId: "cd-8f14e45f", MaxResults: 50, NextToken: "eyJwYWdlIjoyfQ==" };
const INVALID_INPUT = { ConnectorDestinationId: "cd-8f14e45f", MaxResults: 5000, NextToken: "eyJwYWdlIjoyfQ==" };
const VALID_OUTPUT = page(items50(), "eyJwYWdlIjozfQ==");
// The broken value is in the last item, so both validators walk the whole page before finding it.
const INVALID_OUTPUT = page(
  withLast({ Arn: "arn:aws:iot:eu-west-1:123456789012:account-association/" + "b".repeat(20) }),
  "eyJwYWdlIjozfQ==",
);

/** Samples that pin the semantics on both sides; only the verdicts are compared. */
const INPUT_CASES: ReadonlyArray<readonly [string, unknown]> = [
  ["valid", VALID_INPUT],
  ["range", INVALID_INPUT],
  ["empty", {}],
  ["unknown member", { MaxResult: 5 }],
  ["pattern: no allowed character", { NextToken: "!!!" }],
  ["pattern: unanchored, one allowed character", { NextToken: "!a!" }],
  ["length 0", { NextToken: "" }],
  ["not an integer", { MaxResults: 1.5 }],
  ["string for integer", { MaxResults: "5" }],
  ["null optional member", { ConnectorDestinationId: null }],
  ["40001 code points, 80001 UTF-16 units", { NextToken: "a" + smile.repeat(40_000) }],
  ["70001 code points", { NextToken: "a" + smile.repeat(70_000) }],
  ["not an object", [VALID_INPUT]],
];
const OUTPUT_CASES: ReadonlyArray<readonly [string, unknown]> = [
  ["valid", VALID_OUTPUT],
  ["pattern in last item", INVALID_OUTPUT],
  ["unknown enum value", page(withLast({ AssociationState: "SOMETHING_NEW" }))],
  ["unknown member", page(withLast({ Colour: "red" }))],
  ["optional null", page(withLast({ Name: null }), null)],
  ["Items null", { Items: null }],
  ["required null", page(withLast({ AccountAssociationId: null }))],
  ["required missing", page(withLast({ AssociationState: undefined }))],
  ["null item", page([...items50().slice(0, 49), null as unknown as Record<string, unknown>])],
  ["pattern: unanchored, one allowed character", page(withLast({ Name: "Ünïcödé" }))],
  ["pattern: no allowed character", page(withLast({ Name: "ééé" }))],
  ["length above max", page(withLast({ Name: "n".repeat(129) }))],
  ["Arn 67 code points", page(withLast({ Arn: SHORT_ARN_PREFIX + "a".repeat(67 - SHORT_ARN_PREFIX.length) }))],
  ["Arn 66 code points", page(withLast({ Arn: SHORT_ARN_PREFIX + "a".repeat(66 - SHORT_ARN_PREFIX.length) }))],
  ["Arn 62 code points, 68 UTF-16 units", page(withLast({ Arn: SHORT_ARN_PREFIX + "a" + smile.repeat(6) }))],
  ["number for string", page(withLast({ Description: 5 }))],
];

let sink = 0;

function opsPerSecond(fn: () => void, iterations: number): number {
  const started = process.hrtime.bigint();
  for (let i = 0; i < iterations; i++) fn();
  return iterations / (Number(process.hrtime.bigint() - started) / 1e9);
}

/** How many iterations take about `ms`. */
function calibrate(fn: () => void, ms: number): number {
  let n = 16;
  for (;;) {
    const started = performance.now();
    for (let i = 0; i < n; i++) fn();
    const took = performance.now() - started;
    if (took >= ms) return Math.max(1, Math.round((n * ms) / took));
    n *= 2;
  }
}

export function runValidators(schemas: ValidatorSchemas, options: ValidatorOptions): ValidatorResults {
  const ajv = new Ajv({ allowUnionTypes: true });
  const ajvInput = ajv.compile(schemas.input);
  const ajvOutput = ajv.compile(schemas.output);

  const mismatches: string[] = [];
  const compare = (kind: string, cases: typeof INPUT_CASES, ours: (v: unknown) => readonly unknown[], peer: (v: unknown) => boolean) => {
    for (const [name, sample] of cases) {
      const oursValid = ours(sample).length === 0;
      const peerValid = peer(sample);
      if (oursValid !== peerValid)
        mismatches.push(`${kind} "${name}": svcgen says ${oursValid ? "valid" : "invalid"}, Ajv ${peerValid ? "valid" : "invalid"}`);
    }
  };
  compare("input", INPUT_CASES, validateListAccountAssociationsRequest, (v) => ajvInput(v));
  compare("output", OUTPUT_CASES, validateListAccountAssociationsResponse, (v) => ajvOutput(v));
  if (
    validateListAccountAssociationsRequest(INVALID_INPUT).length === 0 ||
    validateListAccountAssociationsResponse(INVALID_OUTPUT).length === 0
  ) {
    mismatches.push("an invalid timed sample passed");
  }
  const results: ValidatorResults = {
    mismatches,
    inputCases: INPUT_CASES.length,
    outputCases: OUTPUT_CASES.length,
    samples: {},
  };
  if (mismatches.length > 0) return results;

  const timed: ReadonlyArray<readonly [string, () => void, () => void]> = [
    [
      "input.valid",
      () => void (sink += validateListAccountAssociationsRequest(VALID_INPUT).length),
      () => void (sink += ajvInput(VALID_INPUT) ? 1 : 0),
    ],
    [
      "input.invalid",
      () => void (sink += validateListAccountAssociationsRequest(INVALID_INPUT).length),
      () => void (sink += ajvInput(INVALID_INPUT) ? 1 : 0),
    ],
    [
      "output50.valid",
      () => void (sink += validateListAccountAssociationsResponse(VALID_OUTPUT).length),
      () => void (sink += ajvOutput(VALID_OUTPUT) ? 1 : 0),
    ],
    [
      "output50.invalid",
      () => void (sink += validateListAccountAssociationsResponse(INVALID_OUTPUT).length),
      () => void (sink += ajvOutput(INVALID_OUTPUT) ? 1 : 0),
    ],
  ];
  for (const [name, ours, peer] of timed) {
    opsPerSecond(ours, calibrate(ours, options.warmupMs));
    opsPerSecond(peer, calibrate(peer, options.warmupMs));
    const nOurs = calibrate(ours, options.batchMs);
    const nPeer = calibrate(peer, options.batchMs);
    const svcgen: number[] = [];
    const ajvOps: number[] = [];
    for (let r = 0; r < options.rounds; r++) {
      // Alternate which goes first, so neither always runs on a freshly collected heap.
      if (r % 2 === 0) {
        svcgen.push(opsPerSecond(ours, nOurs));
        ajvOps.push(opsPerSecond(peer, nPeer));
      } else {
        ajvOps.push(opsPerSecond(peer, nPeer));
        svcgen.push(opsPerSecond(ours, nOurs));
      }
    }
    results.samples[name] = { svcgen, ajv: ajvOps };
  }
  if (!Number.isFinite(sink)) throw new Error("unreachable: keeps the validators' results alive");
  return results;
}
