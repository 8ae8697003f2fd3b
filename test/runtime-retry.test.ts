import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it, vi } from "vitest";
import { invoke, type RetryHookContext } from "../generator/runtime/client/client.js";
import { AbortError, NetworkError, ServiceException, TimeoutError } from "../generator/runtime/errors.js";
import {
  RetryQuota,
  THROTTLING_ERROR_CODES,
  TRANSIENT_ERROR_CODES,
  backoffDelay,
  backoffPolicy,
  classifyError,
} from "../generator/runtime/client/retry.js";
import {
  ConflictRetryException,
  GetThingOperation,
  TestServiceException,
  TestThingsClient,
  ThrottlingException,
  ValidationException,
  awsError,
  clientConfig,
  json,
  service,
  startServer,
  type TestServer,
} from "./runtime-fixtures.js";

let server: TestServer | undefined;
const clients: TestThingsClient[] = [];

function client(s: TestServer, extra: Parameters<typeof clientConfig>[1] = {}): TestThingsClient {
  const c = new TestThingsClient(clientConfig(s, extra));
  clients.push(c);
  return c;
}

afterEach(async () => {
  vi.restoreAllMocks();
  for (const c of clients.splice(0)) c.destroy();
  await server?.close();
  server = undefined;
});

const get = (c: TestThingsClient, options?: Parameters<typeof invoke>[3]) => invoke(c, GetThingOperation, { ThingId: "t" }, options);

describe("what is retried", () => {
  it("retries a 429 and succeeds on the second attempt, telling onRetry why", async () => {
    server = await startServer((_req, res, i) => (i === 0 ? json(res, 429, {}) : json(res, 200, { ThingId: "t" })));
    const retries: RetryHookContext[] = [];
    const out = await get(client(server, { hooks: { onRetry: (ctx) => void retries.push(ctx) } }));
    expect(out.$metadata.attempts).toBe(2);
    expect(out.$metadata.httpStatusCode).toBe(200);
    expect(retries).toHaveLength(1);
    expect(retries[0]).toMatchObject({ attempt: 1, retryKind: "throttling", error: { httpStatusCode: 429 } });
    expect(out.$metadata.totalRetryDelay).toBe(retries[0]?.delayMs);
    expect(server.requests.map((r) => r.headers["amz-sdk-request"])).toEqual(["attempt=1; max=3", "attempt=2; max=3"]);
    // One invocation: the id stays the same across attempts.
    expect(server.requests[1]?.headers["amz-sdk-invocation-id"]).toBe(server.requests[0]?.headers["amz-sdk-invocation-id"]);
  });

  it("does not retry a 400 validation error", async () => {
    server = await startServer((_req, res) => awsError(res, 400, "ValidationException", "bad input"));
    const error = await get(client(server)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationException);
    expect((error as ValidationException).$metadata).toMatchObject({
      attempts: 1,
      totalRetryDelay: 0,
      httpStatusCode: 400,
    });
    expect(server.requests).toHaveLength(1);
  });

  it("gives up after maxAttempts 503s with attempts 3 and the delays slept", async () => {
    server = await startServer((_req, res) => awsError(res, 503, "ServiceUnavailable"));
    const retries: RetryHookContext[] = [];
    const error = await get(client(server, { hooks: { onRetry: (ctx) => void retries.push(ctx) } })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TestServiceException);
    expect((error as ServiceException).name).toBe("ServiceUnavailable");
    const metadata = (error as ServiceException).$metadata;
    expect(metadata.attempts).toBe(3);
    expect(metadata.httpStatusCode).toBe(503);
    expect(metadata.totalRetryDelay).toBe(retries.reduce((sum, r) => sum + r.delayMs, 0));
    expect(retries.map((r) => r.retryKind)).toEqual(["transient", "transient"]);
    expect(server.requests).toHaveLength(3);
  });

  it("retries throttling codes sent with a 400, and modelled retryable errors", async () => {
    server = await startServer((_req, res, i) => {
      if (i === 0) awsError(res, 400, "ThrottlingException");
      else if (i === 1) awsError(res, 409, "ConflictRetryException");
      else json(res, 200, { ThingId: "t" });
    });
    const out = await get(client(server));
    expect(out.$metadata.attempts).toBe(3);
  });

  it("retries a connection reset", async () => {
    server = await startServer((req, res, i) => {
      if (i === 0) res.socket?.destroy();
      else json(res, 200, { ThingId: req.url });
    });
    const out = await get(client(server));
    expect(out.$metadata.attempts).toBe(2);
    expect(server.requests).toHaveLength(2);
  });

  it("retries a truncated body, then reports a NetworkError when every attempt breaks", async () => {
    server = await startServer((_req, res) => {
      res.writeHead(200, { "content-length": "50" });
      res.write("{");
      setTimeout(() => res.socket?.destroy(), 5);
    });
    const error = await get(client(server)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NetworkError);
    expect((error as NetworkError).$metadata.attempts).toBe(3);
    expect(server.requests).toHaveLength(3);
  });

  it("retries an attempt that misses requestTimeoutMs", async () => {
    server = await startServer((_req, res, i) => (i === 0 ? undefined : json(res, 200, { ThingId: "t" })));
    const out = await get(client(server, { requestTimeoutMs: 50 }));
    expect(out.$metadata.attempts).toBe(2);
  });

  it("does not retry when maxAttempts is 1", async () => {
    server = await startServer((_req, res) => json(res, 500, {}));
    await expect(get(client(server, { maxAttempts: 1 }))).rejects.toBeInstanceOf(TestServiceException);
    expect(server.requests).toHaveLength(1);
  });
});

