// One raw shape → its ShapeIR: members with their bindings, exceptions, list and map facts,
// scalar constraints with the pattern translated (and checked for catastrophic backtracking).
import { htmlToMarkdown } from "./docs.js";
import { translatePattern } from "./pattern.js";
import { analyzePattern } from "./redos.js";
import { RawService, isObj, num, str, strList, type Obj } from "./raw.js";
import type { ExceptionIR, ListIR, MapIR, MemberIR, ScalarIR, ScalarKind, ShapeIR, ShapeRole, StructureIR } from "./types.js";

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
  /** Notices for the user; shapes add those about patterns they cannot check. */
  readonly notices: string[];
}

export function buildShape(name: string, facts: ShapeFacts): ShapeIR {
  const s = facts.raw.shape(name);
  const common = {
    name,
    typeName: facts.typeNames.get(name) ?? name,
    docs: htmlToMarkdown(str(s.documentation)),
    sensitive: s.sensitive === true,
    deprecated: s.deprecated === true,
    roles: facts.roles.get(name) ?? new Set<ShapeRole>(),
    docFile: facts.docFiles.get(name),
  };
  if (s.type === "structure" && !RawService.isDocument(s)) {
    const ir: StructureIR = {
      ...common,
      kind: "structure",
      members: Object.entries((s.members ?? {}) as Obj).map(([mName, m]) => buildMember(name, mName, m as Obj, new Set(strList(s.required)), facts)),
      union: s.union === true,
      payload: str(s.payload) ?? facts.refPayloads.get(name),
      exception: exceptionOf(name, s),
    };
    return ir;
  }
  if (s.type === "list") {
    // memberShape is linked once every shape exists (ir/link.ts).
    const ir: Unlinked<ListIR, "memberShape"> = { ...common, kind: "list", member: (s.member as Obj).shape as string, min: num(s.min), max: num(s.max), sparse: s.sparse === true };
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
    greedy: location === "uri" && (facts.greedy.get(owner)?.has(str(m.locationName) ?? name) ?? false),
    jsonvalue: (m.jsonvalue === true || target.jsonvalue === true) && location === "header",
    timestampFormat: timestampFormat(m.timestampFormat),
  };
}

function exceptionOf(name: string, s: Obj): ExceptionIR | undefined {
  if (s.exception !== true) return undefined;
  const err = isObj(s.error) ? s.error : {};
  return {
    code: str(err.code) ?? name,
    httpStatusCode: num(err.httpStatusCode),
    fault: s.fault === true ? "server" : "client",
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
  notices.push(`${name}: its pattern is not checked on the client (${safety.reason}, and it has no linear-time equivalent); the service still checks it`);
  return undefined;
}
