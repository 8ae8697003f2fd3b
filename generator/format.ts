// Prettier over the planned TypeScript and JSON; runtime copies stay byte-for-byte as written.
// Markdown is emitted in its final form: on the 83-operation corpus model prettier spent 3.6 s
// of 10.5 s re-wrapping docs pages that were already well formed.
//
// TypeScript goes through the babel-ts parser: on the 83-operation model's files it formats in
// 0.9-1.35 s warm (3.0-4.0 s cold) where the typescript parser takes 2.0-4.3 s (5-6 s cold),
// with byte-identical output on every file compared (sagemaker's included). Spreading files over
// worker threads was tried and dropped: each worker starts prettier cold, and on this 2-core
// machine it gained nothing measurable.
import * as prettier from "prettier";
import type { PlannedFile } from "./emit/kit/file.js";

const OPTIONS: prettier.Options = { printWidth: 100, endOfLine: "lf" };

/** Options for one file; JSON keeps prettier's choice by file name (package.json has its own). */
function optionsOf(file: string): prettier.Options | undefined {
  if (file.startsWith("src/runtime/")) return undefined;
  return file.endsWith(".ts") ? { ...OPTIONS, parser: "babel-ts" } : file.endsWith(".json") ? { ...OPTIONS, filepath: file } : undefined;
}

export async function formatFiles(files: readonly PlannedFile[]): Promise<PlannedFile[]> {
  const out: PlannedFile[] = [];
  for (const f of files) {
    const options = optionsOf(f.path);
    out.push(options === undefined ? f : { path: f.path, content: await prettier.format(f.content, options) });
  }
  return out;
}
