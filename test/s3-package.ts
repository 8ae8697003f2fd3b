// The corpus S3 model generated once per test process (unformatted) for the tests that drive a
// generated S3 client: files of one vitest worker share the module cache, so they share this.
import { existsSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { generate } from "../generator/generate.js";
import { CORPUS_MODELS, tempDir } from "./helpers.js";

export const S3_MODEL = path.join(CORPUS_MODELS, "s3", "2006-03-01");
export const s3ModelAvailable = existsSync(path.join(S3_MODEL, "service-2.json"));

let generated: Promise<string> | undefined;

/** The generated package's src/ folder. */
function s3Source(): Promise<string> {
  generated ??= (async () => {
    const out = tempDir("s3-package");
    await generate({ model: S3_MODEL, out, format: false });
    return path.join(out, "s3", "src");
  })();
  return generated;
}

/** The named modules of the generated S3 package (paths under src/), merged into one namespace. */
export async function loadS3(modules: readonly string[]): Promise<Record<string, any>> {
  const src = await s3Source();
  const merged: Record<string, any> = {};
  for (const rel of modules) Object.assign(merged, await import(pathToFileURL(path.join(src, rel)).href));
  return merged;
}
