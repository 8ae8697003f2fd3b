// The mock server's awsJson 1.0 / 1.1 half: a POST naming the operation in X-Amz-Target, the input
// and output as one JSON object each, errors as `{"__type": code, ...members}` (and the query code
// in x-amzn-query-error for awsQueryCompatible services).
import { parseJsonObject, readStructure, writeStructure } from "../codecs/json.js";
import { structurePlan } from "../codecs/members.js";
import type { ServerProtocol } from "./server-protocol.js";

function contentType(jsonVersion: string | undefined): string {
  return `application/x-amz-json-${jsonVersion ?? "1.0"}`;
}

export const awsJsonServer: ServerProtocol = {
  name: "json",
  route(spec, request) {
    if (request.method !== "POST") return undefined;
    const target = request.headers["x-amz-target"];
    if (target === undefined) return undefined;
    const prefix = spec.service.targetPrefix;
    const dot = target.lastIndexOf(".");
    if (prefix !== undefined && target.slice(0, dot) !== prefix) return undefined;
    const name = dot === -1 ? target : target.slice(dot + 1);
    const entry = spec.operations.find((o) => o.operation.name === name);
    if (entry === undefined) return undefined;
    const operation = entry.operation;
    const input: Record<string, unknown> = {};
    const body = parseJsonObject(request.body);
    if (body !== undefined && operation.input !== undefined) readStructure(structurePlan(operation.input).byWire, body, input);
    return { operation, input };
  },
  respond(spec, operation, output, requestId) {
    const body = operation.output === undefined ? "{}" : writeStructure(structurePlan(operation.output).byName, output);
    return { statusCode: 200, headers: { "content-type": contentType(spec.service.jsonVersion), "x-amzn-requestid": requestId }, body };
  },
  fail(spec, _operation, error, requestId) {
    let body = JSON.stringify({ __type: error.code, message: error.message });
    if (error.schema !== undefined) {
      const members = writeStructure(structurePlan(error.schema).byName, error.members);
      body = `{"__type":${JSON.stringify(error.code)}${members === "{}" ? `,"message":${JSON.stringify(error.message)}` : `,${members.slice(1, -1)}`}}`;
    }
    const headers: Record<string, string> = { "content-type": contentType(spec.service.jsonVersion), "x-amzn-requestid": requestId };
    if (spec.service.awsQueryCompatible)
      headers["x-amzn-query-error"] = `${error.code};${error.fault === "server" ? "Receiver" : "Sender"}`;
    return { statusCode: error.statusCode, headers, body };
  },
};
