// The mock server's query and ec2 halves: the request a form (POST body, or the query string)
// naming `Action`, read back into the input by the keys codecs/form.ts writes; the output an XML
// document (query: inside `<OperationResult>` or the model's resultWrapper; ec2: straight inside
// `<OperationResponse>`); errors in each protocol's envelope.
import { formMemberKey, type FormDialect } from "../codecs/form.js";
import { setEntry } from "../codecs/members.js";
import { failedAt } from "../codecs/values.js";
import { structureNode } from "../codecs/xml-body.js";
import { writeXml, type XmlNode } from "../codecs/xml.js";
import { utf8Decode } from "../codecs/encoding.js";
import { readHeader } from "../protocols/http-binding.js";
import { resolveSchema, type MemberSchema, type Schema, type StructureSchema } from "../schema.js";
import { parseQuery } from "./server.js";
import type { ErrorReply, ServerProtocol, ServerRequest } from "./server-protocol.js";
import { messageMember } from "./server-protocol.js";
import type { MockSpec } from "./stubs.js";

const XML = "text/xml";
const MAX_ITEMS = 10000;
const MAX_PAIRS = 100000;
const MAX_KEY = 1024;

function capitalize(name: string): string {
  return name.length === 0 ? name : name.charAt(0).toUpperCase() + name.slice(1);
}

/** The form's pairs by key, and every dotted prefix of a key (to know a structure or list is there). */
class Form {
  readonly values = new Map<string, string>();
  readonly prefixes = new Set<string>();
  constructor(pairs: ReadonlyArray<readonly [string, string]>) {
    for (const [key, value] of pairs.slice(0, MAX_PAIRS)) {
      // No model nests keys this deep or long: such a key is skipped, so prefixes stay cheap.
      if (key.length > MAX_KEY) continue;
      if (!this.values.has(key)) this.values.set(key, value);
      for (let dot = key.indexOf("."); dot !== -1; dot = key.indexOf(".", dot + 1)) this.prefixes.add(key.slice(0, dot));
    }
  }
  has(key: string): boolean {
    return this.values.has(key) || this.prefixes.has(key);
  }
}

function join(prefix: string, step: string): string {
  return prefix === "" ? step : `${prefix}.${step}`;
}

function readStructure(
  form: Form,
  dialect: FormDialect,
  schema: StructureSchema,
  prefix: string,
  out: Record<string, unknown>,
  depth: number,
): void {
  for (const [name, member] of Object.entries(schema.members)) {
    const key = join(prefix, formMemberKey(dialect, name, member));
    try {
      const value = readValue(form, dialect, resolveSchema(member.target), key, member, depth + 1);
      if (value !== undefined) setEntry(out, name, value);
    } catch (error) {
      failedAt(error, name);
    }
  }
}

function readValue(
  form: Form,
  dialect: FormDialect,
  schema: Schema,
  key: string,
  member: MemberSchema | undefined,
  depth: number,
): unknown {
  if (depth > 64) throw new TypeError("nested too deeply");
  if (typeof schema === "object") {
    switch (schema.type) {
      case "structure": {
        if (!form.prefixes.has(key)) return undefined;
        const out: Record<string, unknown> = {};
        readStructure(form, dialect, schema, key, out, depth);
        return out;
      }
      case "list": {
        if (form.values.get(key) === "") return [];
        let itemPrefix: string;
        if (dialect === "ec2") itemPrefix = key;
        else if (member?.flattened === true || schema.flattened === true) {
          itemPrefix = schema.memberName === undefined ? key : join(key.slice(0, Math.max(0, key.lastIndexOf("."))), schema.memberName);
        } else itemPrefix = `${key}.${schema.memberName ?? "member"}`;
        const item = resolveSchema(schema.member);
        if (!form.has(`${itemPrefix}.1`)) return undefined;
        const items: unknown[] = [];
        for (let i = 1; i <= MAX_ITEMS && form.has(`${itemPrefix}.${i}`); i++)
          items.push(readValue(form, dialect, item, `${itemPrefix}.${i}`, undefined, depth + 1));
        return items;
      }
      case "map": {
        const flattened = member?.flattened === true || schema.flattened === true;
        const entryPrefix = flattened ? key : `${key}.entry`;
        const keyStep = dialect === "ec2" && schema.keyName !== undefined ? capitalize(schema.keyName) : (schema.keyName ?? "key");
        const valueStep =
          dialect === "ec2" && schema.valueName !== undefined ? capitalize(schema.valueName) : (schema.valueName ?? "value");
        const valueSchema = resolveSchema(schema.value);
        if (!form.has(`${entryPrefix}.1`)) return undefined;
        const out: Record<string, unknown> = {};
        for (let i = 1; i <= MAX_ITEMS && form.has(`${entryPrefix}.${i}`); i++) {
          const entryKey = form.values.get(`${entryPrefix}.${i}.${keyStep}`);
          if (entryKey === undefined) continue;
          setEntry(out, entryKey, readValue(form, dialect, valueSchema, `${entryPrefix}.${i}.${valueStep}`, undefined, depth + 1));
        }
        return out;
      }
    }
  }
  const text = form.values.get(key);
  return text === undefined ? undefined : readHeader(schema, text);
}

