// The site marks an error "retried by the client" by the rules of runtime/client/retry.ts. This
// checks the two agree: each modelled error, thrown through the runtime's own classifier with the
// status the model gives it, is retried exactly when the site says so, and of the same kind.
import { describe, expect, it } from "vitest";
import { classifyError } from "../../generator/runtime/client/retry.js";
import { ServiceException } from "../../generator/runtime/errors.js";
import type { ErrorSchema } from "../../generator/runtime/schema.js";
import type { ExceptionIR, StructureIR } from "../../generator/ir/types.js";
import { retryKind } from "../../generator/emit/site/retries.js";
import { GetThingOperation, service } from "../runtime-fixtures.js";

const CASES: ExceptionIR[] = [
  { code: "ValidationException", httpStatusCode: 400, fault: "client", retryable: undefined },
  { code: "AccessDeniedException", httpStatusCode: 403, fault: "client", retryable: undefined },
  { code: "ThrottlingException", httpStatusCode: 429, fault: "client", retryable: undefined },
  { code: "ThrottlingException", httpStatusCode: 400, fault: "client", retryable: undefined },
  { code: "Custom", httpStatusCode: 400, fault: "client", retryable: { throttling: true } },
  { code: "Conflict", httpStatusCode: 409, fault: "client", retryable: { throttling: false } },
  { code: "InternalServerException", httpStatusCode: 500, fault: "server", retryable: undefined },
  { code: "ServiceUnavailableException", httpStatusCode: 503, fault: "server", retryable: undefined },
  { code: "NotImplemented", httpStatusCode: 501, fault: "server", retryable: undefined },
  { code: "RequestTimeout", httpStatusCode: 408, fault: "client", retryable: undefined },
  { code: "LimitExceededException", httpStatusCode: 400, fault: "client", retryable: undefined },
  { code: "SlowDown", httpStatusCode: undefined, fault: "server", retryable: undefined },
  { code: "Unmodelled", httpStatusCode: undefined, fault: "server", retryable: undefined },
];

describe("retried by the client", () => {
  it.each(CASES)("agrees with the runtime for $code (HTTP $httpStatusCode)", (e) => {
    class Modelled extends ServiceException {}
    const schema: ErrorSchema = {
      code: e.code,
      schema: { type: "structure", name: e.code, members: {} },
      ctor: Modelled,
      fault: e.fault,
      ...(e.httpStatusCode === undefined ? {} : { httpStatusCode: e.httpStatusCode }),
      ...(e.retryable === undefined ? {} : { retryable: e.retryable }),
    };
    const thrown = new Modelled({
      name: e.code,
      message: "m",
      $fault: e.fault,
      $metadata: { httpStatusCode: e.httpStatusCode ?? 400, attempts: 1, totalRetryDelay: 0 },
    });
    const runtime = classifyError(thrown, { ...GetThingOperation, errors: [schema] }, service);
    const shape = { kind: "structure", name: e.code, exception: e } as unknown as StructureIR;
    expect(retryKind(shape)).toBe(runtime);
  });
});
