// svcgen 0.1.0 runtime: copied verbatim from generator/runtime/auth/scheme.ts; do not edit.
// The signing seam: which signer a call uses, chosen from the endpoint's `authSchemes` (the first
// one this runtime knows, in the endpoint's order), and signing with it. SigV4a is loaded only by
// a client whose endpoint asks for it: its elliptic-curve code stays out of other bundles.
import { UnsupportedOperationError } from "../errors.js";
import type { Credentials } from "./credentials.js";
import { signRequest, type SignableRequest } from "./sigv4.js";

/** The signer's name and region an endpoint asks for; `signingRegionSet` set means SigV4a. */
export interface AuthScheme {
  readonly signingName: string | undefined;
  readonly signingRegion: string | undefined;
  readonly signingRegionSet: readonly string[] | undefined;
}

/** The auth schemes this client signs with, as endpoint rules name them. */
const SIGNERS = new Set(["sigv4", "sigv4a"]);

/**
 * The scheme of an endpoint's `authSchemes` property; undefined when it names none (the service's
 * SigV4 defaults apply). Throws UnsupportedOperationError when it names only schemes this client
 * cannot sign with.
 */
export function authSchemeOf(schemes: unknown, operation: string): AuthScheme | undefined {
  if (!Array.isArray(schemes) || schemes.length === 0) return undefined;
  const scheme = schemes.find(
    (s): s is Record<string, unknown> => typeof s === "object" && s !== null && SIGNERS.has(String((s as { name?: unknown }).name)),
  );
  if (scheme === undefined) {
    const names = schemes.map((s) => String((s as { name?: unknown } | null)?.name)).join(", ");
    throw new UnsupportedOperationError(
      `${operation}: the endpoint requires signing with ${names}, which this client does not support; nothing was sent`,
    );
  }
  let signingRegionSet: string[] | undefined;
  if (scheme["name"] === "sigv4a") {
    const set = scheme["signingRegionSet"];
    signingRegionSet = Array.isArray(set) && set.length > 0 && set.every((r) => typeof r === "string") ? (set as string[]) : ["*"];
  }
  return {
    signingName: typeof scheme["signingName"] === "string" ? scheme["signingName"] : undefined,
    signingRegion: typeof scheme["signingRegion"] === "string" ? scheme["signingRegion"] : undefined,
    signingRegionSet,
  };
}

export interface SignOptions {
  readonly credentials: Credentials;
  /** The signing name: the endpoint's, else the service's. */
  readonly service: string;
  /** SigV4's region: the endpoint's signing region, else the client's. */
  readonly region: string;
  /** Set: sign with SigV4a for these regions. */
  readonly regionSet: readonly string[] | undefined;
}

/** Signs with SigV4, or SigV4a when a region set is given. */
export async function sign(request: SignableRequest, options: SignOptions): Promise<SignableRequest> {
  const { credentials, service, region, regionSet } = options;
  if (regionSet === undefined) return signRequest(request, { credentials, region, service, signedBodyHeader: true });
  const { signRequestV4a } = await import("./sigv4a.js");
  return signRequestV4a(request, { credentials, regionSet, service, signedBodyHeader: true });
}
