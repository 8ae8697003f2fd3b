// The generated S3 client against an independent S3-compatible server: s3rver (npm), started
// by this test in a child process on 127.0.0.1 with port 0. The corpus S3 model is generated in-process into a temp dir;
// the client is path-style (s3rver's default addressing) with static credentials. A step the
// server does not implement is skipped with the reason printed. Run by `npm run test:integration`.
import { spawn, type ChildProcess } from "node:child_process";
import os from "node:os";
import path from "node:path";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { Readable } from "node:stream";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generate } from "../generator/generate.js";
import { CORPUS_MODELS, ROOT, tempDir } from "./helpers.js";

const MODEL = path.join(CORPUS_MODELS, "s3", "2006-03-01");
const available = existsSync(path.join(MODEL, "service-2.json"));
const CREDENTIALS = { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" };
const BUCKET = "svcgen-it";

/**
 * s3rver runs in a process of its own, so the resident-memory figures of the streaming step are
 * the client's alone (in one process, s3rver's own buffering counted against the client).
 */
const S3RVER_CHILD = `
const S3rver = require("s3rver");
const server = new S3rver({ address: "127.0.0.1", port: 0, silent: true, directory: process.env.S3RVER_DIR, resetOnClose: true });
server.run().then(({ port }) => process.stdout.write(port + "\\n"), (e) => { console.error(e); process.exit(1); });
process.on("SIGTERM", () => server.close().then(() => process.exit(0)));
`;

type Mod = Record<string, any>;
let s3: Mod;
let client: unknown;
let server: ChildProcess | undefined;
let storage: string;
let endpoint = "";

const skipped: string[] = [];
function skip(step: string, reason: string): void {
  skipped.push(`${step}: ${reason}`);
  console.warn(`s3 integration: skipped ${step}: ${reason}`);
}
/** NotImplemented (s3rver's answer to an S3 feature it lacks) as a reason, anything else rethrown. */
function notImplemented(error: unknown): string | undefined {
  const e = error as { name?: string; message?: string; $metadata?: { httpStatusCode?: number } };
  return e?.name === "NotImplemented" || e?.$metadata?.httpStatusCode === 501 ? `${e.name}: ${e.message}` : undefined;
}

beforeAll(async () => {
  if (!available) return;
  storage = mkdtempSync(path.join(os.tmpdir(), "svcgen-s3rver-"));
  const child = spawn(process.execPath, ["-e", S3RVER_CHILD], {
    cwd: ROOT,
    env: { ...process.env, S3RVER_DIR: storage },
    stdio: ["ignore", "pipe", "inherit"],
  });
  server = child;
  const port = await new Promise<number>((resolve, reject) => {
    let text = "";
    child.stdout!.on("data", (chunk: Buffer) => {
      text += chunk.toString("utf8");
      if (text.includes("\n")) resolve(Number(text.trim()));
    });
    child.once("exit", (code) => reject(new Error(`s3rver exited with ${code} before listening`)));
  });
  endpoint = `http://127.0.0.1:${port}`;
  const out = tempDir("s3-integration");
  await generate({ model: MODEL, out, format: false });
  s3 = await import(pathToFileURL(path.join(out, "s3", "src", "index.ts")).href);
  client = new s3.S3Client({
    region: "us-east-1",
    endpoint: `http://127.0.0.1:${port}`,
    forcePathStyle: true,
    credentials: CREDENTIALS,
    maxAttempts: 1,
  });
}, 180_000);

afterAll(async () => {
  if (server && server.exitCode === null) {
    const exited = new Promise((resolve) => server!.once("exit", resolve));
    server.kill("SIGTERM");
    await exited;
  }
  if (storage) rmSync(storage, { recursive: true, force: true });
  if (skipped.length > 0) console.warn(`s3 integration: ${skipped.length} step(s) skipped:\n  ${skipped.join("\n  ")}`);
});

/** `size` bytes of a fixed pseudo-random pattern in 64 KiB chunks, made as they are read. */
function* pattern(size: number): Generator<Uint8Array> {
  let x = 0x2545f491;
  for (let at = 0; at < size; at += 65536) {
    const chunk = new Uint8Array(Math.min(65536, size - at));
    for (let i = 0; i < chunk.length; i++) {
      x ^= x << 13;
      x ^= x >>> 17;
      x ^= x << 5;
      chunk[i] = x & 0xff;
    }
    yield chunk;
  }
}

/** Samples the resident set every 20 ms from now on; `peakGrowth` stops and says how far it rose. */
function sampleRss(): { peakGrowth(): number } {
  const base = process.memoryUsage.rss();
  let peak = base;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 20);
  return {
    peakGrowth() {
      clearInterval(timer);
      peak = Math.max(peak, process.memoryUsage.rss());
      return peak - base;
    },
  };
}

