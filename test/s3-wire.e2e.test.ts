// The generated S3 client's S3 behaviours on the wire, against loopback servers on 127.0.0.1:
// a presigned PUT then GET (the server recomputes the query signature itself and keeps the
// object), `200 OK` responses carrying `<Error>` (beside @aws-sdk/client-s3 on the same replies),
// GetBucketLocation (beside the SDK), url-encoded listings, and `Expect: 100-continue` (the body
// waits for the go-ahead, is never sent after a refusal, and goes anyway when no answer comes).
import { createHash, createHmac } from "node:crypto";
import http from "node:http";
import net from "node:net";
import type { AddressInfo } from "node:net";
import {
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  GetBucketLocationCommand,
  GetObjectCommand,
  S3Client,
} from "@aws-sdk/client-s3";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { loadS3, s3Available as available } from "./s3-fixture.js";

const KEYS = { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY" };
const REGION = "us-east-1";
const NS = "http://s3.amazonaws.com/doc/2006-03-01/";

type Mod = Record<string, any>;
let s3: Mod;

interface Seen {
  method: string;
  url: URL;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}
type Reply = { status: number; headers?: Record<string, string>; body?: string | Buffer };
const seen: Seen[] = [];
let handler: (s: Seen) => Reply = () => ({ status: 200 });
let server: http.Server;
let endpoint: string;
/** Requests that asked for 100-continue, and whether the server let them go on. */
const continues: Array<{ path: string; allowed: boolean }> = [];
let refuseContinue = false;

function respond(req: http.IncomingMessage, res: http.ServerResponse): void {
  const chunks: Buffer[] = [];
  req.on("data", (c: Buffer) => chunks.push(c));
  req.on("end", () => {
    const s: Seen = {
      method: req.method!,
      url: new URL(req.url!, `http://${req.headers.host}`),
      headers: req.headers,
      body: Buffer.concat(chunks),
    };
    seen.push(s);
    const reply = handler(s);
    res.writeHead(reply.status, { "x-amz-request-id": `req-${seen.length}`, ...(reply.headers ?? {}) });
    res.end(reply.body ?? "");
  });
}

beforeAll(async () => {
  if (!available) return;
  server = http.createServer(respond);
  server.on("checkContinue", (req, res) => {
    continues.push({ path: req.url!, allowed: !refuseContinue });
    if (refuseContinue) {
      // Refused on the headers alone: the body is never read.
      res.writeHead(403, { "content-type": "application/xml" });
      res.end(`<Error><Code>AccessDenied</Code><Message>Access Denied</Message></Error>`);
      return;
    }
    res.writeContinue();
    respond(req, res);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  s3 = await loadS3([
    "client.ts",
    "errors.ts",
    "presign.ts",
    "operations/copy-object.ts",
    "operations/complete-multipart-upload.ts",
    "operations/upload-part-copy.ts",
    "operations/get-bucket-location.ts",
    "operations/list-objects-v2.ts",
    "operations/list-object-versions.ts",
    "operations/put-object.ts",
    "operations/get-object.ts",
  ]);
}, 120_000);

afterAll(async () => {
  if (server) await new Promise((r) => server.close(r));
});

beforeEach(() => {
  seen.length = 0;
  continues.length = 0;
  refuseContinue = false;
  handler = () => ({ status: 200 });
});

const xml = (status: number, body: string): Reply => ({ status, headers: { "content-type": "application/xml" }, body });
const client = (config: Record<string, unknown> = {}) =>
  new s3.S3Client({
    region: REGION,
    endpoint,
    forcePathStyle: true,
    credentials: KEYS,
    retry: { baseDelayMs: 1, throttlingBaseDelayMs: 1 },
    ...config,
  });
const sdk = (config: Record<string, unknown> = {}) =>
  new S3Client({
    region: REGION,
    endpoint,
    forcePathStyle: true,
    credentials: KEYS,
    requestChecksumCalculation: "WHEN_REQUIRED",
    responseChecksumValidation: "WHEN_REQUIRED",
    ...config,
  });

const hex = (data: string) => createHash("sha256").update(data).digest("hex");
const rfc3986 = (s: string) => encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/** A query-string SigV4 signature checked from what arrived: "ok", or why it is refused. */
function verifyPresigned(s: Seen, rawPath: string): string {
  const q = s.url.searchParams;
  const credential = q.get("X-Amz-Credential")?.split("/") ?? [];
  const [key, day, region, service] = credential;
  if (q.get("X-Amz-Algorithm") !== "AWS4-HMAC-SHA256" || key !== KEYS.accessKeyId) return "unknown key or algorithm";
  const date = q.get("X-Amz-Date") ?? "";
  const issued = Date.UTC(
    +date.slice(0, 4),
    +date.slice(4, 6) - 1,
    +date.slice(6, 8),
    +date.slice(9, 11),
    +date.slice(11, 13),
    +date.slice(13, 15),
  );
  if (Date.now() > issued + Number(q.get("X-Amz-Expires")) * 1000) return "expired";
  const signed = (q.get("X-Amz-SignedHeaders") ?? "").split(";");
  const pairs = [...q].filter(([k]) => k !== "X-Amz-Signature").map(([k, v]) => [rfc3986(k), rfc3986(v)]);
  pairs.sort((a, b) => (a[0]! < b[0]! ? -1 : a[0]! > b[0]! ? 1 : a[1]! < b[1]! ? -1 : 1));
  const creq = [
    s.method,
    rawPath,
    pairs.map(([k, v]) => `${k}=${v}`).join("&"),
    ...signed.map((h) => `${h}:${String(s.headers[h] ?? "").trim()}`),
    "",
    signed.join(";"),
    q.get("X-Amz-Content-Sha256") ?? hex(s.body.toString("utf8")),
  ].join("\n");
  const scope = `${day}/${region}/${service}/aws4_request`;
  let k: Buffer = createHmac("sha256", `AWS4${KEYS.secretAccessKey}`).update(day!).digest();
  for (const part of [region!, service!, "aws4_request"]) k = createHmac("sha256", k).update(part).digest();
  const expected = createHmac("sha256", k)
    .update(`AWS4-HMAC-SHA256\n${date}\n${scope}\n${hex(creq)}`)
    .digest("hex");
  return expected === q.get("X-Amz-Signature") ? "ok" : "signature mismatch";
}

describe.skipIf(!available)("presigned URLs against a server that checks them", () => {
  const store = new Map<string, { body: Buffer; type: string }>();
  beforeEach(() => {
    handler = (s) => {
      const rawPath = s.url.pathname;
      const verdict = verifyPresigned(s, rawPath);
      if (verdict !== "ok") return xml(403, `<Error><Code>SignatureDoesNotMatch</Code><Message>${verdict}</Message></Error>`);
      if (s.method === "PUT") {
        store.set(rawPath, { body: s.body, type: String(s.headers["content-type"] ?? "") });
        return { status: 200, headers: { etag: `"${createHash("md5").update(s.body).digest("hex")}"` } };
      }
      const object = store.get(rawPath);
      return object === undefined
        ? xml(404, "<Error><Code>NoSuchKey</Code></Error>")
        : { status: 200, headers: { "content-type": object.type }, body: object.body };
    };
  });

  it("a presigned PUT uploads, a presigned GET downloads the same bytes, with no credentials on the sending side", async () => {
    const c = client();
    const body = Buffer.from(Array.from({ length: 5000 }, (_, i) => (i * 31) % 256));
    const put = await s3.presign(
      c,
      "PutObject",
      { Bucket: "bkt", Key: "dir/a b+c.bin", ServerSideEncryption: "AES256" },
      { expiresIn: 300 },
    );
    expect(put.method).toBe("PUT");
    expect(put.headers).toEqual({ "x-amz-server-side-encryption": "AES256" });
    const uploaded = await fetch(put.url, { method: "PUT", headers: { ...put.headers, "content-type": "application/x-test" }, body });
    expect(uploaded.status).toBe(200);
    const get = await s3.presign(c, "GetObject", { Bucket: "bkt", Key: "dir/a b+c.bin" }, { expiresIn: 300 });
    const downloaded = await fetch(get.url);
    expect(downloaded.status).toBe(200);
    expect(Buffer.from(await downloaded.arrayBuffer()).equals(body)).toBe(true);
    expect(downloaded.headers.get("content-type")).toBe("application/x-test");
    expect(seen.map((s) => s.url.pathname)).toEqual(["/bkt/dir/a%20b%2Bc.bin", "/bkt/dir/a%20b%2Bc.bin"]);
    expect(seen.every((s) => s.headers.authorization === undefined)).toBe(true);
  });

  it("a changed URL, a missing signed header and an expired URL are refused by the server's check", async () => {
    const c = client();
    const put = await s3.presign(c, "PutObject", { Bucket: "bkt", Key: "k", ServerSideEncryption: "AES256" }, { expiresIn: 60 });
    expect((await fetch(put.url.replace("/bkt/k?", "/bkt/other?"), { method: "PUT", headers: put.headers, body: "x" })).status).toBe(403);
    expect((await fetch(put.url, { method: "PUT", body: "x" })).status).toBe(403);
    const old = await s3.presign(
      c,
      "GetObject",
      { Bucket: "bkt", Key: "k" },
      { expiresIn: 60, signingDate: new Date(Date.now() - 120_000) },
    );
    const expired = await fetch(old.url);
    expect(expired.status).toBe(403);
    expect(await expired.text()).toContain("expired");
  });
});

const errorIn200 = (code: string) =>
  xml(
    200,
    `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>We encountered an internal error. Please try again.</Message><RequestId>r-1</RequestId></Error>`,
  );
const copyResult = xml(
  200,
  `<CopyObjectResult xmlns="${NS}"><ETag>"abc"</ETag><LastModified>2026-01-01T00:00:00.000Z</LastModified></CopyObjectResult>`,
);

describe.skipIf(!available)("200 OK responses that carry an error", () => {
  it("CopyObject: an <Error> in a 200 is that error (503, server fault), retried to the success that follows, as the SDK", async () => {
    for (const which of ["svcgen", "sdk"] as const) {
      seen.length = 0;
      handler = () => (seen.length === 1 ? errorIn200("InternalError") : copyResult);
      const input = { Bucket: "bkt", Key: "dst", CopySource: "bkt/src" };
      const out = which === "svcgen" ? await s3.copyObject(client(), input) : await sdk().send(new CopyObjectCommand(input));
      expect(out.CopyObjectResult.ETag).toBe('"abc"');
      expect(out.$metadata.httpStatusCode).toBe(200);
      expect(seen.length).toBe(2);
    }
  });

  it("with one attempt: the typed error, as the SDK reports it", async () => {
    handler = () => errorIn200("InternalError");
    const input = { Bucket: "bkt", Key: "dst", CopySource: "bkt/src" };
    const ours = await s3.copyObject(client({ maxAttempts: 1 }), input).catch((e: unknown) => e);
    const theirs = await sdk({ maxAttempts: 1 })
      .send(new CopyObjectCommand(input))
      .catch((e: unknown) => e);
    expect(ours).toBeInstanceOf(s3.S3ServiceException);
    expect(ours).toMatchObject({ name: "InternalError", $fault: "server", $metadata: { httpStatusCode: 503, requestId: "req-1" } });
    expect(theirs).toMatchObject({ name: "InternalError", $fault: "server", $metadata: { httpStatusCode: 503 } });
    expect((ours as Error).message).toBe((theirs as Error).message);
  });

  it("CompleteMultipartUpload: SlowDown in a 200 is throttling, retried", async () => {
    handler = () =>
      seen.length === 1
        ? errorIn200("SlowDown")
        : xml(
            200,
            `<CompleteMultipartUploadResult xmlns="${NS}"><Bucket>bkt</Bucket><Key>k</Key><ETag>"e-2"</ETag></CompleteMultipartUploadResult>`,
          );
    const input = { Bucket: "bkt", Key: "k", UploadId: "u1", MultipartUpload: { Parts: [{ PartNumber: 1, ETag: '"p1"' }] } };
    const out = await s3.completeMultipartUpload(client(), input);
    expect(out.ETag).toBe('"e-2"');
    expect(seen.length).toBe(2);
    seen.length = 0;
    const theirs = await sdk().send(new CompleteMultipartUploadCommand(input));
    expect(theirs.ETag).toBe('"e-2"');
    expect(seen.length).toBe(2);
  });

  it("UploadPartCopy and CopyObject: an empty 200 is an InternalError (503), retried; the SDK agrees for CopyObject", async () => {
    handler = () => ({ status: 200 });
    const partCopy = await s3
      .uploadPartCopy(client({ maxAttempts: 2 }), { Bucket: "bkt", Key: "k", UploadId: "u", PartNumber: 1, CopySource: "bkt/src" })
      .catch((e: unknown) => e);
    expect(partCopy).toMatchObject({ name: "InternalError", $fault: "server", $metadata: { httpStatusCode: 503, attempts: 2 } });
    seen.length = 0;
    const theirs = await sdk({ maxAttempts: 1 })
      .send(new CopyObjectCommand({ Bucket: "bkt", Key: "d", CopySource: "bkt/s" }))
      .catch((e: unknown) => e);
    const ours = await s3.copyObject(client({ maxAttempts: 1 }), { Bucket: "bkt", Key: "d", CopySource: "bkt/s" }).catch((e: unknown) => e);
    expect([(ours as Error).name, (theirs as Error).name]).toEqual(["InternalError", "InternalError"]);
  });

  it("GetObject: a body that happens to end in </Error> is the object's bytes, as the SDK reads it", async () => {
    const text = "<note>not an error</note><Error>x</Error>";
    handler = () => ({ status: 200, headers: { "content-type": "text/plain" }, body: text });
    const ours = await s3.getObject(client(), { Bucket: "bkt", Key: "k" });
    expect(await ours.Body.transformToString()).toBe(text);
    const theirs = await sdk().send(new GetObjectCommand({ Bucket: "bkt", Key: "k" }));
    expect(await theirs.Body!.transformToString()).toBe(text);
  });
});

describe.skipIf(!available)("GetBucketLocation: the body's root element is the member", () => {
  for (const [label, body, expected] of [
    ["a region", `<?xml version="1.0" encoding="UTF-8"?>\n<LocationConstraint xmlns="${NS}">eu-west-1</LocationConstraint>`, "eu-west-1"],
    ["the legacy EU", `<LocationConstraint xmlns="${NS}">EU</LocationConstraint>`, "EU"],
    ["empty (us-east-1): unset", `<LocationConstraint xmlns="${NS}"/>`, undefined],
  ] as const) {
    it(`${label}, as the SDK returns it`, async () => {
      handler = () => xml(200, body);
      const ours = await s3.getBucketLocation(client(), { Bucket: "bkt" });
      const theirs = await sdk().send(new GetBucketLocationCommand({ Bucket: "bkt" }));
      expect(ours.LocationConstraint).toBe(expected);
      expect(theirs.LocationConstraint).toBe(expected);
      expect(seen[0]!.url.search).toBe("?location=");
    });
  }
});

describe.skipIf(!available)("listings: encoding-type=url asked for and decoded", () => {
  const listing = (encoded: boolean) =>
    xml(
      200,
      `<ListBucketResult xmlns="${NS}"><Name>bkt</Name><Prefix>dir%2F</Prefix>${encoded ? "<EncodingType>url</EncodingType>" : ""}<KeyCount>3</KeyCount>` +
        `<Contents><Key>dir/a+b%2Bc.txt</Key><Size>1</Size></Contents><Contents><Key>dir/ctl%01x</Key><Size>2</Size></Contents>` +
        `<Contents><Key>dir/bad%zz</Key><Size>3</Size></Contents><CommonPrefixes><Prefix>dir/sub%20dir/</Prefix></CommonPrefixes></ListBucketResult>`,
    );

  it("ListObjectsV2 without EncodingType: asks for url encoding and returns plain keys", async () => {
    handler = () => listing(true);
    const out = await s3.listObjectsV2(client(), { Bucket: "bkt", Prefix: "dir/" });
    expect(seen[0]!.url.searchParams.get("encoding-type")).toBe("url");
    expect(out.Prefix).toBe("dir/");
    expect(out.Contents.map((o: { Key: string }) => o.Key)).toEqual(["dir/a b+c.txt", "dir/ctl\u0001x", "dir/bad%zz"]);
    expect(out.CommonPrefixes).toEqual([{ Prefix: "dir/sub dir/" }]);
  });

  it("with the caller's own EncodingType: the names stay encoded; a response not url-encoded is not decoded", async () => {
    handler = () => listing(true);
    const own = await s3.listObjectsV2(client(), { Bucket: "bkt", EncodingType: "url" });
    expect(own.Contents[0].Key).toBe("dir/a+b%2Bc.txt");
    handler = () => listing(false);
    const plain = await s3.listObjectsV2(client(), { Bucket: "bkt" });
    expect(plain.Contents[0].Key).toBe("dir/a+b%2Bc.txt");
  });

  it("ListObjectVersions: versions, delete markers and markers decoded", async () => {
    handler = () =>
      xml(
        200,
        `<ListVersionsResult xmlns="${NS}"><Name>bkt</Name><EncodingType>url</EncodingType><KeyMarker>a%20m</KeyMarker><NextKeyMarker>n%2Fx</NextKeyMarker>` +
          `<Version><Key>v%20one</Key><VersionId>1</VersionId></Version><DeleteMarker><Key>gone%21</Key><VersionId>2</VersionId></DeleteMarker></ListVersionsResult>`,
      );
    const out = await s3.listObjectVersions(client(), { Bucket: "bkt" });
    expect(seen[0]!.url.searchParams.get("encoding-type")).toBe("url");
    expect([out.KeyMarker, out.NextKeyMarker, out.Versions[0].Key, out.DeleteMarkers[0].Key]).toEqual(["a m", "n/x", "v one", "gone!"]);
  });
});

describe.skipIf(!available)("Expect: 100-continue on bodies of 2 MiB and more", () => {
  const big = new Uint8Array(3 * 1024 * 1024).fill(7);

  it("a 3 MiB PutObject asks first and sends the body after the go-ahead; a small one does not ask", async () => {
    handler = () => ({ status: 200, headers: { etag: '"e"' } });
    await s3.putObject(client(), { Bucket: "bkt", Key: "big", Body: big });
    expect(continues).toEqual([{ path: "/bkt/big?x-id=PutObject", allowed: true }]);
    expect(seen[0]!.body.length).toBe(big.length);
    expect(seen[0]!.headers.expect).toBe("100-continue");
    await s3.putObject(client(), { Bucket: "bkt", Key: "small", Body: "tiny" });
    expect(continues.length).toBe(1);
    expect(seen[1]!.headers.expect).toBeUndefined();
  });

  it("refused on the headers: the typed error, and the body is never sent", async () => {
    refuseContinue = true;
    const error = await s3.putObject(client({ maxAttempts: 1 }), { Bucket: "bkt", Key: "big", Body: big }).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: "AccessDenied", $metadata: { httpStatusCode: 403 } });
    expect(continues).toEqual([{ path: "/bkt/big?x-id=PutObject", allowed: false }]);
    expect(seen.length).toBe(0);
  });

  it("a server that never answers 100: the body goes after the wait, about a second", async () => {
    let received = 0;
    let headersAt = 0;
    let bodyAt = 0;
    const silent = net.createServer((socket) => {
      socket.on("data", (chunk: Buffer) => {
        if (headersAt === 0) {
          headersAt = performance.now();
          const end = chunk.indexOf("\r\n\r\n");
          received += chunk.length - end - 4;
        } else {
          if (bodyAt === 0) bodyAt = performance.now();
          received += chunk.length;
        }
        if (received >= big.length) socket.end('HTTP/1.1 200 OK\r\netag: "e"\r\ncontent-length: 0\r\nconnection: close\r\n\r\n');
      });
    });
    await new Promise<void>((r) => silent.listen(0, "127.0.0.1", r));
    try {
      const port = (silent.address() as AddressInfo).port;
      const out = await s3.putObject(client({ endpoint: `http://127.0.0.1:${port}` }), { Bucket: "bkt", Key: "big", Body: big });
      expect(out.ETag).toBe('"e"');
      expect(received).toBe(big.length);
      expect(bodyAt - headersAt).toBeGreaterThan(900);
    } finally {
      await new Promise((r) => silent.close(r));
    }
  });

  it("over fetch, which cannot wait for 100 Continue, the header is not sent", async () => {
    let sent: Record<string, string> | undefined;
    const fetchFn = async (_url: string, init: { headers: Record<string, string> }) => {
      sent = init.headers;
      return new Response(null, { status: 200, headers: { etag: '"e"' } });
    };
    await s3.putObject(client({ fetch: fetchFn }), { Bucket: "bkt", Key: "big", Body: big });
    expect(sent?.["content-length"]).toBe(String(big.length));
    expect(sent?.["expect"]).toBeUndefined();
  });
});
