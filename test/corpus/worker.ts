// One generation worker of `npm run test:corpus`: reads model folders (one JSON list on stdin),
// generates each into the output folder, and prints one JSON line per model.
import { readFileSync } from "node:fs";
import path from "node:path";
import { generate } from "../../generator/generate.js";
import type { CorpusModel } from "./models.js";

export interface WorkerResult {
  readonly name: string;
  readonly packageDir: string | undefined;
  readonly error: string | undefined;
  readonly ms: number;
  readonly shapes: number;
  readonly operations: number;
  readonly files: number;
  readonly notices: number;
  readonly stages: Record<string, number>;
}

const [out, format] = [process.argv[2]!, process.argv[3] !== "--no-format"];
const models = JSON.parse(readFileSync(0, "utf8")) as CorpusModel[];
for (const model of models) {
  const started = performance.now();
  let result: WorkerResult;
  try {
    const { packages, times } = await generate({
      model: model.dir,
      out: path.join(out, model.name.replace("/", "@")),
      format,
      ...(model.protocolOption === undefined ? {} : { packageOptions: { protocol: model.protocolOption } }),
    });
    const pkg = packages[0]!;
    result = {
      name: model.name,
      packageDir: path.join(out, model.name.replace("/", "@"), pkg.ir.packageName),
      error: undefined,
      ms: performance.now() - started,
      shapes: pkg.ir.shapes.size,
      operations: pkg.ir.operations.length,
      files: pkg.files.length,
      notices: pkg.ir.notices.length,
      stages: { ...times },
    };
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    result = {
      name: model.name,
      packageDir: undefined,
      error: message.split("\n")[0]!,
      ms: performance.now() - started,
      shapes: 0,
      operations: 0,
      files: 0,
      notices: 0,
      stages: {},
    };
  }
  process.stdout.write(`${JSON.stringify(result)}\n`);
}
