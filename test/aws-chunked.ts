// aws-chunked bodies as S3 receives them, decoded strictly by the tests' servers: an independent
// reading of the framing the runtime writes (generator/runtime/http/aws-chunked.ts).

export interface Decoded {
  payload: Buffer;
  trailers: Record<string, string>;
}

/** aws-chunked, strictly: hex size, CRLF, bytes, CRLF ... 0 CRLF, trailer lines, CRLF. */
export function decodeAwsChunked(raw: Buffer): Decoded {
  const parts: Buffer[] = [];
  let at = 0;
  const line = (): string => {
    const end = raw.indexOf("\r\n", at);
    if (end < 0) throw new Error("aws-chunked: a line without CRLF");
    const text = raw.subarray(at, end).toString("latin1");
    at = end + 2;
    return text;
  };
  for (;;) {
    const sizeLine = line();
    if (!/^[0-9a-f]+$/.test(sizeLine)) throw new Error(`aws-chunked: bad size line ${JSON.stringify(sizeLine)}`);
    const size = parseInt(sizeLine, 16);
    if (size === 0) break;
    parts.push(raw.subarray(at, at + size));
    at += size;
    if (raw.subarray(at, at + 2).toString("latin1") !== "\r\n") throw new Error("aws-chunked: chunk not followed by CRLF");
    at += 2;
  }
  const trailers: Record<string, string> = {};
  for (let text = line(); text !== ""; text = line()) {
    const colon = text.indexOf(":");
    trailers[text.slice(0, colon)] = text.slice(colon + 1);
  }
  if (at !== raw.length) throw new Error("aws-chunked: bytes after the final CRLF");
  return { payload: Buffer.concat(parts), trailers };
}
