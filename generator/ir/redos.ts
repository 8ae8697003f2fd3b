// Model patterns are untrusted input to every client that checks them: a pattern such as
// `^(a+)+$` makes a backtracking engine (JavaScript's RegExp) take seconds on 30 characters, and
// the validators run on every call. This module decides, at generation time, whether a pattern
// (already translated to a JavaScript source under the `u` flag) can backtrack super-linearly,
// and writes the unsafe ones for RE2's syntax so the client can check them in linear time.
//
// The analysis reads the pattern as a position automaton (one state per character set in the
// source) and looks for ambiguity a backtracking engine pays for on an input that fails:
// - exponential: a state with two different paths back to itself on the same string, i.e. in
//   the product of the automaton with itself a cycle through (p, p) that leaves the diagonal
//   (`(a+)+`, `(a|ab)*`, `(\w|\d)+`);
// - polynomial: two different looping states p and q, where p can loop, move to q and q loop on
//   the same strings (`\d+\d+x`, `.*,.*=`, and an unanchored start's implicit `.*?` in front of
//   `\s+$`), approximated by pairs of paths in the same product;
// - backreferences, whose matching is not regular at all.
// It is conservative: lookarounds count as matching nothing, `$` or `^` midway as nothing, a
// `\p{...}` class as overlapping every other set, and `{n,m}` as a loop when m >= 2. Ambiguity
// that cannot grow with the input (loops bounded by small counts) is not reported, and neither is
// anything after which the match has already succeeded (an unanchored end reached).

import { RE2JS } from "re2js";

type Range = readonly [number, number];

/** A set of code points: exact ranges, or "opaque" (a Unicode property we do not expand). */
interface CharSet {
  readonly ranges: readonly Range[];
  readonly opaque: boolean;
  /** The set written for RE2, or undefined when RE2 has no equivalent. */
  readonly re2: string | undefined;
}

type Node =
  | { readonly t: "set"; readonly set: CharSet; id: number }
  | { readonly t: "seq"; readonly items: Node[] }
  | { readonly t: "alt"; readonly items: Node[] }
  | { readonly t: "rep"; readonly body: Node; readonly min: number; readonly max: number; readonly lazy: boolean }
  | { readonly t: "group"; readonly body: Node; readonly head: string }
  | { readonly t: "assert"; readonly text: string }
  | { readonly t: "look"; readonly body: Node; readonly head: string }
  | { readonly t: "backref" };

class ParseError extends Error {}

const MAX_CP = 0x10ffff;
const ALL: Range[] = [[0, MAX_CP]];
const DIGIT: Range[] = [[0x30, 0x39]];
const WORD: Range[] = [[0x30, 0x39], [0x41, 0x5a], [0x5f, 0x5f], [0x61, 0x7a]];
/** JavaScript's \s: WhiteSpace and LineTerminator. */
const SPACE: Range[] = [[9, 13], [32, 32], [0xa0, 0xa0], [0x1680, 0x1680], [0x2000, 0x200a], [0x2028, 0x2029], [0x202f, 0x202f], [0x205f, 0x205f], [0x3000, 0x3000], [0xfeff, 0xfeff]];
const LINE_TERMINATORS: Range[] = [[10, 10], [13, 13], [0x2028, 0x2029]];
/** General categories and scripts RE2 knows under the same name; binary properties it lacks. */
const RE2_BINARY_MISSING = new Set(["Alphabetic", "White_Space", "Lowercase", "Uppercase", "Hex_Digit", "Ideographic", "Noncharacter_Code_Point", "Assigned", "Emoji"]);

function normalize(ranges: readonly Range[]): Range[] {
  const sorted = [...ranges].sort((a, b) => a[0] - b[0]);
  const out: Array<[number, number]> = [];
  for (const [a, b] of sorted) {
    const last = out[out.length - 1];
    if (last && a <= last[1] + 1) last[1] = Math.max(last[1], b);
    else out.push([a, b]);
  }
  return out;
}

