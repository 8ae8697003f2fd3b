// `npm run test:corpus`: generates every corpus model of a supported protocol (rest-json, json,
// query, ec2, rest-xml, smithy-rpc-v2-cbor, plus the rpc-v2-cbor variant of models that list it
// beside json; folder from CORPUS_MODELS_DIR when set) with one worker process per core, then type-checks every generated
// package under the packages' own strict flags in one compiler run, and reports counts, each
// failure with its first error, and the times.
//   --sample       a fixed, diverse sample of 27 services, the largest and the XML ones included
//   --quick        the small sample `npm test` runs
//   --only a,b     these services (or service/version) only
//   --no-format    skip prettier (the compile check does not need it)
//   --jobs N       worker processes (default: the machine's cores)
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { CORPUS_MODELS, ROOT } from "../helpers.js";
import { QUICK_SAMPLE, SAMPLE, listCorpusModels, type CorpusModel } from "./models.js";
import type { WorkerResult } from "./worker.js";

const args = process.argv.slice(2);
const option = (name: string): string | undefined => {
  const i = args.indexOf(name);
  return i < 0 ? undefined : args[i + 1];
};
const format = !args.includes("--no-format");
const jobs = Number(option("--jobs") ?? os.availableParallelism());
const only = args.includes("--sample") ? SAMPLE : args.includes("--quick") ? QUICK_SAMPLE : option("--only")?.split(",");
const out = path.resolve(option("--out") ?? path.join(ROOT, ".vitest-tmp", "corpus"));

const started = performance.now();
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

// One compiler run over every package.
const generated = results.filter((r) => r.packageDir !== undefined);
const compileErrors = new Map<string, string>();
let typecheckMs = 0;
if (generated.length > 0) {
  // The packages' own compiler options (all packages share them), minus what is per package.
  const own = JSON.parse(readFileSync(path.join(generated[0]!.packageDir!, "tsconfig.json"), "utf8")) as {
    compilerOptions: Record<string, unknown>;
  };
  const { outDir: _outDir, rootDir: _rootDir, declaration: _declaration, ...options } = own.compilerOptions;
  const tsconfig = {
    compilerOptions: { ...options, typeRoots: [path.join(ROOT, "node_modules", "@types")], noEmit: true },
    include: generated.map((r) => path.join(r.packageDir!, "src")),
  };
  const config = path.join(out, "tsconfig.json");
  writeFileSync(config, JSON.stringify(tsconfig, null, 2));
  const t0 = performance.now();
  const tsc = spawnSync(process.execPath, [path.join(ROOT, "node_modules", "typescript", "bin", "tsc"), "-p", config], {
    encoding: "utf8",
    maxBuffer: 256 * 1024 * 1024,
  });
  typecheckMs = performance.now() - t0;
  for (const line of `${tsc.stdout}${tsc.stderr}`.split("\n")) {
    const m = /^(.+?)\(\d+,\d+\): error /.exec(line);
    if (!m) continue;
    const file = path.resolve(out, m[1]!);
    const owner = generated.find((r) => file.startsWith(r.packageDir! + path.sep));
    const key = owner?.name ?? "(outside any package)";
    if (!compileErrors.has(key)) compileErrors.set(key, line.trim());
  }
  if (tsc.status !== 0 && compileErrors.size === 0)
    compileErrors.set("(compiler)", `${tsc.stdout}${tsc.stderr}`.trim().split("\n")[0] ?? "tsc failed");
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
console.log(`type-check: ${seconds(typecheckMs)} for ${generated.length} packages in one strict compiler run`);
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
