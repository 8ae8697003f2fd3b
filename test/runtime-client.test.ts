import { getEventListeners } from "node:events";
import { inspect } from "node:util";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import {
  invoke,
  type CallOptions,
  type RequestHookContext,
  type ResponseHookContext,
  type WithMetadata,
} from "../generator/runtime/client/client.js";
import { AbortError, NetworkError, RequestValidationError, ResponseParseError, TimeoutError } from "../generator/runtime/errors.js";
import { signRequestWithSteps } from "../generator/runtime/auth/sigv4.js";
import { defaultTransport } from "../generator/runtime/http/default.js";
import { Cancellation } from "../generator/runtime/http/transport.js";
import { ClientConfigError, UnsupportedOperationError } from "../generator/runtime/errors.js";
import {
  CREDENTIALS,
  GetThingOperation,
  ListAccountAssociationsOperation,
  PutSecretOperation,
  StreamEventsOperation,
  TestServiceException,
  TestThingsClient,
  clientConfig,
  json,
  startServer,
  type RecordedRequest,
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
  for (const c of clients.splice(0)) c.destroy();
  await server?.close();
  server = undefined;
});

/** Recomputes the signature from what arrived on the wire, as a service would. */
async function signatureMatches(req: RecordedRequest, port: number): Promise<boolean> {
  const authorization = String(req.headers["authorization"]);
  const signedNames = /SignedHeaders=([^,]+)/.exec(authorization)?.[1]?.split(";") ?? [];
  const headers: Record<string, string> = {};
  for (const name of signedNames) {
    if (name !== "host" && name !== "x-amz-date" && name !== "x-amz-security-token") headers[name] = String(req.headers[name]);
  }
  const [path = "", rawQuery] = req.url.split("?");
  const query: Array<[string, string]> = (rawQuery ?? "")
    .split("&")
    .filter((p) => p !== "")
    .map((p) => {
      const [k = "", v = ""] = p.split("=");
      return [decodeURIComponent(k), decodeURIComponent(v)];
    });
  const stamp = String(req.headers["x-amz-date"]);
  const date = new Date(
    `${stamp.slice(0, 4)}-${stamp.slice(4, 6)}-${stamp.slice(6, 8)}T${stamp.slice(9, 11)}:${stamp.slice(11, 13)}:${stamp.slice(13, 15)}Z`,
  );
  const steps = await signRequestWithSteps(
    {
      method: req.method,
      protocol: "http:",
      hostname: "127.0.0.1",
      port,
      path,
      query,
      headers,
      body: new Uint8Array(req.body),
    },
    { credentials: CREDENTIALS, region: "us-west-2", service: "testthings", date },
  );
  return steps.authorization === authorization;
}

interface GetThingResponse {
  ThingId?: string | undefined;
  Name?: string | undefined;
}

/** The shape of a generated operation module: the output type is inferred from the return type. */
function getThing(c: TestThingsClient, input: { ThingId: string }, options?: CallOptions): Promise<WithMetadata<GetThingResponse>> {
  return invoke(c, GetThingOperation, input, options);
}

