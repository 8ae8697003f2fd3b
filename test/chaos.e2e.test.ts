// The generated IoT Managed Integrations client against a hostile server on 127.0.0.1. One
// node:http server plays a broken service (bad bodies, storms, slow or huge bodies); one raw
// node:net server breaks HTTP itself (resets, truncation, garbage status lines). Every fault in
// the table must settle with the expected typed error or result, within its deadline, with no
// unhandled rejection, no socket left in use, and no more attempts than the standard retry mode
// allows.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import http from "node:http";
import net from "node:net";
import type { AddressInfo } from "node:net";
import {
  AbortError,
  InternalServerException,
  IoTManagedIntegrationsClient,
  IoTManagedIntegrationsServiceException,
  NetworkError,
  ResponseParseError,
  ServiceUnavailableException,
  ThrottlingException,
  TimeoutError,
  getAccountAssociation,
  listAccountAssociations,
  type ClientConfig,
} from "../generated/iot-managed-integrations/src/index.js";

const CREDENTIALS = { accessKeyId: "AKIDCHAOS", secretAccessKey: "chaos-secret-key" };
const REGION = "eu-west-1";
/** The whole-call deadline of most faults: short, so the file stays fast. */
const DEADLINE_MS = 400;
/** How late past its deadline a call may settle on a loaded machine. */
const DEADLINE_SLACK_MS = 250;
/** The issue's bound on cancellation, measured from abort() to the call settling. */
const ABORT_BUDGET_MS = 50;
const MAX_RESPONSE_BYTES = 64 * 1024;
// The standard retry mode's quota costs: 5 tokens per retry, 10 after a connection failure.
const RETRY_COST = 5;
const CONNECTION_RETRY_COST = 10;

/** Server-side view of the connections: which are open, which are mid-exchange, how many requests came. */
class Tracker {
  readonly open = new Set<net.Socket>();
  readonly busy = new Set<net.Socket>();
  requests = 0;
  #waiters: Array<() => void> = [];

  track(socket: net.Socket): void {
    this.open.add(socket);
    // A client that breaks the connection is expected; the error must not crash the server.
    socket.on("error", () => undefined);
    socket.on("close", () => {
      this.open.delete(socket);
      this.busy.delete(socket);
    });
  }

