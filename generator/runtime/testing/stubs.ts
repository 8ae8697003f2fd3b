// The behaviours both mocks share: `on(operation, partialInput)` declares one, its answers are
// resolves / rejects / callsFake (for every call) and resolvesOnce / rejectsOnce (queued, used up
// first, in order). A call is answered by the most recently declared behaviour of its operation
// whose partial input matches and that still has an answer; `calls(operation)` lists the inputs
// received. Outputs are checked against the model when declared, so a test cannot feed the code
// under test data the service would never send.
import type { ValidationIssue } from "../errors.js";
import type { ErrorSchema, OperationSchema } from "../schema.js";
import type { ServiceSchema } from "../service.js";
import { matchesPartial } from "./match.js";
import type { SampleFacts } from "./sample.js";
import { strictIssues } from "./strict.js";

/** What a package's testing module hands the mocks: its service, operations and output validators. */
export interface MockSpec {
  readonly service: ServiceSchema;
  readonly operations: readonly MockOperation[];
  /** Enum values and bounds of output slots: outputs are checked against the enums too. */
  readonly facts?: SampleFacts;
}

export interface MockOperation {
  readonly operation: OperationSchema;
  /** The generated output validator (output rules), when the operation has an output. */
  readonly validateOutput?: (value: unknown) => readonly ValidationIssue[];
  /** Top-level output members a paginator reads its next token from: the server's samples leave them out. */
  readonly pageTokens?: readonly string[];
}

/** One operation's types, as the generated testing module lists them. */
export interface OperationTypes {
  readonly input: object;
  readonly output: object;
}

/** An interface of operations (name → OperationTypes), as the generated testing module declares it. */
export type OperationMap<Ops> = { readonly [K in keyof Ops]: OperationTypes };

/** Any value with every member optional at every depth: what `on(operation, partialInput)` takes. */
export type DeepPartial<T> = T extends Date | Uint8Array
  ? T
  : T extends ReadonlyArray<infer U>
    ? ReadonlyArray<DeepPartial<U>>
    : T extends object
      ? { [K in keyof T]?: DeepPartial<T[K]> }
      : T;

/** A modelled error to answer with: its code (or shape name) and members. */
export interface ModelledRejection {
  readonly error: ErrorSchema;
  readonly fields: Readonly<Record<string, unknown>>;
}

export type Answer =
  | { readonly kind: "resolve"; readonly output: object }
  | { readonly kind: "reject"; readonly error: Error | ModelledRejection }
  | { readonly kind: "fake"; readonly fn: (input: never) => unknown };

/** A misuse of a mock (an output the model rejects, an unknown operation or error): a bug in the test. */
export class MockUsageError extends Error {
  override readonly name = "MockUsageError";
}

/** Issues as lines: `  - Items[0].AssociationState: must be one of ...`. */
export function issueLines(issues: readonly ValidationIssue[]): string {
  return issues.map((i) => `  - ${i.path === "" ? "(output)" : i.path}: ${i.message}`).join("\n");
}

/** One declared behaviour: what `on(...)` returns. Each method returns the behaviour, to chain. */
export class OperationStub<T extends OperationTypes = OperationTypes, ErrorFields extends object = Record<string, object>> {
  readonly #op: MockOperation;
  readonly #spec: MockSpec;
  readonly matcher: object | undefined;
  readonly once: Answer[] = [];
  always: Answer | undefined;

  constructor(op: MockOperation, spec: MockSpec, matcher: object | undefined) {
    this.#op = op;
    this.#spec = spec;
    this.matcher = matcher;
  }

