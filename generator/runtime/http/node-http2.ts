// An HTTP/2 exchange on node:http2, for the operations that stream events both ways (the services
// take those only over HTTP/2). One connection per exchange: the request body is written as the
// caller produces it while the response is read, and both end with the exchange. `https:` URLs
// negotiate h2 by ALPN; `http:` speaks h2 in cleartext (a local server).
import * as http2 from "node:http2";
import {
  TransportError,
  WireStream,
  describeFailure,
  type Cancellation,
  type HttpRequest,
  type HttpResponse,
  type RequestBody,
  type Transport,
} from "./transport.js";

/** Headers HTTP/2 forbids (connection-specific) or carries as pseudo-headers. */
const DROPPED: ReadonlySet<string> = new Set(["host", "connection", "keep-alive", "proxy-connection", "transfer-encoding", "upgrade"]);

export function createHttp2Transport(): Transport {
  return { send: sendHttp2, destroy() {} };
}

function sendHttp2(request: HttpRequest, cancel: Cancellation): Promise<HttpResponse> {
  return new Promise<HttpResponse>((resolve, reject) => {
    if (cancel.aborted) {
      reject(cancel.reason);
      return;
    }
    const host = request.hostname.includes(":") && !request.hostname.startsWith("[") ? `[${request.hostname}]` : request.hostname;
    const origin = `${request.protocol}//${host}${request.port === undefined ? "" : `:${request.port}`}`;
    let settled = false;
    /** What broke the request body (the caller's events): the response side reports it as it is. */
    let inputError: unknown;
    let session: http2.ClientHttp2Session | undefined;
    let stream: http2.ClientHttp2Stream | undefined;
    const stop = (): void => {
      stream?.close(http2.constants.NGHTTP2_CANCEL);
      session?.destroy();
    };
    const fail = (error: unknown): void => {
      if (!settled) {
        settled = true;
        cancel.off(onCancel);
        reject(error);
      }
      stop();
    };
    const onCancel = (reason: unknown): void => fail(reason);
    cancel.on(onCancel);
    const transportError = (error: unknown): TransportError =>
      new TransportError(describeFailure(error), {
        cause: error,
        final: request.body !== undefined && !(request.body instanceof Uint8Array),
      });
    try {
      session = http2.connect(origin);
      session.on("error", (error) => fail(transportError(error)));
      const headers: http2.OutgoingHttpHeaders = { ":method": request.method, ":path": request.path };
      for (const name of Object.keys(request.headers)) {
        const lower = name.toLowerCase();
        // The signed Host is the authority.
        if (lower === "host") headers[":authority"] = request.headers[name];
        else if (!DROPPED.has(lower)) headers[lower] = request.headers[name];
      }
      const body = request.body;
      stream = session.request(headers, { endStream: body === undefined });
      const current = stream;
      current.on("error", (error) => fail(transportError(error)));
      current.on("response", (responseHeaders) => {
        if (settled) return;
        settled = true;
        resolve({
          statusCode: Number(responseHeaders[":status"] ?? 0),
          headers: collect(responseHeaders),
          body: new Uint8Array(0),
          stream: new WireStream(
            read(current, stop, cancel, () => inputError),
            (reason) => {
              current.destroy(reason instanceof Error ? reason : undefined);
              session?.destroy();
            },
          ),
        });
      });
      if (body instanceof Uint8Array) current.end(body);
      else if (body !== undefined)
        pump(current, body).catch((error: unknown) => {
          inputError = error;
          fail(error);
        });
    } catch (error) {
      fail(new TransportError(describeFailure(error), { cause: error, final: true }));
    }
  });
}

/** Writes the body as its chunks come, honouring back-pressure, then ends the request side. */
async function pump(stream: http2.ClientHttp2Stream, body: Exclude<RequestBody, Uint8Array>): Promise<void> {
  for await (const chunk of body) {
    if (stream.destroyed) return;
    if (!stream.write(chunk)) {
      await new Promise<void>((resolve) => {
        const done = (): void => {
          stream.off("drain", done);
          stream.off("close", done);
          resolve();
        };
        stream.on("drain", done);
        stream.on("close", done);
      });
    }
  }
  if (!stream.destroyed) stream.end();
}

async function* read(
  stream: http2.ClientHttp2Stream,
  stop: () => void,
  cancel: Cancellation,
  inputError: () => unknown,
): AsyncGenerator<Uint8Array, void, undefined> {
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) yield chunk;
    const input = inputError();
    if (input !== undefined) throw input;
    if (stream.rstCode !== undefined && stream.rstCode !== http2.constants.NGHTTP2_NO_ERROR) {
      throw new TransportError(`the HTTP/2 stream was reset (code ${stream.rstCode})`);
    }
  } catch (error) {
    if (cancel.aborted) throw cancel.reason;
    const input = inputError();
    if (input !== undefined) throw input;
    if (error instanceof TransportError) throw error;
    throw new TransportError(`response interrupted: ${describeFailure(error)}`, { cause: error });
  } finally {
    stop();
  }
}

function collect(headers: http2.IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of Object.keys(headers)) {
    if (name.startsWith(":") || name === "__proto__") continue;
    const value = headers[name];
    if (value !== undefined) out[name] = Array.isArray(value) ? value.join(", ") : value;
  }
  return out;
}
