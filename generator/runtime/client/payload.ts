// The request body of a call as the transport sends it, and the streaming output a call hands
// back, for the operations that stream or take checksums: their modules import
// `payloadHandling`, so a package without such operations carries none of this. Bytes are sent with their length (and, where the operation takes flexible checksums,
// the checksum in a header). A stream goes out as it is read: with its length when the input
// tells it (a Blob's size, or the input's ContentLength), unsigned (`UNSIGNED-PAYLOAD`) where
// S3 takes that, and as `aws-chunked` with the checksum in a trailer when one is sent. Services
// other than S3 sign the payload's hash, so a stream is read into memory there first.
import { utf8Encode } from "../codecs/encoding.js";
import { ResponseChecksumError } from "../errors.js";
import { AWS_CHUNK_SIZE, awsChunked, awsChunkedLength } from "../http/aws-chunked.js";
import { readBody, type BodyStream, type HttpResponse } from "../http/transport.js";
import type { ChecksumModes, OperationPayload, OperationSchema, PreparedBody } from "../schema.js";
import { bufferSource, fixedChunks, requestBodyOf, StreamingBody, type StreamSource } from "./streams.js";

/** How operations with a streaming payload or flexible checksums send and read their bodies. */
export function payloadHandling(outputMember?: string): OperationPayload {
  return { outputMember, prepare: prepareBody, output: streamingOutput, check: checkBufferedBody, buffered: bufferedResponse };
}

/** S3 (and its variants) take unsigned and aws-chunked streamed payloads. */
function takesUnsignedStreams(signingName: string): boolean {
  return signingName === "s3" || signingName.startsWith("s3-") || signingName === "s3express";
}

/**
 * Turns the serialised body into what is sent, setting the headers that describe it
 * (content-length, checksums, content-encoding, x-amz-content-sha256).
 */
async function prepareBody(
  operation: OperationSchema,
  signingName: string,
  wireBody: unknown,
  headers: Record<string, string>,
  modes: ChecksumModes,
): Promise<PreparedBody> {
  const checksum = operation.checksum;
  checksum?.askForResponseChecksum(headers, modes.response);
  const algorithm = checksum?.requestAlgorithm(headers, modes.request);
  if (wireBody === undefined) return { body: undefined, signed: undefined, replayable: true };
  let source: Uint8Array | StreamSource = typeof wireBody === "string" ? utf8Encode(wireBody) : requestBodyOf(wireBody);
  const unsigned = takesUnsignedStreams(signingName);
  if (!(source instanceof Uint8Array) && !unsigned) {
    // The payload's hash is signed: the whole body first.
    source = await bufferSource(source);
  }
  if (source instanceof Uint8Array) {
    if (checksum !== undefined && algorithm !== undefined) {
      const sum = await checksum.create(algorithm);
      sum.update(source);
      headers[checksum.header(algorithm)] = await sum.digest();
    }
    headers["content-length"] = String(source.byteLength);
    return { body: source, signed: source, replayable: true };
  }
  const declared = headers["content-length"];
  const length = source.length ?? (declared === undefined ? undefined : Number(declared));
  const stream = length === undefined ? source.stream : exactLength(source.stream, length);
  if (checksum === undefined || algorithm === undefined) {
    headers["x-amz-content-sha256"] = "UNSIGNED-PAYLOAD";
    if (length !== undefined) headers["content-length"] = String(length);
    else delete headers["content-length"];
    return { body: stream, signed: undefined, replayable: false };
  }
  const trailer = checksum.header(algorithm);
  const sum = await checksum.create(algorithm);
  headers["x-amz-content-sha256"] = "STREAMING-UNSIGNED-PAYLOAD-TRAILER";
  const encoding = headers["content-encoding"];
  headers["content-encoding"] = encoding === undefined || encoding === "" ? "aws-chunked" : `aws-chunked,${encoding}`;
  headers["x-amz-trailer"] = trailer;
  if (length !== undefined) {
    headers["x-amz-decoded-content-length"] = String(length);
    headers["content-length"] = String(awsChunkedLength(length, trailer, checksum.textLength(algorithm)));
  } else delete headers["content-length"];
  const body = awsChunked(summed(fixedChunks(stream, AWS_CHUNK_SIZE), sum), async () => [trailer, await sum.digest()] as const);
  return { body, signed: undefined, replayable: false };
}

async function* summed(source: AsyncIterable<Uint8Array>, sum: { update(chunk: Uint8Array): void }): AsyncGenerator<Uint8Array> {
  for await (const chunk of source) {
    sum.update(chunk);
    yield chunk;
  }
}

/** Passes a stream through, failing when it ends shorter or runs longer than the length it was sent with. */
async function* exactLength(source: AsyncIterable<Uint8Array>, length: number): AsyncGenerator<Uint8Array> {
  let total = 0;
  for await (const chunk of source) {
    total += chunk.byteLength;
    if (total > length) throw new RangeError(`the streaming body is longer than its declared length (${length} bytes)`);
    yield chunk;
  }
  if (total !== length) throw new RangeError(`the streaming body ended after ${total} of its declared ${length} bytes`);
}

/**
 * The output's streaming member over the response stream: checked against the response's
 * checksum when there is one, with `done` told once when it ends, fails or is cancelled.
 */
function streamingOutput(
  operation: OperationSchema,
  stream: BodyStream,
  requestHeaders: Readonly<Record<string, string>>,
  responseHeaders: Readonly<Record<string, string>>,
  done: () => void,
): StreamingBody {
  const expected = operation.checksum?.responseChecksum(requestHeaders, responseHeaders);
  const checked =
    expected === undefined ? stream : operation.checksum!.check(stream, expected.algorithm, expected.expected, operation.name);
  return new StreamingBody(untilDone(checked, done), (reason) => {
    stream.cancel(reason);
    done();
  });
}

async function* untilDone(source: AsyncIterable<Uint8Array>, done: () => void): AsyncGenerator<Uint8Array> {
  try {
    yield* source;
  } finally {
    done();
  }
}

/** Checks a buffered body against the response's checksum, when the operation has one. */
async function checkBufferedBody(
  operation: OperationSchema,
  body: Uint8Array,
  requestHeaders: Readonly<Record<string, string>>,
  responseHeaders: Readonly<Record<string, string>>,
): Promise<void> {
  const checksum = operation.checksum;
  const expected = checksum?.responseChecksum(requestHeaders, responseHeaders);
  if (checksum === undefined || expected === undefined) return;
  const sum = await checksum.create(expected.algorithm);
  sum.update(body);
  const actual = await sum.digest();
  if (actual !== expected.expected) throw new ResponseChecksumError(operation.name, expected.algorithm, expected.expected, actual);
}

/** A response whose body came as a stream (an error answer to a streaming operation), read whole within `limit`. */
async function bufferedResponse(response: HttpResponse, limit: number): Promise<HttpResponse> {
  const stream = response.stream;
  if (stream === undefined) return response;
  try {
    return { statusCode: response.statusCode, headers: response.headers, body: await readBody(stream, limit) };
  } catch (error) {
    stream.cancel();
    throw error;
  }
}
