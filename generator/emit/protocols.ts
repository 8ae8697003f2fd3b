// Which runtime protocol object a model's `metadata.protocol` names: the one registration a new
// protocol adds (beside its module under runtime/protocols/). The generated src/service.ts imports
// that object; nothing else in the generator or the runtime branches on the protocol's name.
import type { ServiceIR } from "../ir/types.js";

/** By the model's protocol name: the runtime module (under runtime/) and the object it exports. */
export const RUNTIME_PROTOCOLS: Readonly<Record<ServiceIR["protocol"], { readonly module: string; readonly name: string }>> = {
  "rest-json": { module: "protocols/rest-json", name: "restJson" },
  json: { module: "protocols/aws-json", name: "awsJson" },
};
