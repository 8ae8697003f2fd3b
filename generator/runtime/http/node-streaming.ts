// The Node transport's streamed exchange (event streams): settles with the status and headers and
// hands the body over as it arrives. Leaving the body early or cancelling destroys the response,
// which closes its connection (a half-read response cannot go back to the keep-alive pool).
import type * as http from "node:http";
import { CONNECTION_DROPPED, collectHeaders, dropIdleSockets, type RequestFn } from "./node.js";
import { TransportError, describeFailure, type Cancellation, type HttpRequest, type StreamedHttpResponse } from "./transport.js";

export function sendStreamed(
  requestFn: RequestFn,
  agent: http.Agent,
  request: HttpRequest,
  cancel: Cancellation,
): Promise<StreamedHttpResponse> {
  return new Promise<StreamedHttpResponse>((resolve, reject) => {
    if (cancel.aborted) {
      reject(cancel.reason);
      return;
    }
    let req: http.ClientRequest | undefined;
    let res: http.IncomingMessage | undefined;
    let settled = false;
    const onCancel = (reason: unknown): void => {
      if (!settled) {
        settled = true;
        reject(reason);
      }
      req?.destroy();
      res?.destroy(reason instanceof Error ? reason : new Error(String(reason)));
    };
    cancel.on(onCancel);
    const hostname = request.hostname.startsWith("[") ? request.hostname.slice(1, -1) : request.hostname;
    const options: http.RequestOptions = {
      agent,
      method: request.method,
      hostname,
      port: request.port,
      path: request.path,
      headers: request.headers,
    };

    const start = (retried: boolean): void => {
      let current: http.ClientRequest;
      try {
        current = requestFn(options, (incoming) => {
          res = incoming;
          if (settled) {
            incoming.destroy();
            return;
          }
          settled = true;
          resolve({
            statusCode: incoming.statusCode ?? 0,
            headers: collectHeaders(incoming.rawHeaders),
            body: body(incoming, cancel, onCancel),
            destroy(reason) {
              cancel.off(onCancel);
              if (!incoming.complete) incoming.destroy(reason instanceof Error ? reason : undefined);
            },
          });
        });
      } catch (error) {
        settled = true;
        cancel.off(onCancel);
        reject(new TransportError(describeFailure(error), { cause: error, final: true }));
        return;
      }
      req = current;
      current.on("error", (error) => {
        if (settled) return;
        const code = (error as { code?: unknown }).code;
        // A kept-alive connection the server closed while idle: sent once more on a new one (see node.ts).
        if (!retried && current.reusedSocket && typeof code === "string" && CONNECTION_DROPPED.has(code)) {
          dropIdleSockets(agent, options);
          start(true);
          return;
        }
        settled = true;
        cancel.off(onCancel);
        reject(new TransportError(describeFailure(error), { cause: error }));
      });
      if (request.body === undefined) {
        current.useChunkedEncodingByDefault = false;
        current.end();
      } else current.end(request.body);
    };
    start(false);
  });
}

/** The response's chunks; a connection that breaks before the end rejects with a TransportError. */
async function* body(
  incoming: http.IncomingMessage,
  cancel: Cancellation,
  onCancel: (reason: unknown) => void,
): AsyncGenerator<Uint8Array> {
  let received = 0;
  try {
    for await (const chunk of incoming as AsyncIterable<Buffer>) {
      received += chunk.length;
      yield chunk;
    }
    // Node ends the iteration quietly when the connection closes mid-body: only `complete` tells.
    if (!incoming.complete) throw new TransportError(`truncated response: connection closed after ${received} bytes`);
  } catch (error) {
    if (cancel.aborted) throw cancel.reason;
    if (error instanceof TransportError) throw error;
    throw new TransportError(`response interrupted: ${describeFailure(error)}`, { cause: error });
  } finally {
    cancel.off(onCancel);
    if (!incoming.complete) incoming.destroy();
  }
}
