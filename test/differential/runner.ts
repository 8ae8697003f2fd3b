// Runs one service's differential comparison: generate svcgen's client from the corpus model,
// load the official client, and send every generated case through both to the capture server.
import path from "node:path";
import { rmSync } from "node:fs";
import { fileURLToPath, pathToFileURL } from "node:url";
import fc from "fast-check";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import { generate, GENERATOR_VERSION } from "../../generator/generate.js";
import type { OperationIR, ServiceIR } from "../../generator/ir/types.js";
import { CORPUS_MODELS, tempDir } from "../helpers.js";
import { Arbitraries, caseArbitrary, UnsatisfiableShape, type Case } from "./arbitraries.js";
import { CaptureServer, type CapturedRequest } from "./capture-server.js";
import { compareOutcomes, outcomeOf, type Difference } from "./compare.js";
import { freezeClock, pinRandomUuid } from "./determinism.js";
import { compareEndpoints, type EndpointComparison } from "./endpoints.js";
import { emptyListHeaders, errorText, judge, missingFromSdkModel, requestDifferences, type Settled } from "./judge.js";
import type { KnownDifference } from "./known-differences.js";
import type { ServiceTarget } from "./services.js";
import { comparePagination, plannedPages, unwalkable, type PageHarness } from "./pages.js";
import { replyFor, type Reply } from "./wire.js";

export const REGION = "us-west-2";
export const CREDENTIALS = {
  accessKeyId: "AKIDEXAMPLE",
  secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
  sessionToken: "session-token-for-differential-tests",
};
/** 2024-03-15T12:34:56Z: any fixed instant will do, as long as both clients see the same one. */
export const CLOCK = Date.UTC(2024, 2, 15, 12, 34, 56);
/** Models written for the comparison, for services the corpus lacks. */
const FIXTURE_MODELS = path.join(path.dirname(fileURLToPath(import.meta.url)), "models");

export interface RunOptions {
  /** Inputs per service (at least one per comparable operation). */
  readonly count: number;
  readonly seed: number;
  /** Only these operations (model names), when given. */
  readonly operations?: readonly string[] | undefined;
  /**
   * With fewer inputs than operations: false compares a seeded sample of `count` operations
   * (quick runs); true (the default) still gives every operation one input.
   */
  readonly everyOperation?: boolean | undefined;
}

export interface Skipped {
  readonly operation: string;
  readonly reason: string;
}

export interface CaseFailure {
  readonly operation: string;
  /** Reproduces the case: the operation's seed and the index among its samples. */
  readonly seed: number;
  readonly index: number;
  readonly input: unknown;
  /** The canned response, as text (for reading a failure). */
  readonly reply: string;
  readonly differences: readonly Difference[];
}

export interface ServiceReport {
  readonly service: string;
  /** Request URLs by each client's own endpoint rules, across partitions, FIPS and dual-stack. */
  readonly endpoints: EndpointComparison;
  operations: number;
  readonly skipped: Skipped[];
  inputs: number;
  /** Inputs with at least one unexplained request difference. */
  requestMismatches: number;
  /** Inputs with at least one unexplained response difference. */
  responseMismatches: number;
  /** Inputs whose Authorization headers were byte-identical. */
  authorizationEqual: number;
  /** Paginators walked to the end over canned pages (each walk counts once in inputs too), and the requests svcgen's walks sent. */
  readonly paginated: { walks: number; requests: number };
  passed: number;
  failed: number;
  /** In how many inputs each known difference explained something. */
  readonly explained: Map<string, { rule: KnownDifference; count: number }>;
  readonly failures: CaseFailure[];
}

type Module = Record<string, unknown>;
type SdkClient = {
  send(command: unknown): Promise<unknown>;
  destroy(): void;
  middlewareStack: { addRelativeTo(middleware: unknown, options: Record<string, unknown>): void };
};
type OurClient = { destroy(): void };
type OurOperation = (client: OurClient, input: unknown) => Promise<unknown>;

async function settle(promise: () => Promise<unknown>): Promise<Settled> {
  try {
    return { ok: true, value: await promise() };
  } catch (error) {
    return { ok: false, error };
  }
}

