// The validator writer: plans which checkers the validators need and in which modes, then writes
// each checker, scalar function and module constant. Internal helpers are named one way,
// `<role>_<Subject>`: check_<Shape>, scalar_<Shape>, known_<Shape>, pattern_<n>, enum_<n>.
import type { ListIR, MapIR, ScalarIR, ServiceIR, ShapeIR, StructureIR } from "../../ir/types.js";
import { NameTable, toIdentifier } from "../../naming.js";
import { MODULES, literal } from "../kit/file.js";
import type { Imports } from "../kit/imports.js";
import { LINEAR_ENGINE } from "../kit/linear-engine.js";
import { shapeOf } from "../kit/shapes.js";
import { internalSymbols, validatorName } from "../kit/symbols.js";
import { ValidatorPlan, isContainer, type Container, type Modes } from "./plan.js";
import { charClassBody, parseCharClassPattern, planPattern, type PatternPlan } from "./patterns.js";

/** How a value of one shape is checked; see `#valueCheck`. */
interface ValueCheck {
  readonly ok: string;
  /** The negation of `ok`, or "" when the value needs rules anyway. */
  readonly bad: string;
  readonly expected: string;
  /** An expression for `expected` where it depends on the mode (`input` in scope). */
  readonly expectedCode?: string;
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

export class ValidatorWriter {
  readonly #ir: ServiceIR;
  readonly #imports: Imports;
  #plan!: ValidatorPlan;
  readonly #patterns = new Map<string, PatternPlan>();
  readonly #enums = new Map<string, string>();
  /** Each string shape's shared function, or undefined when its rules stay inline. */
  readonly #scalars = new Map<string, { name: string; test: string } | undefined>();
  /** One name space for every internal helper of the module, validators reserved. */
  readonly #names: NameTable;
  readonly #scalarDeclarations: string[] = [];
  readonly #constants: string[] = [];
  readonly #comments: string[] = [];

  constructor(ir: ServiceIR, imports: Imports) {
    this.#ir = ir;
    this.#imports = imports;
    this.#names = new NameTable(internalSymbols(ir).validator.values());
  }

  #rt(name: string): string {
    return this.#imports.use(name, MODULES.runtime("validate"));
  }

