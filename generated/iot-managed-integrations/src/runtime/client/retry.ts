// svcgen 0.1.0 runtime: copied verbatim from generator/runtime/client/retry.ts; do not edit.
// The AWS "standard" retry mode: which failures are worth another attempt, how long to wait
// (exponential backoff with full jitter, capped), and a per-client retry quota so a failing
// service is not hammered by every caller at once. A Retry-After header is not honoured: AWS
// services signal throttling through error codes, and the standard mode's backoff ignores it.
import { NetworkError, ServiceException, type ResponseMetadata } from "../errors.js";
import type { ErrorSchema, OperationSchema } from "../schema.js";
import type { ServiceSchema } from "../service.js";

/** Error codes the services use for "slow down"; retried with the larger throttling backoff. */
export const THROTTLING_ERROR_CODES: ReadonlySet<string> = new Set([
  "Throttling",
  "ThrottlingException",
  "ThrottledException",
  "RequestThrottledException",
  "TooManyRequestsException",
  "ProvisionedThroughputExceededException",
  "TransactionInProgressException",
  "RequestLimitExceeded",
  "BandwidthLimitExceeded",
  "LimitExceededException",
  "RequestThrottled",
  "SlowDown",
  "PriorRequestNotComplete",
  "EC2ThrottledException",
]);

/** Error codes for a request the service gave up on; retrying the same request may succeed. */
export const TRANSIENT_ERROR_CODES: ReadonlySet<string> = new Set(["RequestTimeout", "RequestTimeoutException", "PriorRequestNotComplete"]);

/** Statuses that mean "the server side failed, try again" whatever the error code. */
export const TRANSIENT_STATUS_CODES: ReadonlySet<number> = new Set([500, 502, 503, 504]);

/**
 * Why a failure may be retried:
 * - `throttling`: the service asked us to slow down (throttling code, HTTP 429, or a modelled
 *   error marked throttling); waits use the throttling base delay.
 * - `transient`: a server fault or a transient code; waits use the base delay.
 * - `connection`: no whole response arrived (reset, refused, truncated, attempt timeout); costs
 *   more of the retry quota, as the standard mode charges timeouts.
 */
export type RetryKind = "throttling" | "transient" | "connection";

export interface RetryOptions {
  /** Base of the exponential backoff for non-throttling errors, in ms. Default 100. */
  readonly baseDelayMs?: number;
  /** Base for throttling errors, in ms. Default 5 × baseDelayMs (500 with the defaults). */
  readonly throttlingBaseDelayMs?: number;
  /** Cap on any single backoff, in ms. Default 20000. */
  readonly maxDelayMs?: number;
  /** Size of the per-client retry quota. Default 500; 0 turns retries off. */
  readonly quotaCapacity?: number;
}

export const DEFAULT_MAX_ATTEMPTS = 3;
export const DEFAULT_BASE_DELAY_MS = 100;
export const DEFAULT_MAX_DELAY_MS = 20_000;
const THROTTLING_BASE_FACTOR = 5;

export const RETRY_QUOTA_CAPACITY = 500;
export const RETRY_COST = 5;
export const CONNECTION_RETRY_COST = 10;
export const NO_RETRY_INCREMENT = 1;

export interface BackoffPolicy {
  readonly baseDelayMs: number;
  readonly throttlingBaseDelayMs: number;
  readonly maxDelayMs: number;
}

export function backoffPolicy(options: RetryOptions | undefined): BackoffPolicy {
  const baseDelayMs = nonNegative(options?.baseDelayMs, DEFAULT_BASE_DELAY_MS, "retry.baseDelayMs");
  return {
    baseDelayMs,
    throttlingBaseDelayMs: nonNegative(options?.throttlingBaseDelayMs, baseDelayMs * THROTTLING_BASE_FACTOR, "retry.throttlingBaseDelayMs"),
    maxDelayMs: nonNegative(options?.maxDelayMs, DEFAULT_MAX_DELAY_MS, "retry.maxDelayMs"),
  };
}

