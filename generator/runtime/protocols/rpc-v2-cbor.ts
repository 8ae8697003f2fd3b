// smithy-rpc-v2-cbor: every call a POST to `/service/<Service>/operation/<Operation>`, marked by
// `smithy-protocol: rpc-v2-cbor`, the input and output as one CBOR map each (codecs/cbor.ts).
// An operation without input sends no body and no Content-Type. Errors name their shape in the
// body's `__type`; a service that was once on the query protocol (awsQueryCompatible) asks for
// query-mode errors and sends its old codes in `x-amzn-query-error`, as under awsJson.
import type { OperationSchema } from "../schema.js";
import { decodeCbor, expectCborMap, readCborStructure, writeCborStructure } from "../codecs/cbor.js";
import { structurePlan } from "../codecs/members.js";
import { deserializeJsonError, queryModeError } from "./json-errors.js";
import type { HttpRequestParts, HttpResponseParts, Protocol, ProtocolFacts } from "./protocol.js";
import { hostPrefix, readOutput, withTokens } from "./shared.js";

const CBOR = "application/cbor";

/** The path of an operation, worked out on its first call (it needs the service). */
const paths = new WeakMap<OperationSchema, string>();

function serializeRequest(service: ProtocolFacts, op: OperationSchema, input: Readonly<Record<string, unknown>>): HttpRequestParts {
  const values = withTokens(op, input);
  let path = paths.get(op);
  if (path === undefined) {
    // The service's shape name: the model's targetPrefix, as botocore reads it for this protocol.
    const serviceName = service.targetPrefix ?? "";
    path = `/service/${encodeURIComponent(serviceName)}/operation/${encodeURIComponent(op.name)}`;
    paths.set(op, path);
  }
  const headers: Record<string, string> = { "smithy-protocol": "rpc-v2-cbor", accept: CBOR };
  if (service.awsQueryCompatible) headers["x-amzn-query-mode"] = "true";
  let body: Uint8Array | undefined;
  if (op.input !== undefined) {
    headers["content-type"] = CBOR;
    body = writeCborStructure(op.input, values);
  }
  return { method: "POST", path, query: [], headers, body, hostPrefix: hostPrefix(op, values) };
}

/** A decoded body, or undefined when it is empty or not CBOR (an error from a proxy, say). */
function lenientBody(res: HttpResponseParts): unknown {
  try {
    return decodeCbor(res.body);
  } catch {
    return undefined;
  }
}

export const rpcV2Cbor: Protocol = {
  name: "smithy-rpc-v2-cbor",
  serializeRequest,
  deserializeOutput: (_service, op, res, $metadata) =>
    readOutput(op, res, $metadata, (schema, out) => {
      const body = decodeCbor(res.body);
      if (body !== undefined) readCborStructure(structurePlan(schema).byName, expectCborMap(body, "the response body"), out);
    }),
  deserializeError: (service, op, res, $metadata) =>
    deserializeJsonError(
      service,
      op,
      res,
      $metadata,
      (schema, _res, body, out) => {
        if (body !== undefined) readCborStructure(structurePlan(schema).byName, body, out);
      },
      service.awsQueryCompatible ? queryModeError : undefined,
      lenientBody,
    ),
};
