// src/validators.ts: one exported `validate<Type>` per structure an operation sends or receives,
// compiled to plain checks because validation runs on every call (the one place where generated
// code beats a schema interpreter, see ARCHITECTURE principle 5).
//
// Shape of the output:
// - one checker function per structure, list and map reached from a validator, shared by all
//   validators.
// - a string shape with a pattern, checked at two or more members, elements or map values, gets
//   one `scalar_<Shape>` function holding its length and pattern rules with their messages, so
//   the reporting code and the pattern's text are written once, not at every use. The site keeps
//   the rules' tests and calls the function only when one fails: an unconditional call cost a
//   10-12% drop in throughput on a 50-item output (the calls used up the engine's inlining budget),
//   the guard costs nothing on valid values. Every other scalar rule is one comparison and stays
//   inline, as do enum checks (they differ between modes) and map key rules (their messages say
//   "key"); a shape checked at one place only stays inline, which is smaller.
// - a checker takes the value, the path stack, its own key in the parent, the issue list and,
//   when it runs in both modes and its rules differ between them, the mode. Paths are rendered
//   only when an issue is reported, so a valid value builds no strings.
// - a pattern that is one quantified character class not anchored at both ends
//   (`[A-Za-z0-9-_]+`, `^[a-z]{2}`) becomes a char-code loop that stops at the first characters
//   that decide; every other pattern is a RegExp compiled once at module load.
// Input mode (operation inputs): unknown members, values outside an enum and null are issues.
// Output mode: unknown members and enum values are tolerated (a newer service must not break an
// older client) and null counts as absent. A structure that is both input and output gets input
// mode, the stricter of the two.
// Messages never show a value: they name the rule and the model's limits only; keys of a map
// reached through anything sensitive are rendered `[*]` in paths.
import { readFileSync } from "node:fs";
import type { ListIR, MapIR, ScalarIR, ServiceIR, ShapeIR, StructureIR } from "../ir/types.js";
import { NameTable, toIdentifier } from "../naming.js";
import { Imports, MODULES, literal, shapeOf, type Emitter } from "./context.js";

type Container = StructureIR | ListIR | MapIR;
const isContainer = (s: ShapeIR): s is Container => s.kind === "structure" || s.kind === "list" || s.kind === "map";

/** The structures that get an exported validator, in name order. */
function validatedStructures(ir: ServiceIR): StructureIR[] {
  const out: StructureIR[] = [];
  for (const s of ir.shapes.values()) {
    if (s.kind === "structure" && !s.exception && (s.roles.has("input") || s.roles.has("output"))) out.push(s);
  }
  return out;
}

const nameCache = new WeakMap<ServiceIR, ReadonlyMap<string, string>>();

/**
 * The exported validator of a structure: `validate` + its type name. The package exports
 * operation and paginator functions under camelCase names too, so a validator name that equals
 * one of them, or a name already given to another validator, gets `_` (then `_2`, `_3`, ...),
 * claimed in shape-name order so every caller computes the same names.
 */
export function validatorName(ir: ServiceIR, shapeName: string): string {
  let names = nameCache.get(ir);
  if (!names) {
    const reserved: string[] = [];
    for (const op of ir.operations) {
      reserved.push(op.functionName);
      if (op.paginator) reserved.push(op.paginator.functionName);
    }
    const table = new NameTable(reserved);
    const map = new Map<string, string>();
    for (const s of validatedStructures(ir)) map.set(s.name, table.claim(`validate${s.typeName}`));
    nameCache.set(ir, (names = map));
  }
  const name = names.get(shapeName);
  if (name === undefined) throw new Error(`internal: shape ${shapeName} has no validator`);
  return name;
}

/** Which validator modes reach a checker: its code keeps only the rules those modes need. */
interface Modes {
  readonly input: boolean;
  readonly output: boolean;
}

/** How a value of one shape is checked; see `#valueCheck`. */
interface ValueCheck {
  readonly ok: string;
  /** The negation of `ok`, or "" when the value needs rules anyway. */
  readonly bad: string;
  readonly expected: string;
  readonly rules: readonly string[];
}

/** A rule: when `test` holds, `action` checks further and reports. */
interface Rule {
  readonly test: string;
  readonly action: string;
}

/** Where a value sits, as the arguments `report` and friends take: issues, path, key, member. */
interface Site {
  readonly args: string;
  /** The key a container checker is called with (the path stack already holds the parent). */
  readonly child: string;
  /** "key " for map keys, so their messages do not read as the value's. */
  readonly prefix: string;
}

/** Inside a shared scalar function: the site comes in as its parameters. */
const SCALAR_SITE: Site = { args: "issues, path, key, member", child: "", prefix: "" };

