// The request pipeline every generated operation goes through: validate, serialise, sign, send,
// retry, parse. A generated client is `class XClient extends ServiceClient`; a generated
// operation is one `invoke(client, XOperation, input, options)` call.
import { percentEncode, utf8Encode } from "./codecs.js";
import {
  defaultCredentials,
  envSetting,
  memoize,
  profileSettings,
  resolveRegion,
  toCredentialProvider,
  type CredentialProvider,
  type Credentials,
  type CredentialsInput,
} from "./credentials.js";
import { isValidHostLabel, type EndpointResult } from "./endpoints.js";
import {
  AbortError,
  CallError,
  NetworkError,
  RequestValidationError,
  ServiceException,
  TimeoutError,
  type ResponseMetadata,
} from "./errors.js";
import { deserializeError, deserializeOutput, serializeRequest } from "./protocol.js";
import { REDACTED, redact, scrubError, secretTexts, sensitiveValues, wireRedactor } from "./redact.js";
import {
  DEFAULT_MAX_ATTEMPTS,
  RetryQuota,
  backoffDelay,
  backoffPolicy,
  classifyError,
  markNotRetryable,
  type BackoffPolicy,
  type RetryKind,
  type RetryOptions,
} from "./retry.js";
import type { OperationSchema, ServiceSchema } from "./schema.js";
import { signRequest, type SignableRequest } from "./sigv4.js";
import type { SigV4aSigningOptions } from "./sigv4a.js";
import {
  Cancellation,
  TransportError,
  defaultTransport,
  type HttpRequest,
  type HttpResponse,
  type Transport,
} from "./transport.js";

/** Default deadline of a whole call, every attempt and backoff sleep included. */
export const DEFAULT_TIMEOUT_MS = 60_000;
export const DEFAULT_MAX_RESPONSE_BYTES = 100 * 1024 * 1024;
export const DEFAULT_MAX_SOCKETS = 50;
// Larger delays overflow setTimeout (it would fire at once), so they mean "no deadline".
const MAX_TIMER_MS = 2 ** 31 - 1;

export interface ClientConfig {
  /** Else AWS_REGION, else AWS_DEFAULT_REGION; the first call fails clearly when none is set. */
  readonly region?: string | undefined;
  /**
   * Sends every request here instead of the endpoint the service's rules choose (its path
   * prefixes every operation's path). Else AWS_ENDPOINT_URL_<SERVICE_ID>, AWS_ENDPOINT_URL, then
   * the shared config profile's `endpoint_url`, unless AWS_IGNORE_CONFIGURED_ENDPOINT_URLS or the
   * profile's `ignore_configured_endpoint_urls` is true.
   */
  readonly endpoint?: string | URL | { readonly url: string | URL } | undefined;
  /**
   * Replaces the service's endpoint rules: it receives their parameters (`Region`, `UseFIPS`,
   * `Endpoint`, the operation's own) and returns where to send the request. For tests and proxies.
   */
  readonly endpointResolver?: ((params: Readonly<Record<string, unknown>>) => EndpointResult) | undefined;
  /** FIPS endpoints. Else AWS_USE_FIPS_ENDPOINT, else the profile's `use_fips_endpoint`; default false. */
  readonly useFipsEndpoint?: boolean | undefined;
  /** Dual-stack (IPv4 and IPv6) endpoints. Else AWS_USE_DUALSTACK_ENDPOINT, else the profile's `use_dualstack_endpoint`; default false. */
  readonly useDualstackEndpoint?: boolean | undefined;
  /**
   * Static keys, or an async provider (any AWS SDK v3 credential provider fits). Providers are
   * memoized until shortly before the credentials expire. Default: environment, then the
   * shared credentials and config files.
   */
  readonly credentials?: CredentialsInput | undefined;
  /** Attempts per call, the first included. Default 3; 1 turns retries off. */
  readonly maxAttempts?: number | undefined;
  readonly retry?: RetryOptions | undefined;
  /** Deadline of a whole call (all attempts and backoff sleeps), ms. Default 60000; Infinity for none. */
  readonly timeoutMs?: number | undefined;
  /** Deadline of one attempt, ms; an attempt that misses it is retried. Default: none. */
  readonly requestTimeoutMs?: number | undefined;
  /** Responses with a larger body fail with a NetworkError (not retried). Default 100 MiB. */
  readonly maxResponseBytes?: number | undefined;
  /** Connections per host (Node transport). Default 50. */
  readonly maxSockets?: number | undefined;
  /** Sends requests with this function instead of node:http (tests, proxies, other runtimes). */
  readonly fetch?: typeof fetch | undefined;
  readonly hooks?: ClientHooks | undefined;
  /** Appended to the `svcgen/<version>` user agent. */
  readonly userAgent?: string | undefined;
}

