// awsJson 1.0 and 1.1: every call a POST to "/" naming the operation in `X-Amz-Target`, the
// input and output as one JSON object each. A service that was once on the query protocol
// (awsQueryCompatible) asks for query-mode errors and sends its old codes in `x-amzn-query-error`.
import type { OperationSchema } from "../schema.js";
import { parseJsonObject, readStructure, writeStructure } from "../codecs/json.js";
import { structurePlan } from "../codecs/members.js";
import { deserializeJsonError, queryModeError } from "./json-errors.js";
import type { HttpRequestParts, Protocol, ProtocolFacts } from "./protocol.js";
import { hostPrefix, readOutput, withTokens } from "./shared.js";

/** The content type and target of an operation, worked out on its first call (they need the service). */
const targets = new WeakMap<OperationSchema, { readonly contentType: string; readonly target: string }>();

function serializeRequest(service: ProtocolFacts, op: OperationSchema, input: Readonly<Record<string, unknown>>): HttpRequestParts {
  const values = withTokens(op, input);
  let facts = targets.get(op);
  if (facts === undefined) {
    facts = {
      contentType: `application/x-amz-json-${service.jsonVersion ?? "1.0"}`,
      target: service.targetPrefix === undefined ? op.name : `${service.targetPrefix}.${op.name}`,
    };
    targets.set(op, facts);
  }
  const headers: Record<string, string> = { "content-type": facts.contentType, "x-amz-target": facts.target };
  if (service.awsQueryCompatible) headers["x-amzn-query-mode"] = "true";
  const body = op.input === undefined ? "{}" : writeStructure(structurePlan(op.input).byName, values);
  return { method: "POST", path: "/", query: [], headers, body, hostPrefix: hostPrefix(op, values) };
}

export const awsJson: Protocol = {
  name: "json",
  serializeRequest,
  deserializeOutput: (_service, op, res, $metadata) =>
    readOutput(op, res, $metadata, (schema, out) => {
      const body = parseJsonObject(res.body);
      if (body !== undefined) readStructure(structurePlan(schema).byWire, body, out);
    }),
  deserializeError: (service, op, res, $metadata) =>
    deserializeJsonError(
      service,
      op,
      res,
      $metadata,
      (schema, _res, body, out) => {
        if (body !== undefined) readStructure(structurePlan(schema).byWire, body, out);
      },
      service.awsQueryCompatible ? queryModeError : undefined,
    ),
};
