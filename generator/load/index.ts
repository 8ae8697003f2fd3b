// Finds the model(s) behind a path and loads each into one botocore-form document:
// { metadata, operations, shapes, pagination?, waiters? } plus a source map for messages.
import path from "node:path";
import { existsSync, statSync, readdirSync } from "node:fs";
import { ModelError, type Finding } from "../diagnostics.js";
import { loadWithRefs, SourceMap } from "./refs.js";

export interface RawModel {
  readonly document: Record<string, unknown>;
  readonly sources: SourceMap;
  /** The folder the model was read from (references may not leave it). */
  readonly root: string;
  /** The files read, relative to root. */
  readonly files: readonly string[];
  /** Folder name suggested by the location (our model folders), when there is one. */
  readonly folderName: string | undefined;
}

const ROOT_FILES = ["service.json", "service.yaml", "service.yml"];

/** A botocore API version folder name: `2012-08-10`, sometimes with a suffix. */
const VERSION_FOLDER = /^\d{4}-\d{2}-\d{2}/;

export interface LoadOptions {
  /** In botocore's `<service>/<version>/` layout, load every version, not just the newest. */
  readonly allVersions?: boolean;
}

export interface LoadResult {
  readonly models: RawModel[];
  /** Problems of models that could not be loaded; the others are loaded regardless. */
  readonly findings: Finding[];
}

/** A model folder of ours, a botocore version folder, a single file, or a folder of model folders. */
export async function loadModels(input: string, options: LoadOptions = {}): Promise<RawModel[]> {
  const { models, findings } = await loadModelsCollecting(input, options);
  if (findings.length > 0) throw new ModelError(findings);
  return models;
}

/** Like loadModels, but a model that fails to load does not stop the others from loading. */
export async function loadModelsCollecting(input: string, options: LoadOptions = {}): Promise<LoadResult> {
  const abs = path.resolve(input);
  if (!existsSync(abs)) return { models: [], findings: [{ file: input, pointer: "", message: "no such file or folder" }] };
  const findings: Finding[] = [];
  const models: RawModel[] = [];
  const attempt = async (load: () => Promise<RawModel | RawModel[] | undefined>): Promise<void> => {
    try {
      const m = await load();
      if (Array.isArray(m)) models.push(...m);
      else if (m) models.push(m);
    } catch (err) {
      if (err instanceof ModelError) findings.push(...err.findings);
      else throw err;
    }
  };
  if (statSync(abs).isFile()) {
    // A lone botocore service-2.json brings its paginators, waiters and endpoint rules along.
    await attempt(() =>
      path.basename(abs) === "service-2.json" ? loadBotocore(path.dirname(abs)) : loadFile(abs, path.dirname(abs), undefined),
    );
    return { models, findings };
  }
  if (isModelFolder(abs)) {
    await attempt(() => loadFolder(abs));
    return { models, findings };
  }
  const versions = versionFolders(abs);
  if (versions.length > 0) {
    await attempt(() => loadVersions(abs, versions, options));
    return { models, findings };
  }
  for (const child of subfolders(abs)) {
    const dir = path.join(abs, child);
    if (isModelFolder(dir)) await attempt(() => loadFolder(dir));
    else {
      const childVersions = versionFolders(dir);
      if (childVersions.length > 0) await attempt(() => loadVersions(dir, childVersions, options));
    }
  }
  if (models.length === 0 && findings.length === 0) {
    findings.push({
      file: input,
      pointer: "",
      message: `no model here: expected ${ROOT_FILES.join(" or ")}, a botocore service-2.json, or folders holding one`,
    });
  }
  return { models, findings };
}

function subfolders(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && !d.name.startsWith("."))
    .map((d) => d.name)
    .sort();
}

function isModelFolder(dir: string): boolean {
  return [...ROOT_FILES, "service-2.json"].some((name) => existsSync(path.join(dir, name)));
}

/** The version folders (`2012-08-10/service-2.json`) of a botocore service folder, newest first. */
export function versionFolders(dir: string): string[] {
  return subfolders(dir)
    .filter((name) => VERSION_FOLDER.test(name) && existsSync(path.join(dir, name, "service-2.json")))
    .sort()
    .reverse();
}

/**
 * The newest version of a botocore service folder, or every version (each in its own package,
 * named `<service>-<version>`, since they would otherwise share one).
 */
async function loadVersions(dir: string, versions: readonly string[], options: LoadOptions): Promise<RawModel[]> {
  if (!options.allVersions || versions.length === 1) return [await loadBotocore(path.join(dir, versions[0]!))];
  const out: RawModel[] = [];
  for (const v of versions) out.push({ ...(await loadBotocore(path.join(dir, v))), folderName: `${path.basename(dir)}-${v}` });
  return out;
}

async function loadFolder(dir: string): Promise<RawModel | undefined> {
  for (const name of ROOT_FILES) {
    const f = path.join(dir, name);
    if (existsSync(f)) return loadFile(f, dir, path.basename(dir));
  }
  const botocore = path.join(dir, "service-2.json");
  if (existsSync(botocore)) return loadBotocore(dir);
  return undefined;
}

async function loadFile(file: string, root: string, folderName: string | undefined): Promise<RawModel> {
  const loaded = await loadWithRefs(file, root);
  const rel = path.basename(file);
  if (loaded.document === null || typeof loaded.document !== "object" || Array.isArray(loaded.document)) {
    throw new ModelError([{ file: rel, pointer: "", message: "a model must be an object with metadata, operations and shapes" }]);
  }
  return {
    document: loaded.document as Record<string, unknown>,
    sources: loaded.sources,
    root,
    files: loaded.files,
    folderName,
  };
}

/**
 * botocore's layout: service-2.json with paginators-1.json, waiters-2.json and the endpoint rule
 * set and its tests beside it. The merged document holds them as `pagination`, `waiters`,
 * `endpointRuleSet` and `endpointTests`, the keys our own model folders use.
 */
async function loadBotocore(dir: string): Promise<RawModel> {
  const main = await loadFile(path.join(dir, "service-2.json"), dir, undefined);
  const document: Record<string, unknown> = { ...main.document };
  const files = [...main.files];
  for (const [file, key, inner] of [
    ["paginators-1.json", "pagination", "pagination"],
    ["waiters-2.json", "waiters", "waiters"],
    ["endpoint-rule-set-1.json", "endpointRuleSet", undefined],
    ["endpoint-tests-1.json", "endpointTests", "testCases"],
  ] as const) {
    const f = path.join(dir, file);
    if (!existsSync(f)) continue;
    const extra = await loadWithRefs(f, dir);
    const value = inner === undefined ? extra.document : (extra.document as Record<string, unknown> | null)?.[inner];
    if (value !== undefined) {
      document[key] = value;
      main.sources.set(`/${key}`, { file, pointer: inner === undefined ? "" : `/${inner}` });
      files.push(file);
    }
  }
  return { ...main, document, files: files.sort() };
}