/** A 32-bit seed per operation, so adding an operation does not change the others' cases. */
function operationSeed(seed: number, operation: string): number {
  let h = (seed >>> 0) ^ 0x811c9dc5;
  for (let i = 0; i < operation.length; i++) h = Math.imul(h ^ operation.charCodeAt(i), 0x01000193) >>> 0;
  return h | 0;
}

/** Why an operation cannot be compared, or undefined when it can. */
function unsupported(ir: ServiceIR, op: OperationIR, sdk: Module): string | undefined {
  if (op.eventStream) return "event stream";
  for (const name of [op.input, op.output]) {
    const shape = name === undefined ? undefined : ir.shapes.get(name);
    if (shape?.kind !== "structure" || shape.payload === undefined) continue;
    const member = shape.members.find((m) => m.name === shape.payload);
    const target = member === undefined ? undefined : ir.shapes.get(member.target);
    if (target !== undefined && target.kind === "blob" && target.streaming) return `streaming payload (${name}.${shape.payload})`;
  }
  if (typeof sdk[`${op.name}Command`] !== "function") return "the official client has no such command (its model is older or newer)";
  return undefined;
}

function payloadOf(ir: ServiceIR, name: string | undefined): string | undefined {
  const shape = name === undefined ? undefined : ir.shapes.get(name);
  return shape?.kind === "structure" ? shape.payload : undefined;
}

/** Error members by error name, for comparing what each client read into an error. */
function errorMembers(ir: ServiceIR): (name: string) => readonly string[] {
  return (name) => {
    const shape = ir.shapes.get(name);
    return shape?.kind === "structure" && shape.exception !== undefined ? shape.members.map((m) => m.name) : [];
  };
}

