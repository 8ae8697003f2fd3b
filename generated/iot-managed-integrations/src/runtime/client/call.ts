// svcgen 0.1.0 runtime: copied verbatim from generator/runtime/client/call.ts; do not edit.
// One call through the pipeline: endpoint, serialise (the service's protocol), sign, send, retry
// within the call's deadline and signal, parse. Hooks see each attempt with secrets redacted.
import { sign } from "../auth/scheme.js";
import { defaultCredentials, type Credentials } from "../auth/credentials.js";
import { percentEncode, utf8Decode } from "../codecs/encoding.js";
import { callEndpoint, loadEndpointBase, loadRegion } from "../endpoints/resolve.js";
import {
  AbortError,
  CallError,
  ClientConfigError,
  NetworkError,
  RequestValidationError,
  ResponseParseError,
  ServiceException,
  TimeoutError,
  type ResponseMetadata,
} from "../errors.js";
import { defaultTransport } from "../http/default.js";
import { Cancellation, TransportError, type HttpRequest, type HttpResponse, type Transport } from "../http/transport.js";
import { REDACTED, redact, scrubError, secretTexts, sensitiveValues, wireRedactor } from "../redact.js";
import type { OperationSchema } from "../schema.js";
import {
  DEFAULT_MAX_RESPONSE_BYTES,
  DEFAULT_MAX_SOCKETS,
  durationOption,
  log,
  type CallOptions,
  type RequestHookContext,
} from "./config.js";
import { wholeResponse, type StreamOptions } from "./call-stream.js";
import { MAX_OUTPUT_PROBLEMS, missingRequired } from "./output.js";
import { plainBody } from "./plain-body.js";
import { followSignal, sleep, untilCancelled } from "./waiting.js";
import { backoffDelay, classifyError, markNotRetryable, summarise } from "./retry.js";
import type { ClientState } from "./state.js";

/** "?k=v&..." in RFC 3986 encoding, the form the signature covers; "" when empty. */
function queryString(query: ReadonlyArray<readonly [string, string]>): string {
  let out = "";
  for (const [key, value] of query) out += `${out === "" ? "?" : "&"}${percentEncode(key)}=${percentEncode(value)}`;
  return out;
}

type Stop = "abort" | "timeout";

/** One call's progress: what $metadata reports and what the abort listeners need. */
export class Call {
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
  readonly #stream: StreamOptions | undefined;
  /** The cancellation of the attempt whose response body is being streamed to the caller. */
  #wire: Cancellation | undefined;
  /** Detaches the caller's signal from a streamed body once it is done. */
  #streamDone: (() => void) | undefined;

  constructor(state: ClientState, operation: OperationSchema, input: object, options: CallOptions | undefined, stream?: StreamOptions) {
    this.#state = state;
    this.#stream = stream;
    this.#operation = operation;
    this.#input = input;
    this.#userSignal = options?.signal;
    this.#timeoutMs = options?.timeoutMs === undefined ? state.timeoutMs : durationOption(options.timeoutMs, 0, "timeoutMs");
  }

