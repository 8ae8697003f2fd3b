// svcgen 0.1.0 runtime: copied verbatim from generator/runtime/testing/server.ts; do not edit.
// The HTTP mock server: a loopback server speaking the service's protocol (the generated
// src/testing.ts hands it the protocol's server half). Each request is routed to its operation,
// read with the client's codecs, validated with the generated input validator, recorded, and
// answered by the behaviours declared with `on(...)` (stubs.ts) or else by a model-valid sample
// made from the seed (sample.ts). Unknown operations, unreadable requests and invalid input get
// the model's validation error (ValidationException or its like) when it has one, else a 400.
// Signatures are accepted, never required. node:http is loaded only when a server starts.
import type { IncomingMessage, Server, ServerResponse as NodeResponse } from "node:http";
import type { ValidationIssue } from "../errors.js";
import type { ErrorSchema, OperationSchema } from "../schema.js";
import { setEntry } from "../codecs/members.js";
import { ReadError } from "../codecs/values.js";
import { Sampler, type SampleFacts } from "./sample.js";
import type { ErrorReply, ServerProtocol, ServerRequest, ServerResponse } from "./server-protocol.js";
import { messageMember } from "./server-protocol.js";
import { MockUsageError, Stubs, type Answer, type DeepPartial, type MockSpec, type OperationStub, type OperationMap } from "./stubs.js";

export interface MockServerOptions {
  /** 0 (the default) picks a free port. */
  readonly port?: number;
  /** Default 127.0.0.1. */
  readonly host?: string;
  /** Same seed, same sample outputs (default 0). */
  readonly seed?: number | string;
  /** Largest request body accepted (default 16 MiB); larger gets 413. */
  readonly maxBodyBytes?: number;
}

/** What the server needs beyond the in-process mock's spec. */
export interface ServerSpec extends MockSpec {
  readonly facts: SampleFacts;
  /** The protocol's server half; absent for a protocol the mock server does not speak yet. */
  readonly server?: ServerProtocol;
}

export interface MockServer<Ops extends OperationMap<Ops>, ErrorFields extends object> {
  /** `http://127.0.0.1:<port>`: give it to a client as its `endpoint`. */
  readonly url: string;
  readonly port: number;
  on<K extends keyof Ops & string>(operation: K, partialInput?: DeepPartial<Ops[K]["input"]>): OperationStub<Ops[K], ErrorFields>;
  /** The inputs of the valid requests of `operation` so far, as read from the wire. */
  calls<K extends keyof Ops & string>(operation: K): Array<Ops[K]["input"]>;
  reset(): void;
  close(): Promise<void>;
}

const VALIDATION_CODES = [
  "ValidationException",
  "ValidationError",
  "InvalidParameterException",
  "InvalidParameterValueException",
  "InvalidRequestException",
  "InvalidInputException",
  "BadRequestException",
  "InvalidArgumentException",
];
const DEFAULT_MAX_BODY = 16 * 1024 * 1024;
const MAX_SHOWN_PATH = 200;

/** The model's validation error, when it has one: the operation's own first, then the service's. */
function validationError(spec: MockSpec, op: OperationSchema | undefined): ErrorSchema | undefined {
  for (const code of VALIDATION_CODES) {
    const hit = (e: ErrorSchema): boolean => e.code === code || e.schema.name === code;
    const found = op?.errors.find(hit) ?? spec.service.errors?.find(hit);
    if (found !== undefined) return found;
  }
  return undefined;
}

class HttpMockServer<Ops extends OperationMap<Ops>, ErrorFields extends object> implements MockServer<Ops, ErrorFields> {
  readonly #spec: ServerSpec;
  readonly #protocol: ServerProtocol;
  readonly #stubs: Stubs;
  readonly #seed: string;
  readonly #maxBody: number;
  #server: Server | undefined;
  #requests = 0;
  url = "";
  port = 0;

  constructor(spec: ServerSpec, protocol: ServerProtocol, options: MockServerOptions) {
    this.#spec = spec;
    this.#protocol = protocol;
    this.#stubs = new Stubs(spec);
    this.#seed = String(options.seed ?? 0);
    this.#maxBody = options.maxBodyBytes ?? DEFAULT_MAX_BODY;
  }

