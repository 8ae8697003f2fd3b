// Shared test helpers: paths, temporary folders, running the CLI and the TypeScript compiler.
import { spawnSync } from "node:child_process";
import { mkdtempSync, mkdirSync, writeFileSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { format } from "node:util";
import { fileURLToPath } from "node:url";
import type { Io } from "../generator/cli.js";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const SHARED = path.resolve(ROOT, "..", "shared");
export const CORPUS_MODELS = process.env.CORPUS_MODELS_DIR ?? path.join(SHARED, "corpus", "botocore", "models");
export const DEFAULT_MODEL = path.join(ROOT, "model", "iot-managed-integrations");

/** A fresh folder under .vitest-tmp/ (inside the repo, so generated code resolves node_modules). */
export function tempDir(prefix: string): string {
  const base = path.join(ROOT, ".vitest-tmp");
  mkdirSync(base, { recursive: true });
  return mkdtempSync(path.join(base, prefix + "-"));
}

/** Writes `files` (path → JSON value or text) under a new temp folder; returns the folder. */
export function writeModel(files: Record<string, unknown>, prefix = "model"): string {
  const dir = tempDir(prefix);
  for (const [rel, content] of Object.entries(files)) {
    const p = path.join(dir, rel);
    mkdirSync(path.dirname(p), { recursive: true });
    writeFileSync(p, typeof content === "string" ? content : JSON.stringify(content, null, 2));
  }
  return dir;
}

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

export function runCli(args: string[]): CliResult {
  const r = spawnSync(process.execPath, ["--import", "tsx", path.join(ROOT, "generator", "cli.ts"), ...args], {
    cwd: ROOT,
    encoding: "utf8",
    timeout: 120_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

let cliMain: Promise<(argv: string[], io: Io) => Promise<number>> | undefined;
let cliQueue: Promise<unknown> = Promise.resolve();

/**
 * The CLI's own `main` (arguments, messages, exit codes), run in this process: a CLI process
 * costs seconds of start-up, this costs the generation. Runs one at a time, since it captures
 * console.log and console.error. A handful of tests spawn the real CLI with `runCli` to prove
 * the process end to end (exit status, stderr).
 */
export function runCliInProcess(args: string[]): Promise<CliResult> {
  const run = cliQueue.then(async () => {
    const main = await (cliMain ??= importCliMain());
    let stdout = "";
    let stderr = "";
    const status = await main(args, {
      out: (l) => void (stdout += l + "\n"),
      err: (l) => void (stderr += l + "\n"),
      cwd: process.cwd(),
    });
    return { status, stdout, stderr };
  });
  cliQueue = run.catch(() => undefined);
  return run;
}

/** cli.ts runs `main(process.argv.slice(2))` when imported: give it `--help`, and hide its usage text. */
async function importCliMain(): Promise<(argv: string[], io: Io) => Promise<number>> {
  const argv = process.argv;
  const exitCode = process.exitCode;
  process.argv = [argv[0]!, path.join(ROOT, "generator", "cli.ts"), "--help"];
  try {
    const { result } = await captureConsole(async () => (await import("../generator/cli.js")).main);
    return result;
  } finally {
    process.argv = argv;
    process.exitCode = exitCode;
  }
}

async function captureConsole<T>(work: () => Promise<T>): Promise<CliResult & { result: T }> {
  const { log, error } = console;
  let stdout = "";
  let stderr = "";
  console.log = (...parts: unknown[]) => void (stdout += format(...parts) + "\n");
  console.error = (...parts: unknown[]) => void (stderr += format(...parts) + "\n");
  try {
    const result = await work();
    return { result, status: typeof result === "number" ? result : null, stdout, stderr };
  } finally {
    console.log = log;
    console.error = error;
  }
}

/** Type-checks a generated package with its own strict tsconfig; returns the compiler's output. */
export function typecheck(pkgDir: string): { ok: boolean; output: string } {
  const tsc = path.join(ROOT, "node_modules", "typescript", "bin", "tsc");
  const r = spawnSync(process.execPath, [tsc, "-p", path.join(pkgDir, "tsconfig.json"), "--noEmit"], {
    encoding: "utf8",
    timeout: 300_000,
  });
  return { ok: r.status === 0, output: (r.stdout ?? "") + (r.stderr ?? "") };
}

/** Every file under `dir` (relative paths, sorted) with its content. */
export function readTree(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (rel: string) => {
    for (const name of readdirSync(path.join(dir, rel)).sort()) {
      const r = rel ? `${rel}/${name}` : name;
      if (statSync(path.join(dir, r)).isDirectory()) walk(r);
      else out.set(r, readFileSync(path.join(dir, r), "utf8"));
    }
  };
  walk("");
  return out;
}

/** Every file under `dir` (relative paths, sorted) with its bytes. */
export function readTreeBytes(dir: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  const walk = (rel: string) => {
    for (const name of readdirSync(path.join(dir, rel)).sort()) {
      const r = rel ? `${rel}/${name}` : name;
      if (statSync(path.join(dir, r)).isDirectory()) walk(r);
      else out.set(r, readFileSync(path.join(dir, r)));
    }
  };
  walk("");
  return out;
}

/**
 * How `actual` differs from `expected`, byte for byte: one paragraph per file missing, extra or
 * changed; a changed file shows from its first differing line, 3 lines of each side (- expected,
 * + actual).
 * Empty when the trees are identical.
 */
export function treeDifferences(
  expected: Map<string, Buffer>,
  actual: Map<string, Buffer>,
  labels: { expected: string; actual: string } = { expected: "the expected tree", actual: "the new tree" },
  maxFiles = 20,
): string {
  const out: string[] = [];
  const names = [...new Set([...expected.keys(), ...actual.keys()])].sort();
  let differing = 0;
  for (const name of names) {
    const e = expected.get(name);
    const a = actual.get(name);
    if (e !== undefined && a !== undefined && e.equals(a)) continue;
    differing++;
    if (differing > maxFiles) continue;
    if (a === undefined) out.push(`${name}: only in ${labels.expected}`);
    else if (e === undefined) out.push(`${name}: only in ${labels.actual}`);
    else {
      const el = e.toString("utf8").split("\n");
      const al = a.toString("utf8").split("\n");
      let i = 0;
      while (i < el.length && i < al.length && el[i] === al[i]) i++;
      const excerpt = (lines: string[], sign: string) =>
        lines
          .slice(i, i + 3)
          .map((l) => `  ${sign} ${l.length > 160 ? l.slice(0, 160) + "…" : l}`)
          .join("\n");
      out.push(`${name}: differs from line ${i + 1} (${e.length} → ${a.length} bytes)\n${excerpt(el, "-")}\n${excerpt(al, "+")}`);
    }
  }
  if (differing > maxFiles) out.push(`… and ${differing - maxFiles} more file(s)`);
  return differing === 0 ? "" : `${differing} file(s) differ:\n${out.join("\n")}`;
}

/** A minimal valid rest-json model, to be varied by tests. */
export function tinyModel(
  overrides: {
    operations?: Record<string, unknown>;
    shapes?: Record<string, unknown>;
    pagination?: Record<string, unknown>;
  } = {},
) {
  return {
    metadata: {
      apiVersion: "2024-01-01",
      endpointPrefix: "tiny",
      protocol: "rest-json",
      serviceId: "Tiny",
      signingName: "tiny",
      uid: "tiny-2024-01-01",
    },
    operations: overrides.operations ?? {
      GetThing: {
        name: "GetThing",
        http: { method: "GET", requestUri: "/things/{Id}" },
        input: { shape: "GetThingRequest" },
        output: { shape: "GetThingResponse" },
        errors: [{ shape: "NotFound" }],
      },
    },
    shapes: overrides.shapes ?? {
      GetThingRequest: {
        type: "structure",
        required: ["Id"],
        members: { Id: { shape: "Id", location: "uri", locationName: "Id" } },
      },
      GetThingResponse: { type: "structure", members: { Name: { shape: "Id" } } },
      Id: { type: "string", min: 1, max: 10 },
      NotFound: {
        type: "structure",
        members: { message: { shape: "Id" } },
        error: { httpStatusCode: 404 },
        exception: true,
      },
    },
    ...(overrides.pagination ? { pagination: overrides.pagination } : {}),
  };
}
