// Error responses of the JSON protocols (restJson1, awsJson): the code from `x-amzn-errortype`
// or the body's `__type` / `code`, the modelled error it names (the operation's, then the
// service's), and its members, read by the protocol's own reader.
import { ServiceException, type RawResponse, type ResponseMetadata } from "../errors.js";
import type { ErrorSchema, OperationSchema, StructureSchema } from "../schema.js";
import { structurePlan } from "../codecs/members.js";
import { isBlank } from "../codecs/values.js";
import type { HttpResponseParts, ProtocolFacts } from "./protocol.js";
import { findError, uncodedMessage } from "./error-lookup.js";
import { rawResponse } from "./shared.js";

/** `ns#Code:uri` → `Code`: the part before the first `:`, then after the `#`. */
function sanitizeErrorCode(raw: string): string | undefined {
  let code = raw;
  const colon = code.indexOf(":");
  if (colon !== -1) code = code.slice(0, colon);
  const hash = code.indexOf("#");
  if (hash !== -1) code = code.slice(hash + 1);
  code = code.trim();
  return code === "" ? undefined : code;
}

/**
 * The error code of an error response: the `x-amzn-errortype` header, else the body's `__type`,
 * else its `code` (or `Code`); namespace and URI suffix removed. Undefined when there is none.
 */
export function errorCode(res: HttpResponseParts, parsedBody: unknown): string | undefined {
  const header = res.headers["x-amzn-errortype"];
  if (header !== undefined) {
    const code = sanitizeErrorCode(header);
    if (code !== undefined) return code;
  }
  if (typeof parsedBody === "object" && parsedBody !== null) {
    const body = parsedBody as Readonly<Record<string, unknown>>;
    for (const key of ["__type", "code", "Code"]) {
      const value = body[key];
      if (typeof value === "string") {
        const code = sanitizeErrorCode(value);
        if (code !== undefined) return code;
      }
    }
  }
  return undefined;
}

function bodyMessage(body: unknown): string | undefined {
  if (typeof body !== "object" || body === null) return undefined;
  const record = body as Readonly<Record<string, unknown>>;
  for (const key of ["message", "Message", "errorMessage"]) {
    const value = record[key];
    if (typeof value === "string") return value;
  }
  return undefined;
}

/** The body as JSON, or undefined when it is blank or not JSON. */
function parseJsonLeniently(_res: HttpResponseParts, text: string): unknown {
  if (isBlank(text)) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** Reads an error structure's members from the response (headers and/or the parsed body object) into `out`. */
export type ErrorMemberReader = (
  schema: StructureSchema,
  res: HttpResponseParts,
  body: Readonly<Record<string, unknown>> | undefined,
  out: Record<string, unknown>,
) => void;

/** A code (and fault) the protocol reads from elsewhere than the JSON error conventions, overriding them. */
export type ErrorCodeOverride = (
  res: HttpResponseParts,
  fault: "client" | "server",
) => { readonly code: string | undefined; readonly fault: "client" | "server" } | undefined;

/**
 * awsQueryCompatible services (awsJson, rpc-v2-cbor): `x-amzn-query-error: Code;Sender` (or
 * `;Receiver`) gives the code the service's query-protocol clients knew, and its fault.
 */
export const queryModeError: ErrorCodeOverride = (res, fault) => {
  const header = res.headers["x-amzn-query-error"];
  if (header === undefined) return undefined;
  const semicolon = header.indexOf(";");
  const code = (semicolon === -1 ? header : header.slice(0, semicolon)).trim();
  return {
    code: code === "" ? undefined : code,
    fault: semicolon === -1 ? fault : header.slice(semicolon + 1).trim() === "Receiver" ? "server" : "client",
  };
};

function readErrorMembers(
  readMembers: ErrorMemberReader,
  schema: StructureSchema,
  res: HttpResponseParts,
  body: unknown,
  message: string | undefined,
): Record<string, unknown> {
  const members: Record<string, unknown> = {};
  const plan = structurePlan(schema);
  const object =
    typeof body === "object" && body !== null && !Array.isArray(body) ? (body as Readonly<Record<string, unknown>>) : undefined;
  readMembers(schema, res, object, members);
  if (plan.messageMember !== undefined && members[plan.messageMember] === undefined && message !== undefined) {
    members[plan.messageMember] = message;
  }
  return members;
}

/**
 * Turns an error response of a JSON protocol (or rpc-v2-cbor, whose `parseBody` decodes CBOR)
 * into an exception; never throws.
 *
 * - A code the model knows (searched in the operation's errors, then the service's) gives an
 *   instance of that error's class, with its members read from the headers and the body.
 * - An unknown code gives the service's base exception named after the code.
 * - No code at all (empty, non-JSON or code-less body, e.g. from a proxy) gives the base
 *   exception named `Http<status>Error` (`Http502Error`), its message quoting the body's start.
 * Every one keeps the raw status, headers and body text in `$response`.
 */
export function deserializeJsonError(
  service: ProtocolFacts,
  op: OperationSchema,
  res: HttpResponseParts,
  $metadata: ResponseMetadata,
  readMembers: ErrorMemberReader,
  overrideCode?: ErrorCodeOverride,
  parseBody: (res: HttpResponseParts, text: string) => unknown = parseJsonLeniently,
): ServiceException {
  let raw: RawResponse = { statusCode: res.statusCode, headers: res.headers, body: "" };
  const statusFault: "client" | "server" = res.statusCode >= 500 ? "server" : "client";
  try {
    raw = rawResponse(res);
    const body = parseBody(res, raw.body);
    let code = errorCode(res, body);
    let fault = statusFault;
    const override = overrideCode?.(res, fault);
    if (override !== undefined) {
      code = override.code ?? code;
      fault = override.fault;
    }
    const message = bodyMessage(body);
    if (code === undefined) {
      return new service.baseException({
        name: `Http${res.statusCode}Error`,
        message: uncodedMessage(res, raw.body, message),
        $fault: statusFault,
        $metadata,
        $response: raw,
      });
    }
    const known = findError(service, op, code);
    if (known === undefined) {
      // An error the model does not list keeps its body's fields, the way a modelled one would.
      const fields =
        typeof body === "object" && body !== null && !Array.isArray(body)
          ? Object.fromEntries(Object.entries(body).filter(([key]) => !/^(?:__type|code|Code|message|Message)$/.test(key)))
          : undefined;
      return new service.baseException({
        name: code,
        message: message ?? `${code} (HTTP ${res.statusCode})`,
        $fault: fault,
        $metadata,
        $response: raw,
        ...(fields === undefined ? {} : { members: fields }),
      });
    }
    let members: Record<string, unknown> | undefined;
    try {
      members = readErrorMembers(readMembers, known.schema, res, body, message);
    } catch {
      // Members of the wrong type are dropped rather than hiding the error itself.
      members = undefined;
    }
    return new known.ctor({
      message: message ?? `${code} (HTTP ${res.statusCode})`,
      $fault: known.fault,
      $metadata,
      $response: raw,
      ...(members === undefined ? {} : { members }),
    });
  } catch (cause) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    return new ServiceException({
      name: `Http${res.statusCode}Error`,
      message: `HTTP ${res.statusCode}: the error response could not be read (${reason})`,
      $fault: statusFault,
      $metadata,
      $response: raw,
    });
  }
}
