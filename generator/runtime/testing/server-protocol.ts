// The server's half of a protocol: which operation a request calls and its input, and the bytes
// of an output or an error. One module per protocol family (server-rest-json.ts, server-aws-json.ts,
// server-query.ts, server-rest-xml.ts), each reusing the client's codecs the other way round; the
// generated src/testing.ts imports the one its model names (emit/protocols.ts registers it).
import type { OperationSchema, StructureSchema } from "../schema.js";
import type { MockSpec } from "./stubs.js";

export interface ServerRequest {
  readonly method: string;
  /** The path as sent (percent-encoded), without the query. */
  readonly path: string;
  /** Decoded pairs in order. */
  readonly query: ReadonlyArray<readonly [string, string]>;
  /** Lower-case names. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Uint8Array;
}

export interface ServerResponse {
  readonly statusCode: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string | Uint8Array;
}

/** An error to send: its code, status, fault, and members of its modelled shape (when it has one). */
export interface ErrorReply {
  readonly code: string;
  readonly statusCode: number;
  readonly fault: "client" | "server";
  readonly message: string;
  readonly schema: StructureSchema | undefined;
  readonly members: Readonly<Record<string, unknown>>;
}

export interface Routed {
  readonly operation: OperationSchema;
  readonly input: Record<string, unknown>;
}

export interface ServerProtocol {
  readonly name: string;
  /** The operation a request calls and its input read from the wire; undefined when no operation matches. Throws when the request cannot be read. */
  route(spec: MockSpec, request: ServerRequest): Routed | undefined;
  /** A success response for the operation's output. */
  respond(spec: MockSpec, operation: OperationSchema, output: Readonly<Record<string, unknown>>, requestId: string): ServerResponse;
  /** An error response. */
  fail(spec: MockSpec, operation: OperationSchema | undefined, error: ErrorReply, requestId: string): ServerResponse;
}

/** The member that carries an error's message (`message`, `Message`...), when the shape has one. */
export function messageMember(schema: StructureSchema | undefined): string | undefined {
  if (schema === undefined) return undefined;
  return Object.keys(schema.members).find((name) => name.toLowerCase() === "message" || name.toLowerCase() === "errormessage");
}
