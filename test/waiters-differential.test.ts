// svcgen's generated waiters against the official AWS SDK v3 waiters (@aws-sdk/client-dynamodb),
// on the corpus's DynamoDB model: both poll a loopback server scripted with the same replies, and
// must end in the same state after the same number of requests, wherever the waiter spec and the
// SDK agree. The one deliberate difference (an error no acceptor matches) has its own test below.
//
// The SDK takes delays in seconds and accepts fractions (it only checks they are > 0 and that
// maxWaitTime > minDelay), so both sides run with millisecond delays; minDelay == maxDelay makes
// both backoffs deterministic (each sleep is exactly minDelay).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HAVE_DDB_MODEL, WaiterDifferential, destinations, error, notFound, table, type Step } from "./differential/waiters.js";
import { json } from "./runtime-fixtures.js";

const fast = { minDelay: 0.005, maxDelay: 0.005, maxWaitTime: 5 };
const insights =
  (status: string): Step =>
  (res) =>
    json(res, 200, { TableName: "t", ContributorInsightsStatus: status });

let diff: WaiterDifferential;

beforeAll(async () => {
  if (HAVE_DDB_MODEL) diff = await WaiterDifferential.start();
});

afterAll(async () => {
  await diff?.close();
});

interface Case {
  readonly name: string;
  readonly waiter: string;
  readonly steps: readonly Step[];
  readonly state: "SUCCESS" | "FAILURE";
  readonly polls: number;
  readonly lastError?: string;
  readonly target: string;
}

const DESCRIBE_TABLE = "DynamoDB_20120810.DescribeTable";

const CASES: Case[] = [
  {
    name: "TableExists: CREATING, CREATING, ACTIVE",
    waiter: "TableExists",
    steps: [table("CREATING"), table("CREATING"), table("ACTIVE")],
    state: "SUCCESS",
    polls: 3,
    target: DESCRIBE_TABLE,
  },
  {
    name: "TableExists: retries on ResourceNotFoundException, then ACTIVE",
    waiter: "TableExists",
    steps: [notFound, notFound, table("ACTIVE")],
    state: "SUCCESS",
    polls: 3,
    target: DESCRIBE_TABLE,
  },
  {
    name: "TableExists: ACTIVE at once",
    waiter: "TableExists",
    steps: [table("ACTIVE")],
    state: "SUCCESS",
    polls: 1,
    target: DESCRIBE_TABLE,
  },
  {
    name: "TableNotExists: succeeds on ResourceNotFoundException",
    waiter: "TableNotExists",
    steps: [notFound],
    state: "SUCCESS",
    polls: 1,
    lastError: "ResourceNotFoundException",
    target: DESCRIBE_TABLE,
  },
  {
    name: "TableNotExists: retries while the table answers, then not found",
    waiter: "TableNotExists",
    steps: [table("ACTIVE"), table("DELETING"), notFound],
    state: "SUCCESS",
    polls: 3,
    lastError: "ResourceNotFoundException",
    target: DESCRIBE_TABLE,
  },
  {
    name: "KinesisStreamingDestinationActive (pathAny): none, then one ACTIVE among others",
    waiter: "KinesisStreamingDestinationActive",
    steps: [destinations(), destinations("ENABLING"), destinations("DISABLED", "ACTIVE")],
    state: "SUCCESS",
    polls: 3,
    target: "DynamoDB_20120810.DescribeKinesisStreamingDestination",
  },
  {
    name: "KinesisStreamingDestinationActive: every destination failed is a failure",
    waiter: "KinesisStreamingDestinationActive",
    steps: [destinations("ENABLING", "DISABLED"), destinations("ENABLE_FAILED", "DISABLED")],
    state: "FAILURE",
    polls: 2,
    target: "DynamoDB_20120810.DescribeKinesisStreamingDestination",
  },
  {
    name: "ContributorInsightsEnabled (path failure): ENABLING, FAILED",
    waiter: "ContributorInsightsEnabled",
    steps: [insights("ENABLING"), insights("FAILED")],
    state: "FAILURE",
    polls: 2,
    target: "DynamoDB_20120810.DescribeContributorInsights",
  },
];

describe.skipIf(!HAVE_DDB_MODEL)("generated waiters agree with the AWS SDK v3 waiters", () => {
  for (const c of CASES) {
    it(c.name, async () => {
      const { svcgen, sdk } = await diff.both(c.waiter, c.steps, fast);
      // Each side against the expectation first, so a failure says which side went wrong.
      expect(sdk, "sdk").toMatchObject({ state: c.state, polls: c.polls });
      expect(svcgen, "svcgen").toMatchObject({ state: c.state, polls: c.polls });
      expect(svcgen).toEqual(sdk);
      expect(new Set(svcgen.targets)).toEqual(new Set([c.target]));
      if (c.lastError) expect(svcgen.lastError).toBe(c.lastError);
    });
  }

  it("both time out while the table stays CREATING", async () => {
    const timing = { minDelay: 0.02, maxDelay: 0.02, maxWaitTime: 0.2 };
    const started = Date.now();
    const svcgen = await diff.run("svcgen", "TableExists", [table("CREATING")], timing);
    const svcgenTook = Date.now() - started;
    const sdk = await diff.run("sdk", "TableExists", [table("CREATING")], timing);
    expect(svcgen.state).toBe("TIMEOUT");
    expect(sdk.state).toBe("TIMEOUT");
    // svcgen stops at its deadline: well before a waiter that ignored it (one more 20 ms sleep and
    // request at most, with room for a loaded machine).
    expect(svcgenTook).toBeLessThan(200 + 800);
    // The counts are not compared: when the next full sleep would overshoot, svcgen stops, while
    // the SDK shortens the sleep to fit what is left (less 0.5 s, floored at 0) and keeps polling
    // up to the deadline; how many polls fit in 0.2 s is the machine's, not the waiter's.
    expect(svcgen.polls).toBeGreaterThan(1);
    expect(sdk.polls).toBeGreaterThan(1);
  });
});

describe.skipIf(!HAVE_DDB_MODEL)("the deliberate difference: an error no acceptor matches", () => {
  // The waiter spec says an error that matches no acceptor ends the wait in failure; the SDK's
  // generated checkState returns RETRY for it, and keeps polling until the deadline.
  it("svcgen fails at once, the SDK retries (and here then succeeds)", async () => {
    const steps = [error("ValidationException"), table("ACTIVE")];
    const { svcgen, sdk } = await diff.both("TableExists", steps, fast);
    expect(svcgen).toMatchObject({ state: "FAILURE", polls: 1, lastError: "ValidationException" });
    expect(sdk).toMatchObject({ state: "SUCCESS", polls: 2 });
  });

  it("with the error repeating, svcgen fails after one request, the SDK polls until it times out", async () => {
    // A whole second of waiting, so that even a loaded machine fits several SDK polls in it.
    const timing = { minDelay: 0.01, maxDelay: 0.01, maxWaitTime: 1 };
    const steps = [error("InternalServerError", 500)];
    const svcgen = await diff.run("svcgen", "TableNotExists", steps, timing);
    const sdk = await diff.run("sdk", "TableNotExists", steps, timing);
    expect(svcgen).toMatchObject({ state: "FAILURE", polls: 1, lastError: "InternalServerError" });
    expect(sdk.state).toBe("TIMEOUT");
    expect(sdk.polls).toBeGreaterThan(1);
  });
});
