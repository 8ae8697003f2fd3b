// svcgen 0.1.0 runtime: copied verbatim from generator/runtime/errors.ts; do not edit.
// Error types every generated client shares. Generated code derives `<ServiceId>ServiceException`
// from ServiceException, and one class per modelled error from that.
import { brand } from "./brand.js";

/** One failed constraint of a value: what RequestValidationError and the validators report. */
export interface ValidationIssue {
  /** Where: `Items[3].AssociationState`, or "" for the value itself. */
  readonly path: string;
  /** Which rule failed: required, type, length, range, pattern, enum, size, unknown, union. */
  readonly constraint: string;
  readonly message: string;
}

export interface ResponseMetadata {
  /** The HTTP status of the last response, when one arrived. */
  readonly httpStatusCode?: number | undefined;
  readonly requestId?: string | undefined;
  readonly extendedRequestId?: string | undefined;
  /** How many attempts were made (1 when the first one settled it). */
  readonly attempts: number;
  /** Milliseconds spent sleeping between attempts. */
  readonly totalRetryDelay: number;
}

/** What the runtime knows of a raw response: kept on errors so nothing is lost. */
export interface RawResponse {
  readonly statusCode: number;
  readonly headers: Readonly<Record<string, string>>;
  /** The body as text (decoded as UTF-8). */
  readonly body: string;
}

export interface ExceptionInit {
  /** Overrides the class's own name (used by the base exception for unknown codes). */
  readonly name?: string;
  readonly message: string;
  readonly $fault: "client" | "server";
  readonly $metadata: ResponseMetadata;
  readonly $response?: RawResponse | undefined;
  /** The error shape's members, already deserialised. */
  readonly members?: Readonly<Record<string, unknown>>;
}

/** Names a member may not take on an error: its own fields, and those that reach the prototype. */
const RESERVED_MEMBERS: ReadonlySet<string> = new Set([
  "message",
  "name",
  "stack",
  "cause",
  "$fault",
  "$metadata",
  "$response",
  "__proto__",
  "constructor",
  "prototype",
]);

/** Base of every error a service sends back. */
export class ServiceException extends Error {
  readonly $fault: "client" | "server";
  readonly $metadata: ResponseMetadata;
  declare readonly $response?: RawResponse | undefined;

  constructor(init: ExceptionInit) {
    super(init.message);
    if (init.name !== undefined) this.name = init.name;
    else this.name = "ServiceException";
    this.$fault = init.$fault;
    this.$metadata = init.$metadata;
    // Not enumerable: the raw body may be large and is not a member of the error shape.
    Object.defineProperty(this, "$response", { value: init.$response, enumerable: false });
    if (init.members) {
      // A member never replaces what the error already has, own or inherited (`toString`,
      // `valueOf`, `hasOwnProperty`, `constructor`, `__proto__`...): an error body naming one
      // would otherwise break `String(err)` or `instanceof` for whoever handles it.
      for (const key of Object.keys(init.members)) {
        const value = init.members[key];
        if (value !== undefined && !RESERVED_MEMBERS.has(key) && !(key in this)) {
          Object.defineProperty(this, key, { value, enumerable: true, writable: true, configurable: true });
        }
      }
    }
  }
}

/** Input failed the model's constraints; nothing was sent. */
export class RequestValidationError extends Error {
  override readonly name = "RequestValidationError";
  readonly issues: readonly ValidationIssue[];
  constructor(operation: string, issues: readonly ValidationIssue[]) {
    super(
      `${operation}: invalid input (${issues.length} issue${issues.length === 1 ? "" : "s"}):\n` +
        issues.map((i) => `  - ${i.path === "" ? "(input)" : i.path}: ${i.message}`).join("\n"),
    );
    this.issues = issues;
  }
}

/** A call that failed on the client's side of the wire; carries what the call saw. */
export class CallError extends Error {
  readonly $metadata: ResponseMetadata;
  constructor(message: string, $metadata: ResponseMetadata, options?: { cause?: unknown }) {
    super(message, options);
    this.$metadata = $metadata;
  }
}

/** The call's signal was aborted; nothing more is sent or retried. */
export class AbortError extends CallError {
  override readonly name = "AbortError";
}

/** The call's deadline passed (it spans every attempt and every backoff sleep); never retried. */
export class TimeoutError extends CallError {
  override readonly name = "TimeoutError";
}

/** The connection failed or broke before a whole response arrived (retryable). */
export class NetworkError extends CallError {
  override readonly name = "NetworkError";
}

/** A success response whose body could not be read as the operation's output. */
export class ResponseParseError extends CallError {
  override readonly name = "ResponseParseError";
  declare readonly $response: RawResponse;
  constructor(message: string, $metadata: ResponseMetadata, $response: RawResponse, options?: { cause?: unknown }) {
    super(message, $metadata, options);
    Object.defineProperty(this, "$response", { value: $response, enumerable: false });
  }
}

/**
 * An event stream broke its framing (a CRC that does not match, a length beyond the format's
 * limits, a message cut off) or sent a message this client cannot read as an event.
 */
export class EventStreamError extends ResponseParseError {
  constructor(message: string, $metadata: ResponseMetadata, $response: RawResponse, options?: { cause?: unknown }) {
    super(message, $metadata, $response, options);
    Object.defineProperty(this, "name", { value: "EventStreamError", enumerable: false, configurable: true, writable: true });
  }
}

/** A response body did not match the checksum the service sent with it (flexible checksums). */
export class ResponseChecksumError extends Error {
  override readonly name = "ResponseChecksumError";
  readonly algorithm: string;
  constructor(operation: string, algorithm: string, expected: string, actual: string) {
    super(`${operation}: the response body's ${algorithm} checksum is ${actual}, the service sent ${expected}`);
    this.algorithm = algorithm;
  }
}

/** The client's configuration cannot serve a call (for example, no region). Nothing was sent. */
export class ClientConfigError extends Error {
  override readonly name = "ClientConfigError";
}

/** The operation needs a feature this runtime does not have (event streams). Nothing was sent. */
export class UnsupportedOperationError extends Error {
  override readonly name = "UnsupportedOperationError";
}

brand(ServiceException, "ServiceException");
brand(RequestValidationError, "RequestValidationError");
brand(CallError, "CallError");
brand(AbortError, "AbortError");
brand(TimeoutError, "TimeoutError");
brand(NetworkError, "NetworkError");
brand(ResponseParseError, "ResponseParseError");
brand(EventStreamError, "EventStreamError");
brand(ClientConfigError, "ClientConfigError");
brand(ResponseChecksumError, "ResponseChecksumError");
brand(UnsupportedOperationError, "UnsupportedOperationError");
