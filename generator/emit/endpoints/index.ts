// src/endpoints.ts: the service's endpoint rules compiled to one function, `resolveEndpoint`,
// with its typed `EndpointParameters`. The client calls it on every request (through a cache);
// users may call it to see where a request would go.
import { MODULES } from "../kit/file.js";
import type { Plugin } from "../kit/plugin.js";
import { compileRuleSet } from "./compile.js";
import { loadPartitions } from "./partitions.js";

export const endpoints: Plugin = {
  name: "endpoints",
  emit(ir, ctx) {
    const compiled = compileRuleSet(ir.endpoints.ruleSet, loadPartitions(), "./runtime/endpoints/endpoints.js", (pointer, message) => {
      // The model checks ran the same compiler; reaching this is a bug in svcgen, not in the model.
      throw new Error(`internal: the endpoint rule set did not compile at ${pointer}: ${message}`);
    });
    const origin =
      ir.endpoints.source === "model"
        ? "Compiled from the model's endpoint rule set."
        : "The model has no endpoint rule set: these are svcgen's default rules (see the README's Endpoints section).";
    return [{ path: MODULES.endpoints, content: `${ctx.banner}\n// ${origin}\n${compiled!.source}` }];
  },
  exports: () => [
    { module: MODULES.endpoints, name: "resolveEndpoint", typeOnly: false },
    { module: MODULES.endpoints, name: "EndpointParameters", typeOnly: true },
  ],
};
