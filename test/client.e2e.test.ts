// The generated IoT Managed Integrations client against a real HTTP server on 127.0.0.1: the
// server plays the service, checks every request (method, path, query, headers, body) and
// verifies its SigV4 signature by recomputing it.
import { describe, expect, it, beforeAll, afterAll, afterEach } from "vitest";
import http from "node:http";
import { readFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { signRequestWithSteps } from "../generator/runtime/auth/sigv4.js";
import {
  AccessDeniedException,
  IoTManagedIntegrations,
  IoTManagedIntegrationsClient,
  IoTManagedIntegrationsServiceException,
  InternalServerException,
  RequestValidationError,
  ResponseParseError,
  ServiceUnavailableException,
  ThrottlingException,
  TimeoutError,
  AbortError,
  ValidationException,
  ConflictException,
  createAccountAssociation,
  deleteAccountAssociation,
  getAccountAssociation,
  listAccountAssociations,
  paginateListAccountAssociations,
  startAccountAssociationRefresh,
  updateAccountAssociation,
} from "../generated/iot-managed-integrations/src/index.js";

const CREDENTIALS = { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY" };
const REGION = "eu-west-1";

interface Seen {
  method: string;
  path: string;
  query: Array<[string, string]>;
  headers: http.IncomingHttpHeaders;
  body: string;
  signatureValid: boolean;
}
type Reply = { status: number; headers?: Record<string, string>; body?: string; delayMs?: number };
type Handler = (req: Seen) => Reply | Promise<Reply>;

let server: http.Server;
let endpoint: string;
let handler: Handler;
const seen: Seen[] = [];
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);

async function verifySignature(req: http.IncomingMessage, url: URL, body: string): Promise<boolean> {
  const auth = String(req.headers.authorization ?? "");
  const signed = /SignedHeaders=([^,]+)/.exec(auth)?.[1]?.split(";") ?? [];
  const amzDate = String(req.headers["x-amz-date"] ?? "");
  const date = new Date(amzDate.replace(/^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/, "$1-$2-$3T$4:$5:$6Z"));
  const headers: Record<string, string> = {};
  for (const name of signed) if (!["host", "x-amz-date", "authorization"].includes(name)) headers[name] = String(req.headers[name] ?? "");
  const steps = await signRequestWithSteps(
    {
      method: req.method!,
      protocol: "http:",
      hostname: url.hostname,
      port: Number(url.port),
      path: url.pathname,
      query: [...url.searchParams.entries()],
      headers,
      body,
    },
    { credentials: CREDENTIALS, region: REGION, service: "iotmanagedintegrations", date },
  );
  return steps.authorization === auth;
}

beforeAll(async () => {
  process.on("unhandledRejection", onUnhandled);
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      void (async () => {
        const body = Buffer.concat(chunks).toString("utf8");
        const url = new URL(req.url!, `http://${req.headers.host}`);
        const s: Seen = {
          method: req.method!,
          path: url.pathname,
          query: [...url.searchParams.entries()],
          headers: req.headers,
          body,
          signatureValid: await verifySignature(req, url, body),
        };
        seen.push(s);
        const reply = await handler(s);
        if (reply.delayMs) await new Promise((r) => setTimeout(r, reply.delayMs));
        if (res.destroyed) return;
        res.writeHead(reply.status, { "x-amzn-requestid": `req-${seen.length}`, ...(reply.headers ?? {}) });
        res.end(reply.body ?? "");
      })();
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  process.off("unhandledRejection", onUnhandled);
  await new Promise((r) => server.close(r));
});

afterEach(() => {
  seen.length = 0;
  expect(unhandled).toEqual([]);
});

const json = (status: number, value: unknown, headers: Record<string, string> = {}): Reply => ({
  status,
  headers: { "content-type": "application/json", ...headers },
  body: JSON.stringify(value),
});

function client(extra: Partial<ConstructorParameters<typeof IoTManagedIntegrationsClient>[0]> = {}) {
  return new IoTManagedIntegrationsClient({
    region: REGION,
    endpoint,
    credentials: CREDENTIALS,
    retry: { baseDelayMs: 1 },
    ...extra,
  });
}

describe("every operation of the default model on the wire", () => {
  it("ListAccountAssociations: GET with query members, typed output, signed", async () => {
    handler = () =>
      json(200, {
        Items: [
          { AccountAssociationId: "a1", AssociationState: "ASSOCIATION_SUCCEEDED", Name: "n", Unknown: 1 },
          { AccountAssociationId: "a2", AssociationState: "SOMETHING_NEW" },
        ],
        NextToken: "t2",
      });
    const out = await listAccountAssociations(client(), {
      ConnectorDestinationId: "cd1",
      MaxResults: 25,
      NextToken: "t1",
    });
    const req = seen[0]!;
    expect(req.method).toBe("GET");
    expect(req.path).toBe("/account-associations");
    expect(req.query.sort()).toEqual([
      ["ConnectorDestinationId", "cd1"],
      ["MaxResults", "25"],
      ["NextToken", "t1"],
    ]);
    expect(req.body).toBe("");
    expect(req.signatureValid).toBe(true);
    const { version } = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as {
      version: string;
    };
    expect(req.headers["user-agent"]).toBe(`svcgen/${version}`);
    expect(req.headers.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/\d{8}\/eu-west-1\/iotmanagedintegrations\/aws4_request/,
    );
    expect(out.Items).toEqual([
      { AccountAssociationId: "a1", AssociationState: "ASSOCIATION_SUCCEEDED", Name: "n" },
      { AccountAssociationId: "a2", AssociationState: "SOMETHING_NEW" },
    ]);
    expect(out.NextToken).toBe("t2");
    expect(out.$metadata).toMatchObject({ httpStatusCode: 200, requestId: "req-1", attempts: 1, totalRetryDelay: 0 });
  });

  it("CreateAccountAssociation: POST with a JSON body, 201, an idempotency token filled in", async () => {
    handler = () =>
      json(201, {
        OAuthAuthorizationUrl: "https://auth.example/x",
        AccountAssociationId: "a9",
        AssociationState: "ASSOCIATION_IN_PROGRESS",
      });
    const out = await createAccountAssociation(client(), {
      ConnectorDestinationId: "cd1",
      Name: "home",
      Tags: { env: "test" },
    });
    const req = seen[0]!;
    expect(req.method).toBe("POST");
    expect(req.path).toBe("/account-associations");
    expect(req.headers["content-type"]).toBe("application/json");
    expect(req.signatureValid).toBe(true);
    const body = JSON.parse(req.body) as Record<string, unknown>;
    expect(body).toMatchObject({ ConnectorDestinationId: "cd1", Name: "home", Tags: { env: "test" } });
    expect(body.ClientToken).toMatch(/^[0-9a-f-]{36}$/);
    expect(out).toMatchObject({ AccountAssociationId: "a9", AssociationState: "ASSOCIATION_IN_PROGRESS" });
    expect(out.$metadata.httpStatusCode).toBe(201);
  });

  it("GetAccountAssociation: the URI label percent-encoded", async () => {
    handler = () => json(200, { AccountAssociationId: "abc", AssociationState: "ASSOCIATION_SUCCEEDED", OAuthAuthorizationUrl: "" });
    const out = await getAccountAssociation(client(), { AccountAssociationId: "abc" });
    expect(seen[0]).toMatchObject({ method: "GET", path: "/account-associations/abc", signatureValid: true });
    expect(out.AccountAssociationId).toBe("abc");
  });

  it("UpdateAccountAssociation: PUT with label and body, 204 without body", async () => {
    handler = () => ({ status: 204 });
    const out = await updateAccountAssociation(client(), { AccountAssociationId: "abc", Name: "renamed" });
    expect(seen[0]).toMatchObject({ method: "PUT", path: "/account-associations/abc", signatureValid: true });
    expect(JSON.parse(seen[0]!.body)).toEqual({ Name: "renamed" });
    expect(out.$metadata.httpStatusCode).toBe(204);
  });

  it("DeleteAccountAssociation and StartAccountAssociationRefresh", async () => {
    handler = (req) => (req.method === "DELETE" ? { status: 200 } : json(200, { OAuthAuthorizationUrl: "https://auth.example/r" }));
    await deleteAccountAssociation(client(), { AccountAssociationId: "abc" });
    const refreshed = await startAccountAssociationRefresh(client(), { AccountAssociationId: "abc" });
    expect(seen.map((s) => [s.method, s.path, s.signatureValid])).toEqual([
      ["DELETE", "/account-associations/abc", true],
      ["POST", "/account-associations/abc/refresh", true],
    ]);
    expect(refreshed.OAuthAuthorizationUrl).toBe("https://auth.example/r");
  });

  it("the aggregated client has a method per operation", async () => {
    handler = () => json(200, { Items: [] });
    const iot = new IoTManagedIntegrations({ region: REGION, endpoint, credentials: CREDENTIALS });
    const out = await iot.listAccountAssociations({});
    expect(out.Items).toEqual([]);
    expect(typeof iot.getAccountAssociation).toBe("function");
  });
});

describe("errors", () => {
  const cases = [
    ["ValidationException", 400, ValidationException, "client"],
    ["AccessDeniedException", 403, AccessDeniedException, "client"],
    ["InternalServerException", 500, InternalServerException, "server"],
    ["ServiceUnavailableException", 503, ServiceUnavailableException, "server"],
    ["ThrottlingException", 429, ThrottlingException, "client"],
  ] as const;
  for (const [code, status, ctor, fault] of cases) {
    it(`${code} (${status}) arrives as its class`, async () => {
      handler = () => json(status, { message: `bad ${code}` }, { "x-amzn-errortype": `${code}:http://internal.amazon.com/` });
      const err = await listAccountAssociations(client({ maxAttempts: 1 }), {}).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ctor);
      expect(err).toBeInstanceOf(IoTManagedIntegrationsServiceException);
      const e = err as InstanceType<typeof ctor>;
      expect(e.name).toBe(code);
      expect(e.message).toBe(`bad ${code}`);
      expect(e.$fault).toBe(fault);
      expect(e.$metadata).toMatchObject({ httpStatusCode: status, requestId: "req-1", attempts: 1 });
    });
  }

  it("an error code from the body's __type, with a namespace", async () => {
    handler = () => json(409, { __type: "com.amazon#ConflictException", Message: "busy" });
    const err = await createAccountAssociation(client(), { ConnectorDestinationId: "cd1" }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConflictException);
    expect((err as ConflictException).Message).toBe("busy");
  });

  it("an unknown code becomes the service's base exception named after it", async () => {
    handler = () => json(418, { __type: "TeapotException", message: "short and stout" });
    const err = await listAccountAssociations(client(), {}).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(IoTManagedIntegrationsServiceException);
    expect((err as Error).name).toBe("TeapotException");
    expect((err as IoTManagedIntegrationsServiceException).$fault).toBe("client");
  });

  it("a non-JSON 502 body is still a typed error keeping the status and the raw body", async () => {
    handler = () => ({ status: 502, headers: { "content-type": "text/html" }, body: "<html>Bad Gateway</html>" });
    const err = await listAccountAssociations(client({ maxAttempts: 1 }), {}).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(IoTManagedIntegrationsServiceException);
    const e = err as IoTManagedIntegrationsServiceException;
    expect(e.$fault).toBe("server");
    expect(e.$metadata.httpStatusCode).toBe(502);
    expect(e.$response?.body).toBe("<html>Bad Gateway</html>");
  });

  it("malformed JSON in a 200 is a ResponseParseError, no crash, no unhandled rejection", async () => {
    handler = () => ({ status: 200, headers: { "content-type": "application/json" }, body: '{"Items": [' });
    const err = await listAccountAssociations(client(), {}).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ResponseParseError);
    expect((err as ResponseParseError).$metadata.httpStatusCode).toBe(200);
  });
});

