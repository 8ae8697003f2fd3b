// The regeneration cache: a run whose inputs and outputs are exactly those of the last run that
// wrote them skips everything (loading the emitters and prettier included) and leaves the output as
// it is. Inputs are every file under the model path, the config in the current folder, the
// options, and the generator itself: every file of its own folder (source, runtime, data), its
// package.json and the installed version of each dependency. Outputs are the files the last run
// wrote, read back and hashed, so a hand edit or a deleted file regenerates too. The stamp lives
// in `<out>/.svcgen-cache/`, one small file per model path and option set; `--check` and
// `--bump` never use it.
import { createHash } from "node:crypto";
import { existsSync, lstatSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { CONFIG_FILE, PACKAGE_ROOT, type PackageOptions } from "./config.js";

export const CACHE_DIR = ".svcgen-cache";
const STAMP_VERSION = 1;
/** Past these the model is not cached (hashing it would cost a fair part of generating it). */
const MAX_FILES = 20_000;
const MAX_BYTES = 256 * 1024 * 1024;

export interface CacheInputs {
  readonly model: string;
  readonly configDir: string;
  readonly format: boolean;
  readonly allVersions: boolean;
  readonly packageOptions: PackageOptions;
}

export interface Stamp {
  readonly version: number;
  readonly key: string;
  /** Lines the run printed on stderr (notes about the model), replayed on a hit. */
  readonly notes: readonly string[];
  readonly packages: ReadonlyArray<{ readonly folder: string; readonly files: readonly string[]; readonly hash: string }>;
}

const sha256 = (data: string | Buffer): string => createHash("sha256").update(data).digest("hex");

/**
 * Adds every regular file under `dir` (relative path and content hash) to `hash`, in sorted
 * order. Links are followed to files, never into folders (no cycles); pipes and devices are
 * skipped unread. False when the folder is past the limits.
 */
function hashTree(hash: ReturnType<typeof createHash>, dir: string, budget: { files: number; bytes: number }, prefix = ""): boolean {
  let entries: string[];
  try {
    entries = readdirSync(path.join(dir, prefix)).sort();
  } catch {
    return false;
  }
  for (const name of entries) {
    const rel = prefix ? `${prefix}/${name}` : name;
    const abs = path.join(dir, rel);
    const link = lstatSync(abs);
    if (link.isDirectory()) {
      if (!hashTree(hash, dir, budget, rel)) return false;
      continue;
    }
    let info;
    try {
      info = link.isSymbolicLink() ? statSync(abs) : link;
    } catch {
      hash.update(`dangling ${rel}\0`);
      continue;
    }
    if (!info.isFile()) continue;
    if (--budget.files < 0 || (budget.bytes -= info.size) < 0) return false;
    hash.update(`file ${rel}\0${sha256(readFileSync(abs))}\0`);
  }
  return true;
}

/** The folder of the running generator (generator/ from source, dist/generator/ when built). */
const GENERATOR_DIR = path.dirname(fileURLToPath(import.meta.url));

/** The installed package.json of a dependency, searched from the generator's folder upwards. */
function installedManifest(name: string): string {
  for (let dir = GENERATOR_DIR; ; dir = path.dirname(dir)) {
    const file = path.join(dir, "node_modules", name, "package.json");
    if (existsSync(file)) return readFileSync(file, "utf8");
    if (path.dirname(dir) === dir) return "absent";
  }
}

let generatorHash: string | undefined;

/** Everything about the generator that shapes its output. */
function generatorFingerprint(): string | undefined {
  if (generatorHash !== undefined) return generatorHash;
  const hash = createHash("sha256");
  if (!hashTree(hash, GENERATOR_DIR, { files: MAX_FILES, bytes: MAX_BYTES })) return undefined;
  const pkg = readFileSync(path.join(PACKAGE_ROOT, "package.json"), "utf8");
  hash.update(pkg);
  const deps = (JSON.parse(pkg) as { dependencies?: Record<string, string> }).dependencies ?? {};
  for (const name of Object.keys(deps).sort()) {
    const manifest = installedManifest(name);
    let version = manifest;
    try {
      version = String((JSON.parse(manifest) as { version?: unknown }).version);
    } catch {
      // an unreadable manifest is hashed as it is
    }
    hash.update(`dep ${name}@${version}\0`);
  }
  return (generatorHash = hash.digest("hex"));
}

/** The key of a run, or undefined when it cannot be cached (the model folder is too large to hash). */
export function cacheKey(inputs: CacheInputs): string | undefined {
  const generator = generatorFingerprint();
  if (generator === undefined) return undefined;
  const hash = createHash("sha256");
  hash.update(`svcgen-cache ${STAMP_VERSION}\0${generator}\0`);
  const { model, configDir, format, allVersions, packageOptions } = inputs;
  const options = Object.fromEntries(Object.entries(packageOptions).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  hash.update(JSON.stringify({ model, format, allVersions, options }) + "\0");
  const shared = path.join(configDir, CONFIG_FILE);
  hash.update(`config\0${existsSync(shared) ? sha256(readFileSync(shared)) : "none"}\0`);
  let isFile: boolean;
  try {
    isFile = statSync(model).isFile();
  } catch {
    return undefined;
  }
  // A lone file is read with its folder as root: references and sibling files come from there.
  if (isFile) hash.update(`file ${path.basename(model)}\0`);
  if (!hashTree(hash, isFile ? path.dirname(model) : model, { files: MAX_FILES, bytes: MAX_BYTES })) return undefined;
  return hash.digest("hex");
}

/** One stamp per model path and option set, so runs over different models into one folder each keep theirs. */
function stampFile(out: string, inputs: CacheInputs): string {
  const { model, format, allVersions, packageOptions } = inputs;
  const id = sha256(JSON.stringify({ model, format, allVersions, packageOptions })).slice(0, 16);
  return path.join(out, CACHE_DIR, `${id}.json`);
}

/** The hash of a package's files as they are on disk; undefined when one is missing or unreadable. */
function outputHash(dir: string, files: readonly string[]): string | undefined {
  const hash = createHash("sha256");
  for (const rel of files) {
    let content: Buffer;
    try {
      const info = lstatSync(path.join(dir, rel));
      if (!info.isFile()) return undefined;
      content = readFileSync(path.join(dir, rel));
    } catch {
      return undefined;
    }
    hash.update(`${rel}\0${sha256(content)}\0`);
  }
  return hash.digest("hex");
}

function isStamp(value: unknown): value is Stamp {
  if (value === null || typeof value !== "object") return false;
  const s = value as Record<string, unknown>;
  return (
    s.version === STAMP_VERSION &&
    typeof s.key === "string" &&
    Array.isArray(s.notes) &&
    s.notes.every((n) => typeof n === "string") &&
    Array.isArray(s.packages) &&
    s.packages.every((p: unknown) => {
      const q = p as Record<string, unknown> | null;
      return (
        q !== null &&
        typeof q === "object" &&
        typeof q.folder === "string" &&
        typeof q.hash === "string" &&
        Array.isArray(q.files) &&
        q.files.every((f) => typeof f === "string")
      );
    })
  );
}

/** The stamp of the last run with these inputs when the output is still exactly what it wrote. */
export function freshStamp(out: string, inputs: CacheInputs, key: string): Stamp | undefined {
  let stamp: unknown;
  try {
    stamp = JSON.parse(readFileSync(stampFile(out, inputs), "utf8"));
  } catch {
    return undefined;
  }
  if (!isStamp(stamp) || stamp.key !== key || stamp.packages.length === 0) return undefined;
  for (const pkg of stamp.packages) {
    const dir = path.resolve(out, pkg.folder);
    if (path.dirname(dir) !== path.resolve(out)) return undefined;
    if (outputHash(dir, pkg.files) !== pkg.hash) return undefined;
  }
  return stamp;
}

/** Forgets the stamp before a run writes, so a run that dies midway leaves none behind. */
export function dropStamp(out: string, inputs: CacheInputs): void {
  rmSync(stampFile(out, inputs), { force: true });
}

/** Records what a run wrote (each package's files as planned, plus its manifest), written atomically. */
export function writeStamp(
  out: string,
  inputs: CacheInputs,
  key: string,
  notes: readonly string[],
  packages: ReadonlyArray<{ readonly folder: string; readonly files: readonly string[] }>,
): void {
  const recorded = [];
  for (const { folder, files } of packages) {
    const sorted = [...files].sort();
    const hash = outputHash(path.join(out, folder), sorted);
    if (hash === undefined) return;
    recorded.push({ folder, files: sorted, hash });
  }
  const stamp: Stamp = { version: STAMP_VERSION, key, notes, packages: recorded };
  const file = stampFile(out, inputs);
  mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(stamp) + "\n");
  renameSync(tmp, file);
}