export interface CallOptions {
  /** Aborting stops the call at whatever stage it is, retries and backoff sleeps included. */
  readonly signal?: AbortSignal | undefined;
  /** Overrides the client's timeoutMs for this call. */
  readonly timeoutMs?: number | undefined;
}

export type WithMetadata<T> = T & { readonly $metadata: ResponseMetadata };

/**
 * What hooks see of an attempt. Credentials headers read "REDACTED"; every value the model
 * marks sensitive (in the input, the URL or the headers) reads "***".
 */
export interface RequestHookContext {
  readonly operation: string;
  /** 1 for the first attempt. */
  readonly attempt: number;
  readonly method: string;
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly input: unknown;
}

export interface ResponseHookContext extends RequestHookContext {
  readonly statusCode: number;
  readonly responseHeaders: Readonly<Record<string, string>>;
  readonly durationMs: number;
}

export interface RetryHookContext extends RequestHookContext {
  /** The failure being retried, summarised: error objects may hold values the model marks sensitive. */
  readonly error: { readonly name: string; readonly message: string; readonly httpStatusCode?: number | undefined };
  readonly retryKind: RetryKind;
  readonly delayMs: number;
}

/** Hooks may be async; the call waits for them. An error thrown by a hook fails the call. */
export interface ClientHooks {
  beforeRequest?(context: RequestHookContext): void | Promise<void>;
  afterResponse?(context: ResponseHookContext): void | Promise<void>;
  onRetry?(context: RetryHookContext): void | Promise<void>;
}

/** The client's configuration cannot serve a call (for example, no region). Nothing was sent. */
export class ClientConfigError extends Error {
  override readonly name = "ClientConfigError";
}

/** The operation needs a feature this runtime does not have (event streams). Nothing was sent. */
export class UnsupportedOperationError extends Error {
  override readonly name = "UnsupportedOperationError";
}

interface ClientState {
  readonly service: ServiceSchema;
  readonly config: ClientConfig;
  readonly maxAttempts: number;
  readonly timeoutMs: number;
  readonly requestTimeoutMs: number;
  readonly backoff: BackoffPolicy;
  readonly quota: RetryQuota;
  readonly userAgent: string;
  readonly hooks: ClientHooks | undefined;
  credentials: CredentialProvider | undefined;
  region: string | undefined;
  /** The rule parameters that come from configuration, read once (environment and shared config included). */
  endpointBase: Readonly<Record<string, unknown>> | undefined;
  endpointBaseLoading: Promise<Readonly<Record<string, unknown>>> | undefined;
  /** Resolved endpoints by the per-operation parameters that produced them. */
  readonly endpointCache: Map<string, ResolvedEndpoint>;
  lastEndpoint: ResolvedEndpoint | undefined;
  transport: Transport | undefined;
  transportLoading: Promise<Transport> | undefined;
}

let stateOf: (client: ServiceClient) => ClientState;

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
      userAgent: `${service.userAgent ?? "svcgen"}${config.userAgent ? ` ${config.userAgent}` : ""}`,
      hooks: config.hooks,
      credentials: config.credentials === undefined ? undefined : memoize(toCredentialProvider(config.credentials)),
      region: undefined,
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
      region: state.region ?? state.config.region,
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

