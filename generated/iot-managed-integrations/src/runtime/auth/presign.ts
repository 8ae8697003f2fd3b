// svcgen 0.1.0 runtime: copied verbatim from generator/runtime/auth/presign.ts; do not edit.
// AWS Signature Version 4 in the query string: a presigned URL. The signature and its parameters
// (X-Amz-Algorithm, -Credential, -Date, -Expires, -SignedHeaders, -Security-Token, -Signature)
// travel in the URL, so whoever holds it can send the request until it expires, with no
// credentials of their own. Which headers are signed and which move into the query follows the
// AWS SDK v3's presigner: `x-amz-*` headers move to the query (S3 keeps its server-side
// encryption headers as headers), host and the remaining headers are signed, and the headers a
// proxy or browser may change are not.
import type { Credentials } from "./credentials.js";
import {
  amzDate,
  canonicalHeaderValue,
  canonicalPath,
  canonicalQuery,
  isDefaultPort,
  sha256Hex,
  signatureOf,
  uriEncode,
  type SignableRequest,
} from "./sigv4.js";

/** The longest a SigV4 presigned URL may live: seven days. */
export const MAX_PRESIGN_EXPIRES = 7 * 24 * 60 * 60;
/** The shortest: one second. */
export const MIN_PRESIGN_EXPIRES = 1;
export const UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD";
const ALGORITHM = "AWS4-HMAC-SHA256";

/** Headers never signed into a presigned URL: the platform, a proxy or a browser may set or change them. */
const NEVER_SIGNED = new Set([
  "authorization",
  "cache-control",
  "connection",
  "expect",
  "from",
  "keep-alive",
  "max-forwards",
  "pragma",
  "referer",
  "te",
  "trailer",
  "transfer-encoding",
  "upgrade",
  "user-agent",
  "x-amzn-trace-id",
]);

/** What a service's presigner does differently (S3's: runtime/protocols/s3.ts). */
export interface PresignRules {
  /** Sign `UNSIGNED-PAYLOAD` instead of the body's hash, and say so in X-Amz-Content-Sha256. */
  readonly unsignedPayload?: boolean;
  /** Further headers left unsigned (lower case): S3's presigner lets the sender choose content-type. */
  readonly unsignedHeaders?: readonly string[];
  /** `x-amz-*` headers starting with one of these stay headers (signed) instead of moving to the query. */
  readonly keepAsHeaders?: readonly string[];
}

export interface PresignRequestOptions {
  readonly credentials: Credentials;
  readonly region: string;
  /** The signing name. */
  readonly service: string;
  /** Seconds the URL stays valid, a whole number from 1 to 604800 (seven days). */
  readonly expiresIn: number;
  /** The signing time; now when absent. */
  readonly signingDate?: Date | undefined;
  readonly rules?: PresignRules | undefined;
}

/** A presigned request: the URL, and the headers its sender must send with exactly these values. */
export interface PresignedRequest {
  readonly method: string;
  readonly url: string;
  /** The signed headers other than host (lower-case names); empty for most GETs. */
  readonly headers: Readonly<Record<string, string>>;
  /** When the signature stops being accepted. */
  readonly expiresAt: Date;
}

/** Checks `expiresIn`: a whole number of seconds from 1 to 7 days; the error says the limit. */
export function checkExpiresIn(expiresIn: unknown): number {
  if (typeof expiresIn !== "number" || !Number.isInteger(expiresIn)) {
    throw new RangeError(`expiresIn must be a whole number of seconds from ${MIN_PRESIGN_EXPIRES} to ${MAX_PRESIGN_EXPIRES}`);
  }
  if (expiresIn < MIN_PRESIGN_EXPIRES) {
    throw new RangeError(`expiresIn is ${expiresIn} s: a presigned URL must stay valid at least ${MIN_PRESIGN_EXPIRES} second`);
  }
  if (expiresIn > MAX_PRESIGN_EXPIRES) {
    throw new RangeError(
      `expiresIn is ${expiresIn} s: SigV4 presigned URLs expire within seven days (${MAX_PRESIGN_EXPIRES} seconds) at most`,
    );
  }
  return expiresIn;
}

function isUnsigned(name: string, rules: PresignRules | undefined): boolean {
  return NEVER_SIGNED.has(name) || name.startsWith("proxy-") || name.startsWith("sec-") || rules?.unsignedHeaders?.includes(name) === true;
}

