// The real service from the corpus (83 operations) generates and compiles under the strict flags.
import { describe, expect, it } from "vitest";
import path from "node:path";
import { generate } from "../generator/generate.js";
import { CORPUS_MODELS, tempDir, typecheck } from "./helpers.js";

describe("the full IoT Managed Integrations model from the corpus", () => {
  it("generates 83 operations and compiles", async () => {
    const out = tempDir("corpus-iot");
    const started = performance.now();
    const result = await generate({ model: path.join(CORPUS_MODELS, "iot-managed-integrations", "2025-03-03"), out });
    const ms = performance.now() - started;
    const pkg = result.packages[0]!;
    expect(pkg.ir.operations).toHaveLength(83);
    expect(pkg.ir.packageName).toBe("iot-managed-integrations");
    console.log(`full corpus model: ${pkg.files.length} files in ${ms.toFixed(0)} ms`);
    const r = typecheck(path.join(out, pkg.ir.packageName));
    expect(r.output).toBe("");
    expect(r.ok).toBe(true);
  });
});
