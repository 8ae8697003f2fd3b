// The real service from the corpus (83 operations) generates in full. It compiles under the
// strict flags in corpus.test.ts's one compiler run over the corpus sample (QUICK_SAMPLE), and CI's
// `npm run test:corpus` formats it with prettier.
import { describe, expect, it } from "vitest";
import path from "node:path";
import { generate } from "../generator/generate.js";
import { QUICK_SAMPLE } from "./corpus/models.js";
import { CORPUS_MODELS, tempDir } from "./helpers.js";

describe("the full IoT Managed Integrations model from the corpus", () => {
  it("generates 83 operations (compiled with the corpus sample)", async () => {
    expect(QUICK_SAMPLE).toContain("iot-managed-integrations");
    const out = tempDir("corpus-iot");
    const started = performance.now();
    const result = await generate({
      model: path.join(CORPUS_MODELS, "iot-managed-integrations", "2025-03-03"),
      out,
      format: false,
    });
    const ms = performance.now() - started;
    const pkg = result.packages[0]!;
    expect(pkg.ir.operations).toHaveLength(83);
    expect(pkg.ir.packageName).toBe("iot-managed-integrations");
    expect(pkg.files.map((f) => f.path)).toContain("src/operations/list-account-associations.ts");
    console.log(`full corpus model: ${pkg.files.length} files in ${ms.toFixed(0)} ms`);
  });
});
