// Presigned URLs (runtime/auth/presign.ts): the SigV4 test suite's requests presigned, checked
// against the suite's canonical requests (each turned into its query-signed form here, and the
// signature recomputed with node:crypto) and against @smithy/signature-v4's presign; the S3
// documentation's published presigned GET; the expiry bounds; which headers are signed, hoisted
// or left out. The package-level `presign` is tested against the AWS SDK's S3 presigner in
// s3-behaviours.e2e.test.ts.
import { createHash, createHmac } from "node:crypto";
import { readFileSync } from "node:fs";
import { SignatureV4 } from "@smithy/signature-v4";
import { describe, expect, it } from "vitest";
import { MAX_PRESIGN_EXPIRES, presignRequest, type PresignRequestOptions } from "../generator/runtime/auth/presign.js";
import type { SignableRequest } from "../generator/runtime/auth/sigv4.js";
import { SUITE_KEYS, SUITE_REGION, SUITE_SERVICE, suiteDir, toSignable, vectorFolders } from "./sigv4-suite.js";

function bytes(data: string | ArrayBuffer | ArrayBufferView): string | Uint8Array {
  if (typeof data === "string") return data;
  return data instanceof ArrayBuffer ? new Uint8Array(data) : new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

/** The hash constructor @smithy/signature-v4 takes (SHA-256, or HMAC-SHA256 with a key), over node:crypto. */
class Sha256 {
  readonly #hash;
  constructor(secret?: string | ArrayBuffer | ArrayBufferView) {
    this.#hash = secret === undefined ? createHash("sha256") : createHmac("sha256", bytes(secret));
  }
  update(data: string | ArrayBuffer | ArrayBufferView): void {
    this.#hash.update(bytes(data));
  }
  digest(): Promise<Uint8Array> {
    return Promise.resolve(new Uint8Array(this.#hash.digest()));
  }
}

const rfc3986 = (s: string) => encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
const sha256 = (s: string) => createHash("sha256").update(s).digest("hex");

function signature(secret: string, day: string, region: string, service: string, stringToSign: string): string {
  let key: Buffer = createHmac("sha256", `AWS4${secret}`).update(day).digest();
  for (const part of [region, service, "aws4_request"]) key = createHmac("sha256", key).update(part).digest();
  return createHmac("sha256", key).update(stringToSign).digest("hex");
}

/**
 * A suite canonical request (header-signed) in its query-signed form: X-Amz-Date and the token
 * leave the headers, the X-Amz-* parameters join the query (encoded, sorted), the rest is as is.
 */
function presignedCanonical(creq: string, params: Array<[string, string]>): string {
  const lines = creq.split("\n");
  const blank = lines.indexOf("", 3);
  const dropped = new Set(["x-amz-date", "x-amz-security-token"]);
  const headers = lines.slice(3, blank).filter((line) => !dropped.has(line.slice(0, line.indexOf(":"))));
  const signed = lines[blank + 1]!.split(";").filter((name) => !dropped.has(name));
  const pairs =
    lines[2] === "" ? [] : lines[2]!.split("&").map((p): [string, string] => [p.slice(0, p.indexOf("=")), p.slice(p.indexOf("=") + 1)]);
  for (const [k, v] of params) pairs.push([rfc3986(k), rfc3986(v === "" ? signed.join(";") : v)]);
  pairs.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));
  return [lines[0], lines[1], pairs.map(([k, v]) => `${k}=${v}`).join("&"), ...headers, "", signed.join(";"), lines[blank + 2]].join("\n");
}

const folders = vectorFolders(suiteDir).filter((f) => f !== "post-sts-token/post-sts-header-after");

describe("presign: the SigV4 test suite's requests", () => {
  it("finds the suite", () => expect(folders.length).toBeGreaterThan(25));

  for (const folder of folders) {
    it(`${folder}: the suite's canonical request in query form signs to the URL's signature`, async () => {
      const name = folder.slice(folder.lastIndexOf("/") + 1);
      const { req, opts } = toSignable(folder);
      const options: PresignRequestOptions = { ...opts, expiresIn: 86400, signingDate: opts.date };
      const out = await presignRequest(req, options);
      const url = new URL(out.url);
      const token = opts.credentials.sessionToken;
      const params: Array<[string, string]> = [
        ...(token === undefined ? [] : ([["X-Amz-Security-Token", token]] as Array<[string, string]>)),
        ["X-Amz-Algorithm", "AWS4-HMAC-SHA256"],
        ["X-Amz-Credential", `${SUITE_KEYS.accessKeyId}/20150830/${SUITE_REGION}/${SUITE_SERVICE}/aws4_request`],
        ["X-Amz-Date", "20150830T123600Z"],
        ["X-Amz-Expires", "86400"],
        ["X-Amz-SignedHeaders", ""],
      ];
      const creq = presignedCanonical(readFileSync(`${suiteDir}/${folder}/${name}.creq`, "utf8"), params);
      const sts = `AWS4-HMAC-SHA256\n20150830T123600Z\n20150830/${SUITE_REGION}/${SUITE_SERVICE}/aws4_request\n${sha256(creq)}`;
      expect(url.searchParams.get("X-Amz-Signature")).toBe(
        signature(SUITE_KEYS.secretAccessKey, "20150830", SUITE_REGION, SUITE_SERVICE, sts),
      );
      expect(url.searchParams.get("X-Amz-SignedHeaders")).toBe(creq.split("\n").at(-2));
      expect(url.searchParams.get("X-Amz-Security-Token") ?? undefined).toBe(token);
      expect(out.url).not.toContain(SUITE_KEYS.secretAccessKey);
    });

    // Repeated keys (get-vanilla-query-order-*) do not fit smithy's one-value-per-key query map.
    const { req: suiteReq } = toSignable(folder);
    if (new Set(suiteReq.query.map(([k]) => k)).size !== suiteReq.query.length) continue;
    it(`${folder}: the same query as @smithy/signature-v4's presign`, async () => {
      const { req, opts } = toSignable(folder);
      const out = await presignRequest(req, { ...opts, expiresIn: 3600, signingDate: opts.date });
      const { accessKeyId, secretAccessKey, sessionToken } = opts.credentials;
      const credentials = sessionToken === undefined ? { accessKeyId, secretAccessKey } : { accessKeyId, secretAccessKey, sessionToken };
      const signer = new SignatureV4({ credentials, region: SUITE_REGION, service: SUITE_SERVICE, sha256: Sha256 });
      const theirs = await signer.presign(
        {
          method: req.method,
          protocol: "https:",
          hostname: req.hostname,
          path: decodeURIComponent(req.path),
          query: Object.fromEntries(req.query.map(([k, v]) => [k, v])),
          headers: { ...req.headers, host: req.hostname },
          body: req.body,
        },
        { expiresIn: 3600, signingDate: opts.date! },
      );
      const ours = Object.fromEntries(new URL(out.url).searchParams);
      expect(ours).toEqual(theirs.query);
    });
  }
});

describe("presign: the S3 documentation's presigned GET", () => {
  // "Authenticating Requests: Using Query Parameters (AWS Signature Version 4)", Amazon S3 API Reference.
  it("gives the published signature", async () => {
    const out = await presignRequest(
      {
        method: "GET",
        protocol: "https:",
        hostname: "examplebucket.s3.amazonaws.com",
        path: "/test.txt",
        query: [],
        headers: { "x-amz-content-sha256": "UNSIGNED-PAYLOAD" },
      },
      {
        credentials: { accessKeyId: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY" },
        region: "us-east-1",
        service: "s3",
        expiresIn: 86400,
        signingDate: new Date("2013-05-24T00:00:00Z"),
      },
    );
    // The published URL's parameters, sorted by key as the AWS SDK v3 writes them.
    expect(out.url).toBe(
      "https://examplebucket.s3.amazonaws.com/test.txt?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404&X-Amz-SignedHeaders=host",
    );
    expect(out.headers).toEqual({});
    expect(out.expiresAt.toISOString()).toBe("2013-05-25T00:00:00.000Z");
  });
});

const request: SignableRequest = {
  method: "PUT",
  protocol: "https:",
  hostname: "b.s3.eu-west-1.amazonaws.com",
  path: "/k",
  query: [],
  headers: {
    "content-type": "text/plain",
    "x-amz-acl": "private",
    "x-amz-server-side-encryption": "aws:kms",
    "x-amz-server-side-encryption-aws-kms-key-id": "key-1",
    "content-md5": "1B2M2Y8AsgTpgAmY7PhCfg==",
    "user-agent": "ua",
    expect: "100-continue",
  },
  body: "hello",
};
const options: PresignRequestOptions = {
  credentials: { accessKeyId: "AKID", secretAccessKey: "SECRET/KEY+ABC", sessionToken: "TOKEN/+=" },
  region: "eu-west-1",
  service: "s3",
  expiresIn: 900,
  signingDate: new Date("2026-01-02T03:04:05Z"),
};

describe("presign: headers, payload and expiry", () => {
  it("with S3's rules: x-amz-* to the query except server-side encryption, content-type and platform headers unsigned, UNSIGNED-PAYLOAD", async () => {
    const out = await presignRequest(request, {
      ...options,
      rules: { unsignedPayload: true, unsignedHeaders: ["content-type"], keepAsHeaders: ["x-amz-server-side-encryption"] },
    });
    const url = new URL(out.url);
    expect(url.searchParams.get("x-amz-acl")).toBe("private");
    expect(url.searchParams.get("X-Amz-Content-Sha256")).toBe("UNSIGNED-PAYLOAD");
    expect(url.searchParams.get("X-Amz-Security-Token")).toBe("TOKEN/+=");
    expect(url.searchParams.get("X-Amz-SignedHeaders")).toBe(
      "content-md5;host;x-amz-server-side-encryption;x-amz-server-side-encryption-aws-kms-key-id",
    );
    expect(out.headers).toEqual({
      "content-md5": "1B2M2Y8AsgTpgAmY7PhCfg==",
      "x-amz-server-side-encryption": "aws:kms",
      "x-amz-server-side-encryption-aws-kms-key-id": "key-1",
    });
    expect(out.method).toBe("PUT");
    expect(out.url).not.toContain("SECRET");
    // The query is sorted by key, as the AWS SDK v3 writes presigned URLs.
    const keys = [...url.searchParams.keys()];
    expect(keys).toEqual([...keys].sort());
  });

  it("without rules: every x-amz-* header to the query, the body's hash signed, content-type signed", async () => {
    const out = await presignRequest(request, { ...options, service: "execute-api" });
    const url = new URL(out.url);
    expect(url.searchParams.get("x-amz-server-side-encryption")).toBe("aws:kms");
    expect(url.searchParams.get("X-Amz-Content-Sha256")).toBeNull();
    expect(url.searchParams.get("X-Amz-SignedHeaders")).toBe("content-md5;content-type;host");
  });

  it("the same inputs give the same URL; another second gives another signature", async () => {
    const a = await presignRequest(request, options);
    const b = await presignRequest(request, options);
    const c = await presignRequest(request, { ...options, signingDate: new Date("2026-01-02T03:04:06Z") });
    expect(a.url).toBe(b.url);
    expect(new URL(c.url).searchParams.get("X-Amz-Signature")).not.toBe(new URL(a.url).searchParams.get("X-Amz-Signature"));
  });

  it("X-Amz-Expires from 1 second to 7 days; anything else is refused with the limit in the message", async () => {
    for (const ok of [1, 60, MAX_PRESIGN_EXPIRES]) {
      const out = await presignRequest(request, { ...options, expiresIn: ok });
      expect(new URL(out.url).searchParams.get("X-Amz-Expires")).toBe(String(ok));
    }
    await expect(presignRequest(request, { ...options, expiresIn: MAX_PRESIGN_EXPIRES + 1 })).rejects.toThrow(/604800 seconds/);
    await expect(presignRequest(request, { ...options, expiresIn: 0 })).rejects.toThrow(/at least 1 second/);
    await expect(presignRequest(request, { ...options, expiresIn: -5 })).rejects.toThrow(RangeError);
    await expect(presignRequest(request, { ...options, expiresIn: 1.5 })).rejects.toThrow(/whole number of seconds from 1 to 604800/);
    await expect(presignRequest(request, { ...options, expiresIn: Number.NaN })).rejects.toThrow(/whole number/);
    await expect(presignRequest(request, { ...options, signingDate: new Date("nope") })).rejects.toThrow(/signingDate/);
  });

  it("a header named like an Object.prototype key is an ordinary header", async () => {
    const out = await presignRequest({ ...request, headers: { constructor: "c", ["__proto__"]: "p" } as Record<string, string> }, options);
    expect(Object.hasOwn(out.headers, "constructor") && out.headers["constructor"]).toBe("c");
    expect(Object.hasOwn(out.headers, "__proto__") && out.headers["__proto__"]).toBe("p");
    expect(Object.getPrototypeOf(out.headers)).toBe(Object.prototype);
    expect(new URL(out.url).searchParams.get("X-Amz-SignedHeaders")).toBe("__proto__;constructor;host");
  });
});

describe("presign from a generated package (IoT Managed Integrations: not S3)", () => {
  it("is exported by the package entry and gives @smithy/signature-v4's URL for the same request and clock", async () => {
    const { IoTManagedIntegrationsClient, presign } = await import("../generated/iot-managed-integrations/src/index.js");
    const credentials = { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", sessionToken: "tok" };
    const client = new IoTManagedIntegrationsClient({ region: "eu-west-1", credentials });
    const signingDate = new Date("2026-03-04T05:06:07Z");
    const out = await presign(
      client,
      "ListAccountAssociations",
      { MaxResults: 10, ConnectorDestinationId: "cd 1" },
      { expiresIn: 600, signingDate },
    );
    const url = new URL(out.url);
    expect(`${url.origin}${url.pathname}`).toBe("https://api.iotmanagedintegrations.eu-west-1.api.aws/account-associations");
    const signer = new SignatureV4({ credentials, region: "eu-west-1", service: "iotmanagedintegrations", sha256: Sha256 });
    const theirs = await signer.presign(
      {
        method: "GET",
        protocol: "https:",
        hostname: url.hostname,
        path: url.pathname,
        query: { ConnectorDestinationId: "cd 1", MaxResults: "10" },
        headers: { host: url.hostname },
      },
      { expiresIn: 600, signingDate },
    );
    expect(Object.fromEntries(url.searchParams)).toEqual(theirs.query);
    expect(out.headers).toEqual({});
    await expect(presign(client, "ListAccountAssociations", { MaxResults: 0 })).rejects.toMatchObject({ name: "RequestValidationError" });
  });
});
