// What a call that streams events adds to an ordinary one (client/event-stream.ts): how the
// streamed success response is read, and, when the request streams events too, where its body
// comes from. Kept apart from call.ts, which only passes these through.
import type { Credentials } from "../auth/credentials.js";
import type { ResponseMetadata } from "../errors.js";
import { readBody, type BodyStream, type HttpResponse, type RequestBody, type Transport } from "../http/transport.js";

/**
 * Reads a streamed success response into the output (event streams, client/event-stream.ts).
 * Error responses are still read whole and retried as any other.
 */
export type StreamReader = (
  /** Its body in `stream` (see oneChunk for a transport that sent it whole). */
  response: HttpResponse,
  $metadata: ResponseMetadata,
  /** To be called once the body is read to the end or left: the call stops following the caller's signal. */
  done: () => void,
) => Promise<Record<string, unknown>>;

/** What a call that streams events needs beyond an ordinary one (client/event-stream.ts). */
export interface StreamOptions {
  readonly read: StreamReader;
  /** The request sends events too: made once (never retried), its body built from the request's signature. */
  readonly send?: {
    readonly headers: Readonly<Record<string, string>>;
    readonly transport: () => Promise<Transport>;
    body(authorization: string, signing: EventSigningFacts): RequestBody;
  };
}

/** What signed the request, for the events that follow it. */
export interface EventSigningFacts {
  readonly credentials: Credentials;
  readonly region: string;
  readonly service: string;
  readonly regionSet: readonly string[] | undefined;
}

/** A transport that ignored `streamResponse` (a custom one): its buffered body as the stream. */
export function oneChunk(body: Uint8Array): BodyStream {
  return {
    async *[Symbol.asyncIterator]() {
      yield body;
    },
    cancel() {},
  };
}

/** An error answer to an event-stream call, read whole within `limit` (as a buffered answer is bounded). */
export async function wholeResponse(response: HttpResponse, limit: number): Promise<HttpResponse> {
  return response.stream === undefined ? response : { ...response, body: await readBody(response.stream, limit) };
}
