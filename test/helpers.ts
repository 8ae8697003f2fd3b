// Shared test helpers: paths, temporary folders, running the CLI and the TypeScript compiler.
import { spawnSync } from "node:child_process";
import { mkdtempSync, mkdirSync, writeFileSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

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

/** Type-checks a generated package with its own strict tsconfig; returns the compiler's output. */
export function typecheck(pkgDir: string): { ok: boolean; output: string } {
  const tsc = path.join(ROOT, "node_modules", "typescript", "bin", "tsc");
  const r = spawnSync(process.execPath, [tsc, "-p", path.join(pkgDir, "tsconfig.json"), "--noEmit"], { encoding: "utf8", timeout: 300_000 });
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

/** A minimal valid rest-json model, to be varied by tests. */
export function tinyModel(overrides: { operations?: Record<string, unknown>; shapes?: Record<string, unknown>; pagination?: Record<string, unknown> } = {}) {
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
      NotFound: { type: "structure", members: { message: { shape: "Id" } }, error: { httpStatusCode: 404 }, exception: true },
    },
    ...(overrides.pagination ? { pagination: overrides.pagination } : {}),
  };
}
