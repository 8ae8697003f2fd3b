// Model patterns are untrusted input to the client: one that makes a backtracking engine take
// seconds (`^(a+)+$` on 30 characters) must be checked in linear time, and only such patterns
// leave the RegExp fast path. The static check, the generated validators and the package's
// declared dependency, end to end.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import fc from "fast-check";
import { RE2JS } from "re2js";
import { analyzePattern } from "../generator/ir/redos.js";
import { translatePattern } from "../generator/ir/pattern.js";
import { generate } from "../generator/generate.js";
import { ROOT, tempDir, tinyModel, typecheck, writeModel } from "./helpers.js";

const analyze = (pattern: string) => {
  const t = translatePattern(pattern);
  if (!t.ok) throw new Error(`untranslatable: ${pattern}`);
  return { ...analyzePattern(t.source, t.flags), source: t.source, flags: t.flags };
};

// Exponential and polynomial shapes, several taken from the corpus.
const UNSAFE = [
  "^(a+)+$",
  "^(a*)*$",
  "^(a|a)*$",
  "^(a|aa)+$",
  "^(\\w|\\d)+$",
  "^(a*b*)*$",
  "^(a{1,100}){1,100}$",
  "^([a-z]+)*[0-9]$",
  "^\\d+\\d+x$",
  "\\s+$",
  "^.*,.*=$",
  "^[a-z0-9]+[a-z0-9-]*[a-z0-9]+$",
  "[A-Za-z]+Exception",
  "\\d+.\\d+",
  "^(\\d+)\\1$",
  "([a-z0-9]([a-z0-9-]*[a-z0-9])?\\.)*[a-z0-9]([a-z0-9-]*[a-z0-9])?",
  "arn:aws(-[^:]+)?:rolesanywhere(:.*){2}(:trust-anchor.*)",
];
const SAFE = [
  "^[a-z]+$",
  "[A-Za-z0-9-_]+",
  "^arn:aws:[a-z]+:.*",
  "^([a-z0-9]+-)*[a-z0-9]+$",
  "^[a-zA-Z0-9][a-zA-Z0-9-]{0,62}$",
  "^[a-z]{1,64}[a-z0-9]{0,64}$",
  "^[\\w.]+\\.[a-z]+$",
  "^(a|ab)*$",
  "^[0-9]{12}$",
  ".*",
  "^\\p{L}+$",
  "^(ab+)+$",
  "^[a-zA-Z0-9](-*[a-zA-Z0-9])*$",
  "[\\s\\S]*",
  "^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z$",
];

describe("the static check of model patterns", () => {
  it.each(UNSAFE)("%s is unsafe", (p) => {
    const r = analyze(p);
    expect(r.unsafe, r.reason).toBe(true);
    expect(r.reason).toMatch(/backtracking|backreference/);
  });

  it.each(SAFE)("%s is safe", (p) => {
    const r = analyze(p);
    expect(r.reason).toBeUndefined();
    expect(r.unsafe).toBe(false);
  });

  it("writes unsafe patterns for RE2 with the same meaning as the RegExp (sampled)", () => {
    // Backreferences have no RE2 form, and RE2 refuses nested counts past 1000.
    const meaningful = UNSAFE.filter((p) => !p.includes("\\1") && !p.includes("{1,100}){1,100}"));
    expect(analyze("^(\\d+)\\1$").re2).toBeUndefined();
    expect(analyze("^(a{1,100}){1,100}$").re2).toBeUndefined();
    for (const p of meaningful) {
      const r = analyze(p);
      expect(r.re2, p).toBeDefined();
      const re2 = RE2JS.compile(r.re2!);
      const js = new RegExp(r.source, r.flags);
      // Short strings over the pattern's own characters and a few others: no backtracking blow-up yet.
      const alphabet = [...new Set([..."aAbx0-9 .:,=\n", ...p.replace(/\\[a-z]/gi, "")])];
      fc.assert(
        fc.property(
          fc.array(fc.constantFrom(...alphabet), { maxLength: 12 }).map((cs) => cs.join("")),
          (s) => {
            expect(re2.test(s), `${p} on ${JSON.stringify(s)}`).toBe(js.test(s));
          },
        ),
        { numRuns: 300, seed: 14 },
      );
    }
  });
});

const scratch: string[] = [];
afterAll(() => {
  for (const d of scratch) rmSync(d, { recursive: true, force: true });
});

describe("a package whose model has an unsafe pattern", () => {
  let pkgDir: string;
  let validators: Record<string, (v: unknown) => Array<{ path: string; constraint: string }>>;
  beforeAll(async () => {
    const base = tinyModel();
    const model = {
      ...base,
      shapes: {
        ...base.shapes,
        GetThingRequest: {
          type: "structure",
          required: ["Id"],
          members: {
            Id: { shape: "Id", location: "uri", locationName: "Id" },
            Evil: { shape: "Evil", location: "querystring", locationName: "evil" },
            Fine: { shape: "Fine", location: "querystring", locationName: "fine" },
          },
        },
        Evil: { type: "string", pattern: "^(a+)+$" },
        Fine: { type: "string", pattern: "^[a-z]+$" },
      },
    };
    const dir = writeModel({ "tiny/service.json": model }, "redos-model");
    const out = tempDir("redos-out");
    scratch.push(dir, out);
    await generate({ model: path.join(dir, "tiny"), out, format: false });
    pkgDir = path.join(out, "tiny");
    validators = (await import(pathToFileURL(path.join(pkgDir, "src", "validators.ts")).href)) as typeof validators;
  }, 60_000);

  it("checks the unsafe pattern in linear time and the safe one with a RegExp", () => {
    const source = readFileSync(path.join(pkgDir, "src", "validators.ts"), "utf8");
    expect(source).toMatch(/import \{ RE2JS \} from "re2js";/);
    // Pure: a bundle that never reaches the check leaves the engine out.
    expect(source).toMatch(/\/\* @__PURE__ \*\/ RE2JS\.compile\("\^\(\?:\(\?:\(\?:a\)\+\)\)\+\$"\)/);
    expect(source).toContain('new RegExp("^[a-z]+$", "u")');
    const validate = validators.validateGetThingRequest!;
    expect(validate({ Id: "x", Evil: "aaaa", Fine: "abc" })).toEqual([]);
    // 30 characters take seconds with a RegExp; 100,000 take milliseconds here.
    for (const evil of ["a".repeat(30) + "!", "a".repeat(100_000) + "!"]) {
      const started = performance.now();
      const issues = validate({ Id: "x", Evil: evil, Fine: "abc" });
      expect(performance.now() - started).toBeLessThan(500);
      expect(issues.map((i) => `${i.path} ${i.constraint}`)).toEqual(["Evil pattern"]);
    }
  });

  it("declares the engine it imports, in svcgen's own range, and type-checks", () => {
    const pkg = JSON.parse(readFileSync(path.join(pkgDir, "package.json"), "utf8")) as {
      dependencies?: Record<string, string>;
    };
    const own = JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")) as {
      dependencies: Record<string, string>;
    };
    expect(pkg.dependencies).toEqual({ re2js: own.dependencies.re2js });
    const r = typecheck(pkgDir);
    expect(r.output).toBe("");
    expect(r.ok).toBe(true);
  }, 60_000);

  it("leaves packages without unsafe patterns free of it", () => {
    const dir = path.join(ROOT, "generated", "iot-managed-integrations");
    expect(JSON.parse(readFileSync(path.join(dir, "package.json"), "utf8")).dependencies).toBeUndefined();
    expect(readFileSync(path.join(dir, "src", "validators.ts"), "utf8")).not.toContain("re2js");
  });
});