function hoisted(name: string, rules: PresignRules | undefined): boolean {
  return name.startsWith("x-amz-") && rules?.keepAsHeaders?.some((prefix) => name.startsWith(prefix)) !== true;
}

/**
 * Presigns `req` (its path already percent-encoded, its query raw). The URL's query is the
 * request's own, the hoisted headers and the signature's parameters, sorted by key as the AWS SDK
 * v3 writes them, so the same request gives the same URL.
 */
export async function presignRequest(req: SignableRequest, opts: PresignRequestOptions): Promise<PresignedRequest> {
  const expiresIn = checkExpiresIn(opts.expiresIn);
  const { credentials, region, service, rules } = opts;
  const date = opts.signingDate ?? new Date();
  if (Number.isNaN(date.getTime())) throw new RangeError("signingDate is not a valid date");
  const datetime = amzDate(date);
  const day = datetime.slice(0, 8);
  const scope = `${day}/${region}/${service}/aws4_request`;

  const query: Array<[string, string]> = [...req.query];
  const kept = new Map<string, string>();
  const names = Object.keys(req.headers);
  // The signature's own query parameters and host are the signer's: a caller's copy is dropped.
  const owned = new Set(["host", "x-amz-date", "x-amz-security-token", "x-amz-content-sha256", "authorization"]);
  for (const name of names) {
    const lower = name.toLowerCase();
    if (owned.has(lower)) continue;
    const value = req.headers[name]!;
    if (hoisted(lower, rules)) query.push([lower, value]);
    else if (!isUnsigned(lower, rules)) kept.set(lower, kept.has(lower) ? `${kept.get(lower)!},${value}` : value);
  }
  const given = names.find((n) => n.toLowerCase() === "x-amz-content-sha256");
  let payloadHash: string;
  if (rules?.unsignedPayload === true) {
    query.push(["X-Amz-Content-Sha256", UNSIGNED_PAYLOAD]);
    payloadHash = UNSIGNED_PAYLOAD;
  } else if (given !== undefined) {
    payloadHash = req.headers[given]!;
  } else {
    payloadHash = await sha256Hex(req.body ?? "");
  }
  kept.set("host", isDefaultPort(req.protocol, req.port) ? req.hostname : `${req.hostname}:${req.port}`);

  const signedNames = [...kept.keys()].sort();
  const signedHeaders = signedNames.join(";");
  if (credentials.sessionToken !== undefined) query.push(["X-Amz-Security-Token", credentials.sessionToken]);
  query.push(
    ["X-Amz-Algorithm", ALGORITHM],
    ["X-Amz-Credential", `${credentials.accessKeyId}/${scope}`],
    ["X-Amz-Date", datetime],
    ["X-Amz-Expires", String(expiresIn)],
    ["X-Amz-SignedHeaders", signedHeaders],
  );
  let canonicalHeaders = "";
  for (const name of signedNames) canonicalHeaders += `${name}:${canonicalHeaderValue(kept.get(name)!)}\n`;
  const normalize = service !== "s3" && !service.startsWith("s3-") && service !== "s3express";
  const canonicalRequest = [
    req.method.toUpperCase(),
    canonicalPath(req.path, normalize),
    canonicalQuery(query),
    canonicalHeaders,
    signedHeaders,
    payloadHash,
  ].join("\n");
  const stringToSign = `${ALGORITHM}\n${datetime}\n${scope}\n${await sha256Hex(canonicalRequest)}`;
  const signature = await signatureOf(credentials.secretAccessKey, day, region, service, stringToSign);
  query.push(["X-Amz-Signature", signature]);

  // fromEntries makes own properties whatever the name (`__proto__` included).
  const headers: Record<string, string> = Object.fromEntries(signedNames.filter((n) => n !== "host").map((n) => [n, kept.get(n)!]));
  const port = isDefaultPort(req.protocol, req.port) ? "" : `:${req.port}`;
  // Keys in code-unit order, as the AWS SDK v3 formats a presigned URL (stable: a repeated key keeps its values' order).
  const ordered = [...query].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const search = ordered.map(([key, value]) => `${uriEncode(key)}=${uriEncode(value)}`).join("&");
  return {
    method: req.method.toUpperCase(),
    url: `${req.protocol}//${req.hostname}${port}${req.path === "" ? "/" : req.path}?${search}`,
    headers,
    expiresAt: new Date(Math.floor(date.getTime() / 1000) * 1000 + expiresIn * 1000),
  };
}
