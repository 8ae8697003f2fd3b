// The pieces of streaming bodies and flexible checksums on their own: the checksums against the
// catalogue's check values and independent implementations, incremental against one-shot, the
// aws-chunked framing and its announced length, re-chunking, what a streaming input may be, the
// output's transforms, and which checksum an operation computes or checks.
import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { httpChecksum } from "../generator/runtime/client/checksum.js";
import { StreamingBody, fixedChunks, requestBodyOf } from "../generator/runtime/client/streams.js";
import {
  CHECKSUM_TEXT_LENGTH,
  checksumOf,
  crc32ByTable,
  createChecksum,
  type ChecksumAlgorithm,
} from "../generator/runtime/codecs/checksums.js";
import { ClientConfigError } from "../generator/runtime/errors.js";
import { AWS_CHUNK_SIZE, awsChunked, awsChunkedLength } from "../generator/runtime/http/aws-chunked.js";
import { readBody } from "../generator/runtime/http/transport.js";

const hex = (base64: string): string => Buffer.from(base64, "base64").toString("hex");

/** A seeded byte generator, so a failure names bytes that can be made again. */
function bytes(size: number, seed: number): Uint8Array {
  const out = new Uint8Array(size);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < size; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

/** Reflected CRC-32 bit by bit: the definition, not a table. */
function crc32Bits(data: Uint8Array, polynomial: number): string {
  let crc = 0xffffffff;
  for (const byte of data) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ polynomial : crc >>> 1;
  }
  return ((crc ^ 0xffffffff) >>> 0).toString(16).padStart(8, "0");
}

/** CRC-64/NVME bit by bit with BigInt. */
function crc64Bits(data: Uint8Array): string {
  const poly = 0x9a6c9329ac4bc9b5n;
  const mask = (1n << 64n) - 1n;
  let crc = mask;
  for (const byte of data) {
    crc ^= BigInt(byte);
    for (let k = 0; k < 8; k++) crc = crc & 1n ? (crc >> 1n) ^ poly : crc >> 1n;
  }
  return (crc ^ mask).toString(16).padStart(16, "0");
}

async function* from(chunks: readonly Uint8Array[]): AsyncGenerator<Uint8Array> {
  for (const chunk of chunks) yield chunk;
}

/** `data` cut at seeded places into pieces of 0 to 3 * mean bytes. */
function split(data: Uint8Array, seed: number, mean: number): Uint8Array[] {
  const cuts = bytes(data.length, seed);
  const out: Uint8Array[] = [];
  let at = 0;
  for (let i = 0; at < data.length; i++) {
    const size = Math.min(data.length - at, Math.floor((cuts[i % cuts.length]! / 255) * 3 * mean));
    out.push(data.subarray(at, at + size));
    at += size;
  }
  return out;
}

describe("checksums", () => {
  const check = new TextEncoder().encode("123456789");

  it("match the CRC catalogue's check values and node:crypto's SHA digests", async () => {
    expect(hex(await checksumOf("CRC32", check))).toBe("cbf43926");
    expect(hex(await checksumOf("CRC32C", check))).toBe("e3069283");
    expect(hex(await checksumOf("CRC64NVME", check))).toBe("ae8b14860a799888");
    expect(await checksumOf("SHA1", check)).toBe(createHash("sha1").update(check).digest("base64"));
    expect(await checksumOf("SHA256", check)).toBe(createHash("sha256").update(check).digest("base64"));
    // RFC 1321's test suite: MD5("") and MD5("abc").
    expect(hex(await checksumOf("MD5", new Uint8Array(0)))).toBe("d41d8cd98f00b204e9800998ecf8427e");
    expect(hex(await checksumOf("MD5", new TextEncoder().encode("abc")))).toBe("900150983cd24fb0d6963f7d28e17f72");
    expect(hex(await checksumOf("CRC32", new Uint8Array(0)))).toBe("00000000");
  });

  it("agree with bit-by-bit definitions on seeded data, fed whole or in pieces", async () => {
    for (let seed = 1; seed <= 12; seed++) {
      const data = bytes(1 + seed * 997, seed);
      expect(hex(await checksumOf("CRC32", data)), `seed ${seed}`).toBe(crc32Bits(data, 0xedb88320));
      // The table CRC32 that runs where zlib's is missing (browsers), fed in pieces.
      const table = crc32ByTable();
      for (const piece of split(data, seed + 50, 200)) table.update(piece);
      expect(hex(await table.digest()), `table, seed ${seed}`).toBe(crc32Bits(data, 0xedb88320));
      expect(hex(await checksumOf("CRC32C", data)), `seed ${seed}`).toBe(crc32Bits(data, 0x82f63b78));
      expect(hex(await checksumOf("CRC64NVME", data)), `seed ${seed}`).toBe(crc64Bits(data));
      for (const algorithm of ["CRC32", "CRC32C", "CRC64NVME", "SHA1", "SHA256"] as ChecksumAlgorithm[]) {
        const sum = await createChecksum(algorithm);
        for (const piece of split(data, seed + 100, 300)) sum.update(piece);
        const text = await sum.digest();
        expect(text, `${algorithm} seed ${seed}`).toBe(await checksumOf(algorithm, data));
        expect(text.length).toBe(CHECKSUM_TEXT_LENGTH[algorithm]);
      }
    }
  });
});