describe("invoke: the request on the wire", () => {
  it("sends a SigV4-signed request the server can verify, and returns the output with $metadata", async () => {
    server = await startServer((_req, res) =>
      json(res, 200, { ThingId: "t-1", Name: "lamp" }, { "x-amzn-requestid": "rid-1", "x-amz-id-2": "ext-1" }),
    );
    const out = await getThing(client(server), { ThingId: "t 1/é" });
    expect(out).toEqual({
      ThingId: "t-1",
      Name: "lamp",
      $metadata: {
        httpStatusCode: 200,
        requestId: "rid-1",
        extendedRequestId: "ext-1",
        attempts: 1,
        totalRetryDelay: 0,
      },
    });
    const [req] = server.requests;
    expect(req?.url).toBe("/things/t%201%2F%C3%A9");
    expect(req?.headers["x-amz-security-token"]).toBe(CREDENTIALS.sessionToken);
    expect(req?.headers["x-amz-user-agent"]).toMatch(/^svcgen\/\d+\.\d+\.\d+$/);
    expect(req?.headers["user-agent"]).toMatch(/^svcgen\//);
    expect(req?.headers["amz-sdk-request"]).toBe("attempt=1; max=3");
    expect(req?.headers["amz-sdk-invocation-id"]).toMatch(/^[0-9a-f-]{36}$/);
    expect(await signatureMatches(req!, server.port)).toBe(true);
  });

  it("signs query strings and bodies with reserved characters, under the endpoint's base path", async () => {
    server = await startServer((_req, res) => json(res, 200, { Version: 3 }));
    const c = client(server, { endpoint: `${server.url}/base/`, userAgent: "app/1.2" });
    const out = await invoke(c, PutSecretOperation, {
      Owner: "o w+n!er",
      SecretName: "s1",
      Filter: "a&b=c*(d)'~",
      Value: "ünïcødé ✓",
      Count: 2,
    });
    expect(out.$metadata.attempts).toBe(1);
    const req = server.requests[0]!;
    expect(req.url.startsWith("/base/owners/o%20w%2Bn%21er/secrets/s1?")).toBe(true);
    expect(new URLSearchParams(req.url.split("?")[1]).get("filter")).toBe("a&b=c*(d)'~");
    expect(JSON.parse(req.body.toString("utf8"))).toEqual({ Value: "ünïcødé ✓", Count: 2 });
    expect(req.headers["content-length"]).toBe(String(req.body.length));
    expect(req.headers["user-agent"]).toMatch(/^svcgen\/\S+ app\/1\.2$/);
    expect(await signatureMatches(req, server.port)).toBe(true);
  });

  it("works the same through a configured fetch", async () => {
    server = await startServer((_req, res) => json(res, 200, { ThingId: "t-2" }));
    const out = await invoke(client(server, { fetch: globalThis.fetch }), GetThingOperation, { ThingId: "t-2" });
    expect(out.ThingId).toBe("t-2");
    expect(await signatureMatches(server.requests[0]!, server.port)).toBe(true);
  });
});

describe("invoke: what is rejected before sending", () => {
  it("rejects invalid input with RequestValidationError and sends nothing", async () => {
    server = await startServer((_req, res) => json(res, 200, {}));
    const error = await invoke(client(server), GetThingOperation, { ThingId: "" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RequestValidationError);
    expect((error as RequestValidationError).issues).toEqual([{ path: "ThingId", constraint: "required", message: "ThingId is required" }]);
    expect(server.requests).toHaveLength(0);
  });

  it("rejects event-stream operations given to invoke with a typed error naming the operation", async () => {
    server = await startServer((_req, res) => json(res, 200, {}));
    const call = invoke(client(server), StreamEventsOperation, {});
    await expect(call).rejects.toBeInstanceOf(UnsupportedOperationError);
    await expect(call).rejects.toThrow(/^StreamEvents streams events: call it through its generated function/);
    expect(server.requests).toHaveLength(0);
  });

  describe("without a region", () => {
    beforeEach(() => {
      vi.stubEnv("AWS_REGION", "");
      vi.stubEnv("AWS_DEFAULT_REGION", "");
    });
    afterEach(() => vi.unstubAllEnvs());

    it("constructs, then fails the first call clearly", async () => {
      server = await startServer((_req, res) => json(res, 200, {}));
      const c = client(server, { region: undefined });
      const error = await invoke(c, GetThingOperation, { ThingId: "x" }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ClientConfigError);
      expect((error as Error).message).toMatch(/region/);
      expect(server.requests).toHaveLength(0);
    });

    it("takes AWS_REGION from the environment", async () => {
      vi.stubEnv("AWS_REGION", "eu-central-1");
      server = await startServer((_req, res) => json(res, 200, {}));
      await invoke(client(server, { region: undefined }), GetThingOperation, { ThingId: "x" });
      expect(String(server.requests[0]?.headers["authorization"])).toContain("/eu-central-1/testthings/aws4_request");
    });
  });
});

describe("invoke: responses that cannot be used", () => {
  it("turns malformed JSON in a 200 into ResponseParseError, without an unhandled rejection", async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown): void => void unhandled.push(reason);
    process.on("unhandledRejection", onUnhandled);
    try {
      server = await startServer((_req, res) => {
        res.writeHead(200, { "content-type": "application/json" });
        res.end('{"ThingId": "t-1", ');
      });
      const error = await invoke(client(server), GetThingOperation, { ThingId: "x" }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ResponseParseError);
      expect((error as ResponseParseError).$metadata).toMatchObject({ httpStatusCode: 200, attempts: 1 });
      expect((error as ResponseParseError).$response.body).toBe('{"ThingId": "t-1", ');
      expect(server.requests).toHaveLength(1);
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(unhandled).toEqual([]);
    } finally {
      process.off("unhandledRejection", onUnhandled);
    }
  });

  it("turns a non-JSON 502 into a typed error that keeps the status and body", async () => {
    server = await startServer((_req, res) => {
      res.writeHead(502, { "content-type": "text/html" });
      res.end("<html><body>Bad Gateway</body></html>");
    });
    const error = await invoke(client(server, { maxAttempts: 2 }), GetThingOperation, { ThingId: "x" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TestServiceException);
    const e = error as TestServiceException;
    expect(e.$metadata).toMatchObject({ httpStatusCode: 502, attempts: 2 });
    expect(e.$fault).toBe("server");
    expect(e.$response?.body).toContain("Bad Gateway");
    expect(server.requests).toHaveLength(2);
  });

  it("fails a body over maxResponseBytes with a NetworkError and does not retry it", async () => {
    server = await startServer((_req, res) => json(res, 200, { Name: "x".repeat(5000) }));
    const error = await invoke(client(server, { maxResponseBytes: 1000 }), GetThingOperation, { ThingId: "x" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NetworkError);
    expect((error as Error).message).toMatch(/maxResponseBytes/);
    expect(server.requests).toHaveLength(1);
  });

  it("fails a chunked body that grows past maxResponseBytes", async () => {
    server = await startServer((_req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.write('{"Name": "');
      res.end("y".repeat(5000) + '"}');
    });
    const error = await invoke(client(server, { maxResponseBytes: 1000, fetch: globalThis.fetch }), GetThingOperation, {
      ThingId: "x",
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NetworkError);
    expect(server.requests).toHaveLength(1);
  });
});

describe("abort and timeout", () => {
  it("rejects at once with AbortError while waiting for headers, and again with a signal aborted before the call", async () => {
    server = await startServer(() => {});
    const c = client(server);
    const controller = new AbortController();
    const pending = invoke(c, GetThingOperation, { ThingId: "x" }, { signal: controller.signal });
    while (server.requests.length === 0) await new Promise((resolve) => setTimeout(resolve, 2));
    const started = performance.now();
    controller.abort(new Error("user gave up"));
    const error = await pending.catch((e: unknown) => e);
    // Prompt, with room for a loaded 2-core machine (it settles in about a millisecond when idle).
    expect(performance.now() - started).toBeLessThan(200);
    expect(error).toBeInstanceOf(AbortError);
    expect((error as AbortError).cause).toEqual(new Error("user gave up"));
    expect((error as AbortError).$metadata.attempts).toBe(1);

    await expect(invoke(c, GetThingOperation, { ThingId: "x" }, { signal: controller.signal })).rejects.toBeInstanceOf(AbortError);
    expect(server.requests).toHaveLength(1);
  });

  it("rejects at once while the body is being read, on both transports", async () => {
    server = await startServer((_req, res) => {
      res.writeHead(200, { "content-type": "application/json", "content-length": "100" });
      res.write('{"Name": "');
    });
    for (const fetchFn of [undefined, globalThis.fetch]) {
      const controller = new AbortController();
      const before = server.requests.length;
      const pending = invoke(client(server, { fetch: fetchFn }), GetThingOperation, { ThingId: "x" }, { signal: controller.signal });
      while (server.requests.length === before) await new Promise((resolve) => setTimeout(resolve, 2));
      await new Promise((resolve) => setTimeout(resolve, 20));
      const started = performance.now();
      controller.abort();
      await expect(pending).rejects.toBeInstanceOf(AbortError);
      // Prompt, with room for a loaded 2-core machine (it settles in about a millisecond when idle).
      expect(performance.now() - started).toBeLessThan(200);
    }
  });

  it("rejects at once while a credential provider hangs", async () => {
    server = await startServer((_req, res) => json(res, 200, {}));
    const controller = new AbortController();
    const c = client(server, { credentials: () => new Promise(() => {}) });
    const pending = invoke(c, GetThingOperation, { ThingId: "x" }, { signal: controller.signal });
    await new Promise((resolve) => setTimeout(resolve, 20));
    const started = performance.now();
    controller.abort();
    await expect(pending).rejects.toBeInstanceOf(AbortError);
    // Prompt, with room for a loaded 2-core machine (it settles in about a millisecond when idle).
    expect(performance.now() - started).toBeLessThan(200);
    expect(server.requests).toHaveLength(0);
  });

  it("leaves no abort listener behind on the caller's signal", async () => {
    server = await startServer((_req, res) => json(res, 200, { ThingId: "x" }));
    const c = client(server, { requestTimeoutMs: 5000 });
    const controller = new AbortController();
    for (let i = 0; i < 200; i++) await invoke(c, GetThingOperation, { ThingId: "x" }, { signal: controller.signal });
    expect(getEventListeners(controller.signal, "abort")).toHaveLength(0);
  });

  it("fails with TimeoutError when a call outlives timeoutMs, without retrying", async () => {
    // The first call warms the client (region, endpoint settings, connection); the second is timed.
    let calls = 0;
    server = await startServer((_req, res) => (calls++ === 0 ? json(res, 200, {}) : setTimeout(() => json(res, 200, {}), 3000)));
    const c = client(server);
    await invoke(c, GetThingOperation, { ThingId: "warm" });
    server.requests.length = 0;
    const started = performance.now();
    const error = await invoke(c, GetThingOperation, { ThingId: "x" }, { timeoutMs: 300 }).catch((e: unknown) => e);
    const elapsed = performance.now() - started;
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as TimeoutError).$metadata.attempts).toBe(1);
    expect(elapsed).toBeGreaterThanOrEqual(295);
    expect(elapsed).toBeLessThan(2000);
    expect(server.requests).toHaveLength(1);
  });
});

describe("hooks", () => {
  it("see every attempt with secrets and credentials hidden, while the server gets the real values", async () => {
    server = await startServer((_req, res) => json(res, 200, { Version: 1 }, { "x-echo-secret": "ECHOED-SECRET" }));
    const before: RequestHookContext[] = [];
    const after: ResponseHookContext[] = [];
    const c = client(server, {
      hooks: {
        beforeRequest: (ctx) => void before.push(ctx),
        afterResponse: async (ctx) => {
          await new Promise((resolve) => setTimeout(resolve, 1));
          after.push(ctx);
        },
      },
    });
    const input = {
      Owner: "alice",
      SecretName: "LABEL-SECRET",
      Filter: "visible-filter",
      Pin: "PIN-SECRET",
      Token: "HEADER-SECRET",
      Trace: "trace-1",
      Value: "VALUE-SECRET",
      Description: "shown",
      Login: { User: "bob", Password: "PASSWORD-SECRET" },
      Keys: ["LIST-SECRET-1", "LIST-SECRET-2"],
      Labels: { env: "MAPVALUE-SECRET" },
      Notes: { note: "NOTE-SECRET" },
      Count: 3,
    };
    await invoke(c, PutSecretOperation, input);

    const wire = server.requests[0]!;
    expect(wire.url).toContain("LABEL-SECRET");
    expect(wire.headers["x-secret-token"]).toBe("HEADER-SECRET");
    expect(wire.body.toString()).toContain("PASSWORD-SECRET");

    expect(before).toHaveLength(1);
    const ctx = before[0]!;
    expect(ctx.operation).toBe("PutSecret");
    expect(ctx.attempt).toBe(1);
    expect(ctx.method).toBe("POST");
    expect(ctx.input).toEqual({
      Owner: "alice",
      SecretName: "***",
      Filter: "visible-filter",
      Pin: "***",
      Token: "***",
      Trace: "trace-1",
      Value: "***",
      Description: "shown",
      Login: { User: "bob", Password: "***" },
      Keys: ["***", "***"],
      Labels: "***",
      Notes: { note: "***" },
      Count: 3,
    });
    const url = new URL(ctx.url);
    expect(url.pathname).toBe("/owners/alice/secrets/***");
    expect(url.searchParams.get("pin")).toBe("***");
    expect(url.searchParams.get("filter")).toBe("visible-filter");
    expect(url.searchParams.get("kind")).toBe("plain");
    expect(ctx.headers["authorization"]).toBe("REDACTED");
    expect(ctx.headers["x-amz-security-token"]).toBe("REDACTED");
    expect(ctx.headers["x-secret-token"]).toBe("***");
    expect(ctx.headers["x-trace"]).toBe("trace-1");

    expect(after).toHaveLength(1);
    expect(after[0]?.statusCode).toBe(200);
    expect(after[0]?.responseHeaders["x-echo-secret"]).toBe("***");
    expect(after[0]?.durationMs).toBeGreaterThanOrEqual(0);

    const everything = JSON.stringify([before, after]);
    for (const secret of [
      "SECRET-",
      "-SECRET",
      CREDENTIALS.secretAccessKey,
      CREDENTIALS.sessionToken,
      "Signature=",
      String(wire.headers["authorization"]),
    ]) {
      expect(everything).not.toContain(secret);
    }
    // The caller's input is untouched.
    expect(input.Login.Password).toBe("PASSWORD-SECRET");
  });
});

describe("the client object", () => {
  it("never shows credentials when printed or serialised", () => {
    const c = new TestThingsClient({ region: "us-west-2", credentials: CREDENTIALS });
    const shown = [inspect(c, { depth: 10, showHidden: true }), JSON.stringify(c), String(Object.keys(c))].join("\n");
    expect(shown).toContain("us-west-2");
    expect(shown).not.toContain(CREDENTIALS.secretAccessKey);
    expect(shown).not.toContain(CREDENTIALS.sessionToken);
    expect(shown).not.toContain(CREDENTIALS.accessKeyId);
  });

  it("calls a credential provider once across calls, concurrent ones included", async () => {
    server = await startServer((_req, res) => json(res, 200, {}));
    let calls = 0;
    const provider = async () => {
      calls++;
      await new Promise((resolve) => setTimeout(resolve, 5));
      return CREDENTIALS;
    };
    const c = client(server, { credentials: provider });
    await Promise.all([1, 2, 3].map(() => invoke(c, GetThingOperation, { ThingId: "x" })));
    await invoke(c, GetThingOperation, { ThingId: "y" });
    expect(calls).toBe(1);
    expect(server.requests).toHaveLength(4);
  });

  it("reuses one keep-alive connection, and destroy() closes it", async () => {
    server = await startServer((_req, res) => json(res, 200, {}));
    const c = client(server);
    for (let i = 0; i < 5; i++) await invoke(c, GetThingOperation, { ThingId: "x" });
    expect(server.openSockets()).toBe(1);
    c.destroy();
    for (let i = 0; i < 50 && server.openSockets() > 0; i++) await new Promise((resolve) => setTimeout(resolve, 2));
    expect(server.openSockets()).toBe(0);
    await invoke(c, GetThingOperation, { ThingId: "x" });
    expect(server.requests).toHaveLength(6);
  });
});

describe("transports", () => {
  const options = { maxResponseBytes: 1 << 20, maxSockets: 4 };

  it("lower-case response header names and join repeated ones with ', '", async () => {
    server = await startServer((_req, res) => {
      res.setHeader("X-Multi", ["a", "b"]);
      res.setHeader("X-Single", "c");
      res.end("body");
    });
    for (const fetchFn of [undefined, globalThis.fetch]) {
      const transport = await defaultTransport(options, fetchFn);
      const response = await transport.send(
        { method: "GET", protocol: "http:", hostname: "127.0.0.1", port: server.port, path: "/x", headers: {} },
        new Cancellation(),
      );
      expect(response.headers["x-multi"]).toBe("a, b");
      expect(response.headers["x-single"]).toBe("c");
      expect(new TextDecoder().decode(response.body)).toBe("body");
      transport.destroy();
    }
  });

  it("report a body cut short of its content-length as a transport failure", async () => {
    server = await startServer((_req, res) => {
      res.writeHead(200, { "content-length": "100" });
      res.write("only a little");
      setTimeout(() => res.socket?.destroy(), 10);
    });
    for (const fetchFn of [undefined, globalThis.fetch]) {
      const transport = await defaultTransport(options, fetchFn);
      const error = await transport
        .send({ method: "GET", protocol: "http:", hostname: "127.0.0.1", port: server.port, path: "/", headers: {} }, new Cancellation())
        .catch((e: unknown) => e);
      expect((error as Error).name).toBe("TransportError");
      transport.destroy();
    }
  });
});
