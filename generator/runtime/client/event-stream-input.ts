// The events a client sends (an operation's input event stream): each event object (keyed by
// its member name, as the output events are) becomes an event message, JSON for the JSON
// protocols, and each message travels signed in an envelope chained from the request's signature
// (auth/event-signing.ts). The stream ends with a signed empty envelope.
import { EventSigner, signatureOf } from "../auth/event-signing.js";
import { encodeMessage, type EventHeaderValue } from "../codecs/eventstream.js";
import { utf8Encode } from "../codecs/encoding.js";
import { writeJson } from "../codecs/json.js";
import { RequestValidationError, UnsupportedOperationError } from "../errors.js";
import { resolveSchema, type MemberSchema, type Schema, type StructureSchema } from "../schema.js";
import type { EventSigningFacts } from "./call-stream.js";

const bodies = new WeakMap<StructureSchema, StructureSchema>();

/** The members of an event that travel in its body (not in headers), as a structure of their own. */
export function bodyOf(schema: StructureSchema): StructureSchema {
  let body = bodies.get(schema);
  if (body === undefined) {
    const members: Record<string, MemberSchema> = Object.create(null) as Record<string, MemberSchema>;
    for (const key of Object.keys(schema.members)) if (schema.members[key]!.eventHeader !== true) members[key] = schema.members[key]!;
    body = { type: "structure", name: schema.name, members };
    bodies.set(schema, body);
  }
  return body;
}

function kindOf(schema: Schema): string {
  return typeof schema === "string" ? schema : schema.type;
}

/** A member value as an event header of the member's type. */
function headerOf(target: Schema, value: unknown): EventHeaderValue | undefined {
  switch (kindOf(target)) {
    case "boolean":
      return typeof value === "boolean" ? { type: "boolean", value } : undefined;
    case "byte":
      return typeof value === "number" ? { type: "byte", value } : undefined;
    case "short":
      return typeof value === "number" ? { type: "short", value } : undefined;
    case "integer":
      return typeof value === "number" ? { type: "integer", value } : undefined;
    case "long":
      return typeof value === "number" || typeof value === "bigint" ? { type: "long", value: BigInt(value) } : undefined;
    case "blob":
      return value instanceof Uint8Array
        ? { type: "binary", value }
        : typeof value === "string"
          ? { type: "binary", value: utf8Encode(value) }
          : undefined;
    case "timestamp":
      return value instanceof Date ? { type: "timestamp", value } : undefined;
    default:
      return typeof value === "string" ? { type: "string", value } : undefined;
  }
}

/** One event object as an event message; an event that is not one known member throws RequestValidationError. */
export function encodeEvent(operation: string, member: string, union: StructureSchema, event: unknown): Uint8Array {
  const set =
    typeof event === "object" && event !== null
      ? Object.keys(event).filter((k) => (event as Record<string, unknown>)[k] !== undefined)
      : [];
  const name = set.length === 1 && Object.hasOwn(union.members, set[0]!) ? set[0]! : undefined;
  if (name === undefined) {
    throw new RequestValidationError(operation, [
      { path: member, constraint: "union", message: `each event must set exactly one of ${Object.keys(union.members).join(", ")}` },
    ]);
  }
  const value = (event as Record<string, unknown>)[name];
  const schema = resolveSchema(union.members[name]!.target);
  const headers: Array<[string, EventHeaderValue]> = [
    [":message-type", { type: "string", value: "event" }],
    [":event-type", { type: "string", value: name }],
  ];
  if (typeof schema !== "object" || schema.type !== "structure" || typeof value !== "object" || value === null) {
    throw new RequestValidationError(operation, [{ path: `${member}.${name}`, constraint: "type", message: "must be an object" }]);
  }
  const record = value as Readonly<Record<string, unknown>>;
  let payload: string | undefined;
  for (const key of Object.keys(schema.members)) {
    const m = schema.members[key]!;
    const given = Object.hasOwn(record, key) ? record[key] : undefined;
    if (m.eventPayload === true) payload = key;
    if (m.eventHeader !== true || given === undefined) continue;
    const header = headerOf(resolveSchema(m.target), given);
    if (header === undefined)
      throw new RequestValidationError(operation, [
        { path: `${member}.${name}.${key}`, constraint: "type", message: "has the wrong type" },
      ]);
    headers.push([key, header]);
  }
  let body: Uint8Array;
  let contentType = "application/json";
  if (payload !== undefined) {
    const target = resolveSchema(schema.members[payload]!.target);
    const given = Object.hasOwn(record, payload) ? record[payload] : undefined;
    if (kindOf(target) === "blob") {
      contentType = "application/octet-stream";
      body = given instanceof Uint8Array ? given : utf8Encode(typeof given === "string" ? given : "");
    } else if (kindOf(target) === "string") {
      contentType = "text/plain";
      body = utf8Encode(typeof given === "string" ? given : "");
    } else body = utf8Encode(given === undefined ? "{}" : writeJson(target, given));
  } else body = utf8Encode(writeJson(bodyOf(schema), record));
  headers.push([":content-type", { type: "string", value: contentType }]);
  return encodeMessage({ headers, body });
}

/** The request body: each event signed in turn, then the empty envelope that ends the stream. */
export async function* signedEvents(
  operation: string,
  member: string,
  union: StructureSchema,
  events: AsyncIterable<unknown>,
  authorization: string,
  signing: EventSigningFacts,
): AsyncGenerator<Uint8Array, void, undefined> {
  const seedSignature = signatureOf(authorization);
  if (signing.regionSet !== undefined || seedSignature === undefined) {
    throw new UnsupportedOperationError(`${operation}: events can be signed only after a SigV4 request signature`);
  }
  const signer = new EventSigner({ credentials: signing.credentials, region: signing.region, service: signing.service, seedSignature });
  for await (const event of events) yield await signer.sign(encodeEvent(operation, member, union, event));
  yield await signer.sign(new Uint8Array(0));
}