describe("aws-chunked", () => {
  it("announces exactly the length it sends, for sizes around the chunk size and every trailer", async () => {
    for (const size of [0, 1, 15, 16, AWS_CHUNK_SIZE - 1, AWS_CHUNK_SIZE, AWS_CHUNK_SIZE + 1, 3 * AWS_CHUNK_SIZE + 4097]) {
      for (const algorithm of ["CRC32", "CRC64NVME", "SHA256"] as ChecksumAlgorithm[]) {
        const data = bytes(size, size + 3);
        const name = `x-amz-checksum-${algorithm.toLowerCase()}`;
        const encoded = await readBody(
          awsChunked(fixedChunks(from(split(data, size + 7, 5000)), AWS_CHUNK_SIZE), async () => [name, await checksumOf(algorithm, data)]),
          Number.POSITIVE_INFINITY,
        );
        expect(encoded.length, `${size} bytes, ${algorithm}`).toBe(awsChunkedLength(size, name, CHECKSUM_TEXT_LENGTH[algorithm]));
        const text = Buffer.from(encoded).toString("latin1");
        expect(text.endsWith(`0\r\n${name}:${await checksumOf(algorithm, data)}\r\n\r\n`)).toBe(true);
        if (size > 0) expect(text.startsWith(`${Math.min(size, AWS_CHUNK_SIZE).toString(16)}\r\n`)).toBe(true);
      }
    }
  });

  it("re-chunks any split into full chunks and one short last chunk, bytes unchanged", async () => {
    for (let seed = 1; seed <= 8; seed++) {
      const data = bytes(seed * 1237, seed);
      const out: Uint8Array[] = [];
      for await (const chunk of fixedChunks(from(split(data, seed, 400)), 1000)) out.push(chunk.slice());
      expect(out.slice(0, -1).every((c) => c.length === 1000)).toBe(true);
      expect(out.at(-1)!.length).toBeGreaterThan(0);
      expect(Buffer.concat(out).equals(Buffer.from(data))).toBe(true);
    }
  });
});

describe("streaming inputs and outputs", () => {
  it("takes bytes, text, Blob, ReadableStream and async iterables, with the length when it is known", async () => {
    expect(requestBodyOf("héllo")).toEqual(new TextEncoder().encode("héllo"));
    const blob = requestBodyOf(new Blob(["abc", new Uint8Array([1, 2])]));
    expect(blob).toMatchObject({ length: 5 });
    const web = requestBodyOf(new Blob(["xyz"]).stream());
    expect(web).toMatchObject({ length: undefined });
    expect(Buffer.from(await readBody((web as { stream: AsyncIterable<Uint8Array> }).stream, 100)).toString()).toBe("xyz");
    const mixed = requestBodyOf(from([new Uint8Array([65]), "é" as unknown as Uint8Array]));
    expect(Buffer.from(await readBody((mixed as { stream: AsyncIterable<Uint8Array> }).stream, 100)).toString()).toBe("Aé");
  });

  it("refuses anything else, naming what it got, and a stream that yields something else", async () => {
    for (const value of [42, null, {}, [1, 2], true]) expect(() => requestBodyOf(value)).toThrow(TypeError);
    const odd = requestBodyOf(from([7 as unknown as Uint8Array])) as { stream: AsyncIterable<Uint8Array> };
    await expect(readBody(odd.stream, 100)).rejects.toThrow(/yielded number/);
  });

  it("hands an output back once, whole in any encoding or as a web stream", async () => {
    const text = new TextEncoder().encode("grüße");
    const body = (chunks: Uint8Array[]) => new StreamingBody(from(chunks), () => undefined);
    expect(await body([text.subarray(0, 3), text.subarray(3)]).transformToString()).toBe("grüße");
    expect(await body([text]).transformToString("base64")).toBe(Buffer.from(text).toString("base64"));
    expect(await body([text]).transformToString("hex")).toBe(Buffer.from(text).toString("hex"));
    expect(await body([new Uint8Array([0xff, 0xfe, 0x41, 0x00])]).transformToString("utf-16le")).toBe("A");
    const once = body([text]);
    await once.transformToByteArray();
    await expect(once.transformToByteArray()).rejects.toThrow(/already been read/);
    expect(JSON.stringify({ Body: body([text]) })).toBe('{"Body":"[StreamingBody]"}');
    let cancelled: unknown;
    const web = new StreamingBody(from([text, text]), (reason) => (cancelled = reason)).transformToWebStream();
    const reader = web.getReader();
    expect((await reader.read()).value).toEqual(text);
    await reader.cancel("enough");
    expect(cancelled).toBe("enough");
  });
});

