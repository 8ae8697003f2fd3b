// Hostile servers, inputs and response bodies against the runtime itself, over real loopback
// connections: redirects, secrets in platform errors, dot-segment labels, error bodies that try
// to shadow the error's own members, outputs of the wrong numeric or date kind, `__proto__` keys
// in what hooks see, and keep-alive connections the server closed.
import { once } from "node:events";
import net from "node:net";
import type { AddressInfo } from "node:net";
import { inspect } from "node:util";
import { afterEach, describe, expect, it } from "vitest";
import { invoke, type ClientConfig } from "../generator/runtime/client/client.js";
import { NetworkError, RequestValidationError, ResponseParseError, ServiceException } from "../generator/runtime/errors.js";
import { restJson } from "../generator/runtime/protocols/rest-json.js";
import { redact } from "../generator/runtime/redact.js";
import type { OperationSchema, StructureSchema } from "../generator/runtime/schema.js";
import { fetchTransport } from "../generator/runtime/http/fetch.js";
import { Cancellation } from "../generator/runtime/http/transport.js";
import { createNodeTransport } from "../generator/runtime/http/node.js";
import {
  CREDENTIALS,
  GetThingOperation,
  PutSecretOperation,
  TestServiceException,
  ValidationException,
  service,
  TestThingsClient,
  clientConfig,
  json,
  startServer,
  type TestServer,
} from "./runtime-fixtures.js";

const servers: TestServer[] = [];
const clients: TestThingsClient[] = [];
const closers: Array<() => void> = [];

afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy();
  for (const close of closers.splice(0)) close();
  for (const s of servers.splice(0)) await s.close();
});

async function server(handler: Parameters<typeof startServer>[0]): Promise<TestServer> {
  const s = await startServer(handler);
  servers.push(s);
  return s;
}

function client(s: TestServer, extra: ClientConfig = {}): TestThingsClient {
  const c = new TestThingsClient(clientConfig(s, extra));
  clients.push(c);
  return c;
}

/** The two transports every network rule must hold for. */
const TRANSPORTS: ReadonlyArray<readonly [string, ClientConfig]> = [
  ["node:http", {}],
  ["fetch", { fetch: globalThis.fetch.bind(globalThis) }],
];

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected the call to fail");
}

describe("redirects are never followed", () => {
  for (const [transport, extra] of TRANSPORTS) {
    for (const status of [301, 302, 307, 308]) {
      it(`${transport}: HTTP ${status} to another origin is an error carrying Location; the other origin sees nothing`, async () => {
        const elsewhere = await server((_req, res) => json(res, 200, { ThingId: "stolen", Name: "from elsewhere" }));
        const location = `${elsewhere.url}/things/t1`;
        const origin = await server((_req, res) => {
          res.writeHead(status, { location, "content-length": "0" });
          res.end();
        });
        const error = await rejection(invoke(client(origin, { ...extra, credentials: CREDENTIALS }), GetThingOperation, { ThingId: "t1" }));
        expect(error).toBeInstanceOf(TestServiceException);
        const e = error as TestServiceException;
        expect(e.name).toBe(`Http${status}Error`);
        expect(e.$metadata.httpStatusCode).toBe(status);
        expect(e.$response?.headers["location"]).toBe(location);
        expect(e.message).toContain(location);
        expect(String(e)).toContain("redirect");
        // Not retried, and nothing reached the other origin (the session token stayed home).
        expect(origin.requests).toHaveLength(1);
        expect(elsewhere.requests).toHaveLength(0);
      });
    }
  }

  it("an injected fetch that follows redirects anyway has its answer refused", async () => {
    const elsewhere = await server((_req, res) => json(res, 200, { ThingId: "stolen" }));
    const origin = await server((_req, res) => {
      res.writeHead(302, { location: `${elsewhere.url}/x`, "content-length": "0" });
      res.end();
    });
    const following: typeof fetch = (input, init) => globalThis.fetch(input, { ...init, redirect: "follow" });
    const error = await rejection(invoke(client(origin, { fetch: following, maxAttempts: 3 }), GetThingOperation, { ThingId: "t1" }));
    expect(error).toBeInstanceOf(NetworkError);
    expect((error as Error).message).toContain("followed a redirect");
    expect(origin.requests).toHaveLength(1);
  });
});

