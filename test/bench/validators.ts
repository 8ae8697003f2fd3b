// svcgen's generated validators for ListAccountAssociations against Ajv 8 compiled from an
// equivalent JSON Schema built from the model (json-schema.ts). The comparison runs in a child
// process on bundled code (validators-child.ts): first identical verdicts on every sample, the
// edge cases included, then throughput on a valid and an invalid input, and a valid and an
// invalid 50-item output parsed from JSON.
import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { loadModels } from "../../generator/load/index.js";
import { bundle } from "./bundle.js";
import { shapeSchema } from "./json-schema.js";
import type { Reporter } from "./report.js";
import { ROOT } from "./services.js";
import type { ValidatorOptions, ValidatorResults, ValidatorSchemas } from "./validators-child.js";

const CHILD = path.join(path.dirname(fileURLToPath(import.meta.url)), "validators-child.ts");

export async function validators(report: Reporter, dir: string, options: ValidatorOptions): Promise<void> {
  const [model] = await loadModels(path.join(ROOT, "model", "iot-managed-integrations"));
  if (model === undefined) throw new Error("default model did not load");
  const shapes = model.document["shapes"] as Record<string, unknown>;
  const schemas: ValidatorSchemas = {
    input: shapeSchema(shapes, "ListAccountAssociationsRequest", "input"),
    output: shapeSchema(shapes, "ListAccountAssociationsResponse", "output"),
  };
  const schemaFile = path.join(dir, "validator-schemas.json");
  writeFileSync(schemaFile, JSON.stringify(schemas));
  const entry =
    `import { readFileSync } from "node:fs";\nimport { runValidators } from ${JSON.stringify(CHILD)};\n` +
    'const results = runValidators(JSON.parse(readFileSync(process.argv[2], "utf8")), JSON.parse(process.argv[3]));\n' +
    'process.stdout.write(JSON.stringify(results) + "\\n");\n';
  const file = path.join(dir, "validators.mjs");
  writeFileSync(file, (await bundle(entry, "node")).code);
  const r = spawnSync(process.execPath, [file, schemaFile, JSON.stringify(options)], {
    encoding: "utf8",
    timeout: 600_000,
  });
  if (r.status !== 0)
    throw new Error(`validators child exited ${r.status ?? r.signal}: ${r.stderr.trim().split("\n").slice(-3).join(" | ")}`);
  const results = JSON.parse(r.stdout.trim().split("\n").pop() ?? "{}") as ValidatorResults;
  if (results.mismatches.length > 0) throw new Error(`verdicts differ: ${results.mismatches.join("; ")}`);
  const ajvVersion = (JSON.parse(readFileSync(path.join(ROOT, "node_modules", "ajv", "package.json"), "utf8")) as { version: string })
    .version;
  report.note(
    `validators: verdicts identical on ${results.inputCases} input and ${results.outputCases} output samples; bundled child process; ` +
      `Ajv ${ajvVersion} with allowUnionTypes, defaults otherwise (it stops at the first error; svcgen collects every issue with path and message); ` +
      `${options.warmupMs} ms warm-up, then ${options.rounds} rounds of ~${options.batchMs} ms batches each`,
  );
  for (const [name, s] of Object.entries(results.samples)) {
    const o = report.figure(`validate.${name}.svcgen`, "ops/s", s.svcgen).median;
    const p = report.figure(`validate.${name}.ajv`, "ops/s", s.ajv).median;
    const ratio = o / p;
    const met = report.ratio(`validate.${name}.svcgen_over_ajv`, ratio, { text: "≥ 2", met: (v) => v >= 2 });
    report.row({
      section: "Validators",
      what: `ListAccountAssociations ${name.startsWith("input") ? "input" : "50-item output"}, ${name.endsWith(".valid") ? "valid" : "invalid"}`,
      svcgen: `${Math.round(o).toLocaleString("en-US")} ops/s`,
      peer: `${Math.round(p).toLocaleString("en-US")} ops/s (Ajv)`,
      ratio: ratio.toFixed(2),
      target: "≥ 2",
      met,
    });
  }
}
