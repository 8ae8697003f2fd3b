// svcgen 0.1.0 runtime: copied verbatim from generator/runtime/auth/sigv4.ts; do not edit.
// AWS Signature Version 4 (header form), with no dependency. Hashing uses node:crypto on Node
// (measured ~35 µs per WebCrypto call there against ~2 µs) and WebCrypto elsewhere. Static pieces
// (hex table, empty-body hash, signing keys) are computed once.
import { chooseBackend } from "./backend.js";
import type { Credentials } from "./credentials.js";

export interface SignableRequest {
  method: string;
  protocol: "https:" | "http:";
  hostname: string;
  /** Left out of the Host header when it is the protocol's default. */
  port?: number | undefined;
  /** The path exactly as sent on the wire (already percent-encoded). */
  path: string;
  /** Raw (not encoded) key/value pairs, in order; a key may repeat. */
  query: Array<[string, string]>;
  /** Names in any case. The signer sets host, x-amz-date, authorization and, when needed, x-amz-security-token and x-amz-content-sha256. */
  headers: Record<string, string>;
  body?: string | Uint8Array | undefined;
}

export interface SigningOptions {
  credentials: Credentials;
  region: string;
  /** The signing name (the model's signingName). */
  service: string;
  /** The signing time; now when absent. */
  date?: Date;
  /**
   * Sign a normalised, percent-encoded-again form of the path, as every service but S3 expects.
   * Default: true unless `service` is "s3"; false signs the wire path exactly as sent.
   */
  normalizePath?: boolean;
  /** Also send (and sign) the payload hash as x-amz-content-sha256. */
  signedBodyHeader?: boolean;
}

/** Every intermediate string of one signature, for tests and for debugging a rejected request. */
export interface SigningSteps {
  readonly canonicalRequest: string;
  readonly stringToSign: string;
  readonly authorization: string;
  readonly request: SignableRequest;
}

const ALGORITHM = "AWS4-HMAC-SHA256";
const EMPTY_BODY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
const HMAC_SHA256 = { name: "HMAC", hash: "SHA-256" } as const;

/** Headers the signer owns: a caller's copy (in any case) is replaced. */
const OWNED = new Set(["host", "x-amz-date", "x-amz-security-token", "authorization"]);
/** Headers that proxies or the platform may rewrite; signing them would break the signature. */
const UNSIGNED = new Set([
  "connection",
  "expect",
  "keep-alive",
  "proxy-authorization",
  "te",
  "trailer",
  "transfer-encoding",
  "upgrade",
  "user-agent",
  "x-amzn-trace-id",
]);

const encoder = new TextEncoder();
const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));

function toHex(buffer: ArrayBuffer): string {
  const bytes = new Uint8Array(buffer);
  let out = "";
  for (let i = 0; i < bytes.length; i++) out += HEX[bytes[i]!];
  return out;
}

/** HMAC-SHA256 of a string under one fixed key, as lowercase hex. */
type KeyedSigner = (data: string) => string | Promise<string>;

/** The two primitives SigV4 needs; each platform's fastest form. */
interface Backend {
  sha256Hex(data: string | Uint8Array): string | Promise<string>;
  hmac(key: Uint8Array, data: string): Uint8Array | Promise<Uint8Array>;
  keyedSigner(key: Uint8Array): KeyedSigner | Promise<KeyedSigner>;
}

type NodeCrypto = Pick<typeof import("node:crypto"), "createHash" | "createHmac">;

function nodeBackend(c: NodeCrypto): Backend {
  return {
    sha256Hex: (data) => c.createHash("sha256").update(data).digest("hex"),
    hmac: (key, data) => c.createHmac("sha256", key).update(data).digest(),
    keyedSigner: (key) => (data) => c.createHmac("sha256", key).update(data).digest("hex"),
  };
}

function importHmacKey(key: Uint8Array): Promise<CryptoKey> {
  // Keys here are always ArrayBuffer-backed (TextEncoder or HMAC output).
  return crypto.subtle.importKey("raw", key as Uint8Array<ArrayBuffer>, HMAC_SHA256, false, ["sign"]);
}

