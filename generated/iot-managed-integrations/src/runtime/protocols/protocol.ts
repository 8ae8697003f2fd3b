// svcgen 0.1.0 runtime: copied verbatim from generator/runtime/protocols/protocol.ts; do not edit.
// The protocol seam. A protocol turns one call's input into an HTTP request and a response back
// into the output or an error; the client does everything else (endpoint, signing, sending,
// retries). Each protocol is one module under protocols/ exporting one `Protocol` object, and a
// generated src/service.ts imports the one its model names: the only place a protocol is chosen.
import type { ResponseMetadata, ServiceException } from "../errors.js";
import type { PresignRules } from "../auth/presign.js";
import type { ErrorSchema, OperationSchema, ServiceExceptionClass } from "../schema.js";

/** A streaming payload as the input gave it (see StreamingBlobInput). */
export type StreamingPayload = Blob | ReadableStream<Uint8Array> | AsyncIterable<Uint8Array | string>;

export interface HttpRequestParts {
  method: string;
  /** Percent-encoded path with its labels filled, without the endpoint's base path. */
  path: string;
  /** Raw (unencoded) pairs in order; a list repeats its key. Includes the requestUri's literal query. */
  query: Array<[string, string]>;
  /** Lower-case names. */
  headers: Record<string, string>;
  /** A streaming blob payload keeps the input's value (a Blob, a stream...): client/payload.ts sends it. */
  body: string | Uint8Array | StreamingPayload | undefined;
  /** The operation's hostPrefix with its labels filled, when it has one. */
  hostPrefix: string | undefined;
}

export interface HttpResponseParts {
  statusCode: number;
  /** Lower-case names; repeated headers joined with ", ". */
  headers: Readonly<Record<string, string>>;
  body: Uint8Array;
}

/** The facts of a service a protocol reads (ServiceSchema has them all). */
export interface ProtocolFacts {
  /** awsJson: "1.0" or "1.1". */
  readonly jsonVersion?: string;
  /** awsJson: the X-Amz-Target prefix. */
  readonly targetPrefix?: string;
  /** Error codes come in the awsQueryCompatible form (x-amzn-query-error). */
  readonly awsQueryCompatible?: true;
  /** The service's base exception, used for codes the model does not know. */
  readonly baseException: ServiceExceptionClass;
  /** Errors every operation may return (from the whole model), by code. */
  readonly errors?: readonly ErrorSchema[];
}

export interface Protocol {
  /** The model's name for it (`metadata.protocol`): for messages and readers of a service constant. */
  readonly name: string;
  /**
   * Builds the HTTP request for one call. Idempotency tokens left unset are filled with a random
   * UUID; a missing URI label or an invalid host label throws RequestValidationError.
   */
  serializeRequest(service: ProtocolFacts, op: OperationSchema, input: Readonly<Record<string, unknown>>): HttpRequestParts;
  /**
   * Reads a success response into the operation's output members (the caller adds `$metadata`).
   * A body or value that cannot be read throws ResponseParseError keeping the status and raw text.
   */
  deserializeOutput(
    service: ProtocolFacts,
    op: OperationSchema,
    res: HttpResponseParts,
    $metadata: ResponseMetadata,
    /** The call's input, for the rare reader that depends on it (S3's listings). */
    input?: Readonly<Record<string, unknown>>,
  ): Record<string, unknown>;
  /** Turns an error response into an exception; never throws. */
  deserializeError(service: ProtocolFacts, op: OperationSchema, res: HttpResponseParts, $metadata: ResponseMetadata): ServiceException;
  /**
   * A 2xx response that is an error all the same (S3 answers some operations `200 OK` with an
   * `<Error>` body): the exception, treated as a failed attempt (classified, maybe retried);
   * undefined for a real success. Never throws.
   */
  successError?(
    service: ProtocolFacts,
    op: OperationSchema,
    res: HttpResponseParts,
    $metadata: ResponseMetadata,
  ): ServiceException | undefined;
  /** How presigned URLs differ from the default SigV4 query signing for this service (S3's rules). */
  readonly presignRules?: PresignRules;
  /**
   * The request a presigned URL stands for, when it differs from what a call sends (S3 leaves out
   * what the client itself would undo on the response, such as its own `encoding-type=url`).
   */
  serializePresignRequest?(service: ProtocolFacts, op: OperationSchema, input: Readonly<Record<string, unknown>>): HttpRequestParts;
}
