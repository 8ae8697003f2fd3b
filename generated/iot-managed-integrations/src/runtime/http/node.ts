// svcgen 0.1.0 runtime: copied verbatim from generator/runtime/http/node.ts; do not edit.
// The Node transport: node:http(s) over one keep-alive agent per client and protocol. Loaded
// lazily by default.ts, so nothing here reaches a browser bundle or a fetch-configured client.
import * as http from "node:http";
import * as https from "node:https";
import {
  TransportError,
  WireStream,
  concatChunks,
  describeFailure,
  responseTooLarge,
  type BodyStream,
  type Cancellation,
  type HttpRequest,
  type HttpResponse,
  type Transport,
  type TransportOptions,
} from "./transport.js";

/**
 * An idle connection is closed after this long. Servers commonly close idle keep-alive
 * connections after 5 s (Node's own default, and many proxies'); closing ours first means a call
 * rarely finds a connection the server is closing at that moment. A server's `Keep-Alive:
 * timeout=N` hint shortens it further (Node's agent honours the hint only when a timeout is set).
 */
export const FREE_SOCKET_TIMEOUT_MS = 4000;

export function createNodeTransport(options: TransportOptions): Transport {
  let httpAgent: http.Agent | undefined;
  let httpsAgent: https.Agent | undefined;
  // `timeout` applies to idle sockets only: the agent destroys a socket that times out while free,
  // and an active request ignores it (no listener on the request's 'timeout').
  const agentOptions: http.AgentOptions = {
    keepAlive: true,
    maxSockets: options.maxSockets,
    timeout: options.freeSocketTimeoutMs ?? FREE_SOCKET_TIMEOUT_MS,
  };
  return {
    send(request, cancel) {
      const secure = request.protocol === "https:";
      const agent = secure ? (httpsAgent ??= new https.Agent(agentOptions)) : (httpAgent ??= new http.Agent(agentOptions));
      return send(secure ? https.request : http.request, agent, request, cancel, options.maxResponseBytes);
    },
    destroy() {
      httpAgent?.destroy();
      httpsAgent?.destroy();
      httpAgent = undefined;
      httpsAgent = undefined;
    },
  };
}

type RequestFn = (options: http.RequestOptions, callback: (res: http.IncomingMessage) => void) => http.ClientRequest;

/** Errors meaning the peer closed or reset the connection. */
const CONNECTION_DROPPED: ReadonlySet<string> = new Set(["ECONNRESET", "EPIPE", "ECONNABORTED"]);

function send(requestFn: RequestFn, agent: http.Agent, request: HttpRequest, cancel: Cancellation, limit: number): Promise<HttpResponse> {
  return new Promise<HttpResponse>((resolve, reject) => {
    if (cancel.aborted) {
      reject(cancel.reason);
      return;
    }
    let settled = false;
    let req: http.ClientRequest | undefined;
    const finish = (error: unknown, response?: HttpResponse): void => {
      if (settled) return;
      settled = true;
      cancel.off(onCancel);
      if (response !== undefined) resolve(response);
      else reject(error);
    };
    const onCancel = (reason: unknown): void => {
      finish(reason);
      req?.destroy();
    };
    cancel.on(onCancel);
    const hostname = request.hostname.startsWith("[") ? request.hostname.slice(1, -1) : request.hostname;
    const requestOptions: http.RequestOptions = {
      agent,
      method: request.method,
      hostname,
      port: request.port,
      path: request.path,
      headers: request.headers,
    };

    const body = request.body;
    const streamBody = body !== undefined && !(body instanceof Uint8Array);

    const start = (retried: boolean): void => {
      let current: http.ClientRequest;
      let responded = false;
      const fail = (error: TransportError): void => {
        finish(error);
        current.destroy();
      };
      try {
        current = requestFn(requestOptions, (res) => {
          responded = true;
          const declared = res.headers["content-length"];
          const expected = declared === undefined ? -1 : Number(declared);
          // HEAD, 204 and 304 responses announce a length but carry no body.
          const bodyless = request.method === "HEAD" || res.statusCode === 204 || res.statusCode === 304;
          if (request.streamResponse === true) {
            finish(undefined, {
              statusCode: res.statusCode ?? 0,
              headers: collectHeaders(res.rawHeaders),
              body: EMPTY,
              stream: nodeStream(res, bodyless ? -1 : expected, cancel),
            });
            return;
          }
          if (expected > limit) {
            fail(responseTooLarge(limit));
            return;
          }
          const chunks: Buffer[] = [];
          let total = 0;
          res.on("data", (chunk: Buffer) => {
            total += chunk.length;
            if (total > limit) fail(responseTooLarge(limit));
            else chunks.push(chunk);
          });
          res.on("end", () => {
            if (expected >= 0 && total !== expected && !bodyless) {
              fail(new TransportError(`truncated response: ${total} of ${expected} bytes`));
              return;
            }
            finish(undefined, {
              statusCode: res.statusCode ?? 0,
              headers: collectHeaders(res.rawHeaders),
              body: concatChunks(chunks, total),
            });
          });
          res.on("error", (error) => {
            if (!settled) fail(new TransportError(`response interrupted: ${describeFailure(error)}`, { cause: error }));
          });
          // Closed before 'end': the connection broke before the body was complete.
          res.on("close", () => {
            if (!settled) fail(new TransportError(`truncated response: connection closed after ${total} bytes`));
          });
        });
      } catch (error) {
        // Node refuses some requests synchronously (a header value with a control character):
        // sending it again cannot help.
        finish(new TransportError(describeFailure(error), { cause: error, final: true }));
        return;
      }
      req = current;
      current.on("error", (error) => {
        if (settled) return;
        // A kept-alive connection the server closed while it sat idle fails as soon as it is
        // used, before any response: the request never reached the service, so it is sent once
        // more on a new connection, whatever the retry settings. The other idle connections to
        // the same host are probably just as stale, so they are closed first.
        const code = (error as { code?: unknown }).code;
        // A stream body cannot be sent again: it may be partly read.
        if (!retried && !responded && !streamBody && current.reusedSocket && typeof code === "string" && CONNECTION_DROPPED.has(code)) {
          dropIdleSockets(agent, requestOptions);
          start(true);
          return;
        }
        fail(new TransportError(describeFailure(error), { cause: error, final: streamBody }));
      });
      if (body === undefined) {
        // No body: no framing either. Node would add `Content-Length: 0` to a POST, PUT or PATCH
        // on its own; the request's headers already say all there is to say (a protocol that
        // wants an empty body sends an empty one, and call.ts then sets its length).
        current.useChunkedEncodingByDefault = false;
        current.end();
      } else {
        const sendBody = (): void => {
          if (body instanceof Uint8Array) current.end(body);
          else {
            pump(current, body).catch((error: unknown) => {
              if (!settled)
                fail(new TransportError(`reading the request body failed: ${describeFailure(error)}`, { cause: error, final: true }));
              else current.destroy();
            });
          }
        };
        if (request.headers["expect"] === "100-continue") afterContinue(current, sendBody);
        else sendBody();
      }
    };
    start(false);
  });
}

