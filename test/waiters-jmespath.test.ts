// The waiters' compiled JMESPath (ir/waiters.ts parses, emit/waiters/compile.ts compiles) against
// the reference implementation as an oracle: every acceptor expression of the corpus, on
// documents generated from the names and literals the expression itself uses.
import { readFileSync, readdirSync, existsSync } from "node:fs";
import path from "node:path";
import fc from "fast-check";
import jmespath from "jmespath";
import { describe, expect, it } from "vitest";
import { parseJmes, JmesSyntaxError, type JmesNode } from "../generator/ir/waiters.js";
import { compileJmes, HELPERS } from "../generator/emit/waiters/compile.js";
import * as runtime from "../generator/runtime/client/waiter.js";
import { CORPUS_MODELS } from "./helpers.js";

/** The expression as a function, the way generated code runs it. */
function compiled(expr: string): (doc: unknown) => unknown {
  const source = compileJmes(parseJmes(expr), "output", (h) => `$.${h}`);
  const helpers = Object.fromEntries(HELPERS.map((h) => [h, runtime[h]]));
  return new Function("$", "output", `return ${source};`).bind(null, helpers) as (doc: unknown) => unknown;
}

interface CorpusExpression {
  readonly expression: string;
  readonly expected: unknown[];
  readonly where: string;
}

function corpusExpressions(): CorpusExpression[] {
  const byExpr = new Map<string, { expected: unknown[]; where: string }>();
  if (!existsSync(CORPUS_MODELS)) return [];
  for (const service of readdirSync(CORPUS_MODELS).sort()) {
    for (const version of readdirSync(path.join(CORPUS_MODELS, service)).sort()) {
      const file = path.join(CORPUS_MODELS, service, version, "waiters-2.json");
      if (!existsSync(file)) continue;
      const waiters = (
        JSON.parse(readFileSync(file, "utf8")) as {
          waiters: Record<string, { acceptors: Array<{ argument?: string; expected: unknown }> }>;
        }
      ).waiters;
      for (const [name, w] of Object.entries(waiters)) {
        for (const a of w.acceptors) {
          if (a.argument === undefined) continue;
          const hit = byExpr.get(a.argument) ?? { expected: [], where: `${service}/${version} ${name}` };
          hit.expected.push(a.expected);
          byExpr.set(a.argument, hit);
        }
      }
    }
  }
  return [...byExpr].map(([expression, v]) => ({ expression, ...v }));
}

function namesAndLiterals(node: JmesNode, names: Set<string>, literals: unknown[]): void {
  if (node.type === "Field") names.add(node.name);
  if (node.type === "Literal") literals.push(node.value);
  for (const v of Object.values(node)) {
    if (v && typeof v === "object" && "type" in v) namesAndLiterals(v as JmesNode, names, literals);
    if (Array.isArray(v)) for (const x of v) namesAndLiterals(x as JmesNode, names, literals);
  }
}

/** JSON documents built from the expression's own names, literals and expected values. */
function documents(expr: string, expected: unknown[]): fc.Arbitrary<unknown> {
  const names = new Set<string>();
  const literals: unknown[] = [];
  namesAndLiterals(parseJmes(expr), names, literals);
  const leaves = fc.oneof(
    fc.constantFrom<unknown>(null, true, false, 0, 1, 2, "", "x", ...literals, ...expected),
    fc.integer({ min: -2, max: 3 }),
  );
  const keys = fc.constantFrom(...names, "other");
  const { value } = fc.letrec<{ value: unknown }>((tie) => ({
    value: fc.oneof(
      { depthSize: "small", withCrossShrink: true },
      leaves,
      fc.array(tie("value"), { maxLength: 4 }),
      fc.dictionary(keys, tie("value"), { maxKeys: 4 }),
    ),
  }));
  // Mostly objects at the top, as outputs are.
  return fc.oneof({ weight: 4, arbitrary: fc.dictionary(keys, value, { maxKeys: names.size + 1 }) }, { weight: 1, arbitrary: value });
}

function oracle(doc: unknown, expr: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: jmespath.search(doc, expr) };
  } catch {
    return { ok: false };
  }
}

const CORPUS = corpusExpressions();

