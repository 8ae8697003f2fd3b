// Raw (checked) model → ServiceIR. Every derived fact is computed here once, one step each:
// reachability and roles, names, URI label facts, shapes, operations with pagination and
// endpoint parameters, Markdown docs.
import { createHash } from "node:crypto";
import { endpointsOf, operationEndpointOf } from "./endpoints.js";
import type { RawModel } from "../load/index.js";
import { fileStem, packageName, pageFiles, pascalCase } from "../naming.js";
import { customizationFor } from "./customizations.js";
import { htmlToMarkdown } from "./docs.js";
import { claimPackageNames, type PackageNames } from "./names.js";
import { ENDPOINT_OWNED_PARAMS, pickProtocol, uriLabels, withoutLabels } from "./protocol.js";
import { RawService, isObj, num, str, strList, type Obj } from "./raw.js";
import { buildShape, xmlNamespaceOf, type InputRootFacts, type Unlinked } from "./shapes.js";
import { linkShapes } from "./link.js";
import { waitersOf } from "./waiters.js";
import type { EndpointsIR, OperationEndpointIR } from "./endpoints.js";
import type { HttpChecksumIR, OperationIR, PaginatorIR, ServiceIR, ShapeIR, ShapeRole } from "./types.js";

/** Key-sorted JSON, so the hash does not depend on the order keys were written in. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (isObj(value)) {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson(value[k])}`)
      .join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

export function serviceNameFor(model: RawModel): string {
  const meta = model.document.metadata as Obj;
  if (model.folderName) return packageName(model.folderName);
  const uid = str(meta.uid);
  if (uid) return packageName(uid.replace(/-\d{4}-\d{2}-\d{2}$/, ""));
  return packageName(str(meta.serviceId) ?? str(meta.endpointPrefix) ?? "service");
}

/** Reachability and roles: every shape an operation's input, output or errors reach, and as what. */
function shapeRoles(raw: RawService): Map<string, Set<ShapeRole>> {
  const roles = new Map<string, Set<ShapeRole>>();
  const visit = (name: string, role: ShapeRole) => {
    let set = roles.get(name);
    if (set?.has(role)) return;
    if (!set) roles.set(name, (set = new Set()));
    set.add(role);
    for (const child of raw.children(name)) visit(child, role);
  };
  for (const name of raw.operationNames) {
    const op = raw.operation(name);
    if (isObj(op.input)) visit(op.input.shape as string, "input");
    if (isObj(op.output)) visit(op.output.shape as string, "output");
    for (const e of (op.errors ?? []) as Obj[]) visit(e.shape as string, "error");
  }
  return roles;
}

function requestUriOf(op: Obj): string {
  const http = op.http as Obj;
  return typeof http.requestUri === "string" ? http.requestUri : "/";
}

/** Greedy `{Label+}` labels of the operations' URIs, per input shape. */
function greedyLabels(raw: RawService): Map<string, Set<string>> {
  const greedy = new Map<string, Set<string>>();
  for (const name of raw.operationNames) {
    const op = raw.operation(name);
    if (!isObj(op.input)) continue;
    const set = greedy.get(op.input.shape as string) ?? new Set<string>();
    for (const l of uriLabels(requestUriOf(op))) if (l.greedy) set.add(l.name);
    greedy.set(op.input.shape as string, set);
  }
  return greedy;
}

/** Old models name the payload member on the operation's input or output reference. */
function referencePayloads(raw: RawService): Map<string, string> {
  const payloads = new Map<string, string>();
  for (const op of Object.values(raw.operations)) {
    for (const ref of [(op as Obj).input, (op as Obj).output]) {
      if (isObj(ref) && typeof ref.payload === "string" && typeof ref.shape === "string") payloads.set(ref.shape, ref.payload);
    }
  }
  return payloads;
}

/** XML: what operation input references say about their structure's root element (the first operation, in name order, that says anything). */
function inputRoots(raw: RawService): Map<string, InputRootFacts> {
  const roots = new Map<string, InputRootFacts>();
  for (const name of raw.operationNames) {
    const ref = raw.operation(name).input;
    if (!isObj(ref) || typeof ref.shape !== "string" || roots.has(ref.shape)) continue;
    const facts = { locationName: str(ref.locationName), xmlNamespace: xmlNamespaceOf(ref.xmlNamespace) };
    if (facts.locationName !== undefined || facts.xmlNamespace !== undefined) roots.set(ref.shape, facts);
  }
  return roots;
}

