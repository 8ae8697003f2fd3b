// The in-process mock: `mockClient(client)` or `mockClient(ClientClass)` answers that client's (or
// every instance's) calls from declared behaviours instead of the network. Input validation
// still runs first, as in production; the call then goes to the client's call handler
// (client.ts), which this module installs while any mock is active and removes with the last.
import { setCallHandler, ServiceClient, type CallOptions } from "../client/client.js";
import { setEntry } from "../codecs/members.js";
import type { ResponseMetadata } from "../errors.js";
import { redact } from "../redact.js";
import type { OperationSchema } from "../schema.js";
import { Stubs, type Answer, type DeepPartial, type MockSpec, type OperationStub, type OperationMap } from "./stubs.js";

/** Thrown by a mocked call no behaviour answers: names the operation and shows the input, secrets redacted. */
export class UnmatchedCallError extends Error {
  override readonly name = "UnmatchedCallError";
}

const SHOWN_INPUT_CHARS = 1000;

type ClientClass = abstract new (...args: never[]) => ServiceClient;

/** A mock of one client or one client class; `Ops` maps operation names to their types. */
export class ClientMock<Ops extends OperationMap<Ops>, ErrorFields extends object> {
  readonly #stubs: Stubs;
  readonly #target: ServiceClient | ClientClass;
  readonly #answering: Answering;

  constructor(spec: MockSpec, target: ServiceClient | ClientClass) {
    this.#stubs = new Stubs(spec);
    this.#target = target;
    this.#answering = (operation, input) => this.#answer(operation, input);
    install(this.#answering, target);
  }

  /** Declares a behaviour for calls of `operation` whose input matches `partialInput` (every call when absent). */
  on<K extends keyof Ops & string>(operation: K, partialInput?: DeepPartial<Ops[K]["input"]>): OperationStub<Ops[K], ErrorFields> {
    return this.#stubs.on(operation, partialInput) as unknown as OperationStub<Ops[K], ErrorFields>;
  }

  /** The inputs of the calls of `operation` so far, in order (answered or not). */
  calls<K extends keyof Ops & string>(operation: K): Array<Ops[K]["input"]> {
    return this.#stubs.calls(operation);
  }

  /** Forgets every behaviour and recorded call; the mock stays installed. */
  reset(): void {
    this.#stubs.reset();
  }

  /** Uninstalls the mock: its client (or class) goes to the network again. */
  restore(): void {
    uninstall(this.#answering, this.#target);
  }

  /** The answer for one call. */
  async #answer(operation: OperationSchema, input: object): Promise<Record<string, unknown>> {
    const found = this.#stubs.answer(operation.name, input);
    if (found === undefined) {
      let shown = JSON.stringify(operation.input === undefined ? {} : redact(input, operation.input)) ?? "{}";
      if (shown.length > SHOWN_INPUT_CHARS) shown = `${shown.slice(0, SHOWN_INPUT_CHARS)}...`;
      throw new UnmatchedCallError(`${operation.name}: no mocked behaviour matches this input: ${shown}`);
    }
    return settle(found.answer, found.stub, operation, input);
  }
}

function metadata(status: number): ResponseMetadata {
  return { httpStatusCode: status, attempts: 1, totalRetryDelay: 0 };
}

async function settle(answer: Answer, stub: OperationStub, operation: OperationSchema, input: object): Promise<Record<string, unknown>> {
  switch (answer.kind) {
    case "resolve":
      return { ...answer.output, $metadata: metadata(operation.responseCode ?? 200) };
    case "fake": {
      const output = stub.check(await (answer.fn as (input: object) => unknown)(input), "callsFake's function");
      return { ...output, $metadata: metadata(operation.responseCode ?? 200) };
    }
    case "reject": {
      const error = answer.error;
      if (error instanceof Error) throw error;
      const { error: schema, fields } = error;
      const message = fields["message"] ?? fields["Message"];
      const members: Record<string, unknown> = {};
      for (const key of Object.keys(fields)) if (key !== "message") setEntry(members, key, fields[key]);
      throw new schema.ctor({
        message: typeof message === "string" ? message : schema.code,
        $fault: schema.fault,
        $metadata: metadata(schema.httpStatusCode ?? (schema.fault === "server" ? 500 : 400)),
        members,
      });
    }
  }
}

/** What the registry keeps of a mock: how it answers a call. */
type Answering = (operation: OperationSchema, input: object) => Promise<Record<string, unknown>>;

// The active mocks: by instance, and by class (the most recent first).
const byClient = new WeakMap<ServiceClient, Answering>();
const byClass: Array<{ cls: ClientClass; mock: Answering }> = [];
let active = 0;

function handler(client: ServiceClient, operation: OperationSchema, input: object, _options: CallOptions | undefined) {
  let mock = byClient.get(client);
  if (mock === undefined) mock = byClass.find((entry) => client instanceof entry.cls)?.mock;
  return mock?.(operation, input);
}

function install(mock: Answering, target: ServiceClient | ClientClass): void {
  if (target instanceof ServiceClient) {
    if (!byClient.has(target)) active++;
    byClient.set(target, mock);
  } else if (typeof target === "function" && (target === ServiceClient || target.prototype instanceof ServiceClient)) {
    const at = byClass.findIndex((entry) => entry.cls === target);
    if (at !== -1) byClass.splice(at, 1);
    else active++;
    byClass.unshift({ cls: target, mock });
  } else {
    throw new TypeError("mockClient takes a client or a client class");
  }
  setCallHandler(handler);
}

function uninstall(mock: Answering, target: ServiceClient | ClientClass): void {
  if (target instanceof ServiceClient) {
    if (byClient.get(target) !== mock) return;
    byClient.delete(target);
  } else {
    const at = byClass.findIndex((entry) => entry.mock === mock);
    if (at === -1) return;
    byClass.splice(at, 1);
  }
  if (--active === 0) setCallHandler(undefined);
}