const webBackend: Backend = {
  async sha256Hex(data) {
    // Bodies are ArrayBuffer-backed in practice; WebCrypto does not take shared memory anyway.
    const bytes = typeof data === "string" ? encoder.encode(data) : (data as Uint8Array<ArrayBuffer>);
    return toHex(await crypto.subtle.digest("SHA-256", bytes));
  },
  async hmac(key, data) {
    return new Uint8Array(await crypto.subtle.sign("HMAC", await importHmacKey(key), encoder.encode(data)));
  },
  async keyedSigner(key) {
    const cryptoKey = await importHmacKey(key);
    return async (data) => toHex(await crypto.subtle.sign("HMAC", cryptoKey, encoder.encode(data)));
  },
};

const backends = chooseBackend<Backend>((c) => (typeof c.createHash === "function" ? nodeBackend(c) : undefined), webBackend);

async function payloadSha256(body: string | Uint8Array, b: Backend): Promise<string> {
  return (typeof body === "string" ? body.length : body.byteLength) === 0 ? EMPTY_BODY_SHA256 : b.sha256Hex(body);
}

// Keyed by secret, day, region and service; the key changes daily, so the cache stays tiny.
const signingKeys = new Map<string, Promise<KeyedSigner>>();
const SIGNING_KEY_CACHE_SIZE = 32;

function signingKey(b: Backend, secret: string, day: string, region: string, service: string): Promise<KeyedSigner> {
  const cacheKey = `${secret}\n${day}\n${region}\n${service}`;
  let key = signingKeys.get(cacheKey);
  if (key === undefined) {
    key = deriveSigningKey(b, secret, day, region, service);
    if (signingKeys.size >= SIGNING_KEY_CACHE_SIZE) signingKeys.clear();
    signingKeys.set(cacheKey, key);
    key.catch(() => signingKeys.delete(cacheKey));
  }
  return key;
}

async function deriveSigningKey(b: Backend, secret: string, day: string, region: string, service: string): Promise<KeyedSigner> {
  const kDate = await b.hmac(encoder.encode(`AWS4${secret}`), day);
  const kRegion = await b.hmac(kDate, region);
  const kService = await b.hmac(kRegion, service);
  return b.keyedSigner(await b.hmac(kService, "aws4_request"));
}

/** RFC 3986 percent-encoding: everything but unreserved characters (encodeURIComponent spares !'()*). */
export function uriEncode(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

export function canonicalPath(path: string, normalize: boolean): string {
  if (!normalize) return path === "" ? "/" : path;
  const segments: string[] = [];
  for (const segment of path.split("/")) {
    if (segment === "" || segment === ".") continue;
    if (segment === "..") segments.pop();
    else segments.push(uriEncode(segment));
  }
  if (segments.length === 0) return "/";
  return `/${segments.join("/")}${path.endsWith("/") ? "/" : ""}`;
}

export function canonicalQuery(query: ReadonlyArray<readonly [string, string]>): string {
  if (query.length === 0) return "";
  const pairs = query.map(([key, value]): [string, string] => [uriEncode(key), uriEncode(value)]);
  // Code-unit order equals byte order here: encoded strings are ASCII.
  pairs.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));
  return pairs.map(([key, value]) => `${key}=${value}`).join("&");
}

/** Trim, and collapse each run of spaces and tabs to one space. */
export function canonicalHeaderValue(value: string): string {
  return value.replace(/[ \t]+/g, " ").replace(/^ | $/g, "");
}

export function isDefaultPort(protocol: string, port: number | undefined): boolean {
  return port === undefined || (protocol === "https:" ? port === 443 : port === 80);
}

export function amzDate(date: Date): string {
  return date.toISOString().replace(/[-:]|\.\d{3}/g, "");
}

/** What the canonical request depends on besides the request itself (SigV4a has no region). */
export type CanonicalRequestOptions = Omit<SigningOptions, "region">;

/** The canonical request of one signature and the headers it covers; SigV4a (sigv4a.ts) builds on it. */
export interface CanonicalForm {
  /** The signing time as X-Amz-Date writes it, and its day. */
  readonly datetime: string;
  readonly day: string;
  /** The headers to send: the caller's, less those the signer owns, plus the signer's. */
  readonly headers: Record<string, string>;
  readonly canonicalRequest: string;
  readonly signedHeaders: string;
  readonly canonicalRequestSha256: string;
}

/**
 * Builds the canonical request of `req`. `signerHeaders` (lower-case names) are further headers
 * the signer owns and signs, such as SigV4a's x-amz-region-set: a caller's copy is replaced.
 */
