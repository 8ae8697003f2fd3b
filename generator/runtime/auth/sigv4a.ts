// AWS Signature Version 4a (asymmetric: ECDSA P-256 with SHA-256, valid for a set of regions), with
// no dependency. The canonical request is SigV4's own (sigv4.ts); what differs is the scope (no
// region), the signed X-Amz-Region-Set header and the key: an ECDSA P-256 key derived from the
// secret access key with the NIST SP 800-108 counter-mode KDF (HMAC-SHA256), once per key pair.
// Node signs with node:crypto; elsewhere WebCrypto signs, and the public point that WebCrypto's
// JWK import needs is computed here with BigInt arithmetic (p256PublicKey below).
import { chooseBackend } from "./backend.js";
import type { Credentials } from "./credentials.js";
import { canonicalForm, type CanonicalRequestOptions, type SignableRequest, type SigningSteps } from "./sigv4.js";

export interface SigV4aSigningOptions extends CanonicalRequestOptions {
  /**
   * The regions the signature is good for, sent and signed as X-Amz-Region-Set: "*" for every
   * region, or names and patterns such as "us-east-1" or "eu-*". An array is joined with commas.
   */
  regionSet: string | readonly string[];
}

/** Every intermediate string of one SigV4a signature; the signature itself is randomized. */
export interface SigV4aSigningSteps extends SigningSteps {
  /** The X-Amz-Region-Set value signed. */
  readonly regionSet: string;
}

export const SIGV4A_ALGORITHM = "AWS4-ECDSA-P256-SHA256";
const REGION_SET_HEADER = "x-amz-region-set";

// P-256 (FIPS 186-4, D.1.2.3 / SEC 2): field prime, curve coefficient b, base point, group order.
const P = 0xffffffff00000001000000000000000000000000ffffffffffffffffffffffffn;
const B = 0x5ac635d8aa3a93e7b3ebbd55769886bc651d06b0cc53b0f63bce3c3e27d2604bn;
const GX = 0x6b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296n;
const GY = 0x4fe342e2fe1a7f9b8ee7eb4a7c0f9e162bce33576b315ececbb6406837bf51f5n;
const N = 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n;

/** The KDF's counter goes from 1 up to this; a candidate is rejected with probability ~2^-32. */
const MAX_KDF_COUNTER = 254;

const encoder = new TextEncoder();
const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));

function toHex(bytes: Uint8Array): string {
  let out = "";
  for (let i = 0; i < bytes.length; i++) out += HEX[bytes[i]!];
  return out;
}

function toBigInt(bytes: Uint8Array): bigint {
  return bytes.length === 0 ? 0n : BigInt(`0x${toHex(bytes)}`);
}