  request(socket: net.Socket): number {
    this.busy.add(socket);
    this.requests++;
    for (const wake of this.#waiters.splice(0)) wake();
    return this.requests;
  }

  /** Resolves once `n` requests have arrived in total. */
  async untilRequests(n: number): Promise<void> {
    while (this.requests < n) await new Promise<void>((resolve) => this.#waiters.push(resolve));
  }

  reset(): void {
    this.requests = 0;
    this.#waiters = [];
  }
}

type HttpFault = (req: http.IncomingMessage, res: http.ServerResponse, attempt: number) => void;
type NetFault = (socket: net.Socket, attempt: number) => void;

const httpTracker = new Tracker();
const netTracker = new Tracker();
let httpFault: HttpFault = () => undefined;
let netFault: NetFault = () => undefined;
let httpServer: http.Server;
let netServer: net.Server;
let httpEndpoint: string;
let netEndpoint: string;
/** An endpoint where nothing listens: connections are refused. */
let deadEndpoint: string;
let baselineSockets = 0;
const timers = new Set<NodeJS.Timeout>();
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown): void => {
  unhandled.push(reason);
};

function tcpSockets(): number {
  return process.getActiveResourcesInfo().filter((r) => r === "TCPSocketWrap").length;
}

/** Runs `fn` every `ms` until cleared; every timer is cleared after each test. */
function every(ms: number, fn: () => void): NodeJS.Timeout {
  const timer = setInterval(fn, ms);
  timers.add(timer);
  return timer;
}

function stop(timer: NodeJS.Timeout): void {
  clearInterval(timer);
  timers.delete(timer);
}

beforeAll(async () => {
  process.on("unhandledRejection", onUnhandled);
  httpServer = http.createServer((req, res) => {
    const attempt = httpTracker.request(req.socket);
    const socket = req.socket;
    res.on("close", () => httpTracker.busy.delete(socket));
    req.resume();
    req.on("end", () => httpFault(req, res, attempt));
  });
  httpServer.on("connection", (socket: net.Socket) => httpTracker.track(socket));
  netServer = net.createServer((socket) => {
    netTracker.track(socket);
    let head = "";
    const onData = (chunk: Buffer): void => {
      head += chunk.toString("latin1");
      if (!head.includes("\r\n\r\n")) return;
      // Requests here are bodiless GETs: the head is the whole request.
      socket.off("data", onData);
      netFault(socket, netTracker.request(socket));
    };
    socket.on("data", onData);
  });
  const dead = net.createServer();
  await Promise.all([
    new Promise<void>((r) => httpServer.listen(0, "127.0.0.1", r)),
    new Promise<void>((r) => netServer.listen(0, "127.0.0.1", r)),
    new Promise<void>((r) => dead.listen(0, "127.0.0.1", r)),
  ]);
  httpEndpoint = `http://127.0.0.1:${(httpServer.address() as AddressInfo).port}`;
  netEndpoint = `http://127.0.0.1:${(netServer.address() as AddressInfo).port}`;
  deadEndpoint = `http://127.0.0.1:${(dead.address() as AddressInfo).port}`;
  await new Promise((r) => dead.close(r));
  baselineSockets = tcpSockets();
});

afterAll(async () => {
  process.off("unhandledRejection", onUnhandled);
  // Whatever a failed test left open must not hold the servers open too.
  for (const socket of [...httpTracker.open, ...netTracker.open]) socket.destroy();
  await Promise.all([new Promise((r) => httpServer.close(r)), new Promise((r) => netServer.close(r))]);
  expect(unhandled).toEqual([]);
});

afterEach(() => {
  for (const timer of timers) clearInterval(timer);
  timers.clear();
  vi.restoreAllMocks();
  expect(unhandled).toEqual([]);
});

// ---------------------------------------------------------------------------------------------
// Replies

let requestIds = 0;

function reply(res: http.ServerResponse, status: number, body: string, headers: Record<string, string> = {}): void {
  if (res.destroyed) return;
  res.writeHead(status, {
    "content-type": "application/json",
    "x-amzn-requestid": `chaos-${++requestIds}`,
    "content-length": String(Buffer.byteLength(body)),
    ...headers,
  });
  res.end(body);
}

function errorReply(res: http.ServerResponse, status: number, code: string): void {
  reply(res, status, JSON.stringify({ message: `${code} from the chaos server` }), { "x-amzn-errortype": code });
}

const LIST_OK = JSON.stringify({ Items: [{ AccountAssociationId: "a1", AssociationState: "ASSOCIATION_SUCCEEDED" }] });

/** Writes a raw HTTP response on the socket, then closes its side. */
function raw(socket: net.Socket, text: string): void {
  socket.end(Buffer.from(text, "latin1"));
}

function rawHead(status: string, headers: Record<string, string>): string {
  return `HTTP/1.1 ${status}\r\n${Object.entries(headers)
    .map(([k, v]) => `${k}: ${v}\r\n`)
    .join("")}\r\n`;
}

/** Headers then a body that never ends: `chunk` every `ms`, until the client goes away. */
function dripForever(res: http.ServerResponse, chunk: string, ms: number, headers: Record<string, string> = {}): void {
  res.writeHead(200, { "content-type": "application/json", "x-amzn-requestid": "drip", ...headers });
  res.write("{");
  const timer = every(ms, () => {
    if (res.destroyed) stop(timer);
    else res.write(chunk);
  });
  res.on("close", () => stop(timer));
}

// ---------------------------------------------------------------------------------------------
// The fault table

type Outcome =
  | { readonly error: abstract new (...args: never[]) => Error; readonly name?: string }
  | { readonly ok: (output: Record<string, unknown>) => void };

interface Fault {
  readonly name: string;
  readonly via: "http" | "net" | "dead";
  readonly http?: HttpFault;
  readonly net?: NetFault;
  readonly config?: Partial<ClientConfig>;
  /** Makes the calls; defaults to one ListAccountAssociations. */
  readonly call?: (client: IoTManagedIntegrationsClient) => Promise<object>;
  readonly outcome: Outcome;
  /** Requests the server (or, for "dead", the client's beforeRequest hook) must see. */
  readonly attempts: number;
  readonly before?: () => void;
}

const list = (client: IoTManagedIntegrationsClient): Promise<object> => listAccountAssociations(client, {});

/** `calls` calls in a row on one client; the last one's outcome is the fault's. */
const inARow =
  (calls: number) =>
  async (client: IoTManagedIntegrationsClient): Promise<object> => {
    for (let i = 1; i < calls; i++) await list(client).catch(() => undefined);
    return list(client);
  };

const FAULTS: readonly Fault[] = [
  // Connection-level faults, on the raw server.
  {
    name: "reset before any response byte",
    via: "net",
    net: (s) => s.resetAndDestroy(),
    outcome: { error: NetworkError },
    attempts: 3,
  },
  {
    name: "connection closed with no response",
    via: "net",
    net: (s) => s.end(),
    outcome: { error: NetworkError },
    attempts: 3,
  },
  {
    name: "reset mid-body",
    via: "net",
    net: (s) => {
      s.write(rawHead("200 OK", { "content-type": "application/json", "content-length": "200" }) + '{"Items": [');
      setTimeout(() => s.resetAndDestroy(), 20);
    },
    outcome: { error: NetworkError },
    attempts: 3,
  },
  {
    name: "truncated body: Content-Length 200, 11 bytes, then close",
    via: "net",
    net: (s) => raw(s, rawHead("200 OK", { "content-type": "application/json", "content-length": "200" }) + '{"Items": ['),
    outcome: { error: NetworkError },
    attempts: 3,
  },
  {
    name: "truncated chunked body: no last chunk, then close",
    via: "net",
    net: (s) => raw(s, rawHead("200 OK", { "content-type": "application/json", "transfer-encoding": "chunked" }) + 'b\r\n{"Items": [\r\n'),
    outcome: { error: NetworkError },
    attempts: 3,
  },
  {
    name: "garbage status line",
    via: "net",
    net: (s) => raw(s, "HTTP/1.1 two-hundred OK\r\ncontent-length: 2\r\n\r\n{}"),
    outcome: { error: NetworkError },
    attempts: 3,
  },
  {
    name: "not HTTP at all",
    via: "net",
    net: (s) => raw(s, "SSH-2.0-chaos\r\n\u0000\u0001\u0002\r\n\r\n"),
    outcome: { error: NetworkError },
    attempts: 3,
  },
  {
    name: "request-id header beyond the header size limit",
    via: "net",
    net: (s) => raw(s, rawHead("200 OK", { "x-amzn-requestid": "x".repeat(64 * 1024), "content-length": "2" }) + "{}"),
    outcome: { error: NetworkError },
    attempts: 3,
  },
  {
    name: "garbage request-id bytes (non-ASCII, quotes, spaces)",
    via: "net",
    net: (s) =>
      raw(
        s,
        rawHead("200 OK", {
          "content-type": "application/json",
          "x-amzn-requestid": "\u00ff\u00fe <\"'> ;;",
          "content-length": String(LIST_OK.length),
          connection: "close",
        }) + LIST_OK,
      ),
    outcome: {
      ok: (out) => {
        expect(out.Items).toHaveLength(1);
        expect((out.$metadata as { requestId?: unknown }).requestId).toBe("\u00ff\u00fe <\"'> ;;");
      },
    },
    attempts: 1,
  },
  {
    name: "reset once, then a good response",
    via: "net",
    net: (s, attempt) => {
      if (attempt === 1) s.resetAndDestroy();
      else
        raw(
          s,
          rawHead("200 OK", {
            "content-type": "application/json",
            "content-length": String(LIST_OK.length),
            connection: "close",
          }) + LIST_OK,
        );
    },
    outcome: { ok: (out) => expect((out.$metadata as { attempts: number }).attempts).toBe(2) },
    attempts: 2,
  },
  {
    name: "body stalls half-way, connection left open",
    via: "net",
    net: (s) => s.write(rawHead("200 OK", { "content-type": "application/json", "content-length": "200" }) + '{"Items": ['),
    outcome: { error: TimeoutError },
    attempts: 1,
  },
  {
    name: "body stalls on every attempt, with a per-attempt deadline",
    via: "net",
    net: (s) => s.write(rawHead("200 OK", { "content-type": "application/json", "content-length": "200" }) + "{"),
    config: { requestTimeoutMs: 60, timeoutMs: 2_000 },
    outcome: { error: NetworkError },
    attempts: 3,
  },
  {
    name: "connection refused",
    via: "dead",
    outcome: { error: NetworkError },
    attempts: 3,
  },
  {
    name: "connection resets drain the retry quota across calls",
    via: "net",
    net: (s) => s.resetAndDestroy(),
    // One call's two connection retries take the whole quota; the next two calls get no retry.
    config: { retry: { baseDelayMs: 1, quotaCapacity: 2 * CONNECTION_RETRY_COST } },
    call: inARow(3),
    outcome: { error: NetworkError },
    attempts: 3 + 1 + 1,
  },

  // Response-level faults, on the HTTP server.
  {
    name: "malformed JSON in a 200",
    via: "http",
    http: (_req, res) => reply(res, 200, '{"Items": [{"AccountAssociationId": "a1",, }'),
    outcome: { error: ResponseParseError },
    attempts: 1,
  },
  {
    name: "wrong-typed JSON: a string where a list is modelled",
    via: "http",
    http: (_req, res) => reply(res, 200, JSON.stringify({ Items: "a1,a2" })),
    outcome: { error: ResponseParseError },
    attempts: 1,
  },
  {
    name: "wrong-typed JSON: numbers where structures are modelled",
    via: "http",
    http: (_req, res) => reply(res, 200, JSON.stringify({ Items: [1, 2] })),
    outcome: { error: ResponseParseError },
    attempts: 1,
  },
  {
    name: "wrong-typed JSON: the body is an array",
    via: "http",
    http: (_req, res) => reply(res, 200, "[]"),
    outcome: { error: ResponseParseError },
    attempts: 1,
  },
  {
    name: "wrong-typed JSON: the body is null",
    via: "http",
    http: (_req, res) => reply(res, 200, "null"),
    outcome: { error: ResponseParseError },
    attempts: 1,
  },
  {
    name: "wrong content type: an HTML page with 200",
    via: "http",
    http: (_req, res) => reply(res, 200, "<html><body>Sign in to the captive portal</body></html>", { "content-type": "text/html" }),
    outcome: { error: ResponseParseError },
    attempts: 1,
  },
  {
    name: "wrong content type: an HTML 502 from a proxy",
    via: "http",
    http: (_req, res) => reply(res, 502, "<html>Bad Gateway</html>", { "content-type": "text/html" }),
    outcome: { error: IoTManagedIntegrationsServiceException, name: "Http502Error" },
    attempts: 3,
  },
  {
    name: "a 200 with an error body (the status decides: no modelled member is filled)",
    via: "http",
    http: (_req, res) => reply(res, 200, JSON.stringify({ __type: "ValidationException", message: "looks like an error" })),
    outcome: { ok: (out) => expect(Object.keys(out)).toEqual(["$metadata"]) },
    attempts: 1,
  },
  {
    name: "malformed JSON in a 500",
    via: "http",
    http: (_req, res) => reply(res, 500, '{"message": "half'),
    outcome: { error: IoTManagedIntegrationsServiceException, name: "Http500Error" },
    attempts: 3,
  },
  {
    name: "500 storm",
    via: "http",
    http: (_req, res) => errorReply(res, 500, "InternalServerException"),
    outcome: { error: InternalServerException },
    attempts: 3,
  },
  {
    name: "503 storm",
    via: "http",
    http: (_req, res) => errorReply(res, 503, "ServiceUnavailableException"),
    outcome: { error: ServiceUnavailableException },
    attempts: 3,
  },
  {
    name: "429 storm",
    via: "http",
    http: (_req, res) => errorReply(res, 429, "ThrottlingException"),
    outcome: { error: ThrottlingException },
    attempts: 3,
  },
  {
    name: "429 storm without an error code or body",
    via: "http",
    http: (_req, res) => reply(res, 429, ""),
    outcome: { error: IoTManagedIntegrationsServiceException, name: "Http429Error" },
    attempts: 3,
  },
  {
    name: "two 503s, then a good response",
    via: "http",
    http: (_req, res, attempt) => (attempt < 3 ? errorReply(res, 503, "ServiceUnavailableException") : reply(res, 200, LIST_OK)),
    outcome: { ok: (out) => expect((out.$metadata as { attempts: number }).attempts).toBe(3) },
    attempts: 3,
  },
  {
    name: "5xx storm drains the retry quota across calls",
    via: "http",
    http: (_req, res) => errorReply(res, 500, "InternalServerException"),
    config: { retry: { baseDelayMs: 1, quotaCapacity: 2 * RETRY_COST } },
    call: inARow(4),
    outcome: { error: InternalServerException },
    attempts: 3 + 1 + 1 + 1,
  },
  {
    name: "backoff longer than the deadline",
    via: "http",
    http: (_req, res) => errorReply(res, 503, "ServiceUnavailableException"),
    // Full jitter drawn at its top: a 4.9 s sleep that the 400 ms deadline must cut short.
    before: () => void vi.spyOn(Math, "random").mockReturnValue(0.99),
    config: { retry: { baseDelayMs: 5_000 } },
    outcome: { error: TimeoutError },
    attempts: 1,
  },
  {
    name: "endless slow body (a byte every 10 ms)",
    via: "http",
    http: (_req, res) => dripForever(res, " ", 10),
    outcome: { error: TimeoutError },
    attempts: 1,
  },
  {
    name: "no response headers at all",
    via: "http",
    http: () => undefined,
    outcome: { error: TimeoutError },
    attempts: 1,
  },
  {
    name: "huge body announced by Content-Length",
    via: "http",
    http: (_req, res) => reply(res, 200, `{"Items": [], "Pad": "${"x".repeat(MAX_RESPONSE_BYTES * 4)}"}`),
    outcome: { error: NetworkError },
    attempts: 1,
  },
  {
    name: "huge chunked body that never ends",
    via: "http",
    http: (_req, res) => dripForever(res, "x".repeat(16 * 1024), 1, { "transfer-encoding": "chunked" }),
    outcome: { error: NetworkError },
    attempts: 1,
  },
  {
    name: "missing request-id header",
    via: "http",
    http: (_req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(LIST_OK);
    },
    outcome: {
      ok: (out) => {
        expect(out.Items).toHaveLength(1);
        expect((out.$metadata as { requestId?: unknown }).requestId).toBeUndefined();
      },
    },
    attempts: 1,
  },
  {
    name: "request-id header sent twice",
    via: "http",
    http: (_req, res) => {
      res.writeHead(200, [
        ["content-type", "application/json"],
        ["x-amzn-requestid", "first"],
        ["x-amzn-requestid", "second"],
      ]);
      res.end(LIST_OK);
    },
    outcome: { ok: (out) => expect((out.$metadata as { requestId?: unknown }).requestId).toBe("first, second") },
    attempts: 1,
  },
  {
    name: "wrong-typed JSON in an operation with a required output member",
    via: "http",
    http: (_req, res) => reply(res, 200, JSON.stringify({ AccountAssociationId: "a1", Tags: ["not", "a", "map"] })),
    call: (client) => getAccountAssociation(client, { AccountAssociationId: "a1" }),
    outcome: { error: ResponseParseError },
    attempts: 1,
  },
];

function endpointOf(fault: Fault): string {
  return fault.via === "http" ? httpEndpoint : fault.via === "net" ? netEndpoint : deadEndpoint;
}

function trackerOf(fault: Fault): Tracker | undefined {
  return fault.via === "http" ? httpTracker : fault.via === "net" ? netTracker : undefined;
}

async function until(condition: () => boolean, withinMs: number): Promise<boolean> {
  const end = performance.now() + withinMs;
  while (!condition()) {
    if (performance.now() > end) return false;
    await new Promise((r) => setTimeout(r, 5));
  }
  return true;
}

/** After the call: nothing mid-exchange; after destroy(): nothing open at all, either side. */
async function expectNoOpenSocket(client: IoTManagedIntegrationsClient, tracker: Tracker | undefined): Promise<void> {
  if (tracker !== undefined) {
    expect(await until(() => tracker.busy.size === 0, 500), "a connection is still in use after the call").toBe(true);
  }
  client.destroy();
  const closed = await until(() => httpTracker.open.size === 0 && netTracker.open.size === 0 && tcpSockets() <= baselineSockets, 1_000);
  const leftOpen = `server ${httpTracker.open.size + netTracker.open.size}, process ${tcpSockets()} > ${baselineSockets}`;
  for (const socket of [...httpTracker.open, ...netTracker.open]) socket.destroy();
  expect(closed, `sockets left open: ${leftOpen}`).toBe(true);
}

let faultsTried = 0;

describe("every chaos fault settles typed, in time, without leaks or extra attempts", () => {
  afterAll(() => {
    expect(faultsTried).toBe(FAULTS.length);
    console.log(`chaos: ${faultsTried} faults tried; all settled as expected`);
  });

  for (const fault of FAULTS) {
    it(fault.name, async () => {
      httpTracker.reset();
      netTracker.reset();
      if (fault.http) httpFault = fault.http;
      if (fault.net) netFault = fault.net;
      fault.before?.();
      let sent = 0;
      const config: ClientConfig = {
        region: REGION,
        endpoint: endpointOf(fault),
        credentials: CREDENTIALS,
        timeoutMs: DEADLINE_MS,
        maxResponseBytes: MAX_RESPONSE_BYTES,
        retry: { baseDelayMs: 2 },
        ...fault.config,
        hooks: { beforeRequest: () => void sent++ },
      };
      const client = new IoTManagedIntegrationsClient(config);
      const deadline = config.timeoutMs ?? DEADLINE_MS;
      const started = performance.now();
      const settled = await (fault.call ?? list)(client).then(
        (value) => ({ value }),
        (error: unknown) => ({ error }),
      );
      const elapsed = performance.now() - started;
      expect(elapsed, "settled past the deadline").toBeLessThan(deadline + DEADLINE_SLACK_MS);

      if ("error" in fault.outcome) {
        expect("error" in settled ? settled.error : settled.value).toBeInstanceOf(fault.outcome.error);
        const error = (settled as { error: Error & { $metadata?: { attempts: number } } }).error;
        if (fault.outcome.name !== undefined) expect(error.name).toBe(fault.outcome.name);
        if (fault.call === undefined) expect(error.$metadata?.attempts).toBe(fault.attempts);
      } else {
        expect("value" in settled ? undefined : settled.error).toBeUndefined();
        fault.outcome.ok((settled as { value: Record<string, unknown> }).value);
      }

      // Retries within budget: what the server saw, what the client sent, what the mode allows.
      const tracker = trackerOf(fault);
      expect(sent).toBe(fault.attempts);
      if (tracker !== undefined) expect(tracker.requests).toBe(fault.attempts);
      await expectNoOpenSocket(client, tracker);
      faultsTried++;
    });
  }
});

// ---------------------------------------------------------------------------------------------
// Cancellation at every stage

const abortLatencies: Array<[string, number]> = [];

/** Starts the call, runs `stage` to reach the stage, aborts, and measures abort() → settled. */
async function abortAt(
  stage: string,
  client: IoTManagedIntegrationsClient,
  reach: () => Promise<void>,
): Promise<{ error: unknown; latency: number }> {
  const controller = new AbortController();
  let settledAt = 0;
  let error: unknown;
  const pending = listAccountAssociations(client, {}, { signal: controller.signal }).then(
    () => {
      settledAt = performance.now();
    },
    (e: unknown) => {
      settledAt = performance.now();
      error = e;
    },
  );
  await reach();
  const reason = new Error(`stop at ${stage}`);
  const abortedAt = performance.now();
  controller.abort(reason);
  await pending;
  const latency = settledAt - abortedAt;
  abortLatencies.push([stage, latency]);
  expect(error).toBeInstanceOf(AbortError);
  expect((error as AbortError).cause).toBe(reason);
  expect(latency).toBeLessThan(ABORT_BUDGET_MS);
  return { error, latency };
}

function abortClient(endpoint: string, extra: Partial<ClientConfig> = {}): IoTManagedIntegrationsClient {
  return new IoTManagedIntegrationsClient({
    region: REGION,
    endpoint,
    credentials: CREDENTIALS,
    timeoutMs: 10_000,
    ...extra,
  });
}

describe("AbortSignal cancels within 50 ms at every stage", () => {
  afterAll(() => {
    const max = Math.max(...abortLatencies.map(([, ms]) => ms));
    console.log(
      `abort latency (abort() → settled): max ${max.toFixed(2)} ms; ${abortLatencies
        .map(([stage, ms]) => `${stage} ${ms.toFixed(2)} ms`)
        .join(", ")}`,
    );
  });

  it("already aborted before the call: nothing is sent", async () => {
    httpTracker.reset();
    const client = abortClient(httpEndpoint);
    const controller = new AbortController();
    const reason = new Error("stopped before the call");
    const abortedAt = performance.now();
    controller.abort(reason);
    const error = await listAccountAssociations(client, {}, { signal: controller.signal }).catch((e: unknown) => e);
    const latency = performance.now() - abortedAt;
    abortLatencies.push(["before the call", latency]);
    expect(error).toBeInstanceOf(AbortError);
    expect(latency).toBeLessThan(ABORT_BUDGET_MS);
    expect(httpTracker.requests).toBe(0);
    await expectNoOpenSocket(client, httpTracker);
  });

  it("before send, while credentials are still being resolved", async () => {
    httpTracker.reset();
    let asked = false;
    const client = abortClient(httpEndpoint, {
      credentials: () => {
        asked = true;
        return new Promise(() => undefined);
      },
    });
    await abortAt("before send (credentials pending)", client, async () => {
      await until(() => asked, 2_000);
    });
    expect(httpTracker.requests).toBe(0);
    await expectNoOpenSocket(client, httpTracker);
  });

  it("while waiting for the response headers", async () => {
    httpTracker.reset();
    httpFault = () => undefined;
    const client = abortClient(httpEndpoint);
    await abortAt("waiting for headers", client, () => httpTracker.untilRequests(1));
    expect(httpTracker.requests).toBe(1);
    await expectNoOpenSocket(client, httpTracker);
  });

  it("mid-body, while the response drips in", async () => {
    httpTracker.reset();
    let firstChunk = false;
    httpFault = (_req, res) => {
      dripForever(res, " ", 5);
      firstChunk = true;
    };
    const client = abortClient(httpEndpoint);
    await abortAt("mid-body", client, async () => {
      await until(() => firstChunk, 2_000);
      // Time for the head and the first bytes to cross the loopback.
      await new Promise((r) => setTimeout(r, 30));
    });
    expect(httpTracker.requests).toBe(1);
    await expectNoOpenSocket(client, httpTracker);
  });

  it("during a retry backoff sleep: no further attempt", async () => {
    httpTracker.reset();
    httpFault = (_req, res) => errorReply(res, 503, "ServiceUnavailableException");
    vi.spyOn(Math, "random").mockReturnValue(0.99);
    let sleeping = false;
    const client = abortClient(httpEndpoint, {
      retry: { baseDelayMs: 5_000 },
      hooks: {
        onRetry: (context) => {
          expect(context.delayMs).toBeGreaterThan(4_000);
          sleeping = true;
        },
      },
    });
    await abortAt("backoff sleep", client, async () => {
      await until(() => sleeping, 2_000);
      await new Promise((r) => setTimeout(r, 10));
    });
    await new Promise((r) => setTimeout(r, 100));
    expect(httpTracker.requests).toBe(1);
    await expectNoOpenSocket(client, httpTracker);
  });
});
