// Patterns in validators: a quantified character class becomes a char-code loop, a pattern a
// backtracking engine could hang on is checked by the linear-time engine, every other one is a
// RegExp compiled once at module load.
import type { ScalarIR } from "../../ir/types.js";
import { literal } from "../kit/file.js";

export type PatternPlan =
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
const WORD: Array<[number, number]> = [
  [48, 57],
  [65, 90],
  [95, 95],
  [97, 122],
];
const SPACE: Array<[number, number]> = [
  [9, 13],
  [32, 32],
  [160, 160],
  [5760, 5760],
  [8192, 8202],
  [8232, 8233],
  [8239, 8239],
  [8287, 8287],
  [12288, 12288],
  [65279, 65279],
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
export function charClassBody(p: CharClassPattern): string | undefined {
  const terms = p.ranges.map(([a, b]) =>
    a === b ? `c === ${a}` : p.ranges.length > 1 ? `(c >= ${a} && c <= ${b})` : `c >= ${a} && c <= ${b}`,
  );
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
    return [`  for (let i = 0; i < s.length; i++) {`, `    ${read}`, `    if (${inClass}) return true;`, `  }`, `  return false;`].join(
      "\n",
    );
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

export function planPattern(pattern: string, regex: ScalarIR["regex"], name: string, linear: () => string): PatternPlan {
  if (regex === undefined)
    return {
      kind: "skip",
      comment: `// The pattern ${literal(pattern)} has no JavaScript equivalent: values are not checked against it.`,
    };
  if (regex.re2 !== undefined) {
    // A backtracking engine could take seconds on this pattern (ir/redos.ts): RE2 takes linear time.
    // Pure, so a bundle that never checks it leaves out the pattern and the engine with it.
    return {
      kind: "regexp",
      name,
      declaration: `// ${literal(pattern)}: checked in linear time\nconst ${name} = /* @__PURE__ */ ${linear()}.compile(${literal(regex.re2)});`,
    };
  }
  // `^[class]+$` must scan the whole string, where the RegExp engine is about twice as fast as a
  // charCodeAt loop from 16 characters on (measured): only the other forms become loops.
  const simple = regex.flags === "u" ? parseCharClassPattern(regex.source) : undefined;
  if (simple && !(simple.start && simple.end)) {
    const body = charClassBody(simple);
    if (body === undefined) return { kind: "skip", comment: `// The pattern ${literal(pattern)} matches every string: no check needed.` };
    return {
      kind: "function",
      name,
      declaration: `// ${literal(pattern)}\nfunction ${name}(s: string): boolean {\n${body}\n}`,
    };
  }
  return {
    kind: "regexp",
    name,
    declaration: `const ${name} = new RegExp(${literal(regex.source)}, ${literal(regex.flags)});`,
  };
}
