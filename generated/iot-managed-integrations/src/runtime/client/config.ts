// svcgen 0.1.0 runtime: copied verbatim from generator/runtime/client/config.ts; do not edit.
// What a client and a call can be configured with, and the hooks' views of a call.
import type { CredentialsInput } from "../auth/credentials.js";
import type { EndpointResult } from "../endpoints/endpoints.js";
import type { ResponseMetadata } from "../errors.js";
import type { RetryKind, RetryOptions } from "./retry.js";

/** Default deadline of a whole call, every attempt and backoff sleep included. */
export const DEFAULT_TIMEOUT_MS = 60_000;
export const DEFAULT_MAX_RESPONSE_BYTES = 100 * 1024 * 1024;
export const DEFAULT_MAX_SOCKETS = 50;
// Larger delays overflow setTimeout (it would fire at once), so they mean "no deadline".
const MAX_TIMER_MS = 2 ** 31 - 1;

/** An async source of the region, as the AWS SDK v3 accepts (`() => Promise<string>`); called once per client. */
export type RegionProvider = () => string | Promise<string>;

/**
 * Where diagnostic lines go: any subset of the four methods (the AWS SDK v3 `Logger` shape,
 * `console` included). Lines never hold credentials or values the model marks sensitive.
 */
export interface Logger {
  debug?(...content: unknown[]): void;
  info?(...content: unknown[]): void;
  warn?(...content: unknown[]): void;
  error?(...content: unknown[]): void;
}

/** A user agent product as the AWS SDK v3 takes it: `[name]` or `[name, version]`. */
export type UserAgentPair = readonly [name: string, version?: string | undefined];

export interface ClientConfig {
  /**
   * A region, or an async provider of one (read once per client). Else AWS_REGION, else
   * AWS_DEFAULT_REGION, else the shared config profile's `region`; the first call fails clearly
   * when none is set.
   */
  readonly region?: string | RegionProvider | undefined;
  /**
   * The shared config and credentials files' profile to use (else AWS_PROFILE, else default):
   * for the region, the endpoint settings and, unless `credentials` is given, the credentials.
   */
  readonly profile?: string | undefined;
  /**
   * Sends every request here instead of the endpoint the service's rules choose (its path
   * prefixes every operation's path). Else AWS_ENDPOINT_URL_<SERVICE_ID>, AWS_ENDPOINT_URL, then
   * the shared config profile's `endpoint_url`, unless AWS_IGNORE_CONFIGURED_ENDPOINT_URLS or the
   * profile's `ignore_configured_endpoint_urls` is true.
   */
  readonly endpoint?: string | URL | { readonly url: string | URL } | undefined;
  /**
   * Replaces the service's endpoint rules: it receives their parameters (`Region`, `UseFIPS`,
   * `Endpoint`, the operation's own) and returns where to send the request. For tests and proxies.
   */
  readonly endpointResolver?: ((params: Readonly<Record<string, unknown>>) => EndpointResult) | undefined;
  /** FIPS endpoints. Else AWS_USE_FIPS_ENDPOINT, else the profile's `use_fips_endpoint`; default false. */
  readonly useFipsEndpoint?: boolean | undefined;
  /** Dual-stack (IPv4 and IPv6) endpoints. Else AWS_USE_DUALSTACK_ENDPOINT, else the profile's `use_dualstack_endpoint`; default false. */
  readonly useDualstackEndpoint?: boolean | undefined;
  /**
   * Static keys, or an async provider (any AWS SDK v3 credential provider fits). Providers are
   * memoized until shortly before the credentials expire. Default: environment, then the
   * shared credentials and config files.
   */
  readonly credentials?: CredentialsInput | undefined;
  /** Attempts per call, the first included. Default 3; 1 turns retries off. */
  readonly maxAttempts?: number | undefined;
  readonly retry?: RetryOptions | undefined;
  /** Deadline of a whole call (all attempts and backoff sleeps), ms. Default 60000; Infinity for none. */
  readonly timeoutMs?: number | undefined;
  /** Deadline of one attempt, ms; an attempt that misses it is retried. Default: none. */
  readonly requestTimeoutMs?: number | undefined;
  /**
   * Responses with a larger body fail with a NetworkError (not retried). Default 100 MiB. A
   * streaming output (S3's GetObject Body) is not capped: the caller reads what it wants of it.
   */
  readonly maxResponseBytes?: number | undefined;
  /** Connections per host (Node transport). Default 50. */
  readonly maxSockets?: number | undefined;
  /** Sends requests with this function instead of node:http (tests, proxies, other runtimes). */
  readonly fetch?: typeof fetch | undefined;
  readonly hooks?: ClientHooks | undefined;
  /** Appended to the `svcgen/<version>` user agent. */
  readonly userAgent?: string | undefined;
  /**
   * Appended to the user agent after `userAgent`, as the AWS SDK v3 does: a string, or
   * `[name, version]` pairs written `name/version`. Characters a header token cannot hold become `_`.
   */
  readonly customUserAgent?: string | readonly UserAgentPair[] | undefined;
  /** Receives a line per retry (`info`) and per output-check problem (`warn`). */
  readonly logger?: Logger | undefined;
  /** `false` sends inputs without checking them against the model first. Default true. */
  readonly validateInput?: boolean | undefined;
  /**
   * An output without a member the model marks required fails the call with a
   * ResponseParseError. Default false: the logger's `warn` gets a line and the output is returned.
   */
  readonly strictOutput?: boolean | undefined;
  /**
   * Flexible checksums on requests: `WHEN_SUPPORTED` (default) sends one (CRC32 unless the input
   * names an algorithm) for every operation that takes one; `WHEN_REQUIRED` only where the
   * operation requires it or the input names an algorithm.
   */
  readonly requestChecksumCalculation?: "WHEN_SUPPORTED" | "WHEN_REQUIRED" | undefined;
  /**
   * Flexible checksums on responses: `WHEN_SUPPORTED` (default) asks for them and checks the body
   * as it is read; `WHEN_REQUIRED` checks only when the input asked (ChecksumMode).
   */
  readonly responseChecksumValidation?: "WHEN_SUPPORTED" | "WHEN_REQUIRED" | undefined;
}

