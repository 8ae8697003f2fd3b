// A fixed sample of the corpus, as `npm run test:corpus -- --sample --no-format` runs it: the
// largest model (sagemaker), both JSON protocols, models whose patterns need translating, legacy
// forms and paginator expressions. Each generates and compiles under the strict flags.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "./helpers.js";
import { SAMPLE, listCorpusModels } from "./corpus/models.js";

const { models } = listCorpusModels();
const sample = models.filter((m) => SAMPLE.includes(m.name.split("/")[0]!));

describe.skipIf(sample.length === 0)("a sample of the corpus", () => {
  it("generates and type-checks every sampled model, the largest included", () => {
    expect(sample.length).toBeGreaterThanOrEqual(20);
    expect(sample.some((m) => m.name.startsWith("sagemaker/"))).toBe(true);
    const tsx = path.join(ROOT, "node_modules", "tsx", "dist", "cli.mjs");
    const run = spawnSync(process.execPath, [tsx, path.join(ROOT, "test", "corpus", "run.ts"), "--sample", "--no-format", "--out", path.join(ROOT, ".vitest-tmp", "corpus-sample")], {
      cwd: ROOT,
      encoding: "utf8",
      timeout: 900_000,
    });
    const lines = run.stdout.split("\n");
    for (const line of lines.filter((l) => /^(corpus|generation|type-check|largest):/.test(l))) console.log(line);
    expect(lines.filter((l) => l.startsWith("FAIL "))).toEqual([]);
    expect(lines.filter((l) => l.startsWith(`${sample.length} passed, 0 failed `))).toHaveLength(1);
    expect(lines.some((l) => /^largest: sagemaker\/\S+: \d+ shapes/.test(l))).toBe(true);
    expect(run.status).toBe(0);
  }, 900_000);
});
