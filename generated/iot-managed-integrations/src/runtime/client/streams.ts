// svcgen 0.1.0 runtime: copied verbatim from generator/runtime/client/streams.ts; do not edit.
// Streaming blob members (`"streaming": true` payloads, S3's Body): what an input may give, how
// it becomes a request body, and the object an output hands back, which reads the response from
// the wire only when asked and never buffers it unless asked (transformToByteArray/String).
// maxResponseBytes does not apply to these bodies: the caller reads as much as it wants.
import { utf8Encode, toBase64 } from "../codecs/encoding.js";
import { concatChunks, type RequestBody } from "../http/transport.js";

/**
 * A streaming blob input: bytes, text (sent UTF-8), a Blob (or File), a web ReadableStream, or any
 * async iterable of bytes or text, Node's Readable (fs.createReadStream, ...) included.
 */
export type StreamingBlobInput = Uint8Array | string | Blob | ReadableStream<Uint8Array> | AsyncIterable<Uint8Array | string>;

/**
 * A streaming blob output: the response body, still on the wire. Read it once, by one of the
 * transforms or by iterating it (`for await`, Node's `stream.pipeline(body, file)`,
 * `Readable.from(body)`). Leaving an iteration early or `cancel()` closes the connection.
 */
export interface StreamingBlobOutput extends AsyncIterable<Uint8Array> {
  /** The whole body in memory. */
  transformToByteArray(): Promise<Uint8Array>;
  /** The whole body as text: `utf-8` by default, any TextDecoder label, or `base64` / `hex`. */
  transformToString(encoding?: string): Promise<string>;
  /** The body as a web ReadableStream. */
  transformToWebStream(): ReadableStream<Uint8Array>;
  /** Stops reading: closes the connection. */
  cancel(reason?: unknown): void;
}

/** A stream request body and its length, when the input tells it. */
export interface StreamSource {
  readonly stream: AsyncIterable<Uint8Array>;
  readonly length: number | undefined;
}

/** A streaming input as bytes (known at once) or as a stream source; a TypeError for anything else. */
export function requestBodyOf(value: unknown): Uint8Array | StreamSource {
  if (value instanceof Uint8Array) return value;
  if (typeof value === "string") return utf8Encode(value);
  if (value instanceof ArrayBuffer) return new Uint8Array(value);
  if (ArrayBuffer.isView(value)) return new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
  if (typeof Blob === "function" && value instanceof Blob) {
    return { stream: webChunks(value.stream() as ReadableStream<Uint8Array>), length: value.size };
  }
  if (typeof ReadableStream === "function" && value instanceof ReadableStream) {
    return { stream: webChunks(value as ReadableStream<Uint8Array>), length: undefined };
  }
  if (
    value !== null &&
    typeof value === "object" &&
    typeof (value as { [Symbol.asyncIterator]?: unknown })[Symbol.asyncIterator] === "function"
  ) {
    return { stream: byteChunks(value as AsyncIterable<unknown>), length: undefined };
  }
  throw new TypeError(
    `a streaming body must be a Uint8Array, a string, a Blob, a ReadableStream or an async iterable of bytes, got ${value === null ? "null" : typeof value}`,
  );
}

async function* webChunks(stream: ReadableStream<Uint8Array>): AsyncGenerator<Uint8Array, void, undefined> {
  const reader = stream.getReader();
  let done = false;
  try {
    for (;;) {
      const next = await reader.read();
      if (next.done) {
        done = true;
        return;
      }
      yield next.value;
    }
  } finally {
    if (!done) await reader.cancel().catch(() => undefined);
    reader.releaseLock();
  }
}

async function* byteChunks(source: AsyncIterable<unknown>): AsyncGenerator<Uint8Array, void, undefined> {
  for await (const chunk of source) {
    if (chunk instanceof Uint8Array) yield chunk;
    else if (typeof chunk === "string") yield utf8Encode(chunk);
    else throw new TypeError(`a streaming body yielded ${chunk === null ? "null" : typeof chunk}, not bytes or text`);
  }
}

