// svcgen 0.1.0 runtime: copied verbatim from generator/runtime/client/plain-body.ts; do not edit.
// The request body of an operation without a streaming payload or checksums (most of them):
// bytes, sent with their length. The others go through client/payload.ts, which only their
// operation modules import.
import { utf8Encode } from "../codecs/encoding.js";
import type { PreparedBody } from "../schema.js";

/** A body of bytes (or text), sent with its length. */
export function plainBody(body: unknown, headers: Record<string, string>): PreparedBody {
  if (body === undefined) return { body: undefined, signed: undefined, replayable: true };
  const bytes = typeof body === "string" ? utf8Encode(body) : (body as Uint8Array);
  headers["content-length"] = String(bytes.length);
  return { body: bytes, signed: bytes, replayable: true };
}