/** The shape of one item of a paginator's result key, when the key leads to a list. */
function listItemAt(raw: RawService, outputShape: string, path: string): string | undefined {
  let current: string | undefined = outputShape;
  for (const part of path.split(".")) {
    const s: Obj | undefined = current ? raw.shape(current) : undefined;
    const m: unknown = s && isObj(s.members) && Object.hasOwn(s.members, part) ? s.members[part] : undefined;
    current = isObj(m) ? (m.shape as string) : undefined;
  }
  const s = current ? raw.shape(current) : undefined;
  return s && s.type === "list" ? ((s.member as Obj).shape as string) : undefined;
}

function paginatorOf(
  raw: RawService,
  pagination: Obj,
  name: string,
  output: string | undefined,
  names: PackageNames,
): OperationIR["paginator"] {
  // Own keys only: an operation named `__proto__` must not find Object.prototype as its paginator.
  const pg = Object.hasOwn(pagination, name) ? pagination[name] : undefined;
  if (!isObj(pg) || !output) return undefined;
  const resultKey = strList(pg.result_key);
  const info: PaginatorIR = {
    inputToken: strList(pg.input_token),
    outputToken: strList(pg.output_token),
    limitKey: str(pg.limit_key),
    resultKey,
    moreResults: str(pg.more_results),
    nonAggregateKeys: strList(pg.non_aggregate_keys),
    itemShape: resultKey[0] !== undefined ? listItemAt(raw, output, resultKey[0]) : undefined,
  };
  return { ...info, functionName: names.claim(`paginate${pascalCase(name)}`) };
}

interface OperationFacts {
  readonly raw: RawService;
  readonly pagination: Obj;
  readonly names: PackageNames;
  readonly docFiles: ReadonlyMap<string, string>;
  readonly endpoints: EndpointsIR;
  readonly notices: string[];
}

/** The member of structure `shapeName` whose target is an event stream, if any. */
function eventStreamMember(raw: RawService, shapeName: string | undefined): string | undefined {
  if (shapeName === undefined) return undefined;
  const members = (raw.shape(shapeName).members ?? {}) as Obj;
  return Object.keys(members).find((m) => RawService.isEventStream(raw.shape((members[m] as Obj).shape as string)));
}

/** The `httpChecksum` trait, its members named by the headers they bind; undefined without one. */
function httpChecksumOf(raw: RawService, op: Obj, input: string | undefined): HttpChecksumIR | undefined {
  const trait = op.httpChecksum;
  if (!isObj(trait)) return undefined;
  const members = input === undefined ? {} : ((raw.shape(input).members ?? {}) as Obj);
  const header = (member: unknown): string | undefined => {
    const m = typeof member === "string" && Object.hasOwn(members, member) ? members[member] : undefined;
    return isObj(m) && m.location === "header" ? str(m.locationName) : undefined;
  };
  const responseAlgorithms = Array.isArray(trait.responseAlgorithms) ? trait.responseAlgorithms.filter((a) => typeof a === "string") : [];
  return {
    requestAlgorithmHeader: header(trait.requestAlgorithmMember),
    requestChecksumRequired: trait.requestChecksumRequired === true,
    requestValidationModeHeader: header(trait.requestValidationModeMember),
    responseAlgorithms,
  };
}

function buildOperation(name: string, facts: OperationFacts): OperationIR {
  // inputShape, outputShape and errorShapes are linked once every shape exists (ir/link.ts).
  return operationOf(name, facts) as OperationIR;
}

