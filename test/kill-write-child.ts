// The write stage of a generation, alone in a process, for the kill tests of
// broken-models.test.ts: the same calls generate() makes once the files are planned
// (recoverInterrupted, then writePackage), without loading the emitters. A process killed here
// is a generation killed while writing, at a fraction of the CLI's start-up.
//   node --import tsx test/kill-write-child.ts OUT NAME PLANNED.json
import { readFileSync } from "node:fs";
import type { PlannedFile } from "../generator/emit/kit/file.js";
import { recoverInterrupted, writePackage } from "../generator/write.js";

const [out, name, plannedJson] = process.argv.slice(2) as [string, string, string];
const files = JSON.parse(readFileSync(plannedJson, "utf8")) as PlannedFile[];
await recoverInterrupted(out);
await writePackage(out, name, files);