function nonNegative(value: number | undefined, fallback: number, what: string): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value < 0) throw new RangeError(`${what} must be a finite number >= 0, got ${value}`);
  return value;
}

/**
 * Full jitter: a uniform wait in [0, min(maxDelay, base × 2^(failedAttempt − 1))).
 * `failedAttempt` is 1 for the wait after the first attempt.
 */
export function backoffDelay(kind: RetryKind, failedAttempt: number, policy: BackoffPolicy, random: () => number = Math.random): number {
  const base = kind === "throttling" ? policy.throttlingBaseDelayMs : policy.baseDelayMs;
  const ceiling = Math.min(policy.maxDelayMs, base * 2 ** (failedAttempt - 1));
  return Math.floor(random() * ceiling);
}

/**
 * Decides whether an error from one attempt may be retried, and why. Aborts, timeouts of the
 * whole call, validation and parse errors and every other 4xx return undefined.
 */
export function classifyError(error: unknown, operation: OperationSchema, service: ServiceSchema): RetryKind | undefined {
  if (error instanceof NetworkError) return finalNetworkErrors.has(error) ? undefined : "connection";
  if (!(error instanceof ServiceException)) return undefined;
  const modelled = findErrorSchema(error, operation, service);
  const code = modelled?.code ?? error.name;
  const status = error.$metadata.httpStatusCode;
  if (modelled?.retryable?.throttling === true) return "throttling";
  if (THROTTLING_ERROR_CODES.has(code) || status === 429) return "throttling";
  if (modelled?.retryable !== undefined) return "transient";
  if (TRANSIENT_ERROR_CODES.has(code)) return "transient";
  if (status !== undefined && TRANSIENT_STATUS_CODES.has(status)) return "transient";
  return undefined;
}

// Network errors that retrying cannot fix (a response over the size limit) are remembered
// here rather than given a field, so the shared NetworkError class stays as it is.
const finalNetworkErrors = new WeakSet<NetworkError>();

/** Marks a NetworkError as final: the same request would fail the same way again. */
export function markNotRetryable(error: NetworkError): NetworkError {
  finalNetworkErrors.add(error);
  return error;
}

function findErrorSchema(error: ServiceException, operation: OperationSchema, service: ServiceSchema): ErrorSchema | undefined {
  const ctor = error.constructor;
  for (const e of operation.errors) if (e.ctor === ctor) return e;
  if (service.errors) for (const e of service.errors) if (e.ctor === ctor) return e;
  return undefined;
}

/**
 * The standard mode's retry quota, shared by every call of one client. Each retry takes tokens
 * (more for connection failures); a call that succeeds gives back what its last retry took, or
 * one token when it needed none. When the quota runs dry, failures are returned at once.
 */
export class RetryQuota {
  readonly capacity: number;
  #available: number;

  constructor(capacity: number = RETRY_QUOTA_CAPACITY) {
    this.capacity = capacity;
    this.#available = capacity;
  }

  get available(): number {
    return this.#available;
  }

  /** Takes the tokens one retry of this kind costs; returns the amount, or 0 if too few remain. */
  acquire(kind: RetryKind): number {
    const cost = kind === "connection" ? CONNECTION_RETRY_COST : RETRY_COST;
    if (cost > this.#available) return 0;
    this.#available -= cost;
    return cost;
  }

  /** A call succeeded: `lastRetryCost` is what its last retry took (0 if it made none). */
  release(lastRetryCost: number): void {
    this.#available = Math.min(this.capacity, this.#available + (lastRetryCost || NO_RETRY_INCREMENT));
  }
}

/** What the retry hook and log line show of an error (already scrubbed): its name, message and status. */
export function summarise(error: unknown): { name: string; message: string; httpStatusCode?: number | undefined } {
  if (!(error instanceof Error)) return { name: "Error", message: String(error) };
  const status = (error as { $metadata?: ResponseMetadata }).$metadata?.httpStatusCode;
  return { name: error.name, message: error.message, httpStatusCode: status };
}
