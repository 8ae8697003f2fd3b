// The corpus row: `npm run test:corpus` (every corpus model of every supported protocol, generated
// by one worker process per core and type-checked) timed end to end, with its peak memory and the
// fitted time per shape it prints.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { type Reporter, fmt } from "./report.js";
import { ROOT } from "./services.js";

export function corpusRun(report: Reporter): void {
  const tsx = path.join(ROOT, "node_modules", "tsx", "dist", "cli.mjs");
  const started = process.hrtime.bigint();
  const r = spawnSync(process.execPath, [tsx, path.join(ROOT, "test", "corpus", "run.ts")], {
    cwd: ROOT,
    encoding: "utf8",
    timeout: 1_800_000,
    maxBuffer: 64 * 1024 * 1024,
  });
  const wallS = Number(process.hrtime.bigint() - started) / 1e9;
  const out = r.stdout;
  const totals = /^(\d+) passed, (\d+) failed \(([\d.]+) s total/m.exec(out);
  const peak = /^peak memory: (\d+) MB/m.exec(out);
  const generation = /^generation: ([\d.]+) s wall/m.exec(out);
  const typecheck = /^type-check: ([\d.]+) s for (\d+) packages in (\d+)/m.exec(out);
  const scaling = /^scaling: generate\(\) ms ≈ (-?\d+) \+ ([\d.]+) × shapes \(r² ([\d.]+), (\d+) models, (\d+) shapes\)/m.exec(out);
  if (totals === null || peak === null) {
    throw new Error(
      `the corpus run gave no totals (exit ${r.status ?? r.signal}): ${`${out}${r.stderr}`.trim().split("\n").slice(-3).join(" | ")}`,
    );
  }
  const models = Number(totals[1]) + Number(totals[2]);
  const peakMB = Number(peak[1]);
  report.exact("corpus.wall", "s", wallS);
  report.exact("corpus.peak", "MB", peakMB);
  report.exact("corpus.failed", "models", Number(totals[2]));
  if (generation) report.exact("corpus.generation", "s", Number(generation[1]));
  if (typecheck) report.exact("corpus.typecheck", "s", Number(typecheck[1]));
  report.row({
    section: "Generation",
    what:
      `every corpus model of every supported protocol (${models}, ${totals[2]} failed), generated (prettier on) and type-checked, ` +
      `one worker process per core: generation ${generation?.[1] ?? "?"} s, type-check ${typecheck?.[1] ?? "?"} s in ${typecheck?.[3] ?? "?"} runs`,
    svcgen: `${fmt(wallS)} s, ${peakMB} MB peak`,
    peer: "",
    ratio: "",
    target: "< 180 s, < 2048 MB",
    met: Number(totals[2]) === 0 && wallS < 180 && peakMB < 2048,
  });
  if (scaling) {
    report.exact("corpus.slope", "ms/shape", Number(scaling[2]));
    report.row({
      section: "Generation",
      what: `corpus time against size: least-squares line through each model's generate() time (${scaling[4]} models, ${scaling[5]} shapes; r² ${scaling[3]})`,
      svcgen: `${scaling[1]} ms + ${scaling[2]} ms/shape`,
      peer: "",
      ratio: "",
      target: "",
      met: undefined,
    });
  }
}
