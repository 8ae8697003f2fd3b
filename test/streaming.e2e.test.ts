// Streaming blobs and flexible checksums through a generated S3 client (the corpus model) against
// a loopback server that plays S3's part: it decodes aws-chunked bodies, checks the lengths and the
// trailing or header checksum with its own bit-by-bit CRC (not the runtime's tables) or node:crypto,
// stores the object, and serves it back in 64 KiB writes with the checksum S3 would send.
import { createHash } from "node:crypto";
import http from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { Readable } from "node:stream";
import v8 from "node:v8";
import { runInNewContext } from "node:vm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { loadS3, s3Available } from "./s3-fixture.js";
import { decodeAwsChunked } from "./aws-chunked.js";

const available = s3Available;
const CREDENTIALS = { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY" };

/** Reflected CRC-32 bit by bit (0xEDB88320: CRC32, 0x82F63B78: CRC32C), big-endian base64. */
function crcBits(data: Uint8Array, polynomial: number): string {
  let crc = 0xffffffff;
  for (const byte of data) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ polynomial : crc >>> 1;
  }
  const out = Buffer.alloc(4);
  out.writeUInt32BE((crc ^ 0xffffffff) >>> 0);
  return out.toString("base64");
}

function checksum(algorithm: string, data: Buffer): string {
  switch (algorithm) {
    case "crc32":
      return crcBits(data, 0xedb88320);
    case "crc32c":
      return crcBits(data, 0x82f63b78);
    case "sha1":
      return createHash("sha1").update(data).digest("base64");
    case "sha256":
      return createHash("sha256").update(data).digest("base64");
    default:
      throw new Error(`no ${algorithm} here`);
  }
}

interface Seen {
  method: string;
  headers: http.IncomingHttpHeaders;
  rawLength: number;
  problem?: string;
}

let server: http.Server;
let endpoint = "";
const objects = new Map<string, Buffer>();
const seen: Seen[] = [];
let closedSockets = 0;
let failPuts = false;

function xmlError(res: http.ServerResponse, status: number, code: string): void {
  res
    .writeHead(status, { "content-type": "application/xml" })
    .end(`<?xml version="1.0"?><Error><Code>${code}</Code><Message>${code}</Message></Error>`);
}

function handlePut(req: http.IncomingMessage, res: http.ServerResponse, key: string, raw: Buffer, s: Seen): void {
  let body = raw;
  let sums: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) if (name.startsWith("x-amz-checksum-")) sums[name] = String(value);
  if (
    String(req.headers["content-encoding"] ?? "")
      .split(",")
      .includes("aws-chunked")
  ) {
    const decoded = decodeAwsChunked(raw);
    body = decoded.payload;
    sums = { ...sums, ...decoded.trailers };
    const declared = req.headers["x-amz-decoded-content-length"];
    if (declared !== undefined && Number(declared) !== body.length) s.problem = `decoded length ${body.length}, declared ${declared}`;
    if (req.headers["x-amz-trailer"] !== undefined && decoded.trailers[String(req.headers["x-amz-trailer"])] === undefined) {
      s.problem = "the announced trailer is missing";
    }
  }
  for (const [name, value] of Object.entries(sums)) {
    const actual = checksum(name.slice("x-amz-checksum-".length), body);
    if (actual !== value) s.problem = `${name}: sent ${value}, body has ${actual}`;
  }
  if (s.problem !== undefined) return xmlError(res, 400, "BadDigest");
  if (failPuts) return xmlError(res, 500, "InternalError");
  objects.set(key, body);
  res.writeHead(200, { etag: `"${createHash("md5").update(body).digest("hex")}"` }).end();
}

function handleGet(req: http.IncomingMessage, res: http.ServerResponse, key: string): void {
  if (key === "/b/huge-error") {
    res
      .writeHead(500, { "content-type": "application/xml" })
      .end(`<Error><Code>InternalError</Code><Message>${"x".repeat(50_000)}</Message></Error>`);
    return;
  }
  const body = objects.get(key);
  if (body === undefined) return xmlError(res, 404, "NoSuchKey");
  const headers: Record<string, string> = { "content-length": String(body.length), "content-type": "application/octet-stream" };
  if (req.headers["x-amz-checksum-mode"] === "ENABLED") {
    // A key with "corrupt" in it gets the checksum of other bytes.
    headers["x-amz-checksum-crc32"] = checksum("crc32", key.includes("corrupt") ? Buffer.from("other bytes") : body);
  }
  res.writeHead(200, headers);
  let at = 0;
  const next = (): void => {
    while (at < body.length) {
      const end = Math.min(at + 65536, body.length);
      const ok = res.write(body.subarray(at, end));
      at = end;
      if (!ok) return void res.once("drain", next);
    }
    res.end();
  };
  next();
}

