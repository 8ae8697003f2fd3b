// The pagination loop behind every generated `paginateX`: pass each page's output token back as
// the next input token, until the service says there is no more, or the token cycles.
import { invoke, type CallOptions, type ServiceClient, type WithMetadata } from "./client.js";
import { TimeoutError } from "../errors.js";
import type { OperationSchema } from "../schema.js";

export interface PaginationOptions {
  /** Sent as the operation's limit member (MaxResults, Limit, ...) on every page. */
  readonly pageSize?: number | undefined;
  /**
   * Where to resume: the output token of an earlier page. Operations with several tokens take
   * an object keyed by input token name.
   */
  readonly startingToken?: string | Readonly<Record<string, unknown>> | undefined;
  /** Aborts the page in flight and ends the iteration. */
  readonly signal?: AbortSignal | undefined;
  /** Deadline of the whole iteration (every page), ms. Default: each page gets the client's timeoutMs. */
  readonly timeoutMs?: number | undefined;
  /** Stop after this many pages. */
  readonly maxPages?: number | undefined;
  /**
   * Stop when a page returns a token already used (a service bug that would otherwise loop
   * forever). Default true.
   */
  readonly stopOnSameToken?: boolean | undefined;
}

/** The model's paginator, as generated code writes it. Paths like "Paging.NextToken", "Items[-1].Id" and "A || B" work. */
export interface PaginationSpec {
  readonly inputToken: readonly string[];
  readonly outputToken: readonly string[];
  readonly limitKey?: string | undefined;
  readonly resultKey: readonly string[];
  readonly moreResults?: string | undefined;
  /** Members that describe a page rather than list results; pages are yielded whole, so they stay on each page. */
  readonly nonAggregateKeys?: readonly string[] | undefined;
}

/** Pages as an async iterable (each iteration starts over), plus the items of the first result key. */
export interface Paginator<Page, Item> extends AsyncIterable<Page> {
  items(): AsyncIterable<Item>;
}

export function paginate<Page extends object, Item = unknown>(
  client: ServiceClient,
  operation: OperationSchema,
  input: object | undefined,
  options: PaginationOptions | undefined,
  spec: PaginationSpec,
): Paginator<WithMetadata<Page>, Item> {
  const outputTokens = spec.outputToken.map(compilePath);
  const moreResults = spec.moreResults === undefined ? undefined : compilePath(spec.moreResults);
  const firstResult = spec.resultKey[0] === undefined ? undefined : compilePath(spec.resultKey[0]);
  const opts = options ?? {};
  if (opts.maxPages !== undefined && !(opts.maxPages >= 1)) throw new RangeError(`maxPages must be >= 1, got ${opts.maxPages}`);

  async function* pages(): AsyncGenerator<WithMetadata<Page>, void, undefined> {
    const deadline = opts.timeoutMs === undefined ? undefined : Date.now() + opts.timeoutMs;
    const seen = new Set<string>();
    let tokens = startingTokens(spec.inputToken, opts.startingToken);
    if (tokens !== undefined) seen.add(tokenKey(tokens));
    for (let count = 0; opts.maxPages === undefined || count < opts.maxPages; count++) {
      const request: Record<string, unknown> = { ...input };
      if (spec.limitKey !== undefined && opts.pageSize !== undefined) request[spec.limitKey] = opts.pageSize;
      // Defined, not assigned: a token member named `__proto__` must stay a member.
      if (tokens !== undefined)
        spec.inputToken.forEach((name, i) =>
          Object.defineProperty(request, name, {
            value: tokens?.[i],
            enumerable: true,
            writable: true,
            configurable: true,
          }),
        );
      const left = deadline === undefined ? undefined : deadline - Date.now();
      if (left !== undefined && left <= 0) {
        throw new TimeoutError(`${operation.name}: pagination deadline passed after ${count} page(s)`, {
          attempts: 0,
          totalRetryDelay: 0,
        });
      }
      const call: CallOptions = { signal: opts.signal, timeoutMs: left };
      const page = await invoke<Page>(client, operation, request, call);
      yield page;
      if (moreResults !== undefined && moreResults(page) !== true) return;
      const next = outputTokens.map((path) => path(page));
      if (next.every(isEmptyToken)) return;
      const key = tokenKey(next);
      if (opts.stopOnSameToken !== false && seen.has(key)) return;
      seen.add(key);
      tokens = next;
    }
  }

  return {
    [Symbol.asyncIterator]: () => pages(),
    items: () => ({
      async *[Symbol.asyncIterator](): AsyncGenerator<Item, void, undefined> {
        if (firstResult === undefined) return;
        for await (const page of pages()) {
          const items = firstResult(page);
          if (Array.isArray(items)) yield* items as Item[];
        }
      },
    }),
  };
}

function isEmptyToken(token: unknown): boolean {
  return token === undefined || token === null || token === "";
}

function tokenKey(tokens: readonly unknown[]): string {
  return JSON.stringify(tokens);
}

function startingTokens(names: readonly string[], start: PaginationOptions["startingToken"]): unknown[] | undefined {
  if (start === undefined) return undefined;
  if (typeof start === "string") {
    if (names.length !== 1) {
      throw new TypeError(`startingToken: this operation has ${names.length} tokens (${names.join(", ")}); pass an object keyed by them`);
    }
    return [start];
  }
  return names.map((name) => (Object.hasOwn(start, name) ? start[name] : undefined));
}

type PathFn = (value: unknown) => unknown;

/**
 * Compiles the paginator path language botocore models use: dotted member names, an index
 * (negative counts from the end) after a name, and `a || b` (the first non-empty of the two).
 */
export function compilePath(expression: string): PathFn {
  const alternatives = expression.split("||").map((part) => compileSteps(part.trim(), expression));
  if (alternatives.length === 1 && alternatives[0] !== undefined) return alternatives[0];
  return (value) => {
    for (const alternative of alternatives) {
      const found = alternative(value);
      if (!isEmptyToken(found)) return found;
    }
    return undefined;
  };
}

type Step = { readonly member: string } | { readonly index: number };

const STEP = /^([A-Za-z_][A-Za-z0-9_]*)((?:\[-?\d+\])*)$/;
const INDEX = /\[(-?\d+)\]/g;

function compileSteps(path: string, expression: string): PathFn {
  const steps: Step[] = [];
  for (const part of path.split(".")) {
    const m = STEP.exec(part);
    if (m === null) throw new SyntaxError(`unsupported paginator path "${expression}" at "${part}"`);
    steps.push({ member: m[1] ?? "" });
    for (const index of (m[2] ?? "").matchAll(INDEX)) steps.push({ index: Number(index[1]) });
  }
  return (value) => {
    let current = value;
    for (const step of steps) {
      if ("member" in step) {
        if (typeof current !== "object" || current === null) return undefined;
        // Own members only: an absent `constructor` token is absent, not Object's function.
        current = Object.hasOwn(current, step.member) ? (current as Record<string, unknown>)[step.member] : undefined;
      } else {
        if (!Array.isArray(current)) return undefined;
        current = current.at(step.index);
      }
    }
    return current;
  };
}