export async function runService(target: ServiceTarget, options: RunOptions): Promise<ServiceReport> {
  const out = tempDir(`differential-${target.name}`);
  const server = await CaptureServer.start();
  const unfreeze = freezeClock(CLOCK);
  const uuids = pinRandomUuid();
  let sdkClient: SdkClient | undefined;
  let ourClient: OurClient | undefined;
  try {
    const model = target.model.startsWith("fixture:")
      ? path.join(FIXTURE_MODELS, target.model.slice("fixture:".length))
      : path.join(CORPUS_MODELS, target.model);
    const { packages } = await generate({ model, out, format: false });
    const ir = packages[0]!.ir;
    const ours = (await import(pathToFileURL(path.join(out, ir.packageName, "src", "index.ts")).href)) as Module;
    const sdk = (await import(target.sdkPackage)) as Module;
    const config = { region: REGION, endpoint: server.endpoint, credentials: CREDENTIALS, maxAttempts: 1 };
    // HTTP/1.1 for every official client (some default to HTTP/2), like svcgen's and the server's;
    // its endpoint rules pinned to the server, as svcgen has none (see NOT_COMPARED).
    const pinned = new URL(server.endpoint);
    sdkClient = new (sdk[target.sdkClient] as new (c: object) => SdkClient)({
      ...config,
      requestHandler: new NodeHttpHandler(),
      ...(target.rules === undefined ? { endpointProvider: () => ({ url: pinned }) } : target.rules),
    });
    // Both clients pinned the same way for the wire comparison; where each would send a request
    // by its own rules is compared apart (compareEndpoints).
    ourClient = new (ours[ir.names.client] as new (c: object) => OurClient)({
      ...config,
      ...(target.rules === undefined ? { endpointResolver: () => ({ url: server.endpoint }) } : target.rules),
    });
    // The product token is the one signed header that must differ by design: give the official
    // client svcgen's, so equal canonical requests give byte-identical signatures.
    sdkClient.middlewareStack.addRelativeTo(
      (next: (args: { request: { headers: Record<string, string> } }) => Promise<unknown>) =>
        (args: { request: { headers: Record<string, string> } }) => {
          args.request.headers["x-amz-user-agent"] = `svcgen/${GENERATOR_VERSION}`;
          return next(args);
        },
      { relation: "before", toMiddleware: "httpSigningMiddleware", name: "sameProductToken" },
    );

    const skipped: Skipped[] = [];
    const eligible: { op: OperationIR; cases: fc.Arbitrary<Case> }[] = [];
    const inputs = new Arbitraries(ir, "input", target.inputs);
    const outputs = new Arbitraries(ir, "output");
    for (const op of ir.operations) {
      if (options.operations !== undefined && !options.operations.includes(op.name)) continue;
      if (target.operations !== undefined && !target.operations.includes(op.name)) continue;
      const reason = unsupported(ir, op, sdk);
      if (reason !== undefined) {
        skipped.push({ operation: op.name, reason });
        continue;
      }
      eligible.push({ op, cases: caseArbitrary(op, inputs, outputs) });
    }

    const endpoints: EndpointComparison =
      target.noEndpointRules === undefined
        ? await compareEndpoints(
            ir,
            ours,
            sdk,
            target.sdkClient,
            (name) => new (sdk[`${name}Command`] as new (input: unknown) => unknown)({}),
          )
        : { cases: 0, equal: 0, refusedByBoth: 0, mismatches: [], samples: [], notCompared: target.noEndpointRules };
    const report: ServiceReport = {
      service: target.name,
      endpoints,
      operations: eligible.length,
      skipped,
      inputs: 0,
      requestMismatches: 0,
      responseMismatches: 0,
      authorizationEqual: 0,
      paginated: { walks: 0, requests: 0 },
      passed: 0,
      failed: 0,
      explained: new Map(),
      failures: [],
    };
    const memberNames = errorMembers(ir);
    const facts = {
      credentials: CREDENTIALS,
      region: REGION,
      service: ir.signingName,
      date: new Date(CLOCK),
      port: Number(new URL(server.endpoint).port),
    };
    let chosen = eligible;
    if (options.everyOperation === false && options.count < eligible.length) {
      const order = fc.sample(fc.shuffledSubarray(eligible, { minLength: options.count, maxLength: options.count }), {
        seed: options.seed,
        numRuns: 1,
      })[0]!;
      chosen = eligible.filter((e) => order.includes(e));
      report.operations = chosen.length;
    }
    /** Whether the exchange just judged had byte-identical Authorization headers. */
    let authorizationSame = false;
    const perOp = Math.floor(options.count / Math.max(1, chosen.length));
    const extra = options.count % Math.max(1, chosen.length);

    for (const [n, { op, cases }] of chosen.entries()) {
      const seed = operationSeed(options.seed, op.name);
      const runs = Math.max(1, perOp + (n < extra ? 1 : 0));
      let samples: Case[];
      try {
        samples = fc.sample(cases, { seed, numRuns: runs });
      } catch (error) {
        if (!(error instanceof UnsatisfiableShape)) throw error;
        report.skipped.push({ operation: op.name, reason: error.message });
        report.operations--;
        continue;
      }
      const Command = sdk[`${op.name}Command`] as new (input: unknown) => unknown;
      const ourOperation = ours[op.functionName] as OurOperation;
      for (const [index, sample] of samples.entries()) {
        const reply = replyFor(ir, op, sample.reply, `request-${index}`);
        server.reply = reply;
        server.take();
        uuids.restart(index + 1);
        const sdkResult = await settle(() => sdkClient!.send(new Command(structuredClone(sample.input))));
        const sdkSent = server.take();
        uuids.restart(index + 1);
        const ourResult = await settle(() => ourOperation(ourClient!, structuredClone(sample.input)));
        const ourSent = server.take();

        const { unexplained, rulesUsed } = await exchange(op, sample.input, sdkSent, ourSent, sdkResult, ourResult, reply);
        tally(op.name, seed, index, sample.input, reply, unexplained, rulesUsed);
      }

      if (target.paginators !== true || unwalkable(op, sdk) !== undefined) continue;
      // Paginated walks: half as many as single calls (at least one).
      const harness: PageHarness = {
        ir,
        sdk,
        ours,
        sdkClient,
        ourClient,
        server,
        outputs,
        restartIds: () => uuids.restart(walkIds),
        exchange: async (sdkSent, ourSent, sdkResult, ourResult, reply) => {
          const { unexplained, rulesUsed } = await exchange(op, walkInput, sdkSent, ourSent, sdkResult, ourResult, reply);
          for (const rule of rulesUsed) note(rule);
          return unexplained;
        },
      };
      const walks = Math.max(1, Math.floor(runs / 2));
      let walkIds = 1;
      let walkInput: Record<string, unknown> = {};
      for (const [index, sample] of samples.slice(0, walks).entries()) {
        // Two, three, four pages, then one, and round again.
        const pages = plannedPages(op, harness, seed + index, 1 + ((index + 1) % 4));
        walkIds = index + 1;
        walkInput = sample.input;
        const { differences: unexplained, requests } = await comparePagination(op, harness, sample.input, pages);
        report.paginated.walks++;
        report.paginated.requests += requests;
        authorizationSame = false; // counted for single calls only
        tally(`${op.name} (paginator)`, seed, index, sample.input, undefined, unexplained, new Set());
      }
    }
    return report;

    /** One request and result pair compared and judged. */
    async function exchange(
      op: OperationIR,
      input: Record<string, unknown>,
      sdkSent: readonly CapturedRequest[],
      ourSent: readonly CapturedRequest[],
      sdkResult: Settled,
      ourResult: Settled,
      reply: Reply,
    ): Promise<{ unexplained: Difference[]; rulesUsed: Set<KnownDifference> }> {
      const diffs: Difference[] = [];
      diffs.push(...(await requestDifferences(sdkSent, ourSent, sdkResult, ourResult, facts)));
      if (sdkSent[0]?.headers.authorization !== undefined && sdkSent[0].headers.authorization === ourSent[0]?.headers.authorization)
        authorizationSame = true;
      diffs.push(...compareOutcomes(outcomeOf(sdkResult, memberNames), outcomeOf(ourResult, memberNames)));
      return judge(diffs, {
        service: target.name,
        operation: op.name,
        sdkRequest: sdkSent[0],
        ourRequest: ourSent[0],
        missingFromSdkModel: (diff: Difference) => missingFromSdkModel(ir, op, sdk, diff),
        outputPayload: payloadOf(ir, op.output),
        emptyResponseBody: reply.body.length === 0,
        otherRequestDifferencesExplained: false,
        signaturesHold: !diffs.some((d) => d.aspect === "signature"),
        ourRefusal: ourSent.length === 0 && !ourResult.ok ? errorText(ourResult) : undefined,
        emptyListHeaders: emptyListHeaders(ir, op, input),
        inputHas: (member) => input[member] !== undefined,
      });
    }

    function note(rule: KnownDifference): void {
      const seen = report.explained.get(rule.id);
      if (seen === undefined) report.explained.set(rule.id, { rule, count: 1 });
      else seen.count++;
    }

    /** One input's verdict, into the report. */
    function tally(
      operation: string,
      seed: number,
      index: number,
      input: unknown,
      reply: Reply | undefined,
      unexplained: readonly Difference[],
      rulesUsed: ReadonlySet<KnownDifference>,
    ): void {
      for (const rule of rulesUsed) note(rule);
      if (authorizationSame) report.authorizationEqual++;
      authorizationSame = false;
      report.inputs++;
      const requestBad = unexplained.some((d) => d.side === "request");
      const responseBad = unexplained.some((d) => d.side === "response");
      if (requestBad) report.requestMismatches++;
      if (responseBad) report.responseMismatches++;
      if (requestBad || responseBad) {
        report.failed++;
        report.failures.push({
          operation,
          seed,
          index,
          input,
          reply: reply === undefined ? "(pages)" : `${reply.status} ${Buffer.from(reply.body).toString("utf8").slice(0, 4000)}`,
          differences: unexplained,
        });
      } else report.passed++;
    }
  } finally {
    sdkClient?.destroy();
    ourClient?.destroy();
    uuids.restore();
    unfreeze();
    await server.close();
    rmSync(out, { recursive: true, force: true });
  }
}