/**
 * A raw server that answers each connection's first request with keep-alive, then drops the
 * connection without answering when the same connection brings a second one: what a client sees
 * when the server closed an idle connection just as the client reused it.
 */
async function oneShotServer(): Promise<{ url: string; connections: () => number; requests: () => number }> {
  let connections = 0;
  let requests = 0;
  const sockets = new Set<net.Socket>();
  const srv = net.createServer((socket) => {
    connections++;
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", () => undefined);
    let served = 0;
    let buffered = "";
    socket.on("data", (chunk: Buffer) => {
      buffered += chunk.toString("latin1");
      while (buffered.includes("\r\n\r\n")) {
        buffered = buffered.slice(buffered.indexOf("\r\n\r\n") + 4);
        requests++;
        if (served++ > 0) {
          socket.destroy();
          return;
        }
        const body = JSON.stringify({ ThingId: "t1" });
        socket.write(
          `HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: ${body.length}\r\nconnection: keep-alive\r\n\r\n${body}`,
        );
      }
    });
  });
  srv.listen(0, "127.0.0.1");
  await once(srv, "listening");
  closers.push(() => {
    for (const s of sockets) s.destroy();
    srv.close();
  });
  return {
    url: `http://127.0.0.1:${(srv.address() as AddressInfo).port}`,
    connections: () => connections,
    requests: () => requests,
  };
}

describe("reused connections", () => {
  it("a kept-alive connection the server dropped is retried once on a new one, even with maxAttempts 1", async () => {
    const s = await oneShotServer();
    const c = new TestThingsClient({
      region: "us-west-2",
      endpoint: s.url,
      credentials: CREDENTIALS,
      maxAttempts: 1,
    });
    clients.push(c);
    for (let i = 0; i < 20; i++) {
      const out = await invoke(c, GetThingOperation, { ThingId: "t1" });
      expect(out.ThingId).toBe("t1");
      expect(out.$metadata.attempts).toBe(1);
    }
    // Every call after the first found its connection dropped and went out again on a new one.
    expect(s.connections()).toBe(20);
    expect(s.requests()).toBe(39);
  });

  it("a fresh connection that drops is not retried by the transport (the retry policy decides)", async () => {
    const srv = net.createServer((socket) => {
      socket.on("error", () => undefined);
      socket.once("data", () => socket.destroy());
    });
    srv.listen(0, "127.0.0.1");
    await once(srv, "listening");
    let connections = 0;
    srv.on("connection", () => connections++);
    closers.push(() => srv.close());
    const c = new TestThingsClient({
      region: "us-west-2",
      endpoint: `http://127.0.0.1:${(srv.address() as AddressInfo).port}`,
      credentials: CREDENTIALS,
      maxAttempts: 1,
    });
    clients.push(c);
    await expect(invoke(c, GetThingOperation, { ThingId: "t1" })).rejects.toBeInstanceOf(NetworkError);
    expect(connections).toBe(1);
  });

  it("idle connections are closed by the client before a 5 s server would close them", async () => {
    const s = await server((_req, res) => json(res, 200, { ThingId: "t1" }));
    const transport = createNodeTransport({ maxResponseBytes: 1 << 20, maxSockets: 4, freeSocketTimeoutMs: 100 });
    closers.push(() => transport.destroy());
    const request = {
      method: "GET",
      protocol: "http:" as const,
      hostname: "127.0.0.1",
      port: s.port,
      path: "/things/t1",
      headers: {},
    };
    await transport.send(request, new Cancellation());
    expect(s.openSockets()).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(s.openSockets()).toBe(0);
  });

  it("the default idle timeout is shorter than the common 5 s server keep-alive", async () => {
    const { FREE_SOCKET_TIMEOUT_MS } = await import("../generator/runtime/http/node.js");
    expect(FREE_SOCKET_TIMEOUT_MS).toBeLessThan(5000);
  });
});

