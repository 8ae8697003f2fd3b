// Raw (checked) model → ServiceIR. Every derived fact is computed here once: reachability and
// roles, names, recursion, URI label facts, pagination, Markdown docs.
import { createHash } from "node:crypto";
import { endpointsOf, operationEndpointOf } from "./endpoints.js";
import type { RawModel } from "../load/index.js";
import { pickProtocol, uriLabels } from "../check/index.js";
import { NameTable, PROTOTYPE_NAMES, RUNTIME_EXPORTS, RUNTIME_IMPORTS, camelCase, fileStem, packageName, pageFiles, pascalCase } from "../naming.js";
import { customizationFor } from "./customizations.js";
import { htmlToMarkdown } from "./docs.js";
import { translatePattern } from "./pattern.js";
import { analyzePattern } from "./redos.js";
import type {
  ExceptionIR,
  ListIR,
  MapIR,
  MemberIR,
  OperationIR,
  PaginatorIR,
  ScalarIR,
  ScalarKind,
  ServiceIR,
  ShapeIR,
  ShapeRole,
  StructureIR,
} from "./types.js";

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === "object" && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);
const num = (v: unknown): number | undefined => (typeof v === "number" && Number.isFinite(v) ? v : undefined);
const strList = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : v === undefined || v === null ? [] : [String(v)]);

const SCALAR_KINDS: Record<string, ScalarKind> = {
  string: "string",
  // A single UTF-16 character in old models: a string to every protocol here.
  character: "string",
  boolean: "boolean",
  byte: "byte",
  short: "short",
  integer: "integer",
  long: "long",
  float: "float",
  double: "double",
  biginteger: "bigInteger",
  bigdecimal: "bigDecimal",
  timestamp: "timestamp",
  blob: "blob",
};

function timestampFormat(value: unknown): ScalarIR["timestampFormat"] {
  return value === "iso8601" || value === "rfc822" || value === "unixTimestamp" ? value : undefined;
}

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

/** Each distinct pattern is analysed once per process: large models repeat theirs. */
const safetyCache = new Map<string, ReturnType<typeof analyzePattern>>();
function patternSafety(source: string, flags: string): ReturnType<typeof analyzePattern> {
  const key = `${flags}/${source}`;
  let safety = safetyCache.get(key);
  if (!safety) safetyCache.set(key, (safety = analyzePattern(source, flags)));
  return safety;
}

