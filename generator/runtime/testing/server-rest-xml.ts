// The mock server's restXml half: the HTTP bindings (server-rest.ts) with XML bodies
// (codecs/xml-body.ts): the body members as one document, or the payload member as the whole
// body; errors as `<ErrorResponse><Error><Type/><Code/><Message/>…</Error></ErrorResponse>`.
import { utf8Decode } from "../codecs/encoding.js";
import { setEntry } from "../codecs/members.js";
import { readScalar, typeOf } from "../codecs/values.js";
import { bodyMembers, readXmlMembers, structureNode, type MemberFilter } from "../codecs/xml-body.js";
import { parseXml, writeXml, type XmlNode } from "../codecs/xml.js";
import type { StructureSchema } from "../schema.js";
import type { ServerProtocol, ServerResponse } from "./server-protocol.js";
import { messageMember } from "./server-protocol.js";
import { findRoute, readRequestBindings, restRespond, writeResponseBindings } from "./server-rest.js";

const XML = "application/xml";

/** Members a response body carries: those in no header or status code. */
const responseBody =
  (payload: string | undefined): MemberFilter =>
  (name, member) =>
    name !== payload && (member.location === undefined || member.location === "uri" || member.location === "querystring");

function writeBody(
  schema: StructureSchema,
  values: Readonly<Record<string, unknown>>,
  headers: Record<string, string>,
): string | Uint8Array {
  const { rest } = writeResponseBindings(schema, values, headers);
  if (rest.payload !== undefined) {
    const info = rest.payload;
    const value = Object.hasOwn(values, info.name) ? values[info.name] : undefined;
    if (value === undefined || value === null) return "";
    const target = info.target;
    if (typeof target === "object" && target.type === "structure") {
      headers["content-type"] ??= XML;
      const name = schema.members[info.name]?.locationName ?? target.xmlName ?? target.name;
      return writeXml(structureNode(name, target, value as Readonly<Record<string, unknown>>, undefined));
    }
    if (typeOf(target) === "blob") {
      headers["content-type"] ??= "application/octet-stream";
      return value instanceof Uint8Array ? value : String(value);
    }
    headers["content-type"] ??= "text/plain";
    return String(value);
  }
  const filter = responseBody(schema.payload);
  if (!Object.entries(schema.members).some(([name, member]) => filter(name, member))) return "";
  headers["content-type"] ??= XML;
  return writeXml(structureNode(schema.xmlName ?? schema.name, schema, values, undefined, filter));
}

export const restXmlServer: ServerProtocol = {
  name: "rest-xml",
  route(spec, request) {
    const found = findRoute(spec, request);
    if (found === undefined) return undefined;
    const { operation, labels } = found;
    const input: Record<string, unknown> = {};
    const schema = operation.input;
    if (schema === undefined) return { operation, input };
    const rest = readRequestBindings(schema, request, labels, input);
    if (rest.payload !== undefined) {
      const info = rest.payload;
      const target = info.target;
      if (typeof target === "object" && target.type === "structure") {
        const root = parseXml(request.body);
        if (root !== undefined) setEntry(input, info.name, readXmlMembers(target, root, {}));
      } else if (typeOf(target) === "blob") {
        if (request.body.length > 0) setEntry(input, info.name, request.body);
      } else if (request.body.length > 0) setEntry(input, info.name, readScalar(typeOf(target), utf8Decode(request.body)));
    } else {
      const root = parseXml(request.body);
      if (root !== undefined) readXmlMembers(schema, root, input, (name, member) => bodyMembers(name, member) && name !== schema.payload);
    }
    return { operation, input };
  },
  respond: (_spec, operation, output, requestId) => restRespond("x-amz-request-id", writeBody, operation, output, requestId),
  fail(_spec, _operation, error, requestId): ServerResponse {
    const headers: Record<string, string> = { "x-amz-request-id": requestId, "content-type": XML };
    const children: XmlNode[] = [
      { name: "Type", text: error.fault === "server" ? "Receiver" : "Sender" },
      { name: "Code", text: error.code },
    ];
    const member = messageMember(error.schema);
    if (member === undefined || !Object.hasOwn(error.members, member)) children.push({ name: "Message", text: error.message });
    if (error.schema !== undefined) {
      writeResponseBindings(error.schema, error.members, headers);
      children.push(...(structureNode("Error", error.schema, error.members, undefined, responseBody(error.schema.payload)).children ?? []));
    }
    const root: XmlNode = {
      name: "ErrorResponse",
      children: [
        { name: "Error", children },
        { name: "RequestId", text: requestId },
      ],
    };
    return { statusCode: error.statusCode, headers, body: writeXml(root) };
  },
};
