// The `aws-chunked` content encoding with an unsigned trailer (x-amz-content-sha256:
// STREAMING-UNSIGNED-PAYLOAD-TRAILER), how S3 takes a streamed body with its checksum at the end:
//
//   <size in hex>\r\n<bytes>\r\n ... 0\r\n<trailer name>:<value>\r\n\r\n
//
// Chunks have a fixed size, so the encoded length of a body of known length is known before
// it is sent (Content-Length) and the service checks x-amz-decoded-content-length against it.
import { utf8Encode } from "../codecs/encoding.js";

/** Bytes of payload per chunk (the last one shorter). */
export const AWS_CHUNK_SIZE = 64 * 1024;

const CRLF = utf8Encode("\r\n");

/** The encoded length of `length` payload bytes with one trailer of the given name and value length. */
export function awsChunkedLength(length: number, trailerName: string, trailerValueLength: number, chunkSize = AWS_CHUNK_SIZE): number {
  const full = Math.floor(length / chunkSize);
  const rest = length % chunkSize;
  let total = full * (chunkSize.toString(16).length + 4 + chunkSize);
  if (rest > 0) total += rest.toString(16).length + 4 + rest;
  // "0\r\n", the trailer line, the closing "\r\n".
  return total + 3 + trailerName.length + 1 + trailerValueLength + 2 + 2;
}

/**
 * Encodes `chunks` (already cut to the chunk size, see fixedChunks) as aws-chunked; `trailer` is
 * asked for its line once the payload is through.
 */
export async function* awsChunked(
  chunks: AsyncIterable<Uint8Array>,
  trailer: () => Promise<readonly [string, string]>,
): AsyncGenerator<Uint8Array, void, undefined> {
  for await (const chunk of chunks) {
    if (chunk.byteLength === 0) continue;
    yield utf8Encode(`${chunk.byteLength.toString(16)}\r\n`);
    yield chunk;
    yield CRLF;
  }
  const [name, value] = await trailer();
  yield utf8Encode(`0\r\n${name}:${value}\r\n\r\n`);
}
