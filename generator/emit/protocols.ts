// Which runtime protocol object a model's `metadata.protocol` names: the one registration a new
// protocol adds (beside its module under runtime/protocols/). The generated src/service.ts imports
// that object; nothing else in the generator or the runtime branches on the protocol's name. A
// registration also says whether the protocol reads the model's XML and query facts (element
// names, namespaces, attributes, flattening, `queryName`, `resultWrapper`): only then do the
// schemas and operations carry them, so JSON packages stay as they were.
import type { ServiceIR } from "../ir/types.js";

export interface RuntimeProtocol {
  /** The runtime module (under runtime/) that exports the protocol object. */
  readonly module: string;
  /** The protocol object it exports. */
  readonly name: string;
  /** The protocol reads the XML and query facts of schemas and operations. */
  readonly xml?: true;
  /**
   * The mock server's half (under runtime/testing/): reads requests and writes responses. A
   * protocol without one still gets mockClient; its startMockServer says it is not served.
   */
  readonly server?: { readonly module: string; readonly name: string };
  /** The protocol's bodies are CBOR: the package depends on the CBOR library. */
  readonly cbor?: true;
}

/** By the model's protocol name: the runtime module (under runtime/) and the object it exports. */
export const RUNTIME_PROTOCOLS: Readonly<Record<ServiceIR["protocol"], RuntimeProtocol>> = {
  "rest-json": { module: "protocols/rest-json", name: "restJson", server: { module: "testing/server-rest-json", name: "restJsonServer" } },
  json: { module: "protocols/aws-json", name: "awsJson", server: { module: "testing/server-aws-json", name: "awsJsonServer" } },
  query: { module: "protocols/query", name: "awsQuery", xml: true, server: { module: "testing/server-query", name: "awsQueryServer" } },
  ec2: { module: "protocols/ec2", name: "ec2Query", xml: true, server: { module: "testing/server-query", name: "ec2QueryServer" } },
  "rest-xml": {
    module: "protocols/rest-xml",
    name: "restXml",
    xml: true,
    server: { module: "testing/server-rest-xml", name: "restXmlServer" },
  },
  "smithy-rpc-v2-cbor": {
    module: "protocols/rpc-v2-cbor",
    name: "rpcV2Cbor",
    cbor: true,
    server: { module: "testing/server-rpc-v2-cbor", name: "rpcV2CborServer" },
  },
};

/** S3's own protocol object: restXml with the S3 behaviours (runtime/protocols/s3.ts). */
const S3_PROTOCOL: RuntimeProtocol = { module: "protocols/s3", name: "s3RestXml", xml: true };

/** The protocol object a service's package imports: its protocol's, or S3's own for S3. */
export function runtimeProtocol(ir: ServiceIR): RuntimeProtocol {
  return ir.serviceId === "S3" && ir.protocol === "rest-xml" ? S3_PROTOCOL : RUNTIME_PROTOCOLS[ir.protocol];
}

/** Whether the service's schemas and operations carry the XML and query facts. */
export function usesXmlFacts(ir: ServiceIR): boolean {
  return RUNTIME_PROTOCOLS[ir.protocol].xml === true;
}

/** Whether the service's bodies are CBOR (its runtime copy carries codecs/cbor.ts). */
export function usesCbor(ir: ServiceIR): boolean {
  return RUNTIME_PROTOCOLS[ir.protocol].cbor === true;
}