  #issueType(): string {
    return this.#imports.type("ValidationIssue", MODULES.runtime("errors"));
  }

  /** Walks from the validators (see ValidatorPlan). */
  plan(roots: readonly StructureIR[]): void {
    this.#plan = new ValidatorPlan(this.#ir, roots, this.#names);
  }

  #pattern(pattern: string, regex: ScalarIR["regex"]): PatternPlan {
    let plan = this.#patterns.get(pattern);
    if (!plan) {
      plan = planPattern(pattern, regex, this.#names.claim(`pattern_${this.#patterns.size + 1}`), () =>
        this.#imports.use("RE2JS", LINEAR_ENGINE.module),
      );
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
      name = this.#names.claim(`enum_${this.#enums.size + 1}`);
      this.#enums.set(key, name);
      this.#constants.push(`const ${name}: ReadonlySet<string> = new Set([${values.map(literal).join(", ")}]);`);
    }
    return name;
  }

  /** The mode argument for calling `callee` from code running in `modes`. */
  #modeArg(callee: string, modes: Modes): string {
    if (!this.#plan.takesMode(callee)) return "";
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
    // An event stream is sent (or read) one event at a time: only its presence is checked here.
    if (s.kind === "structure" && s.eventStream) return { ...present, expected: "an AsyncIterable of events", rules: [] };
    if (isContainer(s)) {
      const call = `${this.#plan.checkers.get(name)!}(x, path, ${site.child}, issues${this.#modeArg(name, modes)});`;
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
        return {
          ok: "x instanceof Date && !Number.isNaN(x.getTime())",
          bad: "!(x instanceof Date) || Number.isNaN(x.getTime())",
          expected: "a valid Date",
          rules: [],
        };
      case "blob": {
        // A streaming payload may be any body the transport accepts: only its presence is checked.
        if (s.streaming) return { ...present, expected: "a body", rules: [] };
        // An input may give a blob as bytes or as a string (sent UTF-8 encoded); outputs hold bytes.
        const rules: string[] = [];
        const length = modes.input ? `${this.#rt("blobLength")}(x)` : "x.byteLength";
        const min = s.min !== undefined && s.min > 0 ? s.min : undefined;
        if (min !== undefined || s.max !== undefined) {
          const bounds = [min !== undefined ? `${length} < ${min}` : "", s.max !== undefined ? `${length} > ${s.max}` : ""].filter(
            (b) => b,
          );
          rules.push(
            `if (${bounds.join(" || ")}) ${this.#rt("checkLength")}(${site.args}, ${length}, ${min ?? 0}, ${s.max ?? "Infinity"});`,
          );
        }
        if (!modes.input) return { ok: "x instanceof Uint8Array", bad: "!(x instanceof Uint8Array)", expected: "a Uint8Array", rules };
        const isInput = this.#rt("isBlobInput");
        if (!modes.output) return { ok: `${isInput}(x)`, bad: `!${isInput}(x)`, expected: "a Uint8Array or a string", rules };
        return {
          ok: `${isInput}(x) && (input || typeof x !== "string")`,
          bad: `!${isInput}(x) || (!input && typeof x === "string")`,
          expected: "a Uint8Array or a string",
          expectedCode: `input ? "a Uint8Array or a string" : "a Uint8Array"`,
          rules,
        };
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
    const pattern = (this.#plan.uses.get(s.name) ?? 0) > 1 ? this.#patternRule(s, SCALAR_SITE, "x") : undefined;
    let fn: { name: string; test: string } | undefined;
    if (pattern !== undefined) {
      const rules = [...this.#lengthRule(s, SCALAR_SITE, "x"), pattern];
      fn = { name: this.#names.claim(`scalar_${toIdentifier(s.name)}`), test: rules.map((r) => r.test).join(" || ") };
      const rt = (n: string) => this.#imports.type(n, MODULES.runtime("validate"));
      const params = `x: string, issues: ${this.#issueType()}[], path: ${rt("Path")}, key: ${rt("PathKey")}, member: ${rt("PathKey")}`;
      this.#scalarDeclarations.push(
        `function ${fn.name}(${params}): void {\n${rules.map((r) => `  if (${r.test}) ${r.action}`).join("\n")}\n}`,
      );
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
    const fast = [min !== undefined ? `${x}.length < ${2 * min - 1}` : "", s.max !== undefined ? `${x}.length > ${s.max}` : ""].filter(
      (b) => b,
    );
    const subject = site.prefix === "" ? "" : `, ${literal(site.prefix + "length")}`;
    const count = `${this.#rt("codePoints")}(${x})`;
    return [
      {
        test: fast.join(" || "),
        action: `${this.#rt("checkLength")}(${site.args}, ${count}, ${min ?? 0}, ${s.max ?? "Infinity"}${subject});`,
      },
    ];
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
    const reportValue = () =>
      `${this.#rt("reportValue")}(${site.args}, x, ${c.expectedCode ?? literal(c.expected)}, ${absent === "required"});`;
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
    const modes = this.#plan.modes.get(s.name)!;
    const params = [
      "v: unknown",
      `path: ${this.#imports.type("Path", MODULES.runtime("validate"))}`,
      `key: ${this.#imports.type("PathKey", MODULES.runtime("validate"))}`,
      `issues: ${this.#issueType()}[]`,
      ...(this.#plan.takesMode(s.name) ? ["input: boolean"] : []),
    ];
    const body =
      s.kind === "structure" ? this.#structureBody(s, modes) : s.kind === "list" ? this.#listBody(s, modes) : this.#mapBody(s, modes);
    return `function ${this.#plan.checkers.get(s.name)!}(${params.join(", ")}): void {\n${body.map((l) => `  ${l}`).join("\n")}\n}`;
  }

  #typeGuard(test: string, expected: string): string[] {
    return [`if (!${test}) return ${this.#rt("report")}(issues, path, key, undefined, "type", ${literal(`must be ${expected}`)});`];
  }

  #structureBody(s: StructureIR, modes: Modes): string[] {
    const lines = this.#typeGuard(`${this.#rt("isRecord")}(v)`, "an object");
    // Push this value's key once when some member descends; otherwise report with `key` directly.
    const pushed = s.members.some((m) => isContainer(m.shape));
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
      lines.push(
        ...this.#site(m.target, site, modes, m.required ? "required" : "optional", m.jsonvalue ? this.#jsonValueCheck() : undefined),
      );
    }
    if (s.union) {
      const inputCond = "set !== 1";
      const outputCond = `set > 1 || (set === 0 && !${this.#rt("hasKeys")}(v))`;
      const cond = modes.input && modes.output ? `input ? ${inputCond} : ${outputCond}` : modes.input ? inputCond : outputCond;
      lines.push(
        `if (${cond}) ${this.#rt("report")}(issues, path, ${here}, undefined, "union", \`exactly one member must be set, found \${set}\`);`,
      );
    }
    if (modes.input) {
      const known = this.#names.claim(`known_${toIdentifier(s.name)}`);
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
    const pushed = isContainer(s.memberShape);
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
    const marker = this.#rt(this.#plan.secretMaps.has(s.name) ? "SECRET_KEY" : "MAP_KEY");
    const site = { args: "issues, path, undefined, k", child: "k", prefix: "" };
    const keyShape = s.keyShape;
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
    const mode = this.#plan.takesMode(s.name) ? `, ${input}` : "";
    // Type names are identifiers, so the one-line comment cannot be broken by them.
    return `/** The issues in \`value\` read as a \`${s.typeName}\` (${input ? "input" : "output"} rules); empty when valid. */
export function ${name}(value: unknown): ${this.#issueType()}[] {
  return ${this.#rt("collect")}(${this.#plan.checkers.get(s.name)!}, value${mode});
}`;
  }

  /** Everything after the imports, once validators and checkers are written. */
  render(validators: string[], checkers: string[]): string {
    const head = [...this.#comments, ...this.#constants];
    const parts = [head.join("\n"), validators.join("\n\n"), checkers.join("\n\n"), this.#scalarDeclarations.join("\n\n")];
    return parts.filter((p) => p !== "").join("\n\n");
  }

  checkerShapes(): Container[] {
    return this.#plan.checkerShapes();
  }
}
