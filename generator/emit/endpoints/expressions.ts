// Expressions of the rule language compiled to typed TypeScript: references, templates, function
// calls (the standard library and the AWS functions), attribute paths and endpoint data.
import { literal } from "../kit/file.js";
import { partitionTableSource } from "./partitions.js";
import {
  ATTRIBUTES,
  IDENT,
  INHERITED,
  MODULE_NAMES,
  RESERVED,
  RUNTIME_NAMES,
  Scope,
  isObj,
  propKey,
  templateText,
  type CompiledRuleSet,
  type Ctx,
  type Kind,
  type ParamType,
  type Report,
  type RuleParam,
  type Typed,
} from "./scope.js";

export function localName(c: Ctx, name: string, scope: Scope): string {
  let base = name.replace(/[^A-Za-z0-9_$]/g, "_");
  if (!IDENT.test(base)) base = `_${base}`;
  if (RESERVED.has(base) || MODULE_NAMES.has(base)) base = `${base}_`;
  const taken = scope.taken();
  let candidate = base;
  for (let i = 2; taken.has(candidate); i++) candidate = `${base}_${i}`;
  return candidate;
}

export function attrPath(c: Ctx, value: Typed, path: string, pointer: string): Typed | undefined {
  let code = value.code;
  let kind: Kind = value.kind;
  let optional = value.optional;
  const parts = path.split(".");
  for (const part of parts) {
    const m = /^([A-Za-z_][A-Za-z0-9_]*)?((?:\[\d{1,4}\])*)$/.exec(part);
    if (m === null) {
      c.at(pointer, `attribute path ${JSON.stringify(path)} is not names and [index]es joined by dots`);
      return undefined;
    }
    const [, field, indexes = ""] = m;
    if (field !== undefined) {
      const attrs = ATTRIBUTES[kind];
      const next = attrs !== undefined && Object.hasOwn(attrs, field) ? attrs[field] : undefined;
      if (next === undefined) {
        c.at(pointer, `a ${kind} value has no attribute ${JSON.stringify(field)}`);
        return undefined;
      }
      if (kind === "partition") c.partitionFields.add(field);
      code = `${code}${optional ? "?." : "."}${field}`;
      kind = next;
    }
    for (const idx of indexes.match(/\d+/g) ?? []) {
      if (kind !== "stringArray") {
        c.at(pointer, `only a list can be indexed, not a ${kind} value`);
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
export function template(c: Ctx, text: string, scope: Scope, pointer: string): Typed {
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
        c.at(pointer, `template ${JSON.stringify(text)} has an unclosed {`);
        return { code: literal(text), kind: "string", optional: false };
      }
      const inner = text.slice(i + 1, close);
      const hash = inner.indexOf("#");
      const name = hash === -1 ? inner : inner.slice(0, hash);
      const ref = scope.get(name);
      if (ref === undefined) {
        c.at(
          pointer,
          `template ${JSON.stringify(text)} refers to ${JSON.stringify(name)}, which is not a parameter or an assigned name here`,
        );
        return { code: literal(text), kind: "string", optional: false };
      }
      const value = hash === -1 ? ref : attrPath(c, ref, inner.slice(hash + 1), pointer);
      if (value === undefined) return { code: literal(text), kind: "string", optional: false };
      out += "${" + value.code + "}";
      hasRef = true;
      i = close + 1;
    } else {
      out += templateText(ch);
      i += 1;
    }
  }
  return {
    code: hasRef ? `\`${out}\`` : literal(text.replace(/\{\{/g, "{").replace(/\}\}/g, "}")),
    kind: "string",
    optional: false,
  };
}

export function expr(c: Ctx, value: unknown, scope: Scope, pointer: string): Typed | undefined {
  if (typeof value === "string") return template(c, value, scope, pointer);
  if (typeof value === "boolean") return { code: String(value), kind: "boolean", optional: false };
  if (typeof value === "number") {
    if (!Number.isSafeInteger(value)) {
      c.at(pointer, "a number in a rule set must be an integer");
      return undefined;
    }
    return { code: String(value), kind: "number", optional: false };
  }
  if (!isObj(value)) {
    c.at(pointer, "expected a string, boolean, number, reference or function call");
    return undefined;
  }
  if (typeof value.ref === "string") {
    const ref = scope.get(value.ref);
    if (ref === undefined) c.at(pointer, `reference to ${JSON.stringify(value.ref)}, which is not a parameter or an assigned name here`);
    return ref;
  }
  if (typeof value.fn === "string") return call(c, value, scope, pointer);
  c.at(pointer, "expected a reference ({ ref }) or a function call ({ fn, argv })");
  return undefined;
}

export function call(c: Ctx, node: Record<string, unknown>, scope: Scope, pointer: string): Typed | undefined {
  const fn = node.fn as string;
  const argv = node.argv;
  if (!Array.isArray(argv)) {
    c.at(`${pointer}/argv`, `${fn}: argv must be a list`);
    return undefined;
  }
  const arity = (n: number): boolean => {
    if (argv.length === n) return true;
    c.at(`${pointer}/argv`, `${fn} takes ${n} argument(s), got ${argv.length}`);
    return false;
  };
  const args = (): Typed[] | undefined => {
    const out: Typed[] = [];
    for (let i = 0; i < argv.length; i++) {
      const a = expr(c, argv[i], scope, `${pointer}/argv/${i}`);
      if (a === undefined) return undefined;
      out.push(a);
    }
    return out;
  };
  const want = (a: Typed, kind: Kind, i: number): boolean => {
    if (a.kind === kind) return true;
    c.at(`${pointer}/argv/${i}`, `${fn} wants a ${kind} here, got a ${a.kind}`);
    return false;
  };
  const runtime = (name: (typeof RUNTIME_NAMES)[number]): string => {
    c.usedRuntime.add(name);
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
        const lit =
          b.code === "true" || b.code === "false" ? [a, b.code] : a.code === "true" || a.code === "false" ? [b, a.code] : undefined;
        if (lit !== undefined && !(lit[0] as Typed).optional) {
          const value = lit[0] as Typed;
          const simple = /^[\w$.\[\]]+$/.test(value.code);
          return {
            code: lit[1] === "true" ? value.code : simple ? `!${value.code}` : `!(${value.code})`,
            kind: "boolean",
            optional: false,
          };
        }
      }
      return { code: `${a.code} === ${b.code}`, kind: "boolean", optional: false };
    }
    case "getAttr": {
      if (!arity(2)) return undefined;
      const target = expr(c, argv[0], scope, `${pointer}/argv/0`);
      if (target === undefined) return undefined;
      if (typeof argv[1] !== "string") {
        c.at(`${pointer}/argv/1`, "getAttr's path must be a string");
        return undefined;
      }
      return attrPath(c, target, argv[1], `${pointer}/argv/1`);
    }
    case "substring": {
      if (!arity(4)) return undefined;
      const list = args();
      if (!list) return undefined;
      if (!want(list[0]!, "string", 0) || !want(list[1]!, "number", 1) || !want(list[2]!, "number", 2) || !want(list[3]!, "boolean", 3))
        return undefined;
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
      c.at(`${pointer}/fn`, `unknown function ${JSON.stringify(fn)}`);
      return undefined;
  }
}

/** Lines that test a rule's conditions, breaking out of `label` when one fails; the scope after them. */
