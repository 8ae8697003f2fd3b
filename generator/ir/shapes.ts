// One raw shape → its ShapeIR: members with their bindings, exceptions, list and map facts,
// scalar constraints with the pattern translated (and checked for catastrophic backtracking).
import { htmlToMarkdown } from "./docs.js";
import { translatePattern } from "./pattern.js";
import { analyzePattern } from "./redos.js";
import { RawService, isObj, num, str, strList, type Obj } from "./raw.js";
import type {
  ExceptionIR,
  ListIR,
  MapIR,
  MemberIR,
  ScalarIR,
  ScalarKind,
  ShapeIR,
  ShapeRole,
  StructureIR,
  XmlNamespaceIR,
} from "./types.js";

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

/** An IR object before ir/link.ts gives it its typed references. */
export type Unlinked<T, K extends keyof T> = Omit<T, K>;

/** An XML namespace trait: `{ uri, prefix? }`, or a bare string meaning `{ uri }`. */
export function xmlNamespaceOf(value: unknown): XmlNamespaceIR | undefined {
  if (typeof value === "string") return { uri: value };
  if (!isObj(value) || typeof value.uri !== "string") return undefined;
  return typeof value.prefix === "string" ? { uri: value.uri, prefix: value.prefix } : { uri: value.uri };
}

/** What an operation's input reference says about its structure's XML root element. */
export interface InputRootFacts {
  readonly locationName: string | undefined;
  readonly xmlNamespace: XmlNamespaceIR | undefined;
}

export function timestampFormat(value: unknown): ScalarIR["timestampFormat"] {
  return value === "iso8601" || value === "rfc822" || value === "unixTimestamp" ? value : undefined;
}

/** What a shape's IR needs from the rest of the model, computed once by the builder. */
export interface ShapeFacts {
  readonly raw: RawService;
  readonly roles: ReadonlyMap<string, ReadonlySet<ShapeRole>>;
  /** Greedy `{Label+}` URI labels, per input shape. */
  readonly greedy: ReadonlyMap<string, ReadonlySet<string>>;
  readonly typeNames: ReadonlyMap<string, string>;
  readonly valuesNames: ReadonlyMap<string, string>;
  readonly docFiles: ReadonlyMap<string, string>;
  /** Old models name the payload member on the operation's input or output reference. */
  readonly refPayloads: ReadonlyMap<string, string>;
  /** Operation input references that name their structure's XML root (or its namespace), per input shape. */
  readonly inputRoots: ReadonlyMap<string, InputRootFacts>;
  /** Notices for the user; shapes add those about patterns they cannot check. */
  readonly notices: string[];
}

export function buildShape(name: string, facts: ShapeFacts): ShapeIR {
  const s = facts.raw.shape(name);
  const common = {
    name,
    typeName: facts.typeNames.get(name) ?? name,
    docs: htmlToMarkdown(str(s.documentation)),
    docsHtml: str(s.documentation) ?? "",
    sensitive: s.sensitive === true,
    deprecated: s.deprecated === true,
    roles: facts.roles.get(name) ?? new Set<ShapeRole>(),
    docFile: facts.docFiles.get(name),
  };
  if (s.type === "structure" && !RawService.isDocument(s)) {
    const ir: StructureIR = {
      ...common,
      kind: "structure",
      members: Object.entries((s.members ?? {}) as Obj).map(([mName, m]) =>
        buildMember(name, mName, m as Obj, new Set(strList(s.required)), facts),
      ),
      union: s.union === true || RawService.isEventStream(s),
      eventStream: RawService.isEventStream(s),
      payload: str(s.payload) ?? facts.refPayloads.get(name),
      exception: exceptionOf(name, s, facts.raw.senderFaultConvention),
      // The shape's own name wins over the input reference's; the reference's namespace wins over the shape's.
      xmlName: str(s.locationName) ?? facts.inputRoots.get(name)?.locationName,
      xmlNamespace: facts.inputRoots.get(name)?.xmlNamespace ?? xmlNamespaceOf(s.xmlNamespace),
    };
    return ir;
  }
  if (s.type === "list") {
    // memberShape is linked once every shape exists (ir/link.ts).
    const member = s.member as Obj;
    const ir: Unlinked<ListIR, "memberShape"> = {
      ...common,
      kind: "list",
      member: member.shape as string,
      min: num(s.min),
      max: num(s.max),
      sparse: s.sparse === true,
      memberName: str(member.locationName),
      memberNamespace: xmlNamespaceOf(member.xmlNamespace),
      flattened: s.flattened === true,
    };
    return ir as ListIR;
  }
  if (s.type === "map") {
    const ir: Unlinked<MapIR, "keyShape" | "valueShape"> = {
      ...common,
      kind: "map",
      key: (s.key as Obj).shape as string,
      value: (s.value as Obj).shape as string,
      min: num(s.min),
      max: num(s.max),
      sparse: s.sparse === true,
      keyName: str((s.key as Obj).locationName),
      valueName: str((s.value as Obj).locationName),
      keyNamespace: xmlNamespaceOf((s.key as Obj).xmlNamespace),
      valueNamespace: xmlNamespaceOf((s.value as Obj).xmlNamespace),
      flattened: s.flattened === true,
    };
    return ir as MapIR;
  }
  const kind: ScalarKind = RawService.isDocument(s) ? "document" : (SCALAR_KINDS[String(s.type)] ?? "string");
  const pattern = str(s.pattern);
  const ir: ScalarIR = {
    ...common,
    kind,
    enum: kind === "string" && Array.isArray(s.enum) ? s.enum.map(String) : undefined,
    valuesName: facts.valuesNames.get(name),
    min: num(s.min),
    max: num(s.max),
    pattern,
    regex: pattern === undefined ? undefined : regexOf(name, pattern, facts.notices),
    timestampFormat: timestampFormat(s.timestampFormat),
    streaming: s.streaming === true,
    eventStream: false,
  };
  return ir;
}

