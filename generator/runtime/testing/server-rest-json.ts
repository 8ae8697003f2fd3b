// The mock server's restJson1 half: the HTTP bindings (server-rest.ts) with JSON bodies; errors
// name their code in X-Amzn-Errortype and carry their members as JSON.
import { utf8Decode } from "../codecs/encoding.js";
import { parseJsonObject, readJson, readStructure, writeJson, writeStructure } from "../codecs/json.js";
import { setEntry } from "../codecs/members.js";
import { isBlank, readScalar, typeOf } from "../codecs/values.js";
import type { StructureSchema } from "../schema.js";
import type { ServerProtocol, ServerResponse } from "./server-protocol.js";
import { findRoute, readRequestBindings, restRespond, writeResponseBindings } from "./server-rest.js";

/** The body of a structure's payload or body members, and its content type. */
function writeBody(
  schema: StructureSchema,
  values: Readonly<Record<string, unknown>>,
  headers: Record<string, string>,
): string | Uint8Array {
  const { rest } = writeResponseBindings(schema, values, headers);
  if (rest.payload !== undefined) {
    const value = Object.hasOwn(values, rest.payload.name) ? values[rest.payload.name] : undefined;
    if (value === undefined || value === null) return "";
    switch (typeOf(rest.payload.target)) {
      case "structure":
        headers["content-type"] ??= "application/json";
        return writeJson(rest.payload.target, value);
      case "document":
        headers["content-type"] ??= "application/json";
        return JSON.stringify(value);
      case "blob":
        headers["content-type"] ??= "application/octet-stream";
        return value instanceof Uint8Array ? value : String(value);
      default:
        headers["content-type"] ??= "text/plain";
        return String(value);
    }
  }
  if (rest.bodyByName === undefined) return "";
  headers["content-type"] ??= "application/json";
  return writeStructure(rest.bodyByName, values);
}

export const restJsonServer: ServerProtocol = {
  name: "rest-json",
  route(spec, request) {
    const found = findRoute(spec, request);
    if (found === undefined) return undefined;
    const { operation, labels } = found;
    const input: Record<string, unknown> = {};
    if (operation.input === undefined) return { operation, input };
    const rest = readRequestBindings(operation.input, request, labels, input);
    if (rest.payload !== undefined) {
      const info = rest.payload;
      switch (typeOf(info.target)) {
        case "structure": {
          const body = parseJsonObject(request.body);
          if (body !== undefined) setEntry(input, info.name, readJson(info.target, body));
          break;
        }
        case "blob":
          if (request.body.length > 0) setEntry(input, info.name, request.body);
          break;
        case "document": {
          const text = utf8Decode(request.body);
          if (!isBlank(text)) setEntry(input, info.name, JSON.parse(text) as unknown);
          break;
        }
        default:
          if (request.body.length > 0) setEntry(input, info.name, readScalar(typeOf(info.target), utf8Decode(request.body)));
      }
    } else if (rest.bodyByName !== undefined) {
      const body = parseJsonObject(request.body);
      if (body !== undefined) readStructure(rest.bodyByWire, body, input);
    }
    return { operation, input };
  },
  respond: (_spec, operation, output, requestId) => restRespond("x-amzn-requestid", writeBody, operation, output, requestId),
  fail(_spec, _operation, error, requestId): ServerResponse {
    const headers: Record<string, string> = {
      "x-amzn-requestid": requestId,
      "x-amzn-errortype": error.code,
      "content-type": "application/json",
    };
    let body = JSON.stringify({ message: error.message });
    if (error.schema !== undefined) {
      const written = writeBody(error.schema, error.members, headers);
      if (typeof written === "string" && written !== "" && written !== "{}") body = written;
      headers["content-type"] = "application/json";
    }
    return { statusCode: error.statusCode, headers, body };
  },
};
