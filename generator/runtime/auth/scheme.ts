// The signing seam: which signer a call uses, chosen from the endpoint's `authSchemes` (the first
// one this runtime knows, in the endpoint's order), and signing with it. SigV4a comes through a
// loader the service hands in: a package whose endpoint rules can ask for it carries one (a lazy
// import), every other package neither carries nor bundles its elliptic-curve code.
import { UnsupportedOperationError } from "../errors.js";
import type { Credentials } from "./credentials.js";
import { signRequest, type CanonicalRequestOptions, type SignableRequest } from "./sigv4.js";

/** The signer's name and region an endpoint asks for; `signingRegionSet` set means SigV4a. */
export interface AuthScheme {
  readonly signingName: string | undefined;
  readonly signingRegion: string | undefined;
  readonly signingRegionSet: readonly string[] | undefined;
}

/** SigV4a's signer (auth/sigv4a.ts `signRequestV4a`). */
export type SigV4aSigner = (
  request: SignableRequest,
  options: CanonicalRequestOptions & { readonly regionSet: readonly string[] },
) => Promise<SignableRequest>;

/** The auth schemes a client signs with, as endpoint rules name them: SigV4a only where the package carries it. */
const SIGNERS = new Set(["sigv4", "sigv4a"]);
const SIGNERS_V4_ONLY = new Set(["sigv4"]);

/**
 * The scheme of an endpoint's `authSchemes` property; undefined when it names none (the service's
 * SigV4 defaults apply). Throws UnsupportedOperationError when it names only schemes this client
 * cannot sign with (sigv4a counts as known only when `signsV4a`: the package carries its signer).
 */
export function authSchemeOf(schemes: unknown, operation: string, signsV4a = true): AuthScheme | undefined {
  if (!Array.isArray(schemes) || schemes.length === 0) return undefined;
  const known = signsV4a ? SIGNERS : SIGNERS_V4_ONLY;
  const scheme = schemes.find(
    (s): s is Record<string, unknown> => typeof s === "object" && s !== null && known.has(String((s as { name?: unknown }).name)),
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
  /** Loads SigV4a's signer; absent in a package whose endpoint rules never ask for SigV4a. */
  readonly sigv4a?: (() => Promise<SigV4aSigner>) | undefined;
}

/** Signs with SigV4, or SigV4a when a region set is given. */
export async function sign(request: SignableRequest, options: SignOptions): Promise<SignableRequest> {
  const { credentials, service, region, regionSet } = options;
  if (regionSet === undefined) return signRequest(request, { credentials, region, service, signedBodyHeader: true });
  if (options.sigv4a === undefined) {
    throw new UnsupportedOperationError(
      "the endpoint asks for SigV4a signing, which this package does not carry (its endpoint rules never ask for it); nothing was sent",
    );
  }
  const signRequestV4a = await options.sigv4a();
  return signRequestV4a(request, { credentials, regionSet, service, signedBodyHeader: true });
}
