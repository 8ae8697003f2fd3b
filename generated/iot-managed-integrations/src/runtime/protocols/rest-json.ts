// svcgen 0.1.0 runtime: copied verbatim from generator/runtime/protocols/rest-json.ts; do not edit.
// restJson1: the HTTP binding (http-binding.ts) with JSON bodies: the body members as one JSON
// object, or the payload member as the whole body (JSON for a structure or document, bytes for a
// blob, text otherwise).
import type { OperationSchema } from "../schema.js";
import { readJson, readStructure, writeJson, writeStructure, parseJsonObject } from "../codecs/json.js";
import { ownMember, setEntry, type MemberInfo } from "../codecs/members.js";
import { failedAt, isBlank, readScalar, toBytes, typeOf } from "../codecs/values.js";
import { utf8Decode } from "../codecs/encoding.js";
import { bindRequest, readBindings, restPlan } from "./http-binding.js";
import { deserializeJsonError } from "./json-errors.js";
import type { HttpRequestParts, Protocol } from "./protocol.js";
import { hostPrefix, isStreaming, readOutput, streamingBody, withTokens } from "./shared.js";

const JSON_CONTENT_TYPE = "application/json";

function serializeRequest(_service: unknown, op: OperationSchema, input: Readonly<Record<string, unknown>>): HttpRequestParts {
  const values = withTokens(op, input);
  const host = hostPrefix(op, values);
  const { method, path, query, headers, rest } = bindRequest(op, values);
  if (rest === undefined) return { method, path, query, headers, body: undefined, hostPrefix: host };
  let body: HttpRequestParts["body"];
  let contentType: string | undefined;
  if (rest.payload !== undefined) {
    const target = rest.payload.target;
    const value = ownMember(values, rest.payload.name);
    switch (typeOf(target)) {
      case "structure":
        if (value !== undefined && value !== null) {
          body = writeJson(target, value);
          contentType = JSON_CONTENT_TYPE;
        } else if (typeof target === "object" && target.type === "structure" && !target.union) {
          // An unset structure payload is still an (empty) JSON document; an unset union is no body.
          body = "{}";
          contentType = JSON_CONTENT_TYPE;
        }
        break;
      case "document":
        if (value !== undefined) {
          body = JSON.stringify(value);
          contentType = JSON_CONTENT_TYPE;
        }
        break;
      case "blob":
        // The content type says what the operation takes, even when this call sends no bytes:
        // the protocol asks for it (legacy rest-json suite, "Content-Type and JSON body").
        if (value !== undefined && value !== null)
          body = typeof value === "string" ? value : isStreaming(target) ? streamingBody(value) : toBytes(value);
        contentType = "application/octet-stream";
        break;
      default:
        if (value !== undefined && value !== null) {
          body = typeof value === "string" ? value : String(value);
          contentType = "text/plain";
        }
    }
  } else if (rest.bodyByName !== undefined) {
    body = writeStructure(rest.bodyByName, values);
    contentType = JSON_CONTENT_TYPE;
  }
  if (contentType !== undefined && headers["content-type"] === undefined) headers["content-type"] = contentType;
  return { method, path, query, headers, body, hostPrefix: host };
}

function readPayload(info: MemberInfo, body: Uint8Array, out: Record<string, unknown>): void {
  try {
    readPayloadValue(info, body, out);
  } catch (error) {
    failedAt(error, info.name);
  }
}

function readPayloadValue(info: MemberInfo, body: Uint8Array, out: Record<string, unknown>): void {
  const target = info.target;
  switch (typeOf(target)) {
    case "blob":
      // A streaming payload is always there (possibly empty); a plain blob only when sent.
      if (body.length > 0 || (typeof target === "object" && "streaming" in target)) setEntry(out, info.name, body);
      break;
    case "structure": {
      const value = parseJsonObject(body);
      if (value !== undefined) setEntry(out, info.name, readJson(target, value));
      break;
    }
    case "document": {
      const text = utf8Decode(body);
      if (!isBlank(text)) setEntry(out, info.name, JSON.parse(text) as unknown);
      break;
    }
    default:
      if (body.length > 0) setEntry(out, info.name, readScalar(typeOf(target), utf8Decode(body)));
  }
}

export const restJson: Protocol = {
  name: "rest-json",
  serializeRequest,
  deserializeOutput: (_service, op, res, $metadata) =>
    readOutput(op, res, $metadata, (schema, out) => {
      const rest = restPlan(schema);
      readBindings(rest, res, out);
      if (rest.payload !== undefined) {
        readPayload(rest.payload, res.body, out);
      } else if (rest.bodyByName !== undefined) {
        const body = parseJsonObject(res.body);
        if (body !== undefined) readStructure(rest.bodyByWire, body, out);
      }
    }),
  deserializeError: (service, op, res, $metadata) =>
    deserializeJsonError(service, op, res, $metadata, (schema, response, body, out) => {
      const rest = restPlan(schema);
      readBindings(rest, response, out);
      if (body !== undefined) readStructure(rest.bodyByWire, body, out);
    }),
};
