// Generated clients of the XML protocols against a real HTTP server on 127.0.0.1 that answers
// canned XML: STS's GetCallerIdentity (a small model written here: the corpus has no STS) and
// IAM (query: form bodies, `<OpResponse><OpResult>` outputs, marker pagination,
// `<ErrorResponse>` errors with awsQueryError codes) and S3 (rest-xml: labels, query and header
// bindings, XML payloads with namespaces, flattened lists, S3's bare `<Error>`). The server checks
// every request's wire form and verifies its SigV4 signature with its own small verifier (the
// canonical request rebuilt from what arrived on the socket, not from the client's signer).
import { createHash, createHmac } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { generate } from "../generator/generate.js";
import { CORPUS_MODELS, tempDir, writeModel } from "./helpers.js";
import { existsSync } from "node:fs";

/** STS's GetCallerIdentity as botocore models it (the corpus has no STS model). */
const STS_MODEL = {
  version: "2.0",
  metadata: {
    apiVersion: "2011-06-15",
    endpointPrefix: "sts",
    protocol: "query",
    protocols: ["query"],
    serviceAbbreviation: "AWS STS",
    serviceFullName: "AWS Security Token Service",
    serviceId: "STS",
    signatureVersion: "v4",
    uid: "sts-2011-06-15",
    xmlNamespace: "https://sts.amazonaws.com/doc/2011-06-15/",
  },
  operations: {
    GetCallerIdentity: {
      name: "GetCallerIdentity",
      http: { method: "POST", requestUri: "/" },
      input: { shape: "GetCallerIdentityRequest" },
      output: { shape: "GetCallerIdentityResponse", resultWrapper: "GetCallerIdentityResult" },
    },
  },
  shapes: {
    GetCallerIdentityRequest: { type: "structure", members: {} },
    GetCallerIdentityResponse: {
      type: "structure",
      members: { UserId: { shape: "userIdType" }, Account: { shape: "accountType" }, Arn: { shape: "arnType" } },
    },
    userIdType: { type: "string" },
    accountType: { type: "string" },
    arnType: { type: "string", max: 2048, min: 20 },
  },
};