function durationOption(value: number | undefined, fallback: number, what: string): number {
  if (value === undefined) return fallback;
  if (Number.isNaN(value) || value <= 0)
    throw new RangeError(`${what} must be > 0 ms (Infinity for none), got ${value}`);
  return value > MAX_TIMER_MS ? Infinity : value;
}

/** Calls one operation: the function every generated operation module wraps. */
export async function invoke<Output extends object = Record<string, unknown>>(
  client: ServiceClient,
  operation: OperationSchema,
  input: object | undefined,
  options?: CallOptions,
): Promise<WithMetadata<Output>> {
  const state = stateOf(client);
  if (operation.eventStream === true) {
    throw new UnsupportedOperationError(`${operation.name} uses an event stream, which this client does not support`);
  }
  const issues = operation.validateInput?.(input);
  if (issues !== undefined && issues.length > 0) throw new RequestValidationError(operation.name, issues);
  const call = new Call(state, operation, input ?? {}, options);
  return (await call.run()) as WithMetadata<Output>;
}

/** "?k=v&..." in RFC 3986 encoding, the form the signature covers; "" when empty. */
function queryString(query: ReadonlyArray<readonly [string, string]>): string {
  let out = "";
  for (const [key, value] of query) out += `${out === "" ? "?" : "&"}${percentEncode(key)}=${percentEncode(value)}`;
  return out;
}

type Stop = "abort" | "timeout";

/** One call's progress: what $metadata reports and what the abort listeners need. */
class Call {
  readonly #state: ClientState;
  readonly #operation: OperationSchema;
  readonly #input: object;
  readonly #userSignal: AbortSignal | undefined;
  readonly #timeoutMs: number;
  readonly #cancel = new Cancellation();
  #stop: Stop | undefined;
  #attempts = 0;
  #totalRetryDelay = 0;
  #lastStatus: number | undefined;
  #redactedInput: unknown;
  /** What the last attempt signed with and sent: the secrets its errors must not show. */
  #credentials: Credentials | undefined;
  #sentHeaders: Readonly<Record<string, string>> | undefined;

  constructor(state: ClientState, operation: OperationSchema, input: object, options: CallOptions | undefined) {
    this.#state = state;
    this.#operation = operation;
    this.#input = input;
    this.#userSignal = options?.signal;
    this.#timeoutMs =
      options?.timeoutMs === undefined ? state.timeoutMs : durationOption(options.timeoutMs, 0, "timeoutMs");
  }

