// Every distinct pattern of the corpus through the translator and the static backtracking check:
// how many are unsafe for a backtracking engine, why, and how many of those RE2 can take.
// Run with `npx tsx test/corpus/patterns.ts` (CORPUS_MODELS_DIR overrides the corpus folder).
import { existsSync, readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { analyzePattern } from "../../generator/ir/redos.js";
import { translatePattern } from "../../generator/ir/pattern.js";
import { CORPUS_MODELS } from "../helpers.js";

const patterns = new Set<string>();
for (const service of readdirSync(CORPUS_MODELS).sort()) {
  for (const version of readdirSync(path.join(CORPUS_MODELS, service)).sort()) {
    const file = path.join(CORPUS_MODELS, service, version, "service-2.json");
    if (!existsSync(file)) continue;
    const shapes = (JSON.parse(readFileSync(file, "utf8")) as { shapes?: Record<string, { pattern?: unknown }> }).shapes ?? {};
    for (const shape of Object.values(shapes)) if (typeof shape.pattern === "string") patterns.add(shape.pattern);
  }
}
let untranslated = 0;
let unsafe = 0;
let withoutRe2 = 0;
let slowest = 0;
const reasons = new Map<string, number>();
const started = performance.now();
for (const pattern of patterns) {
  const t = translatePattern(pattern);
  if (!t.ok) {
    untranslated++;
    continue;
  }
  const t0 = performance.now();
  const r = analyzePattern(t.source, t.flags);
  slowest = Math.max(slowest, performance.now() - t0);
  if (!r.unsafe) continue;
  unsafe++;
  reasons.set(r.reason!, (reasons.get(r.reason!) ?? 0) + 1);
  if (r.re2 === undefined) withoutRe2++;
}
console.log(
  `patterns: ${patterns.size} distinct, ${untranslated} untranslatable, ${unsafe} unsafe for a backtracking engine (${unsafe - withoutRe2} checked with RE2, ${withoutRe2} without an RE2 form, left to the service)`,
);
for (const [reason, n] of [...reasons].sort((a, b) => b[1] - a[1])) console.log(`  ${n}: ${reason}`);
console.log(`analysis: ${Math.round(performance.now() - started)} ms in all, slowest pattern ${Math.round(slowest)} ms`);
