// The CBOR codec of rpc-v2-cbor (generator/runtime/codecs/cbor.ts) on bytes written by hand: what
// the protocol suites do not reach (chunked byte strings, big-number tags, strict reads), and a
// round trip of every value kind through schemas, checked against cborg's own reading.
import { Tagged, decode, encode } from "cborg";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decodeCbor, readCbor, writeCborStructure } from "../generator/runtime/codecs/cbor.js";
import type { StructureSchema } from "../generator/runtime/schema.js";

const bytes = (...b: number[]) => Uint8Array.from(b);
const text = (s: string) => [...Buffer.from(s)];

const ALL: StructureSchema = {
  type: "structure",
  name: "All",
  members: {
    s: { target: "string" },
    b: { target: "boolean" },
    i: { target: "integer" },
    l: { target: "long" },
    d: { target: "double" },
    t: { target: "timestamp" },
    blob: { target: "blob" },
    list: { target: { type: "list", member: "string" } },
    sparse: { target: { type: "list", member: "integer", sparse: true } },
    map: { target: { type: "map", key: "string", value: "double" } },
    doc: { target: "document" },
  },
};

describe("decodeCbor", () => {
  it("joins chunked (indefinite-length) text and byte strings", () => {
    // {"a": (_ "ab" "c"), "b": (_ h'0102' h'03')}
    const body = bytes(0xa2, 0x61, 0x61, 0x7f, 0x62, ...text("ab"), 0x61, ...text("c"), 0xff, 0x61, 0x62, 0x5f, 0x42, 1, 2, 0x41, 3, 0xff);
    expect(decodeCbor(body)).toEqual({ a: "abc", b: bytes(1, 2, 3) });
    // Empty chunked strings, and a chunked string as the whole item.
    expect(decodeCbor(bytes(0x7f, 0xff))).toBe("");
    expect(decodeCbor(bytes(0x5f, 0xff))).toEqual(new Uint8Array());
  });

  it("refuses chunks of the wrong kind, a missing break, nested chunking and trailing bytes", () => {
    expect(() => decodeCbor(bytes(0x7f, 0x41, 1, 0xff))).toThrow(/chunk .* is a bytes/);
    expect(() => decodeCbor(bytes(0x7f, 0x61, ...text("a")))).toThrow(/no break/);
    expect(() => decodeCbor(bytes(0x7f, 0x7f, 0xff, 0xff))).toThrow();
    expect(() => decodeCbor(bytes(0xa0, 0x01))).toThrow();
    expect(() => decodeCbor(bytes(0xa2, 0x61, 0x61, 1, 0x61, 0x61, 2))).toThrow(/repeat map key/);
  });

  it("reads tag 1 as a Date, tags 2 and 3 as big integers, tag 4 as a decimal", () => {
    expect(decodeCbor(encode(new Tagged(1, 1.5)))).toEqual(new Date(1500));
    expect(decodeCbor(bytes(0xc2, 0x49, 1, 0, 0, 0, 0, 0, 0, 0, 0))).toBe(2n ** 64n);
    expect(decodeCbor(bytes(0xc3, 0x49, 1, 0, 0, 0, 0, 0, 0, 0, 0))).toBe(-1n - 2n ** 64n);
    // 4([-2, 27315]) = 273.15
    expect(decodeCbor(bytes(0xc4, 0x82, 0x21, 0x19, 0x6a, 0xb3))).toBe(273.15);
    expect(() => decodeCbor(encode(new Tagged(1, "2024-01-01")))).toThrow(/not a number/);
    expect(() => decodeCbor(encode(new Tagged(1, 1e300)))).toThrow(/out of range/);
    expect(() => decodeCbor(encode(new Tagged(99, 1)))).toThrow(/tag not supported/);
  });

  it("keeps __proto__ a key, never the prototype", () => {
    const value = decodeCbor(bytes(0xa1, 0x69, ...text("__proto__"), 0xa1, 0x61, 0x78, 0x01)) as Record<string, unknown>;
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(Object.hasOwn(value, "__proto__")).toBe(true);
    expect(({} as Record<string, unknown>)["x"]).toBeUndefined();
  });
});

describe("readCbor", () => {
  it("reads integers by range: a long beyond 2^53 as a number, one beyond 2^63 refused", () => {
    expect(readCbor("long", 2n ** 60n)).toBe(2 ** 60);
    expect(() => readCbor("long", 2n ** 63n)).toThrow(/out of its range/);
    expect(() => readCbor("integer", 2 ** 31)).toThrow(/out of its range/);
    expect(() => readCbor("integer", 1.5)).toThrow(/not a whole one/);
    expect(readCbor("bigInteger", 2n ** 70n)).toBe(2 ** 70);
  });

  it("is strict about kinds: text for strings, byte strings for blobs, booleans for booleans", () => {
    expect(() => readCbor("string", 1)).toThrow(/text string/);
    expect(() => readCbor("blob", "AQI=")).toThrow(/byte string/);
    expect(() => readCbor("boolean", 1)).toThrow(/boolean/);
    expect(readCbor("timestamp", 2)).toEqual(new Date(2000));
  });
});

describe("writeCborStructure", () => {
  it("writes each kind as cborg reads it back, and equal inputs as equal bytes", () => {
    const value = {
      d: NaN,
      s: "ü",
      b: true,
      i: -7,
      l: 2 ** 60,
      t: new Date(1_700_000_000_123),
      blob: "hi",
      list: ["a"],
      sparse: [1, null, 2],
      map: { x: Infinity, skip: undefined },
      doc: { nested: [1, "two", null] },
      notAMember: 1,
    };
    const written = writeCborStructure(ALL, value);
    expect(decode(written, { useMaps: true, tags: Tagged.preserve(1) })).toEqual(
      new Map<string, unknown>([
        ["b", true],
        ["d", NaN],
        ["i", -7],
        ["l", 2 ** 60],
        ["s", "ü"],
        ["t", new Tagged(1, 1_700_000_000.123)],
        ["map", new Map([["x", Infinity]])],
        ["doc", new Map<string, unknown>([["nested", [1, "two", null]]])],
        ["blob", new Uint8Array(Buffer.from("hi"))],
        ["list", ["a"]],
        ["sparse", [1, null, 2]],
      ]),
    );
    const reordered = Object.fromEntries(Object.entries(value).reverse());
    expect(Buffer.from(writeCborStructure(ALL, reordered)).equals(Buffer.from(written))).toBe(true);
  });

  it("round-trips any value of the schema through the reader", () => {
    const arb = fc.record(
      {
        s: fc.string(),
        b: fc.boolean(),
        i: fc.integer(),
        l: fc.maxSafeInteger(),
        d: fc.double(),
        t: fc.integer({ min: -8.64e12, max: 8.64e12 }).map((ms) => new Date(ms)),
        blob: fc.uint8Array(),
        list: fc.array(fc.string()),
        map: fc.dictionary(fc.string(), fc.double()),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(arb, (value) => {
        const back = readCbor(ALL, decodeCbor(writeCborStructure(ALL, value)));
        expect(back).toEqual(value);
      }),
      { numRuns: 200 },
    );
  });
});
