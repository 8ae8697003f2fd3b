// The data that generated code hands to the runtime. The generator turns the model's shapes and
// operations into constants of these types; the runtime interprets them. Keep the names readable:
// a user who opens a generated `schemas.ts` should understand it without this file.
import type { ServiceException, ExceptionInit, ValidationIssue } from "./errors.js";
import type { BodyStream, HttpResponse, RequestBody } from "./http/transport.js";

export type TimestampFormat = "iso8601" | "rfc822" | "unixTimestamp";

/** Scalars whose wire form needs no extra facts are written as their type name. */
export type ScalarType =
  | "string"
  | "boolean"
  | "byte"
  | "short"
  | "integer"
  | "long"
  | "float"
  | "double"
  | "bigInteger"
  | "bigDecimal"
  | "timestamp"
  | "blob"
  | "document";

/** A timestamp whose shape names its wire format (else the location's default applies). */
export interface TimestampSchema {
  readonly type: "timestamp";
  readonly format: TimestampFormat;
}

/** Any JSON value carried as JSON text in a header (`jsonvalue`), base64-encoded on the wire. */
export interface JsonValueSchema {
  readonly type: "string";
  readonly jsonvalue: true;
}

/** A blob that is the streaming payload of an operation. */
export interface StreamingBlobSchema {
  readonly type: "blob";
  readonly streaming: true;
}

/** An XML namespace a member or shape declares: `xmlns="uri"`, or `xmlns:prefix="uri"` with a prefix. */
export interface XmlNamespace {
  readonly uri: string;
  readonly prefix?: string;
}

export interface ListSchema {
  readonly type: "list";
  readonly member: SchemaRef;
  readonly sensitive?: true;
  /** The shape is `sparse`: null items are values, kept when read (dense lists drop them). */
  readonly sparse?: true;
  /** XML and query: the element (key) name of each item, the list member's `locationName` (default `member`). */
  readonly memberName?: string;
  /** XML: the namespace the list member's reference declares. */
  readonly memberNamespace?: XmlNamespace;
  /** XML and query: the shape is `flattened` (items repeat the member's own name, no wrapper). */
  readonly flattened?: true;
}

export interface MapSchema {
  readonly type: "map";
  readonly key: SchemaRef;
  readonly value: SchemaRef;
  readonly sensitive?: true;
  /** The shape is `sparse`: null values are values, kept when read (dense maps drop them). */
  readonly sparse?: true;
  /** XML and query: the key's and value's `locationName` (default `key` and `value`). */
  readonly keyName?: string;
  readonly valueName?: string;
  /** XML: the namespaces the key's and value's references declare. */
  readonly keyNamespace?: XmlNamespace;
  readonly valueNamespace?: XmlNamespace;
  /** XML and query: the shape is `flattened` (entries repeat the member's own name, no `entry` wrapper). */
  readonly flattened?: true;
}

export type MemberLocation = "uri" | "querystring" | "header" | "headers" | "statusCode";

export interface MemberSchema {
  readonly target: SchemaRef;
  /** Where the member travels; absent means the JSON body. */
  readonly location?: MemberLocation;
  /** The wire name: JSON key, header name (or prefix for `headers`), query key or URI label. */
  readonly locationName?: string;
  readonly idempotencyToken?: true;
  readonly hostLabel?: true;
  /** The member's value must never be shown (hooks, error messages, logs). */
  readonly sensitive?: true;
  /** XML: the member is an attribute of its structure's element (`locationName` names it). */
  readonly xmlAttribute?: true;
  /** XML: the namespace the member's element declares. */
  readonly xmlNamespace?: XmlNamespace;
  /** XML and query: the member reference says `flattened` (as if its list or map shape did). */
  readonly flattened?: true;
  /** ec2: the member's `queryName`, its query key before any other rule. */
  readonly queryName?: string;
  /** A member of an event: carried in the event header of its name (`eventheader`). */
  readonly eventHeader?: true;
  /** A member of an event: the whole event payload (`eventpayload`). */
  readonly eventPayload?: true;
}

export interface StructureSchema {
  readonly type: "structure";
  /** The shape's name in the model, for messages. */
  readonly name: string;
  readonly members: { readonly [member: string]: MemberSchema };
  /** The member that is the whole HTTP payload, when the model names one. */
  readonly payload?: string;
  /** A union: exactly one member is set. */
  readonly union?: true;
  /** An event stream: a sequence of events, each setting one member (always a union too). */
  readonly eventStream?: true;
  readonly sensitive?: true;
  /**
   * The members the model marks required, in model order. The client checks outputs for them
   * (see the `logger` and `strictOutput` options); absent means none are checked.
   */
  readonly required?: readonly string[];
  /**
   * XML: the element name of the structure as a document root (an operation's input, an XML
   * payload), when the model gives one (the shape's or the operation input's `locationName`);
   * else the shape name.
   */
  readonly xmlName?: string;
  /** XML: the namespace the shape (or the operation's input reference) declares on its element. */
  readonly xmlNamespace?: XmlNamespace;
}

export type Schema =
  | ScalarType
  | TimestampSchema
  | JsonValueSchema
  | StreamingBlobSchema
  | ListSchema
  | MapSchema
  | StructureSchema
  | { readonly type: ScalarType; readonly sensitive?: true };

/** Recursive shapes refer to each other through a function, resolved when first needed. */
export type SchemaRef = Schema | (() => Schema);

export function resolveSchema(ref: SchemaRef): Schema {
  return typeof ref === "function" ? ref() : ref;
}