/** Reads a stream source whole (a service that needs the length of a body the input does not tell). */
export async function bufferSource(source: StreamSource): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let total = 0;
  for await (const chunk of source.stream) {
    chunks.push(chunk);
    total += chunk.byteLength;
  }
  return concatChunks(chunks, total);
}

/** Re-chunks a stream into pieces of `size` bytes (the last one shorter), copying only where pieces straddle chunks. */
export async function* fixedChunks(source: AsyncIterable<Uint8Array>, size: number): AsyncGenerator<Uint8Array, void, undefined> {
  let pending: Uint8Array | undefined;
  let filled = 0;
  for await (let chunk of source) {
    while (chunk.byteLength > 0) {
      if (pending === undefined && chunk.byteLength >= size) {
        yield chunk.subarray(0, size);
        chunk = chunk.subarray(size);
        continue;
      }
      pending ??= new Uint8Array(size);
      const take = Math.min(size - filled, chunk.byteLength);
      pending.set(chunk.subarray(0, take), filled);
      filled += take;
      chunk = chunk.subarray(take);
      if (filled === size) {
        yield pending;
        pending = undefined;
        filled = 0;
      }
    }
  }
  if (pending !== undefined && filled > 0) yield pending.subarray(0, filled);
}

/**
 * A body dropped without being read would hold its connection until the server gave up on it:
 * once the object is garbage, its connection is closed. Only while nothing reads it: a reader
 * holds the iterator, not this object.
 */
const unread =
  typeof FinalizationRegistry === "function" ? new FinalizationRegistry<(reason?: unknown) => void>((cancel) => cancel()) : undefined;

/** The output object over a response stream. */
export class StreamingBody implements StreamingBlobOutput {
  #source: AsyncIterable<Uint8Array> | undefined;
  readonly #cancel: (reason?: unknown) => void;

  constructor(source: AsyncIterable<Uint8Array>, cancel: (reason?: unknown) => void) {
    this.#source = source;
    this.#cancel = cancel;
    unread?.register(this, cancel, this);
  }

  #take(): AsyncIterable<Uint8Array> {
    const source = this.#source;
    if (source === undefined) throw new TypeError("the streaming body has already been read");
    this.#source = undefined;
    unread?.unregister(this);
    return source;
  }

  [Symbol.asyncIterator](): AsyncIterator<Uint8Array> {
    return this.#take()[Symbol.asyncIterator]();
  }

  async transformToByteArray(): Promise<Uint8Array> {
    const chunks: Uint8Array[] = [];
    let total = 0;
    for await (const chunk of this.#take()) {
      chunks.push(chunk);
      total += chunk.byteLength;
    }
    return concatChunks(chunks, total);
  }

  async transformToString(encoding = "utf-8"): Promise<string> {
    const bytes = await this.transformToByteArray();
    const label = encoding.toLowerCase();
    if (label === "base64") return toBase64(bytes);
    if (label === "hex") {
      let out = "";
      for (const byte of bytes) out += byte.toString(16).padStart(2, "0");
      return out;
    }
    return new TextDecoder(label).decode(bytes);
  }

  transformToWebStream(): ReadableStream<Uint8Array> {
    const iterator = this.#take()[Symbol.asyncIterator]();
    return new ReadableStream<Uint8Array>({
      async pull(controller) {
        const next = await iterator.next();
        if (next.done === true) controller.close();
        else controller.enqueue(next.value);
      },
      cancel: (reason) => {
        this.#cancel(reason);
        void iterator.return?.().catch(() => undefined);
      },
    });
  }

  cancel(reason?: unknown): void {
    this.#source = undefined;
    unread?.unregister(this);
    this.#cancel(reason);
  }

  /** Kept out of JSON.stringify and console output: the body is not data to print. */
  toJSON(): string {
    return "[StreamingBody]";
  }
}

export type { RequestBody };
