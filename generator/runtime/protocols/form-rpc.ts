// What query and ec2 share: every call a form POST to "/" naming `Action` and `Version`, and a
// response that is one XML document whose root is `<OperationResponse>`. They differ in the keys
// of the form (codecs/form.ts), in where the output sits (query: inside `<OperationResult>`) and
// in the shape of error documents (xml-errors.ts).
import type { OperationSchema } from "../schema.js";
import { formBody, type FormDialect } from "../codecs/form.js";
import { readXmlMembers } from "../codecs/xml-body.js";
import { parseXml, type XmlElement } from "../codecs/xml.js";
import type { ResponseMetadata } from "../errors.js";
import type { HttpRequestParts, HttpResponseParts, ProtocolFacts } from "./protocol.js";
import { hostPrefix, readOutput, withTokens } from "./shared.js";

/** The service facts a form request reads: ServiceSchema, which the client passes, has `apiVersion`. */
interface FormFacts extends ProtocolFacts {
  readonly apiVersion?: string;
}

export const FORM_CONTENT_TYPE = "application/x-www-form-urlencoded; charset=utf-8";

export function serializeFormRequest(
  dialect: FormDialect,
  service: ProtocolFacts,
  op: OperationSchema,
  input: Readonly<Record<string, unknown>>,
): HttpRequestParts {
  const values = withTokens(op, input);
  return {
    method: "POST",
    path: "/",
    query: [],
    headers: { "content-type": FORM_CONTENT_TYPE },
    body: formBody(dialect, op.name, (service as FormFacts).apiVersion ?? "", op.input, values),
    hostPrefix: hostPrefix(op, values),
  };
}

/** Reads the output's members from the element `holder` picks out of the response's root. */
export function deserializeXmlOutput(
  op: OperationSchema,
  res: HttpResponseParts,
  $metadata: ResponseMetadata,
  holder: (root: XmlElement) => XmlElement | undefined,
): Record<string, unknown> {
  return readOutput(op, res, $metadata, (schema, out) => {
    const root = parseXml(res.body);
    if (root === undefined) return;
    const element = holder(root);
    if (element !== undefined) readXmlMembers(schema, element, out);
  });
}
