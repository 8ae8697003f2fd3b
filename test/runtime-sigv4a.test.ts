// SigV4a. ECDSA signatures are randomized, so nothing can be compared byte for byte: the canonical
// request, string to sign and derived key are compared with the reference signer
// (@smithy/signature-v4a, pure JS) and with the key derivation recomputed here from the spec, and
// every signature, ours and the reference's, is verified with node:crypto under the other's key.
import { createECDH, createHash, createHmac, createPublicKey, randomBytes, verify, type KeyObject } from "node:crypto";
import { inspect } from "node:util";
import { SignatureV4a } from "@smithy/signature-v4a";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import type { SignableRequest } from "../generator/runtime/auth/sigv4.js";
import {
  SigV4aKey,
  deriveSigV4aKey,
  p256PublicKey,
  privateScalar,
  signRequestV4a,
  signRequestV4aWithSteps,
  type SigV4aSigningOptions,
} from "../generator/runtime/auth/sigv4a.js";

type SigV4aModule = Pick<
  typeof import("../generator/runtime/auth/sigv4a.js"),
  "signRequestV4aWithSteps" | "signRequestV4a" | "deriveSigV4aKey"
>;

const N = 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n;
const ALGORITHM = "AWS4-ECDSA-P256-SHA256";

const KEYS = { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY" };
const DATE = new Date(Date.UTC(2024, 0, 2, 3, 4, 5));

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString("hex");
const b64url = (bytes: Uint8Array) => Buffer.from(bytes).toString("base64url");

/** The spec's KDF, recomputed: candidate for one counter value. */
function kdfCandidate(accessKeyId: string, secret: string, counter: number): Buffer {
  const fixed = Buffer.concat([
    Buffer.from([0, 0, 0, 1]),
    Buffer.from(ALGORITHM),
    Buffer.from([0]),
    Buffer.from(accessKeyId),
    Buffer.from([counter]),
    Buffer.from([0, 0, 1, 0]),
  ]);
  return createHmac("sha256", `AWS4A${secret}`).update(fixed).digest();
}

/** The private scalar the spec derives, computed independently of the runtime. */
function specScalar(accessKeyId: string, secret: string): bigint {
  for (let counter = 1; counter <= 254; counter++) {
    const c = BigInt(`0x${kdfCandidate(accessKeyId, secret, counter).toString("hex")}`);
    if (c <= N - 2n) return c + 1n;
  }
  throw new Error("no key");
}

function scalarBytes(d: bigint): Buffer {
  return Buffer.from(d.toString(16).padStart(64, "0"), "hex");
}

function publicKeyOf(privateKey: Uint8Array): Uint8Array {
  const ecdh = createECDH("prime256v1");
  ecdh.setPrivateKey(privateKey);
  return new Uint8Array(ecdh.getPublicKey());
}

function publicKeyObject(point: Uint8Array): KeyObject {
  return createPublicKey({
    key: { kty: "EC", crv: "P-256", x: b64url(point.subarray(1, 33)), y: b64url(point.subarray(33, 65)) },
    format: "jwk",
  });
}

function signatureOf(authorization: string): string {
  return /Signature=([0-9a-f]+)$/.exec(authorization)![1]!;
}

function verifies(point: Uint8Array, stringToSign: string, signatureHex: string): boolean {
  return verify("sha256", Buffer.from(stringToSign), { key: publicKeyObject(point), dsaEncoding: "der" }, Buffer.from(signatureHex, "hex"));
}

// ---- The reference signer ----

type SourceData = string | ArrayBuffer | ArrayBufferView;
const bytesOf = (data: SourceData): string | Uint8Array =>
  typeof data === "string"
    ? data
    : ArrayBuffer.isView(data)
      ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength)
      : new Uint8Array(data);

/** The hash the reference signer asks for, on node:crypto. */
class NodeSha256 {
  readonly #secret: SourceData | undefined;
  #hash: { update(data: string | Uint8Array): void; digest(): Buffer };
  constructor(secret?: SourceData) {
    this.#secret = secret;
    this.#hash = secret === undefined ? createHash("sha256") : createHmac("sha256", bytesOf(secret));
  }
  update(data: SourceData): void {
    this.#hash.update(bytesOf(data));
  }
  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.#hash.digest());
  }
  reset(): void {
    this.#hash = this.#secret === undefined ? createHash("sha256") : createHmac("sha256", bytesOf(this.#secret));
  }
}

interface ReferenceResult {
  canonicalRequest: string;
  stringToSign: string;
  authorization: string;
  headers: Record<string, string>;
  publicKey: Uint8Array;
}