describe("the fetch transport caps requests in flight", () => {
  it("never has more than maxSockets requests open at once, and serves them all", async () => {
    let inFlight = 0;
    let peak = 0;
    const s = await server((_req, res) => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      setTimeout(() => {
        inFlight--;
        json(res, 200, { ThingId: "t1" });
      }, 20);
    });
    const c = client(s, { fetch: globalThis.fetch.bind(globalThis), maxSockets: 3 });
    const results = await Promise.all(Array.from({ length: 12 }, () => invoke(c, GetThingOperation, { ThingId: "t1" })));
    expect(results.every((r) => r.ThingId === "t1")).toBe(true);
    expect(peak).toBe(3);
  });

  it("a call cancelled while waiting for a slot leaves the queue and frees nothing it did not hold", async () => {
    const release: Array<() => void> = [];
    const s = await server((_req, res) => release.push(() => json(res, 200, { ThingId: "t1" })));
    const transport = fetchTransport(globalThis.fetch.bind(globalThis), { maxResponseBytes: 1 << 20, maxSockets: 1 });
    const request = {
      method: "GET",
      protocol: "http:" as const,
      hostname: "127.0.0.1",
      port: s.port,
      path: "/things/t1",
      headers: {},
    };
    const first = transport.send(request, new Cancellation());
    const waiting = new Cancellation();
    const second = transport.send(request, waiting);
    const third = transport.send(request, new Cancellation());
    waiting.abort(new Error("gave up"));
    await expect(second).rejects.toThrow("gave up");
    while (release.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    release.shift()?.();
    expect((await first).statusCode).toBe(200);
    while (release.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    expect(s.requests).toHaveLength(2);
    release.shift()?.();
    expect((await third).statusCode).toBe(200);
  });
});

describe("no secret in any error the client throws", () => {
  const TOKEN = "CnryHeaderTokenValue";
  const SESSION = "CnrySessionTokenValue";
  const KEY_ID = "AKIDCNRYKEYIDVALUE";
  const VALUE = "CnryBodySecretValue";

  /** Everything a caller or a log could see of an error. */
  function shown(error: unknown): string {
    const e = error as Error & { cause?: unknown };
    const causes: string[] = [];
    for (let c: unknown = e.cause, i = 0; c !== undefined && i < 10; c = (c as { cause?: unknown }).cause, i++) {
      causes.push(String(c), inspect(c, { depth: 5 }), (c as Error).stack ?? "");
    }
    return [String(e), e.message, e.stack ?? "", inspect(e, { depth: 5, showHidden: true }), JSON.stringify(e), ...causes].join("\n");
  }

  const cases: ReadonlyArray<readonly [string, Record<string, unknown>, ClientConfig]> = [
    ["a sensitive header member with a line break", { Token: `${TOKEN}\r\nX-Injected: 1`, Value: VALUE }, {}],
    ["a session token with a line break", { Value: VALUE }, { credentials: { ...CREDENTIALS, sessionToken: `${SESSION}\nX: y` } }],
    [
      "an access key id with a line break (the Authorization header is refused)",
      { Value: VALUE },
      { credentials: { ...CREDENTIALS, accessKeyId: `${KEY_ID}\nX: y` } },
    ],
  ];

  for (const [transport, extra] of TRANSPORTS) {
    for (const [what, input, config] of cases) {
      it(`${transport}: ${what}`, async () => {
        const s = await server((_req, res) => json(res, 200, {}));
        const retried: string[] = [];
        const c = client(s, {
          ...extra,
          ...config,
          maxAttempts: 2,
          hooks: { onRetry: (ctx) => void retried.push(ctx.error.message) },
        });
        const error = await rejection(invoke(c, PutSecretOperation, { Owner: "o", SecretName: "CnryLabelSecret", ...input }));
        expect(error).toBeInstanceOf(Error);
        const text = shown(error) + retried.join("\n");
        for (const secret of [TOKEN, SESSION, VALUE, "CnryLabelSecret", CREDENTIALS.secretAccessKey, CREDENTIALS.sessionToken]) {
          expect(text).not.toContain(secret);
        }
        expect(text).not.toMatch(/Signature=[0-9a-f]{16}/);
        expect(s.requests).toHaveLength(0);
      });
    }
  }

  it("a platform error is replaced by a scrubbed copy of the same class, the original left as it was", async () => {
    const s = await server((_req, res) => json(res, 200, {}));
    let thrown: Error | undefined;
    const refusing: typeof fetch = (_input, init) => {
      const headers = init?.headers as Record<string, string>;
      thrown = new TypeError(`refused ${headers["x-secret-token"]} and ${headers["authorization"]}`);
      return Promise.reject(thrown);
    };
    const error = await rejection(
      invoke(client(s, { fetch: refusing, maxAttempts: 1 }), PutSecretOperation, {
        Owner: "o",
        SecretName: "n1234",
        Token: TOKEN,
      }),
    );
    expect(error).toBeInstanceOf(NetworkError);
    const cause = (error as Error).cause as Error;
    expect(cause).toBeInstanceOf(TypeError);
    expect(cause).not.toBe(thrown);
    expect(cause.message).toBe("refused *** and ***");
    expect(shown(error)).not.toContain(TOKEN);
    expect(thrown?.message).toContain(TOKEN);
  });
});

describe("URI labels cannot be dot-segments", () => {
  const GetObjectOperation: OperationSchema = {
    name: "GetObject",
    method: "GET",
    requestUri: "/buckets/{Bucket}/objects/{Key+}",
    input: {
      type: "structure",
      name: "GetObjectRequest",
      members: {
        Bucket: { target: "string", location: "uri", locationName: "Bucket" },
        Key: { target: "string", location: "uri", locationName: "Key" },
      },
    },
    output: { type: "structure", name: "GetObjectResponse", members: {} },
    errors: [],
  };

  for (const [transport, extra] of TRANSPORTS) {
    for (const id of [".", ".."]) {
      it(`${transport}: a label of ${JSON.stringify(id)} is refused before anything is sent`, async () => {
        const s = await server((_req, res) => json(res, 200, {}));
        const error = await rejection(invoke(client(s, extra), GetThingOperation, { ThingId: id }));
        expect(error).toBeInstanceOf(RequestValidationError);
        expect((error as RequestValidationError).issues[0]?.path).toBe("ThingId");
        expect(s.requests).toHaveLength(0);
      });
    }

    for (const key of ["..", ".", "a/../b", "../etc", "a/..", "./a", "a/./b", "a/.", "a/../../.."]) {
      it(`${transport}: a greedy label ${JSON.stringify(key)} is refused`, async () => {
        const s = await server((_req, res) => json(res, 200, {}));
        const error = await rejection(invoke(client(s, extra), GetObjectOperation, { Bucket: "b", Key: key }));
        expect(error).toBeInstanceOf(RequestValidationError);
        expect((error as RequestValidationError).issues[0]?.path).toBe("Key");
        expect(s.requests).toHaveLength(0);
      });
    }

    it(`${transport}: dots that are not a whole segment reach the server as sent`, async () => {
      const s = await server((_req, res) => json(res, 200, {}));
      const c = client(s, extra);
      await invoke(c, GetObjectOperation, { Bucket: "...", Key: "a..b/.c/d./.../%2E%2E" });
      await invoke(c, GetThingOperation, { ThingId: "..." });
      expect(s.requests.map((r) => r.url)).toEqual(["/buckets/.../objects/a..b/.c/d./.../%252E%252E", "/things/..."]);
    });
  }
});

describe("error bodies cannot shadow the error's own members", () => {
  const HOSTILE_BODY = JSON.stringify({
    __type: "SomethingUnmodelled",
    message: "hello",
    toString: "not a function",
    valueOf: 42,
    hasOwnProperty: null,
    constructor: { prototype: {} },
    name: 12,
    stack: "fake",
    __proto__: { polluted: true },
    isPrototypeOf: "x",
    toLocaleString: [],
    propertyIsEnumerable: 1,
    $fault: "server",
    $metadata: "gone",
    Extra: "kept",
  });

  function errorFrom(body: string, code?: string): ServiceException {
    const headers: Record<string, string> = { "content-type": "application/json" };
    if (code !== undefined) headers["x-amzn-errortype"] = code;
    return restJson.deserializeError(
      service,
      GetThingOperation,
      { statusCode: 400, headers, body: new TextEncoder().encode(body) },
      { attempts: 1, totalRetryDelay: 0 },
    );
  }

  function expectIntact(e: ServiceException, name: string): void {
    expect(String(e)).toBe(`${name}: hello`);
    expect(`${e}`).toBe(`${name}: hello`);
    expect(e.toString).toBe(Error.prototype.toString);
    expect(e.valueOf).toBe(Object.prototype.valueOf);
    expect(e.hasOwnProperty).toBe(Object.prototype.hasOwnProperty);
    expect(Object.getPrototypeOf(e)).not.toHaveProperty("polluted");
    expect((e as unknown as { polluted?: unknown }).polluted).toBeUndefined();
    expect(e.name).toBe(name);
    expect(e.$fault).toBe("client");
    expect(e.$metadata.attempts).toBe(1);
    expect(e.stack).not.toBe("fake");
    expect(inspect(e)).toContain("hello");
    for (const key of ["toString", "valueOf", "hasOwnProperty", "constructor", "isPrototypeOf", "toLocaleString", "propertyIsEnumerable"]) {
      expect(Object.hasOwn(e, key)).toBe(false);
    }
  }

  it("an unmodelled code keeps its other fields, but none that replace the error's own", () => {
    const e = errorFrom(HOSTILE_BODY);
    expect(e).toBeInstanceOf(TestServiceException);
    expectIntact(e, "SomethingUnmodelled");
    expect((e as unknown as { Extra: string }).Extra).toBe("kept");
  });

  it("a modelled code too", () => {
    const e = errorFrom(HOSTILE_BODY, "ValidationException");
    expect(e).toBeInstanceOf(ValidationException);
    // The fixture's classes keep the base name (generated ones set their own).
    expectIntact(e, "ServiceException");
  });

  it("over the wire, from a real server", async () => {
    const s = await server((_req, res) => {
      res.writeHead(400, { "content-type": "application/json", "content-length": Buffer.byteLength(HOSTILE_BODY) });
      res.end(HOSTILE_BODY);
    });
    const error = await rejection(invoke(client(s), GetThingOperation, { ThingId: "t1" }));
    expectIntact(error as ServiceException, "SomethingUnmodelled");
  });
});

describe("copies given to hooks keep their data", () => {
  const Tagged: StructureSchema = {
    type: "structure",
    name: "Tagged",
    members: {
      Tags: { target: { type: "map", key: "string", value: "string" } },
      Doc: { target: "document" },
    },
  };

  it("a map key __proto__ stays an own key, and documents are copied without their prototypes", () => {
    class Custom {
      readonly own = 1;
      get secretGetter(): string {
        return "from the prototype";
      }
    }
    const tags = JSON.parse('{"__proto__": "evil", "a": "b"}') as Record<string, string>;
    const doc = JSON.parse('{"__proto__": {"x": 1}, "list": [{"__proto__": 2}]}') as Record<string, unknown>;
    doc["custom"] = new Custom();
    const copy = redact({ Tags: tags, Doc: doc, Unknown: JSON.parse('{"__proto__": 3}') }, Tagged) as Record<
      string,
      Record<string, unknown>
    >;
    expect(Object.hasOwn(copy.Tags!, "__proto__")).toBe(true);
    expect(copy.Tags!["__proto__"]).toBe("evil");
    expect(Object.getPrototypeOf(copy.Tags)).toBe(Object.prototype);
    expect(Object.keys(copy.Tags!)).toEqual(["__proto__", "a"]);
    expect(Object.hasOwn(copy.Doc!, "__proto__")).toBe(true);
    expect(Object.getPrototypeOf(copy.Doc)).toBe(Object.prototype);
    expect((copy.Doc!["list"] as Array<Record<string, unknown>>)[0]).toEqual(JSON.parse('{"__proto__": 2}'));
    expect(Object.hasOwn((copy.Doc!["list"] as Array<Record<string, unknown>>)[0]!, "__proto__")).toBe(true);
    const custom = copy.Doc!["custom"] as Record<string, unknown>;
    expect(custom).not.toBe(doc["custom"]);
    expect(Object.getPrototypeOf(custom)).toBe(Object.prototype);
    expect(custom).toEqual({ own: 1 });
    expect(Object.hasOwn(copy.Unknown!, "__proto__")).toBe(true);
  });

  it("through a real call: beforeRequest sees the __proto__ key the server receives", async () => {
    const TagThing: OperationSchema = {
      name: "TagThing",
      method: "POST",
      requestUri: "/tags",
      input: Tagged,
      output: { type: "structure", name: "TagThingResponse", members: {} },
      errors: [],
    };
    const s = await server((_req, res) => json(res, 200, {}));
    let seen: unknown;
    const c = client(s, { hooks: { beforeRequest: (ctx) => void (seen = ctx.input) } });
    await invoke(c, TagThing, { Tags: JSON.parse('{"__proto__": "evil"}') as Record<string, string> });
    expect(JSON.parse(s.requests[0]!.body.toString()) as unknown).toEqual(JSON.parse('{"Tags": {"__proto__": "evil"}}'));
    const tags = (seen as { Tags: Record<string, unknown> }).Tags;
    expect(Object.hasOwn(tags, "__proto__")).toBe(true);
    expect(JSON.stringify(seen)).toBe('{"Tags":{"__proto__":"evil"}}');
  });
});

describe("outputs are read as the model types them", () => {
  const Item: StructureSchema = { type: "structure", name: "Item", members: { Count: { target: "integer" } } };
  const ReadThings: OperationSchema = {
    name: "ReadThings",
    method: "GET",
    requestUri: "/read",
    output: {
      type: "structure",
      name: "ReadThingsResponse",
      members: {
        Long: { target: "long" },
        Int: { target: "integer" },
        Short: { target: "short" },
        Byte: { target: "byte" },
        Double: { target: "double" },
        When: { target: "timestamp" },
        Data: { target: "blob" },
        Items: { target: { type: "list", member: Item } },
        Counts: { target: { type: "map", key: "string", value: "integer" } },
        HeaderCount: { target: "integer", location: "header", locationName: "x-count" },
        HeaderWhen: { target: "timestamp", location: "header", locationName: "x-when" },
      },
    },
    errors: [],
  };

  let reply: { body: string; headers?: Record<string, string> } = { body: "{}" };
  async function read(config: ClientConfig = {}): Promise<unknown> {
    const s =
      servers[0] ??
      (await server((_req, res) => {
        res.writeHead(200, {
          "content-type": "application/json",
          "content-length": Buffer.byteLength(reply.body),
          ...reply.headers,
        });
        res.end(reply.body);
      }));
    return invoke(client(s, config), ReadThings, {});
  }

  const bad: ReadonlyArray<readonly [string, string, Record<string, string>?]> = [
    ["Long", '{"Long": 1e400}'],
    ["Long", '{"Long": 1.5}'],
    ["Long", '{"Long": "NaN"}'],
    ["Long", '{"Long": 1e19}'],
    ["Long", '{"Long": ""}'],
    ["Long", '{"Long": "0x10"}'],
    ["Int", '{"Int": 2147483648}'],
    ["Int", '{"Int": -2147483649}'],
    ["Int", '{"Int": 1e-7}'],
    ["Short", '{"Short": 32768}'],
    ["Byte", '{"Byte": -129}'],
    ["Double", '{"Double": "1,5"}'],
    ["Double", '{"Double": " "}'],
    ["When", '{"When": 1e20}'],
    ["When", '{"When": 1e400}'],
    ["When", '{"When": "2024-02-30T00:00:00Z"}'],
    ["When", '{"When": "2023-02-29T00:00:00Z"}'],
    ["When", '{"When": "2024-01-01T25:61:61Z"}'],
    ["When", '{"When": "2024-13-01T00:00:00Z"}'],
    ["When", '{"When": "2024-01-01T00:00:00+24:00"}'],
    ["When", '{"When": "Fri 2"}'],
    ["When", '{"When": "Mon, 31 Feb 2024 00:00:00 GMT"}'],
    ["Data", '{"Data": "AQ"}'],
    ["Data", '{"Data": "AR=="}'],
    ["Data", '{"Data": "AQ==\\n"}'],
    ["Data", '{"Data": "A-8_"}'],
    ["Data", '{"Data": "AQ==="}'],
    ["Items[1].Count", '{"Items": [{"Count": 1}, {"Count": 1.5}]}'],
    ['Counts["b"]', '{"Counts": {"a": 1, "b": 4294967296}}'],
    ["HeaderCount", "{}", { "x-count": "1.5" }],
    ["HeaderCount", "{}", { "x-count": "" }],
    ["HeaderWhen", "{}", { "x-when": "Tue, 30 Feb 2024 00:00:00 GMT" }],
  ];

  for (const [transport, extra] of TRANSPORTS) {
    for (const [member, body, headers] of bad) {
      it(`${transport}: ${body}${headers ? " " + JSON.stringify(headers) : ""} fails naming ${member}`, async () => {
        reply = { body, ...(headers ? { headers } : {}) };
        const error = await rejection(read(extra));
        expect(error).toBeInstanceOf(ResponseParseError);
        expect((error as Error).message).toContain(`ReadThingsResponse: ${member}: `);
        expect((error as ResponseParseError).$response.body).toBe(body);
      });
    }
  }

  it("values at the edges of their types are read exactly", async () => {
    reply = {
      body: '{"Long": -9223372036854775808, "Int": -2147483648, "Short": 32767, "Byte": -128, "Double": "-Infinity", "When": "2024-02-29T23:59:59.5Z", "Data": "AQI=", "Items": [{"Count": 2147483647}], "Counts": {"__proto__": 1}}',
      headers: { "x-count": "-7", "x-when": "Sun, 06 Nov 1994 08:49:37 GMT" },
    };
    const out = (await read()) as Record<string, unknown>;
    expect(out["Long"]).toBe(-9223372036854775808);
    expect(out["Int"]).toBe(-2147483648);
    expect(out["Short"]).toBe(32767);
    expect(out["Byte"]).toBe(-128);
    expect(out["Double"]).toBe(-Infinity);
    expect((out["When"] as Date).toISOString()).toBe("2024-02-29T23:59:59.500Z");
    expect(out["Data"]).toEqual(new Uint8Array([1, 2]));
    expect(out["Items"]).toEqual([{ Count: 2147483647 }]);
    expect(Object.hasOwn(out["Counts"] as object, "__proto__")).toBe(true);
    expect(out["HeaderCount"]).toBe(-7);
    expect((out["HeaderWhen"] as Date).toISOString()).toBe("1994-11-06T08:49:37.000Z");
  });
});
