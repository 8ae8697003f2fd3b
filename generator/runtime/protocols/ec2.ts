// ec2Query: the input as a form body with ec2's own keys (codecs/form.ts: `queryName`, else the
// capitalised `locationName` or member name; lists always `Key.N`), the output straight inside
// `<OperationResponse>`, errors as `<Response><Errors><Error>…</Error></Errors><RequestID/></Response>`.
import { readXmlMembers } from "../codecs/xml-body.js";
import type { Protocol } from "./protocol.js";
import { deserializeXmlOutput, serializeFormRequest } from "./form-rpc.js";
import { deserializeXmlError, ec2ErrorParts } from "./xml-errors.js";

export const ec2Query: Protocol = {
  name: "ec2",
  serializeRequest: (service, op, input) => serializeFormRequest("ec2", service, op, input),
  deserializeOutput: (_service, op, res, $metadata) => deserializeXmlOutput(op, res, $metadata, (root) => root),
  deserializeError: (service, op, res, $metadata) =>
    deserializeXmlError(service, op, res, $metadata, ec2ErrorParts, (schema, _res, error, out) => {
      if (error !== undefined) readXmlMembers(schema, error, out);
    }),
};
