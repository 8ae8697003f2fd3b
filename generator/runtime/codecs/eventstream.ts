// The `application/vnd.amazon.eventstream` framing: each message is a prelude (total length,
// headers length, CRC32 of those 8 bytes), typed headers, a payload and a CRC32 of everything
// before it. The decoder reads messages from chunks as they arrive (a message may span chunks, a
// chunk may hold several), checks both CRCs and refuses lengths beyond the format's limits
// before allocating anything. Only web-standard globals: browsers can use it too.
import { brand } from "../brand.js";
import { utf8Decode, utf8Encode } from "./encoding.js";
import { crc32 } from "./crc32.js";

/** The largest message the format allows (16 MiB), and the largest headers block (128 KiB). */
export const MAX_MESSAGE_BYTES = 16 * 1024 * 1024;
export const MAX_HEADERS_BYTES = 128 * 1024;
const PRELUDE_BYTES = 12;
/** Prelude and message CRC: the size of a message with no headers and no payload. */
const MIN_MESSAGE_BYTES = PRELUDE_BYTES + 4;

/** A header value with its wire type; `long` and `timestamp` keep their 64 bits as bigint / Date. */
export type EventHeaderValue =
  | { readonly type: "boolean"; readonly value: boolean }
  | { readonly type: "byte" | "short" | "integer"; readonly value: number }
  | { readonly type: "long"; readonly value: bigint }
  | { readonly type: "binary"; readonly value: Uint8Array }
  | { readonly type: "string"; readonly value: string }
  | { readonly type: "timestamp"; readonly value: Date }
  /** Lower-case hex with dashes (8-4-4-4-12). */
  | { readonly type: "uuid"; readonly value: string };

export interface EventMessage {
  /** Headers by name; a name sent twice keeps its last value. */
  readonly headers: ReadonlyMap<string, EventHeaderValue>;
  readonly body: Uint8Array;
}

/** The bytes are not a well-formed event stream: a bad CRC, a length out of bounds, a cut-off message. */
export class EventStreamFormatError extends Error {
  override readonly name = "EventStreamFormatError";
}
brand(EventStreamFormatError, "EventStreamFormatError");

