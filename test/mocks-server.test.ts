// startMockServer from the generated package's testing entry point, driven by the generated
// client over real HTTP on 127.0.0.1: sample outputs valid against the model and stable per
// seed, validation errors in the model's shape, stubs, recorded calls, raw protocol errors.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  IoTManagedIntegrationsClient,
  ResourceNotFoundException,
  ValidationException,
  createAccountAssociation,
  getAccountAssociation,
  listAccountAssociations,
  paginateListAccountAssociations,
  validateGetAccountAssociationResponse,
  validateListAccountAssociationsResponse,
} from "../generated/iot-managed-integrations/src/index.js";
import { startMockServer, type MockServer } from "../generated/iot-managed-integrations/src/testing.js";

type Server = Awaited<ReturnType<typeof startMockServer>>;
let server: Server;
let client: IoTManagedIntegrationsClient;

function clientFor(s: MockServer<never, never> | Server): IoTManagedIntegrationsClient {
  return new IoTManagedIntegrationsClient({
    region: "eu-west-1",
    endpoint: s.url,
    credentials: { accessKeyId: "AKID", secretAccessKey: "SECRET" },
    maxAttempts: 1,
    strictOutput: true,
  });
}

beforeAll(async () => {
  server = await startMockServer({ seed: 7 });
  client = clientFor(server);
});
afterAll(async () => {
  client.destroy();
  await server.close();
});

describe("startMockServer", () => {
  it("listens on a loopback port and answers valid calls with model-valid samples", async () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const got = await getAccountAssociation(client, { AccountAssociationId: "abc" });
    const { $metadata, ...output } = got;
    expect($metadata.httpStatusCode).toBe(200);
    expect(validateGetAccountAssociationResponse(output)).toEqual([]);
    expect([
      "ASSOCIATION_IN_PROGRESS",
      "ASSOCIATION_FAILED",
      "ASSOCIATION_SUCCEEDED",
      "ASSOCIATION_DELETING",
      "REFRESH_TOKEN_EXPIRED",
    ]).toContain(output.AssociationState);
    expect(output.Arn).toMatch(/^arn:aws:iotmanagedintegrations:[0-9a-zA-Z-]+:[0-9]+:account-association\/[0-9a-zA-Z]+$/);
    const list = await listAccountAssociations(client, { MaxResults: 10 });
    const { $metadata: _m, ...page } = list;
    expect(validateListAccountAssociationsResponse(page)).toEqual([]);
    // Samples leave the next token out, so a paginator ends.
    expect(list.NextToken).toBeUndefined();
    let pages = 0;
    for await (const _ of paginateListAccountAssociations(client, {})) pages++;
    expect(pages).toBe(1);
  });

  it("gives the same outputs for the same seed, and others for another", async () => {
    const again = await startMockServer({ seed: 7 });
    const other = await startMockServer({ seed: 8 });
    try {
      const strip = ({ $metadata: _, ...rest }: { $metadata: unknown }) => rest;
      const a = strip(await getAccountAssociation(client, { AccountAssociationId: "abc" }));
      const b = strip(await getAccountAssociation(clientFor(again), { AccountAssociationId: "abc" }));
      const c = strip(await getAccountAssociation(clientFor(other), { AccountAssociationId: "abc" }));
      expect(b).toEqual(a);
      expect(c).not.toEqual(a);
    } finally {
      await again.close();
      await other.close();
    }
  });

  it("answers invalid input with the model's ValidationException naming the problem", async () => {
    // The client validates first; a client that does not (validateInput: false) reaches the server.
    const lax = new IoTManagedIntegrationsClient({
      region: "eu-west-1",
      endpoint: server.url,
      credentials: { accessKeyId: "AKID", secretAccessKey: "SECRET" },
      maxAttempts: 1,
      validateInput: false,
    });
    const error = await listAccountAssociations(lax, { MaxResults: 5000 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationException);
    expect((error as ValidationException).message).toMatch(/ListAccountAssociations: invalid input: MaxResults: /);
    expect((error as ValidationException).$metadata.httpStatusCode).toBe(400);
    const missing = await createAccountAssociation(lax, {} as never).catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(ValidationException);
    expect((missing as Error).message).toMatch(/ConnectorDestinationId: is required/);
  });

  it("answers an unknown route with the validation error, and never crashes on garbage", async () => {
    const res = await fetch(`${server.url}/no/such/thing`, { method: "PATCH" });
    expect(res.status).toBe(400);
    expect(res.headers.get("x-amzn-errortype")).toBe("ValidationException");
    expect(await res.text()).toMatch(/no operation of IoT Managed Integrations matches PATCH \/no\/such\/thing/);
    const bad = await fetch(`${server.url}/account-associations`, {
      method: "POST",
      body: "{not json",
      headers: { "content-type": "application/json" },
    });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toMatch(/cannot be read/);
  });

  it("answers with stubs declared through on(...), and records the calls read from the wire", async () => {
    server.reset();
    server.on("GetAccountAssociation", { AccountAssociationId: "mine" }).resolves({
      AccountAssociationId: "mine",
      AssociationState: "ASSOCIATION_FAILED",
      OAuthAuthorizationUrl: "",
      ErrorMessage: "stubbed",
    });
    server.on("GetAccountAssociation", { AccountAssociationId: "gone" }).rejects("ResourceNotFoundException", { Message: "not here" });
    const got = await getAccountAssociation(client, { AccountAssociationId: "mine" });
    expect(got).toMatchObject({ AccountAssociationId: "mine", AssociationState: "ASSOCIATION_FAILED", ErrorMessage: "stubbed" });
    const error = await getAccountAssociation(client, { AccountAssociationId: "gone" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ResourceNotFoundException);
    expect(error).toMatchObject({ Message: "not here", $metadata: { httpStatusCode: 404 } });
    await createAccountAssociation(client, { ConnectorDestinationId: "d", Name: "n", Tags: { k: "v" } });
    expect(server.calls("GetAccountAssociation")).toEqual([{ AccountAssociationId: "mine" }, { AccountAssociationId: "gone" }]);
    expect(server.calls("CreateAccountAssociation")).toEqual([
      { ConnectorDestinationId: "d", Name: "n", Tags: { k: "v" }, ClientToken: expect.any(String) as string },
    ]);
  });

  it("survives hostile requests: oversized, prototype keys, unreadable bodies that are never echoed", async () => {
    const small = await startMockServer({ maxBodyBytes: 1000 });
    try {
      const big = await fetch(`${small.url}/account-associations`, { method: "POST", body: "x".repeat(5000) });
      expect(big.status).toBe(413);
      const proto = await fetch(`${small.url}/account-associations`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: '{"__proto__":{"polluted":1},"constructor":{"prototype":1},"ConnectorDestinationId":"d"}',
      });
      expect(proto.status).toBe(201);
      expect(({} as Record<string, unknown>)["polluted"]).toBeUndefined();
      const secret = await fetch(`${small.url}/account-associations`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: '{"ConnectorDestinationId": "do-not-echo-this',
      });
      expect(secret.status).toBe(400);
      expect(await secret.text()).not.toContain("do-not-echo-this");
      const typed = await fetch(`${small.url}/account-associations?MaxResults=lots`);
      expect(typed.status).toBe(400);
      expect(await typed.text()).toMatch(/MaxResults/);
      // Still serving.
      expect((await fetch(`${small.url}/account-associations/abc`)).status).toBe(200);
    } finally {
      await small.close();
    }
  });

  it("accepts requests without a signature", async () => {
    const res = await fetch(`${server.url}/account-associations/abc`);
    expect(res.status).toBe(200);
    expect(JSON.parse(await res.text())).toHaveProperty("AccountAssociationId");
  });
});

