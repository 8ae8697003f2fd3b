// Finds the model(s) behind a path and loads each into one botocore-form document:
// { metadata, operations, shapes, pagination?, waiters? } plus a source map for messages.
import path from "node:path";
import { existsSync, statSync, readdirSync } from "node:fs";
import { ModelError } from "../diagnostics.js";
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

/** A model folder of ours, a botocore version folder, a single file, or a folder of model folders. */
export async function loadModels(input: string): Promise<RawModel[]> {
  const abs = path.resolve(input);
  if (!existsSync(abs)) throw new ModelError([{ file: input, pointer: "", message: "no such file or folder" }]);
  if (statSync(abs).isFile()) return [await loadFile(abs, path.dirname(abs), undefined)];
  const single = await loadFolder(abs);
  if (single) return [single];
  const children = readdirSync(abs, { withFileTypes: true })
    .filter((d) => d.isDirectory() && !d.name.startsWith("."))
    .map((d) => d.name)
    .sort();
  const models: RawModel[] = [];
  for (const child of children) {
    const m = await loadFolder(path.join(abs, child));
    if (m) models.push(m);
  }
  if (models.length === 0) {
    throw new ModelError([
      { file: input, pointer: "", message: `no model here: expected ${ROOT_FILES.join(" or ")}, a botocore service-2.json, or folders holding one` },
    ]);
  }
  return models;
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
  return { document: loaded.document as Record<string, unknown>, sources: loaded.sources, root, files: loaded.files, folderName };
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
