// The harness behind test/waiters-differential.test.ts: svcgen's generated DynamoDB waiters and the
// official SDK's, each polling its own loopback server scripted with the same replies, reduced to
// what the two can be compared on: how the wait ended and how many requests it sent.
import { existsSync } from "node:fs";
import path from "node:path";
import type { ServerResponse } from "node:http";
import { generate } from "../../generator/generate.js";
import { CORPUS_MODELS, tempDir } from "../helpers.js";
import { CREDENTIALS, awsError, json, startServer, type TestServer } from "../runtime-fixtures.js";

export const DDB_MODEL = path.join(CORPUS_MODELS, "dynamodb", "2012-08-10");
export const HAVE_DDB_MODEL = existsSync(DDB_MODEL);

/** One scripted reply. */
export type Step = (res: ServerResponse) => void;

export const table =
  (status: string): Step =>
  (res) =>
    json(res, 200, { Table: { TableName: "t", TableStatus: status } });
export const error =
  (code: string, status = 400): Step =>
  (res) =>
    awsError(res, status, code);
export const notFound: Step = error("ResourceNotFoundException");
export const destinations =
  (...statuses: string[]): Step =>
  (res) =>
    json(res, 200, {
      TableName: "t",
      KinesisDataStreamDestinations: statuses.map((s, i) => ({
        StreamArn: `arn:aws:kinesis:us-west-2:1:stream/s${i}`,
        DestinationStatus: s,
      })),
    });

/** How one wait ended, the same shape for both clients. */
export interface Outcome {
  readonly state: "SUCCESS" | "FAILURE" | "TIMEOUT" | "ABORTED" | "THREW";
  /** Requests the server answered. */
  readonly polls: number;
  /** The error name of the last reply when it was an error, else undefined. */
  readonly lastError: string | undefined;
  /** The X-Amz-Target of every request (both clients must call the same operation). */
  readonly targets: readonly string[];
}

export interface Timing {
  readonly minDelay: number;
  readonly maxDelay: number;
  readonly maxWaitTime: number;
}

type AnyFn = (...args: any[]) => any; // eslint-disable-line @typescript-eslint/no-explicit-any

export class WaiterDifferential {
  private constructor(
    private readonly svcgen: Record<string, AnyFn | (new (c: object) => object)>,
    private readonly sdk: Record<string, AnyFn | (new (c: object) => object)>,
    private readonly server: TestServer,
    private steps: readonly Step[],
    private base: number,
  ) {}

  /** Generates the corpus model (`format: false`) into a temp folder and loads both clients. */
  static async start(): Promise<WaiterDifferential> {
    const out = tempDir("waiters-diff");
    await generate({ model: DDB_MODEL, out, format: false });
    const svcgen = (await import(path.join(out, "dynamodb", "src", "index.ts"))) as Record<string, AnyFn>;
    const sdk = (await import("@aws-sdk/client-dynamodb")) as unknown as Record<string, AnyFn>;
    let self: WaiterDifferential | undefined;
    const server = await startServer((_req, res, i) => {
      const s = self!;
      s.steps[Math.min(i - s.base, s.steps.length - 1)]!(res);
    });
    self = new WaiterDifferential(svcgen, sdk, server, [], 0);
    return self;
  }

  async close(): Promise<void> {
    await this.server.close();
  }

  /** Runs one waiter on one side against `steps` (the last step repeats). */
  async run(side: "svcgen" | "sdk", waiter: string, steps: readonly Step[], timing: Timing): Promise<Outcome> {
    this.steps = steps;
    this.base = this.server.requests.length;
    const config = { region: "us-west-2", endpoint: this.server.url, credentials: CREDENTIALS, maxAttempts: 1 };
    const mod = side === "svcgen" ? this.svcgen : this.sdk;
    const Client = mod.DynamoDBClient as new (c: object) => { destroy?: () => void };
    const client = new Client(config);
    const wait = mod[`waitUntil${waiter}`] as AnyFn;
    if (typeof wait !== "function") throw new Error(`${side} has no waitUntil${waiter}`);
    let state: Outcome["state"];
    let reason: unknown;
    try {
      const result = await wait({ client, ...timing }, { TableName: "t" });
      state = result.state;
      reason = result.reason;
    } catch (e) {
      ({ state, reason } = side === "svcgen" ? fromSvcgenError(e) : fromSdkError(e));
    } finally {
      client.destroy?.();
    }
    const requests = this.server.requests.slice(this.base);
    return {
      state,
      polls: requests.length,
      lastError: errorName(reason),
      targets: requests.map((r) => String(r.headers["x-amz-target"])),
    };
  }

  /** Runs the same script through both sides. */
  async both(waiter: string, steps: readonly Step[], timing: Timing): Promise<{ svcgen: Outcome; sdk: Outcome }> {
    const svcgen = await this.run("svcgen", waiter, steps, timing);
    const sdk = await this.run("sdk", waiter, steps, timing);
    return { svcgen, sdk };
  }
}

function errorName(reason: unknown): string | undefined {
  return reason instanceof Error ? reason.name : undefined;
}

/** svcgen throws a WaiterError carrying `.state` and `.reason`. */
function fromSvcgenError(e: unknown): { state: Outcome["state"]; reason: unknown } {
  const { state, reason } = e as { state?: Outcome["state"]; reason?: unknown };
  return state ? { state, reason } : { state: "THREW", reason: e };
}

/**
 * The SDK's checkExceptions throws a plain Error: named TimeoutError / AbortError, or (failure) one
 * whose message is the JSON of `{ state, reason, observedResponses }`.
 */
function fromSdkError(e: unknown): { state: Outcome["state"]; reason: unknown } {
  if (!(e instanceof Error)) return { state: "THREW", reason: e };
  if (e.name === "TimeoutError") return { state: "TIMEOUT", reason: undefined };
  if (e.name === "AbortError") return { state: "ABORTED", reason: undefined };
  try {
    const parsed = JSON.parse(e.message) as { state?: string; reason?: { name?: string } };
    if (parsed.state === "FAILURE") {
      const reason = parsed.reason?.name ? Object.assign(new Error(), { name: parsed.reason.name }) : parsed.reason;
      return { state: "FAILURE", reason };
    }
  } catch {
    // not the waiter's JSON message
  }
  return { state: "THREW", reason: e };
}
