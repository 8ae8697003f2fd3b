// `npm run test:corpus`: generates every corpus model of a supported protocol (rest-json, json,
// query, ec2, rest-xml, smithy-rpc-v2-cbor, plus the rpc-v2-cbor variant of models that list it
// beside json; folder from CORPUS_MODELS_DIR when set) with one worker process per core, then type-checks every generated
// package under the packages' own strict flags in a few compiler runs of bounded size, and reports
// counts, each failure with its first error, the times, the time per shape and the peak memory.
//   --sample       a fixed, diverse sample of 27 services, the largest and the XML ones included
//   --quick        the small sample `npm test` runs
//   --only a,b     these services (or service/version) only
//   --no-format    skip prettier (the compile check does not need it)
//   --jobs N       worker processes (default: the machine's cores)
//   --batch-mb N   generated source per type-check run (default 24): bounds the compiler's memory
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { CORPUS_MODELS, ROOT } from "../helpers.js";
import { QUICK_SAMPLE, SAMPLE, listCorpusModels, type CorpusModel } from "./models.js";
import type { WorkerResult } from "./worker.js";
import { sampleTreeRss } from "./memory.js";

const args = process.argv.slice(2);
const option = (name: string): string | undefined => {
  const i = args.indexOf(name);
  return i < 0 ? undefined : args[i + 1];
};
const format = !args.includes("--no-format");
const jobs = Number(option("--jobs") ?? os.availableParallelism());
const only = args.includes("--sample") ? SAMPLE : args.includes("--quick") ? QUICK_SAMPLE : option("--only")?.split(",");
const out = path.resolve(option("--out") ?? path.join(ROOT, ".vitest-tmp", "corpus"));

/** Bytes of every file under dir. */
function treeBytes(dir: string): number {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    total += entry.isDirectory() ? treeBytes(p) : statSync(p).size;
  }
  return total;
}

/** A child process to its end, without blocking the memory sampler. */
function run(cmd: string, argv: string[]): Promise<{ status: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, argv, { stdio: ["ignore", "pipe", "pipe"] });
    const chunks: Buffer[] = [];
    child.stdout.on("data", (c: Buffer) => chunks.push(c));
    child.stderr.on("data", (c: Buffer) => chunks.push(c));
    child.on("error", reject);
    child.on("close", (status) => resolve({ status, output: Buffer.concat(chunks).toString("utf8") }));
  });
}

const started = performance.now();
const memory = sampleTreeRss();
const { models: all, otherProtocols } = listCorpusModels(CORPUS_MODELS);
const models =
  only === undefined
    ? all
    : all.filter((m) => only.includes(m.name) || only.includes(m.name.split("/")[0]!) || only.includes(m.name.replace(/\+cbor$/, "")));
if (models.length === 0) {
  console.error(`no models of a supported protocol under ${CORPUS_MODELS}${only ? ` named ${only.join(", ")}` : ""}`);
  process.exit(1);
}
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

// Biggest first, each to the least loaded worker, so the workers finish together.
const shards: CorpusModel[][] = Array.from({ length: Math.max(1, Math.min(jobs, models.length)) }, () => []);
const load = shards.map(() => 0);
for (const m of [...models].sort((a, b) => b.bytes - a.bytes || (a.name < b.name ? -1 : 1))) {
  const i = load.indexOf(Math.min(...load));
  shards[i]!.push(m);
  load[i]! += m.bytes;
}

const tsx = path.join(ROOT, "node_modules", "tsx", "dist", "cli.mjs");
const results: WorkerResult[] = [];
await Promise.all(
  shards.map(
    (shard) =>
      new Promise<void>((resolve, reject) => {
        const child = spawn(
          process.execPath,
          [tsx, path.join(ROOT, "test", "corpus", "worker.ts"), out, format ? "--format" : "--no-format"],
          {
            stdio: ["pipe", "pipe", "inherit"],
          },
        );
        let buffered = "";
        child.stdout.on("data", (chunk: Buffer) => {
          buffered += chunk.toString("utf8");
          for (let nl = buffered.indexOf("\n"); nl >= 0; nl = buffered.indexOf("\n")) {
            const r = JSON.parse(buffered.slice(0, nl)) as WorkerResult;
            buffered = buffered.slice(nl + 1);
            results.push(r);
            if (r.error !== undefined) console.log(`FAIL ${r.name}: generation: ${r.error}`);
          }
        });
        child.on("error", reject);
        child.on("close", (code) => (code === 0 ? resolve() : reject(new Error(`a corpus worker exited with ${code}`))));
        child.stdin.end(JSON.stringify(shard));
      }),
  ),
);
const generatedAt = performance.now();