type Mod = Record<string, any>;
let s3: Mod;

beforeAll(async () => {
  if (!available) return;
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const raw = Buffer.concat(chunks);
      const s: Seen = { method: req.method!, headers: req.headers, rawLength: raw.length };
      seen.push(s);
      const key = decodeURIComponent(new URL(req.url!, "http://x").pathname);
      if (req.method === "PUT") handlePut(req, res, key, raw, s);
      else handleGet(req, res, key);
    });
  });
  server.on("connection", (socket: Socket) => socket.on("close", () => closedSockets++));
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  s3 = await loadS3(["client.ts", "errors.ts", "operations/put-object.ts", "operations/get-object.ts", "runtime/errors.ts"]);
}, 120_000);

afterAll(async () => {
  if (server) await new Promise((r) => server.close(r));
});

beforeEach(() => {
  seen.length = 0;
  failPuts = false;
});

const client = (extra: Record<string, unknown> = {}) =>
  new s3.S3Client({ region: "us-east-1", endpoint, credentials: CREDENTIALS, forcePathStyle: true, maxAttempts: 3, ...extra });

function data(size: number, seed = 1): Buffer {
  const out = Buffer.alloc(size);
  let x = seed;
  for (let i = 0; i < size; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    out[i] = x >>> 24;
  }
  return out;
}

/** A Node Readable that hands out `body` in uneven pieces. */
function pieces(body: Buffer): Readable {
  const sizes = [1, 7000, 65536, 3, 100000];
  let at = 0;
  let i = 0;
  return new Readable({
    read() {
      if (at >= body.length) return void this.push(null);
      const end = Math.min(at + sizes[i++ % sizes.length]!, body.length);
      this.push(body.subarray(at, end));
      at = end;
    },
  });
}