describe("validation before sending", () => {
  it("MaxResults 0 rejects with RequestValidationError and nothing reaches the server", async () => {
    handler = () => json(200, {});
    const err = await listAccountAssociations(client(), { MaxResults: 0 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RequestValidationError);
    expect((err as RequestValidationError).issues.map((i: { path: string }) => i.path)).toEqual(["MaxResults"]);
    expect(seen).toHaveLength(0);
  });

  it("every issue is listed, with its path", async () => {
    handler = () => json(200, {});
    const err = await createAccountAssociation(client(), { ConnectorDestinationId: "///", Name: "" } as never).catch((e: unknown) => e);
    const issues = (err as RequestValidationError).issues;
    expect([...new Set(issues.map((i) => i.path))].sort()).toEqual(["ConnectorDestinationId", "Name"]);
    expect(issues.map((i) => i.constraint).sort()).toEqual(["length", "pattern", "pattern"]);
    expect(seen).toHaveLength(0);
  });
});

describe("pagination", () => {
  it("walks three pages, items across pages", async () => {
    const pages: Record<string, unknown> = {
      "": { Items: [{ AccountAssociationId: "a1", AssociationState: "ASSOCIATION_SUCCEEDED" }], NextToken: "p2" },
      p2: {
        Items: [
          { AccountAssociationId: "a2", AssociationState: "ASSOCIATION_SUCCEEDED" },
          { AccountAssociationId: "a3", AssociationState: "ASSOCIATION_FAILED" },
        ],
        NextToken: "p3",
      },
      p3: { Items: [{ AccountAssociationId: "a4", AssociationState: "ASSOCIATION_SUCCEEDED" }] },
    };
    handler = (req) => json(200, pages[new Map(req.query).get("NextToken") ?? ""]);
    const ids: string[] = [];
    for await (const item of paginateListAccountAssociations(client(), { ConnectorDestinationId: "cd1" }, { pageSize: 2 }).items())
      ids.push(item.AccountAssociationId);
    expect(ids).toEqual(["a1", "a2", "a3", "a4"]);
    expect(seen).toHaveLength(3);
    expect(seen.every((s) => new Map(s.query).get("MaxResults") === "2" && new Map(s.query).get("ConnectorDestinationId") === "cd1")).toBe(
      true,
    );
  });

  it("stops when the service repeats a token", async () => {
    handler = () =>
      json(200, {
        Items: [{ AccountAssociationId: "a", AssociationState: "ASSOCIATION_SUCCEEDED" }],
        NextToken: "same",
      });
    let pagesSeen = 0;
    for await (const page of paginateListAccountAssociations(client(), {})) {
      pagesSeen++;
      expect(page.Items).toHaveLength(1);
    }
    expect(pagesSeen).toBe(2);
    expect(seen).toHaveLength(2);
  });
});

describe("retries, abort and timeouts", () => {
  it("429 then 200 succeeds with attempts 2", async () => {
    let n = 0;
    handler = () =>
      ++n === 1 ? json(429, { message: "slow down" }, { "x-amzn-errortype": "ThrottlingException" }) : json(200, { Items: [] });
    const out = await listAccountAssociations(client(), {});
    expect(out.$metadata.attempts).toBe(2);
    expect(seen).toHaveLength(2);
  });

  it("a 400 is not retried", async () => {
    handler = () => json(400, { message: "no" }, { "x-amzn-errortype": "ValidationException" });
    const err = await listAccountAssociations(client(), {}).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValidationException);
    expect(seen).toHaveLength(1);
  });

  it("an abort during the backoff sleep rejects at once", async () => {
    handler = () => json(503, { message: "down" }, { "x-amzn-errortype": "ServiceUnavailableException" });
    const controller = new AbortController();
    const c = client({ retry: { baseDelayMs: 5_000, maxDelayMs: 5_000 } });
    const started = Date.now();
    const pending = listAccountAssociations(c, {}, { signal: controller.signal }).catch((e: unknown) => e);
    while (seen.length === 0) await new Promise((r) => setTimeout(r, 5));
    await new Promise((r) => setTimeout(r, 50));
    const abortedAt = Date.now();
    controller.abort();
    const err = await pending;
    expect(err).toBeInstanceOf(AbortError);
    // At once against the 5 s backoff; the margin is for a loaded 2-core machine.
    expect(Date.now() - abortedAt).toBeLessThan(500);
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(seen).toHaveLength(1);
  });

  it("the call timeout fires during a slow response and is not retried", async () => {
    handler = () => ({ ...json(200, { Items: [] }), delayMs: 1_000 });
    const err = await listAccountAssociations(client(), {}, { timeoutMs: 100 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TimeoutError);
    expect(seen).toHaveLength(1);
  });
});
