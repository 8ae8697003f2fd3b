// Operations whose output is an event stream (Bedrock's ConverseStream, Lambda's
// InvokeWithResponseStream, S3's SelectObjectContent...). The call goes through the ordinary
// pipeline (endpoint, signing, retries of error responses); a success response is read as it
// arrives: its header members fill the output at once, and the stream member becomes an
// AsyncIterable of events, each an object keyed by its member name (`{ contentBlockDelta: {...} }`).
// Modeled `exception` events are thrown from the loop as their generated error classes, `error`
// events as the service's base exception named by `:error-code`. Breaking out of the loop or
// aborting the call's signal closes the connection.
import { EventStreamFormatError, decodeEventStream, type EventHeaderValue, type EventMessage } from "../codecs/eventstream.js";
import { setEntry } from "../codecs/members.js";
import { SIGNED_EVENTS_PAYLOAD } from "../auth/event-signing.js";
import {
  AbortError,
  EventStreamError,
  NetworkError,
  RequestValidationError,
  UnsupportedOperationError,
  type ResponseMetadata,
} from "../errors.js";
import { TransportError, readBody, type BodyStream, type HttpResponse, type Transport } from "../http/transport.js";
import type { MemberSchema, OperationSchema, StructureSchema } from "../schema.js";
import { resolveSchema } from "../schema.js";
import type { ServiceSchema } from "../service.js";
import { Call } from "./call.js";
import { oneChunk, type EventSigningFacts, type StreamReader } from "./call-stream.js";
import { bodyOf, signedEvents } from "./event-stream-input.js";
import { clientState, unsupportedStream, type ServiceClient } from "./client.js";
import type { CallOptions, WithMetadata } from "./config.js";

/**
 * Calls an operation whose output member is an event stream. Settles once the response headers
 * have arrived (awsJson services: once their `initial-response` event has too); `timeoutMs`
 * covers that much, and the stream then runs until it ends, the loop is left or `signal` aborts.
 * A stream holds its connection until it is read to the end or left.
 */
export async function invokeEventStream<Output extends object = Record<string, unknown>>(
  client: ServiceClient,
  operation: OperationSchema,
  input: object | undefined,
  options?: CallOptions,
): Promise<WithMetadata<Output>> {
  const state = clientState(client);
  const binding = operation.eventStream;
  if (binding === undefined || (binding.output === undefined && binding.input === undefined)) throw unsupportedStream(operation);
  const issues = state.config.validateInput === false ? undefined : operation.validateInput?.(input);
  if (issues !== undefined && issues.length > 0) throw new RequestValidationError(operation.name, issues);
  const service = state.service;
  const signal = options?.signal;
  const member = binding.output;
  const read: StreamReader = async (response, $metadata, done) => {
    const body = response.stream ?? oneChunk(response.body);
    const output = service.protocol.deserializeOutput(
      service,
      operation,
      { ...response, body: member === undefined ? await readBody(body, Infinity) : new Uint8Array(0) },
      $metadata,
    );
    if (member === undefined) return output;
    const reader = new EventReader(service, operation, response, body, $metadata, signal, done);
    if (service.protocol.name === "json") await reader.initialResponse(output);
    setEntry(output, member, reader.events());
    return output;
  };
  const sent = binding.input;
  if (sent === undefined) return (await new Call(state, operation, input ?? {}, options, { read }).run()) as WithMetadata<Output>;

  // The request streams events too: over HTTP/2, the only way the services take them.
  const name = operation.name;
  if (service.protocol.name !== "rest-json") {
    throw new UnsupportedOperationError(`${name}: sending an event stream is supported for rest-json services only; nothing was sent`);
  }
  const events = input !== undefined && Object.hasOwn(input, sent) ? (input as Record<string, unknown>)[sent] : undefined;
  if (
    typeof events !== "object" ||
    events === null ||
    typeof (events as { [Symbol.asyncIterator]?: unknown })[Symbol.asyncIterator] !== "function"
  ) {
    throw new RequestValidationError(name, [{ path: sent, constraint: "type", message: "must be an AsyncIterable of events" }]);
  }
  const union = resolveSchema(operation.input!.members[sent]!.target) as StructureSchema;
  const rest: Record<string, unknown> = {};
  for (const key of Object.keys(input!)) if (key !== sent) setEntry(rest, key, (input as Record<string, unknown>)[key]);
  const send = {
    headers: { "content-type": "application/vnd.amazon.eventstream", "x-amz-content-sha256": SIGNED_EVENTS_PAYLOAD },
    transport: () => http2Transport(name),
    body: (authorization: string, signing: EventSigningFacts) =>
      signedEvents(name, sent, union, events as AsyncIterable<unknown>, authorization, signing),
  };
  return (await new Call(state, operation, rest, options, { read, send }).run()) as WithMetadata<Output>;
}