/** Big-endian, left-padded to 32 bytes. */
function to32Bytes(value: bigint): Uint8Array<ArrayBuffer> {
  const hex = value.toString(16).padStart(64, "0");
  const out = new Uint8Array(32);
  for (let i = 0; i < 32; i++) out[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return out;
}

function base64Url(bytes: Uint8Array): string {
  let binary = "";
  for (let i = 0; i < bytes.length; i++) binary += String.fromCharCode(bytes[i]!);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function concat(...parts: Uint8Array[]): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(parts.reduce((sum, p) => sum + p.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/**
 * The KDF's fixed input for one try (SP 800-108 counter mode, one 256-bit block):
 * [i = 1]₃₂ ‖ label ‖ 0x00 ‖ context ‖ [L = 256]₃₂, context being the access key id and the counter byte.
 */
function kdfInput(accessKeyId: string, counter: number): Uint8Array<ArrayBuffer> {
  return concat(
    Uint8Array.of(0, 0, 0, 1),
    encoder.encode(SIGV4A_ALGORITHM),
    Uint8Array.of(0),
    encoder.encode(accessKeyId),
    Uint8Array.of(counter),
    Uint8Array.of(0, 0, 1, 0),
  );
}

/**
 * The private scalar from the KDF's candidates: the first candidate c (big-endian, counter from 1)
 * with c <= n - 2 gives d = c + 1, so 1 <= d <= n - 1. `candidate(counter)` is the KDF output.
 */
export async function privateScalar(candidate: (counter: number) => Uint8Array | Promise<Uint8Array>): Promise<bigint> {
  for (let counter = 1; counter <= MAX_KDF_COUNTER; counter++) {
    const c = toBigInt(await candidate(counter));
    if (c <= N - 2n) return c + 1n;
  }
  throw new Error(`SigV4a: no usable signing key after ${MAX_KDF_COUNTER} KDF rounds`);
}

// ---- P-256 point arithmetic, for the browser path only (WebCrypto's JWK import needs x and y). ----

type Point = readonly [x: bigint, y: bigint] | null; // null is the point at infinity

function modP(a: bigint): bigint {
  const r = a % P;
  return r < 0n ? r + P : r;
}

function invertModP(a: bigint): bigint {
  let [oldR, r] = [modP(a), P];
  let [oldS, s] = [1n, 0n];
  while (r !== 0n) {
    const q = oldR / r;
    [oldR, r] = [r, oldR - q * r];
    [oldS, s] = [s, oldS - q * s];
  }
  return modP(oldS);
}

function addPoints(p1: Point, p2: Point): Point {
  if (p1 === null) return p2;
  if (p2 === null) return p1;
  const [x1, y1] = p1;
  const [x2, y2] = p2;
  let slope: bigint;
  if (x1 === x2) {
    if (modP(y1 + y2) === 0n) return null;
    slope = modP((3n * x1 * x1 - 3n) * invertModP(2n * y1)); // a = -3
  } else {
    slope = modP((y2 - y1) * invertModP(x2 - x1));
  }
  const x3 = modP(slope * slope - x1 - x2);
  return [x3, modP(slope * (x1 - x3) - y1)];
}

/**
 * d·G on P-256 as an uncompressed SEC1 point (0x04 ‖ x ‖ y). A Montgomery ladder, so every bit costs
 * one addition and one doubling; BigInt arithmetic is not constant-time, but it runs once per
 * credential, on the caller's own machine.
 */
export function p256PublicKey(d: bigint): Uint8Array {
  if (d < 1n || d >= N) throw new RangeError("SigV4a: private scalar out of range");
  let r0: Point = null;
  let r1: Point = [GX, GY];
  for (let bit = 255; bit >= 0; bit--) {
    if ((d >> BigInt(bit)) & 1n) {
      r0 = addPoints(r0, r1);
      r1 = addPoints(r1, r1);
    } else {
      r1 = addPoints(r0, r1);
      r0 = addPoints(r0, r0);
    }
  }
  const [x, y] = r0!;
  // A computation error must never produce a key: check y² = x³ - 3x + b.
  if (modP(y * y) !== modP(x * x * x - 3n * x + B)) throw new Error("SigV4a: public key is not on the curve");
  return concat(Uint8Array.of(4), to32Bytes(x), to32Bytes(y));
}

/** IEEE P1363 (r ‖ s, as WebCrypto returns it) to DER: SEQUENCE { INTEGER r, INTEGER s }. */
function p1363ToDer(signature: Uint8Array): Uint8Array {
  const integer = (bytes: Uint8Array): Uint8Array => {
    let start = 0;
    while (start < bytes.length - 1 && bytes[start] === 0) start++;
    const trimmed = bytes.subarray(start);
    const body = trimmed[0]! & 0x80 ? concat(Uint8Array.of(0), trimmed) : trimmed;
    return concat(Uint8Array.of(0x02, body.length), body);
  };
  const half = signature.length / 2;
  const content = concat(integer(signature.subarray(0, half)), integer(signature.subarray(half)));
  return concat(Uint8Array.of(0x30, content.length), content);
}

// ---- Platforms ----

/** Signs bytes with one private key; returns the DER signature. */
type EcSigner = (data: Uint8Array<ArrayBuffer>) => Uint8Array | Promise<Uint8Array>;

interface Backend {
  hmac(key: Uint8Array<ArrayBuffer>, data: Uint8Array<ArrayBuffer>): Uint8Array | Promise<Uint8Array>;
  /** The public point of `d` (uncompressed SEC1) and a signer holding the private key. */
  ecKey(d: bigint): Promise<{ publicKey: Uint8Array; sign: EcSigner }>;
}

type NodeCrypto = Pick<typeof import("node:crypto"), "createHmac" | "createECDH" | "createPrivateKey" | "sign">;

/** A private EC JWK; a type alias (not DOM's JsonWebKey) so node:crypto's JWK type takes it too. */
type EcJwk = { kty: "EC"; crv: "P-256"; d: string; x: string; y: string };

function jwk(d: Uint8Array, publicKey: Uint8Array): EcJwk {
  return {
    kty: "EC",
    crv: "P-256",
    d: base64Url(d),
    x: base64Url(publicKey.subarray(1, 33)),
    y: base64Url(publicKey.subarray(33, 65)),
  };
}

function nodeBackend(c: NodeCrypto): Backend {
  return {
    hmac: (key, data) => c.createHmac("sha256", key).update(data).digest(),
    async ecKey(d) {
      const dBytes = to32Bytes(d);
      const ecdh = c.createECDH("prime256v1");
      ecdh.setPrivateKey(dBytes);
      const publicKey = new Uint8Array(ecdh.getPublicKey());
      const key = c.createPrivateKey({ key: jwk(dBytes, publicKey), format: "jwk" });
      dBytes.fill(0);
      return { publicKey, sign: (data) => c.sign("sha256", data, { key, dsaEncoding: "der" }) };
    },
  };
}

const ECDSA_P256 = { name: "ECDSA", namedCurve: "P-256" } as const;
const ECDSA_SHA256 = { name: "ECDSA", hash: "SHA-256" } as const;

const webBackend: Backend = {
  async hmac(key, data) {
    const hmacKey = await crypto.subtle.importKey("raw", key, { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
    return new Uint8Array(await crypto.subtle.sign("HMAC", hmacKey, data));
  },
  async ecKey(d) {
    const dBytes = to32Bytes(d);
    const publicKey = p256PublicKey(d);
    const key = await crypto.subtle.importKey("jwk", jwk(dBytes, publicKey), ECDSA_P256, false, ["sign"]);
    dBytes.fill(0);
    return {
      publicKey,
      sign: async (data) => p1363ToDer(new Uint8Array(await crypto.subtle.sign(ECDSA_SHA256, key, data))),
    };
  },
};

const backends = chooseBackend<Backend>((c) => (typeof c.createECDH === "function" ? nodeBackend(c) : undefined), webBackend);

// ---- Keys ----

const INSPECT = Symbol.for("nodejs.util.inspect.custom");

/**
 * A derived SigV4a key. Only the public half can be read: the private key stays inside the
 * platform's key object, and neither logging nor JSON shows more than the public point.
 */
export class SigV4aKey {
  readonly accessKeyId: string;
  /** The public point, uncompressed SEC1 (0x04 ‖ x ‖ y, 65 bytes). */
  readonly publicKey: Uint8Array;
  readonly #sign: EcSigner;

  constructor(accessKeyId: string, publicKey: Uint8Array, sign: EcSigner) {
    this.accessKeyId = accessKeyId;
    this.publicKey = publicKey;
    this.#sign = sign;
  }

  /** The hex DER ECDSA signature (SHA-256) of `stringToSign`; a fresh random nonce each time. */
  async sign(stringToSign: string): Promise<string> {
    return toHex(await this.#sign(encoder.encode(stringToSign)));
  }

  toJSON(): { accessKeyId: string; publicKey: string } {
    return { accessKeyId: this.accessKeyId, publicKey: toHex(this.publicKey) };
  }

  [INSPECT](): string {
    return `SigV4aKey { accessKeyId: ${JSON.stringify(this.accessKeyId)}, publicKey: ${toHex(this.publicKey)} }`;
  }
}

// Keyed by access key id and secret; the key never changes for a pair, so entries only age out.
const keys = new Map<string, Promise<SigV4aKey>>();
const KEY_CACHE_SIZE = 32;

function checkCredentials(credentials: Pick<Credentials, "accessKeyId" | "secretAccessKey">): void {
  // The messages name the field, never its value.
  if (typeof credentials.accessKeyId !== "string" || credentials.accessKeyId === "") {
    throw new TypeError("SigV4a: credentials have no accessKeyId");
  }
  if (typeof credentials.secretAccessKey !== "string" || credentials.secretAccessKey === "") {
    throw new TypeError("SigV4a: credentials have no secretAccessKey");
  }
}

async function deriveKey(accessKeyId: string, secretAccessKey: string): Promise<SigV4aKey> {
  const b = backends.current() ?? (await backends.load());
  const inputKey = encoder.encode(`AWS4A${secretAccessKey}`);
  const d = await privateScalar((counter) => b.hmac(inputKey, kdfInput(accessKeyId, counter)));
  inputKey.fill(0);
  const { publicKey, sign } = await b.ecKey(d);
  return new SigV4aKey(accessKeyId, publicKey, sign);
}

/** The SigV4a key of an access key pair, derived once and then cached (it depends on nothing else). */
export function deriveSigV4aKey(credentials: Pick<Credentials, "accessKeyId" | "secretAccessKey">): Promise<SigV4aKey> {
  checkCredentials(credentials);
  const { accessKeyId, secretAccessKey } = credentials;
  const cacheKey = `${accessKeyId}\n${secretAccessKey}`;
  let key = keys.get(cacheKey);
  if (key === undefined) {
    key = deriveKey(accessKeyId, secretAccessKey);
    if (keys.size >= KEY_CACHE_SIZE) keys.clear();
    keys.set(cacheKey, key);
    key.catch(() => keys.delete(cacheKey));
  }
  return key;
}

function regionSetValue(regionSet: string | readonly string[]): string {
  const regions = typeof regionSet === "string" ? [regionSet] : [...regionSet];
  if (regions.length === 0) throw new RangeError("SigV4a: the region set is empty");
  regions.forEach((region, i) => {
    // The value is not echoed: a misplaced argument (a key, a token) must not end up in a log.
    if (typeof region !== "string" || !/^[A-Za-z0-9*-]+$/.test(region)) {
      throw new RangeError(`SigV4a: region set entry ${i} is not a region name or pattern`);
    }
  });
  return regions.join(",");
}

// ---- Signing ----

/** Signs `req` with SigV4a and returns every intermediate string along with the signed request. */
export async function signRequestV4aWithSteps(req: SignableRequest, opts: SigV4aSigningOptions): Promise<SigV4aSigningSteps> {
  const { credentials, service } = opts;
  const regionSet = regionSetValue(opts.regionSet);
  const keyPromise = deriveSigV4aKey(credentials);
  const { datetime, day, headers, canonicalRequest, signedHeaders, canonicalRequestSha256 } = await canonicalForm(req, opts, {
    [REGION_SET_HEADER]: regionSet,
  });
  const scope = `${day}/${service}/aws4_request`;
  const stringToSign = `${SIGV4A_ALGORITHM}\n${datetime}\n${scope}\n${canonicalRequestSha256}`;
  const signature = await (await keyPromise).sign(stringToSign);
  const authorization = `${SIGV4A_ALGORITHM} Credential=${credentials.accessKeyId}/${scope}, SignedHeaders=${signedHeaders}, Signature=${signature}`;
  headers["authorization"] = authorization;

  return {
    canonicalRequest,
    stringToSign,
    authorization,
    regionSet,
    request: { ...req, query: [...req.query], headers },
  };
}

/** Returns a copy of `req` with the SigV4a signature headers added; `req` is not changed. */
export async function signRequestV4a(req: SignableRequest, opts: SigV4aSigningOptions): Promise<SignableRequest> {
  return (await signRequestV4aWithSteps(req, opts)).request;
}
