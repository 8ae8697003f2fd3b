// svcgen 0.1.0 runtime: copied verbatim from generator/runtime/client/client.ts; do not edit.
// The request pipeline every generated operation goes through: validate, serialise, sign, send,
// retry, parse. A generated client is `class XClient extends ServiceClient`; a generated
// operation is one `invoke(client, XOperation, input, options)` call. The attempt loop is in
// call.ts; configuration types in config.ts.
import { memoize, toCredentialProvider } from "../auth/credentials.js";
import { RequestValidationError, UnsupportedOperationError } from "../errors.js";
import type { OperationSchema } from "../schema.js";
import type { ServiceSchema } from "../service.js";
import { Call } from "./call.js";
import { DEFAULT_TIMEOUT_MS, durationOption, userAgentOf, type CallOptions, type ClientConfig, type WithMetadata } from "./config.js";
import { DEFAULT_MAX_ATTEMPTS, RetryQuota, backoffPolicy } from "./retry.js";
import type { ClientState } from "./state.js";

export type {
  CallOptions,
  ClientConfig,
  ClientHooks,
  Logger,
  RegionProvider,
  RequestHookContext,
  ResponseHookContext,
  RetryHookContext,
  UserAgentPair,
  WithMetadata,
} from "./config.js";

let stateOf: (client: ServiceClient) => ClientState;

/**
 * Answers a call in process instead of the network, or returns undefined to let it through. Only
 * a package's `testing` entry point installs one (mockClient); unset, a call pays one comparison.
 */
export type CallHandler = (
  client: ServiceClient,
  operation: OperationSchema,
  input: object,
  options: CallOptions | undefined,
) => Promise<Record<string, unknown>> | undefined;

let callHandler: CallHandler | undefined;

/** Installs (or, with undefined, removes) the process's call handler. */
export function setCallHandler(handler: CallHandler | undefined): void {
  callHandler = handler;
}

/**
 * Holds configuration, credentials and connections; operations are separate functions so an
 * application bundles only those it imports. Every field is private: printing or serialising
 * a client never shows credentials.
 */
export class ServiceClient {
  readonly #state: ClientState;

  static {
    stateOf = (client) => client.#state;
  }

  constructor(service: ServiceSchema, config: ClientConfig = {}) {
    const maxAttempts = config.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
    if (!Number.isInteger(maxAttempts) || maxAttempts < 1) {
      throw new RangeError(`maxAttempts must be an integer >= 1, got ${maxAttempts}`);
    }
    const backoff = backoffPolicy(config.retry);
    this.#state = {
      service,
      config,
      maxAttempts,
      timeoutMs: durationOption(config.timeoutMs, DEFAULT_TIMEOUT_MS, "timeoutMs"),
      requestTimeoutMs: durationOption(config.requestTimeoutMs, Infinity, "requestTimeoutMs"),
      backoff,
      quota: new RetryQuota(config.retry?.quotaCapacity),
      userAgent: userAgentOf(service.userAgent ?? "svcgen", config),
      hooks: config.hooks,
      credentials: config.credentials === undefined ? undefined : memoize(toCredentialProvider(config.credentials)),
      region: undefined,
      regionLoading: undefined,
      profileLoading: undefined,
      endpointBase: undefined,
      endpointBaseLoading: undefined,
      endpointCache: new Map(),
      lastEndpoint: undefined,
      transport: undefined,
      transportLoading: undefined,
    };
  }

  /** Closes idle keep-alive connections; later calls open new ones. */
  destroy(): void {
    const state = this.#state;
    state.transport?.destroy();
    state.transport = undefined;
    state.transportLoading = undefined;
  }

  /** What util.inspect and JSON show: which service and region, never credentials. */
  toJSON(): Record<string, unknown> {
    const state = this.#state;
    const endpoint = state.lastEndpoint;
    return {
      serviceId: state.service.serviceId,
      region: state.region ?? (typeof state.config.region === "string" ? state.config.region : undefined),
      endpoint:
        endpoint === undefined
          ? undefined
          : `${endpoint.protocol}//${endpoint.hostname}${endpoint.port === undefined ? "" : `:${endpoint.port}`}${endpoint.basePath}`,
    };
  }

  [Symbol.for("nodejs.util.inspect.custom")](): Record<string, unknown> {
    return this.toJSON();
  }
}

/** The runtime's view of a client (presign.ts, client/event-stream.ts); never part of a package's API. */
export function clientState(client: ServiceClient): ClientState {
  return stateOf(client);
}

/** Why an event-stream operation cannot go through `invoke`. */
export function unsupportedStream(operation: OperationSchema): UnsupportedOperationError {
  const name = operation.name;
  return new UnsupportedOperationError(
    `${name} streams events: call it through its generated function (invokeEventStream); nothing was sent`,
  );
}

/** Calls one operation: the function every generated operation module wraps. */
export async function invoke<Output extends object = Record<string, unknown>>(
  client: ServiceClient,
  operation: OperationSchema,
  input: object | undefined,
  options?: CallOptions,
): Promise<WithMetadata<Output>> {
  const state = stateOf(client);
  if (operation.eventStream !== undefined) throw unsupportedStream(operation);
  const issues = state.config.validateInput === false ? undefined : operation.validateInput?.(input);
  if (issues !== undefined && issues.length > 0) throw new RequestValidationError(operation.name, issues);
  if (callHandler !== undefined) {
    const handled = callHandler(client, operation, input ?? {}, options);
    if (handled !== undefined) return (await handled) as WithMetadata<Output>;
  }
  const call = new Call(state, operation, input ?? {}, options);
  return (await call.run()) as WithMetadata<Output>;
}
