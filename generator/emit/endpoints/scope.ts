// The rule-set compiler's vocabulary: parameter and value types, the attributes of the rule
// language's objects, the names the generated module reserves, scopes of assigned names, and the
// context every compiling function shares.
import { literal } from "../kit/file.js";
import type { PartitionsData } from "./partitions.js";

export type ParamType = "string" | "boolean" | "stringArray";

export interface RuleParam {
  readonly name: string;
  readonly type: ParamType;
  readonly required: boolean;
  readonly default?: string | boolean | readonly string[];
  readonly builtIn?: string;
  readonly documentation?: string;
}

export interface CompiledRuleSet {
  readonly params: readonly RuleParam[];
  /** The module's text (unformatted): `EndpointParameters`, `resolveEndpoint`, the partition table. */
  readonly source: string;
}

export type Report = (pointer: string, message: string) => void;

// What the compiler knows of a value's type, enough to emit code the strict compiler accepts.
export type Kind = "string" | "boolean" | "stringArray" | "partition" | "url" | "arn" | "number" | "object";
export interface Typed {
  readonly code: string;
  readonly kind: Kind;
  /** The value may be undefined at this point. */
  readonly optional: boolean;
}

export const ATTRIBUTES: Partial<Record<Kind, Readonly<Record<string, Kind>>>> = {
  partition: {
    name: "string",
    dnsSuffix: "string",
    dualStackDnsSuffix: "string",
    supportsFIPS: "boolean",
    supportsDualStack: "boolean",
    implicitGlobalRegion: "string",
  },
  url: { scheme: "string", authority: "string", path: "string", normalizedPath: "string", isIp: "boolean" },
  arn: { partition: "string", service: "string", region: "string", accountId: "string", resourceId: "stringArray" },
};

// The runtime names the module imports; rule-set names that would clash are renamed.
export const RUNTIME_NAMES = [
  "EndpointError",
  "checkParam",
  "isValidHostLabel",
  "isVirtualHostableS3Bucket",
  "parseArn",
  "parseURL",
  "partition",
  "substring",
  "uriEncode",
] as const;
export const MODULE_NAMES = new Set<string>([
  ...RUNTIME_NAMES,
  "params",
  "PARTITIONS",
  "resolveEndpoint",
  "EndpointParameters",
  "EndpointResult",
  "PartitionTable",
  "undefined",
  "NaN",
  "Infinity",
  "Object",
  "String",
  "arguments",
  "eval",
]);
export const RESERVED = new Set(
  "break case catch class const continue debugger default delete do else enum export extends false finally for function if import in instanceof new null return super switch this throw true try typeof var void while with yield let static implements interface package private protected public await async of".split(
    " ",
  ),
);
// Keys a plain object inherits: a parameter with such a name is read only as an own property.
export const INHERITED = new Set(Object.getOwnPropertyNames(Object.prototype));

export const isObj = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object" && !Array.isArray(v);
export const IDENT = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** A property key in an object literal or type; `__proto__` computed so it stays an own key. */
export function propKey(key: string): string {
  if (key === "__proto__") return `[${literal(key)}]`;
  return IDENT.test(key) && !RESERVED.has(key) ? key : literal(key);
}

/** A string as the inside of a template literal: only printable ASCII stays as it is. */
export function templateText(text: string): string {
  let out = "";
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    if (ch === "`" || ch === "\\" || ch === "$") out += `\\${ch}`;
    else if (c >= 0x20 && c < 0x7f) out += ch;
    else if (c <= 0xffff) out += `\\u${c.toString(16).padStart(4, "0")}`;
    else out += `\\u{${c.toString(16)}}`;
  }
  return out;
}

export class Scope {
  readonly #names = new Map<string, Typed>();
  constructor(readonly parent?: Scope) {}
  get(name: string): Typed | undefined {
    return this.#names.get(name) ?? this.parent?.get(name);
  }
  set(name: string, value: Typed): void {
    this.#names.set(name, value);
  }
  /** Every JavaScript name declared in this scope and its parents. */
  taken(): Set<string> {
    const out = this.parent?.taken() ?? new Set<string>();
    for (const v of this.#names.values()) out.add(v.code);
    return out;
  }
}

/** What every compiling function shares: findings, the runtime names used, the partition fields read. */
export interface Ctx {
  readonly at: Report;
  readonly partitions: PartitionsData;
  readonly usedRuntime: Set<string>;
  readonly partitionFields: Set<string>;
  /** Labels of rule blocks written so far. */
  labels: number;
}
