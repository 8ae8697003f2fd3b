// Streamed exchanges over any transport: the transport's own `sendStreaming`, or its buffered
// `send` served as one chunk; and an error response read whole, bounded like a buffered one.
import { DEFAULT_MAX_RESPONSE_BYTES } from "../client/config.js";
import {
  responseTooLarge,
  type Cancellation,
  type HttpRequest,
  type HttpResponse,
  type StreamedHttpResponse,
  type Transport,
} from "./transport.js";

/** A streamed exchange; a transport without one serves the buffered body as a single chunk. */
export async function sendStreaming(transport: Transport, request: HttpRequest, cancel: Cancellation): Promise<StreamedHttpResponse> {
  if (transport.sendStreaming !== undefined) return transport.sendStreaming(request, cancel);
  const response = await transport.send(request, cancel);
  return {
    statusCode: response.statusCode,
    headers: response.headers,
    body: (async function* () {
      yield response.body;
    })(),
    destroy() {},
  };
}

/** An error response's whole body, bounded as buffered responses are. */
export async function readWhole(response: StreamedHttpResponse, maxBytes: number | undefined): Promise<HttpResponse> {
  const limit = maxBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  const chunks: Uint8Array[] = [];
  let total = 0;
  for await (const chunk of response.body) {
    total += chunk.length;
    if (total > limit) {
      response.destroy();
      throw responseTooLarge(limit);
    }
    chunks.push(chunk);
  }
  const body = new Uint8Array(total);
  let at = 0;
  for (const chunk of chunks) {
    body.set(chunk, at);
    at += chunk.length;
  }
  return { statusCode: response.statusCode, headers: response.headers, body };
}
