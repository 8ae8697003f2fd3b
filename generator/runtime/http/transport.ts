// The transport seam: what a client hands a transport (HttpRequest), what it gets back
// (HttpResponse), how a call stops work in flight (Cancellation), and the failures transports
// share. Two implementations: node:http(s) with a keep-alive agent (node.ts, the default on Node:
// several times faster per call than fetch there) and fetch (fetch.ts: a configured `fetch`, or
// any runtime without node:http). default.ts picks one.
import { brand } from "../brand.js";

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

/** A response whose body is read as it arrives (event streams), never buffered whole. */
export interface StreamedHttpResponse {
  readonly statusCode: number;
  /** Names lower-cased; a repeated header's values joined with ", ". */
  readonly headers: Readonly<Record<string, string>>;
  /**
   * The body's chunks; iterate once. A broken connection rejects with a TransportError. Leaving
   * the loop early closes the connection.
   */
  readonly body: AsyncIterable<Uint8Array>;
  /** Stops the body: a pending read rejects with `reason`; an unfinished response closes its connection. */
  destroy(reason?: unknown): void;
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
  /**
   * Like `send`, but settles as soon as the status and headers arrive, with the body to read as
   * it comes (no maxResponseBytes: the reader bounds what it keeps). `cancel` still stops the
   * body after that. A transport without it serves streams from `send`'s buffered body.
   */
  sendStreaming?(request: HttpRequest, cancel: Cancellation): Promise<StreamedHttpResponse>;
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

brand(TransportError, "TransportError");

export function requestUrl(request: HttpRequest): string {
  const host = request.hostname.includes(":") && !request.hostname.startsWith("[") ? `[${request.hostname}]` : request.hostname;
  return `${request.protocol}//${host}${request.port === undefined ? "" : `:${request.port}`}${request.path}`;
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
