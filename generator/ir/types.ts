// The intermediate representation: everything an emitter may know about a service, resolved,
// named and frozen. Emitters read only these types, never the raw model.
import type { ScalarType } from "../runtime/schema.js";
import type { ServiceCustomization } from "./customizations.js";
import type { EndpointsIR, OperationEndpointIR } from "./endpoints.js";

export type ShapeRole = "input" | "output" | "error";

/** Scalar kinds are the runtime schema's own vocabulary, so the two can never drift apart. */
export type ScalarKind = ScalarType;

interface ShapeBase {
  /** The shape's name in the model. */
  readonly name: string;
  /** The TypeScript identifier for its type (structures, unions, enums), else the model name. */
  readonly typeName: string;
  /** Markdown converted from the model's HTML documentation ("" when none). */
  readonly docs: string;
  /** The model's documentation HTML as written, for the HTML docs site (which sanitises it); "" when none. */
  readonly docsHtml: string;
  readonly sensitive: boolean;
  readonly deprecated: boolean;
  /** Roles of the operations that reach this shape. */
  readonly roles: ReadonlySet<ShapeRole>;
  /** Named shapes (structures, enums): the file name of their docs page under docs/shapes/. */
  readonly docFile: string | undefined;
}

export interface MemberIR {
  /** The member's name in the model and in TypeScript objects. */
  readonly name: string;
  /** The target shape's model name. */
  readonly target: string;
  /** The target shape itself (not enumerable, so the IR prints and compares without cycles). */
  readonly shape: ShapeIR;
  readonly required: boolean;
  readonly location: "uri" | "querystring" | "header" | "headers" | "statusCode" | undefined;
  readonly locationName: string | undefined;
  readonly idempotencyToken: boolean;
  readonly hostLabel: boolean;
  /** The member or its target is marked sensitive. */
  readonly sensitive: boolean;
  readonly deprecated: boolean;
  readonly docs: string;
  /** The model's documentation HTML as written (the member's, else its target's); "" when none. */
  readonly docsHtml: string;
  /** A `{Label+}` URI label. */
  readonly greedy: boolean;
  /** A header carrying a JSON value, base64-encoded (`jsonvalue`): any JSON value in TypeScript. */
  readonly jsonvalue: boolean;
  /** The member's own timestamp format, which overrides its target's. */
  readonly timestampFormat: "iso8601" | "rfc822" | "unixTimestamp" | undefined;
  /** XML: the member is an attribute of its structure's element. */
  readonly xmlAttribute: boolean;
  /** XML: the namespace the member's reference declares. */
  readonly xmlNamespace: XmlNamespaceIR | undefined;
  /** XML and query: the member reference says `flattened`. */
  readonly flattened: boolean;
  /** ec2: the member's `queryName`. */
  readonly queryName: string | undefined;
  /** A member of an event structure carried in an event header (`eventheader`). */
  readonly eventHeader: boolean;
  /** A member of an event structure that is the whole event payload (`eventpayload`). */
  readonly eventPayload: boolean;
}

/** An XML namespace: `xmlns="uri"`, or `xmlns:prefix="uri"`. */
export interface XmlNamespaceIR {
  readonly uri: string;
  readonly prefix?: string;
}

export interface StructureIR extends ShapeBase {
  readonly kind: "structure";
  readonly members: readonly MemberIR[];
  /** A union; an event stream's structure is one too (each event sets one member). */
  readonly union: boolean;
  /** The model marks the structure `eventstream`: a stream of its members' events, not one value. */
  readonly eventStream: boolean;
  readonly payload: string | undefined;
  readonly exception: ExceptionIR | undefined;
  /**
   * XML: the element name as a document root: the shape's own `locationName`, else that of the
   * operation input reference that names it.
   */
  readonly xmlName: string | undefined;
  /** XML: the namespace of its root element: the operation input reference's, else the shape's. */
  readonly xmlNamespace: XmlNamespaceIR | undefined;
}

export interface ExceptionIR {
  /** The code the service sends for this error. */
  readonly code: string;
  readonly httpStatusCode: number | undefined;
  readonly fault: "client" | "server";
  readonly retryable: { readonly throttling: boolean } | undefined;
}

export interface ListIR extends ShapeBase {
  readonly kind: "list";
  readonly member: string;
  /** The element shape itself. */
  readonly memberShape: ShapeIR;
  readonly min: number | undefined;
  readonly max: number | undefined;
  readonly sparse: boolean;
  /** XML and query: the item element's name (the list member's `locationName`). */
  readonly memberName: string | undefined;
  /** XML: the namespace the list member's reference declares. */
  readonly memberNamespace: XmlNamespaceIR | undefined;
  /** XML and query: items repeat the member's own name, with no wrapper. */
  readonly flattened: boolean;
}

export interface MapIR extends ShapeBase {
  readonly kind: "map";
  readonly key: string;
  readonly value: string;
  readonly keyShape: ShapeIR;
  readonly valueShape: ShapeIR;
  readonly min: number | undefined;
  readonly max: number | undefined;
  readonly sparse: boolean;
  /** XML and query: the key's and value's `locationName`s. */
  readonly keyName: string | undefined;
  readonly valueName: string | undefined;
  /** XML: the namespaces the key's and value's references declare. */
  readonly keyNamespace: XmlNamespaceIR | undefined;
  readonly valueNamespace: XmlNamespaceIR | undefined;
  /** XML and query: entries repeat the member's own name, with no `entry` wrapper. */
  readonly flattened: boolean;
}

