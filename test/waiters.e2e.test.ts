// Generated waiters against a loopback server on 127.0.0.1: the corpus's DynamoDB model (its own
// TableExists / TableNotExists / ContributorInsightsEnabled waiters, plus a status-matcher waiter
// added here), generated in process, its waiters driven through retry, success, failure, an
// unmatched error, a status matcher, timeout and abort, with fractional delays (milliseconds).
import { copyFileSync, readFileSync, existsSync } from "node:fs";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { generate } from "../generator/generate.js";
import { ModelError } from "../generator/diagnostics.js";
import { CORPUS_MODELS, tempDir, typecheck, writeModel } from "./helpers.js";
import { CREDENTIALS, awsError, json, startServer, type Handler, type TestServer } from "./runtime-fixtures.js";

const DDB = path.join(CORPUS_MODELS, "dynamodb", "2012-08-10");
const HAVE_CORPUS = existsSync(DDB);

/** The corpus model with one more waiter that decides on HTTP statuses alone. */
function modelFolder(extraWaiters: Record<string, unknown>): string {
  const waiters = JSON.parse(readFileSync(path.join(DDB, "waiters-2.json"), "utf8")) as {
    version: number;
    waiters: Record<string, unknown>;
  };
  const dir = writeModel({ "waiters-2.json": { ...waiters, waiters: { ...waiters.waiters, ...extraWaiters } } }, "waiters-model");
  for (const f of ["service-2.json", "endpoint-rule-set-1.json", "paginators-1.json"]) copyFileSync(path.join(DDB, f), path.join(dir, f));
  return dir;
}

// The generated package, imported by path: its types are checked by the typecheck test below.
let pkg: any; // eslint-disable-line @typescript-eslint/no-explicit-any
let outDir = "";
let server: TestServer | undefined;
let reply: Handler = (_req, res) => json(res, 200, {});
const targets: string[] = [];

beforeAll(async () => {
  if (!HAVE_CORPUS) return;
  const out = (outDir = tempDir("waiters-out"));
  const model = modelFolder({
    TableGone: {
      operation: "DescribeTable",
      delay: 1,
      maxAttempts: 5,
      acceptors: [
        { state: "success", matcher: "status", expected: 404 },
        { state: "failure", matcher: "status", expected: 403 },
        { state: "retry", matcher: "status", expected: 200 },
      ],
    },
  });
  await generate({ model, out, format: false });
  pkg = await import(path.join(out, "dynamodb", "src", "index.ts"));
  server = await startServer((req, res, i) => {
    targets.push(String(req.headers["x-amz-target"]));
    reply(req, res, i);
  });
});

afterAll(async () => {
  await server?.close();
});

afterEach(() => {
  targets.length = 0;
});

function client(): unknown {
  return new pkg.DynamoDBClient({
    region: "us-west-2",
    endpoint: server!.url,
    credentials: CREDENTIALS,
    maxAttempts: 1,
  });
}

/** Answers the i-th request with the i-th step (the last one repeats). */
function script(steps: Array<(res: Parameters<Handler>[1]) => void>): void {
  const base = server!.requests.length;
  reply = (_req, res, i) => steps[Math.min(i - base, steps.length - 1)]!(res);
}
const table = (status: string) => (res: Parameters<Handler>[1]) => json(res, 200, { Table: { TableName: "t", TableStatus: status } });
const notFound = (res: Parameters<Handler>[1]) => awsError(res, 400, "ResourceNotFoundException");

const fast = { minDelay: 0.005, maxDelay: 0.02, maxWaitTime: 5 };