const EMPTY = new Uint8Array(0);

/** Writes a stream body as fast as the connection takes it, then ends the request. */
async function pump(req: http.ClientRequest, body: AsyncIterable<Uint8Array>): Promise<void> {
  for await (const chunk of body) {
    if (req.destroyed) return;
    if (chunk.byteLength > 0 && !req.write(chunk)) await drained(req);
  }
  if (!req.destroyed) req.end();
}

function drained(req: http.ClientRequest): Promise<void> {
  return new Promise<void>((resolve) => {
    const done = (): void => {
      req.off("drain", done);
      req.off("close", done);
      resolve();
    };
    req.on("drain", done);
    req.on("close", done);
  });
}

/** The response body as a BodyStream; `expected` is its declared length, or -1. */
function nodeStream(res: http.IncomingMessage, expected: number, cancel: Cancellation): BodyStream {
  let stopped = false;
  let reason: unknown;
  const stop = (why: unknown): void => {
    cancel.off(stop);
    if (stopped) return;
    stopped = true;
    reason = why;
    res.destroy();
  };
  cancel.on(stop);
  async function* read(): AsyncGenerator<Uint8Array, void, undefined> {
    let total = 0;
    try {
      // Node's iterator pauses the socket between reads and destroys the response when the
      // iteration ends early; a response read to its end leaves the socket to the pool.
      for await (const chunk of res as AsyncIterable<Buffer>) {
        total += chunk.length;
        yield chunk;
      }
    } catch (error) {
      if (stopped) throw reason;
      throw new TransportError(`response interrupted: ${describeFailure(error)}`, { cause: error });
    } finally {
      cancel.off(stop);
    }
    if (stopped) throw reason;
    if (expected >= 0 && total !== expected) throw new TransportError(`truncated response: ${total} of ${expected} bytes`);
  }
  return new WireStream(read(), stop);
}

/** How long a request with `Expect: 100-continue` waits for the go-ahead before sending its body anyway. */
export const CONTINUE_TIMEOUT_MS = 1000;

/**
 * Sends the body once the server answers `100 Continue`, or after CONTINUE_TIMEOUT_MS without an
 * answer (a server or proxy that ignores the header). A final response first (a refusal: wrong
 * signature, no such bucket) means the body is never sent; the connection, left mid-request, is
 * closed once that response has been read.
 */
function afterContinue(req: http.ClientRequest, sendBody: () => void): void {
  let decided = false;
  const send = (): void => {
    if (decided) return;
    decided = true;
    clearTimeout(timer);
    sendBody();
  };
  const timer = setTimeout(send, CONTINUE_TIMEOUT_MS);
  // The headers go now, alone: the server answers them before any of the body is written.
  req.flushHeaders();
  req.once("continue", send);
  req.once("response", (res: http.IncomingMessage) => {
    if (decided) return;
    decided = true;
    clearTimeout(timer);
    res.once("end", () => req.destroy());
  });
  req.once("close", () => clearTimeout(timer));
}

function dropIdleSockets(agent: http.Agent, options: http.RequestOptions): void {
  const idle = agent.freeSockets[agent.getName(options)];
  if (idle !== undefined) for (const socket of idle.slice()) socket.destroy();
}

function collectHeaders(raw: readonly string[]): Record<string, string> {
  const headers: Record<string, string> = {};
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = (raw[i] ?? "").toLowerCase();
    if (name === "__proto__") continue;
    const value = raw[i + 1] ?? "";
    const previous = headers[name];
    headers[name] = previous === undefined ? value : `${previous}, ${value}`;
  }
  return headers;
}