const TYPE_CODES = { boolean: -1, byte: 2, short: 3, integer: 4, long: 5, binary: 6, string: 7, timestamp: 8, uuid: 9 } as const;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/** The wire form of one header (name length, name, type, value). */
function encodeHeader(name: string, header: EventHeaderValue): Uint8Array {
  const nameBytes = utf8Encode(name);
  if (nameBytes.length === 0 || nameBytes.length > 255)
    throw new RangeError(`event header name must be 1 to 255 bytes: ${name.slice(0, 40)}`);
  let value: Uint8Array;
  let code: number = TYPE_CODES[header.type];
  const fixed = (size: number, write: (view: DataView) => void): Uint8Array => {
    const out = new Uint8Array(size);
    write(new DataView(out.buffer));
    return out;
  };
  switch (header.type) {
    case "boolean":
      code = header.value ? 0 : 1;
      value = new Uint8Array(0);
      break;
    case "byte":
      value = fixed(1, (v) => v.setInt8(0, checkedInt(header.value, 8)));
      break;
    case "short":
      value = fixed(2, (v) => v.setInt16(0, checkedInt(header.value, 16)));
      break;
    case "integer":
      value = fixed(4, (v) => v.setInt32(0, checkedInt(header.value, 32)));
      break;
    case "long":
      if (header.value < INT64_MIN || header.value > INT64_MAX) throw new RangeError("a long event header must fit in 64 bits");
      value = fixed(8, (v) => v.setBigInt64(0, header.value));
      break;
    case "timestamp": {
      const ms = header.value.getTime();
      if (!Number.isFinite(ms)) throw new RangeError("a timestamp event header must be a valid date");
      value = fixed(8, (v) => v.setBigInt64(0, BigInt(Math.trunc(ms))));
      break;
    }
    case "binary":
    case "string": {
      const bytes = header.type === "string" ? utf8Encode(header.value) : header.value;
      if (bytes.length > 0xffff) throw new RangeError(`event header ${name} is over 65535 bytes`);
      value = new Uint8Array(2 + bytes.length);
      new DataView(value.buffer).setUint16(0, bytes.length);
      value.set(bytes, 2);
      break;
    }
    case "uuid": {
      if (!UUID.test(header.value)) throw new RangeError(`event header ${name} is not a UUID`);
      const hex = header.value.replace(/-/g, "");
      value = new Uint8Array(16);
      for (let i = 0; i < 16; i++) value[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
      break;
    }
  }
  const out = new Uint8Array(1 + nameBytes.length + 1 + value.length);
  out[0] = nameBytes.length;
  out.set(nameBytes, 1);
  out[1 + nameBytes.length] = code;
  out.set(value, 2 + nameBytes.length);
  return out;
}

function checkedInt(value: number, bits: number): number {
  const limit = 2 ** (bits - 1);
  if (!Number.isInteger(value) || value < -limit || value >= limit)
    throw new RangeError(`${value} does not fit a ${bits}-bit event header`);
  return value;
}

/** The headers block of a message, in the order given. */
export function encodeHeaders(headers: Iterable<readonly [string, EventHeaderValue]>): Uint8Array {
  const parts: Uint8Array[] = [];
  let size = 0;
  for (const [name, value] of headers) {
    const part = encodeHeader(name, value);
    parts.push(part);
    size += part.length;
  }
  const out = new Uint8Array(size);
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/** One message on the wire. Throws RangeError past the format's limits. */
export function encodeMessage(message: {
  readonly headers: Iterable<readonly [string, EventHeaderValue]>;
  readonly body: Uint8Array;
}): Uint8Array {
  const headers = encodeHeaders(message.headers);
  if (headers.length > MAX_HEADERS_BYTES) throw new RangeError(`event headers take ${headers.length} bytes, over ${MAX_HEADERS_BYTES}`);
  const total = MIN_MESSAGE_BYTES + headers.length + message.body.length;
  if (total > MAX_MESSAGE_BYTES) throw new RangeError(`an event message of ${total} bytes is over ${MAX_MESSAGE_BYTES}`);
  const out = new Uint8Array(total);
  const view = new DataView(out.buffer);
  view.setUint32(0, total);
  view.setUint32(4, headers.length);
  view.setUint32(8, crc32(out.subarray(0, 8)));
  out.set(headers, PRELUDE_BYTES);
  out.set(message.body, PRELUDE_BYTES + headers.length);
  view.setUint32(total - 4, crc32(out.subarray(0, total - 4)));
  return out;
}

/** Reads the headers block; throws EventStreamFormatError when it does not parse exactly. */
export function decodeHeaders(block: Uint8Array): Map<string, EventHeaderValue> {
  const view = new DataView(block.buffer, block.byteOffset, block.byteLength);
  const headers = new Map<string, EventHeaderValue>();
  let at = 0;
  const need = (n: number): void => {
    if (at + n > block.length) throw new EventStreamFormatError("an event header runs past the end of the headers block");
  };
  while (at < block.length) {
    const nameLength = block[at++]!;
    if (nameLength === 0) throw new EventStreamFormatError("an event header has an empty name");
    need(nameLength + 1);
    const name = utf8Decode(block.subarray(at, at + nameLength));
    at += nameLength;
    const code = block[at++]!;
    let value: EventHeaderValue;
    switch (code) {
      case 0:
      case 1:
        value = { type: "boolean", value: code === 0 };
        break;
      case 2:
        need(1);
        value = { type: "byte", value: view.getInt8(at) };
        at += 1;
        break;
      case 3:
        need(2);
        value = { type: "short", value: view.getInt16(at) };
        at += 2;
        break;
      case 4:
        need(4);
        value = { type: "integer", value: view.getInt32(at) };
        at += 4;
        break;
      case 5:
      case 8: {
        need(8);
        const n = view.getBigInt64(at);
        at += 8;
        value = code === 5 ? { type: "long", value: n } : { type: "timestamp", value: new Date(Number(n)) };
        break;
      }
      case 6:
      case 7: {
        need(2);
        const length = view.getUint16(at);
        at += 2;
        need(length);
        const bytes = new Uint8Array(block.subarray(at, at + length));
        at += length;
        value = code === 6 ? { type: "binary", value: bytes } : { type: "string", value: utf8Decode(bytes) };
        break;
      }
      case 9: {
        need(16);
        let hex = "";
        for (let i = 0; i < 16; i++) hex += block[at + i]!.toString(16).padStart(2, "0");
        at += 16;
        value = {
          type: "uuid",
          value: `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`,
        };
        break;
      }
      default:
        throw new EventStreamFormatError(`event header ${JSON.stringify(name.slice(0, 64))} has unknown type ${code}`);
    }
    headers.set(name, value);
  }
  return headers;
}

/** Checks a prelude (12 bytes at `at`) and returns the message's total and headers lengths. */
function readPrelude(bytes: Uint8Array, at: number): { total: number; headers: number } {
  const view = new DataView(bytes.buffer, bytes.byteOffset + at, PRELUDE_BYTES);
  const total = view.getUint32(0);
  const headers = view.getUint32(4);
  const expected = view.getUint32(8);
  const actual = crc32(bytes.subarray(at, at + 8));
  if (actual !== expected)
    throw new EventStreamFormatError(`event stream prelude CRC mismatch (got ${hex32(actual)}, expected ${hex32(expected)})`);
  if (total < MIN_MESSAGE_BYTES || total > MAX_MESSAGE_BYTES) {
    throw new EventStreamFormatError(`event message length ${total} is outside ${MIN_MESSAGE_BYTES}..${MAX_MESSAGE_BYTES}`);
  }
  if (headers > MAX_HEADERS_BYTES || headers > total - MIN_MESSAGE_BYTES) {
    throw new EventStreamFormatError(`event headers length ${headers} does not fit (message ${total} bytes, limit ${MAX_HEADERS_BYTES})`);
  }
  return { total, headers };
}

function hex32(n: number): string {
  return `0x${n.toString(16).padStart(8, "0")}`;
}

/** One whole message (its prelude already checked): message CRC, headers, payload. */
function readMessage(frame: Uint8Array, headersLength: number): EventMessage {
  const total = frame.length;
  const expected = new DataView(frame.buffer, frame.byteOffset + total - 4, 4).getUint32(0);
  const actual = crc32(frame.subarray(0, total - 4));
  if (actual !== expected)
    throw new EventStreamFormatError(`event message CRC mismatch (got ${hex32(actual)}, expected ${hex32(expected)})`);
  const headers = decodeHeaders(frame.subarray(PRELUDE_BYTES, PRELUDE_BYTES + headersLength));
  // A copy as a plain Uint8Array: a Node Buffer's `slice` would share (and keep alive) the chunk.
  return { headers, body: new Uint8Array(frame.subarray(PRELUDE_BYTES + headersLength, total - 4)) };
}

/**
 * Splits chunks into messages. Memory is bounded by one message (at most MAX_MESSAGE_BYTES),
 * allocated only once its prelude has passed its CRC and length checks.
 */
export class EventStreamDecoder {
  readonly #prelude = new Uint8Array(PRELUDE_BYTES);
  #preludeFill = 0;
  #frame: Uint8Array | undefined;
  #frameFill = 0;
  #headersLength = 0;
  #failed: EventStreamFormatError | undefined;

  /**
   * Adds a chunk; returns the messages it completes, in order. A malformed message after good
   * ones in the same chunk: the good ones are returned and the error is thrown by the next call.
   */
  push(chunk: Uint8Array): EventMessage[] {
    if (this.#failed !== undefined) throw this.#failed;
    const out: EventMessage[] = [];
    try {
      this.#read(chunk, out);
    } catch (error) {
      if (out.length === 0 || !(error instanceof EventStreamFormatError)) throw error;
      this.#failed = error;
    }
    return out;
  }

  #read(chunk: Uint8Array, out: EventMessage[]): void {
    let at = 0;
    while (at < chunk.length) {
      if (this.#frame === undefined) {
        if (this.#preludeFill === 0 && chunk.length - at >= PRELUDE_BYTES) {
          const { total, headers } = readPrelude(chunk, at);
          if (chunk.length - at >= total) {
            // The whole message is in this chunk: no copy of the frame.
            out.push(readMessage(chunk.subarray(at, at + total), headers));
            at += total;
            continue;
          }
          this.#start(total, headers);
          this.#frame!.set(chunk.subarray(at, at + PRELUDE_BYTES));
          this.#frameFill = PRELUDE_BYTES;
          at += PRELUDE_BYTES;
          continue;
        }
        const take = Math.min(PRELUDE_BYTES - this.#preludeFill, chunk.length - at);
        this.#prelude.set(chunk.subarray(at, at + take), this.#preludeFill);
        this.#preludeFill += take;
        at += take;
        if (this.#preludeFill < PRELUDE_BYTES) break;
        const { total, headers } = readPrelude(this.#prelude, 0);
        this.#preludeFill = 0;
        this.#start(total, headers);
        this.#frame!.set(this.#prelude);
        this.#frameFill = PRELUDE_BYTES;
        continue;
      }
      const frame = this.#frame;
      const take = Math.min(frame.length - this.#frameFill, chunk.length - at);
      frame.set(chunk.subarray(at, at + take), this.#frameFill);
      this.#frameFill += take;
      at += take;
      if (this.#frameFill === frame.length) {
        this.#frame = undefined;
        this.#frameFill = 0;
        out.push(readMessage(frame, this.#headersLength));
      }
    }
  }

  #start(total: number, headers: number): void {
    this.#frame = new Uint8Array(total);
    this.#headersLength = headers;
  }

  /** The error that stopped the stream after the messages `push` last returned, if any. */
  get failed(): EventStreamFormatError | undefined {
    return this.#failed;
  }

  /** The bytes of an unfinished message, if any: the stream ended inside a message when not 0. */
  get pending(): number {
    return this.#frame === undefined ? this.#preludeFill : this.#frameFill;
  }

  /** Throws when the input ended inside a message. */
  end(): void {
    if (this.#failed !== undefined) throw this.#failed;
    const pending = this.pending;
    if (pending !== 0) {
      const of = this.#frame === undefined ? "" : ` of ${this.#frame.length}`;
      throw new EventStreamFormatError(`event stream ended inside a message (${pending}${of} bytes)`);
    }
  }
}

/** The messages of a byte stream, in order; a malformed or cut-off stream throws EventStreamFormatError. */
export async function* decodeEventStream(source: AsyncIterable<Uint8Array>): AsyncGenerator<EventMessage, void, undefined> {
  const decoder = new EventStreamDecoder();
  for await (const chunk of source) {
    yield* decoder.push(chunk);
    // A malformed message after good ones: thrown now, not when (if ever) more bytes arrive.
    if (decoder.failed !== undefined) throw decoder.failed;
  }
  decoder.end();
}