const bytes = Uint8Array.from({ length: 300 }, (_, i) => (i * 7) % 256);

describe.skipIf(!available)("the generated S3 client against s3rver", () => {
  it("CreateBucket", async () => {
    const out = await s3.createBucket(client, { Bucket: BUCKET });
    expect(out.$metadata.httpStatusCode).toBe(200);
  });

  it("PutObject: a string body and a bytes body", async () => {
    const text = await s3.putObject(client, { Bucket: BUCKET, Key: "docs/hello.txt", Body: "hello, s3", ContentType: "text/plain" });
    expect(text.ETag).toMatch(/^"[0-9a-f]{32}"$/);
    const bin = await s3.putObject(client, { Bucket: BUCKET, Key: "bin/data.bin", Body: bytes });
    expect(bin.ETag).toMatch(/^"[0-9a-f]{32}"$/);
    await s3.putObject(client, { Bucket: BUCKET, Key: "docs/second.txt", Body: "two" });
  });

  it("ListObjectsV2 with a prefix", async () => {
    const out = await s3.listObjectsV2(client, { Bucket: BUCKET, Prefix: "docs/" });
    expect(out.Name).toBe(BUCKET);
    expect(out.Prefix).toBe("docs/");
    expect(out.KeyCount).toBe(2);
    expect((out.Contents ?? []).map((o: { Key: string }) => o.Key)).toEqual(["docs/hello.txt", "docs/second.txt"]);
    expect(out.Contents[0].Size).toBe("hello, s3".length);
    expect(out.Contents[0].LastModified).toBeInstanceOf(Date);
  });

  it("ListObjectsV2 pages by continuation token: MaxKeys 1 over 3 objects", async () => {
    const pages: string[][] = [];
    try {
      for await (const page of s3.paginateListObjectsV2(client, { Bucket: BUCKET, MaxKeys: 1 })) {
        pages.push((page.Contents ?? []).map((o: { Key: string }) => o.Key));
      }
    } catch (error) {
      // s3rver 3.7.1 enciphers its continuation tokens with DES, which Node's OpenSSL 3 refuses
      // ("digital envelope routines::unsupported"): it answers InternalError to a truncated page.
      if ((error as { name?: string }).name !== "InternalError") throw error;
      skip("ListObjectsV2 pagination", "s3rver cannot make continuation tokens on this Node (DES, refused by OpenSSL 3): InternalError");
      return;
    }
    expect(pages).toEqual([["bin/data.bin"], ["docs/hello.txt"], ["docs/second.txt"]]);
  });

  it("ListObjects (v1) pages by marker: MaxKeys 1 over 3 objects", async () => {
    const pages: string[][] = [];
    for await (const page of s3.paginateListObjects(client, { Bucket: BUCKET, MaxKeys: 1 })) {
      pages.push((page.Contents ?? []).map((o: { Key: string }) => o.Key));
    }
    expect(pages).toEqual([["bin/data.bin"], ["docs/hello.txt"], ["docs/second.txt"]]);
    const keys: string[] = [];
    for await (const item of s3.paginateListObjects(client, { Bucket: BUCKET, MaxKeys: 1 }).items()) keys.push(item.Key);
    expect(keys).toEqual(["bin/data.bin", "docs/hello.txt", "docs/second.txt"]);
  });

  it("GetObject: the bytes that were put", async () => {
    const bin = await s3.getObject(client, { Bucket: BUCKET, Key: "bin/data.bin" });
    // The body is a stream, read here whole.
    expect([...(await bin.Body.transformToByteArray())]).toEqual([...bytes]);
    expect(bin.ContentLength).toBe(bytes.length);
    const text = await s3.getObject(client, { Bucket: BUCKET, Key: "docs/hello.txt" });
    expect(await text.Body.transformToString()).toBe("hello, s3");
    expect(text.ContentType).toBe("text/plain");
  });

  it("a 50 MB object up and down by stream: byte-identical, resident memory flat", async () => {
    // s3rver stores a body as it arrives and does not decode aws-chunked, so the upload goes out
    // UNSIGNED-PAYLOAD with its length (checksums as S3 requires them only); the aws-chunked form
    // is checked against the loopback server of test/streaming.e2e.test.ts.
    const plain = new s3.S3Client({
      region: "us-east-1",
      endpoint,
      forcePathStyle: true,
      credentials: CREDENTIALS,
      maxAttempts: 1,
      requestChecksumCalculation: "WHEN_REQUIRED",
    });
    const size = 50 * 1024 * 1024;
    const memory = sampleRss();
    await s3.putObject(plain, { Bucket: BUCKET, Key: "big/50mb.bin", Body: Readable.from(pattern(size)), ContentLength: size });
    const uploadGrowth = memory.peakGrowth();
    const down = sampleRss();
    const out = await s3.getObject(plain, { Bucket: BUCKET, Key: "big/50mb.bin" });
    expect(out.ContentLength).toBe(size);
    const expected = pattern(size)[Symbol.iterator]();
    let pending = Buffer.alloc(0);
    let total = 0;
    for await (const chunk of out.Body as AsyncIterable<Uint8Array>) {
      let at = 0;
      while (at < chunk.byteLength) {
        if (pending.length === 0) pending = Buffer.from(expected.next().value as Uint8Array);
        const take = Math.min(pending.length, chunk.byteLength - at);
        if (!pending.subarray(0, take).equals(chunk.subarray(at, at + take))) throw new Error(`the body differs near byte ${total + at}`);
        pending = pending.subarray(take);
        at += take;
      }
      total += chunk.byteLength;
    }
    expect(total).toBe(size);
    const downloadGrowth = down.peakGrowth();
    console.warn(
      `s3 integration: 50 MB by stream, peak RSS growth: upload ${(uploadGrowth / 2 ** 20).toFixed(1)} MiB, download ${(downloadGrowth / 2 ** 20).toFixed(1)} MiB (the client's process; s3rver runs in its own)`,
    );
    // Never held whole: the growth stays well under the object's size (s3rver runs in its own
    // process). What remains is garbage the collector has not reached yet, which depends on its
    // timing; that it stays flat as the size grows is the bench's 1 GiB row (npm run bench).
    await s3.deleteObject(plain, { Bucket: BUCKET, Key: "big/50mb.bin" });
    plain.destroy();
    expect(uploadGrowth).toBeLessThan(size * 0.8);
    expect(downloadGrowth).toBeLessThan(size * 0.8);
  }, 120_000);

  it("HeadObject: length, type and ETag from the headers", async () => {
    const out = await s3.headObject(client, { Bucket: BUCKET, Key: "docs/hello.txt" });
    expect(out.ContentLength).toBe("hello, s3".length);
    expect(out.ContentType).toBe("text/plain");
    expect(out.ETag).toMatch(/^"[0-9a-f]{32}"$/);
    expect(out.LastModified).toBeInstanceOf(Date);
  });

  it("a missing key is the modelled NoSuchKey", async () => {
    const error = await s3.getObject(client, { Bucket: BUCKET, Key: "docs/missing.txt" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(s3.NoSuchKey);
    expect((error as { $metadata: { httpStatusCode: number } }).$metadata.httpStatusCode).toBe(404);
  });

  it("PutBucketTagging and GetBucketTagging (when the server has them)", async () => {
    const TagSet = [
      { Key: "env", Value: "test" },
      { Key: "note", Value: "a<b & c" },
    ];
    try {
      await s3.putBucketTagging(client, { Bucket: BUCKET, Tagging: { TagSet } });
    } catch (error) {
      const reason = notImplemented(error);
      if (reason === undefined) throw error;
      return skip("PutBucketTagging/GetBucketTagging", `the server answers ${reason}`);
    }
    const out = await s3.getBucketTagging(client, { Bucket: BUCKET });
    expect(out.TagSet).toEqual(TagSet);
  });

  it("DeleteObjects (when the server accepts the request without Content-MD5)", async () => {
    await s3.putObject(client, { Bucket: BUCKET, Key: "tmp/x", Body: "x" });
    try {
      const out = await s3.deleteObjects(client, { Bucket: BUCKET, Delete: { Objects: [{ Key: "tmp/x" }], Quiet: false } });
      expect((out.Deleted ?? []).map((d: { Key: string }) => d.Key)).toEqual(["tmp/x"]);
    } catch (error) {
      const e = error as { name?: string; message?: string };
      // S3 requires a Content-MD5 (or a flexible checksum) on DeleteObjects: that is issue 17.
      if (!/MD5|checksum/i.test(`${e.name} ${e.message}`)) throw error;
      await s3.deleteObject(client, { Bucket: BUCKET, Key: "tmp/x" });
      return skip("DeleteObjects", `the server wants a content checksum (issue 17): ${e.name}: ${e.message}`);
    }
  });

  it("GetBucketLocation: s3rver's empty <LocationConstraint/> (us-east-1) leaves the member unset", async () => {
    const out = await s3.getBucketLocation(client, { Bucket: BUCKET });
    expect(out.$metadata.httpStatusCode).toBe(200);
    expect(out.LocationConstraint).toBeUndefined();
  });

  it("presign: a PUT by URL, then a GET by URL, byte-identical; an expired URL is refused", async () => {
    // s3rver parses query-string SigV4 (parameters, expiry) but does not recompute the signature;
    // test/s3-wire.e2e.test.ts runs the same round trip against a server that does.
    const body = Uint8Array.from({ length: 70_000 }, (_, i) => (i * 13) % 256);
    const put = await s3.presign(
      client,
      "PutObject",
      { Bucket: BUCKET, Key: "presigned/a b.bin", ContentType: "application/x-test" },
      { expiresIn: 120 },
    );
    const uploaded = await fetch(put.url, { method: "PUT", headers: { ...put.headers, "content-type": "application/x-test" }, body });
    expect(uploaded.status).toBe(200);
    const get = await s3.presign(client, "GetObject", { Bucket: BUCKET, Key: "presigned/a b.bin" }, { expiresIn: 120 });
    const downloaded = await fetch(get.url);
    expect(downloaded.status).toBe(200);
    expect(Buffer.from(await downloaded.arrayBuffer()).equals(Buffer.from(body))).toBe(true);
    const stale = await s3.presign(
      client,
      "GetObject",
      { Bucket: BUCKET, Key: "presigned/a b.bin" },
      {
        expiresIn: 60,
        signingDate: new Date(Date.now() - 600_000),
      },
    );
    const refused = await fetch(stale.url);
    expect(refused.status).toBe(403);
    expect(await refused.text()).toContain("Request has expired");
    await s3.deleteObject(client, { Bucket: BUCKET, Key: "presigned/a b.bin" });
  });

  it("PutObject of 3 MiB goes with Expect: 100-continue and comes back whole", async () => {
    const big = Uint8Array.from({ length: 3 * 1024 * 1024 }, (_, i) => (i * 7) % 251);
    await s3.putObject(client, { Bucket: BUCKET, Key: "big/three-mib.bin", Body: big });
    const out = await s3.getObject(client, { Bucket: BUCKET, Key: "big/three-mib.bin" });
    expect(out.ContentLength).toBe(big.length);
    expect(Buffer.from(await out.Body.transformToByteArray()).equals(Buffer.from(big))).toBe(true);
    await s3.deleteObject(client, { Bucket: BUCKET, Key: "big/three-mib.bin" });
  });

  it("ListObjectsV2 asks for url encoding; s3rver ignores it and the plain keys are kept as sent", async () => {
    await s3.putObject(client, { Bucket: BUCKET, Key: "enc/a b+c%d.txt", Body: "x" });
    const out = await s3.listObjectsV2(client, { Bucket: BUCKET, Prefix: "enc/" });
    expect(out.EncodingType).toBeUndefined();
    expect((out.Contents ?? []).map((o: { Key: string }) => o.Key)).toEqual(["enc/a b+c%d.txt"]);
    await s3.deleteObject(client, { Bucket: BUCKET, Key: "enc/a b+c%d.txt" });
  });

  it("DeleteObject, then DeleteBucket", async () => {
    for (const Key of ["docs/hello.txt", "docs/second.txt", "bin/data.bin"]) {
      const out = await s3.deleteObject(client, { Bucket: BUCKET, Key });
      expect(out.$metadata.httpStatusCode).toBe(204);
    }
    const listed = await s3.listObjectsV2(client, { Bucket: BUCKET });
    expect(listed.KeyCount).toBe(0);
    await s3.deleteBucket(client, { Bucket: BUCKET });
    const gone = await s3.headBucket(client, { Bucket: BUCKET }).catch((e: unknown) => e);
    expect((gone as { $metadata: { httpStatusCode: number } }).$metadata.httpStatusCode).toBe(404);
  });
});
