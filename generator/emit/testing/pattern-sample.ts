// Sample strings for a model pattern, made when generating (never at run time): the pattern,
// parsed by the ReDoS analysis' parser, is walked once per repetition count, each character set
// giving its first letter or digit (else its first printable code point), each alternation its
// first branch. A candidate is kept only when the pattern itself accepts it (RE2 when the
// validators use RE2, so no check can backtrack) within the length bounds; none → no sample.
import { RE2JS } from "re2js";
import type { ScalarIR } from "../../ir/types.js";
import { Parser } from "../../ir/redos/parse.js";
import type { CharSet, Node } from "../../ir/redos/charset.js";

const MAX_SAMPLE = 256;
const PREFERRED: ReadonlyArray<readonly [number, number]> = [
  [0x61, 0x7a],
  [0x41, 0x5a],
  [0x30, 0x39],
];

function pick(set: CharSet, offset: number): string | undefined {
  if (set.opaque) return "a";
  for (const [lo, hi] of PREFERRED) {
    for (const [a, b] of set.ranges) {
      const from = Math.max(a, lo);
      const to = Math.min(b, hi);
      if (from <= to) return String.fromCodePoint(from + (offset % (to - from + 1)));
    }
  }
  for (const [a, b] of set.ranges) {
    for (let cp = Math.max(a, 0x21); cp <= b && cp < 0x2000; cp++) if (cp < 0x7f || cp > 0x9f) return String.fromCodePoint(cp);
  }
  return undefined;
}

class Unsampleable extends Error {}

function walk(node: Node, reps: number, offset: number, branch: number): string {
  switch (node.t) {
    case "set": {
      const ch = pick(node.set, offset + node.id - 1);
      if (ch === undefined) throw new Unsampleable();
      return ch;
    }
    case "seq":
      return node.items.map((item) => walk(item, reps, offset, branch)).join("");
    case "alt":
      return walk(node.items[branch % node.items.length]!, reps, offset, branch);
    case "group":
      return walk(node.body, reps, offset, branch);
    case "rep": {
      const count = Math.max(node.min, Math.min(node.max, reps));
      let out = "";
      for (let i = 0; i < count && out.length <= MAX_SAMPLE; i++) out += walk(node.body, reps, offset + i, branch);
      return out;
    }
    case "assert":
    case "look":
      return "";
    case "backref":
      throw new Unsampleable();
  }
}

function codePoints(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

/** Up to three distinct samples the pattern accepts within [min, max] code points (each alternation's first three branches tried); empty when none can be made. */
export function patternSamples(shape: Pick<ScalarIR, "regex" | "min" | "max">): string[] {
  const regex = shape.regex;
  if (regex === undefined) return [];
  let root: Node;
  try {
    root = new Parser(regex.source, regex.flags.includes("s"), regex.flags.includes("i")).parse();
  } catch {
    return [];
  }
  const accepts =
    regex.re2 !== undefined
      ? (() => {
          const compiled = RE2JS.compile(regex.re2);
          return (s: string) => compiled.matcher(s).find();
        })()
      : (() => {
          const compiled = new RegExp(regex.source, regex.flags);
          return (s: string) => compiled.test(s);
        })();
  const min = shape.min ?? 0;
  const max = shape.max ?? MAX_SAMPLE;
  const out: string[] = [];
  let empty = false;
  for (const reps of [3, 1, 8, 2, 16, 32, 0]) {
    for (const branch of [0, 1, 2]) {
      for (const offset of [0, 7]) {
        let sample: string;
        try {
          sample = walk(root, reps, offset, branch);
        } catch {
          continue;
        }
        const length = codePoints(sample);
        if (length < min || length > max || length > MAX_SAMPLE || out.includes(sample) || !accepts(sample)) continue;
        // The empty string is a sample only when nothing else is.
        if (sample === "") empty = true;
        else out.push(sample);
        if (out.length === 3) return out;
      }
    }
  }
  return out.length === 0 && empty ? [""] : out;
}
