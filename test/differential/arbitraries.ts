// fast-check arbitraries derived from a service's IR: operation inputs that respect the model's
// constraints (lengths in code points, patterns, ranges, enums, list and map sizes, unions with
// exactly one member), and outputs and modelled errors to answer with. Where a value travels
// (body, header, URI label, query) narrows it to what that place can carry.
import fc from "fast-check";
import type { ListIR, MapIR, MemberIR, OperationIR, ScalarIR, ServiceIR, ShapeIR, StructureIR } from "../../generator/ir/types.js";

/** Body values may be any text; a header carries visible ASCII only (HTTP field values). */
type Place = "body" | "header" | "uri" | "query";
type Role = "input" | "output";

/** Optional members stop being generated below this depth; recursion ends at HARD_DEPTH. */
const SOFT_DEPTH = 4;
const HARD_DEPTH = 12;
/** Lists and maps stay short: the wire rules are the same for 3 items as for 300. */
const MAX_ITEMS = 3;
/** Strings stay short unless the model's minimum says otherwise. */
const MAX_CHARS = 20;
const EARLIEST = Date.UTC(1960, 0, 1);
const LATEST = Date.UTC(2100, 0, 1);

/** A required value no generated string can satisfy (a pattern we cannot produce). */
export class UnsatisfiableShape extends Error {
  override readonly name = "UnsatisfiableShape";
}

/** One planned response: an output to return, or a modelled error to raise. */
export type PlannedReply =
  | { readonly kind: "output"; readonly value: Record<string, unknown> }
  | { readonly kind: "error"; readonly shape: string; readonly value: Record<string, unknown>; readonly style: number };

export interface Case {
  readonly input: Record<string, unknown>;
  readonly reply: PlannedReply;
}

const codePoints = (s: string): number => {
  let n = 0;
  for (const _ of s) n++;
  return n;
};

const VISIBLE_ASCII = fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c));
/** Characters that percent-encoding, JSON escaping or UTF-8 treat specially. */
const AWKWARD = fc.constantFrom(
  " ",
  "/",
  "%",
  "+",
  "?",
  "&",
  "=",
  "#",
  "~",
  "!",
  "*",
  "'",
  "(",
  ")",
  ":",
  "@",
  ",",
  ";",
  "$",
  "[",
  "]",
  '"',
  "\\",
  "\n",
  "\t",
  "\u0000",
  "\u007f",
  "é",
  "ß",
  "中",
  "\u00a0",
  "\u2028",
  "😀",
  "\u{10ffff}",
);
const BODY_CHAR = fc.oneof(
  { weight: 6, arbitrary: VISIBLE_ASCII },
  { weight: 2, arbitrary: AWKWARD },
  { weight: 1, arbitrary: fc.string({ unit: "binary", minLength: 1, maxLength: 1 }) },
);
const HEADER_CHAR = fc.oneof(
  { weight: 6, arbitrary: VISIBLE_ASCII },
  { weight: 1, arbitrary: fc.constantFrom(" ", ",", '"', "%", "/", "=", ";") },
);
/** Label values that path normalisation or percent-encoding could treat differently. */
const LABEL_EDGES = [".", "..", "a/b", "a//b", "/a", "a b", "%2F", "~user", "é", "a+b", "*"];

/**
 * fast-check's string builders index every character a class allows once per instance (about a
 * quarter second for `.` or `\S`): one instance per pattern and size, shared by every shape.
 */
const MATCHERS = new Map<string, fc.Arbitrary<string>>();

function matcher(regex: RegExp, maxLength: number, size: "small" | "medium" | "large" | "xlarge"): fc.Arbitrary<string> {
  const key = `${regex.flags}/${maxLength}/${size}/${regex.source}`;
  let arb = MATCHERS.get(key);
  if (arb === undefined) {
    try {
      arb = fc.stringMatching(regex, { maxLength, size });
    } catch {
      arb = fc.string({ unit: BODY_CHAR, maxLength: MAX_CHARS, size });
    }
    MATCHERS.set(key, arb);
  }
  return arb;
}

const clamp = (n: number, min: number, max: number): number => Math.min(max, Math.max(min, n));

function intBounds(kind: string): [number, number] {
  switch (kind) {
    case "byte":
      return [-128, 127];
    case "short":
      return [-32768, 32767];
    case "integer":
      return [-(2 ** 31), 2 ** 31 - 1];
    default:
      return [Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER];
  }
}

export class Arbitraries {
  readonly #ir: ServiceIR;
  readonly #role: Role;
  readonly #memo = new Map<string, fc.Arbitrary<unknown>>();

