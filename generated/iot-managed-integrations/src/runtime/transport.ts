// Sends one HTTP request and reads the whole response. Two implementations: node:http(s) with a
// keep-alive agent (transport-node.ts, the default on Node: several times faster per call than
// fetch there) and fetch (a configured `fetch`, or any runtime without node:http).
//
// transport-node.ts is loaded with a dynamic import, only on Node and only when no `fetch` is
// configured. A browser bundle maps that one file away (package.json "browser":
// {"./<runtime dir>/transport-node.js": false}), so no node: module reaches it; a Node bundle
// still inlines it because the import specifier is a literal.

export interface HttpRequest {
  readonly method: string;
  readonly protocol: "https:" | "http:";
  readonly hostname: string;
  readonly port?: number | undefined;
  /** The encoded path followed by the encoded query string, if any. */
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: Uint8Array | undefined;
}

export interface HttpResponse {
  readonly statusCode: number;
  /** Names lower-cased; a repeated header's values joined with ", ". */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Uint8Array;
}

/**
 * Stops work in flight, like an AbortSignal. Node's AbortSignal costs ~5 µs to create and
 * ~1.5 µs per listener, a noticeable share of a loopback call, so the pipeline uses this instead
 * and makes a real signal only where an API needs one (fetch).
 */
export class Cancellation {
  #aborted = false;
  #reason: unknown;
  #listeners: Array<(reason: unknown) => void> = [];

  get aborted(): boolean {
    return this.#aborted;
  }

  get reason(): unknown {
    return this.#reason;
  }

  abort(reason: unknown): void {
    if (this.#aborted) return;
    this.#aborted = true;
    this.#reason = reason;
    const listeners = this.#listeners;
    this.#listeners = [];
    for (const listener of listeners) listener(reason);
  }

  /** Calls `listener` once on abort (not if already aborted: check `aborted` first). */
  on(listener: (reason: unknown) => void): void {
    this.#listeners.push(listener);
  }

  off(listener: (reason: unknown) => void): void {
    const index = this.#listeners.indexOf(listener);
    if (index !== -1) this.#listeners.splice(index, 1);
  }
}

export interface Transport {
  /**
   * Rejects with a TransportError when the exchange fails, or with `cancel.reason` as soon as
   * it is cancelled, whatever stage the exchange is at.
   */
  send(request: HttpRequest, cancel: Cancellation): Promise<HttpResponse>;
  /** Closes idle connections. */
  destroy(): void;
}

export interface TransportOptions {
  /** A body larger than this fails the call instead of filling memory. */
  readonly maxResponseBytes: number;
  /** Connections per host and protocol (node transport); requests in flight at once (fetch transport). */
  readonly maxSockets: number;
  /** Idle connections are closed after this long, ms (node transport). */
  readonly freeSocketTimeoutMs?: number | undefined;
}

/** The exchange failed before a whole response arrived. `final`: retrying cannot help. */
export class TransportError extends Error {
  override readonly name = "TransportError";
  readonly final: boolean;
  constructor(message: string, options?: { cause?: unknown; final?: boolean }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.final = options?.final ?? false;
  }
}

export function responseTooLarge(limit: number): TransportError {
  return new TransportError(`response body exceeds maxResponseBytes (${limit} bytes)`, { final: true });
}

/** The transport a client uses when none is configured: node:http on Node, else fetch. */
export async function defaultTransport(options: TransportOptions, fetchFn?: typeof fetch): Promise<Transport> {
  if (fetchFn !== undefined) return fetchTransport(fetchFn, options);
  if (globalThis.process?.versions?.node !== undefined) {
    const node = await loadNodeTransport();
    if (typeof node?.createNodeTransport === "function") return node.createNodeTransport(options);
  }
  if (typeof globalThis.fetch !== "function") {
    throw new TransportError("no HTTP transport: node:http is unavailable and there is no global fetch");
  }
  return fetchTransport(globalThis.fetch.bind(globalThis), options);
}

type NodeTransportModule = typeof import("./transport-node.js");
let nodeTransportModule: Promise<NodeTransportModule | undefined> | undefined;

function loadNodeTransport(): Promise<NodeTransportModule | undefined> {
  nodeTransportModule ??= import("./transport-node.js").catch(() => undefined);
  return nodeTransportModule;
}

export function requestUrl(request: HttpRequest): string {
  const host =
    request.hostname.includes(":") && !request.hostname.startsWith("[") ? `[${request.hostname}]` : request.hostname;
  return `${request.protocol}//${host}${request.port === undefined ? "" : `:${request.port}`}${request.path}`;
}

/**
 * At most `size` requests in flight; the rest wait in order. fetch has no per-host connection
 * limit of its own that a caller can set, so this stands in for the node agent's maxSockets.
 */
class Slots {
  #free: number;
  readonly #waiting: Array<() => void> = [];

  constructor(size: number) {
    this.#free = size;
  }