// Type-checking in batches of at most TYPECHECK_BATCH_BYTES of generated source: one compiler
// run over every package held the whole corpus in memory at once (5.7 GB at 246 models).
const TYPECHECK_BATCH_BYTES = Number(option("--batch-mb") ?? 24) * 1024 * 1024;
const generated = results.filter((r) => r.packageDir !== undefined).sort((a, b) => (a.name < b.name ? -1 : 1));
const compileErrors = new Map<string, string>();
let typecheckMs = 0;
let batches = 0;
if (generated.length > 0) {
  // The packages' own compiler options (all packages share them), minus what is per package.
  const own = JSON.parse(readFileSync(path.join(generated[0]!.packageDir!, "tsconfig.json"), "utf8")) as {
    compilerOptions: Record<string, unknown>;
  };
  const { outDir: _outDir, rootDir: _rootDir, declaration: _declaration, ...options } = own.compilerOptions;
  const groups: WorkerResult[][] = [[]];
  let groupBytes = 0;
  for (const r of generated) {
    const bytes = treeBytes(path.join(r.packageDir!, "src"));
    if (groupBytes > 0 && groupBytes + bytes > TYPECHECK_BATCH_BYTES) {
      groups.push([]);
      groupBytes = 0;
    }
    groups.at(-1)!.push(r);
    groupBytes += bytes;
  }
  batches = groups.length;
  const t0 = performance.now();
  for (const [i, group] of groups.entries()) {
    const tsconfig = {
      compilerOptions: { ...options, typeRoots: [path.join(ROOT, "node_modules", "@types")], noEmit: true },
      include: group.map((r) => path.join(r.packageDir!, "src")),
    };
    const config = path.join(out, `tsconfig.${i}.json`);
    writeFileSync(config, JSON.stringify(tsconfig, null, 2));
    const tsc = await run(process.execPath, [path.join(ROOT, "node_modules", "typescript", "bin", "tsc"), "-p", config]);
    for (const line of tsc.output.split("\n")) {
      const m = /^(.+?)\(\d+,\d+\): error /.exec(line);
      if (!m) continue;
      const file = path.resolve(out, m[1]!);
      const owner = group.find((r) => file.startsWith(r.packageDir! + path.sep));
      const key = owner?.name ?? "(outside any package)";
      if (!compileErrors.has(key)) compileErrors.set(key, line.trim());
    }
    if (tsc.status !== 0 && !group.some((r) => compileErrors.has(r.name)))
      compileErrors.set(`(compiler, batch ${i + 1})`, tsc.output.trim().split("\n")[0] ?? "tsc failed");
  }
  typecheckMs = performance.now() - t0;
}
for (const [name, error] of compileErrors) console.log(`FAIL ${name}: compile: ${error}`);

const failedGeneration = results.filter((r) => r.error !== undefined).length;
const failed = failedGeneration + compileErrors.size;
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const bySize = [...generated].sort((a, b) => b.shapes - a.shapes);
const stageTotals: Record<string, number> = {};
for (const r of generated) for (const [stage, ms] of Object.entries(r.stages)) stageTotals[stage] = (stageTotals[stage] ?? 0) + ms;
console.log(
  `corpus: ${models.length} models (${otherProtocols} of other protocols not generated), ${jobs} workers, prettier ${format ? "on" : "off"}`,
);
// Per protocol: models, passed, failed.
const failedNames = new Set([...results.filter((r) => r.error !== undefined).map((r) => r.name), ...compileErrors.keys()]);
const perProtocol = new Map<string, { models: number; failed: number }>();
for (const m of models) {
  const row = perProtocol.get(m.protocol) ?? { models: 0, failed: 0 };
  row.models++;
  if (failedNames.has(m.name)) row.failed++;
  perProtocol.set(m.protocol, row);
}
for (const [protocol, row] of [...perProtocol].sort(([a], [b]) => (a < b ? -1 : 1))) {
  console.log(`  ${protocol}: ${row.models - row.failed} passed, ${row.failed} failed`);
}
console.log(
  `generation: ${seconds(generatedAt - started)} wall; per stage (summed over workers): ${Object.entries(stageTotals)
    .map(([s, ms]) => `${s} ${seconds(ms)}`)
    .join(", ")}`,
);
console.log(`type-check: ${seconds(typecheckMs)} for ${generated.length} packages in ${batches} strict compiler run(s)`);
// Time against size: a least-squares line through (shapes, ms) of every model generated.
if (generated.length >= 2) {
  const xs = generated.map((r) => r.shapes);
  const ys = generated.map((r) => r.ms);
  const mx = xs.reduce((a, b) => a + b, 0) / xs.length;
  const my = ys.reduce((a, b) => a + b, 0) / ys.length;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < xs.length; i++) {
    sxy += (xs[i]! - mx) * (ys[i]! - my);
    sxx += (xs[i]! - mx) ** 2;
    syy += (ys[i]! - my) ** 2;
  }
  const slope = sxx === 0 ? 0 : sxy / sxx;
  const r2 = sxx === 0 || syy === 0 ? 0 : (sxy * sxy) / (sxx * syy);
  const shapes = xs.reduce((a, b) => a + b, 0);
  console.log(
    `scaling: generate() ms ≈ ${(my - slope * mx).toFixed(0)} + ${slope.toFixed(2)} × shapes (r² ${r2.toFixed(2)}, ${generated.length} models, ${shapes} shapes)`,
  );
}
console.log(
  `peak memory: ${(memory.stop() / 1024 / 1024).toFixed(0)} MB (resident, this runner and its processes summed, sampled every 0.2 s)`,
);
for (const r of bySize.slice(0, 3))
  console.log(`largest: ${r.name}: ${r.shapes} shapes, ${r.operations} operations, ${r.files} files, ${seconds(r.ms)}`);
const notices = generated.reduce((n, r) => n + r.notices, 0);
const waiterFiles = generated
  .map((r) => path.join(r.packageDir!, "src", "waiters"))
  .filter((d) => existsSync(d))
  .map((d) => readdirSync(d).length);
console.log(
  `waiters: ${waiterFiles.reduce((a, b) => a + b, 0)} generated in ${waiterFiles.length} packages, acceptor expressions compiled to TypeScript`,
);
if (notices > 0) console.log(`notices: ${notices} (unsupported features reported at generation, e.g. event streams)`);
console.log(
  `${models.length - failed} passed, ${failed} failed (${seconds(performance.now() - started)} total, models from ${CORPUS_MODELS})`,
);
process.exitCode = failed > 0 ? 1 : 0;
