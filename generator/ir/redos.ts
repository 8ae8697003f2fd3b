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
import { ALL, overlaps, type CharSet, type Node } from "./redos/charset.js";
import { Parser } from "./redos/parse.js";

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
        return {
          nullable: parts.some((p) => p.nullable),
          first: parts.flatMap((p) => p.first),
          last: parts.flatMap((p) => p.last),
        };
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
        const q =
          node.min === 0 && node.max === Infinity
            ? "*"
            : node.min === 1 && node.max === Infinity
              ? "+"
              : node.min === 0 && node.max === 1
                ? "?"
                : `{${node.min},${node.max === Infinity ? "" : node.max}}`;
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