  /** Undefined when a slot was free (the common case costs no promise), else resolves when one is. */
  acquire(cancel: Cancellation): Promise<void> | undefined {
    if (this.#free > 0) {
      this.#free--;
      return undefined;
    }
    return new Promise<void>((resolve, reject) => {
      const onCancel = (reason: unknown): void => {
        const index = this.#waiting.indexOf(grant);
        if (index !== -1) this.#waiting.splice(index, 1);
        reject(reason);
      };
      const grant = (): void => {
        cancel.off(onCancel);
        resolve();
      };
      this.#waiting.push(grant);
      cancel.on(onCancel);
    });
  }

  release(): void {
    const next = this.#waiting.shift();
    if (next !== undefined) next();
    else this.#free++;
  }
}

export function fetchTransport(fetchFn: typeof fetch, options: TransportOptions): Transport {
  const limit = options.maxResponseBytes;
  const slots = new Slots(Math.max(1, options.maxSockets));
  return {
    send(request, cancel) {
      const waiting = slots.acquire(cancel);
      if (waiting === undefined) return sendFetch(fetchFn, request, cancel, limit, slots);
      return waiting.then(() => sendFetch(fetchFn, request, cancel, limit, slots));
    },
    destroy() {},
  };
}

/** One exchange holding one slot, released when fetch is done with it (cancelled or not). */
function sendFetch(
  fetchFn: typeof fetch,
  request: HttpRequest,
  cancel: Cancellation,
  limit: number,
  slots: Slots,
): Promise<HttpResponse> {
  return new Promise<HttpResponse>((resolve, reject) => {
    if (cancel.aborted) {
      slots.release();
      reject(cancel.reason);
      return;
    }
    const controller = new AbortController();
    // The call stops at once even if an injected fetch ignores the signal. Aborting fetch
    // can take milliseconds of synchronous work, so it runs after the caller has moved on.
    const onCancel = (reason: unknown): void => {
      reject(reason);
      setTimeout(() => controller.abort(reason), 0);
    };
    cancel.on(onCancel);
    // Redirects are never followed: the next hop would receive the signed headers (session
    // token included) and its answer would pass for the service's. A 3xx reaches the client as
    // a response, which makes it an error that keeps the Location header.
    const init: RequestInit = {
      method: request.method,
      headers: request.headers,
      signal: controller.signal,
      redirect: "manual",
    };
    if (request.body !== undefined) init.body = request.body as Uint8Array<ArrayBuffer>;
    let pending: Promise<Response>;
    try {
      pending = fetchFn(requestUrl(request), init);
    } catch (error) {
      pending = Promise.reject(error);
    }
    pending
      .then((res) => readFetchResponse(res, limit))
      .then(resolve, (error: unknown) => {
        if (cancel.aborted) reject(cancel.reason);
        else
          reject(
            error instanceof TransportError ? error : new TransportError(describeFailure(error), { cause: error }),
          );
      })
      .finally(() => {
        cancel.off(onCancel);
        slots.release();
      });
  });
}

async function readFetchResponse(res: Response, limit: number): Promise<HttpResponse> {
  if (res.type === "opaqueredirect") {
    // A browser answers `redirect: "manual"` with a response that hides status and Location.
    throw new TransportError("the server answered with a redirect, which is not followed", { final: true });
  }
  if (res.redirected) {
    // An injected fetch that ignored `redirect: "manual"`: the body came from another URL.
    await res.body?.cancel();
    throw new TransportError("the fetch function followed a redirect; a response from another URL is refused", {
      final: true,
    });
  }
  const headers: Record<string, string> = {};
  res.headers.forEach((value, name) => {
    const previous = headers[name];
    headers[name] = previous === undefined ? value : `${previous}, ${value}`;
  });
  const declared = headers["content-length"];
  if (declared !== undefined && Number(declared) > limit) {
    await res.body?.cancel();
    throw responseTooLarge(limit);
  }
  return { statusCode: res.status, headers, body: await readStream(res.body, limit) };
}

async function readStream(stream: ReadableStream<Uint8Array> | null, limit: number): Promise<Uint8Array> {
  if (stream === null) return new Uint8Array(0);
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      await reader.cancel();
      throw responseTooLarge(limit);
    }
    chunks.push(value);
  }
  if (chunks.length === 1 && chunks[0] !== undefined) return chunks[0];
  const body = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return body;
}

/** "fetch failed" says little; the cause (ECONNREFUSED, ...) says what happened. */
export function describeFailure(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause: unknown = error.cause;
  if (cause instanceof Error) {
    const code = (cause as { code?: unknown }).code;
    return `${error.message}: ${typeof code === "string" ? `${code} ` : ""}${cause.message}`;
  }
  const code = (error as { code?: unknown }).code;
  return typeof code === "string" && !error.message.includes(code) ? `${code}: ${error.message}` : error.message;
}
