// svcgen 0.1.0 runtime: copied verbatim from generator/runtime/protocols/error-lookup.ts; do not edit.
// What every protocol's error reader shares: the modelled error a code names, and the message of
// an error response that names no code.
import type { ErrorSchema, OperationSchema } from "../schema.js";
import type { HttpResponseParts, ProtocolFacts } from "./protocol.js";

const errorTables = new WeakMap<readonly ErrorSchema[], ReadonlyMap<string, ErrorSchema>>();

/** Errors by code, then by shape name (a shape name never hides another error's custom code). */
function errorTable(errors: readonly ErrorSchema[]): ReadonlyMap<string, ErrorSchema> {
  let map = errorTables.get(errors);
  if (map !== undefined) return map;
  const byCode = new Map<string, ErrorSchema>();
  for (const error of errors) if (!byCode.has(error.code)) byCode.set(error.code, error);
  for (const error of errors) if (!byCode.has(error.schema.name)) byCode.set(error.schema.name, error);
  errorTables.set(errors, (map = byCode));
  return map;
}

/** The modelled error a code names: the operation's, then the service's. */
export function findError(service: ProtocolFacts, op: OperationSchema, code: string): ErrorSchema | undefined {
  return errorTable(op.errors).get(code) ?? (service.errors === undefined ? undefined : errorTable(service.errors).get(code));
}

/** The start of a text from the wire, for a message. */
export function snippet(text: string): string {
  const trimmed = text.trim();
  return trimmed.length > 200 ? trimmed.slice(0, 200) + "…" : trimmed;
}

/** The message of an error response without an error code: its own, else what the response shows. */
export function uncodedMessage(res: HttpResponseParts, body: string, message: string | undefined): string {
  if (message !== undefined) return message;
  if (res.statusCode >= 300 && res.statusCode < 400) {
    return `HTTP ${res.statusCode} redirect, not followed (Location: ${snippet(res.headers["location"] ?? "none")})`;
  }
  return body.trim() === ""
    ? `HTTP ${res.statusCode} with an empty body and no error code`
    : `HTTP ${res.statusCode} with no error code; body starts: ${snippet(body)}`;
}
