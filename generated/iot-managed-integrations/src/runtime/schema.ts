// svcgen 0.1.0 runtime: copied verbatim from generator/runtime/schema.ts; do not edit.
// The data that generated code hands to the runtime. The generator turns the model's shapes and
// operations into constants of these types; the runtime interprets them. Keep the names readable:
// a user who opens a generated `schemas.ts` should understand it without this file.
import type { ServiceException, ExceptionInit, ValidationIssue } from "./errors.js";

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
  /** What the operation adds to the endpoint rule parameters (static values, input members, input paths). */
  endpointParams?(input: object): Readonly<Record<string, unknown>>;
}