export async function canonicalForm(
  req: SignableRequest,
  opts: CanonicalRequestOptions,
  signerHeaders: Readonly<Record<string, string>> = {},
): Promise<CanonicalForm> {
  const { credentials, service } = opts;
  const b = backends.current() ?? (await backends.load());
  const datetime = amzDate(opts.date ?? new Date());
  const day = datetime.slice(0, 8);
  const normalize = opts.normalizePath ?? service !== "s3";

  const headers: Record<string, string> = {};
  // A caller's x-amz-content-sha256 (e.g. UNSIGNED-PAYLOAD) stands for the body hash.
  let givenHash: string | undefined;
  for (const name of Object.keys(req.headers)) {
    const lower = name.toLowerCase();
    if (OWNED.has(lower) || Object.hasOwn(signerHeaders, lower)) continue;
    if (lower === "x-amz-content-sha256") givenHash = req.headers[name];
    headers[name] = req.headers[name]!;
  }
  const payloadHash = givenHash ?? (req.body === undefined ? EMPTY_BODY_SHA256 : await payloadSha256(req.body, b));

  headers["host"] = isDefaultPort(req.protocol, req.port) ? req.hostname : `${req.hostname}:${req.port}`;
  headers["x-amz-date"] = datetime;
  for (const name of Object.keys(signerHeaders)) headers[name] = signerHeaders[name]!;
  if (credentials.sessionToken !== undefined) headers["x-amz-security-token"] = credentials.sessionToken;
  if (opts.signedBodyHeader === true && givenHash === undefined) headers["x-amz-content-sha256"] = payloadHash;

  // Names that differ only in case are one header; their values join with commas.
  const canonical = new Map<string, string>();
  for (const name of Object.keys(headers)) {
    const lower = name.toLowerCase();
    if (UNSIGNED.has(lower)) continue;
    const value = canonicalHeaderValue(headers[name]!);
    const previous = canonical.get(lower);
    canonical.set(lower, previous === undefined ? value : `${previous},${value}`);
  }
  const names = [...canonical.keys()].sort();
  const signedHeaders = names.join(";");
  let canonicalHeaders = "";
  for (const name of names) canonicalHeaders += `${name}:${canonical.get(name)!}\n`;

  const canonicalRequest = [
    req.method.toUpperCase(),
    canonicalPath(req.path, normalize),
    canonicalQuery(req.query),
    canonicalHeaders,
    signedHeaders,
    payloadHash,
  ].join("\n");
  const canonicalRequestSha256 = await b.sha256Hex(canonicalRequest);
  return { datetime, day, headers, canonicalRequest, signedHeaders, canonicalRequestSha256 };
}

/** The lowercase hex SHA-256 of `data` (the presigner's canonical request and payload hashes). */
export async function sha256Hex(data: string | Uint8Array): Promise<string> {
  const b = backends.current() ?? (await backends.load());
  return data.length === 0 ? EMPTY_BODY_SHA256 : b.sha256Hex(data);
}

/** The SigV4 signature of `stringToSign` under the key of one day, region and service. */
export async function signatureOf(secret: string, day: string, region: string, service: string, stringToSign: string): Promise<string> {
  const b = backends.current() ?? (await backends.load());
  return (await signingKey(b, secret, day, region, service))(stringToSign);
}

/** Signs `req` and returns every intermediate string along with the signed request. */
export async function signRequestWithSteps(req: SignableRequest, opts: SigningOptions): Promise<SigningSteps> {
  const { credentials, region, service } = opts;
  const { datetime, day, headers, canonicalRequest, signedHeaders, canonicalRequestSha256 } = await canonicalForm(req, opts);
  const b = backends.current() ?? (await backends.load());
  const scope = `${day}/${region}/${service}/aws4_request`;
  const stringToSign = `${ALGORITHM}\n${datetime}\n${scope}\n${canonicalRequestSha256}`;
  const signer = await signingKey(b, credentials.secretAccessKey, day, region, service);
  const signature = await signer(stringToSign);
  const authorization = `${ALGORITHM} Credential=${credentials.accessKeyId}/${scope}, SignedHeaders=${signedHeaders}, Signature=${signature}`;
  headers["authorization"] = authorization;

  return { canonicalRequest, stringToSign, authorization, request: { ...req, query: [...req.query], headers } };
}

/** Returns a copy of `req` with the signature headers added; `req` is not changed. */
export async function signRequest(req: SignableRequest, opts: SigningOptions): Promise<SignableRequest> {
  return (await signRequestWithSteps(req, opts)).request;
}