const CREDENTIALS = { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY" };
const REGION = "us-east-1";

interface Seen {
  method: string;
  path: string;
  query: Array<[string, string]>;
  headers: http.IncomingHttpHeaders;
  body: string;
  signatureValid: boolean;
}
type Reply = { status: number; headers?: Record<string, string>; body?: string };

const hex = (data: string | Buffer) => createHash("sha256").update(data).digest("hex");
const hmac = (key: string | Buffer, data: string) => createHmac("sha256", key).update(data).digest();
const rfc3986 = (s: string) => encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/** SigV4, recomputed from the request as it arrived: its signed headers, path, query and body. */
function verifySignature(req: http.IncomingMessage, url: URL, body: Buffer, service: string): boolean {
  const auth = String(req.headers.authorization ?? "");
  const m =
    /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, SignedHeaders=([^,]+), Signature=([0-9a-f]{64})$/.exec(
      auth,
    );
  if (!m || m[1] !== CREDENTIALS.accessKeyId || m[3] !== REGION || m[4] !== service) return false;
  const signed = m[5]!.split(";");
  const canonicalHeaders = signed
    .map(
      (name) =>
        `${name}:${String(req.headers[name] ?? "")
          .trim()
          .replace(/\s+/g, " ")}\n`,
    )
    .join("");
  const query = [...url.searchParams.entries()]
    .map(([k, v]) => [rfc3986(k), rfc3986(v)] as const)
    .sort(([a, x], [b, y]) => (a < b ? -1 : a > b ? 1 : x < y ? -1 : x > y ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join("&");
  const payloadHash = String(req.headers["x-amz-content-sha256"] ?? hex(body));
  const canonical = [req.method, url.pathname, query, canonicalHeaders, m[5], payloadHash].join("\n");
  const datetime = String(req.headers["x-amz-date"] ?? "");
  const scope = `${m[2]}/${REGION}/${service}/aws4_request`;
  const stringToSign = `AWS4-HMAC-SHA256\n${datetime}\n${scope}\n${hex(canonical)}`;
  const key = hmac(hmac(hmac(hmac(`AWS4${CREDENTIALS.secretAccessKey}`, m[2]!), REGION), service), "aws4_request");
  return createHmac("sha256", key).update(stringToSign).digest("hex") === m[6] && signed.includes("host") && signed.includes("x-amz-date");
}

let server: http.Server;
let endpoint: string;
let service = "iam";
let handler: (req: Seen) => Reply = () => ({ status: 500 });
const seen: Seen[] = [];

/** The form body as decoded pairs, in order. */
const form = (body: string) => [...new URLSearchParams(body)];
/** XML without the whitespace between elements, to compare with expected documents. */
const compact = (xml: string) => xml.replace(/>\s+</g, "><").trim();

const MODELS = {
  iam: path.join(CORPUS_MODELS, "iam", "2010-05-08"),
  s3: path.join(CORPUS_MODELS, "s3", "2006-03-01"),
};
const available = Object.values(MODELS).every((dir) => existsSync(path.join(dir, "service-2.json")));

type Mod = Record<string, any>;
let iam: Mod;
let sts: Mod;
let s3: Mod;

/** Generates a corpus model and imports the modules the tests use (not the whole index: faster). */
async function load(model: string, name: string, modules: string[]): Promise<Mod> {
  const out = tempDir(`xml-e2e-${name}`);
  await generate({ model, out, format: false });
  const mod: Mod = {};
  for (const rel of modules) Object.assign(mod, await import(pathToFileURL(path.join(out, name, "src", rel)).href));
  return mod;
}

beforeAll(async () => {
  if (!available) return;
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks);
      const url = new URL(req.url!, `http://${req.headers.host}`);
      const s: Seen = {
        method: req.method!,
        path: url.pathname,
        query: [...url.searchParams.entries()],
        headers: req.headers,
        body: body.toString("utf8"),
        signatureValid: verifySignature(req, url, body, service),
      };
      seen.push(s);
      const reply = handler(s);
      res.writeHead(reply.status, { "x-amzn-requestid": `req-${seen.length}`, ...(reply.headers ?? {}) });
      res.end(reply.body ?? "");
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  sts = await load(path.join(writeModel({ "sts/service-2.json": STS_MODEL }, "xml-e2e-sts-model"), "sts"), "sts", [
    "client.ts",
    "operations/get-caller-identity.ts",
  ]);
  iam = await load(MODELS.iam, "iam", [
    "client.ts",
    "errors.ts",
    "operations/list-roles.ts",
    "operations/get-role.ts",
    "paginators/list-roles.ts",
  ]);
  s3 = await load(MODELS.s3, "s3", [
    "client.ts",
    "errors.ts",
    "operations/list-objects-v2.ts",
    "operations/put-bucket-tagging.ts",
    "operations/delete-objects.ts",
    "operations/get-object.ts",
    "operations/get-bucket-tagging.ts",
  ]);
}, 120_000);

afterAll(async () => {
  if (server) await new Promise((r) => server.close(r));
});

beforeEach(() => {
  seen.length = 0;
});

const xml = (status: number, body: string): Reply => ({ status, headers: { "content-type": "text/xml" }, body });

describe.skipIf(!available)("a generated query client (STS) on the wire", () => {
  it("GetCallerIdentity: Action and Version only, the output inside <GetCallerIdentityResult>", async () => {
    service = "sts";
    handler = () =>
      xml(
        200,
        `<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <GetCallerIdentityResult>
    <Arn>arn:aws:iam::123456789012:user/Alice</Arn>
    <UserId>AIDACKCEVSQ6C2EXAMPLE</UserId>
    <Account>123456789012</Account>
  </GetCallerIdentityResult>
  <ResponseMetadata><RequestId>01234567-89ab-cdef-0123-456789abcdef</RequestId></ResponseMetadata>
</GetCallerIdentityResponse>`,
      );
    const client = new sts.STSClient({ region: REGION, endpoint, credentials: CREDENTIALS, maxAttempts: 1 });
    const out = await sts.getCallerIdentity(client, {});
    const req = seen[0]!;
    expect(req.method).toBe("POST");
    expect(req.path).toBe("/");
    expect(form(req.body)).toEqual([
      ["Action", "GetCallerIdentity"],
      ["Version", "2011-06-15"],
    ]);
    expect(req.signatureValid).toBe(true);
    expect({ UserId: out.UserId, Account: out.Account, Arn: out.Arn }).toEqual({
      UserId: "AIDACKCEVSQ6C2EXAMPLE",
      Account: "123456789012",
      Arn: "arn:aws:iam::123456789012:user/Alice",
    });
  });
});

describe.skipIf(!available)("a generated query client (IAM) on the wire", () => {
  const client = () => new iam.IAMClient({ region: REGION, endpoint, credentials: CREDENTIALS, maxAttempts: 1 });

  it("ListRoles: form body, <ListRolesResult> output, pages by Marker", async () => {
    service = "iam";
    handler = (req) => {
      const marker = new URLSearchParams(req.body).get("Marker");
      const role = (name: string, created: string) =>
        `<member><Path>/</Path><RoleName>${name}</RoleName><RoleId>AROA${name.toUpperCase()}</RoleId><Arn>arn:aws:iam::123456789012:role/${name}</Arn><CreateDate>${created}</CreateDate><Tags><member><Key>team</Key><Value>a&amp;b</Value></member></Tags></member>`;
      return marker === null
        ? xml(
            200,
            `<ListRolesResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><ListRolesResult><IsTruncated>true</IsTruncated><Marker>m1</Marker><Roles>${role("admin", "2024-01-02T03:04:05Z")}${role("ops", "2024-02-03T04:05:06.5Z")}</Roles></ListRolesResult><ResponseMetadata><RequestId>r1</RequestId></ResponseMetadata></ListRolesResponse>`,
          )
        : xml(
            200,
            `<ListRolesResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><ListRolesResult><IsTruncated>false</IsTruncated><Roles>${role("last", "2024-03-04T05:06:07Z")}</Roles></ListRolesResult></ListRolesResponse>`,
          );
    };
    const first = await iam.listRoles(client(), { PathPrefix: "/", MaxItems: 2 });
    const req = seen[0]!;
    expect(req.method).toBe("POST");
    expect(req.path).toBe("/");
    expect(req.query).toEqual([]);
    expect(req.headers["content-type"]).toBe("application/x-www-form-urlencoded; charset=utf-8");
    expect(form(req.body)).toEqual([
      ["Action", "ListRoles"],
      ["Version", "2010-05-08"],
      ["PathPrefix", "/"],
      ["MaxItems", "2"],
    ]);
    expect(req.signatureValid).toBe(true);
    expect(first.IsTruncated).toBe(true);
    expect(first.Marker).toBe("m1");
    expect(first.Roles.map((r: { RoleName: string }) => r.RoleName)).toEqual(["admin", "ops"]);
    expect(first.Roles[0].CreateDate).toEqual(new Date("2024-01-02T03:04:05Z"));
    expect(first.Roles[1].CreateDate).toEqual(new Date("2024-02-03T04:05:06.500Z"));
    expect(first.Roles[0].Tags).toEqual([{ Key: "team", Value: "a&b" }]);

    seen.length = 0;
    const names: string[] = [];
    for await (const role of iam.paginateListRoles(client(), { PathPrefix: "/" }).items()) names.push(role.RoleName);
    expect(names).toEqual(["admin", "ops", "last"]);
    expect(seen.map((s) => new URLSearchParams(s.body).get("Marker"))).toEqual([null, "m1"]);
    expect(seen.every((s) => s.signatureValid)).toBe(true);
  });

  it("GetRole: a modelled error by its awsQueryError code, with its message and request id", async () => {
    service = "iam";
    handler = () =>
      xml(
        404,
        `<ErrorResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><Error><Type>Sender</Type><Code>NoSuchEntity</Code><Message>The role with name nobody cannot be found.</Message></Error><RequestId>req-err</RequestId></ErrorResponse>`,
      );
    const error = await iam.getRole(client(), { RoleName: "nobody" }).catch((e: unknown) => e);
    expect(form(seen[0]!.body)).toEqual([
      ["Action", "GetRole"],
      ["Version", "2010-05-08"],
      ["RoleName", "nobody"],
    ]);
    expect(error).toBeInstanceOf(iam.NoSuchEntityException);
    expect(error).toBeInstanceOf(iam.IAMServiceException);
    expect((error as Error).message).toBe("The role with name nobody cannot be found.");
    expect((error as { $metadata: { httpStatusCode: number } }).$metadata.httpStatusCode).toBe(404);
  });
});

describe.skipIf(!available)("a generated rest-xml client (S3) on the wire", () => {
  const client = () => new s3.S3Client({ region: REGION, endpoint, credentials: CREDENTIALS, maxAttempts: 1, forcePathStyle: true });

  it("ListObjectsV2: path-style bucket, query bindings, flattened lists in the output", async () => {
    service = "s3";
    handler = () =>
      xml(
        200,
        `<?xml version="1.0" encoding="UTF-8"?>
<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">
  <Name>my-bucket</Name><Prefix>photos/</Prefix><KeyCount>2</KeyCount><MaxKeys>2</MaxKeys><IsTruncated>true</IsTruncated>
  <NextContinuationToken>tok2</NextContinuationToken>
  <Contents><Key>photos/a.jpg</Key><LastModified>2024-05-06T07:08:09.000Z</LastModified><ETag>"e1"</ETag><Size>1024</Size><StorageClass>STANDARD</StorageClass></Contents>
  <Contents><Key>photos/b.jpg</Key><LastModified>2024-05-06T07:08:10.000Z</LastModified><ETag>"e2"</ETag><Size>2048</Size><StorageClass>STANDARD</StorageClass></Contents>
  <CommonPrefixes><Prefix>photos/2024/</Prefix></CommonPrefixes>
</ListBucketResult>`,
      );
    const out = await s3.listObjectsV2(client(), {
      Bucket: "my-bucket",
      Prefix: "photos/",
      MaxKeys: 2,
      ExpectedBucketOwner: "123456789012",
    });
    const req = seen[0]!;
    expect(req.method).toBe("GET");
    expect(req.path).toBe("/my-bucket/");
    // encoding-type=url: S3's listings are asked for url-encoded names, decoded when read (protocols/s3.ts).
    expect(req.query.sort()).toEqual([
      ["encoding-type", "url"],
      ["list-type", "2"],
      ["max-keys", "2"],
      ["prefix", "photos/"],
    ]);
    expect(req.headers["x-amz-expected-bucket-owner"]).toBe("123456789012");
    expect(req.body).toBe("");
    expect(req.signatureValid).toBe(true);
    expect(out.Name).toBe("my-bucket");
    expect(out.IsTruncated).toBe(true);
    expect(out.KeyCount).toBe(2);
    expect(out.NextContinuationToken).toBe("tok2");
    expect(out.Contents).toEqual([
      {
        Key: "photos/a.jpg",
        LastModified: new Date("2024-05-06T07:08:09Z"),
        ETag: '"e1"',
        Size: 1024,
        StorageClass: "STANDARD",
      },
      {
        Key: "photos/b.jpg",
        LastModified: new Date("2024-05-06T07:08:10Z"),
        ETag: '"e2"',
        Size: 2048,
        StorageClass: "STANDARD",
      },
    ]);
    expect(out.CommonPrefixes).toEqual([{ Prefix: "photos/2024/" }]);
  });

  // S3's endpoint rules put the bucket in the URL (in the host, or first in the path with
  // path-style addressing), so the generator drops the `{Bucket}` label the operation's requestUri
  // also binds (a member that is both a label and the `Bucket` contextParam), as the AWS SDKs do.
  it("the bucket appears once in the path", async () => {
    service = "s3";
    handler = () => xml(200, `<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Name>my-bucket</Name></ListBucketResult>`);
    await s3.listObjectsV2(client(), { Bucket: "my-bucket" });
    // The rules' `https://host/my-bucket` and the operation's `/`, joined as the AWS SDK v3 joins them.
    expect(seen[0]!.path).toBe("/my-bucket/");
  });

  /** The URL a call would go to, seen by a `beforeRequest` hook that then stops the call. */
  async function urlOf(options: Record<string, unknown>, call: (c: unknown) => Promise<unknown>): Promise<string> {
    let url = "";
    const stop = new Error("stop before sending");
    const c = new s3.S3Client({
      region: REGION,
      credentials: CREDENTIALS,
      maxAttempts: 1,
      ...options,
      hooks: {
        beforeRequest: (ctx: { url: string }) => {
          url = ctx.url;
          throw stop;
        },
      },
    });
    await expect(call(c)).rejects.toBe(stop);
    return url;
  }

  it("virtual-hosted and path-style URLs name the bucket once", async () => {
    const listObjects = (c: unknown) => s3.listObjectsV2(c, { Bucket: "my-bucket", Prefix: "a/" });
    const getObject = (c: unknown) => s3.getObject(c, { Bucket: "my-bucket", Key: "photos/a b.jpg" });
    const tagging = (c: unknown) => s3.getBucketTagging(c, { Bucket: "my-bucket" });
    // x-id=GetObject and encoding-type=url are S3's own additions, as the AWS SDKs make them (protocols/s3.ts).
    expect(await urlOf({}, getObject)).toBe("https://my-bucket.s3.us-east-1.amazonaws.com/photos/a%20b.jpg?x-id=GetObject");
    expect(await urlOf({}, listObjects)).toBe("https://my-bucket.s3.us-east-1.amazonaws.com/?list-type=2&prefix=a%2F&encoding-type=url");
    expect(await urlOf({}, tagging)).toBe("https://my-bucket.s3.us-east-1.amazonaws.com/?tagging=");
    expect(await urlOf({ forcePathStyle: true }, getObject)).toBe(
      "https://s3.us-east-1.amazonaws.com/my-bucket/photos/a%20b.jpg?x-id=GetObject",
    );
    expect(await urlOf({ forcePathStyle: true }, listObjects)).toBe(
      "https://s3.us-east-1.amazonaws.com/my-bucket/?list-type=2&prefix=a%2F&encoding-type=url",
    );
    expect(await urlOf({ forcePathStyle: true }, tagging)).toBe("https://s3.us-east-1.amazonaws.com/my-bucket/?tagging=");
  });

  it("ListObjectsV2: S3's bare <Error> document becomes the modelled NoSuchBucket", async () => {
    service = "s3";
    handler = () =>
      xml(
        404,
        `<?xml version="1.0" encoding="UTF-8"?><Error><Code>NoSuchBucket</Code><Message>The specified bucket does not exist</Message><BucketName>gone</BucketName><RequestId>r9</RequestId></Error>`,
      );
    const error = await s3.listObjectsV2(client(), { Bucket: "gone" }).catch((e: unknown) => e);
    expect(seen[0]!.path).toBe("/gone/");
    expect(error).toBeInstanceOf(s3.NoSuchBucket);
    expect((error as Error).message).toBe("The specified bucket does not exist");
  });

  it("PutBucketTagging: the Tagging payload as an XML document in S3's namespace", async () => {
    service = "s3";
    handler = () => ({ status: 204 });
    await s3.putBucketTagging(client(), {
      Bucket: "my-bucket",
      Tagging: {
        TagSet: [
          { Key: "env", Value: "prod" },
          { Key: "note", Value: "a<b & c" },
        ],
      },
    });
    const req = seen[0]!;
    expect(req.method).toBe("PUT");
    expect(req.path).toBe("/my-bucket/");
    expect(req.query).toEqual([["tagging", ""]]);
    expect(req.headers["content-type"]).toBe("application/xml");
    expect(compact(req.body)).toBe(
      `<Tagging xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><TagSet><Tag><Key>env</Key><Value>prod</Value></Tag><Tag><Key>note</Key><Value>a&lt;b &amp; c</Value></Tag></TagSet></Tagging>`,
    );
    expect(req.signatureValid).toBe(true);
  });

  it("DeleteObjects: flattened <Object> items in the request, <Deleted> and <Error> items in the output", async () => {
    service = "s3";
    handler = () =>
      xml(
        200,
        `<?xml version="1.0" encoding="UTF-8"?><DeleteResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Deleted><Key>a.txt</Key></Deleted><Deleted><Key>b.txt</Key><VersionId>v2</VersionId></Deleted><Error><Key>c.txt</Key><Code>AccessDenied</Code><Message>Access Denied</Message></Error></DeleteResult>`,
      );
    const out = await s3.deleteObjects(client(), {
      Bucket: "my-bucket",
      Delete: { Objects: [{ Key: "a.txt" }, { Key: "b.txt", VersionId: "v2" }, { Key: "c.txt" }], Quiet: false },
    });
    const req = seen[0]!;
    expect(req.method).toBe("POST");
    expect(req.path).toBe("/my-bucket/");
    expect(req.query).toEqual([["delete", ""]]);
    expect(compact(req.body)).toBe(
      `<Delete xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Object><Key>a.txt</Key></Object><Object><Key>b.txt</Key><VersionId>v2</VersionId></Object><Object><Key>c.txt</Key></Object><Quiet>false</Quiet></Delete>`,
    );
    expect(req.signatureValid).toBe(true);
    expect(out.Deleted).toEqual([{ Key: "a.txt" }, { Key: "b.txt", VersionId: "v2" }]);
    expect(out.Errors).toEqual([{ Key: "c.txt", Code: "AccessDenied", Message: "Access Denied" }]);
  });
});