describe.skipIf(!available)("streaming blobs and flexible checksums (generated S3 client, loopback server)", () => {
  it("bytes go out with their length and a CRC32 header the server checks", async () => {
    const c = client();
    await s3.putObject(c, { Bucket: "b", Key: "bytes", Body: data(1000) });
    const req = seen[0]!;
    expect(req.problem).toBeUndefined();
    expect(req.headers["content-length"]).toBe("1000");
    expect(req.headers["x-amz-sdk-checksum-algorithm"]).toBe("CRC32");
    expect(req.headers["x-amz-checksum-crc32"]).toBe(checksum("crc32", data(1000)));
    expect(objects.get("/b/bytes")!.equals(data(1000))).toBe(true);
    c.destroy();
  });

  it("a Node Readable with ContentLength goes out aws-chunked with the checksum in a trailer, lengths known up front", async () => {
    const c = client();
    const body = data(300_001, 2);
    await s3.putObject(c, { Bucket: "b", Key: "readable", Body: pieces(body), ContentLength: body.length });
    const req = seen[0]!;
    expect(req.problem).toBeUndefined();
    expect(req.headers["content-encoding"]).toBe("aws-chunked");
    expect(req.headers["x-amz-content-sha256"]).toBe("STREAMING-UNSIGNED-PAYLOAD-TRAILER");
    expect(req.headers["x-amz-trailer"]).toBe("x-amz-checksum-crc32");
    expect(req.headers["x-amz-decoded-content-length"]).toBe(String(body.length));
    expect(Number(req.headers["content-length"])).toBe(req.rawLength);
    expect(req.headers["transfer-encoding"]).toBeUndefined();
    expect(String(req.headers.authorization)).toMatch(/SignedHeaders=[^,]*x-amz-content-sha256/);
    expect(objects.get("/b/readable")!.equals(body)).toBe(true);
    c.destroy();
  });

  it("a web ReadableStream of unknown length goes out chunked, and a Blob with the algorithm the input names", async () => {
    const c = client();
    const body = data(200_000, 3);
    const web = Readable.toWeb(pieces(body)) as ReadableStream<Uint8Array>;
    await s3.putObject(c, { Bucket: "b", Key: "web", Body: web, ChecksumAlgorithm: "CRC32C" });
    let req = seen[0]!;
    expect(req.problem).toBeUndefined();
    expect(req.headers["transfer-encoding"]).toBe("chunked");
    expect(req.headers["x-amz-decoded-content-length"]).toBeUndefined();
    expect(req.headers["x-amz-trailer"]).toBe("x-amz-checksum-crc32c");
    expect(objects.get("/b/web")!.equals(body)).toBe(true);

    const blobBody = data(70_000, 4);
    await s3.putObject(c, { Bucket: "b", Key: "blob", Body: new Blob([new Uint8Array(blobBody)]), ChecksumAlgorithm: "SHA256" });
    req = seen[1]!;
    expect(req.problem).toBeUndefined();
    expect(req.headers["x-amz-decoded-content-length"]).toBe("70000");
    expect(req.headers["x-amz-trailer"]).toBe("x-amz-checksum-sha256");
    expect(objects.get("/b/blob")!.equals(blobBody)).toBe(true);
    c.destroy();
  });

  it("without checksums a stream goes out as UNSIGNED-PAYLOAD with its length; a stream body is never retried", async () => {
    const c = client({ requestChecksumCalculation: "WHEN_REQUIRED" });
    const body = data(50_000, 5);
    await s3.putObject(c, { Bucket: "b", Key: "plain", Body: pieces(body), ContentLength: body.length });
    const req = seen[0]!;
    expect(req.headers["x-amz-content-sha256"]).toBe("UNSIGNED-PAYLOAD");
    expect(req.headers["content-length"]).toBe("50000");
    expect(req.headers["content-encoding"]).toBeUndefined();
    expect(req.headers["x-amz-checksum-crc32"]).toBeUndefined();
    expect(objects.get("/b/plain")!.equals(body)).toBe(true);

    failPuts = true;
    seen.length = 0;
    const error = await s3.putObject(c, { Bucket: "b", Key: "again", Body: pieces(body) }).catch((e: unknown) => e);
    expect((error as { $metadata: { attempts: number } }).$metadata.attempts).toBe(1);
    expect(seen).toHaveLength(1);
    // Bytes can be sent again: the same failure is retried.
    seen.length = 0;
    await s3.putObject(c, { Bucket: "b", Key: "again", Body: body }).catch(() => undefined);
    expect(seen).toHaveLength(3);
    c.destroy();
  });

  it("a stream shorter than its ContentLength fails the call instead of hanging", async () => {
    const c = client({ requestChecksumCalculation: "WHEN_REQUIRED" });
    const error = await s3
      .putObject(c, { Bucket: "b", Key: "short", Body: pieces(data(100)), ContentLength: 200 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect(String((error as Error).message)).toMatch(/100 of its declared 200 bytes/);
    c.destroy();
  });

  it("GetObject hands back a stream, checked against the response's CRC32 as it is read", async () => {
    const c = client();
    const body = data(1_000_000, 6);
    objects.set("/b/big", body);
    const out = await s3.getObject(c, { Bucket: "b", Key: "big" });
    expect(seen[0]!.headers["x-amz-checksum-mode"]).toBe("ENABLED");
    expect(out.ContentLength).toBe(body.length);
    expect(out.ChecksumCRC32).toBe(checksum("crc32", body));
    let total = 0;
    let chunks = 0;
    for await (const chunk of out.Body) {
      expect(Buffer.from(chunk).equals(body.subarray(total, total + chunk.byteLength))).toBe(true);
      total += chunk.byteLength;
      chunks++;
    }
    expect(total).toBe(body.length);
    expect(chunks).toBeGreaterThan(1);

    const again = await s3.getObject(c, { Bucket: "b", Key: "big" });
    expect(Buffer.from(await again.Body.transformToByteArray()).equals(body)).toBe(true);
    objects.set("/b/text", Buffer.from("grüße"));
    expect(await (await s3.getObject(c, { Bucket: "b", Key: "text" })).Body.transformToString()).toBe("grüße");
    const web = (await s3.getObject(c, { Bucket: "b", Key: "text" })).Body.transformToWebStream();
    expect(Buffer.from(await new Response(web).arrayBuffer()).toString()).toBe("grüße");
    c.destroy();
  });

  it("a body that does not match the response's checksum fails the read with ResponseChecksumError", async () => {
    const c = client();
    objects.set("/b/corrupt", data(5000, 7));
    const out = await s3.getObject(c, { Bucket: "b", Key: "corrupt" });
    const error = await out.Body.transformToByteArray().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(s3.ResponseChecksumError);
    expect((error as Error).message).toMatch(/CRC32/);
    // Without validation nothing is asked for, and nothing is checked.
    const off = client({ responseChecksumValidation: "WHEN_REQUIRED" });
    const plain = await s3.getObject(off, { Bucket: "b", Key: "corrupt" });
    expect((await plain.Body.transformToByteArray()).length).toBe(5000);
    c.destroy();
    off.destroy();
  });

  it("leaving a body early closes its connection; the next call gets a fresh one", async () => {
    const c = client({ maxSockets: 1 });
    objects.set("/b/left", data(2_000_000, 8));
    const closed = closedSockets;
    const out = await s3.getObject(c, { Bucket: "b", Key: "left" });
    for await (const chunk of out.Body) if (chunk.byteLength > 0) break;
    await expect.poll(() => closedSockets).toBeGreaterThan(closed);
    const next = await s3.getObject(c, { Bucket: "b", Key: "bytes" });
    expect((await next.Body.transformToByteArray()).length).toBe(1000);
    c.destroy();
  });

  it("a body dropped unread has its connection closed once it is garbage", async () => {
    // gc() made reachable in this process (node's --expose-gc, set at run time).
    v8.setFlagsFromString("--expose-gc");
    const gc = runInNewContext("gc") as () => void;
    const c = client({ responseChecksumValidation: "WHEN_REQUIRED" });
    objects.set("/b/dropped", data(4_000_000, 11));
    const closed = closedSockets;
    for (let i = 0; i < 3; i++) await s3.getObject(c, { Bucket: "b", Key: "dropped" });
    await expect
      .poll(() => {
        gc();
        return closedSockets - closed;
      })
      .toBeGreaterThanOrEqual(3);
    c.destroy();
  });

  it("the call's signal stops a body being read, with an AbortError; the call deadline does not", async () => {
    const c = client();
    objects.set("/b/slow", data(3_000_000, 9));
    // A first call sets the client up, so the timed one below only waits for its headers.
    objects.set("/b/warm", data(10));
    await (await s3.getObject(c, { Bucket: "b", Key: "warm" })).Body.transformToByteArray();
    const controller = new AbortController();
    const out = await s3.getObject(c, { Bucket: "b", Key: "slow" }, { signal: controller.signal, timeoutMs: 2000 });
    const iterator = out.Body[Symbol.asyncIterator]();
    await iterator.next();
    // Past the call's 2 s deadline, the body still reads.
    await new Promise((r) => setTimeout(r, 2100));
    expect((await iterator.next()).done).toBe(false);
    controller.abort(new Error("enough"));
    const error = await (async () => {
      for (;;) if ((await iterator.next()).done) return undefined;
    })().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(s3.AbortError);
    c.destroy();
  });

  it("the fetch transport streams both ways too", async () => {
    const c = client({ fetch: globalThis.fetch.bind(globalThis) });
    const body = data(400_000, 10);
    await s3.putObject(c, { Bucket: "b", Key: "fetched", Body: pieces(body), ContentLength: body.length });
    const req = seen[0]!;
    expect(req.problem).toBeUndefined();
    expect(req.headers["x-amz-decoded-content-length"]).toBe(String(body.length));
    expect(objects.get("/b/fetched")!.equals(body)).toBe(true);
    const out = await s3.getObject(c, { Bucket: "b", Key: "fetched" });
    expect(Buffer.from(await out.Body.transformToByteArray()).equals(body)).toBe(true);
    objects.set("/b/corrupt", data(5000, 7));
    const corrupt = await s3.getObject(c, { Bucket: "b", Key: "corrupt" });
    await expect(corrupt.Body.transformToByteArray()).rejects.toBeInstanceOf(s3.ResponseChecksumError);
    c.destroy();
  });

  it("an error answer to a streaming operation is read whole into the modelled error", async () => {
    const c = client();
    const error = await s3.getObject(c, { Bucket: "b", Key: "missing" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(s3.NoSuchKey);
    c.destroy();
  });

  it("maxResponseBytes caps an error answer to a streaming operation, not its streamed output", async () => {
    const c = client({ maxResponseBytes: 10_000, maxAttempts: 1 });
    const error = await s3.getObject(c, { Bucket: "b", Key: "huge-error" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(s3.NetworkError);
    expect(String((error as Error).message)).toMatch(/maxResponseBytes \(10000 bytes\)/);
    objects.set("/b/past-limit", data(100_000, 12));
    const out = await s3.getObject(c, { Bucket: "b", Key: "past-limit" });
    expect((await out.Body.transformToByteArray()).length).toBe(100_000);
    c.destroy();
  });

  it("a Body of another kind is refused before anything is sent", async () => {
    const c = client();
    const error = await s3.putObject(c, { Bucket: "b", Key: "odd", Body: 42 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect(seen).toHaveLength(0);
    c.destroy();
  });
});
