// The docs site of the corpus's largest services (SageMaker, EC2): every page under 1 MB, the
// search index a file of its own, and the emitter fast: the site plugin alone, after the IR is
// built, within a bound generous enough for a loaded 2-core machine (it takes 3.7-4.4 s for
// SageMaker at a load average over 20, the sanitiser cold). In `npm run test:slow`.
import { existsSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { emitArtifact } from "../../generator/emit/registry.js";
import { buildIR } from "../../generator/ir/build.js";
import { loadModels } from "../../generator/load/index.js";
import { CORPUS_MODELS } from "../helpers.js";

const MB = 1024 * 1024;
const CTX = { generatorVersion: "0.0.0-test", banner: "" };

describe.each(["sagemaker", "ec2"])("the %s site", (service) => {
  const dir = path.join(CORPUS_MODELS, service);
  it.skipIf(!existsSync(dir))("keeps every page under 1 MB and is emitted in seconds", async () => {
    const ir = buildIR((await loadModels(dir))[0]!);
    const start = performance.now();
    const files = emitArtifact("site", ir, CTX);
    const ms = performance.now() - start;
    const pages = files.filter((f) => f.path.endsWith(".html"));
    expect(pages.length).toBeGreaterThan(ir.operations.length);
    const largest = Math.max(...files.map((f) => Buffer.byteLength(f.content)));
    expect(largest).toBeLessThan(MB);
    for (const f of pages) expect(f.content.includes("search-index.js"), f.path).toBe(false);
    expect(ms).toBeLessThan(30_000);
  });
});