const PLAIN_PROPERTY = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** How a member is read: dot or bracket access, or an own-property read for inherited names. */
function memberRead(name: string, own: () => string): string {
  if (name in Object.prototype) return `${own()}(v, ${literal(name)})`;
  return PLAIN_PROPERTY.test(name) ? `v.${name}` : `v[${literal(name)}]`;
}

// ---------------------------------------------------------------------------------------------
// Patterns

type PatternPlan =
  | { readonly kind: "function" | "regexp"; readonly name: string; readonly declaration: string }
  | { readonly kind: "skip"; readonly comment: string };

interface CharClassPattern {
  /** Sorted, merged, inclusive code ranges; all in the BMP and outside the surrogates. */
  readonly ranges: Array<[number, number]>;
  readonly negated: boolean;
  readonly min: number;
  readonly max: number;
  readonly start: boolean;
  readonly end: boolean;
}

const DIGIT: Array<[number, number]> = [[48, 57]];
const WORD: Array<[number, number]> = [[48, 57], [65, 90], [95, 95], [97, 122]];
const SPACE: Array<[number, number]> = [
  [9, 13], [32, 32], [160, 160], [5760, 5760], [8192, 8202], [8232, 8233], [8239, 8239], [8287, 8287], [12288, 12288], [65279, 65279],
];
const SYNTAX_CHARS = "^$\\.*+?()[]{}|/-";
const CONTROL_ESCAPES: Record<string, number> = { t: 9, n: 10, v: 11, f: 12, r: 13 };

/**
 * Reads a pattern that is one character class with a quantifier, optionally anchored, in the
 * meaning it has with the `u` flag. Returns undefined for anything else, and for the cases where
 * testing UTF-16 units would differ from testing code points (so the RegExp stays in charge).
 */
export function parseCharClassPattern(pattern: string): CharClassPattern | undefined {
  let i = 0;
  const start = pattern.startsWith("^");
  if (start) i++;
  let ranges: Array<[number, number]> = [];
  let negated = false;

  // One escape inside or outside a class: a set of ranges, or undefined when unsupported.
  const escape = (inClass: boolean): Array<[number, number]> | undefined => {
    const c = pattern[i + 1];
    if (c === undefined) return undefined;
    i += 2;
    if (c === "d") return DIGIT;
    if (c === "w") return WORD;
    if (c === "s") return SPACE;
    const control = CONTROL_ESCAPES[c];
    if (control !== undefined) return [[control, control]];
    if (c === "b" && inClass) return [[8, 8]];
    if (c === "0" && !/[0-9]/.test(pattern[i] ?? "")) return [[0, 0]];
    if (c === "x" || c === "u") {
      const digits = c === "x" ? 2 : 4;
      const hex = pattern.slice(i, i + digits);
      if (!new RegExp(`^[0-9A-Fa-f]{${digits}}$`).test(hex)) return undefined;
      i += digits;
      const code = parseInt(hex, 16);
      return [[code, code]];
    }
    if (SYNTAX_CHARS.includes(c) && (c !== "-" || inClass)) return [[c.charCodeAt(0), c.charCodeAt(0)]];
    return undefined;
  };

  if (pattern[i] === "[") {
    i++;
    if (pattern[i] === "^") {
      negated = true;
      i++;
    }
    // Each atom: a single code (may start or end a range) or a set from \d, \w, \s.
    const atom = (): { code: number | undefined; set: Array<[number, number]> } | undefined => {
      const ch = pattern[i];
      if (ch === undefined || ch === "]") return undefined;
      if (ch === "\\") {
        const set = escape(true);
        if (!set) return undefined;
        const first = set[0]!;
        return { code: set.length === 1 && first[0] === first[1] ? first[0] : undefined, set };
      }
      const cp = pattern.codePointAt(i)!;
      if (cp > 0xffff) return undefined;
      i++;
      return { code: cp, set: [[cp, cp]] };
    };
    for (;;) {
      if (pattern[i] === undefined) return undefined;
      if (pattern[i] === "]") {
        i++;
        break;
      }
      const from = atom();
      if (!from) return undefined;
      if (pattern[i] === "-" && pattern[i + 1] !== "]" && pattern[i + 1] !== undefined) {
        i++;
        const to = atom();
        if (!to || from.code === undefined || to.code === undefined || to.code < from.code) return undefined;
        ranges.push([from.code, to.code]);
      } else {
        ranges.push(...from.set);
      }
    }
  } else if (pattern[i] === "\\") {
    const set = escape(false);
    if (!set) return undefined;
    ranges = [...set];
  } else {
    return undefined;
  }

  let min = 1;
  let max = 1;
  const q = pattern[i];
  if (q === "+" || q === "*" || q === "?") {
    min = q === "+" ? 1 : 0;
    max = q === "?" ? 1 : Infinity;
    i++;
  } else if (q === "{") {
    const m = /^\{(\d{1,6})(,(\d{0,6}))?\}/.exec(pattern.slice(i));
    if (!m) return undefined;
    min = Number(m[1]);
    max = m[2] === undefined ? min : m[3] === "" ? Infinity : Number(m[3]);
    if (max < min) return undefined;
    i += m[0].length;
  }
  const end = pattern[i] === "$";
  if (end) i++;
  if (i !== pattern.length || ranges.length === 0) return undefined;
  if (ranges.some(([a, b]) => b > 0xffff || (a <= 0xdfff && b >= 0xd800))) return undefined;
  // A negated class matches surrogate halves one by one: exact only for "at least one" and no upper bound.
  if (negated && (min > 1 || (start && end && max !== Infinity))) return undefined;
  return { ranges: mergeRanges(ranges), negated, min, max, start, end };
}