describe("abort and timeout across retries", () => {
  it("rejects at once when aborted during a backoff sleep", async () => {
    vi.spyOn(Math, "random").mockReturnValue(0.99);
    server = await startServer((_req, res) => json(res, 503, {}));
    const controller = new AbortController();
    let abortedAt = 0;
    const c = client(server, {
      retry: { baseDelayMs: 5000 },
      hooks: {
        onRetry: () => {
          setTimeout(() => {
            abortedAt = performance.now();
            controller.abort();
          }, 20);
        },
      },
    });
    const error = await get(c, { signal: controller.signal }).catch((e: unknown) => e);
    expect(performance.now() - abortedAt).toBeLessThan(50);
    expect(error).toBeInstanceOf(AbortError);
    expect((error as AbortError).$metadata).toMatchObject({ attempts: 1, httpStatusCode: 503 });
    expect(server.requests).toHaveLength(1);
  });

  it("lets the call deadline cut a backoff sleep short", async () => {
    vi.spyOn(Math, "random").mockReturnValue(0.99);
    server = await startServer((_req, res) => json(res, 503, {}));
    const started = performance.now();
    const error = await get(client(server, { retry: { baseDelayMs: 5000 }, timeoutMs: 100 })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect(performance.now() - started).toBeLessThan(400);
    expect(server.requests).toHaveLength(1);
  });

  it("never retries a call timeout, even with attempts left", async () => {
    server = await startServer((_req, res) => setTimeout(() => json(res, 200, {}), 600));
    const error = await get(client(server, { maxAttempts: 5, timeoutMs: 80 })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect(server.requests).toHaveLength(1);
  });
});

describe("retry quota", () => {
  it("stops retrying once a client's quota is spent, and refills it on success", async () => {
    let failing = true;
    server = await startServer((_req, res) => (failing ? json(res, 500, {}) : json(res, 200, { ThingId: "t" })));
    const c = client(server, { retry: { baseDelayMs: 1, quotaCapacity: 10 } });
    const first = await get(c).catch((e: ServiceException) => e);
    expect(first.$metadata.attempts).toBe(3);
    const second = await get(c).catch((e: ServiceException) => e);
    expect(second.$metadata.attempts).toBe(1);
    failing = false;
    await get(c);
    await get(c);
    await get(c);
    await get(c);
    await get(c);
    failing = true;
    const third = await get(c).catch((e: ServiceException) => e);
    expect(third.$metadata.attempts).toBe(2);
  });

  it("charges connection failures double and gives back a retry's cost after a success", () => {
    const quota = new RetryQuota(20);
    expect(quota.acquire("connection")).toBe(10);
    expect(quota.acquire("transient")).toBe(5);
    expect(quota.acquire("connection")).toBe(0);
    expect(quota.available).toBe(5);
    quota.release(5);
    expect(quota.available).toBe(10);
    quota.release(0);
    expect(quota.available).toBe(11);
    for (let i = 0; i < 20; i++) quota.release(10);
    expect(quota.available).toBe(20);
  });
});

describe("backoff", () => {
  const policy = backoffPolicy({ baseDelayMs: 100, maxDelayMs: 1000 });

  it("draws full jitter below base × 2^(attempt − 1), capped at maxDelayMs", () => {
    const top = () => 0.999999;
    expect(backoffDelay("transient", 1, policy, top)).toBe(99);
    expect(backoffDelay("transient", 3, policy, top)).toBe(399);
    expect(backoffDelay("transient", 10, policy, top)).toBe(999);
    expect(backoffDelay("connection", 2, policy, () => 0)).toBe(0);
    expect(backoffDelay("throttling", 1, policy, top)).toBe(499);
  });

  it("uses the documented defaults", () => {
    expect(backoffPolicy(undefined)).toEqual({ baseDelayMs: 100, throttlingBaseDelayMs: 500, maxDelayMs: 20000 });
    expect(() => backoffPolicy({ baseDelayMs: -1 })).toThrow(RangeError);
  });
});

describe("classification", () => {
  const init = (status: number, name?: string) => ({
    ...(name === undefined ? {} : { name }),
    message: "m",
    $fault: "client" as const,
    $metadata: { httpStatusCode: status, attempts: 1, totalRetryDelay: 0 },
  });

  it("classifies by code, status and the model's retryable trait", () => {
    const classify = (e: unknown) => classifyError(e, GetThingOperation, service);
    expect(classify(new TestServiceException(init(400, "SlowDown")))).toBe("throttling");
    expect(classify(new ThrottlingException(init(400)))).toBe("throttling");
    expect(classify(new TestServiceException(init(429, "Whatever")))).toBe("throttling");
    expect(classify(new TestServiceException(init(400, "RequestTimeout")))).toBe("transient");
    expect(classify(new ConflictRetryException(init(409)))).toBe("transient");
    expect(classify(new TestServiceException(init(504, "GatewayTimeout")))).toBe("transient");
    expect(classify(new TestServiceException(init(501, "NotImplemented")))).toBeUndefined();
    expect(classify(new ValidationException(init(400)))).toBeUndefined();
    expect(classify(new TestServiceException(init(403, "AccessDenied")))).toBeUndefined();
    expect(classify(new NetworkError("reset", { attempts: 1, totalRetryDelay: 0 }))).toBe("connection");
    expect(classify(new TimeoutError("late", { attempts: 1, totalRetryDelay: 0 }))).toBeUndefined();
    expect(classify(new AbortError("stop", { attempts: 1, totalRetryDelay: 0 }))).toBeUndefined();
  });

  it("covers the throttling and transient codes of botocore's retry data", () => {
    const here = fileURLToPath(new URL(".", import.meta.url));
    const data = JSON.parse(readFileSync(`${here}../../shared/corpus/botocore/_retry.json`, "utf8")) as unknown;
    const codes = new Set<string>();
    const walk = (node: unknown): void => {
      if (typeof node !== "object" || node === null) return;
      for (const [key, value] of Object.entries(node)) {
        if (key === "service_error_code" && typeof value === "string") codes.add(value);
        else walk(value);
      }
    };
    walk(data);
    // Service-specific legacy policies that are not throttling or transient in the standard mode.
    const notStandard = new Set(["BadDigest", "IDPCommunicationError", "ReplicatedWriteConflictException"]);
    const missing = [...codes].filter((c) => !notStandard.has(c) && !THROTTLING_ERROR_CODES.has(c) && !TRANSIENT_ERROR_CODES.has(c));
    expect(codes.size).toBeGreaterThan(10);
    expect(missing).toEqual([]);
  });
});