  async run(): Promise<Record<string, unknown>> {
    const userSignal = this.#userSignal;
    if (userSignal?.aborted === true) throw this.#stopError("abort");
    const onAbort = (): void => this.#halt("abort");
    userSignal?.addEventListener("abort", onAbort, { once: true });
    const timer = Number.isFinite(this.#timeoutMs) ? setTimeout(() => this.#halt("timeout"), this.#timeoutMs) : undefined;
    let streaming = false;
    try {
      const output = await this.#attemptLoop();
      streaming = this.#wire !== undefined;
      return output;
    } catch (error) {
      if (this.#stop !== undefined) throw this.#scrub(this.#stopError(this.#stop));
      throw this.#scrub(error);
    } finally {
      clearTimeout(timer);
      userSignal?.removeEventListener("abort", onAbort);
      // A streamed body outlives the call's deadline (it is read at the caller's pace) but not
      // its signal: aborting it stops the read.
      if (streaming && userSignal !== undefined) {
        const aborted = (cause: unknown) =>
          new AbortError(`${this.#operation.name}: aborted while the body was read`, this.#metadata(), { cause });
        this.#streamDone = followSignal(userSignal, this.#wire!, aborted);
      }
    }
  }

  #halt(stop: Stop): void {
    if (this.#stop !== undefined) return;
    this.#stop = stop;
    this.#cancel.abort(stop === "abort" ? this.#userSignal?.reason : new Error("call deadline passed"));
  }

  #metadata(response?: Pick<HttpResponse, "statusCode" | "headers">): ResponseMetadata {
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
      return new TimeoutError(`${name}: no result within ${this.#timeoutMs} ms (${this.#attempts} attempt(s))`, this.#metadata());
    }
    const reason: unknown = this.#userSignal?.reason;
    return new AbortError(`${name}: aborted`, this.#metadata(), reason === undefined ? undefined : { cause: reason });
  }

  async #attemptLoop(): Promise<Record<string, unknown>> {
    const state = this.#state;
    const operation = this.#operation;
    const service = state.service;
    const cancel = this.#cancel;
    const region = state.region ?? (await loadRegion(state));
    const endpoint = callEndpoint(state, operation, this.#input, state.endpointBase ?? (await loadEndpointBase(state)));
    const credentials = (state.credentials ??= defaultCredentials({ profile: state.config.profile }));
    const sends = this.#stream?.send;
    const transport = sends !== undefined ? await sends.transport() : (state.transport ?? (await loadTransport(state)));
    const wire = service.protocol.serializeRequest(service, operation, this.#input as Readonly<Record<string, unknown>>);
    const hostname = wire.hostPrefix ? wire.hostPrefix + endpoint.hostname : endpoint.hostname;
    const path = endpoint.basePath + wire.path;
    const pathAndQuery = path + queryString(wire.query);
    const retryHeaders = service.omitRetryHeaders !== true;
    const headers: Record<string, string> = {
      // Input members that bind the same header win over the service's defaults and the endpoint's.
      ...service.defaultHeaders,
      ...endpoint.headers,
      ...wire.headers,
      ...sends?.headers,
      "user-agent": state.userAgent,
      "x-amz-user-agent": state.userAgent,
    };
    if (retryHeaders) headers["amz-sdk-invocation-id"] = crypto.randomUUID();
    // Length and payload hash are signed as the AWS SDKs sign them, so the same request carries
    // the same Authorization header (no service requires either).
    const config = state.config;
    const handler = operation.payload;
    const prepared =
      handler === undefined
        ? plainBody(wire.body, headers)
        : await handler.prepare(operation, endpoint.signingName ?? service.signingName, wire.body, headers, {
            request: config.requestChecksumCalculation ?? "WHEN_SUPPORTED",
            response: config.responseChecksumValidation ?? "WHEN_SUPPORTED",
          });
    const body = prepared.body;
    const streamResponse = handler?.outputMember !== undefined;
    let lastRetryCost = 0;

    for (;;) {
      const attempt = ++this.#attempts;
      if (retryHeaders) headers["amz-sdk-request"] = `attempt=${attempt}; max=${state.maxAttempts}`;
      const unsigned = {
        method: wire.method,
        protocol: endpoint.protocol,
        hostname,
        port: endpoint.port,
        path,
        query: wire.query,
        headers,
        body: prepared.signed,
      };
      const signingCredentials = (this.#credentials = await untilCancelled(credentials(), cancel));
      const signing = {
        credentials: signingCredentials,
        service: endpoint.signingName ?? service.signingName,
        region: endpoint.signingRegion ?? region,
        regionSet: endpoint.signingRegionSet,
      };
      const signed = await sign(unsigned, signing);
      this.#sentHeaders = signed.headers;
      if (cancel.aborted) throw cancel.reason;
      const request: HttpRequest = {
        method: wire.method,
        protocol: endpoint.protocol,
        hostname,
        port: endpoint.port,
        path: pathAndQuery,
        headers: signed.headers,
        body: sends === undefined ? body : sends.body(signed.headers["authorization"] ?? "", signing),
        streamResponse: streamResponse || this.#stream !== undefined,
      };
      const hooks = state.hooks;
      const hookContext =
        hooks === undefined ? undefined : this.#hookContext(attempt, request, endpoint.basePath, wire.path, wire.query, wire.hostPrefix);
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
        const successful = (status >= 200 && status < 300) || status === operation.responseCode;
        // A stream answer is read whole before anything looks for an error in it.
        const successError =
          response.stream === undefined ? service.protocol.successError?.(service, operation, response, $metadata) : undefined;
        if (successError !== undefined) error = successError;
        else if (successful) {
          const input = this.#input as Readonly<Record<string, unknown>>;
          const output =
            this.#stream !== undefined
              ? await this.#stream.read(response, $metadata, () => this.#streamDone?.())
              : service.protocol.deserializeOutput(service, operation, response, $metadata, input);
          const stream = response.stream;
          if (handler?.outputMember !== undefined && stream !== undefined) {
            const done = (): void => this.#streamDone?.();
            output[handler.outputMember] = handler.output(operation, stream, request.headers, response.headers, done);
          } else if (handler !== undefined) await handler.check(operation, response.body, request.headers, response.headers);
          this.#checkOutput(output, response, $metadata);
          state.quota.release(lastRetryCost);
          return Object.assign(output, { $metadata });
        } else {
          this.#wire = undefined;
          const limit = state.config.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
          const buffered = await (handler !== undefined ? handler.buffered(response, limit) : wholeResponse(response, limit)).catch(
            (e: unknown) => Promise.reject(this.#networkError(e)),
          );
          error = service.protocol.deserializeError(service, operation, buffered, $metadata);
        }
      }

      // A stream body (or a stream of events) was read as it was sent: there is nothing left to send again.
      if (!prepared.replayable || sends !== undefined) throw error;
      const kind = attempt < state.maxAttempts ? classifyError(error, operation, service) : undefined;
      const cost = kind === undefined ? 0 : state.quota.acquire(kind);
      if (kind === undefined || cost === 0) throw error;
      lastRetryCost = cost;
      const delay = backoffDelay(kind, attempt, state.backoff);
      const logger = state.config.logger;
      if (logger !== undefined || (hookContext !== undefined && hooks?.onRetry !== undefined)) {
        const summary = summarise(this.#scrub(error));
        const status = summary.httpStatusCode === undefined ? "" : `, HTTP ${summary.httpStatusCode}`;
        log(
          logger,
          "info",
          `${operation.name}: attempt ${attempt} of ${state.maxAttempts} failed (${summary.name}${status}: ${summary.message}); retrying in ${Math.round(delay)} ms (${kind})`,
        );
        if (hookContext !== undefined && hooks?.onRetry !== undefined) {
          await hooks.onRetry({ ...hookContext, error: summary, retryKind: kind, delayMs: delay });
        }
      }
      await sleep(delay, cancel);
      this.#totalRetryDelay += delay;
    }
  }

  /**
   * Checks the output for the members the model marks required: a warning line per missing one
   * through the logger, or a ResponseParseError with `strictOutput`. Paths only, never values.
   */
  #checkOutput(output: Record<string, unknown>, response: HttpResponse, $metadata: ResponseMetadata): void {
    const { logger, strictOutput } = this.#state.config;
    const schema = this.#operation.output;
    if (schema === undefined || (logger === undefined && strictOutput !== true)) return;
    const missing = missingRequired(schema, output);
    if (missing.length === 0) return;
    const name = this.#operation.name;
    const shown = missing.slice(0, MAX_OUTPUT_PROBLEMS);
    const more = missing.length > shown.length ? " (and more)" : "";
    if (strictOutput === true) {
      throw new ResponseParseError(
        `${name}: the HTTP ${response.statusCode} response lacks members ${schema.name} requires: ${shown.join(", ")}${more}`,
        $metadata,
        { statusCode: response.statusCode, headers: response.headers, body: utf8Decode(response.body) },
      );
    }
    for (const path of shown) log(logger, "warn", `${name}: the response lacks ${path}, which ${schema.name} requires`);
    if (more !== "") log(logger, "warn", `${name}: the response lacks more required members than these ${shown.length}`);
  }

  /** One attempt on the wire; transport failures become NetworkErrors carrying this call's progress. */
  async #send(transport: Transport, request: HttpRequest): Promise<HttpResponse> {
    const cancel = this.#cancel;
    const limit = this.#state.requestTimeoutMs;
    const streaming = request.streamResponse === true;
    if (!Number.isFinite(limit) && !streaming) {
      try {
        return await transport.send(request, cancel);
      } catch (error) {
        throw this.#networkError(error);
      }
    }
    // A per-attempt deadline (until the response's headers): its own cancellation, following
    // the call's. A streamed response body keeps it, for the caller's signal to stop the read.
    const attempt = new Cancellation();
    const follow = (reason: unknown): void => attempt.abort(reason);
    cancel.on(follow);
    const timer = Number.isFinite(limit) ? setTimeout(() => attempt.abort(new Error("attempt deadline passed")), limit) : undefined;
    try {
      const response = await transport.send(request, attempt);
      if (streaming) this.#wire = attempt;
      return response;
    } catch (error) {
      if (!cancel.aborted && attempt.aborted) {
        throw new NetworkError(`${this.#operation.name}: no response within requestTimeoutMs (${limit} ms)`, this.#metadata());
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
    if (redactor.hostPrefix && hostPrefix) host = `${REDACTED}${hostPrefix.endsWith(".") ? "." : ""}${host.slice(hostPrefix.length)}`;
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
