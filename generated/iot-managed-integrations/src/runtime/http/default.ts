// svcgen 0.1.0 runtime: copied verbatim from generator/runtime/http/default.ts; do not edit.
// The transport a client uses when none is configured.
//
// node.ts is loaded with a dynamic import, only on Node and only when no `fetch` is configured.
// A browser bundle maps that one file away (package.json "browser":
// {"./<runtime dir>/http/node.js": false}), so no node: module reaches it; a Node bundle still
// inlines it because the import specifier is a literal.
import { fetchTransport } from "./fetch.js";
import { TransportError, type Transport, type TransportOptions } from "./transport.js";

/** The transport a client uses when none is configured: node:http on Node, else fetch. */
export async function defaultTransport(options: TransportOptions, fetchFn?: typeof fetch): Promise<Transport> {
  if (fetchFn !== undefined) return fetchTransport(fetchFn, options);
  if (globalThis.process?.versions?.node !== undefined) {
    const node = await loadNodeTransport();
    if (typeof node?.createNodeTransport === "function") return node.createNodeTransport(options);
  }
  if (typeof globalThis.fetch !== "function") {
    throw new TransportError("no HTTP transport: node:http is unavailable and there is no global fetch");
  }
  return fetchTransport(globalThis.fetch.bind(globalThis), options);
}

type NodeTransportModule = typeof import("./node.js");
let nodeTransportModule: Promise<NodeTransportModule | undefined> | undefined;

function loadNodeTransport(): Promise<NodeTransportModule | undefined> {
  nodeTransportModule ??= import("./node.js").catch(() => undefined);
  return nodeTransportModule;
}