  async run(): Promise<Record<string, unknown>> {
    const userSignal = this.#userSignal;
    if (userSignal?.aborted === true) throw this.#stopError("abort");
    const onAbort = (): void => this.#halt("abort");
    userSignal?.addEventListener("abort", onAbort, { once: true });
    const timer = Number.isFinite(this.#timeoutMs)
      ? setTimeout(() => this.#halt("timeout"), this.#timeoutMs)
      : undefined;
    try {
      return await this.#attemptLoop();
    } catch (error) {
      if (this.#stop !== undefined) throw this.#scrub(this.#stopError(this.#stop));
      throw this.#scrub(error);
    } finally {
      clearTimeout(timer);
      userSignal?.removeEventListener("abort", onAbort);
    }
  }

  #halt(stop: Stop): void {
    if (this.#stop !== undefined) return;
    this.#stop = stop;
    this.#cancel.abort(stop === "abort" ? this.#userSignal?.reason : new Error("call deadline passed"));
  }

  #metadata(response?: HttpResponse): ResponseMetadata {
    if (response === undefined) {
      return { httpStatusCode: this.#lastStatus, attempts: this.#attempts, totalRetryDelay: this.#totalRetryDelay };
    }
    const headers = response.headers;
    return {
      httpStatusCode: response.statusCode,
      requestId: headers["x-amzn-requestid"] ?? headers["x-amz-request-id"],
      extendedRequestId: headers["x-amz-id-2"],
      attempts: this.#attempts,
      totalRetryDelay: this.#totalRetryDelay,
    };
  }

  #stopError(stop: Stop): AbortError | TimeoutError {
    const name = this.#operation.name;
    if (stop === "timeout") {
      return new TimeoutError(
        `${name}: no result within ${this.#timeoutMs} ms (${this.#attempts} attempt(s))`,
        this.#metadata(),
      );
    }
    const reason: unknown = this.#userSignal?.reason;
    return new AbortError(`${name}: aborted`, this.#metadata(), reason === undefined ? undefined : { cause: reason });
  }

  async #attemptLoop(): Promise<Record<string, unknown>> {
    const state = this.#state;
    const operation = this.#operation;
    const service = state.service;
    const cancel = this.#cancel;
    const region = state.region ?? resolveClientRegion(state);
    const endpoint = callEndpoint(state, operation, this.#input, state.endpointBase ?? (await loadEndpointBase(state)));
    const credentials = (state.credentials ??= defaultCredentials());
    const transport = state.transport ?? (await loadTransport(state));
    const wire = serializeRequest(service, operation, this.#input as Readonly<Record<string, unknown>>);
    const hostname = wire.hostPrefix ? wire.hostPrefix + endpoint.hostname : endpoint.hostname;
    const path = endpoint.basePath + wire.path;
    const pathAndQuery = path + queryString(wire.query);
    const body = typeof wire.body === "string" ? utf8Encode(wire.body) : wire.body;
    const retryHeaders = service.omitRetryHeaders !== true;
    const headers: Record<string, string> = {
      // Input members that bind the same header win over the service's defaults and the endpoint's.
      ...service.defaultHeaders,
      ...endpoint.headers,
      ...wire.headers,
      "user-agent": state.userAgent,
      "x-amz-user-agent": state.userAgent,
    };
    if (retryHeaders) headers["amz-sdk-invocation-id"] = crypto.randomUUID();
    // Length and payload hash are signed as the AWS SDKs sign them, so the same request carries
    // the same Authorization header (no service requires either).
    if (body !== undefined) headers["content-length"] = String(body.length);
    let lastRetryCost = 0;

    for (;;) {
      const attempt = ++this.#attempts;
      if (retryHeaders) headers["amz-sdk-request"] = `attempt=${attempt}; max=${state.maxAttempts}`;
      const unsigned = { method: wire.method, protocol: endpoint.protocol, hostname, port: endpoint.port, path, query: wire.query, headers, body };
      const signingCredentials = (this.#credentials = await untilCancelled(credentials(), cancel));
      const signingName = endpoint.signingName ?? service.signingName;
      const signed =
        endpoint.signingRegionSet === undefined
          ? await signRequest(unsigned, { credentials: signingCredentials, region: endpoint.signingRegion ?? region, service: signingName, signedBodyHeader: true })
          : await signV4a(unsigned, { credentials: signingCredentials, regionSet: endpoint.signingRegionSet, service: signingName, signedBodyHeader: true });
      this.#sentHeaders = signed.headers;
      if (cancel.aborted) throw cancel.reason;
      const request: HttpRequest = {
        method: wire.method,
        protocol: endpoint.protocol,
        hostname,
        port: endpoint.port,
        path: pathAndQuery,
        headers: signed.headers,
        body,
      };
      const hooks = state.hooks;
      const hookContext =
        hooks === undefined
          ? undefined
          : this.#hookContext(attempt, request, endpoint.basePath, wire.path, wire.query, wire.hostPrefix);
      if (hookContext !== undefined && hooks?.beforeRequest !== undefined) await hooks.beforeRequest(hookContext);

      let error: unknown;
      const started = hookContext === undefined ? 0 : performance.now();
      const response = await this.#send(transport, request).catch((e: unknown) => {
        error = e;
        return undefined;
      });
      if (response !== undefined) {
        this.#lastStatus = response.statusCode;
        if (hookContext !== undefined && hooks?.afterResponse !== undefined) {
          await hooks.afterResponse({
            ...hookContext,
            statusCode: response.statusCode,
            responseHeaders: wireRedactor(operation).responseHeaders(response.headers),
            durationMs: performance.now() - started,
          });
        }
        const $metadata = this.#metadata(response);
        const status = response.statusCode;
        if ((status >= 200 && status < 300) || status === operation.responseCode) {
          const output = deserializeOutput(service, operation, response, $metadata);
          state.quota.release(lastRetryCost);
          return Object.assign(output, { $metadata });
        }
        error = deserializeError(service, operation, response, $metadata);
      }

      const kind = attempt < state.maxAttempts ? classifyError(error, operation, service) : undefined;
      const cost = kind === undefined ? 0 : state.quota.acquire(kind);
      if (kind === undefined || cost === 0) throw error;
      lastRetryCost = cost;
      const delay = backoffDelay(kind, attempt, state.backoff);
      if (hookContext !== undefined && hooks?.onRetry !== undefined) {
        await hooks.onRetry({ ...hookContext, error: summarise(this.#scrub(error)), retryKind: kind, delayMs: delay });
      }
      await sleep(delay, cancel);
      this.#totalRetryDelay += delay;
    }
  }

  /** One attempt on the wire; transport failures become NetworkErrors carrying this call's progress. */
  async #send(transport: Transport, request: HttpRequest): Promise<HttpResponse> {
    const cancel = this.#cancel;
    const limit = this.#state.requestTimeoutMs;
    if (!Number.isFinite(limit)) {
      try {
        return await transport.send(request, cancel);
      } catch (error) {
        throw this.#networkError(error);
      }
    }
    // A per-attempt deadline: its own cancellation, following the call's.
    const attempt = new Cancellation();
    const follow = (reason: unknown): void => attempt.abort(reason);
    cancel.on(follow);
    const timer = setTimeout(() => attempt.abort(new Error("attempt deadline passed")), limit);
    try {
      return await transport.send(request, attempt);
    } catch (error) {
      if (!cancel.aborted && attempt.aborted) {
        throw new NetworkError(
          `${this.#operation.name}: no response within requestTimeoutMs (${limit} ms)`,
          this.#metadata(),
        );
      }
      throw this.#networkError(error);
    } finally {
      clearTimeout(timer);
      cancel.off(follow);
    }
  }

  #networkError(error: unknown): unknown {
    if (this.#stop !== undefined || !(error instanceof TransportError)) return error;
    const network = new NetworkError(`${this.#operation.name}: ${error.message}`, this.#metadata(), {
      cause: error.cause ?? error,
    });
    return error.final ? markNotRetryable(network) : network;
  }

  /**
   * The error with every secret of this call hidden: the credentials, the values the model marks
   * sensitive in the input, and the header values hooks would see redacted (Authorization
   * included). Platform errors quote what they refused; this is where that stops.
   */
  #scrub(error: unknown): unknown {
    const values: string[] = [];
    const credentials = this.#credentials;
    if (credentials !== undefined) {
      values.push(credentials.secretAccessKey);
      if (credentials.sessionToken !== undefined) values.push(credentials.sessionToken);
    }
    const operation = this.#operation;
    const sent = this.#sentHeaders;
    if (sent !== undefined) {
      const shown = wireRedactor(operation).requestHeaders(sent);
      for (const name of Object.keys(sent)) if (shown[name] !== sent[name]) values.push(sent[name] ?? "");
    }
    if (operation.input !== undefined) values.push(...sensitiveValues(this.#input, operation.input));
    return scrubError(error, secretTexts(values, percentEncode), isOwnError);
  }

  #hookContext(
    attempt: number,
    request: HttpRequest,
    base: string,
    path: string,
    query: ReadonlyArray<readonly [string, string]>,
    hostPrefix: string | undefined,
  ): RequestHookContext {
    const operation = this.#operation;
    const redactor = wireRedactor(operation);
    this.#redactedInput ??= operation.input === undefined ? {} : redact(this.#input, operation.input);
    let host = request.hostname;
    if (redactor.hostPrefix && hostPrefix)
      host = `${REDACTED}${hostPrefix.endsWith(".") ? "." : ""}${host.slice(hostPrefix.length)}`;
    const port = request.port === undefined ? "" : `:${request.port}`;
    return {
      operation: operation.name,
      attempt,
      method: request.method,
      url: `${request.protocol}//${host}${port}${base}${redactor.path(path)}${queryString(redactor.query(query))}`,
      headers: redactor.requestHeaders(request.headers),
      input: this.#redactedInput,
    };
  }
}

/** Errors this runtime made, which scrubbing may change in place. */
function isOwnError(error: Error): boolean {
  return (
    error instanceof CallError ||
    error instanceof TransportError ||
    error instanceof ServiceException ||
    error instanceof RequestValidationError ||
    error instanceof ClientConfigError
  );
}

function summarise(error: unknown): RetryHookContext["error"] {
  if (!(error instanceof Error)) return { name: "Error", message: String(error) };
  const status = (error as { $metadata?: ResponseMetadata }).$metadata?.httpStatusCode;
  return { name: error.name, message: error.message, httpStatusCode: status };
}

function resolveClientRegion(state: ClientState): string {
  const region = resolveRegion(state.config.region);
  if (region === undefined) {
    throw new ClientConfigError(
      `${state.service.serviceId}: no region. Pass \`region\` in the client config or set AWS_REGION.`,
    );
  }
  // A region becomes part of a host name: anything else ("US EAST", "us-east-1/../x") is refused
  // here, before it can reach a URL.
  if (!isValidHostLabel(region, false)) {
    throw new ClientConfigError(
      `${state.service.serviceId}: invalid region ${JSON.stringify(region.length > 64 ? `${region.slice(0, 64)}...` : region)}: a region is one DNS label such as "us-east-1"`,
    );
  }
  state.region = region;
  return region;
}

/** Where one call goes, and how it is signed: the endpoint rules' result in the form the transport takes. */
export interface ResolvedEndpoint {
  readonly protocol: "https:" | "http:";
  /** As in a URL: an IPv6 literal keeps its brackets. */
  readonly hostname: string;
  readonly port?: number | undefined;
  /** "" or "/prefix" (no trailing slash), put before every operation's path. */
  readonly basePath: string;
  /** Headers the endpoint asks for. */
  readonly headers?: Readonly<Record<string, string>>;
  /** From the endpoint's auth scheme, when it overrides the service's. */
  readonly signingName?: string | undefined;
  readonly signingRegion?: string | undefined;
  /** Set when the endpoint asks for SigV4a: the regions the signature is valid in. */
  readonly signingRegionSet?: readonly string[] | undefined;
}

/** SigV4a is loaded only by a client whose endpoint asks for it: its elliptic-curve code stays out of other bundles. */
async function signV4a(request: SignableRequest, options: SigV4aSigningOptions): Promise<SignableRequest> {
  const { signRequestV4a } = await import("./sigv4a.js");
  return signRequestV4a(request, options);
}

/** The auth schemes this client signs with, as endpoint rules name them. */
const SIGNERS = new Set(["sigv4", "sigv4a"]);

/** Resolved endpoints kept per client; beyond this many distinct parameter sets the cache starts over. */
const ENDPOINT_CACHE_LIMIT = 128;

function callEndpoint(
  state: ClientState,
  operation: OperationSchema,
  input: object,
  base: Readonly<Record<string, unknown>>,
): ResolvedEndpoint {
  // Operations without parameters of their own share one entry; others key by their values.
  const extra = operation.endpointParams?.(input);
  const key = extra === undefined ? "" : JSON.stringify(extra);
  const cache = state.endpointCache;
  let endpoint = cache.get(key);
  if (endpoint === undefined) {
    const params = extra === undefined ? base : Object.assign(Object.create(null) as Record<string, unknown>, base, extra);
    const resolve = state.config.endpointResolver ?? state.service.endpoints.resolve;
    endpoint = toResolvedEndpoint(resolve(params), operation.name);
    if (cache.size >= ENDPOINT_CACHE_LIMIT) cache.clear();
    cache.set(key, endpoint);
  }
  state.lastEndpoint = endpoint;
  return endpoint;
}

/** The URL the rules chose, checked and taken apart; the auth scheme they name picks the signer's name and region. */
function toResolvedEndpoint(result: EndpointResult, operation: string): ResolvedEndpoint {
  let url: URL;
  try {
    url = new URL(result.url);
  } catch {
    throw new ClientConfigError(`${operation}: the endpoint is not an absolute URL such as https://example.com`);
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw new ClientConfigError(`${operation}: the endpoint's scheme must be https: or http:, not ${url.protocol}`);
  }
  let signingName: string | undefined;
  let signingRegion: string | undefined;
  let signingRegionSet: string[] | undefined;
  const schemes = result.properties?.["authSchemes"];
  if (Array.isArray(schemes) && schemes.length > 0) {
    // The first scheme this client can sign with, in the endpoint's order of preference.
    const scheme = schemes.find(
      (s): s is Record<string, unknown> => typeof s === "object" && s !== null && SIGNERS.has(String((s as { name?: unknown }).name)),
    );
    if (scheme === undefined) {
      const names = schemes.map((s) => String((s as { name?: unknown } | null)?.name)).join(", ");
      throw new UnsupportedOperationError(
        `${operation}: the endpoint requires signing with ${names}, which this client does not support; nothing was sent`,
      );
    }
    if (typeof scheme["signingName"] === "string") signingName = scheme["signingName"];
    if (typeof scheme["signingRegion"] === "string") signingRegion = scheme["signingRegion"];
    if (scheme["name"] === "sigv4a") {
      const set = scheme["signingRegionSet"];
      signingRegionSet = Array.isArray(set) && set.length > 0 && set.every((r) => typeof r === "string") ? (set as string[]) : ["*"];
    }
  }
  let headers: Record<string, string> | undefined;
  if (result.headers !== undefined) {
    headers = {};
    for (const name of Object.keys(result.headers)) headers[name.toLowerCase()] = result.headers[name]!.join(",");
  }
  return {
    protocol: url.protocol,
    hostname: url.hostname,
    port: url.port === "" ? undefined : Number(url.port),
    basePath: url.pathname.replace(/\/+$/, ""),
    ...(headers === undefined ? {} : { headers }),
    signingName,
    signingRegion,
    signingRegionSet,
  };
}

function loadEndpointBase(state: ClientState): Promise<Readonly<Record<string, unknown>>> {
  state.endpointBaseLoading ??= endpointBase(state).then(
    (base) => (state.endpointBase = base),
    (error: unknown) => {
      state.endpointBaseLoading = undefined;
      throw error;
    },
  );
  return state.endpointBaseLoading;
}

/** "true" / "false" in any case; anything else is unset. */
function boolSetting(value: string | undefined): boolean | undefined {
  const v = value?.trim().toLowerCase();
  return v === "true" ? true : v === "false" ? false : undefined;
}

/**
 * The rule parameters configuration decides: builtins from the config, else the environment,
 * else the shared config profile (read only when something is still open), and client options.
 */
async function endpointBase(state: ClientState): Promise<Readonly<Record<string, unknown>>> {
  const { service, config } = state;
  const rules = service.endpoints;
  const builtins = rules.builtins;
  const params = Object.create(null) as Record<string, unknown>;
  let profile: Readonly<Record<string, string>> | undefined | null = null;
  const fromProfile = async (key: string): Promise<string | undefined> => {
    if (profile === null) profile = await profileSettings();
    return profile?.[key];
  };
  if (builtins.region !== undefined) params[builtins.region] = state.region;
  for (const [name, option, variable, setting] of [
    [builtins.useFips, config.useFipsEndpoint, "AWS_USE_FIPS_ENDPOINT", "use_fips_endpoint"],
    [builtins.useDualStack, config.useDualstackEndpoint, "AWS_USE_DUALSTACK_ENDPOINT", "use_dualstack_endpoint"],
  ] as const) {
    if (name === undefined) continue;
    const value = option ?? boolSetting(envSetting(variable)) ?? boolSetting(await fromProfile(setting));
    if (value !== undefined) params[name] = value;
  }
  if (builtins.endpoint !== undefined) {
    let endpoint = endpointOption(config.endpoint, service.serviceId);
    const ignore =
      boolSetting(envSetting("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS")) ??
      boolSetting(await fromProfile("ignore_configured_endpoint_urls"));
    if (endpoint === undefined && ignore !== true) {
      const specific = `AWS_ENDPOINT_URL_${service.serviceId.toUpperCase().replace(/ /g, "_")}`;
      const configured = envSetting(specific) ?? envSetting("AWS_ENDPOINT_URL") ?? (await fromProfile("endpoint_url"));
      endpoint = endpointOption(configured, service.serviceId);
    }
    if (endpoint !== undefined) params[builtins.endpoint] = endpoint;
  }
  const options = rules.options;
  if (options !== undefined) {
    const values = config as Readonly<Record<string, unknown>>;
    for (const option of Object.keys(options)) {
      const value = Object.prototype.hasOwnProperty.call(values, option) ? values[option] : undefined;
      if (value !== undefined) params[options[option]!] = value;
    }
  }
  return params;
}

/**
 * A custom endpoint as the rules take it: an absolute http(s) URL without credentials, query or
 * fragment. Errors never repeat what could be a user:password in it.
 */
function endpointOption(value: ClientConfig["endpoint"] | string | undefined, serviceId: string): string | undefined {
  if (value === undefined) return undefined;
  const raw = typeof value === "string" || value instanceof URL ? value : value.url;
  let url: URL;
  try {
    url = typeof raw === "string" ? new URL(raw.trim()) : raw;
  } catch {
    throw new ClientConfigError(`${serviceId}: invalid endpoint: not an absolute URL such as https://example.com`);
  }
  if (url.username !== "" || url.password !== "") {
    throw new ClientConfigError(`${serviceId}: invalid endpoint ${url.protocol}//${url.host}: credentials in the URL are not allowed`);
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw new ClientConfigError(`${serviceId}: invalid endpoint: the scheme must be https: or http:, not ${url.protocol}`);
  }
  if (url.search !== "" || url.hash !== "") {
    throw new ClientConfigError(`${serviceId}: invalid endpoint ${url.protocol}//${url.host}${url.pathname}: a query or fragment is not allowed`);
  }
  // The rules take the URL as written; a bare origin is given without the slash URL adds.
  return typeof raw === "string" ? raw.trim() : url.pathname === "/" ? url.origin : url.href;
}

function loadTransport(state: ClientState): Promise<Transport> {
  state.transportLoading ??= defaultTransport(
    {
      maxResponseBytes: state.config.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES,
      maxSockets: state.config.maxSockets ?? DEFAULT_MAX_SOCKETS,
    },
    state.config.fetch,
  ).then((transport) => (state.transport = transport));
  return state.transportLoading;
}

/** Settles with `promise`, or rejects as soon as the call is cancelled (a credential call may hang). */
function untilCancelled<T>(promise: Promise<T>, cancel: Cancellation): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    if (cancel.aborted) {
      reject(cancel.reason);
      return;
    }
    cancel.on(reject);
    promise.then(
      (value) => {
        cancel.off(reject);
        resolve(value);
      },
      (error: unknown) => {
        cancel.off(reject);
        reject(error);
      },
    );
  });
}

function sleep(ms: number, cancel: Cancellation): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    if (cancel.aborted) {
      reject(cancel.reason);
      return;
    }
    const onCancel = (reason: unknown): void => {
      clearTimeout(timer);
      reject(reason);
    };
    const timer = setTimeout(() => {
      cancel.off(onCancel);
      resolve();
    }, ms);
    cancel.on(onCancel);
  });
}