export function buildIR(model: RawModel): ServiceIR {
  const doc = model.document;
  const meta = doc.metadata as Obj;
  const rawShapes = doc.shapes as Obj;
  const rawOps = doc.operations as Obj;
  const pagination = isObj(doc.pagination) ? doc.pagination : {};
  const notices: string[] = [];

  const serviceId = str(meta.serviceId) ?? str(meta.serviceFullName) ?? "Service";
  const base = pascalCase(serviceId);
  // A service id may itself be a builtin or runtime name (`Promise`; `Service` makes `ServiceClient`).
  const packageNames = new NameTable([...RUNTIME_EXPORTS, ...RUNTIME_IMPORTS]);
  const names = { client: packageNames.claim(`${base}Client`), aggregate: packageNames.claim(base), baseException: packageNames.claim(`${base}ServiceException`) };
  // Members every client has (its own and Object's) are reserved too: an operation may not shadow
  // them on the aggregate, nor the `input` and `options` parameters of its methods.
  const table = new NameTable([
    ...RUNTIME_EXPORTS,
    ...RUNTIME_IMPORTS,
    names.client,
    names.aggregate,
    names.baseException,
    `${names.client}Config`,
    "destroy",
    "config",
    "toJSON",
    "input",
    "options",
    ...PROTOTYPE_NAMES,
  ]);

  const shapeOf = (name: string): Obj => rawShapes[name] as Obj;
  const isDocument = (s: Obj) => s.type === "structure" && s.document === true;
  const isEventStream = (s: Obj) => s.type === "structure" && s.eventstream === true;

  // Reachability and roles: walk from each operation's input, output and errors.
  const roles = new Map<string, Set<ShapeRole>>();
  const visit = (name: string, role: ShapeRole) => {
    let set = roles.get(name);
    if (set?.has(role)) return;
    if (!set) roles.set(name, (set = new Set()));
    set.add(role);
    const s = shapeOf(name);
    if (s.type === "structure" && !isDocument(s)) {
      for (const m of Object.values((s.members ?? {}) as Obj)) visit((m as Obj).shape as string, role);
    } else if (s.type === "list") visit((s.member as Obj).shape as string, role);
    else if (s.type === "map") {
      visit((s.key as Obj).shape as string, role);
      visit((s.value as Obj).shape as string, role);
    }
  };
  const opNames = Object.keys(rawOps).sort();
  for (const name of opNames) {
    const op = rawOps[name] as Obj;
    if (isObj(op.input)) visit(op.input.shape as string, "input");
    if (isObj(op.output)) visit(op.output.shape as string, "output");
    for (const e of (op.errors ?? []) as Obj[]) visit(e.shape as string, "error");
  }
  const reachable = [...roles.keys()].sort();

  // Greedy labels, per input shape.
  const greedy = new Map<string, Set<string>>();
  for (const name of opNames) {
    const op = rawOps[name] as Obj;
    const http = op.http as Obj;
    if (!isObj(op.input)) continue;
    const set = greedy.get(op.input.shape as string) ?? new Set<string>();
    for (const l of uriLabels(typeof http.requestUri === "string" ? http.requestUri : "/")) if (l.greedy) set.add(l.name);
    greedy.set(op.input.shape as string, set);
  }

  // Names: operations first (the public API), then named types.
  const fnNames = new Map<string, string>();
  for (const name of opNames) fnNames.set(name, table.claim(camelCase(name)));
  const typeNames = new Map<string, string>();
  for (const name of reachable) {
    const s = shapeOf(name);
    if ((s.type === "structure" && !isDocument(s)) || (s.type === "string" && Array.isArray(s.enum))) {
      typeNames.set(name, table.claim(pascalCase(name)));
    }
  }
  const valuesNames = new Map<string, string>();
  for (const [name, typeName] of typeNames) {
    if (shapeOf(name).type === "string") valuesNames.set(name, table.claim(`${typeName}Values`));
  }

  const shapeDocFiles = pageFiles([...typeNames.keys()]);
  const opDocFiles = pageFiles(opNames);

  // Old models name the payload member on the operation's input or output reference.
  const refPayloads = new Map<string, string>();
  for (const op of Object.values(rawOps)) {
    for (const ref of [(op as Obj).input, (op as Obj).output]) {
      if (isObj(ref) && typeof ref.payload === "string" && typeof ref.shape === "string") refPayloads.set(ref.shape, ref.payload);
    }
  }

  const shapes = new Map<string, ShapeIR>();
  for (const name of reachable) {
    const s = shapeOf(name);
    const common = {
      name,
      typeName: typeNames.get(name) ?? name,
      docs: htmlToMarkdown(str(s.documentation)),
      sensitive: s.sensitive === true,
      deprecated: s.deprecated === true,
      roles: roles.get(name) ?? new Set<ShapeRole>(),
      docFile: shapeDocFiles.get(name),
    };
    if (s.type === "structure" && !isDocument(s)) {
      const required = new Set(strList(s.required));
      const members: MemberIR[] = Object.entries((s.members ?? {}) as Obj).map(([mName, raw]) => {
        const m = raw as Obj;
        const target = shapeOf(m.shape as string);
        // Old models put a header binding on the target shape instead of the member.
        const location = (str(m.location) ?? str(target.location)) as MemberIR["location"];
        return {
          name: mName,
          target: m.shape as string,
          required: required.has(mName),
          location,
          locationName: str(m.locationName) ?? (m.location === undefined ? str(target.locationName) : undefined),
          idempotencyToken: m.idempotencyToken === true,
          hostLabel: m.hostLabel === true,
          sensitive: m.sensitive === true || target.sensitive === true,
          deprecated: m.deprecated === true || target.deprecated === true,
          docs: htmlToMarkdown(str(m.documentation) ?? str(target.documentation)),
          greedy: location === "uri" && (greedy.get(name)?.has(str(m.locationName) ?? mName) ?? false),
          jsonvalue: (m.jsonvalue === true || target.jsonvalue === true) && location === "header",
          timestampFormat: timestampFormat(m.timestampFormat),
        };
      });
      const err = isObj(s.error) ? s.error : {};
      const exception: ExceptionIR | undefined =
        s.exception === true
          ? {
              code: str(err.code) ?? name,
              httpStatusCode: num(err.httpStatusCode),
              fault: s.fault === true ? "server" : "client",
              retryable: isObj(s.retryable) ? { throttling: s.retryable.throttling === true } : undefined,
            }
          : undefined;
      const ir: StructureIR = {
        ...common,
        kind: "structure",
        members,
        union: s.union === true,
        payload: str(s.payload) ?? refPayloads.get(name),
        exception,
      };
      shapes.set(name, ir);
    } else if (s.type === "list") {
      const ir: ListIR = { ...common, kind: "list", member: (s.member as Obj).shape as string, min: num(s.min), max: num(s.max), sparse: s.sparse === true };
      shapes.set(name, ir);
    } else if (s.type === "map") {
      const ir: MapIR = {
        ...common,
        kind: "map",
        key: (s.key as Obj).shape as string,
        value: (s.value as Obj).shape as string,
        min: num(s.min),
        max: num(s.max),
        sparse: s.sparse === true,
      };
      shapes.set(name, ir);
    } else {
      const kind: ScalarKind = isDocument(s) ? "document" : (SCALAR_KINDS[String(s.type)] ?? "string");
      const pattern = str(s.pattern);
      const translated = pattern === undefined ? undefined : translatePattern(pattern);
      if (translated && !translated.ok) notices.push(`${name}: its pattern is not checked on the client (${translated.reason}); the service still checks it`);
      let regex: ScalarIR["regex"];
      if (translated?.ok) {
        // A pattern that could backtrack for seconds is checked by a linear-time engine instead,
        // or not at all when that engine cannot express it (the service still checks it).
        const safety = patternSafety(translated.source, translated.flags);
        if (!safety.unsafe) regex = { source: translated.source, flags: translated.flags };
        else if (safety.re2 !== undefined) regex = { source: translated.source, flags: translated.flags, re2: safety.re2 };
        else notices.push(`${name}: its pattern is not checked on the client (${safety.reason}, and it has no linear-time equivalent); the service still checks it`);
      }
      const ir: ScalarIR = {
        ...common,
        kind,
        enum: kind === "string" && Array.isArray(s.enum) ? s.enum.map(String) : undefined,
        valuesName: valuesNames.get(name),
        min: num(s.min),
        max: num(s.max),
        pattern,
        regex,
        timestampFormat: timestampFormat(s.timestampFormat),
        streaming: s.streaming === true,
        eventStream: false,
      };
      shapes.set(name, ir);
    }
  }

  // Operations.
  const hasEventStream = (shapeName: string | undefined): boolean => {
    if (!shapeName) return false;
    const s = shapeOf(shapeName);
    return Object.values((s.members ?? {}) as Obj).some((m) => isEventStream(shapeOf((m as Obj).shape as string)));
  };
  const endpoints = endpointsOf(doc);
  const operations: OperationIR[] = opNames.map((name) => {
    const op = rawOps[name] as Obj;
    const http = op.http as Obj;
    const input = isObj(op.input) ? (op.input.shape as string) : undefined;
    const output = isObj(op.output) ? (op.output.shape as string) : undefined;
    const eventStream = hasEventStream(input) || hasEventStream(output);
    if (eventStream) notices.push(`${name} uses an event stream, which is not supported yet: its function rejects with a clear error`);
    // Own keys only: an operation named `__proto__` must not find Object.prototype as its paginator.
    const pg = Object.hasOwn(pagination, name) ? pagination[name] : undefined;
    let paginator: OperationIR["paginator"];
    if (isObj(pg) && output) {
      const resultKey = strList(pg.result_key);
      const info: PaginatorIR = {
        inputToken: strList(pg.input_token),
        outputToken: strList(pg.output_token),
        limitKey: str(pg.limit_key),
        resultKey,
        moreResults: str(pg.more_results),
        nonAggregateKeys: strList(pg.non_aggregate_keys),
        itemShape: resultKey[0] !== undefined ? listItemAt(output, resultKey[0]) : undefined,
      };
      paginator = { ...info, functionName: table.claim(`paginate${pascalCase(name)}`) };
    }
    const endpoint = isObj(op.endpoint) ? op.endpoint : {};
    return {
      name,
      functionName: fnNames.get(name)!,
      fileName: fileStem(name),
      docFile: opDocFiles.get(name)!,
      method: String(http.method).toUpperCase(),
      requestUri: typeof http.requestUri === "string" ? http.requestUri : "/",
      responseCode: num(http.responseCode),
      hostPrefix: str(endpoint.hostPrefix),
      input,
      output,
      errors: ((op.errors ?? []) as Obj[]).map((e) => e.shape as string),
      docs: htmlToMarkdown(str(op.documentation)),
      deprecated: op.deprecated === true,
      readonly: op.readonly === true,
      idempotent: op.idempotent === true,
      eventStream,
      paginator,
      endpoint: operationEndpointOf(op, rawShapes, endpoints),
    };
  });

  function listItemAt(outputShape: string, path: string): string | undefined {
    let current: string | undefined = outputShape;
    for (const part of path.split(".")) {
      const s: Obj | undefined = current ? shapeOf(current) : undefined;
      const m: unknown = s && isObj(s.members) && Object.hasOwn(s.members, part) ? s.members[part] : undefined;
      current = isObj(m) ? (m.shape as string) : undefined;
    }
    const s = current ? shapeOf(current) : undefined;
    return s && s.type === "list" ? ((s.member as Obj).shape as string) : undefined;
  }

  const protocol = pickProtocol(meta) as "rest-json" | "json";
  return {
    packageName: serviceNameFor(model),
    serviceId,
    fullName: str(meta.serviceFullName) ?? serviceId,
    apiVersion: String(meta.apiVersion),
    protocol,
    jsonVersion: str(meta.jsonVersion),
    targetPrefix: str(meta.targetPrefix),
    signingName: str(meta.signingName) ?? String(meta.endpointPrefix),
    endpointPrefix: String(meta.endpointPrefix),
    awsQueryCompatible: isObj(meta.awsQueryCompatible),
    customization: customizationFor(serviceId),
    docs: htmlToMarkdown(str(doc.documentation)),
    names,
    shapes,
    operations,
    endpoints,
    modelHash: createHash("sha256").update(canonicalJson(doc)).digest("hex"),
    notices,
  };
}
