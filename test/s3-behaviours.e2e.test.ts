// The generated S3 client's S3 behaviours (runtime/protocols/s3.ts, client/presign.ts), beside
// the AWS SDK v3's S3 client (@aws-sdk/client-s3 and @aws-sdk/s3-request-presigner) where both
// can be given the same inputs: presigned URLs compared byte for byte for the same clock and
// credentials, and the URLs and signing scopes the endpoint rules give for virtual-hosted,
// path-style, accelerate, dual-stack, access-point and Outposts addressing. The same behaviours
// on the wire, against a loopback server, are in s3-wire.e2e.test.ts.
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  UploadPartCommand,
} from "@aws-sdk/client-s3";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";
import { beforeAll, describe, expect, it } from "vitest";
import { loadS3, s3Available as available } from "./s3-fixture.js";
const KEYS = { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY" };
const SESSION = { ...KEYS, sessionToken: "FwoGZXIvYXdzEB/token+value=" };
const SIGNING_DATE = new Date("2026-12-01T12:00:00Z");

type Mod = Record<string, any>;
let s3: Mod;

beforeAll(async () => {
  if (!available) return;
  s3 = await loadS3(["client.ts", "errors.ts", "presign.ts", "operations/delete-object.ts"]);
}, 120_000);

/** The SDK's client, its checksum defaults turned to "when required" so both sides send the same request. */
function sdkClient(config: Record<string, unknown>): S3Client {
  return new S3Client({
    region: "us-west-2",
    credentials: KEYS,
    requestChecksumCalculation: "WHEN_REQUIRED",
    responseChecksumValidation: "WHEN_REQUIRED",
    maxAttempts: 1,
    ...config,
  });
}

function ourClient(config: Record<string, unknown>): unknown {
  return new s3.S3Client({ region: "us-west-2", credentials: KEYS, maxAttempts: 1, ...config });
}

describe.skipIf(!available)("presign: the same URL as @aws-sdk/s3-request-presigner", () => {
  const cases: Array<[string, new (input: any) => any, Record<string, unknown>]> = [
    ["GetObject", GetObjectCommand, { Bucket: "my-bucket", Key: "photos/2024/a b+c~d.jpg" }],
    [
      "GetObject",
      GetObjectCommand,
      { Bucket: "my-bucket", Key: "k", VersionId: "v1", Range: "bytes=0-9", ResponseContentDisposition: 'attachment; filename="x.txt"' },
    ],
    [
      "PutObject",
      PutObjectCommand,
      { Bucket: "my-bucket", Key: "up/x.bin", ContentType: "application/octet-stream", ACL: "private", Metadata: { owner: "me" } },
    ],
    ["PutObject", PutObjectCommand, { Bucket: "my-bucket", Key: "enc.bin", ServerSideEncryption: "aws:kms", SSEKMSKeyId: "key-1" }],
    ["HeadObject", HeadObjectCommand, { Bucket: "my-bucket", Key: "k", IfNoneMatch: '"etag"' }],
    ["DeleteObject", DeleteObjectCommand, { Bucket: "my-bucket", Key: "k" }],
    ["UploadPart", UploadPartCommand, { Bucket: "my-bucket", Key: "big.bin", PartNumber: 3, UploadId: "upload-1" }],
    ["ListObjectsV2", ListObjectsV2Command, { Bucket: "my-bucket", Prefix: "a/", MaxKeys: 10 }],
  ];
  const configs: Array<Record<string, unknown>> = [
    {},
    { forcePathStyle: true },
    { credentials: SESSION },
    { region: "eu-central-1", useDualstackEndpoint: true },
    { useAccelerateEndpoint: true },
    { endpoint: "http://127.0.0.1:9000", forcePathStyle: true },
  ];
  for (const config of configs) {
    for (const [name, Command, input] of cases) {
      const options = Object.keys(config).join(", ") || "defaults";
      it(`${name} ${JSON.stringify(input).slice(0, 60)} (client: ${options})`, async () => {
        const theirs = await getSignedUrl(sdkClient(config), new Command(input), { expiresIn: 3600, signingDate: SIGNING_DATE });
        const ours = await s3.presign(ourClient(config), name, input, { expiresIn: 3600, signingDate: SIGNING_DATE });
        expect(ours.url).toBe(theirs);
      });
    }
  }

  it("the default expiry is the SDK's 900 seconds; out-of-range expiries are refused with the limit", async () => {
    const client = ourClient({});
    const theirs = await getSignedUrl(sdkClient({}), new GetObjectCommand({ Bucket: "b1", Key: "k" }), { signingDate: SIGNING_DATE });
    const ours = await s3.presign(client, "GetObject", { Bucket: "b1", Key: "k" }, { signingDate: SIGNING_DATE });
    expect(ours.url).toBe(theirs);
    expect(new URL(ours.url).searchParams.get("X-Amz-Expires")).toBe("900");
    await expect(s3.presign(client, "GetObject", { Bucket: "b1", Key: "k" }, { expiresIn: 604801 })).rejects.toThrow(/604800 seconds/);
    await expect(s3.presign(client, "GetObject", { Bucket: "b1", Key: "k" }, { expiresIn: 0 })).rejects.toThrow(/at least 1 second/);
  });

  it("validates the input and refuses names that are not operations", async () => {
    const client = ourClient({});
    await expect(s3.presign(client, "GetObject", { Bucket: "b1" })).rejects.toMatchObject({ name: "RequestValidationError" });
    await expect(s3.presign(client, "toString", {})).rejects.toMatchObject({ name: "UnsupportedOperationError" });
    await expect(s3.presign(client, "SelectObjectContent", {})).rejects.toMatchObject({ name: "UnsupportedOperationError" });
  });
});

/** The URL and credential scope of the request each client would send, captured before it leaves. */
async function sdkRequest(config: Record<string, unknown>, command: any): Promise<{ url: string; scope: string }> {
  let captured: { url: string; scope: string } | undefined;
  const stop = new Error("captured");
  const client = sdkClient({
    ...config,
    requestHandler: {
      handle: async (req: any) => {
        const query = new URLSearchParams(req.query as Record<string, string>).toString().replace(/\+/g, "%20");
        captured = {
          url: `${req.protocol}//${req.hostname}${req.port ? `:${req.port}` : ""}${req.path}${query ? `?${query}` : ""}`,
          scope: /Credential=[^/]+\/\d{8}\/([^,]+)\/aws4_request/.exec(String(req.headers.authorization))![1]!,
        };
        throw stop;
      },
    },
  });
  await client.send(command).catch((e: unknown) => {
    if (e !== stop) throw e;
  });
  return captured!;
}

async function ourRequest(
  config: Record<string, unknown>,
  operation: string,
  input: unknown,
): Promise<{ url: string; scope: string; algorithm: string }> {
  let captured: { url: string; scope: string; algorithm: string } | undefined;
  const stop = new Error("captured");
  const client = ourClient({
    ...config,
    fetch: async (url: string, init: { headers: Record<string, string> }) => {
      const u = new URL(url);
      const query = [...u.searchParams].map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join("&");
      captured = {
        url: `${u.protocol}//${u.host}${u.pathname}${query ? `?${query}` : ""}`,
        scope: /Credential=[^/]+\/\d{8}\/([^,]+)\/aws4_request/.exec(init.headers["authorization"]!)![1]!,
        algorithm: init.headers["authorization"]!.split(" ")[0]!,
      };
      throw stop;
    },
  });
  const fn = s3[operation[0]!.toLowerCase() + operation.slice(1)] as (c: unknown, i: unknown) => Promise<unknown>;
  await fn(client, input).catch(() => undefined);
  return captured!;
}

/** A URL with its query sorted, so two clients' parameter orders do not matter. */
function sortedUrl(url: string): string {
  const u = new URL(url);
  const pairs = [...u.searchParams].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  return `${u.protocol}//${u.host}${u.pathname}?${pairs.map(([k, v]) => `${k}=${v}`).join("&")}`;
}

describe.skipIf(!available)("addressing through the endpoint rules, beside the AWS SDK v3", () => {
  const ACCESS_POINT = "arn:aws:s3:us-west-2:123456789012:accesspoint/my-ap";
  const OUTPOSTS = "arn:aws:s3-outposts:us-west-2:123456789012:outpost/op-01234567890123456/accesspoint/my-op-ap";
  const cases: Array<[string, Record<string, unknown>, string, RegExp]> = [
    ["virtual-hosted", {}, "my-bucket", /^https:\/\/my-bucket\.s3\.us-west-2\.amazonaws\.com\/k%201$/],
    ["path-style (forcePathStyle)", { forcePathStyle: true }, "my-bucket", /^https:\/\/s3\.us-west-2\.amazonaws\.com\/my-bucket\/k%201$/],
    [
      "a bucket name with dots goes path-style",
      {},
      "my.dotted.bucket",
      /^https:\/\/s3\.us-west-2\.amazonaws\.com\/my\.dotted\.bucket\/k%201$/,
    ],
    ["accelerate", { useAccelerateEndpoint: true }, "my-bucket", /^https:\/\/my-bucket\.s3-accelerate\.amazonaws\.com\/k%201$/],
    ["dual-stack", { useDualstackEndpoint: true }, "my-bucket", /^https:\/\/my-bucket\.s3\.dualstack\.us-west-2\.amazonaws\.com\/k%201$/],
    [
      "accelerate and dual-stack",
      { useAccelerateEndpoint: true, useDualstackEndpoint: true },
      "my-bucket",
      /^https:\/\/my-bucket\.s3-accelerate\.dualstack\.amazonaws\.com\/k%201$/,
    ],
    ["FIPS", { useFipsEndpoint: true }, "my-bucket", /^https:\/\/my-bucket\.s3-fips\.us-west-2\.amazonaws\.com\/k%201$/],
    ["access-point ARN", {}, ACCESS_POINT, /^https:\/\/my-ap-123456789012\.s3-accesspoint\.us-west-2\.amazonaws\.com\/k%201$/],
    [
      "Outposts access-point ARN",
      {},
      OUTPOSTS,
      /^https:\/\/my-op-ap-123456789012\.op-01234567890123456\.s3-outposts\.us-west-2\.amazonaws\.com\/k%201$/,
    ],
    [
      "a custom endpoint",
      { endpoint: "https://objects.example.com:8443" },
      "my-bucket",
      /^https:\/\/my-bucket\.objects\.example\.com:8443\/k%201$/,
    ],
    [
      "a custom IP endpoint goes path-style",
      { endpoint: "http://127.0.0.1:9000" },
      "my-bucket",
      /^http:\/\/127\.0\.0\.1:9000\/my-bucket\/k%201$/,
    ],
  ];
  for (const [label, config, bucket, expected] of cases) {
    it(`${label}: the same URL and signing scope`, async () => {
      const input = { Bucket: bucket, Key: "k 1" };
      const theirs = await sdkRequest(config, new DeleteObjectCommand(input));
      const ours = await ourRequest(config, "DeleteObject", input);
      expect(sortedUrl(ours.url)).toBe(sortedUrl(theirs.url));
      // Outposts endpoints list sigv4a first: svcgen signs with it, the SDK (without the optional
      // signature-v4a package registered) with the sigv4 the rules list second.
      if (bucket !== OUTPOSTS) expect(ours.scope).toBe(theirs.scope);
      expect(ours.url.replace(/\?x-id=DeleteObject$/, "")).toMatch(expected);
    });
  }

  it("signing scopes follow the ARN: SigV4a for s3-outposts (the rules' first scheme), SigV4 s3 for access points", async () => {
    const outposts = await ourRequest({}, "DeleteObject", { Bucket: OUTPOSTS, Key: "k" });
    expect(outposts.algorithm).toBe("AWS4-ECDSA-P256-SHA256");
    expect(outposts.scope).toBe("s3-outposts");
    const theirs = await sdkRequest({}, new DeleteObjectCommand({ Bucket: OUTPOSTS, Key: "k" }));
    expect(theirs.scope).toBe("us-west-2/s3-outposts");
    const ap = await ourRequest({}, "DeleteObject", { Bucket: ACCESS_POINT, Key: "k" });
    expect([ap.algorithm, ap.scope]).toEqual(["AWS4-HMAC-SHA256", "us-west-2/s3"]);
  });

  it("an access point in another region: its region unless useArnRegion is false, as the SDK", async () => {
    const arn = "arn:aws:s3:eu-west-1:123456789012:accesspoint/my-ap";
    for (const config of [{}, { useArnRegion: true }]) {
      const theirs = await sdkRequest(config, new DeleteObjectCommand({ Bucket: arn, Key: "k" }));
      const ours = await ourRequest(config, "DeleteObject", { Bucket: arn, Key: "k" });
      expect(sortedUrl(ours.url)).toBe(sortedUrl(theirs.url));
      expect([ours.scope, theirs.scope]).toEqual(["eu-west-1/s3", "eu-west-1/s3"]);
    }
    const refused = await s3.deleteObject(ourClient({ useArnRegion: false }), { Bucket: arn, Key: "k" }).catch((e: unknown) => e);
    expect(refused).toMatchObject({ name: "EndpointError" });
    expect(String((refused as Error).message)).toMatch(/region from ARN `eu-west-1` does not match client region `us-west-2`/);
  });
});
