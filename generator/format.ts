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

/**
 * Small TypeScript files are formatted together, joined by a boundary comment and split after:
 * each prettier call costs about 2.5 ms beyond its text, so sagemaker's 403 operation modules
 * took 1.4 s one by one and 0.55 s as one text, with byte-identical output (top-level statements
 * are formatted independently, and a comment line keeps its place). A batch that fails to format
 * (or splits into the wrong number of parts) is formatted file by file, so an error names its file.
 */
const BOUNDARY = "// svcgen: the end of one generated file in a formatting batch";
const BATCH_BYTES = 256 * 1024;

/** `text` with exactly one final line break (prettier's output always ends in one). */
function oneFinalNewline(text: string): string {
  let end = text.length;
  while (end > 0 && text.charCodeAt(end - 1) === 10) end--;
  return `${text.slice(0, end)}\n`;
}

export async function formatFiles(files: readonly PlannedFile[]): Promise<PlannedFile[]> {
  const out: PlannedFile[] = [...files];
  const single = async (i: number, options: prettier.Options) => {
    out[i] = { path: files[i]!.path, content: await prettier.format(files[i]!.content, options) };
  };
  let batch: number[] = [];
  let bytes = 0;
  const flush = async () => {
    const members = batch;
    batch = [];
    bytes = 0;
    if (members.length === 0) return;
    const options = optionsOf(files[members[0]!]!.path)!;
    let parts: string[] | undefined;
    if (members.length > 1) {
      try {
        const joined = members.map((i) => oneFinalNewline(files[i]!.content)).join(`${BOUNDARY}\n`);
        parts = (await prettier.format(joined, options)).split(`${BOUNDARY}\n`);
      } catch {
        parts = undefined;
      }
    }
    if (parts !== undefined && parts.length === members.length) {
      for (const [k, i] of members.entries()) out[i] = { path: files[i]!.path, content: parts[k]! };
    } else for (const i of members) await single(i, options);
  };
  for (const [i, f] of files.entries()) {
    const options = optionsOf(f.path);
    if (options === undefined) continue;
    // A file must start with text (generated ones start with their banner): prettier drops leading
    // blank lines of a file but keeps one after the boundary comment.
    const first = f.content.charCodeAt(0);
    const startsWithText = f.content.length > 0 && first !== 10 && first !== 13 && first !== 32 && first !== 9;
    const batchable = options.parser === "babel-ts" && f.content.length < BATCH_BYTES && startsWithText && !f.content.includes(BOUNDARY);
    if (!batchable) {
      await single(i, options);
      continue;
    }
    if (bytes + f.content.length > BATCH_BYTES) await flush();
    batch.push(i);
    bytes += f.content.length;
  }
  await flush();
  return out;
}
