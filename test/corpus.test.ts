// A small fixed sample of the corpus, as `npm run test:corpus -- --quick --no-format` runs it: both
// JSON protocols (json 1.0 and 1.1), rpc-v2-cbor (partnercentral-revenue-measurement), models whose patterns need translating, legacy forms and
// paginator expressions, and the full IoT Managed Integrations model (corpus-iot.test.ts counts
// its operations). Each generates and compiles under the strict flags. The whole corpus,
// the largest models included, is `npm run test:corpus`, which CI runs.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "./helpers.js";
import { QUICK_SAMPLE, listCorpusModels } from "./corpus/models.js";

const { models } = listCorpusModels();
const sample = models.filter((m) => QUICK_SAMPLE.includes(m.name.split("/")[0]!));

describe.skipIf(sample.length === 0)("a sample of the corpus", () => {
  it("generates and type-checks every sampled model", () => {
    expect(sample.length).toBeGreaterThanOrEqual(QUICK_SAMPLE.length);
    expect(new Set(sample.map((m) => m.protocol))).toEqual(new Set(["rest-json", "json", "smithy-rpc-v2-cbor"]));
    const tsx = path.join(ROOT, "node_modules", "tsx", "dist", "cli.mjs");
    const run = spawnSync(
      process.execPath,
      [
        tsx,
        path.join(ROOT, "test", "corpus", "run.ts"),
        "--quick",
        "--no-format",
        "--out",
        path.join(ROOT, ".vitest-tmp", "corpus-sample"),
      ],
      {
        cwd: ROOT,
        encoding: "utf8",
        timeout: 900_000,
      },
    );
    const lines = run.stdout.split("\n");
    for (const line of lines.filter((l) => /^(corpus|generation|type-check|largest):/.test(l))) console.log(line);
    expect(lines.filter((l) => l.startsWith("FAIL "))).toEqual([]);
    expect(
      lines.filter((l) => l.startsWith(`${sample.length} passed, 0 failed `)),
      run.stdout + run.stderr,
    ).toHaveLength(1);
    expect(run.status).toBe(0);
  }, 900_000);
});
