// awsQuery: the input as a form body (codecs/form.ts, query keys), the output inside
// `<OperationResponse><OperationResult>` (the model's `resultWrapper` names the inner element),
// errors as `<ErrorResponse><Error><Type/><Code/><Message/>…</Error></ErrorResponse>`.
import { readXmlMembers } from "../codecs/xml-body.js";
import { childNamed } from "../codecs/xml.js";
import type { Protocol } from "./protocol.js";
import { deserializeXmlOutput, serializeFormRequest } from "./form-rpc.js";
import { deserializeXmlError, errorResponseParts } from "./xml-errors.js";

export const awsQuery: Protocol = {
  name: "query",
  serializeRequest: (service, op, input) => serializeFormRequest("query", service, op, input),
  deserializeOutput: (_service, op, res, $metadata) =>
    deserializeXmlOutput(op, res, $metadata, (root) =>
      // The named wrapper holds the output; without a name, `<OperationResult>` when there is one.
      op.resultWrapper !== undefined ? childNamed(root, op.resultWrapper) : (childNamed(root, `${op.name}Result`) ?? root),
    ),
  deserializeError: (service, op, res, $metadata) =>
    deserializeXmlError(service, op, res, $metadata, errorResponseParts, (schema, _res, error, out) => {
      if (error !== undefined) readXmlMembers(schema, error, out);
    }),
};
