// Prettier over the planned TypeScript and JSON. TypeScript gets `filepath` (without it prettier's
// parser runs a JSX-guessing pass that is quadratic in file size); runtime copies stay
// byte-for-byte as written. Markdown is emitted in its final form: on the 83-operation corpus
// model prettier spent 3.6 s of 10.5 s re-wrapping docs pages that were already well formed.
import * as prettier from "prettier";
import type { PlannedFile } from "./emit/context.js";

const OPTIONS: prettier.Options = { printWidth: 100, endOfLine: "lf" };

export async function formatFiles(files: readonly PlannedFile[]): Promise<PlannedFile[]> {
  const out: PlannedFile[] = [];
  for (const f of files) {
    if (f.path.startsWith("src/runtime/")) {
      out.push(f);
      continue;
    }
    if (/\.(ts|json)$/.test(f.path)) {
      const content = await prettier.format(f.content, { ...OPTIONS, filepath: f.path });
      out.push({ path: f.path, content });
    } else out.push(f);
  }
  return out;
}