describe("which checksum an operation computes and checks", () => {
  const put = httpChecksum({ requestAlgorithmHeader: "x-amz-sdk-checksum-algorithm" });
  const get = httpChecksum({
    requestValidationModeHeader: "x-amz-checksum-mode",
    responseAlgorithms: ["CRC32", "SHA256", "XXHASH3", "CRC64NVME"],
  });

  it("requests: CRC32 by default when supported, the input's algorithm in any case, none over a given checksum", () => {
    const headers: Record<string, string> = {};
    expect(put.requestAlgorithm(headers, "WHEN_SUPPORTED")).toBe("CRC32");
    expect(headers["x-amz-sdk-checksum-algorithm"]).toBe("CRC32");
    expect(put.requestAlgorithm({}, "WHEN_REQUIRED")).toBeUndefined();
    expect(put.requestAlgorithm({ "x-amz-sdk-checksum-algorithm": "crc32c" }, "WHEN_REQUIRED")).toBe("CRC32C");
    expect(
      put.requestAlgorithm({ "x-amz-sdk-checksum-algorithm": "SHA1", "x-amz-checksum-sha1": "given" }, "WHEN_SUPPORTED"),
    ).toBeUndefined();
    // MD5 goes as Content-MD5, as the AWS SDKs send it; one the input gives is sent as is.
    expect(put.requestAlgorithm({ "x-amz-sdk-checksum-algorithm": "MD5" }, "WHEN_SUPPORTED")).toBe("MD5");
    expect(put.header("MD5")).toBe("content-md5");
    expect(put.requestAlgorithm({ "x-amz-sdk-checksum-algorithm": "MD5", "content-md5": "given" }, "WHEN_SUPPORTED")).toBeUndefined();
    expect(() => put.requestAlgorithm({ "x-amz-sdk-checksum-algorithm": "XXHASH64" }, "WHEN_SUPPORTED")).toThrow(ClientConfigError);
    expect(() => put.requestAlgorithm({ "x-amz-sdk-checksum-algorithm": "__proto__" }, "WHEN_SUPPORTED")).toThrow(/CRC32, /);
    expect(httpChecksum({ requestChecksumRequired: true }).requestAlgorithm({}, "WHEN_REQUIRED")).toBe("CRC32");
  });

  it("responses: asked for when supported; the first computable checksum by preference; composites skipped", () => {
    const headers: Record<string, string> = {};
    get.askForResponseChecksum(headers, "WHEN_SUPPORTED");
    expect(headers).toEqual({ "x-amz-checksum-mode": "ENABLED" });
    const off: Record<string, string> = {};
    get.askForResponseChecksum(off, "WHEN_REQUIRED");
    expect(off).toEqual({});
    expect(get.responseChecksum(off, { "x-amz-checksum-crc32": "AAAAAA==" })).toBeUndefined();
    expect(get.responseChecksum(headers, { "x-amz-checksum-sha256": "s", "x-amz-checksum-crc32": "c" })).toEqual({
      algorithm: "CRC32",
      expected: "c",
    });
    expect(get.responseChecksum(headers, { "x-amz-checksum-crc64nvme": "n", "x-amz-checksum-crc32": "c" })?.algorithm).toBe("CRC64NVME");
    expect(get.responseChecksum(headers, { "x-amz-checksum-crc32": "abc=-3" })).toBeUndefined();
    expect(get.responseChecksum(headers, { "x-amz-checksum-xxhash3": "x" })).toBeUndefined();
  });
});
