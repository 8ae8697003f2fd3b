// Whether the client retries a modelled error, by the runtime's own rules (runtime/client/retry.ts):
// the model's retryable trait, the throttling and transient codes, HTTP 429 and 5xx statuses.
import type { StructureIR } from "../../ir/types.js";
import { THROTTLING_ERROR_CODES, TRANSIENT_ERROR_CODES, TRANSIENT_STATUS_CODES } from "../../runtime/client/retry.js";

export type RetryKind = "throttling" | "transient";

export function retryKind(s: StructureIR): RetryKind | undefined {
  const e = s.exception;
  if (e === undefined) return undefined;
  if (e.retryable?.throttling === true) return "throttling";
  if (THROTTLING_ERROR_CODES.has(e.code) || e.httpStatusCode === 429) return "throttling";
  if (e.retryable !== undefined || TRANSIENT_ERROR_CODES.has(e.code)) return "transient";
  if (e.httpStatusCode !== undefined && TRANSIENT_STATUS_CODES.has(e.httpStatusCode)) return "transient";
  return undefined;
}

export function retryBadge(s: StructureIR): string {
  const kind = retryKind(s);
  if (kind === undefined) return "";
  return ` <span class="badge retry" title="The client retries this error with backoff (standard retry mode)">retried by the client${kind === "throttling" ? " (throttling)" : ""}</span>`;
}