/** The HTTP/2 transport (node:http2), loaded when first needed. */
async function http2Transport(operation: string): Promise<Transport> {
  try {
    const { createHttp2Transport } = await import("../http/node-http2.js");
    return createHttp2Transport();
  } catch (cause) {
    throw new UnsupportedOperationError(`${operation} streams events both ways, which needs HTTP/2 (node:http2), not available here`, {
      cause,
    });
  }
}

/** One response's events: framing, message types, event members, errors. */
class EventReader {
  readonly #service: ServiceSchema;
  readonly #operation: OperationSchema;
  readonly #response: HttpResponse;
  readonly #body: BodyStream;
  readonly #metadata: ResponseMetadata;
  readonly #signal: AbortSignal | undefined;
  readonly #union: StructureSchema;
  readonly #messages: AsyncIterator<EventMessage>;
  readonly #done: () => void;
  /** A message read ahead (awsJson: the first one, when it was not `initial-response`). */
  #pending: EventMessage | undefined;

  constructor(
    service: ServiceSchema,
    operation: OperationSchema,
    response: HttpResponse,
    body: BodyStream,
    $metadata: ResponseMetadata,
    signal: AbortSignal | undefined,
    done: () => void,
  ) {
    this.#done = done;
    this.#service = service;
    this.#operation = operation;
    this.#response = response;
    this.#body = body;
    this.#metadata = $metadata;
    this.#signal = signal;
    const member = operation.output?.members[operation.eventStream!.output!];
    this.#union = resolveSchema(member!.target) as StructureSchema;
    this.#messages = decodeEventStream(body)[Symbol.asyncIterator]();
  }