describe("corpus acceptor expressions", () => {
  it("finds the corpus's expressions, and every one compiles", () => {
    if (CORPUS.length === 0) return;
    expect(CORPUS.length).toBeGreaterThan(100);
    for (const { expression } of CORPUS) expect(() => parseJmes(expression), expression).not.toThrow();
  });

  it.each(CORPUS.map((c) => [c.expression, c] as const))("%s agrees with the reference implementation", (_, c) => {
    const run = compiled(c.expression);
    fc.assert(
      fc.property(documents(c.expression, c.expected), (doc) => {
        const want = oracle(doc, c.expression);
        const got = run(doc);
        // A type error in the oracle (length() of a number) is a null or a non-match here, never a throw.
        if (want.ok) expect(got).toEqual(want.value);
      }),
      { numRuns: 150 },
    );
  });
});

describe("hand-written edge cases", () => {
  const cases: Array<[string, unknown, unknown]> = [
    // null projections: not a list → null; nulls dropped from the result
    ["a[*].b", { a: { b: 1 } }, null],
    ["a[*].b", { a: [{ b: 1 }, { c: 2 }, { b: null }, 3] }, [1]],
    ["a[].b", { a: null }, null],
    ["a.*.b", { a: [1, 2] }, null],
    ["a.*.b", { a: { x: { b: 1 }, y: { c: 1 } } }, [1]],
    // flattening: one level only; non-lists kept; a non-list to flatten is null
    ["a[]", { a: [1, [2, [3]], "s"] }, [1, 2, [3], "s"]],
    ["a[]", { a: { b: [1] } }, null],
    ["a[][]", { a: [[[1, 2]], [3]] }, [1, 2, 3]],
    ["a[].b[]", { a: [{ b: [1, 2] }, { b: 3 }, { c: 1 }] }, [1, 2, 3]],
    // filters
    ["a[?b == 'x'].c", { a: [{ b: "x", c: 1 }, { b: "y", c: 2 }, { b: "x" }] }, [1]],
    ["a[?b]", { a: [{ b: 0 }, { b: "" }, { b: [] }, { b: {} }, { b: false }, { b: "t" }] }, [{ b: 0 }, { b: "t" }]],
    [
      "a[?!(b == `1` && c == d)]",
      {
        a: [
          { b: 1, c: 2, d: 2 },
          { b: 1, c: 2, d: 3 },
        ],
      },
      [{ b: 1, c: 2, d: 3 }],
    ],
    // mixed-type comparisons: equality is false across types, ordering is null
    ["a == '1'", { a: 1 }, false],
    ["a != '1'", { a: 1 }, true],
    ['a == `[1, {"b": 2}]`', { a: [1, { b: 2 }] }, true],
    ["a < 'b'", { a: "a" }, null],
    ["a > `0`", { a: null }, null],
    ["a >= `1`", { a: 1 }, true],
    ["length(a) > `0`", { a: "héé" }, true],
    ["length(a)", { a: "😀" }, 1],
    ["length(a)", { a: 5 }, null],
    ["length(a || '')", {}, 0],
    ["contains(a, 'x')", { a: ["x", "y"] }, true],
    ["contains(a, 'x')", { a: "axb" }, true],
    ["contains(a, `1`)", { a: "1" }, false],
    ["contains(a, 'x')", { a: null }, null],
    // logic keeps values, as JMESPath does
    ["a || b", { a: [], b: "z" }, "z"],
    ["a && b", { a: 0, b: "z" }, "z"],
    ["!a", { a: {} }, true],
    ["a[-1].b", { a: [{ b: 1 }, { b: 2 }] }, 2],
    ["a[5]", { a: [1] }, null],
    ['"quoted key".b', { "quoted key": { b: 1 } }, 1],
    ["a | [0]", { a: [7] }, 7],
    ["a.b | length(@)", { a: { b: [1, 2] } }, 2],
    // an own member only: prototype names are not members
    ["constructor", {}, null],
    ["a.toString", { a: {} }, null],
  ];
  it.each(cases)("%s on %j is %j", (expr, doc, want) => {
    expect(compiled(expr)(doc)).toEqual(want);
  });

  it.each([
    "a[0:2]",
    "a[::1]",
    "{x: a}",
    "[a, b]",
    "a.[b]",
    "sort(a)",
    "&a",
    "a[?b",
    "a ==",
    "= a",
    "'unterminated",
    "a.b.",
    "length(a, b)",
  ])("%s is outside the subset or malformed, and says so", (expr) => {
    expect(() => parseJmes(expr)).toThrow(JmesSyntaxError);
  });
});
