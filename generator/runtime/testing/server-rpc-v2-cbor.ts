// The mock server's smithy-rpc-v2-cbor half: a POST to `/service/<Service>/operation/<Operation>`,
// the input and output as one CBOR map each (codecs/cbor.ts), errors as a CBOR map naming their
// shape in `__type` (and in X-Amzn-Errortype; the query code in x-amzn-query-error for
// awsQueryCompatible services), with the message in `message` when the shape has no member for it.
import { decodeCbor, expectCborMap, readCborStructure, writeCborStructure } from "../codecs/cbor.js";
import { structurePlan } from "../codecs/members.js";
import type { StructureSchema } from "../schema.js";
import type { ServerProtocol } from "./server-protocol.js";
import { messageMember } from "./server-protocol.js";

const CBOR = "application/cbor";
const PATH = /^\/service\/([^/]+)\/operation\/([^/]+)$/;

export const rpcV2CborServer: ServerProtocol = {
  name: "smithy-rpc-v2-cbor",
  route(spec, request) {
    if (request.method !== "POST") return undefined;
    const match = PATH.exec(request.path);
    if (match === null) return undefined;
    let name: string;
    try {
      name = decodeURIComponent(match[2]!);
    } catch {
      return undefined;
    }
    const entry = spec.operations.find((o) => o.operation.name === name);
    if (entry === undefined) return undefined;
    const operation = entry.operation;
    const input: Record<string, unknown> = {};
    const body = decodeCbor(request.body);
    if (body !== undefined && operation.input !== undefined) {
      readCborStructure(structurePlan(operation.input).byName, expectCborMap(body, "the request body"), input);
    }
    return { operation, input };
  },
  respond(_spec, operation, output, requestId) {
    const headers = { "smithy-protocol": "rpc-v2-cbor", "content-type": CBOR, "x-amzn-requestid": requestId };
    const body = writeCborStructure(operation.output ?? EMPTY, operation.output === undefined ? {} : output);
    return { statusCode: 200, headers, body };
  },
  fail(spec, _operation, error, requestId) {
    const headers: Record<string, string> = {
      "smithy-protocol": "rpc-v2-cbor",
      "content-type": CBOR,
      "x-amzn-requestid": requestId,
      "x-amzn-errortype": error.code,
    };
    if (spec.service.awsQueryCompatible)
      headers["x-amzn-query-error"] = `${error.code};${error.fault === "server" ? "Receiver" : "Sender"}`;
    const own = error.schema?.members ?? {};
    const withMessage = messageMember(error.schema) === undefined;
    // The error's members plus `__type` (and `message`), written by the client's own CBOR writer.
    const schema: StructureSchema = {
      type: "structure",
      name: error.schema?.name ?? "Error",
      members: { ...own, __type: { target: "string" }, ...(withMessage ? { message: { target: "string" } } : {}) },
    };
    const values: Record<string, unknown> = { ...error.members, __type: error.code };
    if (withMessage) values["message"] = error.message;
    return { statusCode: error.statusCode, headers, body: writeCborStructure(schema, values) };
  },
};

const EMPTY: StructureSchema = { type: "structure", name: "Empty", members: {} };
