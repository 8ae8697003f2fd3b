// The event-stream framing: a frame written here by hand (node:zlib's CRC-32, Buffer writes) is
// read back; random messages survive encode → random chunking → decode; bad CRCs, impossible
// lengths and cut-off streams give EventStreamFormatError promptly, never a hang.
import { crc32 as zlibCrc32 } from "node:zlib";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  EventStreamDecoder,
  EventStreamFormatError,
  MAX_MESSAGE_BYTES,
  decodeEventStream,
  encodeMessage,
  type EventHeaderValue,
  type EventMessage,
} from "../generator/runtime/codecs/eventstream.js";
import { crc32 } from "../generator/runtime/codecs/crc32.js";

/** A frame built independently of the codec: the layout as the format describes it. */
function handFrame(headers: Buffer, body: Buffer): Buffer {
  const total = 12 + headers.length + body.length + 4;
  const prelude = Buffer.alloc(12);
  prelude.writeUInt32BE(total, 0);
  prelude.writeUInt32BE(headers.length, 4);
  prelude.writeUInt32BE(zlibCrc32(prelude.subarray(0, 8)), 8);
  const head = Buffer.concat([prelude, headers, body]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(zlibCrc32(head), 0);
  return Buffer.concat([head, crc]);
}

function handHeader(name: string, type: number, value: Buffer): Buffer {
  const n = Buffer.from(name, "utf8");
  return Buffer.concat([Buffer.from([n.length]), n, Buffer.from([type]), value]);
}

async function* chunks(parts: readonly Uint8Array[]): AsyncGenerator<Uint8Array> {
  for (const part of parts) yield part;
}

async function collect(parts: readonly Uint8Array[]): Promise<EventMessage[]> {
  const out: EventMessage[] = [];
  for await (const m of decodeEventStream(chunks(parts))) out.push(m);
  return out;
}

/** Splits bytes at the given cut points (sorted, deduplicated, within range). */
function split(bytes: Uint8Array, cuts: readonly number[]): Uint8Array[] {
  const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const out: Uint8Array[] = [];
  let last = 0;
  for (const p of points) {
    out.push(bytes.subarray(last, p));
    last = p;
  }
  out.push(bytes.subarray(last));
  return out;
}

describe("event-stream codec", () => {
  it("computes CRC-32 as zlib does", () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => crc32(bytes) === zlibCrc32(bytes)));
    expect(crc32(new TextEncoder().encode("123456789"))).toBe(0xcbf43926);
  });

  it("reads a hand-built frame with every header type", async () => {
    const i64 = Buffer.alloc(8);
    i64.writeBigInt64BE(-5_000_000_000n);
    const ts = Buffer.alloc(8);
    ts.writeBigInt64BE(1_700_000_000_123n);
    const headers = Buffer.concat([
      handHeader("t", 0, Buffer.alloc(0)),
      handHeader("f", 1, Buffer.alloc(0)),
      handHeader("byte", 2, Buffer.from([0xff])),
      handHeader("short", 3, Buffer.from([0x80, 0x00])),
      handHeader("int", 4, Buffer.from([0x7f, 0xff, 0xff, 0xff])),
      handHeader("long", 5, i64),
      handHeader("bytes", 6, Buffer.concat([Buffer.from([0, 3]), Buffer.from([1, 2, 3])])),
      handHeader(":event-type", 7, Buffer.concat([Buffer.from([0, 5]), Buffer.from("chunk")])),
      handHeader("when", 8, ts),
      handHeader("id", 9, Buffer.from("0123456789abcdef0123456789abcdef", "hex")),
    ]);
    const frame = handFrame(headers, Buffer.from('{"a":1}'));
    const [message] = await collect([frame]);
    const h = Object.fromEntries(message!.headers);
    expect(h).toEqual({
      t: { type: "boolean", value: true },
      f: { type: "boolean", value: false },
      byte: { type: "byte", value: -1 },
      short: { type: "short", value: -32768 },
      int: { type: "integer", value: 2147483647 },
      long: { type: "long", value: -5_000_000_000n },
      bytes: { type: "binary", value: new Uint8Array([1, 2, 3]) },
      ":event-type": { type: "string", value: "chunk" },
      when: { type: "timestamp", value: new Date(1_700_000_000_123) },
      id: { type: "uuid", value: "01234567-89ab-cdef-0123-456789abcdef" },
    });
    expect(new TextDecoder().decode(message!.body)).toBe('{"a":1}');
    // The codec's own encoder writes the same bytes for the same message.
    expect(Buffer.from(encodeMessage(message!))).toEqual(frame);
  });

  const headerValue: fc.Arbitrary<EventHeaderValue> = fc.oneof(
    fc.boolean().map((value) => ({ type: "boolean" as const, value })),
    fc.integer({ min: -128, max: 127 }).map((value) => ({ type: "byte" as const, value })),
    fc.integer({ min: -32768, max: 32767 }).map((value) => ({ type: "short" as const, value })),
    fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }).map((value) => ({ type: "integer" as const, value })),
    fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }).map((value) => ({ type: "long" as const, value })),
    fc.uint8Array({ maxLength: 40 }).map((value) => ({ type: "binary" as const, value })),
    fc.string({ maxLength: 40, unit: "grapheme" }).map((value) => ({ type: "string" as const, value })),
    fc.integer({ min: -8.64e15, max: 8.64e15 }).map((ms) => ({ type: "timestamp" as const, value: new Date(ms) })),
    fc.uuid().map((value) => ({ type: "uuid" as const, value })),
  );
  const message = fc.record({
    headers: fc.uniqueArray(fc.tuple(fc.string({ minLength: 1, maxLength: 20, unit: "binary-ascii" }), headerValue), {
      maxLength: 8,
      selector: (h) => h[0],
    }),
    body: fc.uint8Array({ maxLength: 600 }),
  });

  it("round-trips random messages through random chunk splits", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(message, { minLength: 1, maxLength: 6 }), fc.array(fc.nat(), { maxLength: 12 }), async (messages, cuts) => {
        const wire = Buffer.concat(messages.map((m) => encodeMessage(m)));
        const decoded = await collect(split(wire, cuts));
        expect(decoded.length).toBe(messages.length);
        decoded.forEach((d, i) => {
          expect([...d.headers]).toEqual(
            messages[i]!.headers.map(([n, v]) => [n, v.type === "uuid" ? { ...v, value: v.value.toLowerCase() } : v]),
          );
          expect(d.body).toEqual(messages[i]!.body);
        });
      }),
      { numRuns: 200 },
    );
  });

  it("feeds one byte at a time", () => {
    const wire = Buffer.concat([
      encodeMessage({ headers: [["a", { type: "string", value: "x" }]], body: new Uint8Array(50) }),
      encodeMessage({ headers: [], body: new Uint8Array(0) }),
    ]);
    const decoder = new EventStreamDecoder();
    const out: EventMessage[] = [];
    for (const byte of wire) out.push(...decoder.push(new Uint8Array([byte])));
    decoder.end();
    expect(out.map((m) => m.body.length)).toEqual([50, 0]);
  });

  it("turns any flipped bit into a typed error", async () => {
    const wire = encodeMessage({
      headers: [[":event-type", { type: "string", value: "chunk" }]],
      body: new TextEncoder().encode('{"bytes":"aGk="}'),
    });
    for (let bit = 0; bit < wire.length * 8; bit++) {
      const bad = wire.slice();
      bad[bit >> 3]! ^= 1 << (bit & 7);
      await expect(collect([bad]), `bit ${bit}`).rejects.toBeInstanceOf(EventStreamFormatError);
    }
  });

  it("hands over the good messages of a chunk before the bad one's error", async () => {
    const good = encodeMessage({ headers: [], body: new Uint8Array([1]) });
    const bad = good.slice();
    bad[bad.length - 1]! ^= 1;
    const seen: EventMessage[] = [];
    await expect(
      (async () => {
        // The source never ends: the error must come without waiting for more bytes.
        for await (const m of decodeEventStream(
          (async function* () {
            yield Buffer.concat([good, good, bad]);
            await new Promise(() => undefined);
          })(),
        ))
          seen.push(m);
      })(),
    ).rejects.toThrow(/message CRC mismatch/);
    expect(seen).toHaveLength(2);
  });

  it("refuses lengths beyond the limits before allocating", () => {
    const prelude = (total: number, headers: number): Uint8Array => {
      const b = Buffer.alloc(12);
      b.writeUInt32BE(total, 0);
      b.writeUInt32BE(headers, 4);
      b.writeUInt32BE(zlibCrc32(b.subarray(0, 8)), 8);
      return b;
    };
    expect(() => new EventStreamDecoder().push(prelude(MAX_MESSAGE_BYTES + 1, 0))).toThrow(/outside/);
    expect(() => new EventStreamDecoder().push(prelude(0xffffffff, 0))).toThrow(EventStreamFormatError);
    expect(() => new EventStreamDecoder().push(prelude(200_000, 128 * 1024 + 1))).toThrow(/headers length/);
    expect(() => new EventStreamDecoder().push(prelude(20, 10))).toThrow(/headers length/);
    expect(() => new EventStreamDecoder().push(prelude(15, 0))).toThrow(/outside/);
    // A header whose declared length runs past the block.
    const frame = handFrame(handHeader("s", 7, Buffer.from([0, 9, 65])), Buffer.alloc(0));
    expect(() => new EventStreamDecoder().push(frame)).toThrow(/past the end/);
    expect(() => new EventStreamDecoder().push(handFrame(handHeader("s", 10, Buffer.alloc(0)), Buffer.alloc(0)))).toThrow(
      /unknown type 10/,
    );
  });

  it("reports a truncated stream within a time bound", async () => {
    const wire = encodeMessage({ headers: [], body: new Uint8Array(100) });
    for (const cut of [1, 11, 12, 13, 60, wire.length - 1]) {
      const started = performance.now();
      await expect(collect([wire, wire.subarray(0, cut)])).rejects.toThrow(/ended inside a message/);
      expect(performance.now() - started).toBeLessThan(1000);
    }
  });

  it("refuses header values that do not fit their type", () => {
    expect(() => encodeMessage({ headers: [["b", { type: "byte", value: 128 }]], body: new Uint8Array() })).toThrow(RangeError);
    expect(() => encodeMessage({ headers: [["u", { type: "uuid", value: "nope" }]], body: new Uint8Array() })).toThrow(RangeError);
    expect(() => encodeMessage({ headers: [["", { type: "boolean", value: true }]], body: new Uint8Array() })).toThrow(RangeError);
  });
});