describe("startServer without a protocol half", () => {
  it("refuses to start, naming the protocol", async () => {
    const { startServer } = await import("../generator/runtime/testing/server.js");
    const { MockUsageError } = await import("../generator/runtime/testing/stubs.js");
    const { service } = await import("../generated/iot-managed-integrations/src/service.js");
    const spec = {
      service: { ...service, protocol: { ...service.protocol, name: "smithy-rpc-v2-cbor" } },
      operations: [],
      facts: new Map(),
    };
    const error = await startServer(spec).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MockUsageError);
    expect((error as Error).message).toMatch(/does not speak smithy-rpc-v2-cbor yet/);
  });
});

describe("a model without a validation error", () => {
  it("answers invalid input with a plain 400 naming the problem", async () => {
    const { startServer } = await import("../generator/runtime/testing/server.js");
    const { restJsonServer } = await import("../generated/iot-managed-integrations/src/runtime/testing/server-rest-json.js");
    const { service } = await import("../generated/iot-managed-integrations/src/service.js");
    const { GetAccountAssociationOperation } =
      await import("../generated/iot-managed-integrations/src/operations/get-account-association.js");
    const spec = {
      service: { ...service, errors: [] },
      operations: [{ operation: { ...GetAccountAssociationOperation, errors: [] } }],
      facts: new Map(),
      server: restJsonServer,
    };
    const bare = await startServer(spec);
    try {
      const res = await fetch(`${bare.url}/account-associations/${"x".repeat(100)}`);
      expect(res.status).toBe(400);
      expect(res.headers.get("x-amzn-errortype")).toBe("ValidationException");
      expect(JSON.parse(await res.text())).toEqual({
        message: expect.stringMatching(/^GetAccountAssociation: invalid input: AccountAssociationId: /) as unknown,
      });
    } finally {
      await bare.close();
    }
  });
});