describe.skipIf(!HAVE_CORPUS)("generated waiters", () => {
  it("type-check with the package's own strict tsconfig", () => {
    const r = typecheck(path.join(outDir, "dynamodb"));
    expect(r.output).toBe("");
    expect(r.ok).toBe(true);
  });

  it("retries through an error acceptor and an unmatched output, then succeeds", async () => {
    script([notFound, table("CREATING"), table("ACTIVE")]);
    const result = await pkg.waitUntilTableExists({ client: client(), ...fast }, { TableName: "t" });
    expect(result.state).toBe("SUCCESS");
    expect(result.reason.Table.TableStatus).toBe("ACTIVE");
    expect(targets).toEqual(Array(3).fill("DynamoDB_20120810.DescribeTable"));
  });

  it("ends in FAILURE when a failure acceptor matches", async () => {
    script([
      (res) => json(res, 200, { ContributorInsightsStatus: "ENABLING" }),
      (res) => json(res, 200, { ContributorInsightsStatus: "FAILED" }),
    ]);
    const err = await pkg.waitUntilContributorInsightsEnabled({ client: client(), ...fast }, { TableName: "t" }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(pkg.WaiterError);
    expect(err.state).toBe("FAILURE");
    expect(err.reason.ContributorInsightsStatus).toBe("FAILED");
    expect(targets).toHaveLength(2);
  });

  it("fails at once on an error no acceptor matches", async () => {
    script([(res) => awsError(res, 400, "ValidationException")]);
    const err = await pkg.waitUntilTableExists({ client: client(), ...fast }, { TableName: "t" }).catch((e: unknown) => e);
    expect(err.state).toBe("FAILURE");
    expect(err.reason.name).toBe("ValidationException");
    expect(targets).toHaveLength(1);
  });

  it("succeeds on an error acceptor (TableNotExists), through the aggregated client's method", async () => {
    script([table("DELETING"), notFound]);
    const ddb = new pkg.DynamoDB({
      region: "us-west-2",
      endpoint: server!.url,
      credentials: CREDENTIALS,
      maxAttempts: 1,
    });
    const result = await ddb.waitUntilTableNotExists(fast, { TableName: "t" });
    expect(result.state).toBe("SUCCESS");
    expect(result.reason.name).toBe("ResourceNotFoundException");
    expect(targets).toHaveLength(2);
  });

  it("decides on HTTP statuses with status matchers, on responses and errors alike", async () => {
    script([table("ACTIVE"), (res) => awsError(res, 404, "NoSuchThing")]);
    const result = await pkg.waitUntilTableGone({ client: client(), ...fast }, { TableName: "t" });
    expect(result.state).toBe("SUCCESS");
    expect(result.reason.$metadata.httpStatusCode).toBe(404);
    script([(res) => awsError(res, 403, "AccessDeniedException")]);
    const err = await pkg.waitUntilTableGone({ client: client(), ...fast }, { TableName: "t" }).catch((e: unknown) => e);
    expect(err.state).toBe("FAILURE");
  });

  it("times out without sleeping past maxWaitTime, with the last response as reason", async () => {
    script([table("CREATING")]);
    const started = Date.now();
    const err = await pkg
      .waitUntilTableExists({ client: client(), minDelay: 0.01, maxDelay: 0.03, maxWaitTime: 0.15 }, { TableName: "t" })
      .catch((e: unknown) => e);
    const took = Date.now() - started;
    expect(err.state).toBe("TIMEOUT");
    expect(err.reason.Table.TableStatus).toBe("CREATING");
    expect(took).toBeLessThan(150 + 100);
    expect(targets.length).toBeGreaterThan(2);
  });

  it("aborts promptly mid-sleep", async () => {
    script([table("CREATING")]);
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const started = Date.now();
    const err = await pkg
      .waitUntilTableExists(
        { client: client(), minDelay: 10, maxDelay: 20, maxWaitTime: 60, abortSignal: controller.signal },
        { TableName: "t" },
      )
      .catch((e: unknown) => e);
    expect(err.state).toBe("ABORTED");
    expect(err.reason.Table.TableStatus).toBe("CREATING");
    expect(Date.now() - started).toBeLessThan(1000);
    expect(targets).toHaveLength(1);
  });

  it("aborts promptly mid-request", async () => {
    script([(res) => setTimeout(() => table("ACTIVE")(res), 5000)]);
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const started = Date.now();
    const err = await pkg
      .waitUntilTableExists({ client: client(), ...fast, abortSignal: controller.signal }, { TableName: "t" })
      .catch((e: unknown) => e);
    expect(err.state).toBe("ABORTED");
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it("rejects invalid timing parameters before sending", async () => {
    script([table("ACTIVE")]);
    await expect(pkg.waitUntilTableExists({ client: client(), maxWaitTime: 0 }, { TableName: "t" })).rejects.toThrow(RangeError);
    await expect(
      pkg.waitUntilTableExists({ client: client(), maxWaitTime: 1, minDelay: 2, maxDelay: 1 }, { TableName: "t" }),
    ).rejects.toThrow(/maxDelay/);
    expect(targets).toHaveLength(0);
  });
});

describe.skipIf(!HAVE_CORPUS)("waiter model errors", () => {
  it("names the waiter, acceptor and expression, with file and JSON pointer", async () => {
    const model = modelFolder({
      Sliced: {
        operation: "DescribeTable",
        delay: 1,
        acceptors: [{ state: "success", matcher: "path", argument: "Table.Replicas[0:2].RegionName", expected: "x" }],
      },
    });
    const err = await generate({ model, out: tempDir("waiters-bad"), format: false }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ModelError);
    const f = (err as ModelError).findings.find((x) => x.pointer === "/waiters/Sliced/acceptors/0/argument");
    expect(f?.file).toBe("waiters-2.json");
    expect(f?.message).toMatch(/waiter Sliced/);
    expect(f?.message).toContain("Table.Replicas[0:2].RegionName");
    expect(f?.message).toMatch(/slice/);
  });
});