function operationOf(name: string, facts: OperationFacts): Unlinked<OperationIR, "inputShape" | "outputShape" | "errorShapes"> {
  const { raw } = facts;
  const op = raw.operation(name);
  const http = op.http as Obj;
  const input = isObj(op.input) ? (op.input.shape as string) : undefined;
  const output = isObj(op.output) ? (op.output.shape as string) : undefined;
  const inputEventStream = eventStreamMember(raw, input);
  const outputEventStream = eventStreamMember(raw, output);
  const endpoint = isObj(op.endpoint) ? op.endpoint : {};
  const endpointParams = operationEndpointOf(op, raw.shapes, facts.endpoints);
  return {
    name,
    functionName: facts.names.functions.get(name)!,
    fileName: fileStem(name),
    docFile: facts.docFiles.get(name)!,
    method: String(http.method).toUpperCase(),
    requestUri: wireRequestUri(raw, op, input, endpointParams),
    modelRequestUri: requestUriOf(op),
    responseCode: num(http.responseCode),
    hostPrefix: str(endpoint.hostPrefix),
    input,
    output,
    errors: ((op.errors ?? []) as Obj[]).map((e) => e.shape as string),
    docs: htmlToMarkdown(str(op.documentation)),
    docsHtml: str(op.documentation) ?? "",
    deprecated: op.deprecated === true,
    readonly: op.readonly === true,
    idempotent: op.idempotent === true,
    eventStream: inputEventStream !== undefined || outputEventStream !== undefined,
    inputEventStream,
    outputEventStream,
    resultWrapper: isObj(op.output) ? str(op.output.resultWrapper) : undefined,
    httpChecksum: httpChecksumOf(raw, op, input),
    paginator: paginatorOf(raw, facts.pagination, name, output, facts.names),
    endpoint: endpointParams,
  };
}

/**
 * The requestUri the client sends: the model's, less the labels of input members the endpoint
 * rules place in the URL themselves (a member that is both a `{Label}` and the `contextParam` of an
 * endpoint-owned parameter such as S3's `Bucket`).
 */
function wireRequestUri(raw: RawService, op: Obj, input: string | undefined, endpoint: OperationEndpointIR | undefined): string {
  const template = requestUriOf(op);
  if (input === undefined || endpoint === undefined) return template;
  const members = (raw.shape(input).members ?? {}) as Obj;
  const labels = new Set(uriLabels(template).map((l) => l.name));
  const owned = new Set<string>();
  for (const { param, member } of endpoint.members) {
    const m = members[member];
    if (!ENDPOINT_OWNED_PARAMS.has(param) || !isObj(m) || m.location !== "uri") continue;
    const label = str(m.locationName) ?? member;
    if (labels.has(label)) owned.add(label);
  }
  return withoutLabels(template, owned);
}

export function buildIR(model: RawModel): ServiceIR {
  const doc = model.document;
  const meta = doc.metadata as Obj;
  const raw = new RawService(doc);
  const notices: string[] = [];
  const serviceId = str(meta.serviceId) ?? str(meta.serviceFullName) ?? "Service";

  const roles = shapeRoles(raw);
  const reachable = [...roles.keys()].sort();
  const names = claimPackageNames(raw, serviceId, reachable);

  const shapeFacts = {
    raw,
    roles,
    greedy: greedyLabels(raw),
    typeNames: names.types,
    valuesNames: names.values,
    docFiles: pageFiles([...names.types.keys()]),
    refPayloads: referencePayloads(raw),
    inputRoots: inputRoots(raw),
    notices,
  };
  const shapes = new Map<string, ShapeIR>(reachable.map((name) => [name, buildShape(name, shapeFacts)]));

  const endpoints = endpointsOf(doc);
  const opFacts: OperationFacts = {
    raw,
    pagination: isObj(doc.pagination) ? doc.pagination : {},
    names,
    docFiles: pageFiles(raw.operationNames),
    endpoints,
    notices,
  };
  const operations = raw.operationNames.map((name) => buildOperation(name, opFacts));
  linkShapes(shapes, operations);

  return {
    packageName: serviceNameFor(model),
    serviceId,
    fullName: str(meta.serviceFullName) ?? serviceId,
    apiVersion: String(meta.apiVersion),
    protocol: pickProtocol(meta) as ServiceIR["protocol"],
    jsonVersion: str(meta.jsonVersion),
    targetPrefix: str(meta.targetPrefix),
    signingName: str(meta.signingName) ?? String(meta.endpointPrefix),
    endpointPrefix: String(meta.endpointPrefix),
    awsQueryCompatible: isObj(meta.awsQueryCompatible),
    customization: customizationFor(serviceId),
    docs: htmlToMarkdown(str(doc.documentation)),
    docsHtml: str(doc.documentation) ?? "",
    uid: str(meta.uid),
    names: names.service,
    shapes,
    operations,
    endpoints,
    modelHash: createHash("sha256").update(canonicalJson(doc)).digest("hex"),
    notices,
    // Waiters last: their exported names are claimed after every other export (ir/waiters.ts).
    waiters: waitersOf(model, names.claim, fileStem),
  };
}
