// Sets of code points for the pattern analysis (ranges, complements, overlap, case folding, how
// a set is written for RE2) and the node type of a parsed pattern.

export type Range = readonly [number, number];

/** A set of code points: exact ranges, or "opaque" (a Unicode property we do not expand). */
export interface CharSet {
  readonly ranges: readonly Range[];
  readonly opaque: boolean;
  /** The set written for RE2, or undefined when RE2 has no equivalent. */
  readonly re2: string | undefined;
}

export type Node =
  | { readonly t: "set"; readonly set: CharSet; id: number }
  | { readonly t: "seq"; readonly items: Node[] }
  | { readonly t: "alt"; readonly items: Node[] }
  | { readonly t: "rep"; readonly body: Node; readonly min: number; readonly max: number; readonly lazy: boolean }
  | { readonly t: "group"; readonly body: Node; readonly head: string }
  | { readonly t: "assert"; readonly text: string }
  | { readonly t: "look"; readonly body: Node; readonly head: string }
  | { readonly t: "backref" };

export class ParseError extends Error {}

export const MAX_CP = 0x10ffff;
export const ALL: Range[] = [[0, MAX_CP]];
export const DIGIT: Range[] = [[0x30, 0x39]];
export const WORD: Range[] = [
  [0x30, 0x39],
  [0x41, 0x5a],
  [0x5f, 0x5f],
  [0x61, 0x7a],
];
/** JavaScript's \s: WhiteSpace and LineTerminator. */
export const SPACE: Range[] = [
  [9, 13],
  [32, 32],
  [0xa0, 0xa0],
  [0x1680, 0x1680],
  [0x2000, 0x200a],
  [0x2028, 0x2029],
  [0x202f, 0x202f],
  [0x205f, 0x205f],
  [0x3000, 0x3000],
  [0xfeff, 0xfeff],
];
export const LINE_TERMINATORS: Range[] = [
  [10, 10],
  [13, 13],
  [0x2028, 0x2029],
];
/** General categories and scripts RE2 knows under the same name; binary properties it lacks. */
export const RE2_BINARY_MISSING = new Set([
  "Alphabetic",
  "White_Space",
  "Lowercase",
  "Uppercase",
  "Hex_Digit",
  "Ideographic",
  "Noncharacter_Code_Point",
  "Assigned",
  "Emoji",
]);

export function normalize(ranges: readonly Range[]): Range[] {
  const sorted = [...ranges].sort((a, b) => a[0] - b[0]);
  const out: Array<[number, number]> = [];
  for (const [a, b] of sorted) {
    const last = out[out.length - 1];
    if (last && a <= last[1] + 1) last[1] = Math.max(last[1], b);
    else out.push([a, b]);
  }
  return out;
}

export function complement(ranges: readonly Range[]): Range[] {
  const out: Range[] = [];
  let next = 0;
  for (const [a, b] of normalize(ranges)) {
    if (a > next) out.push([next, a - 1]);
    next = b + 1;
  }
  if (next <= MAX_CP) out.push([next, MAX_CP]);
  return out;
}

export function overlaps(x: CharSet, y: CharSet): boolean {
  if ((x.opaque && (y.opaque || y.ranges.length > 0)) || (y.opaque && x.ranges.length > 0)) return true;
  let i = 0;
  let j = 0;
  while (i < x.ranges.length && j < y.ranges.length) {
    const [a, b] = x.ranges[i]!;
    const [c, d] = y.ranges[j]!;
    if (b < c) i++;
    else if (d < a) j++;
    else return true;
  }
  return false;
}

/** ASCII letters of both cases, for the `i` flag. */
export function caseFold(ranges: readonly Range[]): Range[] {
  const out: Range[] = [...ranges];
  for (const [a, b] of ranges) {
    for (const [lo, hi, shift] of [
      [0x41, 0x5a, 32],
      [0x61, 0x7a, -32],
    ] as const) {
      const from = Math.max(a, lo);
      const to = Math.min(b, hi);
      if (from <= to) out.push([from + shift, to + shift]);
    }
  }
  return normalize(out);
}

export const re2Char = (cp: number): string =>
  cp >= 0x20 && cp < 0x7f && !/[\\\]\[^\-.$|?*+(){}]/.test(String.fromCharCode(cp)) ? String.fromCharCode(cp) : `\\x{${cp.toString(16)}}`;
export const re2Ranges = (ranges: readonly Range[]): string =>
  ranges.map(([a, b]) => (a === b ? re2Char(a) : `${re2Char(a)}-${re2Char(b)}`)).join("");
