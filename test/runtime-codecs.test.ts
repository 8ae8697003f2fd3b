import { describe, expect, it } from "vitest";
import {
  formatTimestamp,
  fromBase64,
  parseTimestamp,
  percentEncode,
  quoteHeaderItem,
  splitHeaderList,
  toBase64,
  toEpochSeconds,
  utf8Decode,
  utf8Encode,
} from "../generator/runtime/codecs/encoding.js";

/** Deterministic pseudo-random bytes (a linear congruential generator), so failures reproduce. */
function bytesOf(length: number, seed: number): Uint8Array {
  const bytes = new Uint8Array(length);
  let state = seed;
  for (let i = 0; i < length; i++) {
    state = (state * 1103515245 + 12345) >>> 0;
    bytes[i] = state >>> 24;
  }
  return bytes;
}

// Node's Buffer is an independent reference here; the runtime itself must not depend on it.
const reference = (bytes: Uint8Array): string => Buffer.from(bytes).toString("base64");

describe("base64", () => {
  it("encodes known vectors (RFC 4648 §10)", () => {
    const vectors: Array<[string, string]> = [
      ["", ""],
      ["f", "Zg=="],
      ["fo", "Zm8="],
      ["foo", "Zm9v"],
      ["foob", "Zm9vYg=="],
      ["fooba", "Zm9vYmE="],
      ["foobar", "Zm9vYmFy"],
    ];
    for (const [text, encoded] of vectors) {
      expect(toBase64(utf8Encode(text))).toBe(encoded);
      expect(utf8Decode(fromBase64(encoded))).toBe(text);
    }
  });

  it("matches the reference encoder for every length up to 1100 bytes (both code paths, all remainders)", () => {
    for (let length = 0; length <= 1100; length++) {
      const bytes = bytesOf(length, length + 1);
      const encoded = toBase64(bytes);
      expect(encoded, `length ${length}`).toBe(reference(bytes));
      expect(reference(fromBase64(encoded)), `length ${length}`).toBe(encoded);
    }
  });

  it("round-trips a large buffer", () => {
    const bytes = bytesOf(300_001, 7);
    const encoded = toBase64(bytes);
    expect(encoded).toBe(reference(bytes));
    // Compared through the reference encoder: element-wise equality of 300 kB is needlessly slow.
    expect(reference(fromBase64(encoded))).toBe(encoded);
  });

  it("decodes unpadded, URL-safe and line-wrapped input", () => {
    const bytes = Uint8Array.from([0xfb, 0xff, 0xbf, 0x01]);
    expect(fromBase64("+/+/AQ")).toEqual(bytes);
    expect(fromBase64("-_-_AQ==")).toEqual(bytes);
    expect(fromBase64("+/+/\r\nAQ==\n")).toEqual(bytes);
    expect(fromBase64(" Zm9v YmFy ")).toEqual(utf8Encode("foobar"));
  });

  it("rejects characters outside the alphabet and truncated input", () => {
    expect(() => fromBase64("Zm9v!")).toThrow(TypeError);
    expect(() => fromBase64("Zm9vé")).toThrow(TypeError);
    expect(() => fromBase64("Zm9v\u4e00AAA")).toThrow(TypeError);
    expect(() => fromBase64("Zm9vY")).toThrow(/truncated/);
  });
});

describe("utf8", () => {
  it("encodes and decodes multi-byte text", () => {
    expect(Array.from(utf8Encode("é😹"))).toEqual([0xc3, 0xa9, 0xf0, 0x9f, 0x98, 0xb9]);
    expect(utf8Decode(Uint8Array.from([0xc3, 0xa9, 0xf0, 0x9f, 0x98, 0xb9]))).toBe("é😹");
    expect(utf8Decode(new Uint8Array(0))).toBe("");
  });

  it("replaces invalid sequences instead of failing", () => {
    expect(utf8Decode(Uint8Array.from([0x61, 0xff, 0x62]))).toBe("a\ufffdb");
  });
});