  /** awsJson: the first event, `initial-response`, carries the output's other members. */
  async initialResponse(output: Record<string, unknown>): Promise<void> {
    const first = await this.#guard(() => this.#messages.next());
    if (first.done === true) return;
    if (stringHeader(first.value, ":event-type") !== "initial-response") {
      this.#pending = first.value;
      return;
    }
    const read = this.#service.protocol.deserializeOutput(
      this.#service,
      this.#operation,
      { statusCode: 200, headers: {}, body: first.value.body },
      this.#metadata,
    );
    for (const key of Object.keys(read)) setEntry(output, key, read[key]);
  }

  async *events(): AsyncGenerator<Record<string, unknown>, void, undefined> {
    const signal = this.#signal;
    const body = this.#body;
    const onAbort = (): void => body.cancel(signal?.reason);
    signal?.addEventListener("abort", onAbort, { once: true });
    try {
      if (signal?.aborted === true) throw signal.reason;
      for (;;) {
        const pending = this.#pending;
        this.#pending = undefined;
        const next = pending === undefined ? await this.#guard(() => this.#messages.next()) : { done: false as const, value: pending };
        if (next.done === true) return;
        const event = this.#event(next.value);
        if (event !== undefined) yield event;
      }
    } finally {
      signal?.removeEventListener("abort", onAbort);
      this.#done();
      // Left early (break, return, a thrown event): the rest of the body is not wanted, and
      // returning the reader returns the body's own iterator, which closes the connection.
      void this.#messages.return?.().catch(() => undefined);
    }
  }

  /** Runs a read, turning what breaks it into the runtime's typed errors. */
  async #guard<T>(read: () => Promise<T>): Promise<T> {
    try {
      return await read();
    } catch (error) {
      const name = this.#operation.name;
      const signal = this.#signal;
      if (signal?.aborted === true) {
        const reason: unknown = signal.reason;
        throw new AbortError(`${name}: aborted`, this.#metadata, reason === undefined ? undefined : { cause: reason });
      }
      if (error instanceof EventStreamFormatError) {
        throw new EventStreamError(`${name}: the event stream is malformed: ${error.message}`, this.#metadata, this.#raw(), {
          cause: error,
        });
      }
      if (error instanceof TransportError) throw new NetworkError(`${name}: ${error.message}`, this.#metadata, { cause: error });
      throw error;
    }
  }

  #raw(): { statusCode: number; headers: Readonly<Record<string, string>>; body: string } {
    return { statusCode: this.#response.statusCode, headers: this.#response.headers, body: "" };
  }

  /** One message as an event; throws for `exception` and `error` messages. */
  #event(message: EventMessage): Record<string, unknown> | undefined {
    const name = this.#operation.name;
    const type = stringHeader(message, ":message-type");
    if (type === "error") {
      const code = stringHeader(message, ":error-code") ?? "UnknownError";
      const text = stringHeader(message, ":error-message") ?? code;
      throw new this.#service.baseException({ name: code, message: text, $fault: "server", $metadata: this.#metadata });
    }
    if (type === "exception") throw this.#exception(message);
    if (type !== "event") {
      throw new EventStreamError(
        `${name}: an event stream message has :message-type ${JSON.stringify(type ?? null)}`,
        this.#metadata,
        this.#raw(),
      );
    }
    const eventType = stringHeader(message, ":event-type");
    if (eventType === undefined) throw new EventStreamError(`${name}: an event has no :event-type`, this.#metadata, this.#raw());
    const members = this.#union.members;
    const out: Record<string, unknown> = {};
    if (!Object.hasOwn(members, eventType)) {
      // An event this client does not know yet: its name and payload, as unknown union members are kept.
      out.$unknown = [eventType, message.body];
      return out;
    }
    setEntry(out, eventType, this.#read(members[eventType]!, message));
    return out;
  }

  #exception(message: EventMessage): Error {
    const code = stringHeader(message, ":exception-type") ?? "UnknownException";
    const binding = this.#operation.eventStream?.errors;
    const known = binding !== undefined && Object.hasOwn(binding, code) ? binding[code] : undefined;
    const members = known === undefined ? parseLoose(message.body) : this.#readStructure(known.schema, message.body);
    const text = messageOf(members) ?? code;
    if (known === undefined)
      return new this.#service.baseException({ name: code, message: text, $fault: "server", $metadata: this.#metadata });
    return new known.ctor({ message: text, $fault: known.fault, $metadata: this.#metadata, members });
  }

  /** An event's value: header members from headers, the payload member or the other members from the body. */
  #read(member: MemberSchema, message: EventMessage): unknown {
    const schema = resolveSchema(member.target);
    // Event members are structures in every model; anything else is handed over as its bytes.
    if (typeof schema !== "object" || schema.type !== "structure") return message.body;
    const value: Record<string, unknown> = {};
    let payload: string | undefined;
    for (const key of Object.keys(schema.members)) {
      const m = schema.members[key]!;
      if (m.eventHeader === true) {
        const header = message.headers.get(key);
        if (header !== undefined) setEntry(value, key, headerValue(header));
      } else if (m.eventPayload === true) payload = key;
    }
    if (payload !== undefined) {
      const target = resolveSchema(schema.members[payload]!.target);
      const kind = typeof target === "string" ? target : target.type;
      if (kind === "blob") setEntry(value, payload, message.body);
      else if (kind === "string") setEntry(value, payload, new TextDecoder().decode(message.body));
      else if (typeof target === "object" && target.type === "structure")
        setEntry(value, payload, this.#readStructure(target, message.body));
      else setEntry(value, payload, message.body);
      return value;
    }
    const read = this.#readStructure(bodyOf(schema), message.body);
    for (const key of Object.keys(read)) setEntry(value, key, read[key]);
    return value;
  }

  /** A structure from an event body, read by the service's protocol as if it were an output. */
  #readStructure(schema: StructureSchema, body: Uint8Array): Record<string, unknown> {
    if (body.length === 0) return {};
    const op: OperationSchema = { name: this.#operation.name, method: "POST", requestUri: "/", output: schema, errors: [] };
    return this.#service.protocol.deserializeOutput(this.#service, op, { statusCode: 200, headers: {}, body }, this.#metadata);
  }
}

function stringHeader(message: EventMessage, name: string): string | undefined {
  const header = message.headers.get(name);
  return header?.type === "string" ? header.value : undefined;
}

function headerValue(header: EventHeaderValue): unknown {
  return header.type === "long" ? Number(header.value) : header.value;
}

/** An unmodeled exception's body, when it is a JSON object (its `message` is all that is used). */
function parseLoose(body: Uint8Array): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(new TextDecoder().decode(body));
    return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

function messageOf(members: Readonly<Record<string, unknown>>): string | undefined {
  for (const key of ["message", "Message", "errorMessage"]) {
    const value = Object.hasOwn(members, key) ? members[key] : undefined;
    if (typeof value === "string") return value;
  }
  return undefined;
}
