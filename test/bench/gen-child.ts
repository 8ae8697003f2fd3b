// Runs in a child process for the generation figures: one `generate()` with formatting on, as
// `npm run generate` does. Prints one JSON line: the in-process time, the stage times and counts.
import { generate } from "../../generator/generate.js";

const [model, out] = process.argv.slice(2);
if (model === undefined || out === undefined) {
  process.stderr.write("usage: gen-child.ts MODEL OUT\n");
  process.exit(2);
}
const started = performance.now();
const result = await generate({ model, out, format: true });
const ms = performance.now() - started;
const shapes = result.packages.reduce((n, p) => n + p.ir.shapes.size, 0);
const operations = result.packages.reduce((n, p) => n + p.ir.operations.length, 0);
const files = result.packages.reduce((n, p) => n + p.files.length, 0);
process.stdout.write(
  JSON.stringify({ ms, times: result.times, shapes, operations, files, maxRssKB: process.resourceUsage().maxRSS }) + "\n",
);