describe("timestamps", () => {
  const whole = new Date(Date.UTC(2019, 11, 16, 23, 48, 18));
  const fractional = new Date(Date.UTC(2000, 0, 2, 20, 34, 56, 123));

  it("formats the three wire formats", () => {
    expect(formatTimestamp(whole, "iso8601")).toBe("2019-12-16T23:48:18Z");
    expect(formatTimestamp(fractional, "iso8601")).toBe("2000-01-02T20:34:56.123Z");
    expect(formatTimestamp(whole, "rfc822")).toBe("Mon, 16 Dec 2019 23:48:18 GMT");
    expect(formatTimestamp(whole, "unixTimestamp")).toBe("1576540098");
    expect(formatTimestamp(fractional, "unixTimestamp")).toBe("946845296.123");
    expect(toEpochSeconds(fractional)).toBe(946845296.123);
  });

  it("parses epoch seconds given as numbers or text", () => {
    expect(parseTimestamp(1576540098)).toEqual(whole);
    expect(parseTimestamp(946845296.123)).toEqual(fractional);
    expect(parseTimestamp("1576540098")).toEqual(whole);
    expect(parseTimestamp("946845296.123")).toEqual(fractional);
    expect(parseTimestamp("1.576540098E9")).toEqual(whole);
  });

  it("parses ISO 8601 with fractions and offsets", () => {
    expect(parseTimestamp("2019-12-16T23:48:18Z")).toEqual(whole);
    expect(parseTimestamp("2019-12-16t23:48:18z")).toEqual(whole);
    expect(parseTimestamp("2019-12-16T23:48:18")).toEqual(whole);
    expect(parseTimestamp("2000-01-02T20:34:56.123Z")).toEqual(fractional);
    expect(parseTimestamp("2000-01-02T20:34:56.123456789Z")).toEqual(fractional);
    expect(parseTimestamp("2000-01-02T20:34:56.1Z")).toEqual(new Date(Date.UTC(2000, 0, 2, 20, 34, 56, 100)));
    expect(parseTimestamp("2019-12-16T22:48:18-01:00")).toEqual(whole);
    expect(parseTimestamp("2019-12-17T00:48:18+01:00")).toEqual(whole);
    expect(parseTimestamp("2019-12-17T05:18:18+0530")).toEqual(whole);
  });

  it("parses HTTP dates in their three historical forms", () => {
    expect(parseTimestamp("Mon, 16 Dec 2019 23:48:18 GMT")).toEqual(whole);
    expect(parseTimestamp("Sun, 02 Jan 2000 20:34:56.123 GMT")).toEqual(fractional);
    expect(parseTimestamp("Monday, 16-Dec-19 23:48:18 GMT")).toEqual(whole);
    expect(parseTimestamp("Mon Dec 16 23:48:18 2019")).toEqual(new Date(2019, 11, 16, 23, 48, 18));
  });

  it("rejects what is not a timestamp", () => {
    expect(() => parseTimestamp("yesterday")).toThrow(TypeError);
    expect(() => parseTimestamp(Number.NaN)).toThrow(TypeError);
    expect(() => parseTimestamp({})).toThrow(TypeError);
    expect(() => parseTimestamp("Mon, 16 Foo 2019 23:48:18 GMT")).toThrow(TypeError);
  });
});

describe("percentEncode", () => {
  it("leaves unreserved characters alone", () => {
    expect(percentEncode("AZaz09-._~")).toBe("AZaz09-._~");
  });

  it("encodes every reserved character and UTF-8 (RFC 3986)", () => {
    expect(percentEncode(" %:/?#[]@!$&'()*+,;=😹")).toBe("%20%25%3A%2F%3F%23%5B%5D%40%21%24%26%27%28%29%2A%2B%2C%3B%3D%F0%9F%98%B9");
  });

  it("keeps slashes for greedy labels only", () => {
    expect(percentEncode("a b/c d", true)).toBe("a%20b/c%20d");
    expect(percentEncode("a/b")).toBe("a%2Fb");
    expect(percentEncode("a/b", true)).toBe("a/b");
  });

  it("encodes a lone surrogate as the replacement character", () => {
    expect(percentEncode("a\ud800b")).toBe("a%EF%BF%BDb");
  });
});

describe("header lists", () => {
  it("quotes items holding commas, quotes or edge spaces", () => {
    expect(quoteHeaderItem("plain")).toBe("plain");
    expect(quoteHeaderItem("b,c")).toBe('"b,c"');
    expect(quoteHeaderItem('"def"')).toBe('"\\"def\\""');
    expect(quoteHeaderItem(" padded")).toBe('" padded"');
  });

  it("splits on commas outside quotes and unescapes", () => {
    expect(splitHeaderList("a, b,c")).toEqual(["a", "b", "c"]);
    expect(splitHeaderList('"b,c", "\\"def\\"", a')).toEqual(["b,c", '"def"', "a"]);
    expect(splitHeaderList('" padded", x')).toEqual([" padded", "x"]);
    expect(splitHeaderList("")).toEqual([]);
    expect(splitHeaderList("  ")).toEqual([]);
  });

  it("round-trips quoted items", () => {
    const items = ["a", "b,c", '"q"', "back\\slash", " lead"];
    expect(splitHeaderList(items.map(quoteHeaderItem).join(", "))).toEqual(items);
  });
});
