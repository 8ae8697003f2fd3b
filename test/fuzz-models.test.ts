// Random valid models (every shape kind and trait, recursion, deep nesting, many operations,
// hostile names) through the real generator: it never throws, two runs write the same bytes,
// and a sample of the packages compiles under the strict flags.
import { afterAll, describe, expect, it } from "vitest";
import fc from "fast-check";
import path from "node:path";
import { rmSync, writeFileSync } from "node:fs";
import { generate } from "../generator/generate.js";
import { loadModels } from "../generator/load/index.js";
import { checkModel } from "../generator/check/index.js";
import { buildModel } from "./random-model.js";
import { readTree, tempDir, typecheck, writeModel } from "./helpers.js";

// `npm test` tries 30 models and compiles 4 of them; `npm run test:slow` (in CI) sets more.
const RUNS = Number(process.env.FUZZ_RUNS ?? 30);
const SAMPLE = Number(process.env.FUZZ_TYPECHECK ?? 4);
/** A fixed seed replays a failure; by default every run explores new models. */
const SEED = process.env.FUZZ_SEED === undefined ? Date.now() % 2 ** 31 : Number(process.env.FUZZ_SEED);

/** The flags the generated code must compile under (the project's charter, not the generator's word). */
const STRICT = {
  target: "ES2022",
  module: "NodeNext",
  moduleResolution: "NodeNext",
  lib: ["ES2023", "DOM"],
  types: ["node"],
  strict: true,
  exactOptionalPropertyTypes: true,
  noUncheckedIndexedAccess: true,
  verbatimModuleSyntax: true,
  isolatedModules: true,
  noImplicitOverride: true,
  noEmit: true,
};

function firstDifference(a: Map<string, string>, b: Map<string, string>): string | undefined {
  for (const k of new Set([...a.keys(), ...b.keys()])) if (a.get(k) !== b.get(k)) return k;
  return undefined;
}

// Packages that failed to compile stay in .vitest-tmp/ for inspection.
const scratch: string[] = [];
let compiled = false;
afterAll(() => {
  if (compiled) for (const d of scratch) rmSync(d, { recursive: true, force: true });
});

describe("random valid models", () => {
  it(
    "generate without throwing, deterministically, and compile",
    async () => {
      let tried = 0;
      let eligible = 0;
      let operations = 0;
      let shapes = 0;
      // A sample of the models (the first with two or more operations) is also formatted into one
      // folder and type-checked in one compiler run at the end.
      const sampleOut = tempDir("fuzz-tsc");
      scratch.push(sampleOut);
      const sampled: string[] = [];
      await fc.assert(
        fc.asyncProperty(fc.gen(), async (g) => {
          const built = buildModel(g);
          tried++;
          operations += built.operations;
          shapes += built.shapes;
          const folder = `fuzz-${tried}`;
          const dir = writeModel({ [`${folder}/service.json`]: built.model }, "fuzz-model");
          const model = path.join(dir, folder);
          const a = tempDir("fuzz-a");
          const b = tempDir("fuzz-b");
          try {
            const [loaded] = await loadModels(model);
            expect(checkModel(loaded!)).toEqual([]);
            const generated = await generate({ model, out: a, format: false });
            await generate({ model, out: b, format: false });
            // A paginator exactly where the model gives one: an operation named `__proto__` or
            // `toString` must not find one on Object.prototype.
            const paged = generated.packages[0]!.ir.operations.filter((o) => o.paginator).map((o) => o.name);
            expect(paged.sort()).toEqual(Object.keys((built.model.pagination ?? {}) as object).sort());
            // A package that imports the linear-time pattern engine declares it.
            const tree = readTree(a);
            for (const [file, content] of tree) {
              if (!file.endsWith("/src/validators.ts") || !content.includes('from "re2js"')) continue;
              const pkg = JSON.parse(tree.get(file.replace(/src\/validators\.ts$/, "package.json"))!) as {
                dependencies?: Record<string, string>;
              };
              expect(pkg.dependencies?.re2js, file).toBeDefined();
            }
            const first = readTree(a);
            const second = readTree(b);
            expect(first.size).toBeGreaterThan(10);
            expect(firstDifference(first, second)).toBeUndefined();
            if (built.operations >= 2) eligible++;
            if (sampled.length < SAMPLE && built.operations >= 2) {
              await generate({ model, out: sampleOut, format: true });
              sampled.push(folder);
            }
          } finally {
            for (const d of [dir, a, b]) rmSync(d, { recursive: true, force: true });
          }
        }),
        { numRuns: RUNS, seed: SEED, endOnFailure: true },
      );
      console.log(`fuzz: ${tried} random models generated twice each (${operations} operations, ${shapes} shapes), seed ${SEED}`);
      expect(tried).toBe(RUNS);

      writeFileSync(
        path.join(sampleOut, "tsconfig.json"),
        JSON.stringify({ compilerOptions: STRICT, include: sampled.map((f) => `${f}/src`) }),
      );
      const r = typecheck(sampleOut);
      expect(r.output).toBe("");
      expect(r.ok).toBe(true);
      compiled = true;
      expect(sampled.length).toBe(Math.min(SAMPLE, eligible));
      console.log(`fuzz: ${sampled.length} of them formatted and type-checked under the strict flags`);
    },
    Math.max(180_000, RUNS * 2_000),
  );
});