  async listen(options: MockServerOptions): Promise<this> {
    const http = await import("node:http");
    const server = http.createServer((req, res) => this.#serve(req, res));
    this.#server = server;
    const host = options.host ?? "127.0.0.1";
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(options.port ?? 0, host, () => {
        server.off("error", reject);
        resolve();
      });
    });
    const address = server.address();
    this.port = typeof address === "object" && address !== null ? address.port : 0;
    this.url = `http://${host.includes(":") ? `[${host}]` : host}:${this.port}`;
    return this;
  }

  on<K extends keyof Ops & string>(operation: K, partialInput?: DeepPartial<Ops[K]["input"]>): OperationStub<Ops[K], ErrorFields> {
    return this.#stubs.on(operation, partialInput) as unknown as OperationStub<Ops[K], ErrorFields>;
  }

  calls<K extends keyof Ops & string>(operation: K): Array<Ops[K]["input"]> {
    return this.#stubs.calls(operation);
  }

  reset(): void {
    this.#stubs.reset();
  }

  close(): Promise<void> {
    const server = this.#server;
    if (server === undefined) return Promise.resolve();
    this.#server = undefined;
    return new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  }

  #serve(req: IncomingMessage, res: NodeResponse): void {
    const chunks: Uint8Array[] = [];
    let size = 0;
    let refused = false;
    req.on("data", (chunk: Uint8Array) => {
      size += chunk.length;
      if (size > this.#maxBody) {
        if (!refused) this.#send(res, { statusCode: 413, headers: { "content-type": "text/plain" }, body: "request body too large" });
        refused = true;
        return;
      }
      chunks.push(chunk);
    });
    req.on("error", () => res.destroy());
    req.on("end", () => {
      if (refused) return;
      let body = new Uint8Array(size);
      let at = 0;
      for (const chunk of chunks) {
        body.set(chunk, at);
        at += chunk.length;
      }
      if (at !== size) body = body.slice(0, at);
      this.#answer(req, body).then(
        (response) => this.#send(res, response),
        () => this.#send(res, { statusCode: 500, headers: { "content-type": "text/plain" }, body: "mock server failure" }),
      );
    });
  }

  #send(res: NodeResponse, response: ServerResponse): void {
    if (res.headersSent) return;
    const body = typeof response.body === "string" ? Buffer.from(response.body, "utf8") : response.body;
    res.writeHead(response.statusCode, { ...response.headers, "content-length": String(body.length) });
    res.end(body);
  }

  async #answer(req: IncomingMessage, body: Uint8Array): Promise<ServerResponse> {
    const requestId = `mock-${String(++this.#requests).padStart(8, "0")}`;
    const spec = this.#spec;
    const protocol = this.#protocol;
    const raw = req.url ?? "/";
    const q = raw.indexOf("?");
    // No prototype: a header named `__proto__` or `constructor` is a header like any other.
    const headers = Object.create(null) as Record<string, string>;
    for (const [name, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(", ") : value;
    }
    const request: ServerRequest = {
      method: req.method ?? "GET",
      path: q === -1 ? raw : raw.slice(0, q),
      query: q === -1 ? [] : parseQuery(raw.slice(q + 1)),
      headers,
      body,
    };
    let routed;
    try {
      routed = protocol.route(spec, request);
    } catch (error) {
      // A reader's error names the member and the type it expected; a parser's may quote the body.
      const parser = (error instanceof ReadError ? error.cause : error) instanceof SyntaxError;
      const reason =
        error instanceof ReadError && !parser ? `${error.path}: ${error.message}` : "the body is not valid for the operation's protocol";
      return protocol.fail(spec, undefined, this.#invalid(undefined, `the request cannot be read: ${reason}`), requestId);
    }
    if (routed === undefined) {
      const target = headers["x-amz-target"];
      return protocol.fail(
        spec,
        undefined,
        this.#invalid(
          undefined,
          `no operation of ${spec.service.serviceId} matches ${request.method} ${request.path.slice(0, MAX_SHOWN_PATH)}${target === undefined ? "" : ` (X-Amz-Target ${target.slice(0, MAX_SHOWN_PATH)})`}`,
        ),
        requestId,
      );
    }
    const { operation, input } = routed;
    const issues: readonly ValidationIssue[] = operation.validateInput?.(input) ?? [];
    if (issues.length > 0) {
      const lines = issues.map((i) => `${i.path === "" ? "(input)" : i.path}: ${i.message}`).join("; ");
      return protocol.fail(spec, operation, this.#invalid(operation, `${operation.name}: invalid input: ${lines}`), requestId);
    }
    const found = this.#stubs.answer(operation.name, input);
    try {
      const output = found === undefined ? this.#sample(operation) : await this.#settle(found.answer, found.stub, input);
      return protocol.respond(spec, operation, output, requestId);
    } catch (error) {
      if (error instanceof Reply) return protocol.fail(spec, operation, error.reply, requestId);
      const name = error instanceof Error ? error.name : "Error";
      const message = error instanceof Error ? error.message : String(error);
      return protocol.fail(
        spec,
        operation,
        { code: name, statusCode: 500, fault: "server", message, schema: undefined, members: {} },
        requestId,
      );
    }
  }

  #sample(operation: OperationSchema): Record<string, unknown> {
    if (operation.output === undefined) return {};
    const entry = this.#spec.operations.find((o) => o.operation === operation);
    return new Sampler(this.#spec.facts, `${this.#seed}:${operation.name}`).structure(operation.output, 0, entry?.pageTokens ?? []);
  }

  async #settle(answer: Answer, stub: OperationStub, input: object): Promise<Record<string, unknown>> {
    switch (answer.kind) {
      case "resolve":
        return answer.output as Record<string, unknown>;
      case "fake":
        return stub.check(await (answer.fn as (input: object) => unknown)(input), "callsFake's function") as Record<string, unknown>;
      case "reject": {
        const error = answer.error;
        if (error instanceof Error) throw error;
        const schema = error.error;
        const given = error.fields;
        const message = typeof given["message"] === "string" ? given["message"] : schema.code;
        const members: Record<string, unknown> = { ...this.#errorSample(schema, message) };
        for (const key of Object.keys(given)) if (key !== "message") setEntry(members, key, given[key]);
        throw new Reply({
          code: schema.code,
          statusCode: schema.httpStatusCode ?? (schema.fault === "server" ? 500 : 400),
          fault: schema.fault,
          message,
          schema: schema.schema,
          members,
        });
      }
    }
  }

  /** The error's required members as samples, with its message member set. */
  #errorSample(error: ErrorSchema, message: string): Record<string, unknown> {
    const members: Record<string, unknown> = {};
    const sample = new Sampler(this.#spec.facts, `${this.#seed}:${error.code}`).structure(error.schema, 8);
    for (const key of error.schema.required ?? []) if (Object.hasOwn(sample, key)) setEntry(members, key, sample[key]);
    const messageName = messageMember(error.schema);
    if (messageName !== undefined) setEntry(members, messageName, message);
    return members;
  }

  #invalid(op: OperationSchema | undefined, message: string): ErrorReply {
    const error = validationError(this.#spec, op);
    if (error === undefined) {
      return { code: "ValidationException", statusCode: 400, fault: "client", message, schema: undefined, members: {} };
    }
    return {
      code: error.code,
      statusCode: error.httpStatusCode ?? 400,
      fault: "client",
      message,
      schema: error.schema,
      members: this.#errorSample(error, message),
    };
  }
}

/** A modelled error a behaviour answers with, on its way to the protocol's error writer. */
class Reply extends Error {
  constructor(readonly reply: ErrorReply) {
    super(reply.message);
  }
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, " "));
  } catch {
    return text;
  }
}

/** `a=1&b=2` as decoded pairs (`+` as space, as form bodies and most clients write it). */
export function parseQuery(text: string): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (const part of text.split("&")) {
    if (part === "") continue;
    const eq = part.indexOf("=");
    out.push(eq === -1 ? [decode(part), ""] : [decode(part.slice(0, eq)), decode(part.slice(eq + 1))]);
  }
  return out;
}

/** Starts a mock server for a package's spec (the generated startMockServer calls this). */
export function startServer<Ops extends OperationMap<Ops>, ErrorFields extends object>(
  spec: ServerSpec,
  options: MockServerOptions = {},
): Promise<MockServer<Ops, ErrorFields>> {
  const protocol = spec.server;
  if (protocol === undefined) {
    return Promise.reject(
      new MockUsageError(`the mock server does not speak ${spec.service.protocol.name} yet; mockClient works for every protocol`),
    );
  }
  return new HttpMockServer<Ops, ErrorFields>(spec, protocol, options).listen(options);
}
