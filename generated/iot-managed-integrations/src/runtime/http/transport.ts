// svcgen 0.1.0 runtime: copied verbatim from generator/runtime/http/transport.ts; do not edit.
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
  /**
   * Bytes, or chunks read once from an async iterable. A stream is sent with the length its
   * `content-length` header gives (the transport does not check it), else chunked. A stream body
   * cannot be sent twice: every failure after it was started is final.
   */
  readonly body?: RequestBody | undefined;
  /**
   * Hand the response body back as a `BodyStream` (`HttpResponse.stream`) as soon as the headers
   * are in, instead of buffering it. `maxResponseBytes` does not apply to a stream.
   */
  readonly streamResponse?: boolean | undefined;
}

/** A request body: bytes, or a stream of chunks (read once, in order). */
export type RequestBody = Uint8Array | AsyncIterable<Uint8Array>;

export interface HttpResponse {
  readonly statusCode: number;
  /** Names lower-cased; a repeated header's values joined with ", ". */
  readonly headers: Readonly<Record<string, string>>;
  /** The whole body; empty when `stream` is set. */
  readonly body: Uint8Array;
  /** With `HttpRequest.streamResponse`: the body, still on the wire. */
  readonly stream?: BodyStream | undefined;
}

/**
 * A response body read chunk by chunk, once. The connection goes back to the pool when the last
 * chunk has been read; ending the iteration early (`break`, `return()`) or `cancel()` closes it.
 * The `Cancellation` given to `send` keeps applying while the stream is read: cancelling it
 * rejects a pending read with its reason. A connection that breaks, or a body shorter than its
 * `content-length`, rejects a read with a TransportError.
 */
export interface BodyStream extends AsyncIterable<Uint8Array> {
  /** Stops at once: the connection is closed and a pending or later read rejects with `reason`. */
  cancel(reason?: unknown): void;
}

/** Reads a whole stream into one array; more than `limit` bytes cancels it and fails. */
export async function readBody(stream: AsyncIterable<Uint8Array>, limit: number): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let total = 0;
  for await (const chunk of stream) {
    total += chunk.byteLength;
    if (total > limit) throw responseTooLarge(limit);
    chunks.push(chunk);
  }
  return concatChunks(chunks, total);
}

export function concatChunks(chunks: readonly Uint8Array[], total: number): Uint8Array {
  if (chunks.length === 1 && chunks[0] !== undefined) return chunks[0];
  const out = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}

/**
 * A BodyStream over an async generator that reads the wire. `stop` closes the connection at
 * once (the generator's pending read then fails); the generator's own `finally` releases what it
 * holds when it ends, is returned early, or fails.
 */
export class WireStream implements BodyStream {
  #iterator: AsyncGenerator<Uint8Array, void, undefined> | undefined;
  readonly #stop: (reason: unknown) => void;

  constructor(iterator: AsyncGenerator<Uint8Array, void, undefined>, stop: (reason: unknown) => void) {
    this.#iterator = iterator;
    this.#stop = stop;
  }

  [Symbol.asyncIterator](): AsyncIterator<Uint8Array> {
    const iterator = this.#iterator;
    if (iterator === undefined) throw new TransportError("the response body has already been read", { final: true });
    this.#iterator = undefined;
    return iterator;
  }

  cancel(reason?: unknown): void {
    this.#stop(reason ?? new TransportError("the response body was cancelled", { final: true }));
    // Never iterated: let the generator release what it holds.
    const iterator = this.#iterator;
    this.#iterator = undefined;
    void iterator?.return(undefined).catch(() => undefined);
  }
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
  /** A buffered body larger than this fails the call instead of filling memory (streams are not capped). */
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
