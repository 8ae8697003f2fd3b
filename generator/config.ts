// Package options of a generated package (its npm name, version, license, repository, author,
// and the protocol to prefer among those the model lists)
// and where they come from: flags first, then an `svcgen.config.json` beside the model, then one
// in the current folder. Nothing set means today's defaults (the name from the model, 0.0.0).
import path from "node:path";
import { existsSync, readFileSync, statSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { SUPPORTED_PROTOCOLS } from "./ir/protocol.js";

export const CONFIG_FILE = "svcgen.config.json";

export interface PackageOptions {
  /** npm name, scoped or not (`@acme/iot`); the unscoped part names the output folder. */
  readonly packageName?: string;
  readonly packageVersion?: string;
  readonly license?: string;
  readonly repository?: string;
  readonly author?: string;
  /**
   * The wire protocol to use when the model lists it among its `protocols` (e.g.
   * `smithy-rpc-v2-cbor` for a service that lists it beside `json`); a model that does not list
   * it keeps its default, with a note.
   */
  readonly protocol?: string;
}

/** What emitters are handed: every option resolved, plus the folder the package is written to. */
export interface ResolvedPackageOptions extends PackageOptions {
  /** The folder under `--out`: the unscoped part of the package name. */
  readonly folder: string;
}

export const PACKAGE_OPTION_KEYS = ["packageName", "packageVersion", "license", "repository", "author", "protocol"] as const;

/** The installed svcgen's own folder (the repo root, or `dist/` of a packed install). */
export const PACKAGE_ROOT: string = fileURLToPath(new URL("../", import.meta.url));

/** The model that ships with svcgen, used when `--model` is not given. */
export const EMBEDDED_MODEL: string = path.join(PACKAGE_ROOT, "model");

/** A package option or config problem: the CLI reports it as a usage error. */
export class ConfigError extends Error {
  override readonly name = "ConfigError";
}

const NPM_NAME = /^(?:@([a-z0-9][a-z0-9._-]*)\/)?([a-z0-9][a-z0-9._-]*)$/;
const SEMVER = /^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/;

/** Checks one set of options; `where` names their source in messages. */
export function validatePackageOptions(options: PackageOptions, where: string): PackageOptions {
  const name = options.packageName;
  if (name !== undefined && (!NPM_NAME.test(name) || name.length > 214 || name.includes(".."))) {
    throw new ConfigError(`${where}: package name ${JSON.stringify(name)} is not a valid npm name (lower case, optionally @scope/name)`);
  }
  if (options.packageVersion !== undefined && !SEMVER.test(options.packageVersion)) {
    throw new ConfigError(`${where}: package version ${JSON.stringify(options.packageVersion)} is not a semantic version (like 1.2.3)`);
  }
  if (options.protocol !== undefined && !SUPPORTED_PROTOCOLS.has(options.protocol)) {
    throw new ConfigError(
      `${where}: protocol ${JSON.stringify(options.protocol)} is not one svcgen generates (${[...SUPPORTED_PROTOCOLS].join(", ")})`,
    );
  }
  for (const key of ["license", "repository", "author"] as const) {
    const v = options[key];
    if (v !== undefined && (v === "" || /[\u0000-\u001f]/.test(v)))
      throw new ConfigError(`${where}: ${key} must be a non-empty single line`);
  }
  return options;
}

/** Reads `svcgen.config.json` in `dir`, if there is one. */
export function readConfig(dir: string): PackageOptions | undefined {
  const file = path.join(dir, CONFIG_FILE);
  if (!existsSync(file)) return undefined;
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, "utf8"));
  } catch (err) {
    throw new ConfigError(`${file}: not valid JSON (${(err as Error).message})`);
  }
  if (data === null || typeof data !== "object" || Array.isArray(data)) throw new ConfigError(`${file}: must be a JSON object`);
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(data)) {
    if (key === "$schema" || key === "//") continue;
    if (!(PACKAGE_OPTION_KEYS as readonly string[]).includes(key)) {
      throw new ConfigError(`${file}: unknown key "${key}" (known: ${PACKAGE_OPTION_KEYS.join(", ")})`);
    }
    if (typeof value !== "string") throw new ConfigError(`${file}: "${key}" must be a string`);
    out[key] = value;
  }
  return validatePackageOptions(out, file);
}

/** The folder whose `svcgen.config.json` applies to a model read from `modelPath`. */
export function configDirOf(modelPath: string): string {
  const abs = path.resolve(modelPath);
  return existsSync(abs) && statSync(abs).isFile() ? path.dirname(abs) : abs;
}

/** Later layers win, key by key; undefined never overrides. */
export function mergePackageOptions(...layers: ReadonlyArray<PackageOptions | undefined>): PackageOptions {
  const out: Record<string, string> = {};
  for (const layer of layers) {
    if (!layer) continue;
    for (const key of PACKAGE_OPTION_KEYS) {
      const v = layer[key];
      if (v !== undefined) out[key] = v;
    }
  }
  return out;
}

/** The folder a package name is written to: the part after the scope. */
export function folderOf(packageName: string): string {
  return packageName.startsWith("@") ? packageName.slice(packageName.indexOf("/") + 1) : packageName;
}