function complement(ranges: readonly Range[]): Range[] {
  const out: Range[] = [];
  let next = 0;
  for (const [a, b] of normalize(ranges)) {
    if (a > next) out.push([next, a - 1]);
    next = b + 1;
  }
  if (next <= MAX_CP) out.push([next, MAX_CP]);
  return out;
}

function overlaps(x: CharSet, y: CharSet): boolean {
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
function caseFold(ranges: readonly Range[]): Range[] {
  const out: Range[] = [...ranges];
  for (const [a, b] of ranges) {
    for (const [lo, hi, shift] of [[0x41, 0x5a, 32], [0x61, 0x7a, -32]] as const) {
      const from = Math.max(a, lo);
      const to = Math.min(b, hi);
      if (from <= to) out.push([from + shift, to + shift]);
    }
  }
  return normalize(out);
}

const re2Char = (cp: number): string => (cp >= 0x20 && cp < 0x7f && !/[\\\]\[^\-.$|?*+(){}]/.test(String.fromCharCode(cp)) ? String.fromCharCode(cp) : `\\x{${cp.toString(16)}}`);
const re2Ranges = (ranges: readonly Range[]): string => ranges.map(([a, b]) => (a === b ? re2Char(a) : `${re2Char(a)}-${re2Char(b)}`)).join("");

/** Parses the JavaScript source the pattern translator writes (a `u`-flag subset). */
class Parser {
  #i = 0;
  positions: Array<Node & { t: "set" }> = [];
  constructor(
    readonly src: string,
    readonly dotAll: boolean,
    readonly ignoreCase: boolean,
  ) {}

  parse(): Node {
    const node = this.#alt();
    if (this.#i < this.src.length) throw new ParseError(`unexpected ${this.src[this.#i]}`);
    return node;
  }

  #set(ranges: readonly Range[], opaque: boolean, re2: string | undefined): Node {
    const set: CharSet = { ranges: this.ignoreCase ? caseFold(ranges) : normalize(ranges), opaque, re2 };
    const node = { t: "set" as const, set, id: this.positions.length + 1 };
    this.positions.push(node);
    return node;
  }

  #alt(): Node {
    const items = [this.#seq()];
    while (this.src[this.#i] === "|") {
      this.#i++;
      items.push(this.#seq());
    }
    return items.length === 1 ? items[0]! : { t: "alt", items };
  }

  #seq(): Node {
    const items: Node[] = [];
    while (this.#i < this.src.length && this.src[this.#i] !== "|" && this.src[this.#i] !== ")") {
      let atom = this.#atom();
      for (;;) {
        const q = /^(?:([*+?])|\{(\d+)(?:(,)(\d*))?\})/.exec(this.src.slice(this.#i));
        if (!q) break;
        this.#i += q[0].length;
        const min = q[1] === "+" ? 1 : q[1] !== undefined ? 0 : Number(q[2]);
        const max = q[1] === "?" ? 1 : q[1] !== undefined ? Infinity : q[3] === undefined ? Number(q[2]) : q[4] === "" ? Infinity : Number(q[4]);
        const lazy = this.src[this.#i] === "?";
        if (lazy) this.#i++;
        atom = { t: "rep", body: atom, min, max, lazy };
      }
      items.push(atom);
    }
    return items.length === 1 ? items[0]! : { t: "seq", items };
  }

  #atom(): Node {
    const c = this.src[this.#i]!;
    if (c === "(") {
      const head = /^\((\?(?::|=|!|<=|<!|<[A-Za-z][A-Za-z0-9]*>))?/.exec(this.src.slice(this.#i))!;
      this.#i += head[0].length;
      const body = this.#alt();
      if (this.src[this.#i] !== ")") throw new ParseError("unclosed group");
      this.#i++;
      const kind = head[1] ?? "";
      if (kind === "?=" || kind === "?!" || kind === "?<=" || kind === "?<!") return { t: "look", body, head: kind };
      return { t: "group", body, head: kind };
    }
    if (c === "[") return this.#class();
    if (c === "^" || c === "$") {
      this.#i++;
      return { t: "assert", text: c };
    }
    if (c === ".") {
      this.#i++;
      return this.dotAll ? this.#set(ALL, false, "(?s:.)") : this.#set(complement(LINE_TERMINATORS), false, "[^\\n\\r\\x{2028}\\x{2029}]");
    }
    if (c === "\\") {
      const next = this.src[this.#i + 1];
      if (next === "b" || next === "B") {
        this.#i += 2;
        return { t: "assert", text: `\\${next}` };
      }
      if (next !== undefined && (/[1-9]/.test(next) || (next === "k" && this.src[this.#i + 2] === "<"))) {
        this.#i = next === "k" ? this.src.indexOf(">", this.#i) + 1 : this.#i + 2;
        return { t: "backref" };
      }
      const e = this.#escape(false);
      return this.#set(e.ranges, e.opaque, e.re2);
    }
    const cp = this.src.codePointAt(this.#i)!;
    this.#i += cp > 0xffff ? 2 : 1;
    return this.#set([[cp, cp]], false, re2Char(cp));
  }

  /** One escape at #i; `re2` is its text inside a RE2 bracket expression. */
  #escape(inClass: boolean): { ranges: Range[]; opaque: boolean; re2: string | undefined; cp?: number } {
    const c = this.src[this.#i + 1];
    if (c === undefined) throw new ParseError("lone backslash");
    this.#i += 2;
    const sets: Record<string, Range[]> = { d: DIGIT, w: WORD, s: SPACE };
    const lower = c.toLowerCase();
    if ("dwsDWS".includes(c)) {
      const ranges = c === lower ? sets[lower]! : complement(sets[lower]!);
      return { ranges, opaque: false, re2: inClass ? re2Ranges(ranges) : `[${re2Ranges(ranges)}]` };
    }
    if (c === "p" || c === "P") {
      const close = this.src.indexOf("}", this.#i);
      const name = this.src.slice(this.#i + 1, close);
      this.#i = close + 1;
      const bare = name.replace(/^(?:Script|sc|General_Category|gc)=/, "");
      const re2 = RE2_BINARY_MISSING.has(bare) ? undefined : `\\${c}{${bare}}`;
      return { ranges: [], opaque: true, re2 };
    }
    let cp: number;
    if (c === "x") {
      cp = parseInt(this.src.slice(this.#i, this.#i + 2), 16);
      this.#i += 2;
    } else if (c === "u") {
      if (this.src[this.#i] === "{") {
        const close = this.src.indexOf("}", this.#i);
        cp = parseInt(this.src.slice(this.#i + 1, close), 16);
        this.#i = close + 1;
      } else {
        cp = parseInt(this.src.slice(this.#i, this.#i + 4), 16);
        this.#i += 4;
      }
    } else if (c === "t" || c === "n" || c === "r" || c === "f" || c === "v" || c === "0") {
      cp = { t: 9, n: 10, r: 13, f: 12, v: 11, "0": 0 }[c];
    } else if (/[A-Za-z0-9]/.test(c)) {
      throw new ParseError(`escape \\${c}`);
    } else {
      cp = this.src.codePointAt(this.#i - 1)!;
      if (cp > 0xffff) this.#i++;
    }
    return { ranges: [[cp, cp]], opaque: false, re2: re2Char(cp), cp };
  }

  #class(): Node {
    this.#i++;
    const negated = this.src[this.#i] === "^";
    if (negated) this.#i++;
    const ranges: Range[] = [];
    const re2: string[] = [];
    let opaque = false;
    let supported = true;
    while (this.src[this.#i] !== "]") {
      if (this.#i >= this.src.length) throw new ParseError("unclosed class");
      const item = this.#classAtom();
      if (this.src[this.#i] === "-" && this.src[this.#i + 1] !== "]" && item.cp !== undefined) {
        this.#i++;
        const to = this.#classAtom();
        if (to.cp === undefined) throw new ParseError("range to a class");
        ranges.push([item.cp, to.cp]);
        re2.push(`${re2Char(item.cp)}-${re2Char(to.cp)}`);
        continue;
      }
      ranges.push(...item.ranges);
      opaque ||= item.opaque;
      if (item.re2 === undefined) supported = false;
      else re2.push(item.re2);
    }
    this.#i++;
    const text = supported ? `[${negated ? "^" : ""}${re2.join("")}]` : undefined;
    if (opaque) return this.#set([], true, text);
    return this.#set(negated ? complement(ranges) : ranges, false, text);
  }

  #classAtom(): { ranges: Range[]; opaque: boolean; re2: string | undefined; cp?: number } {
    if (this.src[this.#i] === "\\") return this.#escape(true);
    const cp = this.src.codePointAt(this.#i)!;
    this.#i += cp > 0xffff ? 2 : 1;
    return { ranges: [[cp, cp]], opaque: false, re2: re2Char(cp), cp };
  }
}

export interface PatternSafety {
  /** True when the pattern can make a backtracking engine take more than linear time. */
  readonly unsafe: boolean;
  /** Why, for unsafe patterns. */
  readonly reason: string | undefined;
  /** The pattern in RE2 syntax (flags inline), when it has one (no lookaround, backreference or missing property). */
  readonly re2: string | undefined;
}

/** Pair-graph work allowed per pattern; past it, the pattern is treated as unsafe. */
const WORK_BUDGET = 4_000_000;
/** Loops that iterate at most this often (the product of their bounds) cannot hurt. */
const SMALL_BOUND = 16;

/** Decides whether a translated pattern (JavaScript source and flags) is safe for a backtracking engine. */
export function analyzePattern(source: string, flags: string): PatternSafety {
  let root: Node;
  let parser: Parser;
  try {
    parser = new Parser(source, flags.includes("s"), flags.includes("i"));
    root = parser.parse();
  } catch (err) {
    return { unsafe: true, reason: `it could not be analysed (${(err as Error).message})`, re2: undefined };
  }
  const re2 = toRe2(root, flags);
  const verdict = (reason: string | undefined): PatternSafety => ({ unsafe: reason !== undefined, reason, re2 });
  if (contains(root, (n) => n.t === "backref")) return verdict("it has a backreference");

  // Position automaton: nullable, first, last, follow; `bound` = how often a position can repeat.
  const n = parser.positions.length;
  // How many ways each move x → y exists: nested loops give the same move twice (`(a+)+`), which
  // the position automaton would otherwise merge, and a backtracking engine tries both.
  const follow: Array<Map<number, number>> = Array.from({ length: n + 1 }, () => new Map<number, number>());
  const link = (x: number, y: number) => follow[x]!.set(y, (follow[x]!.get(y) ?? 0) + 1);
  const bound: number[] = Array(n + 1).fill(1);
  const sets: CharSet[] = [{ ranges: ALL, opaque: false, re2: undefined }, ...parser.positions.map((p) => p.set)];
  interface Info {
    nullable: boolean;
    first: number[];
    last: number[];
  }
  const walk = (node: Node, reps: number): Info => {
    switch (node.t) {
      case "set":
        bound[node.id] = reps;
        return { nullable: false, first: [node.id], last: [node.id] };
      case "assert":
      case "look":
      case "backref":
        return { nullable: true, first: [], last: [] };
      case "group":
        return walk(node.body, reps);
      case "alt": {
        const parts = node.items.map((item) => walk(item, reps));
        return { nullable: parts.some((p) => p.nullable), first: parts.flatMap((p) => p.first), last: parts.flatMap((p) => p.last) };
      }
      case "seq": {
        let acc: Info = { nullable: true, first: [], last: [] };
        for (const item of node.items) {
          const next = walk(item, reps);
          for (const x of acc.last) for (const y of next.first) link(x, y);
          acc = {
            nullable: acc.nullable && next.nullable,
            first: acc.nullable ? [...acc.first, ...next.first] : acc.first,
            last: next.nullable ? [...acc.last, ...next.last] : next.last,
          };
        }
        return acc;
      }
      case "rep": {
        const body = walk(node.body, node.max === Infinity ? Infinity : Math.min(reps * node.max, Infinity));
        if (node.max >= 2) for (const x of body.last) for (const y of body.first) link(x, y);
        return { nullable: body.nullable || node.min === 0, first: body.first, last: body.last };
      }
    }
  };
  const top = walk(root, 1);
  const alternatives = root.t === "alt" ? root.items : [root];
  const edge = (side: "^" | "$") =>
    alternatives.every((a) => {
      const items = a.t === "seq" ? a.items : [a];
      const at = side === "^" ? items[0] : items[items.length - 1];
      return at?.t === "assert" && at.text === side;
    });
  const startAnchored = edge("^");
  const endAnchored = edge("$");
  // A pattern that matches the empty string anywhere succeeds at once on any input.
  if (top.nullable && !endAnchored) return verdict(undefined);

  // State 0 starts; without `^` it is the engine's retry at every start, a loop on any character.
  for (const y of top.first) link(0, y);
  if (!startAnchored) {
    link(0, 0);
    bound[0] = Infinity;
  }
  // Without `$`, reaching a final position is a match: only paths that avoid them can fail.
  const final = new Set(top.last);
  const live = (s: number) => endAnchored || !final.has(s);

  // The product automaton, explicitly, within the work budget.
  const N = n + 1;
  const id = (p: number, q: number) => p * N + q;
  const adjacency = new Map<number, number[]>();
  const queue = [id(0, 0)];
  adjacency.set(id(0, 0), []);
  let work = 0;
  while (queue.length > 0) {
    const node = queue.pop()!;
    const p = Math.floor(node / N);
    const q = node % N;
    const out: number[] = adjacency.get(node)!;
    for (const p2 of follow[p]!.keys()) {
      if (!live(p2)) continue;
      for (const q2 of follow[q]!.keys()) {
        if (++work > WORK_BUDGET) return verdict("it is too large to prove safe");
        if (!live(q2) || !overlaps(sets[p2]!, sets[q2]!)) continue;
        const next = id(p2, q2);
        out.push(next);
        if (!adjacency.has(next)) {
          adjacency.set(next, []);
          queue.push(next);
        }
      }
    }
  }

  // Exponential: a strongly connected component holding (p, p) and a pair off the diagonal.
  // A move that exists twice, inside such a component, leaves the diagonal too.
  for (const component of components(adjacency)) {
    const onDiagonal = (x: number) => Math.floor(x / N) === x % N;
    const members = new Set(component);
    const doubled = component.some((x) => {
      const p = Math.floor(x / N);
      return onDiagonal(x) && [...follow[p]!].some(([y, count]) => count > 1 && members.has(id(y, y)));
    });
    if (!doubled && (component.length < 2 || !component.some(onDiagonal) || component.every(onDiagonal))) continue;
    const pumped = component.some((x) => bound[Math.floor(x / N)]! > SMALL_BOUND || bound[x % N]! > SMALL_BOUND);
    if (pumped) return verdict("a loop can match the same text in more than one way (exponential backtracking)");
  }

  // Polynomial: (p, p) reaches (p, q) and (p, q) reaches (q, q), both loops unbounded enough.
  const reverse = new Map<number, number[]>();
  for (const [from, tos] of adjacency) for (const to of tos) (reverse.get(to) ?? reverse.set(to, []).get(to)!).push(from);
  const reach = (start: number, graph: Map<number, number[]>): Set<number> => {
    const seen = new Set<number>();
    const stack = [...(graph.get(start) ?? [])];
    while (stack.length > 0) {
      const x = stack.pop()!;
      if (seen.has(x)) continue;
      seen.add(x);
      if (++work > WORK_BUDGET) throw new Budget();
      for (const y of graph.get(x) ?? []) stack.push(y);
    }
    return seen;
  };
  // Only loops that grow with the input: a bounded one adds at most a constant factor.
  const loops = [...Array(N).keys()].filter((p) => bound[p] === Infinity && adjacency.has(id(p, p)));
  try {
    const into = new Map(loops.map((q) => [q, reach(id(q, q), reverse)] as const));
    for (const p of loops) {
      const from = reach(id(p, p), adjacency);
      if (!from.has(id(p, p))) continue;
      for (const q of loops) {
        if (q !== p && from.has(id(p, q)) && into.get(q)!.has(id(p, q)) && into.get(q)!.has(id(q, q))) {
          return verdict("two loops in a row can share the same text (polynomial backtracking)");
        }
      }
    }
  } catch (err) {
    if (err instanceof Budget) return verdict("it is too large to prove safe");
    throw err;
  }
  return verdict(undefined);
}

class Budget extends Error {}

function contains(node: Node, test: (n: Node) => boolean): boolean {
  if (test(node)) return true;
  switch (node.t) {
    case "seq":
    case "alt":
      return node.items.some((i) => contains(i, test));
    case "rep":
    case "group":
    case "look":
      return contains(node.body, test);
    default:
      return false;
  }
}

/** Strongly connected components (Tarjan, iterative: the graph can be large). */
function components(graph: Map<number, number[]>): number[][] {
  const index = new Map<number, number>();
  const low = new Map<number, number>();
  const onStack = new Set<number>();
  const stack: number[] = [];
  const out: number[][] = [];
  let counter = 0;
  for (const start of graph.keys()) {
    if (index.has(start)) continue;
    const work: Array<[number, number]> = [[start, 0]];
    while (work.length > 0) {
      const frame = work[work.length - 1]!;
      const [v, i] = frame;
      if (i === 0) {
        index.set(v, counter);
        low.set(v, counter++);
        stack.push(v);
        onStack.add(v);
      }
      const next = graph.get(v)!;
      if (i < next.length) {
        frame[1]++;
        const w = next[i]!;
        if (!index.has(w)) work.push([w, 0]);
        else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
        continue;
      }
      work.pop();
      if (work.length > 0) {
        const parent = work[work.length - 1]![0];
        low.set(parent, Math.min(low.get(parent)!, low.get(v)!));
      }
      if (low.get(v) === index.get(v)) {
        const component: number[] = [];
        let w: number;
        do {
          w = stack.pop()!;
          onStack.delete(w);
          component.push(w);
        } while (w !== v);
        out.push(component);
      }
    }
  }
  return out;
}

/** The pattern in RE2's syntax, or undefined when RE2 cannot express it. */
function toRe2(root: Node, flags: string): string | undefined {
  let ok = true;
  const print = (node: Node): string => {
    switch (node.t) {
      case "set":
        if (node.set.re2 === undefined) ok = false;
        return node.set.re2 ?? "";
      case "seq":
        return node.items.map(print).join("");
      case "alt":
        return node.items.map(print).join("|");
      case "group":
        return `(?:${print(node.body)})`;
      case "rep": {
        const q = node.min === 0 && node.max === Infinity ? "*" : node.min === 1 && node.max === Infinity ? "+" : node.min === 0 && node.max === 1 ? "?" : `{${node.min},${node.max === Infinity ? "" : node.max}}`;
        // RE2 refuses counts above 1000.
        if (node.max !== Infinity && node.max > 1000) ok = false;
        if (node.min > 1000) ok = false;
        return `(?:${print(node.body)})${q}${node.lazy ? "?" : ""}`;
      }
      case "assert":
        // Without the m flag, ^ and $ are the text's ends in both engines.
        return node.text === "^" ? "^" : node.text === "$" ? "$" : node.text;
      case "look":
      case "backref":
        ok = false;
        return "";
    }
  };
  const body = print(root);
  if (!ok || flags.includes("m")) return undefined;
  const text = (flags.includes("i") ? "(?i)" : "") + body;
  // RE2 has limits of its own (nested counts past 1000 in all): what it refuses has no RE2 form.
  try {
    RE2JS.compile(text);
  } catch {
    return undefined;
  }
  return text;
}