/** Signs with @smithy/signature-v4a, capturing its canonical request, string to sign and private key. */
async function referenceSign(req: SignableRequest, opts: SigV4aSigningOptions): Promise<ReferenceResult> {
  const regionSet = typeof opts.regionSet === "string" ? opts.regionSet : opts.regionSet.join(",");
  const signer = new SignatureV4a({
    credentials: {
      accessKeyId: opts.credentials.accessKeyId,
      secretAccessKey: opts.credentials.secretAccessKey,
      ...(opts.credentials.sessionToken === undefined ? {} : { sessionToken: opts.credentials.sessionToken }),
    },
    region: regionSet,
    service: opts.service,
    sha256: NodeSha256,
    applyChecksum: opts.signedBodyHeader === true,
    uriEscapePath: opts.normalizePath ?? opts.service !== "s3",
  });
  // The steps are protected/private in its types; they are ordinary methods at run time.
  const spy = signer as unknown as Record<string, (...args: unknown[]) => Promise<unknown> | unknown>;
  const captured: Partial<ReferenceResult> = {};
  const createCanonicalRequest = spy["createCanonicalRequest"]!.bind(signer);
  spy["createCanonicalRequest"] = (...args) => {
    const result = createCanonicalRequest(...args) as string;
    captured.canonicalRequest = result;
    return result;
  };
  const getSignature = spy["getSignature"]!.bind(signer);
  spy["getSignature"] = (privateKey, stringToSign) => {
    captured.publicKey = publicKeyOf(privateKey as Uint8Array);
    captured.stringToSign = stringToSign as string;
    return getSignature(privateKey, stringToSign);
  };
  const query: Record<string, string | string[]> = {};
  for (const [k, v] of req.query) {
    const prev = query[k];
    query[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
  }
  const signed = (await signer.sign(
    {
      method: req.method,
      protocol: req.protocol,
      hostname: req.hostname,
      path: req.path,
      query,
      // The reference signs the Host header it is given; the SDK's middleware sets it.
      headers: { ...req.headers, host: req.hostname },
      body: req.body,
    },
    { signingDate: opts.date },
  )) as { headers: Record<string, string> };
  return {
    canonicalRequest: captured.canonicalRequest!,
    stringToSign: captured.stringToSign!,
    publicKey: captured.publicKey!,
    authorization: signed.headers["authorization"]!,
    headers: signed.headers,
  };
}

// ---- Requests ----

const get: SignableRequest = {
  method: "GET",
  protocol: "https:",
  hostname: "mrap.accesspoint.s3-global.amazonaws.com",
  path: "/things/a%20b",
  query: [
    ["list-type", "2"],
    ["prefix", "x y/é"],
    ["max-keys", "10"],
  ],
  headers: { "X-Custom": " a  b ", "User-Agent": "ua/1" },
};
const post: SignableRequest = {
  method: "POST",
  protocol: "https:",
  hostname: "api.example.com",
  path: "/things",
  query: [],
  headers: { "Content-Type": "application/json" },
  body: '{"a":1,"b":"ü"}',
};
const cases: Array<[string, SignableRequest, SigV4aSigningOptions]> = [
  ["GET with a query", get, { credentials: KEYS, regionSet: "*", service: "iot", date: DATE }],
  ["POST with a body", post, { credentials: KEYS, regionSet: ["us-east-1", "us-west-2"], service: "iot", date: DATE }],
  [
    "with a session token",
    post,
    { credentials: { ...KEYS, sessionToken: "session/token+=" }, regionSet: "eu-*", service: "iot", date: DATE },
  ],
  [
    "S3 with UNSIGNED-PAYLOAD",
    { ...get, path: "/bucket/key%20x", headers: { "x-amz-content-sha256": "UNSIGNED-PAYLOAD" }, body: "ignored" },
    { credentials: KEYS, regionSet: "*", service: "s3", date: DATE, signedBodyHeader: true },
  ],
  [
    "with x-amz-content-sha256 signed",
    post,
    {
      credentials: { accessKeyId: "AKIA-other", secretAccessKey: "s3cr3t" },
      regionSet: "*",
      service: "s3",
      date: DATE,
      signedBodyHeader: true,
    },
  ],
];

/** A fresh copy of the signers that cannot load node:crypto, as in a browser. */
async function webCryptoSigner(): Promise<SigV4aModule> {
  let blocked = false;
  vi.resetModules();
  vi.doMock("node:crypto", () => {
    blocked = true;
    throw new Error("node:crypto is not available here");
  });
  try {
    const fresh = await import("../generator/runtime/auth/sigv4a.js");
    // Each backend is chosen on first use, so sign once while node:crypto is blocked.
    await fresh.signRequestV4a(post, { credentials: KEYS, regionSet: "*", service: "iot" });
    expect(blocked).toBe(true);
    return fresh;
  } finally {
    vi.doUnmock("node:crypto");
    vi.resetModules();
  }
}

const backends: Array<[string, () => Promise<SigV4aModule>]> = [
  ["node:crypto", async () => ({ signRequestV4aWithSteps, signRequestV4a, deriveSigV4aKey })],
  ["WebCrypto", webCryptoSigner],
];

describe.each(backends)("sigv4a against @smithy/signature-v4a (%s)", (_label, load) => {
  let signer: SigV4aModule;
  beforeAll(async () => {
    signer = await load();
  });

  it.each(cases)("%s: same canonical request, string to sign and key; each verifies the other", async (_n, req, opts) => {
    const ours = await signer.signRequestV4aWithSteps(req, opts);
    const ref = await referenceSign(req, opts);
    expect(ours.canonicalRequest).toBe(ref.canonicalRequest);
    expect(ours.stringToSign).toBe(ref.stringToSign);
    const key = await signer.deriveSigV4aKey(opts.credentials);
    expect(hex(key.publicKey)).toBe(hex(ref.publicKey));
    // Everything before the signature is deterministic.
    const prefix = (a: string) => a.slice(0, a.indexOf("Signature="));
    expect(prefix(ours.authorization)).toBe(prefix(ref.authorization));
    expect(ours.request.headers["x-amz-region-set"]).toBe(ref.headers["x-amz-region-set"]);
    expect(verifies(ref.publicKey, ours.stringToSign, signatureOf(ours.authorization))).toBe(true);
    expect(verifies(key.publicKey, ref.stringToSign, signatureOf(ref.authorization))).toBe(true);
  });

  it("signs with the clock when no date is given", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    try {
      vi.setSystemTime(new Date(Date.UTC(2025, 5, 30, 23, 59, 59)));
      const { date: _, ...undated } = cases[0]![2];
      const ours = await signer.signRequestV4aWithSteps(get, undated);
      const ref = await referenceSign(get, undated);
      expect(ours.request.headers["x-amz-date"]).toBe("20250630T235959Z");
      expect(ours.stringToSign).toBe(ref.stringToSign);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe("sigv4a: signatures", () => {
  it.each(cases)("%s: verifies under the derived public key, with a fresh nonce each time", async (_n, req, opts) => {
    const key = await deriveSigV4aKey(opts.credentials);
    const first = await signRequestV4aWithSteps(req, opts);
    const second = await signRequestV4aWithSteps(req, opts);
    expect(second.stringToSign).toBe(first.stringToSign);
    expect(signatureOf(second.authorization)).not.toBe(signatureOf(first.authorization));
    for (const steps of [first, second]) {
      expect(verifies(key.publicKey, steps.stringToSign, signatureOf(steps.authorization))).toBe(true);
      expect(verifies(key.publicKey, `${steps.stringToSign}x`, signatureOf(steps.authorization))).toBe(false);
      expect(steps.request.headers["authorization"]).toBe(steps.authorization);
    }
  });

  it("uses the SigV4a algorithm, a scope without region, and signs X-Amz-Region-Set", async () => {
    const steps = await signRequestV4aWithSteps(
      { ...post, headers: { ...post.headers, "X-Amz-Region-Set": "caller-value" } },
      { credentials: { ...KEYS, sessionToken: "tok" }, regionSet: ["us-east-1", "eu-*"], service: "iot", date: DATE },
    );
    expect(steps.regionSet).toBe("us-east-1,eu-*");
    expect(steps.authorization).toMatch(
      /^AWS4-ECDSA-P256-SHA256 Credential=AKIDEXAMPLE\/20240102\/iot\/aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-region-set;x-amz-security-token, Signature=30[0-9a-f]+$/,
    );
    const lines = steps.stringToSign.split("\n");
    expect(lines.slice(0, 3)).toEqual([ALGORITHM, "20240102T030405Z", "20240102/iot/aws4_request"]);
    expect(lines[3]).toBe(createHash("sha256").update(steps.canonicalRequest).digest("hex"));
    expect(steps.canonicalRequest).toContain("\nx-amz-region-set:us-east-1,eu-*\n");
    // The caller's copy is replaced, whatever its case.
    expect(Object.keys(steps.request.headers).filter((n) => n.toLowerCase() === "x-amz-region-set")).toEqual(["x-amz-region-set"]);
    expect(steps.request.headers["x-amz-security-token"]).toBe("tok");
  });

  it("returns a copy and leaves the input as it was", async () => {
    const input = structuredClone(get);
    const signed = await signRequestV4a(input, cases[0]![2]);
    expect(input).toEqual(get);
    expect(signed.query).not.toBe(input.query);
    expect(signed.headers["authorization"]).toMatch(/^AWS4-ECDSA-P256-SHA256 /);
  });

  it("rejects an empty or malformed region set", async () => {
    const opts = cases[0]![2];
    await expect(signRequestV4a(get, { ...opts, regionSet: [] })).rejects.toThrow(/region set is empty/);
    await expect(signRequestV4a(get, { ...opts, regionSet: "" })).rejects.toThrow(/region set entry/);
    await expect(signRequestV4a(get, { ...opts, regionSet: "us-east-1,eu-west-1" })).rejects.toThrow(/region set entry/);
    await expect(signRequestV4a(get, { ...opts, regionSet: ["us-east-1 "] })).rejects.toThrow(/region set entry/);
  });
});

describe("sigv4a: key derivation", () => {
  it("derives the key the spec defines, for several key pairs", async () => {
    const pairs = [
      KEYS,
      { accessKeyId: "AKIA", secretAccessKey: "x" },
      { accessKeyId: "ASIA0123456789ABCDEF", secretAccessKey: "a/b+c=d".repeat(6) },
      { accessKeyId: "é-unicode-id", secretAccessKey: "sécret" },
    ];
    for (const pair of pairs) {
      const key = await deriveSigV4aKey(pair);
      expect(hex(key.publicKey)).toBe(hex(publicKeyOf(scalarBytes(specScalar(pair.accessKeyId, pair.secretAccessKey)))));
    }
  });

  it("takes the first candidate c <= n - 2 as d = c + 1 and moves the counter on otherwise", async () => {
    const asBytes = (v: bigint) => scalarBytes(v);
    const sequence = (values: bigint[]) => {
      const seen: number[] = [];
      return {
        seen,
        candidate: (counter: number) => {
          seen.push(counter);
          return asBytes(values[counter - 1]!);
        },
      };
    };
    const first = sequence([5n]);
    expect(await privateScalar(first.candidate)).toBe(6n);
    expect(first.seen).toEqual([1]);

    const boundary = sequence([N - 2n]);
    expect(await privateScalar(boundary.candidate)).toBe(N - 1n);

    const zero = sequence([0n]);
    expect(await privateScalar(zero.candidate)).toBe(1n);

    const rejected = sequence([N - 1n, N, 2n ** 256n - 1n, 41n]);
    expect(await privateScalar(rejected.candidate)).toBe(42n);
    expect(rejected.seen).toEqual([1, 2, 3, 4]);

    const asyncCandidates = await privateScalar(async (counter) => asBytes(counter < 3 ? N : 7n));
    expect(asyncCandidates).toBe(8n);
  });

  it("gives up after counter 254", async () => {
    const seen: number[] = [];
    await expect(
      privateScalar((counter) => {
        seen.push(counter);
        return scalarBytes(N - 1n);
      }),
    ).rejects.toThrow(/no usable signing key after 254/);
    expect(seen).toEqual(Array.from({ length: 254 }, (_, i) => i + 1));
  });

  it("computes P-256 public points as node:crypto does (the browser path's arithmetic)", () => {
    const scalars = [
      1n,
      2n,
      3n,
      N - 1n,
      N - 2n,
      2n ** 255n,
      ...Array.from({ length: 12 }, () => (BigInt(`0x${randomBytes(32).toString("hex")}`) % (N - 1n)) + 1n),
    ];
    for (const d of scalars) expect(hex(p256PublicKey(d)), d.toString(16)).toBe(hex(publicKeyOf(scalarBytes(d))));
    expect(() => p256PublicKey(0n)).toThrow(RangeError);
    expect(() => p256PublicKey(N)).toThrow(RangeError);
  });

  it("derives once per key pair and caches by access key id and secret", async () => {
    const a = deriveSigV4aKey({ accessKeyId: "AKID-cache", secretAccessKey: "one" });
    const [b, c, d] = await Promise.all([
      deriveSigV4aKey({ accessKeyId: "AKID-cache", secretAccessKey: "one", sessionToken: "t" } as never),
      deriveSigV4aKey({ accessKeyId: "AKID-cache", secretAccessKey: "two" }),
      deriveSigV4aKey({ accessKeyId: "AKID-cache2", secretAccessKey: "one" }),
    ]);
    expect(await a).toBe(b);
    expect(hex(c.publicKey)).not.toBe(hex(b.publicKey));
    expect(hex(d.publicKey)).not.toBe(hex(b.publicKey));
    expect(b).toBeInstanceOf(SigV4aKey);
  });

  it("signs concurrently with one key derivation shared safely", async () => {
    const credentials = { accessKeyId: "AKID-concurrent", secretAccessKey: "fresh" };
    const many = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        signRequestV4aWithSteps({ ...post, path: `/n/${i}` }, { credentials, regionSet: "*", service: "iot", date: DATE }),
      ),
    );
    const point = publicKeyOf(scalarBytes(specScalar(credentials.accessKeyId, credentials.secretAccessKey)));
    for (const steps of many) expect(verifies(point, steps.stringToSign, signatureOf(steps.authorization))).toBe(true);
  });
});

describe("sigv4a: secrets stay secret", () => {
  const secret = "S3cretAccessKeyThatMustNotLeak/0123456789+";
  const credentials = { accessKeyId: "AKID-leak", secretAccessKey: secret, sessionToken: "tok" };

  afterEach(() => {
    vi.restoreAllMocks();
  });

  /** The secret and the private scalar, in every encoding a leak would likely take. */
  function forbidden(): string[] {
    const d = scalarBytes(specScalar(credentials.accessKeyId, secret));
    return [secret, `AWS4A${secret}`, d.toString("hex"), d.toString("base64url"), d.toString("base64"), d.toString("hex").toUpperCase()];
  }

  function expectClean(text: string): void {
    for (const bad of forbidden()) expect(text).not.toContain(bad);
  }

  it("shows only the public key when the key or the steps are inspected or serialized", async () => {
    const key = await deriveSigV4aKey(credentials);
    const steps = await signRequestV4aWithSteps(post, { credentials, regionSet: "*", service: "iot", date: DATE });
    for (const value of [key, steps, { key, steps }]) {
      expectClean(inspect(value, { depth: Infinity, showHidden: true, getters: true }));
      expectClean(JSON.stringify(value));
      expectClean(String(value));
    }
    expect(inspect(key)).toContain(hex(key.publicKey));
    expect(JSON.stringify(key)).toBe(JSON.stringify({ accessKeyId: "AKID-leak", publicKey: hex(key.publicKey) }));
    expect(Object.keys(key).sort()).toEqual(["accessKeyId", "publicKey"]);
  });

  it("names no secret in errors", async () => {
    const errors: unknown[] = [];
    const attempt = async (f: () => Promise<unknown>) => {
      try {
        await f();
        errors.push(new Error(`did not throw: ${errors.length}`));
      } catch (e) {
        errors.push(e);
      }
    };
    await attempt(() => signRequestV4a(post, { credentials: { ...credentials, accessKeyId: "" }, regionSet: "*", service: "iot" }));
    await attempt(() => signRequestV4a(post, { credentials: { ...credentials, secretAccessKey: "" }, regionSet: "*", service: "iot" }));
    await attempt(() => signRequestV4a(post, { credentials, regionSet: [secret], service: "iot" }));
    await attempt(() => signRequestV4a(post, { credentials, regionSet: [], service: "iot" }));
    await attempt(() => signRequestV4a(post, { credentials, regionSet: "*", service: "iot", date: new Date(Number.NaN) }));
    // A failure inside the platform's crypto while the key is derived.
    await attempt(() => withFailingCrypto((fresh) => fresh.signRequestV4a(post, { credentials, regionSet: "*", service: "iot" })));
    expect(errors).toHaveLength(6);
    expect((errors[5] as Error).message).toBe("simulated platform failure");
    for (const error of errors) {
      expect(error).toBeInstanceOf(Error);
      expect((error as Error).message).not.toMatch(/did not throw/);
      expectClean(inspect(error, { depth: Infinity, showHidden: true }));
      expectClean(String((error as Error).stack));
      expectClean(JSON.stringify(error, Object.getOwnPropertyNames(error)));
    }
  });
});

/** Runs `f` on a fresh signer whose node:crypto fails while deriving the key. */
async function withFailingCrypto<T>(f: (fresh: SigV4aModule) => Promise<T>): Promise<T> {
  vi.resetModules();
  vi.doMock("node:crypto", async (importOriginal) => {
    const real = await importOriginal<typeof import("node:crypto")>();
    return {
      ...real,
      createECDH: () => {
        throw new Error("simulated platform failure");
      },
    };
  });
  try {
    // node:crypto is loaded on first use, so the call runs while the mock is in place.
    return await f(await import("../generator/runtime/auth/sigv4a.js"));
  } finally {
    vi.doUnmock("node:crypto");
    vi.resetModules();
  }
}
