// Measures the docs site of a large service: time to emit it (the site plugin alone, after the
// IR is built), page count, total and largest page size. `npx tsx test/docs-site/measure.ts [model folder]` (default: the corpus's SageMaker).
import path from "node:path";
import { emitArtifact } from "../../generator/emit/registry.js";
import { buildIR } from "../../generator/ir/build.js";
import { loadModels } from "../../generator/load/index.js";

const model = process.argv[2] ?? path.resolve(import.meta.dirname, "../../../shared/corpus/botocore/models/sagemaker");
const models = await loadModels(model);
const ir = buildIR(models[0]!);
const ctx = { generatorVersion: "0.0.0-measure", banner: "" };
// The first run is what a generation pays (sanitize-html's cache empty); the second shows the rest.
let start = performance.now();
const files = emitArtifact("site", ir, ctx);
const ms = performance.now() - start;
start = performance.now();
emitArtifact("site", ir, ctx);
const warm = performance.now() - start;
const sizes = files.map((f) => ({ path: f.path, bytes: Buffer.byteLength(f.content) }));
sizes.sort((a, b) => b.bytes - a.bytes);
const total = sizes.reduce((n, s) => n + s.bytes, 0);
console.log(
  `${ir.packageName}: ${ir.operations.length} operations, ${files.length} files, ${(total / 1e6).toFixed(1)} MB in ${ms.toFixed(0)} ms (again, documentation already sanitised: ${warm.toFixed(0)} ms)`,
);
console.log(
  `largest: ${sizes
    .slice(0, 3)
    .map((s) => `${s.path} ${(s.bytes / 1024).toFixed(0)} KiB`)
    .join(", ")}`,
);
