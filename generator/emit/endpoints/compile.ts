// Compiles an endpoint rule set (the `endpoint-rule-set-1.json` language) into one TypeScript
// function of plain code: each rule is a labelled block whose conditions `break` out of it, each
// assignment a `const`, each function call a call of the runtime's rule-language library. The
// compiler also checks the rule set: unknown functions, references to names not in scope, bad
// argument counts and attribute paths are findings with a JSON pointer, so a rule set that
// compiles is one the client can run.
import { literal, docComment } from "../kit/file.js";
import type { PartitionsData } from "./partitions.js";
import { partitionTableSource } from "./partitions.js";

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

type Report = (pointer: string, message: string) => void;

// What the compiler knows of a value's type, enough to emit code the strict compiler accepts.
type Kind = "string" | "boolean" | "stringArray" | "partition" | "url" | "arn" | "number" | "object";
interface Typed {
  readonly code: string;
  readonly kind: Kind;
  /** The value may be undefined at this point. */
  readonly optional: boolean;
}

const ATTRIBUTES: Partial<Record<Kind, Readonly<Record<string, Kind>>>> = {
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
const RUNTIME_NAMES = [
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
const MODULE_NAMES = new Set<string>([...RUNTIME_NAMES, "params", "PARTITIONS", "resolveEndpoint", "EndpointParameters", "EndpointResult", "PartitionTable", "undefined", "NaN", "Infinity", "Object", "String", "arguments", "eval"]);
const RESERVED = new Set(
  "break case catch class const continue debugger default delete do else enum export extends false finally for function if import in instanceof new null return super switch this throw true try typeof var void while with yield let static implements interface package private protected public await async of".split(
    " ",
  ),
);
// Keys a plain object inherits: a parameter with such a name is read only as an own property.
const INHERITED = new Set(Object.getOwnPropertyNames(Object.prototype));

const isObj = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object" && !Array.isArray(v);
const IDENT = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** A property key in an object literal or type; `__proto__` computed so it stays an own key. */
export function propKey(key: string): string {
  if (key === "__proto__") return `[${literal(key)}]`;
  return IDENT.test(key) && !RESERVED.has(key) ? key : literal(key);
}

/** A string as the inside of a template literal: only printable ASCII stays as it is. */
function templateText(text: string): string {
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

class Scope {
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

export function compileRuleSet(
  ruleSet: unknown,
  partitions: PartitionsData,
  runtimeModule: string,
  report: Report,
  base = "",
): CompiledRuleSet | undefined {
  let failed = false;
  const at: Report = (pointer, message) => {
    failed = true;
    report(base + pointer, message);
  };
  if (!isObj(ruleSet)) {
    at("", "an endpoint rule set must be an object with parameters and rules");
    return undefined;
  }
  const params: RuleParam[] = [];
  const top = new Scope();
  const rawParams = ruleSet.parameters;
  if (!isObj(rawParams)) at("/parameters", "the rule set has no parameters object");
  else {
    for (const name of Object.keys(rawParams)) {
      const p = rawParams[name];
      const pointer = `/parameters/${name.replace(/~/g, "~0").replace(/\//g, "~1")}`;
      if (!isObj(p)) {
        at(pointer, "a parameter must be an object");
        continue;
      }
      const type = typeof p.type === "string" ? p.type.toLowerCase() : "";
      const paramType: ParamType | undefined = type === "string" ? "string" : type === "boolean" ? "boolean" : type === "stringarray" ? "stringArray" : undefined;
      if (paramType === undefined) {
        at(`${pointer}/type`, `parameter type ${JSON.stringify(p.type)} is not string, boolean or stringArray`);
        continue;
      }
      const def = p.default;
      const defOk =
        def === undefined ||
        (paramType === "string" && typeof def === "string") ||
        (paramType === "boolean" && typeof def === "boolean") ||
        (paramType === "stringArray" && Array.isArray(def) && def.every((d) => typeof d === "string"));
      if (!defOk) at(`${pointer}/default`, `the default does not have the parameter's type (${paramType})`);
      const param: RuleParam = {
        name,
        type: paramType,
        required: p.required === true,
        ...(defOk && def !== undefined ? { default: def as string | boolean | readonly string[] } : {}),
        ...(typeof p.builtIn === "string" ? { builtIn: p.builtIn } : {}),
        ...(typeof p.documentation === "string" ? { documentation: p.documentation } : {}),
      };
      params.push(param);
      top.set(name, { code: localName(name, top), kind: paramType, optional: param.default === undefined });
    }
  }
  if (!Array.isArray(ruleSet.rules)) {
    at("/rules", "the rule set has no rules list");
    return undefined;
  }

  const usedRuntime = new Set<string>(["checkParam", "EndpointError"]);
  const partitionFields = new Set<string>();
  let labels = 0;

  function localName(name: string, scope: Scope): string {
    let base = name.replace(/[^A-Za-z0-9_$]/g, "_");
    if (!IDENT.test(base)) base = `_${base}`;
    if (RESERVED.has(base) || MODULE_NAMES.has(base)) base = `${base}_`;
    const taken = scope.taken();
    let candidate = base;
    for (let i = 2; taken.has(candidate); i++) candidate = `${base}_${i}`;
    return candidate;
  }

  function attrPath(value: Typed, path: string, pointer: string): Typed | undefined {
    let code = value.code;
    let kind: Kind = value.kind;
    let optional = value.optional;
    const parts = path.split(".");
    for (const part of parts) {
      const m = /^([A-Za-z_][A-Za-z0-9_]*)?((?:\[\d{1,4}\])*)$/.exec(part);
      if (m === null) {
        at(pointer, `attribute path ${JSON.stringify(path)} is not names and [index]es joined by dots`);
        return undefined;
      }
      const [, field, indexes = ""] = m;
      if (field !== undefined) {
        const attrs = ATTRIBUTES[kind];
        const next = attrs !== undefined && Object.hasOwn(attrs, field) ? attrs[field] : undefined;
        if (next === undefined) {
          at(pointer, `a ${kind} value has no attribute ${JSON.stringify(field)}`);
          return undefined;
        }
        if (kind === "partition") partitionFields.add(field);
        code = `${code}${optional ? "?." : "."}${field}`;
        kind = next;
      }
      for (const idx of indexes.match(/\d+/g) ?? []) {
        if (kind !== "stringArray") {
          at(pointer, `only a list can be indexed, not a ${kind} value`);
          return undefined;
        }
        code = `${code}${optional ? "?." : ""}[${Number(idx)}]`;
        kind = "string";
        optional = true;
      }
    }
    return { code, kind, optional };
  }

  /** A string literal of the rule language: `{Name}` and `{Name#path}` are substituted, `{{` `}}` are braces. */
  function template(text: string, scope: Scope, pointer: string): Typed {
    let out = "";
    let hasRef = false;
    let i = 0;
    while (i < text.length) {
      const ch = text[i]!;
      if (ch === "{" && text[i + 1] === "{") {
        out += "{";
        i += 2;
      } else if (ch === "}" && text[i + 1] === "}") {
        out += "}";
        i += 2;
      } else if (ch === "{") {
        const close = text.indexOf("}", i);
        if (close === -1) {
          at(pointer, `template ${JSON.stringify(text)} has an unclosed {`);
          return { code: literal(text), kind: "string", optional: false };
        }
        const inner = text.slice(i + 1, close);
        const hash = inner.indexOf("#");
        const name = hash === -1 ? inner : inner.slice(0, hash);
        const ref = scope.get(name);
        if (ref === undefined) {
          at(pointer, `template ${JSON.stringify(text)} refers to ${JSON.stringify(name)}, which is not a parameter or an assigned name here`);
          return { code: literal(text), kind: "string", optional: false };
        }
        const value = hash === -1 ? ref : attrPath(ref, inner.slice(hash + 1), pointer);
        if (value === undefined) return { code: literal(text), kind: "string", optional: false };
        out += "${" + value.code + "}";
        hasRef = true;
        i = close + 1;
      } else {
        out += templateText(ch);
        i += 1;
      }
    }
    return { code: hasRef ? `\`${out}\`` : literal(text.replace(/\{\{/g, "{").replace(/\}\}/g, "}")), kind: "string", optional: false };
  }

  function expr(value: unknown, scope: Scope, pointer: string): Typed | undefined {
    if (typeof value === "string") return template(value, scope, pointer);
    if (typeof value === "boolean") return { code: String(value), kind: "boolean", optional: false };
    if (typeof value === "number") {
      if (!Number.isSafeInteger(value)) {
        at(pointer, "a number in a rule set must be an integer");
        return undefined;
      }
      return { code: String(value), kind: "number", optional: false };
    }
    if (!isObj(value)) {
      at(pointer, "expected a string, boolean, number, reference or function call");
      return undefined;
    }
    if (typeof value.ref === "string") {
      const ref = scope.get(value.ref);
      if (ref === undefined) at(pointer, `reference to ${JSON.stringify(value.ref)}, which is not a parameter or an assigned name here`);
      return ref;
    }
    if (typeof value.fn === "string") return call(value, scope, pointer);
    at(pointer, "expected a reference ({ ref }) or a function call ({ fn, argv })");
    return undefined;
  }

  function call(node: Record<string, unknown>, scope: Scope, pointer: string): Typed | undefined {
    const fn = node.fn as string;
    const argv = node.argv;
    if (!Array.isArray(argv)) {
      at(`${pointer}/argv`, `${fn}: argv must be a list`);
      return undefined;
    }
    const arity = (n: number): boolean => {
      if (argv.length === n) return true;
      at(`${pointer}/argv`, `${fn} takes ${n} argument(s), got ${argv.length}`);
      return false;
    };
    const args = (): Typed[] | undefined => {
      const out: Typed[] = [];
      for (let i = 0; i < argv.length; i++) {
        const a = expr(argv[i], scope, `${pointer}/argv/${i}`);
        if (a === undefined) return undefined;
        out.push(a);
      }
      return out;
    };
    const want = (a: Typed, kind: Kind, i: number): boolean => {
      if (a.kind === kind) return true;
      at(`${pointer}/argv/${i}`, `${fn} wants a ${kind} here, got a ${a.kind}`);
      return false;
    };
    const runtime = (name: (typeof RUNTIME_NAMES)[number]): string => {
      usedRuntime.add(name);
      return name;
    };
    switch (fn) {
      case "isSet": {
        if (!arity(1)) return undefined;
        const [a] = args() ?? [];
        return a && { code: `${a.code} !== undefined`, kind: "boolean", optional: false };
      }
      case "not": {
        if (!arity(1)) return undefined;
        const [a] = args() ?? [];
        if (!a || !want(a, "boolean", 0)) return undefined;
        return { code: `!(${a.code})`, kind: "boolean", optional: false };
      }
      case "booleanEquals":
      case "stringEquals": {
        if (!arity(2)) return undefined;
        const list = args();
        if (!list) return undefined;
        const kind = fn === "booleanEquals" ? "boolean" : "string";
        if (!want(list[0]!, kind, 0) || !want(list[1]!, kind, 1)) return undefined;
        // A set boolean against a literal reads as itself or its negation: rule sets repeat a test
        // that an enclosing rule already decided, and a literal comparison there would not compile.
        const [a, b] = list as [Typed, Typed];
        if (kind === "boolean") {
          const lit = b.code === "true" || b.code === "false" ? [a, b.code] : a.code === "true" || a.code === "false" ? [b, a.code] : undefined;
          if (lit !== undefined && !(lit[0] as Typed).optional) {
            const value = lit[0] as Typed;
            const simple = /^[\w$.\[\]]+$/.test(value.code);
            return { code: lit[1] === "true" ? value.code : simple ? `!${value.code}` : `!(${value.code})`, kind: "boolean", optional: false };
          }
        }
        return { code: `${a.code} === ${b.code}`, kind: "boolean", optional: false };
      }
      case "getAttr": {
        if (!arity(2)) return undefined;
        const target = expr(argv[0], scope, `${pointer}/argv/0`);
        if (target === undefined) return undefined;
        if (typeof argv[1] !== "string") {
          at(`${pointer}/argv/1`, "getAttr's path must be a string");
          return undefined;
        }
        return attrPath(target, argv[1], `${pointer}/argv/1`);
      }
      case "substring": {
        if (!arity(4)) return undefined;
        const list = args();
        if (!list) return undefined;
        if (!want(list[0]!, "string", 0) || !want(list[1]!, "number", 1) || !want(list[2]!, "number", 2) || !want(list[3]!, "boolean", 3)) return undefined;
        return { code: `${runtime("substring")}(${list.map((a) => a.code).join(", ")})`, kind: "string", optional: true };
      }
      case "uriEncode":
      case "parseURL":
      case "aws.parseArn": {
        if (!arity(1)) return undefined;
        const [a] = args() ?? [];
        if (!a || !want(a, "string", 0)) return undefined;
        const name = fn === "uriEncode" ? "uriEncode" : fn === "parseURL" ? "parseURL" : "parseArn";
        const kind: Kind = fn === "uriEncode" ? "string" : fn === "parseURL" ? "url" : "arn";
        return { code: `${runtime(name)}(${a.code})`, kind, optional: true };
      }
      case "aws.partition": {
        if (!arity(1)) return undefined;
        const [a] = args() ?? [];
        if (!a || !want(a, "string", 0)) return undefined;
        return { code: `${runtime("partition")}(PARTITIONS, ${a.code})`, kind: "partition", optional: true };
      }
      case "isValidHostLabel":
      case "aws.isVirtualHostableS3Bucket": {
        if (!arity(2)) return undefined;
        const list = args();
        if (!list) return undefined;
        if (!want(list[0]!, "string", 0) || !want(list[1]!, "boolean", 1)) return undefined;
        const name = fn === "isValidHostLabel" ? "isValidHostLabel" : "isVirtualHostableS3Bucket";
        return { code: `${runtime(name)}(${list[0]!.code}, ${list[1]!.code})`, kind: "boolean", optional: false };
      }
      default:
        at(`${pointer}/fn`, `unknown function ${JSON.stringify(fn)}`);
        return undefined;
    }
  }

  /** Lines that test a rule's conditions, breaking out of `label` when one fails; the scope after them. */
  function conditions(list: unknown, scope: Scope, pointer: string, label: string, lines: string[]): void {
    if (list === undefined) return;
    if (!Array.isArray(list)) {
      at(pointer, "conditions must be a list");
      return;
    }
    list.forEach((cond, i) => {
      const p = `${pointer}/${i}`;
      if (!isObj(cond) || typeof cond.fn !== "string") {
        at(p, "a condition must be a function call ({ fn, argv })");
        return;
      }
      // isSet and not(isSet) on a name narrow that name for the rest of the rule.
      const argv0 = Array.isArray(cond.argv) ? cond.argv[0] : undefined;
      if (cond.fn === "isSet" && cond.assign === undefined && isObj(argv0) && typeof argv0.ref === "string") {
        const ref = scope.get(argv0.ref);
        if (ref !== undefined) {
          lines.push(`if (${ref.code} === undefined) break ${label};`);
          scope.set(argv0.ref, { ...ref, optional: false });
          return;
        }
      }
      const value = call(cond, scope, p);
      if (value === undefined) return;
      if (cond.assign !== undefined) {
        if (typeof cond.assign !== "string" || cond.assign === "") {
          at(`${p}/assign`, "assign must be a name");
          return;
        }
        if (scope.get(cond.assign) !== undefined) {
          at(`${p}/assign`, `${JSON.stringify(cond.assign)} is already a parameter or an assigned name here`);
          return;
        }
        const name = localName(cond.assign, scope);
        lines.push(`const ${name} = ${value.code};`);
        lines.push(value.kind === "boolean" && !value.optional ? `if (!${name}) break ${label};` : `if (${name} === undefined${value.kind === "boolean" ? ` || ${name} === false` : ""}) break ${label};`);
        scope.set(cond.assign, { code: name, kind: value.kind, optional: false });
        return;
      }
      if (value.kind === "boolean") lines.push(value.optional ? `if (${value.code} !== true) break ${label};` : `if (!(${value.code})) break ${label};`);
      else lines.push(`if (${value.code} === undefined) break ${label};`);
    });
  }

  /** A value of an endpoint's properties or headers: objects, lists, templates, booleans, numbers. */
  function data(value: unknown, scope: Scope, pointer: string, depth: number): string {
    if (depth > 32) {
      at(pointer, "endpoint properties nest too deep");
      return "undefined";
    }
    if (Array.isArray(value)) return `[${value.map((v, i) => data(v, scope, `${pointer}/${i}`, depth + 1)).join(", ")}]`;
    if (isObj(value) && value.ref === undefined && value.fn === undefined) {
      const entries = Object.keys(value).map((k) => `${propKey(k)}: ${data(value[k], scope, `${pointer}/${k}`, depth + 1)}`);
      return `{ ${entries.join(", ")} }`;
    }
    const e = expr(value, scope, pointer);
    return e === undefined ? "undefined" : e.code;
  }

  function endpoint(value: unknown, scope: Scope, pointer: string): string {
    if (!isObj(value)) {
      at(pointer, "an endpoint rule needs an endpoint object");
      return "";
    }
    const url = expr(value.url, scope, `${pointer}/url`);
    if (url !== undefined && url.kind !== "string") at(`${pointer}/url`, "the endpoint's url must be a string");
    const parts = [`url: ${url === undefined ? '""' : url.optional ? `\`\${${url.code}}\`` : url.code}`];
    if (isObj(value.headers) && Object.keys(value.headers).length > 0) {
      const headers = value.headers;
      const entries = Object.keys(headers).map((k) => {
        const list = headers[k];
        if (!Array.isArray(list)) {
          at(`${pointer}/headers/${k}`, "a header's value must be a list of strings");
          return "";
        }
        return `${propKey(k)}: [${list.map((v, i) => template(typeof v === "string" ? v : "", scope, `${pointer}/headers/${k}/${i}`).code).join(", ")}]`;
      });
      parts.push(`headers: { ${entries.join(", ")} }`);
    }
    if (isObj(value.properties) && Object.keys(value.properties).length > 0) parts.push(`properties: ${data(value.properties, scope, `${pointer}/properties`, 0)}`);
    return `return { ${parts.join(", ")} };`;
  }

  /** Whether control can leave this rule list without returning or throwing. */
  function rules(list: unknown[], scope: Scope, pointer: string, lines: string[], depth: number): boolean {
    if (depth > 64) {
      at(pointer, "rules nest too deep (more than 64 levels)");
      return false;
    }
    for (let i = 0; i < list.length; i++) {
      const rule = list[i];
      const p = `${pointer}/${i}`;
      if (!isObj(rule)) {
        at(p, "a rule must be an object");
        continue;
      }
      const hasConditions = Array.isArray(rule.conditions) && rule.conditions.length > 0;
      const label = hasConditions ? `r${++labels}` : "";
      const inner = new Scope(scope);
      const body: string[] = [];
      conditions(rule.conditions, inner, `${p}/conditions`, label, body);
      if (typeof rule.documentation === "string" && rule.documentation.trim() !== "") {
        body.unshift(`// ${rule.documentation.replace(/[^\x20-\x7e]/g, " ").trim()}`);
      }
      switch (rule.type) {
        case "endpoint":
          body.push(endpoint(rule.endpoint, inner, `${p}/endpoint`));
          break;
        case "error": {
          const message = expr(rule.error, inner, `${p}/error`);
          body.push(`throw new EndpointError(${message === undefined ? '""' : message.code});`);
          break;
        }
        case "tree": {
          if (!Array.isArray(rule.rules)) {
            at(`${p}/rules`, "a tree rule needs a rules list");
            break;
          }
          if (rules(rule.rules, inner, `${p}/rules`, body, depth + 1)) {
            body.push(`throw new EndpointError(${literal("No endpoint rule matched the parameters")});`);
          }
          break;
        }
        default:
          at(`${p}/type`, `rule type ${JSON.stringify(rule.type)} is not endpoint, error or tree`);
      }
      if (hasConditions) lines.push(`${label}: {`, ...body.map((l) => `  ${l}`), "}");
      else {
        // A rule without conditions always ends the search: what follows it can never run.
        lines.push(...body);
        return false;
      }
    }
    return true;
  }

  const bodyLines: string[] = [];
  const falls = rules(ruleSet.rules, top, "/rules", bodyLines, 0);
  if (falls) bodyLines.push(`throw new EndpointError(${literal("No endpoint rule matched the parameters")});`);
  if (failed) return undefined;

  // Parameters: read each once, check its type, apply its default.
  const prologue: string[] = [];
  for (const p of params) {
    const local = top.get(p.name)!.code;
    const read = INHERITED.has(p.name)
      ? `Object.prototype.hasOwnProperty.call(params, ${literal(p.name)}) ? params[${literal(p.name)}] : undefined`
      : IDENT.test(p.name)
        ? `params.${p.name}`
        : `params[${literal(p.name)}]`;
    prologue.push(`checkParam(${literal(p.name)}, ${read.includes("?") ? `(${read})` : read}, ${literal(p.type)}, ${p.required && p.default === undefined});`);
    const def = p.default === undefined ? "" : ` ?? ${JSON.stringify(p.default)}`;
    prologue.push(`const ${local} = ${read.includes("?") ? `(${read})` : read}${def};`);
  }

  const tsType = (t: ParamType) => (t === "stringArray" ? "readonly string[]" : t);
  const members = params.map((p) => {
    const tags: string[] = [];
    if (p.builtIn !== undefined) tags.push(`Set by the client from its configuration (\`${p.builtIn.replace(/[`*\\]/g, "")}\`).`);
    if (p.default !== undefined) tags.push(`Default: \`${JSON.stringify(p.default).replace(/[`*\\]/g, "")}\`.`);
    const optional = !(p.required && p.default === undefined);
    return `${docComment(p.documentation ?? "", tags)}readonly ${propKey(p.name)}${optional ? "?" : ""}: ${tsType(p.type)}${optional ? " | undefined" : ""};`;
  });
  const allOptional = params.every((p) => !(p.required && p.default === undefined));
  const imports = [...usedRuntime].sort();
  const needsTable = usedRuntime.has("partition");
  const source = [
    `import { ${imports.join(", ")}, type EndpointResult${needsTable ? ", type PartitionTable" : ""} } from ${literal(runtimeModule)};`,
    "",
    docComment("The parameters of the service's endpoint rules, by the rule set's own names. The client fills them from its configuration and each operation's input; call {@link resolveEndpoint} to see where a request would go."),
    `export interface EndpointParameters {`,
    ...members.map((m) => m.split("\n").map((l) => `  ${l}`).join("\n")),
    `}`,
    "",
    ...(needsTable ? [partitionTableSource(partitions, partitionFields), ""] : []),
    docComment("Where a request goes: the service's endpoint rules compiled to code. Throws {@link EndpointError} with the rule's message when the rules refuse the parameters (for example FIPS with a custom endpoint), or when a parameter is missing or of the wrong type."),
    `export function resolveEndpoint(params: EndpointParameters${allOptional ? " = {}" : ""}): EndpointResult {`,
    ...[...prologue, ...bodyLines].map((l) => `  ${l}`),
    `}`,
    "",
  ].join("\n");
  return { params, source };
}