  readonly #given: Readonly<Record<string, fc.Arbitrary<unknown>>>;

  /** `given`: values for shapes whose rules live outside the model (S3 bucket names), by shape name. */
  constructor(ir: ServiceIR, role: Role, given: Readonly<Record<string, fc.Arbitrary<unknown>>> = {}) {
    this.#ir = ir;
    this.#role = role;
    this.#given = given;
  }

  #shape(name: string): ShapeIR {
    const shape = this.#ir.shapes.get(name);
    if (shape === undefined) throw new Error(`shape ${name} is not in the IR`);
    return shape;
  }

  /** The value of a member, given where it travels. */
  value(target: string, place: Place, depth: number): fc.Arbitrary<unknown> {
    if (Object.hasOwn(this.#given, target)) return this.#given[target]!;
    const shape = this.#shape(target);
    // A scalar is the same at any depth; containers change at the depth limits.
    const container = shape.kind === "structure" || shape.kind === "list" || shape.kind === "map";
    const key = container ? `${target}|${place}|${Math.min(depth, SOFT_DEPTH + 1)}|${depth >= HARD_DEPTH}` : `${target}|${place}`;
    let arb = this.#memo.get(key);
    if (arb === undefined) {
      arb = this.#build(shape, place, depth);
      this.#memo.set(key, arb);
    }
    return arb;
  }

  #build(shape: ShapeIR, place: Place, depth: number): fc.Arbitrary<unknown> {
    switch (shape.kind) {
      case "structure":
        return this.structure(shape, depth, shape.union ? "union" : "nested");
      case "list":
        return this.#list(shape, place, depth);
      case "map":
        return this.#map(shape, place, depth);
      default:
        return this.#scalar(shape, place);
    }
  }

  /**
   * A structure's members. "top" applies HTTP bindings (each member in its own place, no status
   * code on input); "nested" and "union" put everything in the body.
   */
  structure(shape: StructureIR, depth: number, mode: "top" | "nested" | "union"): fc.Arbitrary<Record<string, unknown>> {
    if (depth >= HARD_DEPTH) return fc.constant({});
    const members = shape.members.filter((m) => mode !== "top" || this.#role === "output" || m.location !== "statusCode");
    if (mode === "union") {
      if (members.length === 0) return fc.constant({});
      return fc.oneof(...members.map((m) => this.value(m.target, "body", depth + 1).map((v) => ({ [m.name]: v }))));
    }
    const model: Record<string, fc.Arbitrary<unknown>> = {};
    const required: string[] = [];
    for (const m of members) {
      if (!m.required && depth >= SOFT_DEPTH) continue;
      model[m.name] = this.#member(shape, m, mode, depth);
      if (m.required) required.push(m.name);
    }
    return fc.record(model, { requiredKeys: required }) as fc.Arbitrary<Record<string, unknown>>;
  }

  #member(parent: StructureIR, m: MemberIR, mode: "top" | "nested", depth: number): fc.Arbitrary<unknown> {
    if (mode === "top" && m.location === "statusCode") return fc.constantFrom(200, 201, 202);
    if (mode === "top" && m.location === "headers") return this.#prefixHeaders(m);
    if (m.jsonvalue) return fc.dictionary(fc.string({ maxLength: 6 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 });
    const place: Place =
      mode !== "top" || m.location === undefined
        ? "body"
        : m.location === "uri"
          ? "uri"
          : m.location === "querystring"
            ? "query"
            : "header";
    // The payload member is the whole body; a structure payload is one JSON document.
    if (parent.payload === m.name) return this.value(m.target, "body", depth + 1);
    return this.value(m.target, place, depth + 1);
  }

  /** A `headers` map: keys are lower-case tokens (header names), values visible ASCII. */
  #prefixHeaders(m: MemberIR): fc.Arbitrary<unknown> {
    const map = this.#shape(m.target);
    if (map.kind !== "map") return fc.constant({});
    const key = fc.string({
      unit: fc.constantFrom(..."abcdefghijklmnopqrstuvwxyz0123456789-"),
      minLength: 1,
      maxLength: 8,
    });
    const value = this.value(map.value, "header", SOFT_DEPTH);
    return fc
      .uniqueArray(fc.tuple(key, value), { selector: ([k]) => k, maxLength: MAX_ITEMS })
      .map((entries) => Object.fromEntries(entries));
  }

  #list(shape: ListIR, place: Place, depth: number): fc.Arbitrary<unknown> {
    const min = shape.min ?? 0;
    const max = depth >= SOFT_DEPTH ? min : Math.max(min, Math.min(shape.max ?? MAX_ITEMS, MAX_ITEMS));
    return fc.array(this.value(shape.member, place === "uri" ? "query" : place, depth + 1), {
      minLength: min,
      maxLength: max,
    });
  }

  #map(shape: MapIR, place: Place, depth: number): fc.Arbitrary<unknown> {
    const min = shape.min ?? 0;
    const max = depth >= SOFT_DEPTH ? min : Math.max(min, Math.min(shape.max ?? MAX_ITEMS, MAX_ITEMS));
    // Query maps spread their keys over the query string: keep keys plain so they stay apart from bound keys.
    const keyPlace: Place = place === "body" ? "body" : "query";
    const entry = fc.tuple(this.value(shape.key, keyPlace, depth + 1) as fc.Arbitrary<string>, this.value(shape.value, place, depth + 1));
    return fc.uniqueArray(entry, { selector: ([k]) => k, minLength: min, maxLength: max }).map((entries) => Object.fromEntries(entries));
  }

  #scalar(shape: ScalarIR, place: Place): fc.Arbitrary<unknown> {
    switch (shape.kind) {
      case "string":
        return this.#string(shape, place);
      case "boolean":
        return fc.boolean();
      case "byte":
      case "short":
      case "integer":
      case "long":
      case "bigInteger": {
        const [lo, hi] = intBounds(shape.kind);
        const min = Math.max(lo, Math.ceil(shape.min ?? lo));
        const max = Math.min(hi, Math.floor(shape.max ?? hi));
        const small = fc.integer({ min: clamp(-1000, min, max), max: clamp(1000, min, max) });
        if (min >= -(2 ** 31) && max <= 2 ** 31 - 1)
          return fc.oneof({ weight: 3, arbitrary: small }, { weight: 1, arbitrary: fc.integer({ min, max }) });
        return fc.oneof({ weight: 3, arbitrary: small }, { weight: 1, arbitrary: fc.maxSafeInteger().map((n) => clamp(n, min, max)) });
      }
      case "float":
      case "double":
      case "bigDecimal": {
        const bounded = shape.min !== undefined || shape.max !== undefined;
        const finite = fc.double({
          min: shape.min ?? -1e300,
          max: shape.max ?? 1e300,
          noNaN: true,
          noDefaultInfinity: true,
        });
        // Quarters are exact in binary and in decimal text: values every writer prints the same way.
        const lo = Math.max(-4000, Math.ceil((shape.min ?? -1000) * 4));
        const hi = Math.min(4000, Math.floor((shape.max ?? 1000) * 4));
        const simple = lo <= hi ? fc.integer({ min: lo, max: hi }).map((n) => n / 4) : finite;
        if (bounded || shape.kind === "bigDecimal") return fc.oneof(simple, finite);
        return fc.oneof(
          { weight: 4, arbitrary: simple },
          { weight: 4, arbitrary: finite },
          { weight: 1, arbitrary: fc.constantFrom(Number.NaN, Infinity, -Infinity) },
        );
      }
      case "timestamp":
        return fc.oneof(
          fc.integer({ min: EARLIEST / 1000, max: LATEST / 1000 }).map((s) => new Date(s * 1000)),
          fc.integer({ min: EARLIEST, max: LATEST }).map((ms) => new Date(ms)),
        );
      case "blob": {
        const min = shape.min ?? 0;
        return fc.uint8Array({ minLength: min, maxLength: Math.max(min, Math.min(shape.max ?? 24, 24)) });
      }
      case "document":
        return fc.jsonValue({ maxDepth: 2 });
    }
  }

  #string(shape: ScalarIR, place: Place): fc.Arbitrary<string> {
    if (shape.enum !== undefined && shape.enum.length > 0) {
      const known = fc.constantFrom(...shape.enum);
      // A response may carry values the model does not know yet.
      return this.#role === "output" && place === "body"
        ? fc.oneof({ weight: 9, arbitrary: known }, { weight: 1, arbitrary: fc.constant("FUTURE_VALUE") })
        : known;
    }
    // URI labels must not be empty: an empty label is a client error on both sides.
    const min = Math.max(shape.min ?? 0, place === "uri" ? 1 : 0);
    const fits = (s: string) => {
      const n = codePoints(s);
      return n >= min && n <= (shape.max ?? Infinity) && (place !== "header" || /^[\x20-\x7e]*$/.test(s));
    };
    const regex = shape.regex === undefined ? undefined : new RegExp(shape.regex.source, shape.regex.flags);
    if (regex !== undefined) {
      // Searching for fitting strings costs: done on the first value only, for shapes in use.
      let built: fc.Arbitrary<string> | undefined;
      return fc.constant(null).chain(() => (built ??= this.#matching(shape, regex, fits)));
    }
    const max = Math.max(min, Math.min(shape.max ?? MAX_CHARS, Math.max(MAX_CHARS, min + 8)));
    const unit = place === "header" ? HEADER_CHAR : BODY_CHAR;
    const plain = fc.string({ unit, minLength: min, maxLength: max });
    if (place === "header") return plain;
    const edges = (place === "uri" ? LABEL_EDGES : ["", " ", "a b", "a+b", "a&b=c", "%", "é"]).filter(fits);
    return edges.length === 0 ? plain : fc.oneof({ weight: 5, arbitrary: plain }, { weight: 1, arbitrary: fc.constantFrom(...edges) });
  }

  /**
   * Strings the pattern accepts within the length bounds. fast-check builds them from the pattern
   * (anchored, so no free text pads them past the bounds); a few candidates per value and a
   * fallback found once keep generation from looping on a rare fit.
   */
  #matching(shape: ScalarIR, regex: RegExp, fits: (s: string) => boolean): fc.Arbitrary<string> {
    const ok = (s: string) => fits(s) && regex.test(s);
    const maxLength = Math.max(200, (shape.min ?? 0) + 50);
    // Case-sensitive matches of a case-insensitive pattern still match it; fast-check builds only those.
    const anchored = new RegExp(`^(?:${regex.source})$`, regex.flags.replace(/[gyi]/g, ""));
    // Repetitions grow with the size: the smallest size that yields fitting strings keeps variety.
    let best: { source: fc.Arbitrary<string>; pool: string[] } | undefined;
    for (const size of ["small", "medium", "large", "xlarge"] as const) {
      const source = matcher(anchored, maxLength, size);
      const pool = [...new Set(fc.sample(source, { seed: 42, numRuns: 40 }).filter(ok))];
      if (pool.length > (best?.pool.length ?? 0)) best = { source, pool };
      if (pool.length >= 8) break;
    }
    if (best === undefined) {
      // Patterns fast-check cannot build from (lookarounds) are mostly date-times: try those.
      const dates = fc
        .integer({ min: EARLIEST, max: LATEST })
        .chain((ms) =>
          fc.constantFrom(
            new Date(ms).toISOString(),
            new Date(ms).toISOString().slice(0, 19) + "Z",
            new Date(ms).toISOString().slice(0, 10),
          ),
        );
      const pool = [...new Set(fc.sample(dates, { seed: 42, numRuns: 300 }).filter(ok))];
      if (pool.length > 0) best = { source: dates, pool };
    }
    if (best === undefined)
      throw new UnsatisfiableShape(`${shape.name}: no generated string fits its pattern ${shape.pattern ?? ""} and length bounds`);
    const { source, pool } = best;
    return fc
      .tuple(fc.array(source, { minLength: 4, maxLength: 4 }), fc.constantFrom(...pool))
      .map(([candidates, fallback]) => candidates.find(ok) ?? fallback);
  }

  /** An operation's input or output, or an error's members: each member in its bound place. */
  topLevel(name: string | undefined): fc.Arbitrary<Record<string, unknown>> {
    if (name === undefined) return fc.constant({});
    return this.structure(this.#structureShape(name), 0, "top");
  }

  #structureShape(name: string): StructureIR {
    const shape = this.#shape(name);
    if (shape.kind !== "structure") throw new Error(`${name} is not a structure`);
    return shape;
  }
}

/**
 * Inputs with a planned reply: mostly outputs, a quarter of the time one of the operation's
 * errors. Pass the same factories for every operation of a service: they share what they build.
 */
export function caseArbitrary(op: OperationIR, inputs: Arbitraries, outputs: Arbitraries): fc.Arbitrary<Case> {
  const output = outputs.topLevel(op.output).map((value): PlannedReply => ({ kind: "output", value }));
  const errors = op.errors.map((shape) =>
    fc
      .record({ value: outputs.topLevel(shape), style: fc.nat(3) })
      .map(({ value, style }): PlannedReply => ({ kind: "error", shape, value, style })),
  );
  const reply = errors.length === 0 ? output : fc.oneof({ weight: 3, arbitrary: output }, { weight: 1, arbitrary: fc.oneof(...errors) });
  return fc.record({ input: inputs.topLevel(op.input), reply });
}
