// S3 PutObject and GetObject with flexible checksums (in `npm run test:slow`): the generated client (corpus S3 model)
// against @aws-sdk/client-s3 on one loopback server. For the same input both must send the same
// checksum headers and, for a stream, the same aws-chunked payload and trailer; both must read the
// same object back, and both must refuse a body whose checksum does not match.
//
// Differences that are by design, and what is compared instead:
// - a stream of known length: the SDK sends aws-chunked with `Transfer-Encoding: chunked` and a
//   chunk per piece the source gave; svcgen sends `Content-Length` (the encoded length, known up
//   front) and 64 KiB chunks. The decoded payload, the trailer and every other header are compared.
// - signing time, invocation id and user agent differ by nature and are left out.
import { GetObjectCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decodeAwsChunked } from "../aws-chunked.js";
import { loadS3, s3Available } from "../s3-fixture.js";

const available = s3Available;
const CREDENTIALS = { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY" };

interface Captured {
  method: string;
  /** Path and query, as sent. */
  path: string;
  headers: Record<string, string>;
  body: Buffer;
}

/** Headers that differ by nature (time, ids, user agent, connection handling). */
const VOLATILE = new Set([
  "authorization",
  "x-amz-date",
  "user-agent",
  "x-amz-user-agent",
  "amz-sdk-invocation-id",
  "amz-sdk-request",
  "host",
  "connection",
]);

function comparable(c: Captured): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(c.headers)) if (!VOLATILE.has(name)) out[name] = value;
  return out;
}

let server: http.Server;
let endpoint = "";
const captured: Captured[] = [];
let reply: { headers: Record<string, string>; body: Buffer } = { headers: {}, body: Buffer.alloc(0) };
let s3: Record<string, any>;

beforeAll(async () => {
  if (!available) return;
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(req.headers)) headers[name] = Array.isArray(value) ? value.join(", ") : String(value);
      captured.push({ method: req.method!, path: req.url!, headers, body: Buffer.concat(chunks) });
      res.writeHead(200, { "content-length": String(reply.body.length), ...reply.headers }).end(reply.body);
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  s3 = await loadS3(["client.ts", "operations/put-object.ts", "operations/get-object.ts", "runtime/errors.ts"]);
}, 120_000);

afterAll(async () => {
  if (server) await new Promise((r) => server.close(r));
});

const config = () => ({ region: "us-east-1", endpoint, forcePathStyle: true, credentials: CREDENTIALS, maxAttempts: 1 });

/** Sends `input` through both clients (a fresh body for each) and returns [sdk, svcgen] requests. */
async function both(input: () => Record<string, unknown>): Promise<[Captured, Captured]> {
  captured.length = 0;
  reply = { headers: { etag: '"e"' }, body: Buffer.alloc(0) };
  const sdk = new S3Client(config());
  await sdk.send(new PutObjectCommand(input() as never));
  sdk.destroy();
  const ours = new s3.S3Client(config());
  await s3.putObject(ours, input());
  ours.destroy();
  expect(captured).toHaveLength(2);
  return [captured[0]!, captured[1]!];
}

function bytes(size: number, seed: number): Buffer {
  const out = Buffer.alloc(size);
  let x = seed;
  for (let i = 0; i < size; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    out[i] = x >>> 24;
  }
  return out;
}

describe.skipIf(!available)("S3 flexible checksums: svcgen against @aws-sdk/client-s3", () => {
  it.each([
    ["a string, default algorithm", () => ({ Body: "hello, checksums" })],
    ["bytes, CRC32C", () => ({ Body: bytes(3000, 1), ChecksumAlgorithm: "CRC32C" })],
    ["bytes, SHA1", () => ({ Body: bytes(3000, 2), ChecksumAlgorithm: "SHA1" })],
    ["bytes, SHA256", () => ({ Body: bytes(3000, 3), ChecksumAlgorithm: "SHA256" })],
    ["empty body", () => ({ Body: "" })],
  ])("PutObject with %s: the same headers and body", async (_name, body) => {
    const [sdk, ours] = await both(() => ({ Bucket: "b", Key: "k/ä x", ...body() }));
    expect(ours.method).toBe(sdk.method);
    expect(ours.path).toBe(sdk.path);
    expect(comparable(ours)).toEqual(comparable(sdk));
    expect(ours.body.equals(sdk.body)).toBe(true);
  });

  it.each([
    ["default algorithm", {}],
    ["SHA256", { ChecksumAlgorithm: "SHA256" }],
    ["CRC32C", { ChecksumAlgorithm: "CRC32C" }],
  ])("PutObject from a stream of known length, %s: the same payload, trailer and headers but the framing", async (_name, extra) => {
    const data = bytes(150_000, 4);
    const [sdk, ours] = await both(() => ({
      Bucket: "b",
      Key: "stream",
      Body: Readable.from([data.subarray(0, 70_000), data.subarray(70_000)]),
      ContentLength: data.length,
      ...extra,
    }));
    const sdkHeaders = comparable(sdk);
    const ourHeaders = comparable(ours);
    // The framing: chunked (SDK) against the encoded length up front (svcgen).
    expect(sdkHeaders["transfer-encoding"]).toBe("chunked");
    expect(Number(ourHeaders["content-length"])).toBe(ours.body.length);
    delete sdkHeaders["transfer-encoding"];
    delete ourHeaders["content-length"];
    expect(ourHeaders).toEqual(sdkHeaders);
    const a = decodeAwsChunked(sdk.body);
    const b = decodeAwsChunked(ours.body);
    expect(b.payload.equals(data)).toBe(true);
    expect(a.payload.equals(data)).toBe(true);
    expect(b.trailers).toEqual(a.trailers);
  });

  it("GetObject: the same request, the same bytes read, and both refuse a body that does not match its checksum", async () => {
    const body = bytes(200_000, 5);
    captured.length = 0;
    const sdk = new S3Client(config());
    const ours = new s3.S3Client(config());
    // The right checksum, taken from what the SDK itself sends for these bytes.
    await sdk.send(new PutObjectCommand({ Bucket: "b", Key: "g", Body: body }));
    const crc32 = captured[0]!.headers["x-amz-checksum-crc32"]!;
    captured.length = 0;
    reply = { headers: { "x-amz-checksum-crc32": crc32 }, body };
    const a = await sdk.send(new GetObjectCommand({ Bucket: "b", Key: "g" }));
    const fromSdk = Buffer.from(await a.Body!.transformToByteArray());
    const b = await s3.getObject(ours, { Bucket: "b", Key: "g" });
    const fromOurs = Buffer.from(await b.Body.transformToByteArray());
    expect(fromOurs.equals(fromSdk)).toBe(true);
    expect(fromOurs.equals(body)).toBe(true);
    expect(b.ChecksumCRC32).toBe(a.ChecksumCRC32);
    expect(captured[1]!.path).toBe(captured[0]!.path);
    expect(comparable(captured[1]!)).toEqual(comparable(captured[0]!));

    reply = { headers: { "x-amz-checksum-crc32": "AAAAAA==" }, body };
    const sdkBad = await sdk.send(new GetObjectCommand({ Bucket: "b", Key: "g" }));
    await expect(sdkBad.Body!.transformToByteArray()).rejects.toThrow(/Checksum mismatch/);
    const ourBad = await s3.getObject(ours, { Bucket: "b", Key: "g" });
    await expect(ourBad.Body.transformToByteArray()).rejects.toBeInstanceOf(s3.ResponseChecksumError);
    sdk.destroy();
    ours.destroy();
  });
});