export interface ScalarIR extends ShapeBase {
  readonly kind: ScalarKind;
  /** Strings: the known values, when the shape is an enum. */
  readonly enum: readonly string[] | undefined;
  /** Enums: the name of the exported const list of known values (e.g. `AssociationStateValues`). */
  readonly valuesName: string | undefined;
  /** Strings and blobs: length bounds; numbers: value bounds. */
  readonly min: number | undefined;
  readonly max: number | undefined;
  /** Strings: the model's pattern, unanchored unless it says `^...$`. */
  readonly pattern: string | undefined;
  /**
   * The pattern as a JavaScript RegExp, or undefined when there is none or it has no equivalent.
   * `re2` is set when a backtracking engine could take more than linear time on it (see
   * ir/redos.ts): the validators then check it with RE2 (re2js), in linear time.
   */
  readonly regex: { readonly source: string; readonly flags: string; readonly re2?: string } | undefined;
  readonly timestampFormat: "iso8601" | "rfc822" | "unixTimestamp" | undefined;
  readonly streaming: boolean;
  readonly eventStream: boolean;
}

export type ShapeIR = StructureIR | ListIR | MapIR | ScalarIR;

export interface PaginatorIR {
  readonly inputToken: readonly string[];
  readonly outputToken: readonly string[];
  readonly limitKey: string | undefined;
  readonly resultKey: readonly string[];
  readonly moreResults: string | undefined;
  readonly nonAggregateKeys: readonly string[];
  /** The shape of one item of the first result key, when it is a list. */
  readonly itemShape: string | undefined;
}

export interface OperationIR {
  /** The model's operation name, e.g. ListAccountAssociations. */
  readonly name: string;
  /** The function exported for it, e.g. listAccountAssociations. */
  readonly functionName: string;
  /** The module file stem, e.g. list-account-associations. */
  readonly fileName: string;
  /** The file name of its docs page under docs/operations/. */
  readonly docFile: string;
  readonly method: string;
  /**
   * The requestUri the client sends: the model's, less any `{Label}` segment whose member the
   * endpoint rules already put in the URL (S3's `{Bucket}`; see `withoutLabels` in ir/protocol.ts).
   */
  readonly requestUri: string;
  /** The requestUri as the model writes it, for the docs. */
  readonly modelRequestUri: string;
  readonly responseCode: number | undefined;
  readonly hostPrefix: string | undefined;
  readonly input: string | undefined;
  readonly output: string | undefined;
  readonly errors: readonly string[];
  /** The input, output and error structures themselves. */
  readonly inputShape: StructureIR | undefined;
  readonly outputShape: StructureIR | undefined;
  readonly errorShapes: readonly StructureIR[];
  readonly docs: string;
  /** The model's documentation HTML as written; "" when none. */
  readonly docsHtml: string;
  readonly deprecated: boolean;
  readonly readonly: boolean;
  readonly idempotent: boolean;
  readonly eventStream: boolean;
  /** The input member that is an event stream (the client sends events), when there is one. */
  readonly inputEventStream: string | undefined;
  /** The output member that is an event stream (the service sends events), when there is one. */
  readonly outputEventStream: string | undefined;
  /** query: the output reference's `resultWrapper`, the element of the response that holds the output. */
  readonly resultWrapper: string | undefined;
  /** Flexible checksums (the `httpChecksum` trait), with the input members' headers resolved. */
  readonly httpChecksum: HttpChecksumIR | undefined;
  readonly paginator: (PaginatorIR & { readonly functionName: string }) | undefined;
  /** What the operation adds to the endpoint rule parameters, when anything. */
  readonly endpoint: OperationEndpointIR | undefined;
}

export interface HttpChecksumIR {
  /** The header of the input member naming the request checksum's algorithm. */
  readonly requestAlgorithmHeader: string | undefined;
  readonly requestChecksumRequired: boolean;
  /** The header of the input member asking for response checksums. */
  readonly requestValidationModeHeader: string | undefined;
  readonly responseAlgorithms: readonly string[];
}

export interface ServiceIR {
  /** Folder and package name, e.g. iot-managed-integrations. */
  readonly packageName: string;
  readonly serviceId: string;
  readonly fullName: string;
  readonly apiVersion: string;
  readonly protocol: "rest-json" | "json" | "query" | "ec2" | "rest-xml" | "smithy-rpc-v2-cbor";
  readonly jsonVersion: string | undefined;
  readonly targetPrefix: string | undefined;
  readonly signingName: string;
  readonly endpointPrefix: string;
  readonly awsQueryCompatible: boolean;
  /** Wire facts the model does not state (see ir/customizations.ts). */
  readonly customization: ServiceCustomization;
  readonly docs: string;
  /** The model's documentation HTML as written; "" when none. */
  readonly docsHtml: string;
  /** The model's `metadata.uid` (e.g. `iot-managed-integrations-2025-03-03`), for links to the AWS API documentation. */
  readonly uid: string | undefined;
  /** Identifiers fixed for the whole package. */
  readonly names: {
    readonly client: string;
    readonly aggregate: string;
    readonly baseException: string;
  };
  /** Every shape reachable from an operation, by model name, in name order. */
  readonly shapes: ReadonlyMap<string, ShapeIR>;
  /** Operations in name order. */
  readonly operations: readonly OperationIR[];
  /** The endpoint rules and the client options that feed them. */
  readonly endpoints: EndpointsIR;
  /** sha256 of the canonical model, for the generated banner. */
  readonly modelHash: string;
  /** Notices for the user that do not stop generation (unsupported features). */
  readonly notices: readonly string[];
  /** The model's waiters, in name order (ir/waiters.ts). */
  readonly waiters: readonly import("./waiters.js").WaiterIR[];
}
