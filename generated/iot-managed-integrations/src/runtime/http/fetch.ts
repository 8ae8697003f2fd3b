// svcgen 0.1.0 runtime: copied verbatim from generator/runtime/http/fetch.ts; do not edit.
// The fetch transport: a configured `fetch`, or the global one where node:http is unavailable.
import {
  TransportError,
  WireStream,
  concatChunks,
  describeFailure,
  requestUrl,
  responseTooLarge,
  type BodyStream,
  type Cancellation,
  type HttpRequest,
  type HttpResponse,
  type Transport,
  type TransportOptions,
} from "./transport.js";

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
function sendFetch(fetchFn: typeof fetch, request: HttpRequest, cancel: Cancellation, limit: number, slots: Slots): Promise<HttpResponse> {
  return new Promise<HttpResponse>((resolve, reject) => {
    if (cancel.aborted) {
      slots.release();
      reject(cancel.reason);
      return;
    }
    const body = request.body;
    const streamBody = body !== undefined && !(body instanceof Uint8Array);
    if (body !== undefined && (streamBody || (body as Uint8Array).length > 0) && (request.method === "GET" || request.method === "HEAD")) {
      // fetch refuses a body on GET and HEAD; the protocol puts one there for this operation, so
      // the call fails here, before anything is sent, rather than inside fetch. The node transport
      // (the default on Node: configure no `fetch`) sends it.
      slots.release();
      reject(
        new TransportError(
          `${request.method} with a request body: fetch cannot send it; on Node, use the default transport (configure no \`fetch\`)`,
          { final: true },
        ),
      );
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
      headers: withoutExpect(request.headers),
      signal: controller.signal,
      redirect: "manual",
    };
    if (body instanceof Uint8Array) init.body = body as Uint8Array<ArrayBuffer>;
    else if (body !== undefined) {
      // A stream body needs half-duplex fetch (Node's fetch; browsers only over HTTP/2).
      init.body = iterableStream(body);
      (init as { duplex?: string }).duplex = "half";
    }
    // Set when the response body is handed over as a stream: the slot is released when it ends.
    let handedOver = false;
    const release = (): void => slots.release();
    let pending: Promise<Response>;
    try {
      pending = fetchFn(requestUrl(request), init);
    } catch (error) {
      pending = Promise.reject(error);
    }
    pending
      .then(async (res) => {
        const response = await readFetchResponse(res, limit, request.streamResponse === true);
        if (response.stream !== undefined || !request.streamResponse) return response;
        handedOver = true;
        return { ...response, stream: fetchStream(res.body, controller, cancel, release) };
      })
      .then(resolve, (error: unknown) => {
        if (cancel.aborted) reject(cancel.reason);
        else
          reject(error instanceof TransportError ? error : new TransportError(describeFailure(error), { cause: error, final: streamBody }));
      })
      .finally(() => {
        cancel.off(onCancel);
        if (!handedOver) slots.release();
      });
  });
}

async function readFetchResponse(res: Response, limit: number, streamed: boolean): Promise<HttpResponse> {
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
  if (streamed) return { statusCode: res.status, headers, body: EMPTY };
  const declared = headers["content-length"];
  if (declared !== undefined && Number(declared) > limit) {
    await res.body?.cancel();
    throw responseTooLarge(limit);
  }
  return { statusCode: res.status, headers, body: await readStream(res.body, limit) };
}

async function readStream(stream: ReadableStream<Uint8Array> | null, limit: number): Promise<Uint8Array> {
  if (stream === null) return EMPTY;
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
  return concatChunks(chunks, total);
}

const EMPTY = new Uint8Array(0);

/** A web stream pulling from an async iterable, one chunk per pull. */
function iterableStream(source: AsyncIterable<Uint8Array>): ReadableStream<Uint8Array> {
  let iterator: AsyncIterator<Uint8Array> | undefined;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      iterator ??= source[Symbol.asyncIterator]();
      const { done, value } = await iterator.next();
      if (done === true) controller.close();
      else controller.enqueue(value);
    },
    async cancel(reason) {
      await iterator?.return?.(reason);
    },
  });
}

/** The response body as a BodyStream; its slot is released once, when it ends or stops. */
function fetchStream(
  body: ReadableStream<Uint8Array> | null,
  controller: AbortController,
  cancel: Cancellation,
  release: () => void,
): BodyStream {
  const reader = body?.getReader();
  let released = false;
  let stopped = false;
  let reason: unknown;
  const done = (): void => {
    cancel.off(stop);
    if (released) return;
    released = true;
    release();
  };
  const stop = (why: unknown): void => {
    if (!stopped) {
      stopped = true;
      reason = why;
      controller.abort(why);
      reader?.cancel(why).catch(() => undefined);
    }
    done();
  };
  cancel.on(stop);
  async function* read(): AsyncGenerator<Uint8Array, void, undefined> {
    let ended = false;
    try {
      if (reader === undefined) {
        ended = true;
        return;
      }
      for (;;) {
        let result: ReadableStreamReadResult<Uint8Array>;
        try {
          result = await reader.read();
        } catch (error) {
          if (stopped) throw reason;
          throw new TransportError(`response interrupted: ${describeFailure(error)}`, { cause: error });
        }
        if (stopped) throw reason;
        if (result.done) {
          ended = true;
          return;
        }
        yield result.value;
      }
    } finally {
      // Returned early or failed: the rest of the body is not wanted.
      if (!ended && !stopped) reader?.cancel().catch(() => undefined);
      done();
    }
  }
  return new WireStream(read(), stop);
}

/** fetch cannot wait for `100 Continue` (undici refuses the header): the body goes at once, without it. */
function withoutExpect(headers: Readonly<Record<string, string>>): Readonly<Record<string, string>> {
  if (headers["expect"] === undefined) return headers;
  const { expect: _expect, ...rest } = headers;
  return rest;
}