function mergeRanges(ranges: Array<[number, number]>): Array<[number, number]> {
  const sorted = [...ranges].sort((a, b) => a[0] - b[0]);
  const out: Array<[number, number]> = [];
  for (const [a, b] of sorted) {
    const last = out[out.length - 1];
    if (last && a <= last[1] + 1) last[1] = Math.max(last[1], b);
    else out.push([a, b]);
  }
  return out;
}

/**
 * The function body testing `s` against a character-class pattern that is not anchored at both
 * ends, or undefined when it always matches. Such a pattern is decided by the first few
 * characters that qualify, where a loop wins; a RegExp would consume the whole run first.
 */
function charClassBody(p: CharClassPattern): string | undefined {
  const terms = p.ranges.map(([a, b]) => (a === b ? `c === ${a}` : p.ranges.length > 1 ? `(c >= ${a} && c <= ${b})` : `c >= ${a} && c <= ${b}`));
  const inSet = terms.join(" || ");
  const inClass = p.negated ? `!(${inSet})` : inSet;
  const outOfClass = p.negated ? inSet : `!(${inSet})`;
  const read = "const c = s.charCodeAt(i);";
  if (p.min === 0) return undefined;
  if (p.start || p.end) {
    const from = p.start ? "0" : `s.length - ${p.min}`;
    const to = p.start ? `${p.min}` : "s.length";
    return [
      `  if (s.length < ${p.min}) return false;`,
      `  for (let i = ${from}; i < ${to}; i++) {`,
      `    ${read}`,
      `    if (${outOfClass}) return false;`,
      `  }`,
      `  return true;`,
    ].join("\n");
  }
  if (p.min === 1) {
    return [`  for (let i = 0; i < s.length; i++) {`, `    ${read}`, `    if (${inClass}) return true;`, `  }`, `  return false;`].join("\n");
  }
  return [
    `  let run = 0;`,
    `  for (let i = 0; i < s.length; i++) {`,
    `    ${read}`,
    `    if (${inClass}) {`,
    `      if (++run === ${p.min}) return true;`,
    `    } else run = 0;`,
    `  }`,
    `  return false;`,
  ].join("\n");
}

/**
 * The linear-time engine for patterns a backtracking engine could hang on: re2js (RE2 in plain
 * JavaScript, no native addon), in the range svcgen itself depends on, so a package generated
 * here resolves it from this repository and an installed one from its own dependencies.
 */
export const LINEAR_ENGINE = {
  name: "re2js",
  range: (JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { dependencies: Record<string, string> }).dependencies.re2js!,
  module: "npm:re2js",
} as const;

/**
 * Whether the package's validators check a pattern with the linear-time engine. Every string
 * shape an operation's input or output reaches is checked by some validator, so this is the
 * set the validators import for (or a superset, for a pattern only a JSON-value header holds).
 */
export function usesLinearPatterns(ir: ServiceIR): boolean {
  for (const s of ir.shapes.values()) {
    if (s.kind === "string" && s.regex?.re2 !== undefined && (s.roles.has("input") || s.roles.has("output"))) return true;
  }
  return false;
}

function planPattern(pattern: string, regex: ScalarIR["regex"], index: number, linear: () => string): PatternPlan {
  if (regex === undefined) return { kind: "skip", comment: `// The pattern ${literal(pattern)} has no JavaScript equivalent: values are not checked against it.` };
  if (regex.re2 !== undefined) {
    // A backtracking engine could take seconds on this pattern (ir/redos.ts): RE2 takes linear time.
    // Pure, so a bundle that never checks it leaves out the pattern and the engine with it.
    const name = `PATTERN${index}`;
    return { kind: "regexp", name, declaration: `// ${literal(pattern)}: checked in linear time\nconst ${name} = /* @__PURE__ */ ${linear()}.compile(${literal(regex.re2)});` };
  }
  // `^[class]+$` must scan the whole string, where the RegExp engine is about twice as fast as a
  // charCodeAt loop from 16 characters on (measured): only the other forms become loops.
  const simple = regex.flags === "u" ? parseCharClassPattern(regex.source) : undefined;
  if (simple && !(simple.start && simple.end)) {
    const body = charClassBody(simple);
    if (body === undefined) return { kind: "skip", comment: `// The pattern ${literal(pattern)} matches every string: no check needed.` };
    const name = `pattern${index}`;
    return { kind: "function", name, declaration: `// ${literal(pattern)}\nfunction ${name}(s: string): boolean {\n${body}\n}` };
  }
  const name = `PATTERN${index}`;
  return { kind: "regexp", name, declaration: `const ${name} = new RegExp(${literal(regex.source)}, ${literal(regex.flags)});` };
}