function buildMember(owner: string, name: string, m: Obj, required: ReadonlySet<string>, facts: ShapeFacts): MemberIR {
  return memberOf(owner, name, m, required, facts) as MemberIR;
}

function memberOf(owner: string, name: string, m: Obj, required: ReadonlySet<string>, facts: ShapeFacts): Unlinked<MemberIR, "shape"> {
  const target = facts.raw.shape(m.shape as string);
  // Old models put a header binding on the target shape instead of the member.
  const location = (str(m.location) ?? str(target.location)) as MemberIR["location"];
  return {
    name,
    target: m.shape as string,
    required: required.has(name),
    location,
    locationName: str(m.locationName) ?? (m.location === undefined ? str(target.locationName) : undefined),
    idempotencyToken: m.idempotencyToken === true,
    hostLabel: m.hostLabel === true,
    sensitive: m.sensitive === true || target.sensitive === true,
    deprecated: m.deprecated === true || target.deprecated === true,
    docs: htmlToMarkdown(str(m.documentation) ?? str(target.documentation)),
    docsHtml: str(m.documentation) ?? str(target.documentation) ?? "",
    greedy: location === "uri" && (facts.greedy.get(owner)?.has(str(m.locationName) ?? name) ?? false),
    jsonvalue: (m.jsonvalue === true || target.jsonvalue === true) && location === "header",
    timestampFormat: timestampFormat(m.timestampFormat),
    xmlAttribute: m.xmlAttribute === true,
    xmlNamespace: xmlNamespaceOf(m.xmlNamespace),
    flattened: m.flattened === true,
    queryName: str(m.queryName),
    eventHeader: m.eventheader === true,
    eventPayload: m.eventpayload === true,
  };
}

function exceptionOf(name: string, s: Obj, senderFaultConvention: boolean): ExceptionIR | undefined {
  if (s.exception !== true) return undefined;
  const err = isObj(s.error) ? s.error : {};
  return {
    code: str(err.code) ?? name,
    httpStatusCode: num(err.httpStatusCode),
    // A server fault when the model says so: `fault`, or, in a model that marks client errors
    // with `senderFault` (the query protocols'), the absence of it on an error that has a query
    // code (IAM's ServiceFailure, HTTP 500). Errors added without a query code (CloudWatch's
    // ConflictException, its Kms* errors) carry no senderFault either way: client, as the SDKs say.
    fault: s.fault === true || (senderFaultConvention && typeof err.code === "string" && err.senderFault !== true) ? "server" : "client",
    retryable: isObj(s.retryable) ? { throttling: s.retryable.throttling === true } : undefined,
  };
}

/** Each distinct pattern is analysed once per process: large models repeat theirs. */
const safetyCache = new Map<string, ReturnType<typeof analyzePattern>>();
function patternSafety(source: string, flags: string): ReturnType<typeof analyzePattern> {
  const key = `${flags}/${source}`;
  let safety = safetyCache.get(key);
  if (!safety) safetyCache.set(key, (safety = analyzePattern(source, flags)));
  return safety;
}

/**
 * The pattern as a JavaScript RegExp. A pattern that could backtrack for seconds is checked by a
 * linear-time engine instead, or not at all when that engine cannot express it (the service
 * still checks it); so is one with no JavaScript equivalent.
 */
function regexOf(name: string, pattern: string, notices: string[]): ScalarIR["regex"] {
  const translated = translatePattern(pattern);
  if (!translated.ok) {
    notices.push(`${name}: its pattern is not checked on the client (${translated.reason}); the service still checks it`);
    return undefined;
  }
  const safety = patternSafety(translated.source, translated.flags);
  if (!safety.unsafe) return { source: translated.source, flags: translated.flags };
  if (safety.re2 !== undefined) return { source: translated.source, flags: translated.flags, re2: safety.re2 };
  notices.push(
    `${name}: its pattern is not checked on the client (${safety.reason}, and it has no linear-time equivalent); the service still checks it`,
  );
  return undefined;
}