  /** Every matching call resolves with `output`, checked against the model now. */
  resolves(output: T["output"]): this {
    this.always = { kind: "resolve", output: this.#checked(output, "resolves") };
    return this;
  }

  /** The next matching call (after earlier queued answers) resolves with `output`. */
  resolvesOnce(output: T["output"]): this {
    this.once.push({ kind: "resolve", output: this.#checked(output, "resolvesOnce") });
    return this;
  }

  /** Every matching call rejects: with the modelled error of that name (and members), or with `error` itself. */
  rejects<N extends keyof ErrorFields & string>(error: N | Error, fields?: ErrorFields[N]): this {
    this.always = { kind: "reject", error: this.#rejection(error, fields, "rejects") };
    return this;
  }

  rejectsOnce<N extends keyof ErrorFields & string>(error: N | Error, fields?: ErrorFields[N]): this {
    this.once.push({ kind: "reject", error: this.#rejection(error, fields, "rejectsOnce") });
    return this;
  }

  /** Every matching call runs `fn` with the input; what it returns is checked against the model, what it throws is thrown. */
  callsFake(fn: (input: T["input"]) => T["output"] | Promise<T["output"]>): this {
    if (typeof fn !== "function") throw new MockUsageError(`${this.#op.operation.name}: callsFake takes a function`);
    this.always = { kind: "fake", fn: fn as (input: never) => unknown };
    return this;
  }

  /** The answer for the next call this behaviour takes, or undefined when it has none left. */
  take(): Answer | undefined {
    return this.once.shift() ?? this.always;
  }

  /** `output` when the model accepts it as the operation's output; else a MockUsageError naming each path. */
  check(output: unknown, what: string): object {
    const name = this.#op.operation.name;
    if (typeof output !== "object" || output === null || Array.isArray(output)) {
      throw new MockUsageError(`${name}: ${what} needs an output object`);
    }
    const schema = this.#op.operation.output;
    let issues = this.#op.validateOutput?.(output) ?? [];
    if (issues.length === 0 && schema !== undefined) issues = strictIssues(schema, output, this.#spec.facts);
    if (schema === undefined && Object.keys(output).length > 0) {
      issues = [{ path: Object.keys(output)[0]!, constraint: "unknown", message: "the operation has no output members" }];
    }
    if (issues.length > 0) {
      throw new MockUsageError(`${name}: ${what}: the output does not fit the model (${issues.length} issue(s)):\n${issueLines(issues)}`);
    }
    return output;
  }

  #checked(output: unknown, what: string): object {
    return this.check(output, `${what}(...)`);
  }

  #rejection(error: unknown, fields: unknown, what: string): Error | ModelledRejection {
    if (error instanceof Error) return error;
    const name = this.#op.operation.name;
    const found = findModelledError(this.#spec.service, this.#op.operation, error);
    if (found === undefined) {
      throw new MockUsageError(`${name}: ${what}(${JSON.stringify(String(error))}): the model has no error of that name`);
    }
    const members = found.schema.members;
    const given = (fields ?? {}) as Readonly<Record<string, unknown>>;
    for (const key of Object.keys(given)) {
      if (!Object.hasOwn(members, key) && key !== "message") {
        throw new MockUsageError(`${name}: ${what}: ${found.schema.name} has no member ${JSON.stringify(key)}`);
      }
    }
    return { error: found, fields: given };
  }
}

/** The modelled error with this code or shape name: the operation's own first, then the service's. */
export function findModelledError(service: ServiceSchema, op: OperationSchema, name: unknown): ErrorSchema | undefined {
  if (typeof name !== "string") return undefined;
  const hit = (e: ErrorSchema): boolean => e.code === name || e.schema.name === name;
  return op.errors.find(hit) ?? service.errors?.find(hit);
}

/** The behaviours and recorded calls of one mock. */
export class Stubs {
  readonly #spec: MockSpec;
  readonly #operations = new Map<string, MockOperation>();
  readonly #behaviours = new Map<string, OperationStub[]>();
  readonly #calls = new Map<string, object[]>();

  constructor(spec: MockSpec) {
    this.#spec = spec;
    for (const op of spec.operations) this.#operations.set(op.operation.name, op);
  }

  operation(name: unknown): MockOperation {
    const op = typeof name === "string" ? this.#operations.get(name) : undefined;
    if (op === undefined) throw new MockUsageError(`${this.#spec.service.serviceId} has no operation ${JSON.stringify(String(name))}`);
    return op;
  }

  on(name: string, partialInput: object | undefined): OperationStub {
    const op = this.operation(name);
    if (partialInput !== undefined && (typeof partialInput !== "object" || partialInput === null)) {
      throw new MockUsageError(`${name}: on(...) takes a partial input object`);
    }
    const stub = new OperationStub(op, this.#spec, partialInput);
    let list = this.#behaviours.get(name);
    if (list === undefined) this.#behaviours.set(name, (list = []));
    list.push(stub);
    return stub;
  }

  /** Records the call and finds its answer: the latest matching behaviour with one left. */
  answer(name: string, input: object): { stub: OperationStub; answer: Answer } | undefined {
    let calls = this.#calls.get(name);
    if (calls === undefined) this.#calls.set(name, (calls = []));
    calls.push(input);
    const list = this.#behaviours.get(name) ?? [];
    for (let i = list.length - 1; i >= 0; i--) {
      const stub = list[i]!;
      if (stub.matcher !== undefined && !matchesPartial(stub.matcher, input)) continue;
      const answer = stub.take();
      if (answer !== undefined) return { stub, answer };
    }
    return undefined;
  }

  calls(name: string): object[] {
    this.operation(name);
    return [...(this.#calls.get(name) ?? [])];
  }

  reset(): void {
    this.#behaviours.clear();
    this.#calls.clear();
  }
}

/** The members a test may give a modelled error (`rejects("NotFound", { Message })`): its own, and `message`. */
export type ErrorFieldsOf<E> = { -readonly [K in Exclude<keyof E, keyof Error | "$fault" | "$metadata" | "$response">]?: E[K] } & {
  message?: string;
};