/** The type name of any schema ("structure", "list", "string", ...). */
export function schemaType(schema: Schema): string {
  return typeof schema === "string" ? schema : schema.type;
}

export type ServiceExceptionClass = new (init: ExceptionInit) => ServiceException;

export interface ErrorSchema {
  /** The error code the service sends (the shape name, or the model's `error.code`). */
  readonly code: string;
  readonly schema: StructureSchema;
  readonly ctor: ServiceExceptionClass;
  readonly httpStatusCode?: number;
  readonly fault: "client" | "server";
  /** The model marks this error as throttling (retry.throttling) or retryable. */
  readonly retryable?: { readonly throttling: boolean };
}

/** Which members of an operation are event streams, and the errors its events may carry. */
export interface EventStreamBinding {
  /** The output member the service's events fill. */
  readonly output?: string;
  /** The input member whose events the client sends (a bidirectional stream: not supported yet). */
  readonly input?: string;
  /** The modeled errors an `exception` event names, by the stream member (its `:exception-type`). */
  readonly errors?: { readonly [member: string]: ErrorSchema };
}

/** When checksums are computed (requests) or checked (responses): whenever the operation supports them, or only when it requires them. */
export type ChecksumMode = "WHEN_SUPPORTED" | "WHEN_REQUIRED";

/** An operation's flexible checksums (the model's `httpChecksum` trait); see client/checksum.ts. */
export interface OperationChecksum {
  /** The algorithm of the request checksum to compute, if any; may set the header naming it. */
  requestAlgorithm(headers: Record<string, string>, mode: ChecksumMode): string | undefined;
  /** Sets the header asking the service for response checksums, when it has one and `mode` says so. */
  askForResponseChecksum(headers: Record<string, string>, mode: ChecksumMode): void;
  /** The response checksum to check the body against, if the request asked and the response has one. */
  responseChecksum(
    requestHeaders: Readonly<Record<string, string>>,
    responseHeaders: Readonly<Record<string, string>>,
  ): { readonly algorithm: string; readonly expected: string } | undefined;
  /** The header (or trailer) carrying an algorithm's checksum. */
  header(algorithm: string): string;
  /** The length of an algorithm's base64 checksum text. */
  textLength(algorithm: string): number;
  create(algorithm: string): Promise<{ update(chunk: Uint8Array): void; digest(): Promise<string> }>;
  /** `source` passed through; its end fails with ResponseChecksumError when the checksum differs. */
  check(source: AsyncIterable<Uint8Array>, algorithm: string, expected: string, operation: string): AsyncIterable<Uint8Array>;
}

export interface ChecksumModes {
  readonly request: ChecksumMode;
  readonly response: ChecksumMode;
}

/** A request body as the transport sends it. */
export interface PreparedBody {
  readonly body: RequestBody | undefined;
  /** What the signer hashes: the bytes, or nothing when a header stands for the payload hash. */
  readonly signed: Uint8Array | undefined;
  /** The body can be sent again (bytes); a stream cannot, so its call is not retried. */
  readonly replayable: boolean;
}

/** How an operation with a streaming payload or flexible checksums sends and reads bodies (client/payload.ts). */
export interface OperationPayload {
  /** The output's streaming payload member: the response body is handed back in it, as a stream. */
  readonly outputMember: string | undefined;
  /** The serialised body as it is sent; sets the headers that describe it. */
  prepare(
    operation: OperationSchema,
    signingName: string,
    wireBody: unknown,
    headers: Record<string, string>,
    modes: ChecksumModes,
  ): Promise<PreparedBody>;
  /** The output member's value over the response stream; `done` is told once the stream ends or stops. */
  output(
    operation: OperationSchema,
    stream: BodyStream,
    requestHeaders: Readonly<Record<string, string>>,
    responseHeaders: Readonly<Record<string, string>>,
    done: () => void,
  ): unknown;
  /** Checks a buffered body against the response's checksum, if any. */
  check(
    operation: OperationSchema,
    body: Uint8Array,
    requestHeaders: Readonly<Record<string, string>>,
    responseHeaders: Readonly<Record<string, string>>,
  ): Promise<void>;
  /** A response whose body came as a stream, read whole within `limit` (an error answer). */
  buffered(response: HttpResponse, limit: number): Promise<HttpResponse>;
}

export interface OperationSchema {
  readonly name: string;
  readonly method: string;
  /** The model's requestUri: path with `{Label}` / `{Label+}` and optional literal query. */
  readonly requestUri: string;
  /** The success status code the model gives (defaults to 200). */
  readonly responseCode?: number;
  /** `hostPrefix` of the endpoint trait, with `{Label}` placeholders. */
  readonly hostPrefix?: string;
  readonly input?: StructureSchema;
  readonly output?: StructureSchema;
  readonly errors: readonly ErrorSchema[];
  /** Validates the input before anything is sent; returns the issues found. */
  readonly validateInput?: (input: unknown) => readonly ValidationIssue[];
  /** The operation streams events (see client/event-stream.ts). */
  readonly eventStream?: EventStreamBinding;
  /** query: the output's `resultWrapper`, the element inside `<OpResponse>` that holds it (default `<OpResult>`). */
  readonly resultWrapper?: string;
  /** Flexible checksums (the `httpChecksum` trait). */
  readonly checksum?: OperationChecksum;
  /** Streaming payloads or checksums: how bodies are sent and read. Absent: bytes, buffered. */
  readonly payload?: OperationPayload;
  /** What the operation adds to the endpoint rule parameters (static values, input members, input paths). */
  endpointParams?(input: object): Readonly<Record<string, unknown>>;
}