function route(dialect: FormDialect, spec: MockSpec, request: ServerRequest) {
  const pairs = [...request.query];
  if (request.method === "POST" && request.body.length > 0) pairs.push(...parseQuery(utf8Decode(request.body)));
  const form = new Form(pairs);
  const action = form.values.get("Action");
  const entry = spec.operations.find((o) => o.operation.name === action);
  if (entry === undefined) return undefined;
  const input: Record<string, unknown> = {};
  if (entry.operation.input !== undefined) readStructure(form, dialect, entry.operation.input, "", input, 0);
  return { operation: entry.operation, input };
}

function namespace(spec: MockSpec): { uri: string } {
  return { uri: `https://${spec.service.endpointPrefix}.amazonaws.com/doc/${spec.service.apiVersion}/` };
}

/** The error's own members as elements (`Code`, `Type`, `Message` first, unless a member already writes the message). */
function errorChildren(error: ErrorReply, withType: boolean): XmlNode[] {
  const children: XmlNode[] = [];
  if (withType) children.push({ name: "Type", text: error.fault === "server" ? "Receiver" : "Sender" });
  children.push({ name: "Code", text: error.code });
  const member = messageMember(error.schema);
  if (member === undefined || !Object.hasOwn(error.members, member)) children.push({ name: "Message", text: error.message });
  if (error.schema !== undefined) children.push(...(structureNode("Error", error.schema, error.members, undefined).children ?? []));
  return children;
}

export const awsQueryServer: ServerProtocol = {
  name: "query",
  route: (spec, request) => route("query", spec, request),
  respond(spec, operation, output, requestId) {
    const children: XmlNode[] = [];
    if (operation.output !== undefined) {
      children.push(structureNode(operation.resultWrapper ?? `${operation.name}Result`, operation.output, output, undefined));
    }
    children.push({ name: "ResponseMetadata", children: [{ name: "RequestId", text: requestId }] });
    const root: XmlNode = { name: `${operation.name}Response`, attributes: [["xmlns", namespace(spec).uri]], children };
    return { statusCode: 200, headers: { "content-type": XML, "x-amzn-requestid": requestId }, body: writeXml(root) };
  },
  fail(spec, _operation, error, requestId) {
    const root: XmlNode = {
      name: "ErrorResponse",
      attributes: [["xmlns", namespace(spec).uri]],
      children: [
        { name: "Error", children: errorChildren(error, true) },
        { name: "RequestId", text: requestId },
      ],
    };
    const headers: Record<string, string> = { "content-type": XML, "x-amzn-requestid": requestId };
    return { statusCode: error.statusCode, headers, body: writeXml(root) };
  },
};

export const ec2QueryServer: ServerProtocol = {
  name: "ec2",
  route: (spec, request) => route("ec2", spec, request),
  respond(spec, operation, output, requestId) {
    const body =
      operation.output === undefined
        ? { name: `${operation.name}Response`, children: [] as XmlNode[] }
        : structureNode(`${operation.name}Response`, operation.output, output, namespace(spec));
    const root: XmlNode = { ...body, children: [{ name: "requestId", text: requestId }, ...(body.children ?? [])] };
    return { statusCode: 200, headers: { "content-type": XML }, body: writeXml(root) };
  },
  fail(_spec, _operation, error, requestId) {
    const root: XmlNode = {
      name: "Response",
      children: [
        { name: "Errors", children: [{ name: "Error", children: errorChildren(error, false) }] },
        { name: "RequestID", text: requestId },
      ],
    };
    return { statusCode: error.statusCode, headers: { "content-type": XML }, body: writeXml(root) };
  },
};