// ---------------------------------------------------------------------------------------------
// The emitter

class ValidatorWriter {
  readonly #ir: ServiceIR;
  readonly #imports: Imports;
  readonly #checkers = new Map<string, string>();
  readonly #modes = new Map<string, { input: boolean; output: boolean }>();
  /** Maps reached through something sensitive: their keys never appear in paths. */
  readonly #secretMaps = new Set<string>();
  readonly #patterns = new Map<string, PatternPlan>();
  readonly #enums = new Map<string, string>();
  readonly #takes = new Map<string, boolean>();
  /** How many members, elements and map values of each shape the checkers check. */
  readonly #uses = new Map<string, number>();
  /** Each string shape's shared function, or undefined when its rules stay inline. */
  readonly #scalars = new Map<string, { name: string; test: string } | undefined>();
  readonly #scalarNames = new NameTable();
  readonly #scalarDeclarations: string[] = [];
  readonly #constants: string[] = [];
  readonly #comments: string[] = [];

  constructor(ir: ServiceIR, imports: Imports) {
    this.#ir = ir;
    this.#imports = imports;
  }

  #rt(name: string): string {
    return this.#imports.use(name, MODULES.runtime("validate"));
  }

  #issueType(): string {
    return this.#imports.type("ValidationIssue", MODULES.runtime("errors"));
  }

  /** Walks from the validators: which containers need checkers, in which modes, and which maps hide keys. */
  plan(roots: readonly StructureIR[]): void {
    const walk = (start: string, mode: "input" | "output") => {
      const stack = [start];
      while (stack.length > 0) {
        const name = stack.pop()!;
        const s = shapeOf(this.#ir, name);
        if (!isContainer(s)) continue;
        let m = this.#modes.get(name);
        if (!m) this.#modes.set(name, (m = { input: false, output: false }));
        if (m[mode]) continue;
        m[mode] = true;
        if (s.kind === "structure") for (const member of s.members) stack.push(member.target);
        else if (s.kind === "list") stack.push(s.member);
        else stack.push(s.value);
      }
    };
    for (const r of roots) walk(r.name, r.roles.has("input") ? "input" : "output");

    const table = new NameTable();
    const use = (name: string) => this.#uses.set(name, (this.#uses.get(name) ?? 0) + 1);
    for (const s of this.#ir.shapes.values()) {
      if (!this.#modes.has(s.name)) continue;
      this.#checkers.set(s.name, table.claim(`check_${toIdentifier(s.name)}`));
      if (s.kind === "structure") {
        for (const m of s.members) if (!m.jsonvalue) use(m.target);
      } else if (s.kind === "list") use(s.member);
      else if (s.kind === "map") use(s.value);
    }

    // Sensitivity flows down: each shape is visited at most once per flag.
    const seen = new Set<string>();
    const stack: Array<[string, boolean]> = roots.map((r) => [r.name, false]);
    while (stack.length > 0) {
      const [name, inherited] = stack.pop()!;
      const s = shapeOf(this.#ir, name);
      const secret = inherited || s.sensitive;
      const id = `${secret ? 1 : 0}${name}`;
      if (seen.has(id)) continue;
      seen.add(id);
      if (s.kind === "structure") for (const m of s.members) stack.push([m.target, secret || m.sensitive]);
      else if (s.kind === "list") stack.push([s.member, secret]);
      else if (s.kind === "map") {
        if (secret || shapeOf(this.#ir, s.key).sensitive) this.#secretMaps.add(name);
        stack.push([s.value, secret]);
      }
    }
  }

  #pattern(pattern: string, regex: ScalarIR["regex"]): PatternPlan {
    let plan = this.#patterns.get(pattern);
    if (!plan) {
      plan = planPattern(pattern, regex, this.#patterns.size + 1, () => this.#imports.use("RE2JS", LINEAR_ENGINE.module));
      this.#patterns.set(pattern, plan);
      if (plan.kind === "skip") this.#comments.push(plan.comment);
      else this.#constants.push(plan.declaration);
    }
    return plan;
  }

  /** The module-level Set of an enum's values, shared by enums with the same values. */
  #enumSet(values: readonly string[]): string {
    const key = JSON.stringify(values);
    let name = this.#enums.get(key);
    if (!name) {
      name = `ENUM${this.#enums.size + 1}`;
      this.#enums.set(key, name);
      this.#constants.push(`const ${name}: ReadonlySet<string> = new Set([${values.map(literal).join(", ")}]);`);
    }
    return name;
  }

  /**
   * Whether a checker takes the mode: it runs in both modes and some rule under it differs
   * between them (structures always do: unknown members and null; lists and maps only through
   * their elements, or an enum key).
   */
  #takesMode(name: string): boolean {
    let known = this.#takes.get(name);
    if (known !== undefined) return known;
    const s = shapeOf(this.#ir, name);
    const m = this.#modes.get(name);
    if (!m || !(m.input && m.output) || !isContainer(s)) return false;
    if (s.kind === "structure") known = true;
    else {
      // A list or map that contains itself without a structure between is checked without the mode.
      this.#takes.set(name, false);
      const element = (t: string) => (isContainer(shapeOf(this.#ir, t)) ? this.#takesMode(t) : this.#isEnum(t));
      known = s.kind === "list" ? element(s.member) : element(s.value) || this.#isEnum(s.key);
    }
    this.#takes.set(name, known);
    return known;
  }

  #isEnum(name: string): boolean {
    const s = shapeOf(this.#ir, name);
    return s.kind === "string" && s.enum !== undefined;
  }

  /** The mode argument for calling `callee` from code running in `modes`. */
  #modeArg(callee: string, modes: Modes): string {
    if (!this.#takesMode(callee)) return "";
    return modes.input && modes.output ? ", input" : modes.input ? ", true" : ", false";
  }

  /** `cond` guarded so it only holds in input mode; undefined when input mode never runs here. */
  #inputOnly(cond: string, modes: Modes): string | undefined {
    if (!modes.input) return undefined;
    return modes.output ? `input && ${cond}` : cond;
  }

  /** Writes a `report` call at `site`. */
  #issue(site: Site): (constraint: string, message: string) => string {
    const report = this.#rt("report");
    return (constraint, message) => `${report}(${site.args}, ${literal(constraint)}, ${literal(site.prefix + message)});`;
  }

  /**
   * How to check a value `x` of shape `name`: `ok` holds for a value of the right type (which
   * `rules` then check further), `bad` is its negation, `expected` names the type for messages.
   */
  #valueCheck(name: string, site: Site, modes: Modes): ValueCheck {
    const s = shapeOf(this.#ir, name);
    const present = { ok: "x !== undefined && x !== null", bad: "x === undefined || x === null" };
    if (isContainer(s)) {
      const call = `${this.#checkers.get(name)!}(x, path, ${site.child}, issues${this.#modeArg(name, modes)});`;
      return { ...present, expected: s.kind === "list" ? "an array" : "an object", rules: [call] };
    }
    const typed = (type: string, expected: string, rules: string[] = []): ValueCheck => ({
      ok: `typeof x === "${type}"`,
      bad: `typeof x !== "${type}"`,
      expected,
      rules,
    });
    switch (s.kind) {
      case "string": {
        const shared = this.#scalarFunction(s);
        if (shared === undefined) return typed("string", "a string", this.#stringRules(s, site, modes, "x"));
        const call = `if (${shared.test}) ${shared.name}(x, ${site.args});`;
        return typed("string", "a string", [call, ...this.#enumRules(s, site, modes, "x")]);
      }
      case "boolean":
        return typed("boolean", "a boolean");
      case "byte":
      case "short":
      case "integer":
      case "long":
      case "bigInteger": {
        const rules = this.#rangeRules(s, site);
        return rules.length === 0
          ? { ok: "Number.isInteger(x)", bad: "!Number.isInteger(x)", expected: "an integer", rules }
          : { ok: `typeof x === "number" && Number.isInteger(x)`, bad: "", expected: "an integer", rules };
      }
      case "float":
      case "double":
      case "bigDecimal":
        return typed("number", "a number", this.#rangeRules(s, site));
      case "timestamp":
        return { ok: "x instanceof Date && !Number.isNaN(x.getTime())", bad: "!(x instanceof Date) || Number.isNaN(x.getTime())", expected: "a valid Date", rules: [] };
      case "blob": {
        // A streaming payload may be any body the transport accepts: only its presence is checked.
        if (s.streaming) return { ...present, expected: "a body", rules: [] };
        const rules: string[] = [];
        const min = s.min !== undefined && s.min > 0 ? s.min : undefined;
        if (min !== undefined || s.max !== undefined) {
          const bounds = [min !== undefined ? `x.byteLength < ${min}` : "", s.max !== undefined ? `x.byteLength > ${s.max}` : ""].filter((b) => b);
          rules.push(`if (${bounds.join(" || ")}) ${this.#rt("checkLength")}(${site.args}, x.byteLength, ${min ?? 0}, ${s.max ?? "Infinity"});`);
        }
        return { ok: "x instanceof Uint8Array", bad: "!(x instanceof Uint8Array)", expected: "a Uint8Array", rules };
      }
      case "document":
        return this.#jsonValueCheck();
    }
  }

  #jsonValueCheck(): ValueCheck {
    const isJson = this.#rt("isJsonValue");
    return { ok: `${isJson}(x)`, bad: `!${isJson}(x)`, expected: "a JSON value", rules: [] };
  }

  #rangeRules(s: ScalarIR, site: Site): string[] {
    if (s.min === undefined && s.max === undefined) return [];
    const bounds = [s.min !== undefined ? `x < ${s.min}` : "", s.max !== undefined ? `x > ${s.max}` : ""].filter((b) => b);
    return [`if (${bounds.join(" || ")}) ${this.#rt("checkRange")}(${site.args}, x, ${s.min ?? "-Infinity"}, ${s.max ?? "Infinity"});`];
  }

  /**
   * The shared function of string shape `s` (declared on first use), with the test that guards
   * its call; undefined when the rules stay inline: the shape is checked at one place only, or
   * has no pattern that needs checking.
   */
  #scalarFunction(s: ScalarIR): { name: string; test: string } | undefined {
    if (this.#scalars.has(s.name)) return this.#scalars.get(s.name);
    const pattern = (this.#uses.get(s.name) ?? 0) > 1 ? this.#patternRule(s, SCALAR_SITE, "x") : undefined;
    let fn: { name: string; test: string } | undefined;
    if (pattern !== undefined) {
      const rules = [...this.#lengthRule(s, SCALAR_SITE, "x"), pattern];
      fn = { name: this.#scalarNames.claim(`scalar_${toIdentifier(s.name)}`), test: rules.map((r) => r.test).join(" || ") };
      const rt = (n: string) => this.#imports.type(n, MODULES.runtime("validate"));
      const params = `x: string, issues: ${this.#issueType()}[], path: ${rt("Path")}, key: ${rt("PathKey")}, member: ${rt("PathKey")}`;
      this.#scalarDeclarations.push(`function ${fn.name}(${params}): void {\n${rules.map((r) => `  if (${r.test}) ${r.action}`).join("\n")}\n}`);
    }
    this.#scalars.set(s.name, fn);
    return fn;
  }

  /** Length, pattern and enum rules for the string in variable `x` (no type check). */
  #stringRules(s: ScalarIR, site: Site, modes: Modes, x: string): string[] {
    const pattern = this.#patternRule(s, site, x);
    const rules = [...this.#lengthRule(s, site, x), ...(pattern === undefined ? [] : [pattern])];
    return [...rules.map((r) => `if (${r.test}) ${r.action}`), ...this.#enumRules(s, site, modes, x)];
  }

  #lengthRule(s: ScalarIR, site: Site, x: string): Rule[] {
    const min = s.min !== undefined && s.min > 0 ? s.min : undefined;
    if (min === undefined && s.max === undefined) return [];
    // Code points lie between length / 2 and length: count them only when that range straddles a bound.
    const fast = [min !== undefined ? `${x}.length < ${2 * min - 1}` : "", s.max !== undefined ? `${x}.length > ${s.max}` : ""].filter((b) => b);
    const subject = site.prefix === "" ? "" : `, ${literal(site.prefix + "length")}`;
    const count = `${this.#rt("codePoints")}(${x})`;
    return [{ test: fast.join(" || "), action: `${this.#rt("checkLength")}(${site.args}, ${count}, ${min ?? 0}, ${s.max ?? "Infinity"}${subject});` }];
  }

  /** The pattern rule, or undefined when the shape has no pattern or it cannot or need not be checked. */
  #patternRule(s: ScalarIR, site: Site, x: string): Rule | undefined {
    if (s.pattern === undefined) return undefined;
    const plan = this.#pattern(s.pattern, s.regex);
    const test = plan.kind === "function" ? `!${plan.name}(${x})` : plan.kind === "regexp" ? `!${plan.name}.test(${x})` : undefined;
    return test === undefined ? undefined : { test, action: this.#issue(site)("pattern", `must match the pattern ${s.pattern}`) };
  }

  /** The enum rule, in input mode only. */
  #enumRules(s: ScalarIR, site: Site, modes: Modes, x: string): string[] {
    if (s.enum === undefined || !modes.input) return [];
    const values = this.#enumSet(s.enum);
    const cond = this.#inputOnly(`!${values}.has(${x})`, modes)!;
    const subject = site.prefix === "" ? "" : `, ${literal(site.prefix.trim())}`;
    return [`if (${cond}) ${this.#rt("reportEnum")}(${site.args}, ${values}${subject});`];
  }

  /**
   * The check of one member, element or map value in `x`. `absent` says what null and undefined
   * mean there: "optional" (fine: a null member is left out, as the protocols say), "required",
   * "element" (a value is needed) or "sparse" (null is a value).
   */
  #site(target: string, site: Site, modes: Modes, absent: "optional" | "required" | "element" | "sparse", check?: ValueCheck): string[] {
    const c = check ?? this.#valueCheck(target, site, modes);
    const rules = c.rules;
    const needed = absent === "required" || absent === "element";
    const reportValue = () => `${this.#rt("reportValue")}(${site.args}, x, ${literal(c.expected)}, ${absent === "required"});`;
    // When a value that fails `ok` still deserves no issue: an absent one, where absence is fine.
    const excuse = needed ? "" : "x !== undefined && x !== null";
    if (rules.length === 0 && c.bad !== "") {
      const cond = excuse === "" ? c.bad : `${excuse} && ${c.bad.includes("||") ? `(${c.bad})` : c.bad}`;
      return [`if (${cond}) ${reportValue()}`];
    }
    const containerCheck = c.ok === "x !== undefined && x !== null";
    // Only a null or undefined container fails `ok`: where absence is fine, nothing to report.
    if (containerCheck && excuse !== "") return [`if (${c.ok}) ${rules.join(" ")}`];
    const lines = [`if (${c.ok}) {`, ...rules.map((r) => `  ${r}`), `} else ${excuse === "" ? "" : `if (${excuse}) `}${reportValue()}`];
    return lines;
  }

  /** A checker for a structure, list or map. */
  checker(s: Container): string {
    const modes = this.#modes.get(s.name)!;
    const params = [
      "v: unknown",
      `path: ${this.#imports.type("Path", MODULES.runtime("validate"))}`,
      `key: ${this.#imports.type("PathKey", MODULES.runtime("validate"))}`,
      `issues: ${this.#issueType()}[]`,
      ...(this.#takesMode(s.name) ? ["input: boolean"] : []),
    ];
    const body = s.kind === "structure" ? this.#structureBody(s, modes) : s.kind === "list" ? this.#listBody(s, modes) : this.#mapBody(s, modes);
    return `function ${this.#checkers.get(s.name)!}(${params.join(", ")}): void {\n${body.map((l) => `  ${l}`).join("\n")}\n}`;
  }

  #typeGuard(test: string, expected: string): string[] {
    return [`if (!${test}) return ${this.#rt("report")}(issues, path, key, undefined, "type", ${literal(`must be ${expected}`)});`];
  }

  #structureBody(s: StructureIR, modes: Modes): string[] {
    const lines = this.#typeGuard(`${this.#rt("isRecord")}(v)`, "an object");
    // Push this value's key once when some member descends; otherwise report with `key` directly.
    const pushed = s.members.some((m) => isContainer(shapeOf(this.#ir, m.target)));
    const here = pushed ? "undefined" : "key";
    if (pushed) lines.push("path.push(key);");
    if (s.members.length > 0) lines.push("let x: unknown;");
    if (s.union) lines.push("let set = 0;");
    for (const m of s.members) {
      const name = literal(m.name);
      lines.push(`x = ${memberRead(m.name, () => this.#rt("own"))};`);
      const site = { args: `issues, path, ${here}, ${name}`, child: name, prefix: "" };
      // A union counts the members given, whatever their type: a wrong type is its own issue.
      if (s.union) lines.push("if (x !== undefined && x !== null) set++;");
      lines.push(...this.#site(m.target, site, modes, m.required ? "required" : "optional", m.jsonvalue ? this.#jsonValueCheck() : undefined));
    }
    if (s.union) {
      const inputCond = "set !== 1";
      const outputCond = `set > 1 || (set === 0 && !${this.#rt("hasKeys")}(v))`;
      const cond = modes.input && modes.output ? `input ? ${inputCond} : ${outputCond}` : modes.input ? inputCond : outputCond;
      lines.push(`if (${cond}) ${this.#rt("report")}(issues, path, ${here}, undefined, "union", \`exactly one member must be set, found \${set}\`);`);
    }
    if (modes.input) {
      const known = `KNOWN_${this.#checkers.get(s.name)!.slice("check_".length)}`;
      this.#constants.push(`const ${known}: ReadonlySet<string> = new Set([${s.members.map((m) => literal(m.name)).join(", ")}]);`);
      const loop = `for (const k in v) if (!${known}.has(k)) ${this.#rt("reportUnknown")}(issues, path, ${here}, k, ${known});`;
      lines.push(modes.output ? `if (input) ${loop}` : loop);
    }
    if (pushed) lines.push("path.pop();");
    return lines;
  }

  #listBody(s: ListIR, modes: Modes): string[] {
    const lines = this.#typeGuard("Array.isArray(v)", "an array");
    const min = s.min !== undefined && s.min > 0 ? s.min : undefined;
    if (min !== undefined || s.max !== undefined) {
      const bounds = [min !== undefined ? `v.length < ${min}` : "", s.max !== undefined ? `v.length > ${s.max}` : ""].filter((b) => b);
      lines.push(`if (${bounds.join(" || ")}) ${this.#rt("checkSize")}(issues, path, key, v.length, ${min ?? 0}, ${s.max ?? "Infinity"});`);
    }
    const pushed = isContainer(shapeOf(this.#ir, s.member));
    const site = { args: `issues, path, ${pushed ? "undefined" : "key"}, i`, child: "i", prefix: "" };
    const check = this.#site(s.member, site, modes, s.sparse ? "sparse" : "element");
    if (pushed) lines.push("path.push(key);");
    lines.push(`for (let i = 0; i < v.length; i++) {`, `  const x: unknown = v[i];`, ...check.map((l) => `  ${l}`), `}`);
    if (pushed) lines.push("path.pop();");
    return lines;
  }

  #mapBody(s: MapIR, modes: Modes): string[] {
    const lines = this.#typeGuard(`${this.#rt("isRecord")}(v)`, "an object");
    const min = s.min !== undefined && s.min > 0 ? s.min : undefined;
    const sized = min !== undefined || s.max !== undefined;
    const marker = this.#rt(this.#secretMaps.has(s.name) ? "SECRET_KEY" : "MAP_KEY");
    const site = { args: "issues, path, undefined, k", child: "k", prefix: "" };
    const keyShape = shapeOf(this.#ir, s.key);
    // Keys are strings by construction: only the key shape's length, pattern and enum remain.
    const keyRules = keyShape.kind === "string" ? this.#stringRules(keyShape, { ...site, prefix: "key " }, modes, "k") : [];
    if (sized) lines.push("let size = 0;");
    lines.push(`path.push(key, ${marker});`, `for (const k in v) {`);
    if (sized) lines.push("  size++;");
    lines.push(...keyRules.map((l) => `  ${l}`), `  const x = v[k];`);
    lines.push(...this.#site(s.value, site, modes, s.sparse ? "sparse" : "element").map((l) => `  ${l}`));
    lines.push(`}`, `path.pop();`, `path.pop();`);
    if (sized) {
      const bounds = [min !== undefined ? `size < ${min}` : "", s.max !== undefined ? `size > ${s.max}` : ""].filter((b) => b);
      lines.push(`if (${bounds.join(" || ")}) ${this.#rt("checkSize")}(issues, path, key, size, ${min ?? 0}, ${s.max ?? "Infinity"});`);
    }
    return lines;
  }

  validator(s: StructureIR): string {
    const input = s.roles.has("input");
    const name = validatorName(this.#ir, s.name);
    const mode = this.#takesMode(s.name) ? `, ${input}` : "";
    // Type names are identifiers, so the one-line comment cannot be broken by them.
    return `/** The issues in \`value\` read as a \`${s.typeName}\` (${input ? "input" : "output"} rules); empty when valid. */
export function ${name}(value: unknown): ${this.#issueType()}[] {
  return ${this.#rt("collect")}(${this.#checkers.get(s.name)!}, value${mode});
}`;
  }

  /** Everything after the imports, once validators and checkers are written. */
  render(validators: string[], checkers: string[]): string {
    const head = [...this.#comments, ...this.#constants];
    const parts = [head.join("\n"), validators.join("\n\n"), checkers.join("\n\n"), this.#scalarDeclarations.join("\n\n")];
    return parts.filter((p) => p !== "").join("\n\n");
  }

  checkerShapes(): Container[] {
    const out: Container[] = [];
    for (const name of this.#checkers.keys()) out.push(shapeOf(this.#ir, name) as Container);
    return out;
  }
}

export const emitValidators: Emitter = (ir, ctx) => {
  const imports = new Imports(MODULES.validators);
  const writer = new ValidatorWriter(ir, imports);
  const roots = validatedStructures(ir);
  writer.plan(roots);
  const checkers = writer.checkerShapes().map((s) => writer.checker(s));
  const validators = roots.map((s) => writer.validator(s));
  const body = writer.render(validators, checkers);
  const head = imports.render();
  // A model without operations has nothing to validate; the file must still be a module.
  if (body === "") return [{ path: MODULES.validators, content: `${ctx.banner}\nexport {};\n` }];
  return [{ path: MODULES.validators, content: `${ctx.banner}\n${head}${head ? "\n\n" : ""}${body}\n` }];
};
