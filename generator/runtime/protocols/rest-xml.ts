// restXml: the HTTP binding (http-binding.ts) with XML bodies (codecs/xml-body.ts): the body
// members as one document whose root is the input's `xmlName` (else its shape name), or the
// payload member as the whole body (an XML document for a structure, rooted at the member's
// `locationName`, else the shape's `xmlName` or name; bytes for a blob; text otherwise). Header
// timestamps are HTTP dates, body and query ones ISO 8601 unless the shape says otherwise.
// Errors are `<ErrorResponse><Error>` documents or S3's bare `<Error>`.
import type { OperationSchema, StructureSchema } from "../schema.js";
import { ownMember, setEntry, type MemberInfo } from "../codecs/members.js";
import { failedAt, readScalar, toBytes, typeOf } from "../codecs/values.js";
import { utf8Decode } from "../codecs/encoding.js";
import { bodyMembers, readXmlMembers, readXmlValue, responseBodyMembers, structureNode } from "../codecs/xml-body.js";
import { parseXml, writeXml } from "../codecs/xml.js";
import { bindRequest, readBindings, restPlan } from "./http-binding.js";
import type { HttpRequestParts, Protocol } from "./protocol.js";
import { hostPrefix, isStreaming, readOutput, streamingBody, withTokens } from "./shared.js";
import { deserializeXmlError, errorResponseParts } from "./xml-errors.js";

const XML_CONTENT_TYPE = "application/xml";

function hasBodyValue(schema: StructureSchema, values: Readonly<Record<string, unknown>>): boolean {
  for (const [name, member] of Object.entries(schema.members)) {
    if (member.location !== undefined || name === schema.payload) continue;
    const value = ownMember(values, name);
    if (value !== undefined && value !== null) return true;
  }
  return false;
}

const responseBodies = new WeakMap<StructureSchema, boolean>();

/** Whether any member of an output or error is read from the body (else the body is not parsed). */
function hasResponseBody(schema: StructureSchema): boolean {
  let has = responseBodies.get(schema);
  if (has === undefined) {
    has = Object.entries(schema.members).some(([name, member]) => name !== schema.payload && responseBodyMembers(name, member));
    responseBodies.set(schema, has);
  }
  return has;
}

function payloadRootName(schema: StructureSchema, info: MemberInfo, target: StructureSchema): string {
  return schema.members[info.name]?.locationName ?? target.xmlName ?? target.name;
}

function serializeRequest(_service: unknown, op: OperationSchema, input: Readonly<Record<string, unknown>>): HttpRequestParts {
  const values = withTokens(op, input);
  const host = hostPrefix(op, values);
  const { method, path, query, headers, rest } = bindRequest(op, values);
  const schema = op.input;
  if (rest === undefined || schema === undefined) return { method, path, query, headers, body: undefined, hostPrefix: host };
  let body: HttpRequestParts["body"];
  let contentType: string | undefined;
  if (rest.payload !== undefined) {
    const target = rest.payload.target;
    const value = ownMember(values, rest.payload.name);
    if (typeof target === "object" && target.type === "structure") {
      // An unset payload structure (or union) sends no body at all.
      if (value !== undefined && value !== null) {
        const root = structureNode(
          payloadRootName(schema, rest.payload, target),
          target,
          value as Readonly<Record<string, unknown>>,
          schema.members[rest.payload.name]?.xmlNamespace,
        );
        body = writeXml(root);
        contentType = XML_CONTENT_TYPE;
      }
    } else if (typeOf(target) === "blob") {
      if (value !== undefined && value !== null) {
        body = typeof value === "string" ? value : isStreaming(target) ? streamingBody(value) : toBytes(value);
        contentType = "application/octet-stream";
      }
    } else if (value !== undefined && value !== null) {
      body = typeof value === "string" ? value : String(value);
      contentType = "text/plain";
    }
  } else if (rest.bodyByName !== undefined && hasBodyValue(schema, values)) {
    body = writeXml(structureNode(schema.xmlName ?? schema.name, schema, values, schema.xmlNamespace, bodyMembers));
    contentType = XML_CONTENT_TYPE;
  }
  if (contentType !== undefined && headers["content-type"] === undefined) headers["content-type"] = contentType;
  return { method, path, query, headers, body, hostPrefix: host };
}

function readPayload(info: MemberInfo, body: Uint8Array, out: Record<string, unknown>): void {
  const target = info.target;
  try {
    switch (typeOf(target)) {
      case "blob":
        // A streaming payload is always there (possibly empty); a plain blob only when sent.
        if (body.length > 0 || (typeof target === "object" && "streaming" in target)) setEntry(out, info.name, body);
        break;
      case "structure": {
        const root = parseXml(body);
        if (root !== undefined) setEntry(out, info.name, readXmlValue(target, root));
        break;
      }
      default:
        if (body.length > 0) {
          const text = utf8Decode(body);
          setEntry(out, info.name, typeOf(target) === "string" ? text : readScalar(typeOf(target), text));
        }
    }
  } catch (error) {
    failedAt(error, info.name);
  }
}

export const restXml: Protocol = {
  name: "rest-xml",
  serializeRequest,
  deserializeOutput: (_service, op, res, $metadata) =>
    readOutput(op, res, $metadata, (schema, out) => {
      const rest = restPlan(schema);
      readBindings(rest, res, out);
      if (rest.payload !== undefined) {
        readPayload(rest.payload, res.body, out);
      } else if (hasResponseBody(schema)) {
        const root = parseXml(res.body);
        if (root !== undefined) readXmlMembers(schema, root, out, responseBodyMembers);
      }
    }),
  deserializeError: (service, op, res, $metadata) =>
    deserializeXmlError(service, op, res, $metadata, errorResponseParts, (schema, response, error, out) => {
      readBindings(restPlan(schema), response, out);
      if (error !== undefined) readXmlMembers(schema, error, out, responseBodyMembers);
    }),
};
