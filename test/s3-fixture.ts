// The corpus S3 model generated once per test worker (files share a worker's module cache), and
// the modules of it a test asks for. Generation takes seconds; the S3 test files share it.
import { existsSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { generate } from "../generator/generate.js";
import { CORPUS_MODELS, tempDir } from "./helpers.js";

export const S3_MODEL = path.join(CORPUS_MODELS, "s3", "2006-03-01");
export const s3Available = existsSync(path.join(S3_MODEL, "service-2.json"));

let generated: Promise<string> | undefined;

/** The generated package's `src/` folder. */
export function generatedS3(): Promise<string> {
  generated ??= (async () => {
    const out = tempDir("s3-fixture");
    await generate({ model: S3_MODEL, out, format: false });
    return path.join(out, "s3", "src");
  })();
  return generated;
}

/** The named modules of the generated package (paths under src/), merged into one object. */
export async function loadS3(modules: readonly string[]): Promise<Record<string, any>> {
  const src = await generatedS3();
  const mod: Record<string, any> = {};
  for (const rel of modules) Object.assign(mod, await import(pathToFileURL(path.join(src, rel)).href));
  return mod;
}