export interface CallOptions {
  /** Aborting stops the call at whatever stage it is, retries and backoff sleeps included. */
  readonly signal?: AbortSignal | undefined;
  /** Overrides the client's timeoutMs for this call. */
  readonly timeoutMs?: number | undefined;
}

export type WithMetadata<T> = T & { readonly $metadata: ResponseMetadata };

/**
 * What hooks see of an attempt. Credentials headers read "REDACTED"; every value the model
 * marks sensitive (in the input, the URL or the headers) reads "***".
 */
export interface RequestHookContext {
  readonly operation: string;
  /** 1 for the first attempt. */
  readonly attempt: number;
  readonly method: string;
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly input: unknown;
}

export interface ResponseHookContext extends RequestHookContext {
  readonly statusCode: number;
  readonly responseHeaders: Readonly<Record<string, string>>;
  readonly durationMs: number;
}

export interface RetryHookContext extends RequestHookContext {
  /** The failure being retried, summarised: error objects may hold values the model marks sensitive. */
  readonly error: { readonly name: string; readonly message: string; readonly httpStatusCode?: number | undefined };
  readonly retryKind: RetryKind;
  readonly delayMs: number;
}

/** Hooks may be async; the call waits for them. An error thrown by a hook fails the call. */
export interface ClientHooks {
  beforeRequest?(context: RequestHookContext): void | Promise<void>;
  afterResponse?(context: ResponseHookContext): void | Promise<void>;
  onRetry?(context: RetryHookContext): void | Promise<void>;
}

export function durationOption(value: number | undefined, fallback: number, what: string): number {
  if (value === undefined) return fallback;
  if (Number.isNaN(value) || value <= 0) throw new RangeError(`${what} must be > 0 ms (Infinity for none), got ${value}`);
  return value > MAX_TIMER_MS ? Infinity : value;
}

// Characters a user agent token keeps; any other becomes "_" (what the AWS SDK v3 does).
const UA_ESCAPE = /[^!$%&'*+\-.^_`|~\d\w]/g;

/** One product as the AWS SDK v3 writes it: `prefix/name#version`, each part escaped. */
function userAgentProduct([name, version]: UserAgentPair): string {
  const slash = name.indexOf("/");
  const prefix = slash < 0 ? "" : name.slice(0, slash);
  const rest = name.slice(slash + 1);
  const parts = [prefix, prefix === "api" ? rest.toLowerCase() : rest, version ?? ""]
    .map((part) => part.replace(UA_ESCAPE, "_"))
    .filter((part) => part !== "");
  return parts.reduce((out, part, i) => (i === 0 ? part : i === 1 ? `${out}/${part}` : `${out}#${part}`), "");
}

/** The user agent a client sends: the package's, then `userAgent`, then `customUserAgent`. */
export function userAgentOf(base: string, config: ClientConfig): string {
  const parts = [base];
  // `userAgent` is the caller's own text; only what would break the header line is dropped.
  if (config.userAgent) parts.push(config.userAgent.replace(/[\x00-\x1f\x7f]/g, ""));
  const custom = config.customUserAgent;
  if (custom !== undefined) {
    for (const pair of typeof custom === "string" ? [[custom] as const] : custom) {
      const product = userAgentProduct(pair);
      if (product !== "") parts.push(product);
    }
  }
  return parts.join(" ");
}

/** Sends one line to the logger's method for `level`, if it has one; a logger that throws does not fail the call. */
export function log(logger: Logger | undefined, level: keyof Logger, line: string): void {
  const method = logger?.[level];
  if (typeof method !== "function") return;
  try {
    method.call(logger, line);
  } catch {
    // Diagnostics must not change what the call does.
  }
}
